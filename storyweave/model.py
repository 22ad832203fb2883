"""The one data model every stage reads and writes.

Articles flow through plain stage functions (ingest -> analyze -> dedup -> cluster -> ... -> brief);
each stage fills in more of these objects. Nothing here does I/O. Every object converts to and from
plain JSON-compatible dicts, and the Brief's dict is exactly the public contract in DESIGN.md.

All character offsets (`start`, `end`) index into `Article.text`, the article's cleaned text, so that
`article.text[start:end]` is always the cited passage.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any, Literal

ClaimStatus = Literal["corroborated", "single_source", "conflicting"]
DatePrecision = Literal["day", "month", "quarter", "year"]

_WS = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)


def normalize_for_identity(text: str) -> str:
    """Text reduced to what decides "the same article": case, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _NON_WORD.sub(" ", text)
    return _WS.sub(" ", text).strip()


def content_fingerprint(text: str) -> str:
    """Stable hash of the normalized text; two articles with the same fingerprint are one article."""
    return hashlib.sha256(normalize_for_identity(text).encode("utf-8")).hexdigest()[:32]


def parse_published(value: str | None) -> datetime | None:
    """Parse an ISO-8601 date or datetime string as stored by `to_dict`; None stays None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return datetime.combine(date.fromisoformat(value[:10]), datetime.min.time())


def format_published(value: datetime | None) -> str | None:
    """ISO-8601 for JSON; a midnight time without zone is written as a bare date."""
    if value is None:
        return None
    if value.tzinfo is None and value.time() == datetime.min.time():
        return value.date().isoformat()
    return value.isoformat()


@dataclass(slots=True)
class Removed:
    """A span that cleaning took out of the raw text, kept so nothing is lost silently."""

    kind: str  # e.g. "trailing_headlines", "see_also", "login_prompt", "cut_off_word"
    text: str
    reason: str


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int = 0


@dataclass(slots=True)
class Mention:
    """A named-entity mention inside one article."""

    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, NORP, DATE, QUANTITY, ...
    entity_id: str | None = None


@dataclass(slots=True)
class Attachment:
    """What one date, place or figure hangs on in the article's dependency parse (made at analysis time,
    storyweave/analyze/attachments.py): "arrested on Monday" -> verb "arrested"; "Friday night's fire" ->
    noun "fire"; "23 Somali pirates" -> noun "pirates", verb "captured". Words as written, lower-cased
    except names (no lemmatizer); "" when the parse gives none."""

    start: int
    end: int
    label: str  # the spaCy entity label (DATE, GPE, CARDINAL, ...) or NUM for an untagged number
    verb: str = ""  # the nearest governing verb
    noun: str = ""  # the nearest governing noun below that verb (for a figure: the noun it counts)
    prep: str = ""  # the preposition it hangs from ("on", "in", "from"), if any
    # The verb's participants (head and compound words: "harbour master", "Joique Bell"): who acted and
    # what or who it was done to, the passive turned round ("the boss was arrested" -> object "boss");
    # "" when absent or a pronoun.
    subject: str = ""
    object: str = ""
    # Other verbs of the same moment: verbs coordinated with `verb` under its subject ("on Tuesday foiled
    # an attack and arrested 23 pirates").
    also: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attachment:
        return cls(**(data | {"also": tuple(data.get("also") or ())}))


@dataclass(slots=True)
class Article:
    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: datetime | None = None
    language: str | None = None
    author: str | None = None
    source: str | None = None  # the input it came from: a path, "-", a URL, "feed.xml#3"
    removed: list[Removed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # What each date, place and figure attaches to in the parse; None when the article was analysed
    # without it (the claims stage then falls back to word windows). Serialised only when present.
    attachments: list[Attachment] | None = None

    @property
    def fingerprint(self) -> str:
        return content_fingerprint(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": format_published(self.published),
            "url": self.url,
            "language": self.language,
            "author": self.author,
            "source": self.source,
            "text": self.text,
            "removed": [asdict(r) for r in self.removed],
            "warnings": list(self.warnings),
            "sentences": [asdict(s) for s in self.sentences],
            "mentions": [asdict(m) for m in self.mentions],
        } | ({} if self.attachments is None else {"attachments": [asdict(x) for x in self.attachments]})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        attachments = data.get("attachments")
        return cls(
            id=data["id"],
            text=data["text"],
            title=data.get("title"),
            outlet=data.get("outlet"),
            url=data.get("url"),
            published=parse_published(data.get("published")),
            language=data.get("language"),
            author=data.get("author"),
            source=data.get("source"),
            removed=[Removed(**r) for r in data.get("removed", [])],
            warnings=list(data.get("warnings", [])),
            sentences=[Sentence(**s) for s in data.get("sentences", [])],
            mentions=[Mention(**m) for m in data.get("mentions", [])],
            attachments=None if attachments is None else [Attachment.from_dict(x) for x in attachments],
        )

    def extract_record(self) -> dict[str, Any]:
        """The `storyweave extract` line (DESIGN.md): what ingestion made of the input."""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": format_published(self.published),
            "url": self.url,
            "language": self.language,
            "text": self.text,
            "removed": [asdict(r) for r in self.removed],
            "warnings": list(self.warnings),
        }


@dataclass(slots=True)
class Story:
    id: str
    article_ids: list[str]
    title: str | None = None


# --- Brief parts. Field names below are the public JSON contract; add keys, never rename. ---


@dataclass(slots=True)
class Support:
    article: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class SummarySentence:
    text: str
    sources: list[str]
    support: list[Support]


@dataclass(slots=True)
class ClaimVariant:
    article: str
    text: str


@dataclass(slots=True)
class Claim:
    id: str
    text: str
    status: ClaimStatus
    sources: list[str]
    variants: list[ClaimVariant] = field(default_factory=list)


@dataclass(slots=True)
class ConflictValue:
    value: str
    articles: list[str]
    text: str


@dataclass(slots=True)
class Conflict:
    about: str
    values: list[ConflictValue]


@dataclass(slots=True)
class Quote:
    speaker: str | None
    entity: str | None
    text: str
    articles: list[str]


@dataclass(slots=True)
class Descriptor:
    article: str
    text: str


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    descriptors: list[Descriptor] = field(default_factory=list)


@dataclass(slots=True)
class TimelineEvent:
    date: str
    precision: DatePrecision
    text: str
    articles: list[str]


@dataclass(slots=True)
class SharedPassage:
    articles: list[str]
    text: str
    similarity: float


@dataclass(slots=True)
class Coverage:
    article: str
    unique_claims: list[str]
    missing_claims: list[str]


@dataclass(slots=True)
class StoryHeader:
    id: str
    title: str | None
    first_published: str | None
    last_published: str | None
    article_count: int
    outlet_count: int


@dataclass(slots=True)
class BriefArticle:
    id: str
    outlet: str | None
    title: str | None
    url: str | None
    published: str | None
    language: str | None
    duplicate_of: str | None = None
    # Set for an article without a publication date: what its relative dates were read against.
    date_note: str | None = None


@dataclass(slots=True)
class Brief:
    story: StoryHeader
    articles: list[BriefArticle]
    summary: list[SummarySentence] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    shared_passages: list[SharedPassage] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
        return cls(
            story=StoryHeader(**data["story"]),
            articles=[BriefArticle(**a) for a in data["articles"]],
            summary=[
                SummarySentence(
                    text=s["text"], sources=list(s["sources"]), support=[Support(**x) for x in s["support"]]
                )
                for s in data.get("summary", [])
            ],
            claims=[
                Claim(
                    id=c["id"],
                    text=c["text"],
                    status=c["status"],
                    sources=list(c["sources"]),
                    variants=[ClaimVariant(**v) for v in c.get("variants", [])],
                )
                for c in data.get("claims", [])
            ],
            conflicts=[
                Conflict(about=c["about"], values=[ConflictValue(**v) for v in c["values"]])
                for c in data.get("conflicts", [])
            ],
            quotes=[Quote(**q) for q in data.get("quotes", [])],
            entities=[
                Entity(
                    id=e["id"],
                    name=e["name"],
                    type=e["type"],
                    aliases=list(e.get("aliases", [])),
                    articles=list(e.get("articles", [])),
                    descriptors=[Descriptor(**d) for d in e.get("descriptors", [])],
                )
                for e in data.get("entities", [])
            ],
            timeline=[TimelineEvent(**t) for t in data.get("timeline", [])],
            shared_passages=[SharedPassage(**p) for p in data.get("shared_passages", [])],
            coverage=[Coverage(**c) for c in data.get("coverage", [])],
        )


BRIEF_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Brief))
