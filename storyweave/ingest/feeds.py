"""RSS / Atom / RDF feed files: one Article per entry (feedparser; the XML is screened by defusedxml).

Entry id: its link, else its id/guid, else `<feed stem>#N` (N counts entries from 1). Text: the
entry's content, else its summary, with HTML reduced to text, one paragraph per line.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser
import lxml.html
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring
from lxml.etree import ParserError

from storyweave.errors import Rejected
from storyweave.ingest.assemble import assemble
from storyweave.ingest.document import Document
from storyweave.model import Article
from storyweave.settings import IngestSettings

_BLOCK_TAGS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 blockquote tr section article header footer pre dd dt figcaption".split()
)


def unsafe_xml_reason(text: str) -> str | None:
    """Why the XML must not be parsed (entity expansion, external entities, DTDs), or None.

    defusedxml raises on these before expanding anything; ordinary syntax errors are left to
    feedparser, which reads many slightly broken feeds.
    """
    try:
        defused_fromstring(text.encode("utf-8"))
    except DefusedXmlException as exc:
        return f"unsafe XML refused: {exc}"
    except Exception:  # syntax errors: feedparser decides
        return None
    return None


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment, one block element per line."""
    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return fragment
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    return root.text_content()


def entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    values = [c.get("value", "") for c in contents if c.get("value")]
    raw = max(values, key=len) if values else entry.get("summary", "") or entry.get("description", "")
    return html_to_text(raw)


def entry_published(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    # feedparser normalises to UTC struct_time.
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)


def read_feed(doc: Document, settings: IngestSettings) -> Iterator[Article | Rejected]:
    unsafe = unsafe_xml_reason(doc.text)
    if unsafe:
        yield Rejected(doc.source, unsafe)
        return
    parsed = feedparser.parse(doc.text, sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            yield Rejected(doc.source, f"malformed feed: {parsed.get('bozo_exception')}")
        else:
            yield Rejected(doc.source, "feed has no entries")
        return
    outlet = parsed.get("feed", {}).get("title")
    language = parsed.get("feed", {}).get("language")
    warnings = list(doc.warnings)
    if parsed.get("bozo"):
        warnings.append(f"feed is not well-formed ({parsed.get('bozo_exception')}); read leniently")
    for number, entry in enumerate(entries, start=1):
        link = entry.get("link")
        article_id = link or entry.get("id") or f"{doc.article_id}#{number}"
        yield assemble(
            article_id,
            entry_text(entry),
            source=f"{doc.source}#{number}",
            settings=settings,
            title=entry.get("title"),
            outlet=outlet,
            url=link,
            published=entry_published(entry),
            language=(language or "").split("-")[0].lower() or None,
            author=entry.get("author"),
            warnings=warnings,
        )
