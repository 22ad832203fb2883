"""storyweave.api: ingest keeps the store's stories up to date, briefing only the stories that changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from storyweave import api
from storyweave.model import Article
from storyweave.pipeline import Models, brief_fingerprint
from storyweave.settings import Settings
from storyweave.store import Store

FLOOD = [
    (
        "flood-1",
        "Northern Wire",
        "River Oska floods the old town of Brenmark",
        "The river Oska burst its banks in Brenmark on Sunday night, flooding the old town and forcing "
        "about 1,200 residents from their homes, the regional fire service said. Mayor Dragana Vukelic "
        "said the main bridge over the Oska would stay closed until engineers had inspected it.",
    ),
    (
        "flood-2",
        "Brenmark Herald",
        "Brenmark counts the cost as Oska flood waters recede",
        "Flood water began to recede from Brenmark's old town on Tuesday, two days after the river Oska "
        "burst its banks and forced about 1,200 people from their homes. Mayor Dragana Vukelic said the "
        "town would ask for emergency funds to repair the flood damage.",
    ),
]
VOTE = [
    (
        "vote-1",
        "Capital Times",
        "Talvia's Green Union wins Korvan city council vote",
        "The Green Union won 21 of the 45 seats on the Korvan city council in Sunday's election, the "
        "electoral commission said. Party leader Ilse Marrow said the result was a mandate to build the "
        "new tram line to the airport.",
    ),
    (
        "vote-2",
        "Korvan Post",
        "Green Union takes 21 seats on Korvan council",
        "Ilse Marrow's Green Union took 21 of the 45 seats in the Korvan city council election on Sunday, "
        "the electoral commission said, and Marrow promised to build the tram line to the airport.",
    ),
]
FLOOD_LATE = (
    "flood-3",
    "Valley Daily",
    "Oska bridge in Brenmark reopens after flood",
    "Engineers reopened the main bridge over the river Oska in Brenmark on Thursday, four days after the "
    "flood forced about 1,200 residents of the old town from their homes, Mayor Dragana Vukelic said.",
)


def _article(record: tuple[str, str, str, str], day: int) -> Article:
    ident, outlet, title, text = record
    return Article(id=ident, text=text, title=title, outlet=outlet, published=datetime(2025, 6, day, 9))


def _ingest(store: Store, settings: Settings, models: Models, articles: list[Article]) -> api.IngestReport:
    return api.ingest_articles(api.ReadResult(articles=articles), store, settings, models)


@pytest.fixture(scope="module")
def models() -> Models:
    return Models(Settings())


def _first() -> list[Article]:
    return [_article(FLOOD[0], 2), _article(FLOOD[1], 4), _article(VOTE[0], 3), _article(VOTE[1], 3)]


def test_one_more_article_rebriefs_only_its_story(tmp_path: Path, settings: Settings, models: Models) -> None:
    with Store(tmp_path / "s.db") as store:
        first = _ingest(store, settings, models, _first())
        assert (first.stories, first.briefed) == (2, 2)
        vote_story = store.stories_of_article("vote-1")[0]
        vote_before = store.get_brief(vote_story).to_dict()

        late = _ingest(store, settings, models, [_article(FLOOD_LATE, 5)])
        assert late.added == ["flood-3"]
        assert (late.stories, late.briefed) == (2, 1)
        flood_story = store.stories_of_article("flood-3")[0]
        assert store.stories_of_article("flood-1") == [flood_story]
        assert {a.id for a in store.get_brief(flood_story).articles} == {"flood-1", "flood-2", "flood-3"}
        assert store.get_brief(vote_story).to_dict() == vote_before


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The clusterer's signing key (and derived model files) go to a folder of this test module."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def test_without_a_kept_clusterer_steps_equal_a_store_built_at_once(
    tmp_path: Path, settings: Settings, models: Models
) -> None:
    settings = replace(settings, store=replace(settings.store, keep_clusterer=False))
    with Store(tmp_path / "steps.db") as steps, Store(tmp_path / "once.db") as once:
        _ingest(steps, settings, models, _first())
        _ingest(steps, settings, models, [_article(FLOOD_LATE, 5)])
        _ingest(once, settings, models, [*_first(), _article(FLOOD_LATE, 5)])
        assert steps.content_digest() == once.content_digest()


def test_changed_brief_settings_rebrief_every_story(
    tmp_path: Path, settings: Settings, models: Models
) -> None:
    shorter = replace(settings, summary=replace(settings.summary, words=40))
    assert brief_fingerprint(shorter) != brief_fingerprint(settings)
    # Settings that only place stories (clustering) leave the briefs' fingerprint alone.
    assert brief_fingerprint(replace(settings, cluster=replace(settings.cluster, threshold=0.3))) == (
        brief_fingerprint(settings)
    )
    with Store(tmp_path / "s.db") as store:
        _ingest(store, settings, models, _first())
        report = _ingest(store, shorter, models, [_article(FLOOD_LATE, 5)])
        assert (report.stories, report.briefed) == (2, 2)
        assert set(store.story_members(brief_fingerprint(shorter))) == set(store.story_members())
        assert store.story_members(brief_fingerprint(settings)) == {}


def test_duplicates_only_brief_nothing(tmp_path: Path, settings: Settings, models: Models) -> None:
    with Store(tmp_path / "s.db") as store:
        _ingest(store, settings, models, _first())
        digest = store.content_digest()
        again = _ingest(store, settings, models, _first())
        assert (again.added, again.briefed, again.stories) == ([], 0, 2)
        assert store.content_digest() == digest


def test_kept_clusterer_takes_only_new_articles(
    tmp_path: Path, settings: Settings, models: Models, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(tmp_path / "s.db") as store:
        _ingest(store, settings, models, _first())
        assert store.get_cluster_state() is not None
        read: list[list[str]] = []
        original = Store.iter_articles

        def spy(self: Store, ids: list[str] | None = None) -> object:
            read.append(["<all>"] if ids is None else list(ids))
            return original(self, ids)

        monkeypatch.setattr(Store, "iter_articles", spy)
        late = _ingest(store, settings, models, [_article(FLOOD_LATE, 5)])
        assert (late.stories, late.briefed) == (2, 1)
        assert ["<all>"] not in read  # the archive was not read again
        assert read[0] == ["flood-3"]  # the clusterer was given the new article alone
        flood = store.stories_of_article("flood-3")
        assert flood == store.stories_of_article("flood-1")
        assert {a.id for a in store.get_brief(flood[0]).articles} == {"flood-1", "flood-2", "flood-3"}


def test_a_tampered_clusterer_state_is_ignored_and_rebuilt(
    tmp_path: Path, settings: Settings, models: Models
) -> None:
    with Store(tmp_path / "s.db") as store:
        _ingest(store, settings, models, _first())
        saved = store.get_cluster_state()
        assert saved is not None
        fingerprint, blob = saved
        store.put_cluster_state(fingerprint, blob[:40] + bytes([blob[40] ^ 1]) + blob[41:])
        late = _ingest(store, settings, models, [_article(FLOOD_LATE, 5)])
        assert (late.stories, late.briefed) == (2, 1)
        assert store.stories_of_article("flood-3") == store.stories_of_article("flood-1")
        assert store.get_cluster_state() != (fingerprint, blob)  # saved afresh, signed again
