"""Ingestion: every input kind behind one interface.

    for item in iter_inputs(["articles/", "feed.xml", "-", "https://..."], settings.ingest):
        if isinstance(item, Rejected): report(item.line())
        else: use(item)              # an Article with cleaned text

Inputs are resolved to decoded Documents (sources.py, document.py), each handed to the reader of its
format (text.py, html.py, jsonl.py, feeds.py); URLs are fetched by urls.py. Bad inputs and bad records
come out as `Rejected` values in input order, and reading always goes on with the rest.
See docs/ingest.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO

from storyweave.errors import Rejected
from storyweave.ingest.document import Document, Format
from storyweave.ingest.feeds import read_feed
from storyweave.ingest.html import read_html
from storyweave.ingest.jsonl import read_json, read_jsonl
from storyweave.ingest.sources import iter_documents
from storyweave.ingest.text import read_text
from storyweave.ingest.urls import FetchValidators
from storyweave.model import Article
from storyweave.settings import IngestSettings

Reader = Callable[[Document, IngestSettings], Iterator[Article | Rejected]]

READERS: dict[Format, Reader] = {
    "text": read_text,
    "markdown": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
    "json": read_json,
    "feed": read_feed,
}


def read_document(doc: Document, settings: IngestSettings) -> Iterator[Article | Rejected]:
    """The articles (or rejections) of one decoded input."""
    yield from READERS[doc.format](doc, settings)


def iter_inputs(
    inputs: Sequence[str],
    settings: IngestSettings,
    stdin: BinaryIO | None = None,
    validators: FetchValidators | None = None,
) -> Iterator[Article | Rejected]:
    """Articles and rejections from paths (files; directories, recursively in sorted order), `-` for
    standard input (`stdin` overrides sys.stdin.buffer), and http(s) URLs, in input order. With
    `validators` (a poller's), URLs are fetched conditionally: see `iter_documents`."""
    for item in iter_documents(inputs, settings, stdin, validators):
        if isinstance(item, Rejected):
            if validators is not None and item.source in validators.pending:
                validators.confirm(item.source, False)  # fetched but not a readable document
            yield item
            continue
        read = False
        for found in read_document(item, settings):
            read = read or isinstance(found, Article)
            yield found
        if validators is not None and item.source in validators.pending:
            validators.confirm(item.source, read)


__all__ = ["READERS", "Document", "Rejected", "iter_inputs", "read_document"]
