"""Raw bytes -> a decoded `Document` with a known format, or `Rejected` (pure: no I/O).

Everything every reader needs to agree on lives here: which extensions mean which format, how a format
is recognised from content when the extension does not say, which bytes are binary, how text is
decoded (UTF-8; invalid bytes replaced and reported), and how gzip is unwrapped with a size cap.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import re
import zlib
from dataclasses import dataclass, field
from typing import Literal

from storyweave.errors import Rejected

Format = Literal["text", "markdown", "html", "jsonl", "json", "feed"]

EXTENSIONS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}

# Content types a server may send, mapped to our formats; anything else is sniffed from the body.
CONTENT_TYPES: dict[str, Format] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/json": "json",
    "text/plain": "text",
    "text/markdown": "markdown",
}

GZIP_MAGIC = b"\x1f\x8b"

# Leading bytes of common binary formats that are never articles.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (also docx/xlsx/epub)"),
    (b"\xd0\xcf\x11\xe0", "OLE document (doc/xls)"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x7fELF", "ELF executable"),
    (b"RIFF", "RIFF media"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"SQLite format 3\x00", "SQLite database"),
)

# C0 control bytes other than tab, newline, carriage return, form feed and escape.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_SNIFF_BYTES = 8192
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)

_CHARSET_DECL = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_FEED_ROOT = re.compile(r"<(rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_HTML_MARK = re.compile(r"<(!doctype\s+html|html|head|body|article|div|p|title|meta)[\s>/]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Document:
    """One decoded input, ready for the reader of its format."""

    source: str  # the input's name as the user gave it (path, "-", URL), used in messages
    article_id: str  # default article id: file stem, "stdin", or the URL
    format: Format
    text: str
    url: str | None = None  # where it was fetched from, for URL inputs
    warnings: tuple[str, ...] = field(default_factory=tuple)


def split_gz(name: str) -> tuple[str, bool]:
    """("x.html", True) for "x.html.gz"; the inner name decides the format."""
    if name.lower().endswith(".gz"):
        return name[:-3], True
    return name, False


def extension(name: str) -> str:
    """Lower-cased last extension of a file name ("" when there is none; dotfiles have none)."""
    base = name.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def stem(name: str) -> str:
    """The file name without directory, `.gz`, and its last extension: "a/x.txt.gz" -> "x"."""
    inner, _ = split_gz(name.rsplit("/", 1)[-1])
    dot = inner.rfind(".")
    return inner[:dot] if dot > 0 else inner


def gunzip(raw: bytes, max_bytes: int) -> bytes:
    """Decompress gzip data, refusing to produce more than `max_bytes` (a gzip bomb stays small here).

    Raises ValueError with a readable reason.
    """
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as handle:
            data = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise ValueError(f"corrupt gzip data: {exc}") from exc
    if len(data) > max_bytes:
        raise ValueError(f"decompressed size is over the limit of {max_bytes} bytes (ingest.max_file_bytes)")
    return data


def binary_kind(raw: bytes) -> str | None:
    """Why `raw` is binary (e.g. "PDF", "NUL bytes"), or None when it may be text."""
    for magic, kind in _BINARY_MAGIC:
        if raw.startswith(magic):
            return kind
    head = raw[:_SNIFF_BYTES]
    if b"\x00" in head:
        return "contains NUL bytes"
    if head and sum(head.count(bytes([b])) for b in _CONTROL) > len(head) * 0.05:
        return "mostly control bytes"
    return None


def decode(raw: bytes) -> tuple[str, list[str]]:
    """Bytes -> text with line endings normalised to \\n and any BOM stripped.

    UTF-8 first (UTF-16/32 when a BOM says so). Invalid UTF-8 in a document that declares another
    charset (HTML meta, XML prolog) is decoded with that charset; otherwise bad bytes become U+FFFD and
    a warning says so, so that nothing is silently altered.
    """
    warnings: list[str] = []
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            text = raw.decode(codec, errors="replace")
            break
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = _decode_declared(raw)
            if text is None:
                text = raw.decode("utf-8", errors="replace")
                bad = text.count("\ufffd")
                warnings.append(
                    f"invalid UTF-8 (first bad byte at offset {exc.start}): decoded with "
                    f"{bad} replacement character(s)"
                )
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def _decode_declared(raw: bytes) -> str | None:
    match = _CHARSET_DECL.search(raw[:_SNIFF_BYTES])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        if codecs.lookup(name).name == "utf-8":
            return None
        return raw.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None


def sniff(text: str) -> Format | None:
    """The format `text` is recognisably written in (feed, HTML, JSONL, JSON), or None."""
    head = text[:_SNIFF_BYTES].lstrip()
    if head.startswith("<"):
        if _FEED_ROOT.search(head[:2000]):
            return "feed"
        if _HTML_MARK.search(head):
            return "html"
        return None
    if head.startswith("{"):
        first = head.split("\n", 1)[0].strip()
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            pass
        return "json"
    if head.startswith("["):
        return "json"
    return None


def to_document(
    raw: bytes,
    *,
    source: str,
    name: str,
    article_id: str,
    max_bytes: int,
    declared: Format | None = None,
    url: str | None = None,
) -> Document | Rejected:
    """Turn one input's bytes into a Document. `name` (a file name, possibly ending .gz) picks the
    format by extension; `declared` (e.g. from an HTTP content type) wins over the extension."""
    inner, gz = split_gz(name)
    if gz or raw.startswith(GZIP_MAGIC):
        try:
            raw = gunzip(raw, max_bytes)
        except ValueError as exc:
            return Rejected(source, str(exc))
    if not raw.strip():
        return Rejected(source, "empty file" if not raw else "empty file (only whitespace)")
    kind = binary_kind(raw)
    # UTF-16/32 text is full of NUL bytes; its BOM says it is text.
    if kind is not None and not raw.startswith(_WIDE_BOMS):
        return Rejected(source, f"binary file ({kind}), not an article")
    text, warnings = decode(raw)
    if not text.strip():
        return Rejected(source, "empty file (only whitespace)")
    ext = extension(inner)
    fmt = declared or EXTENSIONS.get(ext)
    if fmt is None:
        fmt = sniff(text)
        if fmt is None and ext == "":
            fmt = "text"
        if fmt is None:
            known = " ".join(sorted(EXTENSIONS))
            return Rejected(
                source,
                f"unknown extension {ext!r} and the content is not recognisably HTML, a feed or JSON "
                f"(known extensions: {known})",
            )
    return Document(
        source=source, article_id=article_id, format=fmt, text=text, url=url, warnings=tuple(warnings)
    )
