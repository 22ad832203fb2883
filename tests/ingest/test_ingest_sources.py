"""iter_inputs over files, folders and stdin; every kind of bad input gives one Rejected and the rest
of the inputs are still read."""

from __future__ import annotations

import gzip
import io
import os
import time
from pathlib import Path

import pytest

from storyweave.errors import Rejected
from storyweave.ingest import iter_inputs
from storyweave.ingest import sources as sources_module
from storyweave.model import Article
from storyweave.settings import IngestSettings

GOOD = "The council met on Monday. It approved the budget after a long debate.\n"


@pytest.fixture
def cfg() -> IngestSettings:
    return IngestSettings()


def _run(inputs: list[str], cfg: IngestSettings, stdin: bytes | None = None) -> list[Article | Rejected]:
    stream = io.BytesIO(stdin) if stdin is not None else None
    return list(iter_inputs(inputs, cfg, stdin=stream))


def _good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def _one_rejected_then_good(items: list[Article | Rejected], source: str) -> Rejected:
    assert len(items) == 2, items
    rejected, article = items
    assert isinstance(rejected, Rejected) and rejected.source == source
    assert rejected.line().startswith(f"{source}: ")
    assert isinstance(article, Article) and article.id == "good"
    return rejected


def test_reads_a_text_file(tmp_path: Path, cfg: IngestSettings) -> None:
    [article] = _run([str(_good(tmp_path))], cfg)
    assert isinstance(article, Article)
    assert article.id == "good" and article.text == GOOD.strip() and article.language == "en"
    assert article.source == str(tmp_path / "good.txt")


def test_missing_file(tmp_path: Path, cfg: IngestSettings) -> None:
    missing = str(tmp_path / "nope.txt")
    rejected = _one_rejected_then_good(_run([missing, str(_good(tmp_path))], cfg), missing)
    assert rejected.reason == "no such file or directory"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_permissions(tmp_path: Path, cfg: IngestSettings) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD)
    locked.chmod(0)
    rejected = _one_rejected_then_good(_run([str(locked), str(_good(tmp_path))], cfg), str(locked))
    assert rejected.reason == "cannot read: permission denied"


def test_unreadable_file_error_from_the_os(
    tmp_path: Path, cfg: IngestSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root ignores file modes, so the OS error is injected where the file is opened.
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD)
    real = sources_module._read_at_most

    def refuse(path: Path, size: int) -> bytes:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(path, size)

    monkeypatch.setattr(sources_module, "_read_at_most", refuse)
    rejected = _one_rejected_then_good(_run([str(locked), str(_good(tmp_path))], cfg), str(locked))
    assert rejected.reason == "cannot read: permission denied"


def test_binary_file(tmp_path: Path, cfg: IngestSettings) -> None:
    blob = tmp_path / "image.txt"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    rejected = _one_rejected_then_good(_run([str(blob), str(_good(tmp_path))], cfg), str(blob))
    assert "binary file (PNG image)" in rejected.reason


def test_binary_file_without_known_magic(tmp_path: Path, cfg: IngestSettings) -> None:
    blob = tmp_path / "data"
    blob.write_bytes(b"abc\x00\x01\x02" * 100)
    rejected = _one_rejected_then_good(_run([str(blob), str(_good(tmp_path))], cfg), str(blob))
    assert "NUL bytes" in rejected.reason


def test_invalid_utf8_is_read_with_a_warning(tmp_path: Path, cfg: IngestSettings) -> None:
    bad = tmp_path / "latin.txt"
    bad.write_bytes("The café opened on Monday.".encode("latin-1"))
    [article] = _run([str(bad)], cfg)
    assert isinstance(article, Article)
    assert article.text == "The caf\ufffd opened on Monday."
    assert any("invalid UTF-8" in w for w in article.warnings)


def test_empty_file(tmp_path: Path, cfg: IngestSettings) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    rejected = _one_rejected_then_good(_run([str(empty), str(_good(tmp_path))], cfg), str(empty))
    assert rejected.reason == "empty file"


def test_whitespace_only_file(tmp_path: Path, cfg: IngestSettings) -> None:
    blank = tmp_path / "blank.md"
    blank.write_text("  \n\n \t\n")
    rejected = _one_rejected_then_good(_run([str(blank), str(_good(tmp_path))], cfg), str(blank))
    assert "empty file" in rejected.reason


def test_huge_file_is_refused_without_reading_it(tmp_path: Path, cfg: IngestSettings) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(200_000_000)  # sparse: takes no disk, but stat() says 200 MB
    started = time.perf_counter()
    items = _run([str(huge), str(_good(tmp_path))], cfg)
    assert time.perf_counter() - started < 0.5
    rejected = _one_rejected_then_good(items, str(huge))
    assert "200000000 bytes, over the limit of 20000000" in rejected.reason


def test_size_limit_is_a_setting(tmp_path: Path) -> None:
    path = _good(tmp_path)
    [rejected] = _run([str(path)], IngestSettings(max_file_bytes=10))
    assert isinstance(rejected, Rejected) and "over the limit of 10 bytes" in rejected.reason


def test_unknown_extension(tmp_path: Path, cfg: IngestSettings) -> None:
    odd = tmp_path / "notes.xyz"
    odd.write_text("Plain words in an odd file.")
    rejected = _one_rejected_then_good(_run([str(odd), str(_good(tmp_path))], cfg), str(odd))
    assert "unknown extension '.xyz'" in rejected.reason


def test_empty_directory(tmp_path: Path, cfg: IngestSettings) -> None:
    folder = tmp_path / "empty_dir"
    folder.mkdir()
    (folder / ".hidden").write_text("skipped")
    rejected = _one_rejected_then_good(_run([str(folder), str(_good(tmp_path))], cfg), str(folder))
    assert rejected.reason == "directory contains no files to read"


def test_directory_recursive_sorted_and_gz(tmp_path: Path, cfg: IngestSettings) -> None:
    root = tmp_path / "corpus"
    (root / "b").mkdir(parents=True)
    (root / "a").mkdir()
    (root / "b" / "z.txt").write_text("Zed story text here.")
    (root / "a" / "y.md").write_text("# A title\n\nWhy story text here.")
    (root / "c.html.gz").write_bytes(
        gzip.compress(
            b"<html><body><article><p>" + b"Gzipped page text. " * 20 + b"</p></article></body></html>"
        )
    )
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("ignored")
    items = _run([str(root)], cfg)
    assert [i.id for i in items if isinstance(i, Article)] == ["y", "z", "c"]
    assert all(isinstance(i, Article) for i in items)
    assert items[0].title == "A title" and items[0].text == "Why story text here."


def test_stdin_is_sniffed(cfg: IngestSettings) -> None:
    [article] = _run(
        ["-"],
        cfg,
        stdin=b"<html><body><article><p>"
        + b"Text from standard input. " * 10
        + b"</p></article></body></html>",
    )
    assert isinstance(article, Article) and article.id == "stdin" and article.source == "-"
    assert article.text.startswith("Text from standard input.")


def test_stdin_jsonl_uses_record_ids(cfg: IngestSettings) -> None:
    items = _run(["-"], cfg, stdin=b'{"id": "r1", "text": "One."}\n{"id": "r2", "text": "Two."}\n')
    assert [i.id for i in items if isinstance(i, Article)] == ["r1", "r2"]


def test_empty_stdin(cfg: IngestSettings) -> None:
    [rejected] = _run(["-"], cfg, stdin=b"")
    assert isinstance(rejected, Rejected) and rejected.line() == "-: empty file"
