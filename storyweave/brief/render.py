"""Render briefs as JSON (the public contract), Markdown (terminal and files) and standalone HTML."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources

from jinja2 import Environment, select_autoescape

from storyweave.brief.framing import Segment, framing_table, key_entities
from storyweave.model import Brief

FORMATS = ("md", "json", "html")


def render(briefs: Sequence[Brief], fmt: str) -> str:
    if fmt == "json":
        return render_json(briefs)
    if fmt == "md":
        return render_markdown(briefs)
    if fmt == "html":
        return render_html(briefs)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def render_json(briefs: Sequence[Brief]) -> str:
    return json.dumps({"stories": [b.to_dict() for b in briefs]}, ensure_ascii=False, indent=2) + "\n"


def citation_numbers(brief: Brief) -> dict[str, int]:
    """Each article's citation number, [1]..[n], in the order the brief lists its articles."""
    return {a.id: n for n, a in enumerate(brief.articles, start=1)}


def render_markdown(briefs: Sequence[Brief]) -> str:
    if not briefs:
        return "No stories found.\n"
    return "\n---\n\n".join(_markdown_one(b) for b in briefs)


def _markdown_one(brief: Brief) -> str:
    numbers = citation_numbers(brief)
    story = brief.story
    span = " – ".join(dict.fromkeys(d for d in (story.first_published, story.last_published) if d))
    lines = [
        f"# {_md(story.title or story.id)}",
        "",
        f"{story.article_count} article(s) from {story.outlet_count} outlet(s)"
        + (f" · {span}" if span else "")
        + f" · story `{story.id}`",
        "",
        "## What happened",
        "",
    ]
    if brief.summary:
        for sentence in brief.summary:
            cites = "".join(f"[{numbers[a]}]" for a in sentence.sources if a in numbers)
            lines.append(f"- {_md(sentence.text)} {cites}")
    else:
        lines.append("_No sentence of these articles could be summarised._")
    if brief.conflicts:
        lines += ["", "## Where outlets disagree", ""]
        for conflict in brief.conflicts:
            values = "; ".join(
                f"{_md(v.value)} " + "".join(f"[{numbers[a]}]" for a in v.articles if a in numbers)
                for v in conflict.values
            )
            lines.append(f"- {_md(conflict.about)}: {values}")
    entities = key_entities(brief)
    if entities:
        lines += ["", "## Who is who", ""]
        for entity in entities:
            others = [a for a in entity.aliases if a != entity.name]
            aka = f" — also {', '.join(_md(a) for a in others)}" if others else ""
            cites = _cites(entity.articles, numbers)
            lines.append(f"- **{_md(entity.name)}** ({entity.type.lower()}){aka} {cites}")
    framing = framing_table(brief)
    if framing:
        lines += ["", "## How outlets describe them", "", "Evaluative words in **bold**.", ""]
        lines += ["| who | outlet | described as |", "|---|---|---|"]
        for row in framing:
            for outlet in row.outlets:
                cites = _cites(outlet.articles, numbers)
                described = "; ".join(_md_segments(d) for d in outlet.descriptors)
                lines.append(f"| {_cell(row.entity.name)} | {_cell(outlet.outlet)} {cites} | {described} |")
    if brief.shared_passages:
        lines += ["", "## Copied passages", ""]
        for passage in brief.shared_passages:
            pair = " → ".join(f"[{numbers.get(a, '?')}]" for a in passage.articles)
            lines.append(f"- {pair} ({passage.similarity:.2f}): “{_md(_clip(passage.text, 160))}”")
    lines += ["", "## Sources", ""]
    for article in brief.articles:
        parts = [f"[{numbers[article.id]}]", _md(article.outlet or article.id)]
        if article.title:
            parts.append(f"— {_md(article.title)}")
        if article.published:
            parts.append(f"({article.published})")
        if article.url:
            parts.append(f"<{article.url}>")
        if article.duplicate_of:
            parts.append(f"_duplicate of [{numbers.get(article.duplicate_of, '?')}]_")
        lines.append("- " + " ".join(parts))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    # Article text is data: keep it from being read as Markdown structure or HTML.
    return (
        " ".join(text.split())
        .replace("\\", "\\\\")
        .replace("<", "&lt;")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("[", "\\[")
        .replace("`", "\\`")
    )


def _cites(article_ids: Sequence[str], numbers: dict[str, int]) -> str:
    return "".join(f"[{n}]" for n in sorted({numbers[a] for a in article_ids if a in numbers}))


def _cell(text: str) -> str:
    """Markdown-escaped text that cannot end a table cell."""
    return _md(text).replace("|", "\\|")


def _md_segments(pieces: tuple[Segment, ...]) -> str:
    out = []
    for piece in pieces:
        # _md collapses the ends of a piece; the space between pieces must survive.
        lead = " " if piece.text[:1].isspace() else ""
        tail = " " if piece.text[-1:].isspace() and piece.text.strip() else ""
        text = lead + _cell(piece.text) + tail
        out.append(f"**{text}**" if piece.evaluative and text else text)
    return "".join(out)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_html(briefs: Sequence[Brief]) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = env.from_string(
        resources.files("storyweave.brief").joinpath("templates/brief.html").read_text(encoding="utf-8")
    )
    return template.render(
        briefs=[(b, citation_numbers(b), key_entities(b), framing_table(b)) for b in briefs],
    )
