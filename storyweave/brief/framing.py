"""Who is who in a story and how each outlet describes them: the data behind the framing table.

Pure functions over a Brief; the renderers lay the result out. Evaluative words ("authoritarian",
"embattled") are marked as segments so that each renderer can emphasise them in its own way.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyweave.model import Brief, Entity
from storyweave.resolve.descriptors import evaluative_spans

# The "who is who" list stops here; a story can mention hundreds of names, a reader scans a dozen.
MAX_ENTITIES = 15


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    evaluative: bool


@dataclass(frozen=True, slots=True)
class OutletFraming:
    outlet: str
    articles: tuple[str, ...]
    descriptors: tuple[tuple[Segment, ...], ...]


@dataclass(frozen=True, slots=True)
class EntityFraming:
    entity: Entity
    outlets: tuple[OutletFraming, ...]


def key_entities(brief: Brief, limit: int = MAX_ENTITIES) -> list[Entity]:
    """The entities most articles mention, ties broken by how many descriptors and aliases they have."""
    ranked = sorted(
        brief.entities, key=lambda e: (-len(e.articles), -len(e.descriptors), -len(e.aliases), e.name)
    )
    return ranked[:limit]


def segments(descriptor: str) -> tuple[Segment, ...]:
    """`descriptor` cut into plain and evaluative pieces, in order; joined they give it back exactly."""
    pieces: list[Segment] = []
    at = 0
    for start, end in evaluative_spans(descriptor):
        if start > at:
            pieces.append(Segment(descriptor[at:start], False))
        pieces.append(Segment(descriptor[start:end], True))
        at = end
    if at < len(descriptor):
        pieces.append(Segment(descriptor[at:], False))
    return tuple(pieces)


def framing_table(brief: Brief, limit: int = MAX_ENTITIES) -> list[EntityFraming]:
    """Per entity that any outlet describes: each outlet's distinct descriptors, in article order."""
    outlet_of = {a.id: a.outlet or a.id for a in brief.articles}
    table: list[EntityFraming] = []
    for entity in key_entities(brief, limit):
        by_outlet: dict[str, tuple[list[str], list[str]]] = {}
        for descriptor in entity.descriptors:
            outlet = outlet_of.get(descriptor.article, descriptor.article)
            articles, texts = by_outlet.setdefault(outlet, ([], []))
            if descriptor.article not in articles:
                articles.append(descriptor.article)
            if descriptor.text.lower() not in (t.lower() for t in texts):
                texts.append(descriptor.text)
        if by_outlet:
            rows = tuple(
                OutletFraming(outlet, tuple(articles), tuple(segments(t) for t in texts))
                for outlet, (articles, texts) in by_outlet.items()
            )
            table.append(EntityFraming(entity, rows))
    return table
