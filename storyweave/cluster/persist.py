"""A story clusterer kept between runs: signed, compressed pickles, so an ingest adds only new articles.

Re-clustering the whole archive after every ingest costs O(archive); keeping the clusterer (its
document frequencies, story profiles, centroids and index) makes one more article cost what `add` costs.
The state is a pickle, and unpickling runs code, so it is signed with HMAC-SHA256 under a key that
never leaves this machine's user (`state_key`): a store copied from elsewhere, or edited, fails the
check and its stories are simply rebuilt from the articles. The embedder is not pickled (a model
session); it is detached before and attached after.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import pickle
import secrets
import zlib
from pathlib import Path
from typing import Any

from storyweave.analyze.embeddings import Embedder
from storyweave.cluster.online import StoryClusterer
from storyweave.cluster.shorttext import ShortTextClusterer

Clusterer = StoryClusterer | ShortTextClusterer
_DIGEST = 32  # bytes of HMAC-SHA256 in front of the payload


def state_fingerprint(version: str, cluster_settings: dict[str, Any], embedder_name: str | None) -> str:
    """What a saved state is only valid for: the storyweave version (the code that pickled it), every
    clustering setting and the embedder (its vectors are in the state's centroids)."""
    text = json.dumps([version, cluster_settings, embedder_name], sort_keys=True, separators=(",", ":"))
    return "c1-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def state_key(folder: Path) -> bytes | None:
    """This user's signing key (`folder/state.key`, 32 random bytes, mode 0600), made on first use;
    None when it can neither be read nor made (then nothing is kept between runs)."""
    path = folder / "state.key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass  # not there yet (or unreadable): make one below
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staged = folder / f"state.key.{os.getpid()}"
        fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        # First writer wins: a concurrent first run must not replace a key already used to sign.
        try:
            os.link(staged, path)
        except FileExistsError:
            pass  # another process made it first; read theirs
        finally:
            staged.unlink(missing_ok=True)
        key = path.read_bytes()
        return key if len(key) == 32 else None
    except OSError:
        return None


def dump_clusterer(clusterer: Clusterer, key: bytes) -> bytes:
    """The signed state of `clusterer` (its embedder left out)."""
    embedder = getattr(clusterer, "embedder", None)
    if isinstance(clusterer, StoryClusterer):
        clusterer.embedder = None
    try:
        payload = zlib.compress(pickle.dumps(clusterer, protocol=pickle.HIGHEST_PROTOCOL), 1)
    finally:
        if isinstance(clusterer, StoryClusterer):
            clusterer.embedder = embedder
    return hmac.new(key, payload, hashlib.sha256).digest() + payload


def load_clusterer(blob: bytes, key: bytes, embedder: Embedder | None) -> Clusterer | None:
    """The clusterer in a signed state, with `embedder` attached; None when the signature does not
    match this key (another machine's or a tampered store) or the state cannot be read."""
    signature, payload = blob[:_DIGEST], blob[_DIGEST:]
    if len(signature) != _DIGEST or not hmac.compare_digest(
        signature, hmac.new(key, payload, hashlib.sha256).digest()
    ):
        return None
    try:
        # Safe to unpickle: the signature above proves this user's own storyweave wrote it.
        clusterer = pickle.loads(zlib.decompress(payload))
    except (pickle.UnpicklingError, zlib.error, AttributeError, ImportError, EOFError):
        return None
    if not isinstance(clusterer, StoryClusterer | ShortTextClusterer):
        return None
    if isinstance(clusterer, StoryClusterer):
        clusterer.embedder = embedder
    return clusterer


def knows(clusterer: Clusterer, article_id: str) -> bool:
    """Whether the clusterer has placed this article already."""
    try:
        clusterer.story_of(article_id)
    except KeyError:
        return False
    return True
