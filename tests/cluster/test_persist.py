"""Kept clusterers: signed round trips, foreign or damaged states refused, the key made once."""

from __future__ import annotations

import stat
from pathlib import Path

from storyweave.cluster import ClusterConfig, StoryClusterer
from storyweave.cluster.persist import dump_clusterer, knows, load_clusterer, state_fingerprint, state_key
from storyweave.cluster.shorttext import ShortTextClusterer
from storyweave.model import Article

QUAKE = "A magnitude 6.1 earthquake struck the mountain town of Orvask on Tuesday, killing 12 people."
QUAKE_2 = "Rescuers in Orvask searched collapsed homes after Tuesday's magnitude 6.1 earthquake killed 12."
VOTE = "The Green Union won 21 of the 45 seats on the Korvan city council in Sunday's election."


def _news() -> StoryClusterer:
    clusterer = StoryClusterer(ClusterConfig(use_embeddings=False))
    clusterer.add_many([Article(id="q1", text=QUAKE), Article(id="v1", text=VOTE)])
    return clusterer


def test_round_trip_keeps_stories_and_takes_more_articles(tmp_path: Path) -> None:
    key = state_key(tmp_path)
    assert key is not None
    clusterer = _news()
    restored = load_clusterer(dump_clusterer(clusterer, key), key, None)
    assert isinstance(restored, StoryClusterer)
    assert restored.stories() == clusterer.stories()
    assert knows(restored, "q1") and not knows(restored, "q2")
    # Adding after the round trip behaves as adding to the original.
    assert restored.add(Article(id="q2", text=QUAKE_2)) == clusterer.add(Article(id="q2", text=QUAKE_2))


def test_short_text_clusterer_round_trips(tmp_path: Path) -> None:
    key = state_key(tmp_path)
    assert key is not None
    short = ShortTextClusterer()
    short.add_many([Article(id="a", text="flood river town"), Article(id="b", text="council vote seats")])
    restored = load_clusterer(dump_clusterer(short, key), key, None)
    assert isinstance(restored, ShortTextClusterer)
    assert restored.stories() == short.stories()


def test_another_key_or_damage_is_refused(tmp_path: Path) -> None:
    key, other = state_key(tmp_path / "mine"), state_key(tmp_path / "theirs")
    assert key is not None and other is not None and key != other
    blob = dump_clusterer(_news(), key)
    assert load_clusterer(blob, other, None) is None
    assert load_clusterer(blob[:-1], key, None) is None
    assert load_clusterer(b"short", key, None) is None


def test_key_is_made_once_and_private(tmp_path: Path) -> None:
    first = state_key(tmp_path)
    assert first is not None and len(first) == 32
    assert state_key(tmp_path) == first
    mode = stat.S_IMODE((tmp_path / "state.key").stat().st_mode)
    assert mode & 0o077 == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.key"]


def test_unwritable_key_folder_gives_no_key(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("x", encoding="utf-8")
    assert state_key(blocked / "sub") is None


def test_fingerprint_changes_with_code_settings_and_embedder() -> None:
    base = state_fingerprint("0.1.0", {"threshold": 0.2}, "m")
    assert base == state_fingerprint("0.1.0", {"threshold": 0.2}, "m")
    assert base != state_fingerprint("0.1.1", {"threshold": 0.2}, "m")
    assert base != state_fingerprint("0.1.0", {"threshold": 0.3}, "m")
    assert base != state_fingerprint("0.1.0", {"threshold": 0.2}, None)
