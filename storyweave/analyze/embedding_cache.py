"""An Embedder that remembers its vectors in the store, so re-clustering the archive embeds only what is new.

Keys are a digest of the model name and the exact text, so a changed lead or another model never reads a
stale vector. The store is the only state; the wrapper itself keeps nothing between calls.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from storyweave.analyze.embeddings import Embedder
from storyweave.store import Store


def embedding_key(model: str, text: str) -> str:
    return hashlib.blake2b(f"{model}\0{text}".encode(), digest_size=16).hexdigest()


class StoreCachedEmbedder:
    """Wraps `inner`; vectors found in `store` are reused, the rest are computed once and saved."""

    def __init__(self, inner: Embedder, store: Store) -> None:
        self.inner = inner
        self.store = store
        self.name = inner.name
        self.dim = inner.dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        keys = [embedding_key(self.name, t) for t in texts]
        cached = self.store.get_embeddings(keys)
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing = [i for i, key in enumerate(keys) if key not in cached]
        for i, key in enumerate(keys):
            if key in cached:
                rows[i] = np.frombuffer(cached[key], dtype="<f4")
        if missing:
            fresh = self.inner.embed([texts[i] for i in missing]).astype("<f4")
            rows[missing] = fresh
            self.store.put_embeddings(
                self.name, self.dim, ((keys[i], fresh[n].tobytes()) for n, i in enumerate(missing))
            )
        return rows
