"""What the templates show, built from briefs and articles: grouping, ordering, paging and highlighting.

Pure presentation: nothing here decides what a story, claim or passage is; it arranges what the brief
and the store already hold. Text stays plain strings; escaping is the templates' job (autoescape on).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any

from storyweave.brief.framing import framing_table, key_entities
from storyweave.brief.render import citation_numbers
from storyweave.errors import NotFound
from storyweave.model import Article, Brief, SharedPassage
from storyweave.store import Store
from storyweave.store.web_queries import HIT_END, HIT_START

STATUS_ORDER = ("corroborated", "conflicting", "single_source")
STATUS_LABELS = {
    "corroborated": "Corroborated",
    "conflicting": "Conflicting",
    "single_source": "Single source",
}
_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r"\S+\s*")


@dataclass(slots=True)
class Segment:
    text: str
    mark: bool = False
    stories: list[tuple[str, str | None, int]] = field(default_factory=list)  # (story id, title, sentence)
    anchor: str | None = None


@dataclass(slots=True)
class Pager:
    page: int
    pages: int
    total: int

    @property
    def prev(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def pager(page: int, size: int, total: int) -> Pager:
    return Pager(page=page, pages=max(1, math.ceil(total / size)) if size else 1, total=total)


def hit_segments(snippet: str) -> list[Segment]:
    """An FTS snippet with HIT_START/HIT_END markers -> plain and highlighted pieces."""
    out: list[Segment] = []
    for n, piece in enumerate(re.split(f"[{HIT_START}{HIT_END}]", snippet)):
        if piece:
            out.append(Segment(piece, mark=n % 2 == 1))
    return out


def story_view(brief: Brief, store: Store, articles_page: int, articles_page_size: int) -> dict[str, Any]:
    numbers = citation_numbers(brief)
    loaded: dict[str, Article | None] = {}  # articles read for copied passages, each once per page
    by_id = {a.id: a for a in brief.articles}
    claims = {c.id: c for c in brief.claims}
    grouped = [
        (status, STATUS_LABELS[status], [c for c in brief.claims if c.status == status])
        for status in STATUS_ORDER
    ]
    grouped += [(s, s, [c for c in brief.claims if c.status == s]) for s in _other_statuses(brief)]
    coverage: dict[str, list[dict[str, Any]]] = {}
    for row in brief.coverage:
        art = by_id.get(row.article)
        outlet = (art.outlet if art else None) or "(no outlet)"
        coverage.setdefault(outlet, []).append(
            {
                "article": row.article,
                "unique": [claims[c].text if c in claims else c for c in row.unique_claims],
                "missing": [claims[c].text if c in claims else c for c in row.missing_claims],
            }
        )
    outlets: dict[str, int] = {}
    for art in brief.articles:
        key = art.outlet or "(no outlet)"
        outlets[key] = outlets.get(key, 0) + 1
    size = max(1, articles_page_size)
    pages = pager(articles_page, size, len(brief.articles))
    start = (articles_page - 1) * size
    return {
        "brief": brief,
        "numbers": numbers,
        "by_id": by_id,
        "claims_by_status": [g for g in grouped if g[2]],
        "entities": key_entities(brief, limit=len(brief.entities) or 1),
        "framing": framing_table(brief),
        "timeline": sorted(brief.timeline, key=lambda t: t.date),
        "shared": [shared_pair(p, store, loaded) for p in brief.shared_passages],
        "coverage": coverage,
        "outlets": sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0])),
        "sources": list(enumerate(brief.articles[start : start + size], start=start + 1)),
        "sources_pager": pages,
    }


def _other_statuses(brief: Brief) -> list[str]:
    return sorted({c.status for c in brief.claims} - set(STATUS_ORDER))


def shared_pair(
    passage: SharedPassage, store: Store, loaded: dict[str, Article | None] | None = None
) -> dict[str, Any]:
    """Each article's version of a shared passage, side by side, with the words that differ marked."""
    loaded = {} if loaded is None else loaded
    sides: list[tuple[str, str]] = []
    for article_id in passage.articles[:2]:
        if article_id not in loaded:
            try:
                loaded[article_id] = store.get_article(article_id)
            except NotFound:
                loaded[article_id] = None
        article = loaded[article_id]
        sides.append((article_id, passage.text if article is None else locate(passage.text, article)))
    while len(sides) < 2:
        sides.append(("", ""))
    left, right = word_diff(sides[0][1], sides[1][1])
    return {"passage": passage, "left": (sides[0][0], left), "right": (sides[1][0], right)}


