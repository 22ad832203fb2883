"""HTML pages: main text and metadata through trafilatura, then the same cleaner as plain text.

The trafilatura options were chosen by measurement on the Zyte article-extraction pages
(`python benchmarks/extraction.py`, figures in docs/ingest.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import trafilatura

from storyweave.errors import Rejected
from storyweave.ingest.assemble import assemble, parse_date
from storyweave.ingest.document import Document
from storyweave.model import Article, Removed, normalize_for_identity
from storyweave.settings import IngestSettings

# Chosen by measurement (docs/ingest.md): comments are not the article, and favouring precision drops
# more page furniture than it costs in recall.
EXTRACT_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "favor_precision": True,
    "include_tables": True,
}
# Whether trafilatura's text also goes through clean.py (measured: see docs/ingest.md).
CLEAN_AFTER_EXTRACTION = True

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*", re.I)


def page_language(html: str) -> str | None:
    """The primary language subtag of `<html lang=...>`, lower-cased ("en-GB" -> "en")."""
    match = _HTML_LANG.search(html[:5000])
    return match.group(1).lower() if match else None


def extract(html: str, url: str | None = None) -> Any:
    """trafilatura's Document (text + metadata) for `html`, or None when nothing can be extracted."""
    try:
        return trafilatura.bare_extraction(html, url=url, with_metadata=True, **EXTRACT_OPTIONS)
    except (ValueError, TypeError, AttributeError) as exc:  # trafilatura on severely broken markup
        raise ValueError(f"HTML could not be parsed: {exc}") from exc


def split_repeated_title(text: str, title: str | None) -> tuple[str, list[Removed]]:
    """The page's headline often opens the extracted text too; it is the title, not body text."""
    first, _, rest = text.lstrip().partition("\n")
    if title and rest.strip() and normalize_for_identity(first) == normalize_for_identity(title):
        return rest, [Removed("title", first.strip(), "the headline repeated at the top of the text")]
    return text, []


def read_html(doc: Document, settings: IngestSettings) -> Iterator[Article | Rejected]:
    try:
        result = extract(doc.text, doc.url)
    except ValueError as exc:
        yield Rejected(doc.source, str(exc))
        return
    text = (getattr(result, "text", None) or "") if result is not None else ""
    if not text.strip():
        yield Rejected(doc.source, "no extractable article text in the HTML")
        return
    warnings = list(doc.warnings)
    text, removed = split_repeated_title(text, result.title)
    yield assemble(
        doc.article_id,
        text,
        source=doc.source,
        settings=settings,
        title=result.title,
        outlet=result.sitename or result.hostname,
        url=doc.url or result.url,
        published=parse_date(result.date, warnings),
        language=page_language(doc.text),
        author=result.author,
        warnings=warnings,
        removed=removed,
        clean=CLEAN_AFTER_EXTRACTION,
    )


def html_main_text(html: str, settings: IngestSettings | None = None) -> str:
    """The text our HTML reader produces for `html` ("" when it rejects the page): the benchmark's
    extractor, the same code path as reading a .html file."""
    doc = Document(source="<html>", article_id="page", format="html", text=html)
    for item in read_html(doc, settings or IngestSettings()):
        return item.text if isinstance(item, Article) else ""
    return ""
