from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from storyweave.analyze.embedding_cache import StoreCachedEmbedder
from storyweave.analyze.embeddings import Embedder, load_embedder
from storyweave.settings import EmbeddingSettings
from storyweave.store import Store


class Counting:
    """The real model, counting the texts it is asked to embed."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.embedded: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return self.inner.embed(texts)


@pytest.fixture(scope="module")
def model() -> Embedder:
    return load_embedder(EmbeddingSettings())


def test_vectors_are_computed_once_and_survive_reopening(model: Embedder, tmp_path: Path) -> None:
    db = tmp_path / "cache.db"
    texts = ["Dockers struck at the port of Kalvesk on Monday.", "A flood hit the old town of Brenmark."]
    counting = Counting(model)
    with Store(db) as store:
        first = StoreCachedEmbedder(counting, store).embed(texts)
        again = StoreCachedEmbedder(counting, store).embed(texts)
        assert store.embedding_count() == 2
    assert counting.embedded == texts  # the second call read the store
    np.testing.assert_array_equal(first, again)
    np.testing.assert_allclose(first, model.embed(texts), atol=1e-6)
    with Store(db) as store:
        mixed = StoreCachedEmbedder(counting, store).embed([texts[1], "A new sentence about the flood."])
    assert counting.embedded == [*texts, "A new sentence about the flood."]
    np.testing.assert_array_equal(mixed[0], first[1])


def test_empty_input_gives_an_empty_matrix(model: Embedder, tmp_path: Path) -> None:
    with Store(tmp_path / "cache.db") as store:
        assert StoreCachedEmbedder(model, store).embed([]).shape == (0, model.dim)