def locate(text: str, article: Article) -> str:
    """The span of `article` that best matches `text`: exact when present, else the run of (up to three)
    consecutive sentences with the highest word overlap."""
    if text in article.text:
        return text
    target = set(_WORD.findall(text.lower()))
    sentences = article.sentences
    if not target or not sentences:
        return text
    best, best_score = text, 0.0
    for size in (1, 2, 3):
        for i in range(len(sentences) - size + 1):
            window = article.text[sentences[i].start : sentences[i + size - 1].end]
            words = set(_WORD.findall(window.lower()))
            score = len(words & target) / len(words | target) if words else 0.0
            if score > best_score:
                best, best_score = window, score
    return best


def word_diff(a: str, b: str) -> tuple[list[Segment], list[Segment]]:
    """Both texts as segments; words present in only one side are marked."""
    wa, wb = _TOKEN.findall(a), _TOKEN.findall(b)
    matcher = difflib.SequenceMatcher(None, [w.strip().lower() for w in wa], [w.strip().lower() for w in wb])
    left: list[Segment] = []
    right: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = op != "equal"
        if i2 > i1:
            left.append(Segment("".join(wa[i1:i2]), mark=changed))
        if j2 > j1:
            right.append(Segment("".join(wb[j1:j2]), mark=changed))
    return left, right


def article_segments(article: Article, briefs: list[Brief], focus: tuple[int, int] | None) -> list[Segment]:
    """The article's text cut at every passage that a stored brief cites, each linked to its stories.

    `focus` (start, end) is a passage to highlight and scroll to (anchor "passage")."""
    spans: dict[tuple[int, int], list[tuple[str, str | None, int]]] = {}
    n = len(article.text)
    for brief in briefs:
        for number, sentence in enumerate(brief.summary):
            for support in sentence.support:
                if support.article == article.id and 0 <= support.start < support.end <= n:
                    spans.setdefault((support.start, support.end), []).append(
                        (brief.story.id, brief.story.title, number)
                    )
    start = end = -1
    if focus is not None and max(0, focus[0]) < min(n, focus[1]):
        start, end = max(0, focus[0]), min(n, focus[1])
        # The passage asked for wins over citations that overlap it.
        kept = spans.get((start, end), [])
        spans = {k: v for k, v in spans.items() if k[1] <= start or k[0] >= end}
        spans[(start, end)] = kept
    out: list[Segment] = []
    pos = 0
    for (s, e), stories in sorted(spans.items()):
        if s < pos:  # overlapping citations: the earlier one wins
            continue
        if s > pos:
            out.append(Segment(article.text[pos:s]))
        anchor = "passage" if (s, e) == (start, end) else f"p-{s}-{e}"
        out.append(Segment(article.text[s:e], mark=True, stories=stories, anchor=anchor))
        pos = e
    if pos < n:
        out.append(Segment(article.text[pos:]))
    return out


def safe_url(url: str | None) -> str | None:
    """The URL when it is plain http(s), else None: an article's `javascript:` URL is never a link."""
    if not url:
        return None
    lowered = url.strip().lower()
    if lowered.startswith(("http://", "https://")) and not any(c in url for c in "\x00\n\r\t <>\"'`"):
        return url.strip()
    return None
