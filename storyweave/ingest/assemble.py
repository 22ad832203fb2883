"""Build an Article from a reader's fields: clean the text, record what was removed (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from storyweave.errors import Rejected
from storyweave.ingest.clean import clean_text
from storyweave.model import Article, Removed, parse_published
from storyweave.settings import IngestSettings


def parse_date(value: object, warnings: list[str], what: str = "date") -> datetime | None:
    """An ISO-8601 date/datetime, or None with a warning when it is present but unreadable."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        warnings.append(f"{what} {value!r} is not a string; ignored")
        return None
    try:
        return parse_published(value.strip())
    except ValueError:
        warnings.append(f"{what} {value!r} is not an ISO-8601 date; ignored")
        return None


def assemble(
    article_id: str,
    raw_text: str,
    *,
    source: str,
    settings: IngestSettings,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: datetime | None = None,
    language: str | None = None,
    author: str | None = None,
    warnings: Iterable[str] = (),
    removed: Iterable[Removed] = (),
    clean: bool = True,
) -> Article | Rejected:
    """The Article, or Rejected when no text is left after cleaning. `removed`: what the reader itself
    already took out, recorded before what cleaning takes out."""
    if clean:
        text, cleaned_out = clean_text(raw_text)
    else:
        text, cleaned_out = "\n".join(line.strip() for line in raw_text.split("\n") if line.strip()), []
    if not text:
        reason = "no article text left after cleaning" if raw_text.strip() else "no article text"
        return Rejected(source, reason)
    return Article(
        id=article_id,
        text=text,
        title=_blank_to_none(title),
        outlet=_blank_to_none(outlet),
        url=_blank_to_none(url),
        published=published,
        language=_blank_to_none(language) or settings.default_language,
        author=_blank_to_none(author),
        source=source,
        removed=[*removed, *cleaned_out],
        warnings=list(warnings),
    )


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None
