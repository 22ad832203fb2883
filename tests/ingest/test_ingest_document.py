"""Bytes -> Document: format by extension and by content, decoding, binary detection, gzip caps."""

from __future__ import annotations

import gzip

import pytest

from storyweave.errors import Rejected
from storyweave.ingest.document import Document, binary_kind, decode, gunzip, sniff, stem, to_document

LIMIT = 1_000_000


def _doc(raw: bytes, name: str) -> Document:
    result = to_document(raw, source=name, name=name, article_id=stem(name), max_bytes=LIMIT)
    assert isinstance(result, Document), result
    return result


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a/x.txt", "x"), ("x.txt.gz", "x"), ("x.html.gz", "x"), ("noext", "noext"), (".hidden", ".hidden")],
)
def test_stem(name: str, expected: str) -> None:
    assert stem(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<?xml version="1.0"?>\n<rss version="2.0"><channel></channel></rss>', "feed"),
        ('<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("  <div><p>Hello</p></div>", "html"),
        ('{"id": "a", "text": "b"}\n{"id": "c", "text": "d"}', "jsonl"),
        ('[{"id": "a", "text": "b"}]', "json"),
        ("Just some prose.", None),
    ],
)
def test_sniff(text: str, expected: str | None) -> None:
    assert sniff(text) == expected


def test_extension_decides_over_content() -> None:
    assert _doc(b"<p>Not parsed as HTML</p>", "note.txt").format == "text"


def test_missing_extension_sniffs_and_falls_back_to_text() -> None:
    assert _doc(b"<html><body><p>Hi there.</p></body></html>", "page").format == "html"
    assert _doc(b"A plain article.", "article").format == "text"


def test_unknown_extension_with_plain_text_is_rejected() -> None:
    result = to_document(
        b"Some words.", source="notes.log", name="notes.log", article_id="notes", max_bytes=LIMIT
    )
    assert isinstance(result, Rejected)
    assert "unknown extension '.log'" in result.reason


def test_unknown_extension_with_html_content_is_read() -> None:
    assert _doc(b"<html><body><p>Hi.</p></body></html>", "page.php").format == "html"


def test_bom_stripped_and_crlf_normalised() -> None:
    doc = _doc(b"\xef\xbb\xbfFirst line.\r\nSecond line.\rThird.", "a.txt")
    assert doc.text == "First line.\nSecond line.\nThird."
    assert doc.warnings == ()


def test_utf16_with_bom_is_text_not_binary() -> None:
    doc = _doc("Привет, мир.".encode("utf-16"), "a.txt")
    assert doc.text == "Привет, мир."


def test_invalid_utf8_is_replaced_with_a_warning() -> None:
    text, warnings = decode(b"caf\xe9 au lait")
    assert text == "caf\ufffd au lait"
    assert len(warnings) == 1 and "invalid UTF-8" in warnings[0] and "offset 3" in warnings[0]


def test_declared_charset_is_honoured_for_markup() -> None:
    raw = '<html><head><meta charset="windows-1251"></head><body><p>Минск</p></body></html>'.encode("cp1251")
    text, warnings = decode(raw)
    assert "Минск" in text and warnings == []


@pytest.mark.parametrize(
    ("raw", "kind"),
    [(b"%PDF-1.7\n...", "PDF"), (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"text\x00more", "contains NUL bytes")],
)
def test_binary_kinds(raw: bytes, kind: str) -> None:
    assert binary_kind(raw) == kind


def test_gzip_of_any_format_uses_the_inner_extension() -> None:
    raw = gzip.compress(b"<html><body><p>Zipped page.</p></body></html>")
    doc = _doc(raw, "page.html.gz")
    assert doc.format == "html" and doc.article_id == "page"


def test_gzip_bomb_is_capped() -> None:
    raw = gzip.compress(b"a" * 5000)
    with pytest.raises(ValueError, match="over the limit"):
        gunzip(raw, 1000)
    result = to_document(raw, source="x.txt.gz", name="x.txt.gz", article_id="x", max_bytes=1000)
    assert isinstance(result, Rejected) and "decompressed size" in result.reason


def test_corrupt_gzip_is_rejected() -> None:
    result = to_document(b"\x1f\x8bnot really", source="x.gz", name="x.gz", article_id="x", max_bytes=LIMIT)
    assert isinstance(result, Rejected) and "corrupt gzip" in result.reason
