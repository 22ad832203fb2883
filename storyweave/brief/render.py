"""Render briefs as JSON (the public contract), Markdown (terminal and files) and standalone HTML."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources

from jinja2 import Environment, select_autoescape

from storyweave.brief.framing import Segment, framing_table, key_entities
from storyweave.model import Brief, Claim, Conflict

# Claim groups in the order a reader wants them: what is agreed, what is disputed, what one outlet says.
CLAIM_GROUPS: tuple[tuple[str, str], ...] = (
    ("corroborated", "Agreed across outlets"),
    ("conflicting", "Disputed"),
    # Copies of one report (shared passages, syndicated duplicates) are one source, so a claim here may
    # cite several articles.
    ("single_source", "From one source (copies of one report count once)"),
)
PRECISION_LABEL = {"day": "", "month": "month", "quarter": "quarter", "year": "year"}

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


def claims_by_status(brief: Brief) -> list[tuple[str, str, list[Claim]]]:
    """(status, heading, claims) for each status that has claims, in CLAIM_GROUPS order; claims with an
    unknown status come last under their own name so nothing is dropped."""
    groups = []
    known = {status for status, _ in CLAIM_GROUPS}
    for status, label in CLAIM_GROUPS:
        members = [c for c in brief.claims if c.status == status]
        if members:
            groups.append((status, label, members))
    for status in dict.fromkeys(c.status for c in brief.claims if c.status not in known):
        groups.append((status, status, [c for c in brief.claims if c.status == status]))
    return groups


WITHIN_ONE_ARTICLE = "within one article, which cites two sources"


def within_one_article(conflict: Conflict) -> bool:
    """All the disagreeing values come from one article (it quotes two sources that disagree): no
    disagreement between outlets, and the brief says so."""
    return len({a for v in conflict.values for a in v.articles}) == 1


def entity_names(brief: Brief) -> dict[str, str]:
    return {e.id: e.name for e in brief.entities}


def claim_texts(brief: Brief) -> dict[str, str]:
    return {c.id: c.text for c in brief.claims}


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
            lines.append(f"- {_md(sentence.text)} {_cites(sentence.sources, numbers)}")
    else:
        lines.append("_No sentence of these articles could be summarised._")
    if brief.timeline:
        lines += ["", "## Timeline", ""]
        for event in brief.timeline:
            label = PRECISION_LABEL.get(event.precision, event.precision)
            when = f"**{_md(event.date)}**" + (f" ({label})" if label else "")
            lines.append(f"- {when} — {_md(event.text)} {_cites(event.articles, numbers)}")
    if brief.conflicts:
        lines += ["", "## Where outlets disagree", ""]
        for conflict in brief.conflicts:
            note = f" ({WITHIN_ONE_ARTICLE})" if within_one_article(conflict) else ""
            lines.append(f"- **{_md(conflict.about)}**{note}")
            for v in conflict.values:
                lines.append(f"  - {_md(v.value)} {_cites(v.articles, numbers)}: “{_md(v.text)}”")
    if brief.claims:
        lines += ["", "## Claims", ""]
        for _, label, claims in claims_by_status(brief):
            lines += [f"### {_md(label)}", ""]
            for claim in claims:
                lines.append(f"- {_md(claim.text)} {_cites(claim.sources, numbers)}")
                for variant in claim.variants:
                    lines.append(f"  - [{numbers.get(variant.article, '?')}] “{_md(variant.text)}”")
            lines.append("")
        lines.pop()
    if brief.quotes:
        names = entity_names(brief)
        lines += ["", "## Who said what", ""]
        for quote in brief.quotes:
            speaker = quote.speaker or names.get(quote.entity or "") or "unattributed"
            lines.append(f"- **{_md(speaker)}**: “{_md(quote.text)}” {_cites(quote.articles, numbers)}")
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
    if brief.coverage:
        texts = claim_texts(brief)
        outlets = {a.id: a.outlet or a.id for a in brief.articles}
        lines += ["", "## What each article adds or leaves out", ""]
        lines += ["| article | only here | leaves out |", "|---|---|---|"]
        for row in brief.coverage:
            # Clipped: the table says which claims, the Claims section above gives them in full.
            only = "; ".join(_cell(_clip(texts.get(c, c), 70)) for c in row.unique_claims) or "—"
            left = "; ".join(_cell(_clip(texts.get(c, c), 70)) for c in row.missing_claims) or "—"
            who = _cell(outlets.get(row.article, row.article))
            lines.append(f"| [{numbers.get(row.article, '?')}] {who} | {only} | {left} |")
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
        if article.language:
            parts.append(f"· {_md(article.language)}")
        if article.url and _safe_url(article.url):
            parts.append(f"<{article.url}>")
        if article.duplicate_of:
            parts.append(f"_duplicate of [{numbers.get(article.duplicate_of, '?')}]_")
        lines.append("- " + " ".join(parts))
    return "\n".join(lines) + "\n"


def _safe_url(url: str) -> bool:
    return url.lower().startswith(("http://", "https://")) and not any(c in url for c in " <>\"'`")


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
        outlets_of=lambda brief: {a.id: a.outlet or a.id for a in brief.articles},
        claims_by_status=claims_by_status,
        within_one_article=within_one_article,
        within_one_article_note=WITHIN_ONE_ARTICLE,
        entity_names=entity_names,
        claim_texts=claim_texts,
        precision_label=PRECISION_LABEL,
        safe_url=_safe_url,
        cites=_cites,
    )
