"""The int8-matmul MiniLM graph: derived once into the cache folder, close to the packaged graph."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from storyweave.analyze.embeddings import MINILM, MINILM_DQ8, MiniLMEmbedder, minilm_files
from storyweave.analyze.quantize import dynamic_int8_model
from storyweave.errors import ConfigError
from storyweave.settings import EmbeddingSettings

SENTENCES = [
    "The river Oska burst its banks in Brenmark on Sunday night, flooding the old town.",
    "Dock workers in Port Alvena walked out on Monday over pay and shift rules.",
    "The Green Union won 21 of the 45 seats on the Korvan city council.",
    "flood brenmark oska residents evacuated",
]


def test_derived_graph_is_reused_and_runs_integer_matmuls(tmp_path: Path) -> None:
    source, _ = minilm_files()
    derived = dynamic_int8_model(source, tmp_path)
    assert derived.parent == tmp_path and derived.stat().st_size > 1_000_000
    stamp = derived.stat().st_mtime_ns
    assert dynamic_int8_model(source, tmp_path) == derived
    assert derived.stat().st_mtime_ns == stamp  # found, not derived again
    assert b"MatMulInteger" in derived.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == [derived.name]  # no work files left behind


def test_int8_graph_embeds_close_to_the_packaged_graph(tmp_path: Path) -> None:
    fast = MiniLMEmbedder(EmbeddingSettings(cache_dir=str(tmp_path)))
    packaged = MiniLMEmbedder(EmbeddingSettings(quantize=False))
    assert (fast.name, packaged.name) == (MINILM_DQ8, MINILM)
    a, b = fast.embed(SENTENCES), packaged.embed(SENTENCES)
    cosines = (a * b).sum(axis=1)
    assert cosines.min() > 0.98
    # Still the same geometry: each sentence is nearest to its own packaged-graph vector.
    assert (np.argmax(a @ b.T, axis=1) == np.arange(len(SENTENCES))).all()


def test_unwritable_cache_falls_back_to_the_packaged_graph(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot derive"):
        dynamic_int8_model(minilm_files()[0], blocked / "cache")
    with caplog.at_level(logging.WARNING, logger="storyweave"):
        embedder = MiniLMEmbedder(EmbeddingSettings(cache_dir=str(blocked / "cache")))
    assert embedder.name == MINILM
    assert "using the packaged graph" in caplog.text
    assert embedder.embed(SENTENCES[:1]).shape == (1, 384)
