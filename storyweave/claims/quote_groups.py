"""Quotes of a story: each article's quotes with speakers resolved to entities, then one entry per quote
carried by several outlets (trimmed, re-punctuated or split versions matched)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from storyweave.claims.config import ClaimSettings
from storyweave.claims.quotes import find_quotes
from storyweave.claims.text import fold, words
from storyweave.model import Article, Entity, Quote


@dataclass(frozen=True, slots=True)
class ArticleQuote:
    article: str
    speaker: str | None  # canonical name when resolved to an entity, else as written
    entity: str | None
    text: str


def _entity_for(
    name: str, start: int | None, end: int | None, article: Article, entities: Sequence[Entity]
) -> Entity | None:
    """The entity a speaker is: the mention that spans the speaker's words; else the entity this article
    describes with those words ("the Belarusian leader" said: the article, or else another outlet of the
    story, called Lukashenka "Belarusian leader"); else a name or alias, or a unique surname. A mention
    inside a longer speaker phrase is not the speaker ("the Belarusian president's office" is not
    "Belarusian")."""
    by_id = {e.id: e for e in entities}
    for m in article.mentions:
        if start is not None and m.start <= start and (end is None or end <= m.end) and m.entity_id in by_id:
            return by_id[m.entity_id]
    key = fold(name)
    bare = key.removeprefix("the ")
    for here in (True, False):  # this article's descriptors first, then the other outlets'
        described = {
            e.id: e
            for e in entities
            for d in e.descriptors
            if (d.article == article.id or not here) and fold(d.text) == bare
        }
        if len(described) == 1:
            return next(iter(described.values()))
    last = key.split()[-1] if key.split() else key
    people = [e for e in entities if e.type == "PERSON"] or list(entities)
    for e in people:
        forms = [fold(f) for f in (e.name, *e.aliases)]
        if key in forms:
            return e
    matches = [e for e in people if any(fold(f).split()[-1:] == [last] for f in (e.name, *e.aliases))]
    return matches[0] if len(matches) == 1 else None


def article_quotes(
    article: Article, entities: Sequence[Entity], settings: ClaimSettings | None = None
) -> list[ArticleQuote]:
    """The quotes of one article; the speaker is the resolved entity's name when there is one."""
    out = []
    for q in find_quotes(article.text, article.mentions, settings):
        entity = (
            _entity_for(q.speaker, q.speaker_start, q.speaker_end, article, entities) if q.speaker else None
        )
        speaker = entity.name if entity else q.speaker
        out.append(ArticleQuote(article.id, speaker, entity.id if entity else None, q.text))
    return out


def same_quote(a: str, b: str, threshold: float) -> bool:
    """Whether one quote is (a trimmed or re-punctuated form of) the other: the shorter one's words
    appear as a stretch of the longer one's."""
    wa, wb = " ".join(words(a)), " ".join(words(b))
    if not wa or not wb:
        return False
    short, long_ = sorted((wa, wb), key=len)
    if len(short.split()) < 3 and short != long_:
        return False
    return fuzz.partial_ratio(short, long_) >= threshold * 100


def _same_speaker(a: ArticleQuote, b: ArticleQuote) -> bool:
    if a.entity and b.entity:
        return a.entity == b.entity
    if a.speaker and b.speaker:
        return fuzz.ratio(fold(a.speaker).split()[-1], fold(b.speaker).split()[-1]) >= 80
    return True


def group_quotes(quotes: Sequence[ArticleQuote], settings: ClaimSettings | None = None) -> list[Quote]:
    """One Quote per distinct quote: matched texts with compatible speakers merge; the longest text is kept,
    and the speaker is the one most variants name."""
    s = settings or ClaimSettings()
    groups: list[list[ArticleQuote]] = []
    for q in quotes:
        for g in groups:
            if any(same_quote(q.text, o.text, s.quote_match) and _same_speaker(q, o) for o in g):
                g.append(q)
                break
        else:
            groups.append([q])
    out = []
    for g in groups:
        named = [q for q in g if q.speaker]
        best = max(named, key=lambda q: (q.entity is not None, sum(o.speaker == q.speaker for o in named)),
                   default=None)  # fmt: skip
        out.append(
            Quote(
                speaker=best.speaker if best else None,
                entity=best.entity if best else None,
                text=max((q.text for q in g), key=len),
                articles=list(dict.fromkeys(q.article for q in g)),
            )
        )
    return out
