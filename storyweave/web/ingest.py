"""Ingest over HTTP: uploaded bytes (files or JSON records) -> `api`'s read/analyze/store/refresh steps.

`storyweave.api.ingest` takes paths; over HTTP the inputs are bytes already in memory, so this module
decodes them with the same ingest readers (`to_document` + `read_document`) and then does exactly what
`api.ingest` does after reading: `api.ingest_articles`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storyweave.api import IngestReport, ReadResult, ingest_articles
from storyweave.errors import Rejected
from storyweave.ingest import read_document
from storyweave.ingest.document import stem, to_document
from storyweave.pipeline import Models
from storyweave.settings import Settings
from storyweave.store import Store


@dataclass(frozen=True, slots=True)
class Upload:
    name: str  # the client's file name (decides the format by extension and the article id by stem)
    data: bytes


def read_uploads(uploads: Sequence[Upload], settings: Settings) -> ReadResult:
    result = ReadResult()
    for upload in uploads:
        name = upload.name.replace("\\", "/").rsplit("/", 1)[-1] or "upload"
        doc = to_document(
            upload.data,
            source=name,
            name=name,
            article_id=stem(name),
            max_bytes=settings.ingest.max_file_bytes,
        )
        items = [doc] if isinstance(doc, Rejected) else list(read_document(doc, settings.ingest))
        for item in items:
            (result.rejected if isinstance(item, Rejected) else result.articles).append(item)  # type: ignore[arg-type]
    return result


def read_records(records: Any, settings: Settings, source: str = "request") -> ReadResult:
    """JSON article records (`id`, `text`, optional `title`, `url`, `outlet`, `published`, `language`,
    `author`), read by the same JSON reader as a `.json` file."""
    raw = json.dumps(records, ensure_ascii=False).encode("utf-8")
    return read_uploads([Upload(f"{source}.json", raw)], settings)


class Ingester:
    """Adds read articles to a store and refreshes its stories; one ingest at a time per app."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._models: Models | None = None
        self._lock = threading.Lock()

    def __call__(self, result: ReadResult, store: Store) -> IngestReport:
        with self._lock:
            if self._models is None:
                self._models = Models(self.settings)
            return ingest_articles(result, store, self.settings, self._models)


def report_dict(report: IngestReport) -> dict[str, Any]:
    return {
        "added": report.added,
        "duplicates": [{"id": new, "stored_as": old} for new, old in report.duplicates],
        "rejected": [{"source": r.source, "reason": r.reason} for r in report.rejected],
        "stories": report.stories,
    }
