"""Resolve inputs (files, directories, `-`, URLs) into decoded Documents, refusing what cannot be read.

The size limit is checked with stat() before a file is opened, and reads never ask for more than the
limit plus one byte, so an oversized input costs a system call, not memory.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from storyweave.errors import Rejected
from storyweave.ingest.document import Document, stem, to_document
from storyweave.ingest.urls import FetchValidators, NotModified, fetch_document, is_url
from storyweave.settings import IngestSettings

STDIN = "-"


def iter_documents(
    inputs: Sequence[str],
    settings: IngestSettings,
    stdin: BinaryIO | None = None,
    validators: FetchValidators | None = None,
) -> Iterator[Document | Rejected]:
    """One Document or Rejected per file (directories expand to their files), in input order. With
    `validators`, URLs are fetched conditionally; one that has not changed yields nothing and is listed
    in `validators.unchanged`."""
    for item in inputs:
        if item == STDIN:
            yield read_stream(stdin if stdin is not None else sys.stdin.buffer, settings)
        elif is_url(item):
            fetched = fetch_document(item, settings, validators=validators)
            if not isinstance(fetched, NotModified):
                yield fetched
            elif validators is not None:
                validators.unchanged.append(item)
        else:
            yield from _read_path(item, settings)


def read_stream(stream: BinaryIO, settings: IngestSettings) -> Document | Rejected:
    """stdin: no name, so the format is sniffed from the content; the article id is "stdin"."""
    limit = settings.max_file_bytes
    try:
        raw = stream.read(limit + 1)
    except OSError as exc:
        return Rejected(STDIN, f"cannot read standard input: {exc}")
    if len(raw) > limit:
        return Rejected(STDIN, f"standard input is over the limit of {limit} bytes (ingest.max_file_bytes)")
    return to_document(raw, source=STDIN, name="", article_id="stdin", max_bytes=limit)


def _read_path(item: str, settings: IngestSettings) -> Iterator[Document | Rejected]:
    path = Path(item)
    try:
        info = path.stat()
    except FileNotFoundError:
        yield Rejected(item, "no such file or directory")
        return
    except OSError as exc:
        yield Rejected(item, f"cannot access: {exc.strerror or exc}")
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _read_directory(path, item, settings)
    else:
        yield read_file(path, item, settings, info)


def _read_directory(path: Path, item: str, settings: IngestSettings) -> Iterator[Document | Rejected]:
    files = list(walk_files(path))
    if not files:
        yield Rejected(item, "directory contains no files to read")
        return
    for file in files:
        yield read_file(file, str(file), settings)


def walk_files(root: Path) -> Iterator[Path]:
    """Files under `root`, recursively, sorted by path; hidden files and folders (".x") are skipped,
    and symbolic links to folders are not followed (no cycles)."""
    found: list[tuple[tuple[str, ...], Path]] = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(folder)
        for name in names:
            if not name.startswith("."):
                file = base / name
                found.append((file.relative_to(root).parts, file))
    for _, file in sorted(found):
        yield file


def read_file(
    path: Path, name: str, settings: IngestSettings, info: os.stat_result | None = None
) -> Document | Rejected:
    """Read one file within the size limit; every failure is a Rejected naming the file."""
    limit = settings.max_file_bytes
    try:
        info = info or path.stat()
    except FileNotFoundError:
        return Rejected(name, "no such file or directory")
    except OSError as exc:
        return Rejected(name, f"cannot access: {exc.strerror or exc}")
    if not stat.S_ISREG(info.st_mode):
        return Rejected(name, "not a regular file (device, socket or pipe)")
    if info.st_size > limit:
        return Rejected(
            name, f"file is {info.st_size} bytes, over the limit of {limit} bytes (ingest.max_file_bytes)"
        )
    if info.st_size == 0:
        return Rejected(name, "empty file")
    try:
        raw = _read_at_most(path, limit + 1)
    except PermissionError:
        return Rejected(name, "cannot read: permission denied")
    except OSError as exc:
        return Rejected(name, f"cannot read: {exc.strerror or exc}")
    if len(raw) > limit:  # the file grew after stat()
        return Rejected(name, f"file is over the limit of {limit} bytes (ingest.max_file_bytes)")
    return to_document(raw, source=name, name=path.name, article_id=stem(path.name), max_bytes=limit)


def _read_at_most(path: Path, size: int) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(size)
