"""Stories and briefs: replace, list order, since, lookups, digest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from storyweave.errors import NotFound, StoreError
from storyweave.model import (
    Article,
    Brief,
    BriefArticle,
    Claim,
    Conflict,
    ConflictValue,
    Entity,
    StoryHeader,
    SummarySentence,
    Support,
)
from storyweave.store import Store, StorySummary

_TEXTS = {
    "a1": "Floods closed the valley road on Friday.",
    "a2": "The valley road was shut by floods, officials said.",
    "a3": "About 20 homes were evacuated.",
    "b1": "A new library opened in the old mill.",
    "b2": "The mill library holds 15,000 books.",
    "c1": "Council approves the budget.",
}


def _brief(
    story_id: str,
    ids: list[str],
    last: str | None,
    *,
    title: str | None = None,
    outlets: int = 1,
    conflicts: int = 0,
) -> Brief:
    first = ids[0]
    text = _TEXTS.get(first, "Some text.")
    return Brief(
        story=StoryHeader(
            id=story_id,
            title=title or f"Story {story_id}",
            first_published=last,
            last_published=last,
            article_count=len(ids),
            outlet_count=outlets,
        ),
        articles=[
            BriefArticle(id=i, outlet=None, title=None, url=None, published=last, language="en") for i in ids
        ],
        summary=[SummarySentence(text=text, sources=[first], support=[Support(first, 0, len(text), text)])],
        claims=[Claim(id=f"{story_id}-c1", text=text, status="single_source", sources=[first])],
        conflicts=[
            Conflict(
                about=f"figure {n}",
                values=[ConflictValue("15", [first], "15"), ConflictValue("20", ids, "20")],
            )
            for n in range(conflicts)
        ],
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "stories.db") as s:
        s.add_articles(Article(id=i, text=t) for i, t in _TEXTS.items())
        yield s


def test_replace_stores_briefs_and_members(store: Store) -> None:
    flood = _brief("flood", ["a1", "a2", "a3"], "2024-05-03", outlets=2, conflicts=1)
    library = _brief("library", ["b1", "b2"], "2024-05-01T10:00:00+00:00")
    store.replace_stories([flood, library])
    assert store.get_brief("flood") == flood
    assert store.get_brief("library") == library
    assert store.stories_of_article("a2") == ["flood"]
    assert store.stories_of_article("c1") == []
    assert store.stories_of_article("unknown") == []
    assert store.story_count() == 2
    summary = store.list_stories()[0]
    assert summary == StorySummary("flood", "Story flood", 3, 2, "2024-05-03", "2024-05-03", 1)
    assert list(summary.to_dict()) == [
        "id",
        "title",
        "article_count",
        "outlet_count",
        "first_published",
        "last_published",
        "conflict_count",
    ]


def test_replace_deletes_vanished_stories_and_their_members(store: Store) -> None:
    store.replace_stories(
        [_brief("flood", ["a1", "a2"], "2024-05-03"), _brief("library", ["b1"], "2024-05-01")]
    )
    store.replace_stories([_brief("flood", ["a1", "a2", "a3"], "2024-05-04")])
    assert [s.id for s in store.list_stories()] == ["flood"]
    with pytest.raises(NotFound, match="library"):
        store.get_brief("library")
    assert store.stories_of_article("b1") == []
    assert store.get_brief("flood").story.article_count == 3
    store.replace_stories([])
    assert store.list_stories() == []
    count = store._connection().execute("SELECT count(*) FROM story_articles").fetchone()[0]
    assert count == 0


def test_article_in_two_stories(store: Store) -> None:
    store.replace_stories(
        [_brief("s1", ["a1", "a3"], "2024-05-01"), _brief("s2", ["a3", "b1"], "2024-05-02")]
    )
    assert store.stories_of_article("a3") == ["s2", "s1"]


def test_list_order_newest_then_biggest_then_id(store: Store) -> None:
    store.replace_stories(
        [
            _brief("old-big", ["a1", "a2", "a3"], "2024-04-01"),
            _brief("new-small", ["b1"], "2024-05-02"),
            _brief("new-big", ["b2", "c1"], "2024-05-02"),
            _brief("undated", ["a1"], None),
            # 23:30 at UTC-05:00 is 04:30 UTC the next day: newer than any 2024-05-02 value.
            _brief("late-west", ["a2"], "2024-05-02T23:30:00-05:00"),
            _brief("tie-b", ["a3"], "2024-04-01"),
            _brief("tie-a", ["b1"], "2024-04-01"),
        ]
    )
    order = [s.id for s in store.list_stories()]
    assert order == ["late-west", "new-big", "new-small", "old-big", "tie-a", "tie-b", "undated"]
    assert [s.id for s in store.list_stories(limit=2)] == order[:2]
    assert [s.id for s in store.list_stories(limit=2, offset=2)] == order[2:4]
    assert [s.id for s in store.list_stories(offset=5)] == order[5:]


def test_list_since(store: Store) -> None:
    store.replace_stories(
        [
            _brief("april", ["a1"], "2024-04-20"),
            _brief("may", ["b1"], "2024-05-02T08:00:00+00:00"),
            _brief("undated", ["c1"], None),
        ]
    )
    assert [s.id for s in store.list_stories(since=datetime(2024, 5, 1))] == ["may"]
    assert [s.id for s in store.list_stories(since=datetime(2024, 5, 2, 8, 0, tzinfo=UTC))] == ["may"]
    # 10:00 at UTC+03:00 is 07:00 UTC: still before the May story.
    plus3 = datetime.fromisoformat("2024-05-02T10:00:00+03:00")
    assert [s.id for s in store.list_stories(since=plus3)] == ["may"]
    assert store.list_stories(since=datetime(2024, 5, 3)) == []
    assert [s.id for s in store.list_stories(since=date(2024, 5, 2))] == ["may"]
    assert [s.id for s in store.list_stories(since=datetime(2024, 1, 1))] == ["may", "april"]


def test_unknown_brief_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="nope"):
        store.get_brief("nope")


def test_brief_naming_unstored_article_is_refused_atomically(store: Store) -> None:
    store.replace_stories([_brief("flood", ["a1"], "2024-05-03")])
    digest = store.content_digest()
    bad = _brief("ghost", ["a1", "not-stored"], "2024-05-04")
    with pytest.raises(StoreError, match="not-stored"):
        store.replace_stories([_brief("flood", ["a1", "a2"], "2024-05-05"), bad])
    assert store.content_digest() == digest
    assert store.get_brief("flood").story.article_count == 1


def test_repeated_story_id_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="twice"):
        store.replace_stories([_brief("s", ["a1"], None), _brief("s", ["a2"], None)])


def test_replacing_with_same_briefs_keeps_digest_and_changes_are_seen(store: Store) -> None:
    briefs = [_brief("flood", ["a1", "a2"], "2024-05-03"), _brief("library", ["b1", "b2"], "2024-05-01")]
    store.replace_stories(briefs)
    digest = store.content_digest()
    store.replace_stories(
        [_brief("flood", ["a1", "a2"], "2024-05-03"), _brief("library", ["b1", "b2"], "2024-05-01")]
    )
    assert store.content_digest() == digest
    store.replace_stories([_brief("flood", ["a1", "a2"], "2024-05-03", title="Renamed"), briefs[1]])
    assert store.content_digest() != digest


def test_update_stories_touches_only_named_ones(store: Store) -> None:
    store.replace_stories([_brief("flood", ["a1"], "2024-05-03"), _brief("library", ["b1"], "2024-05-01")])
    store.update_stories([_brief("council", ["c1"], "2024-05-04")], delete=["library"])
    assert [s.id for s in store.list_stories()] == ["council", "flood"]
    store.update_stories([_brief("flood", ["a1", "a2"], "2024-05-05")])
    assert [s.id for s in store.list_stories()] == ["flood", "council"]
    assert store.stories_of_article("a2") == ["flood"]


def _with_entities(brief: Brief, *names: str) -> Brief:
    brief.entities = [
        Entity(id=f"e{n}", name=name, type="PERSON", aliases=[name.upper() + "X"])
        for n, name in enumerate(names)
    ]
    return brief


def test_list_filters_outlet_entity_and_query(tmp_path: Path) -> None:
    with Store(tmp_path / "filters.db") as store:
        store.add_articles(
            [
                Article(id="f1", text="Floods closed the valley road.", outlet="Valley Times"),
                Article(id="f2", text="Evacuations continued overnight.", outlet="Daily Wire"),
                Article(id="g1", text="The library opened in the mill.", outlet="daily wire"),
            ]
        )
        flood = _with_entities(_brief("flood", ["f1", "f2"], "2024-05-03"), "Ana Ruiz")
        library = _with_entities(_brief("library", ["g1"], "2024-05-01"), "Tom Berg", "Ana Ruiz")
        store.replace_stories([flood, library])

        def ids(**kw: object) -> list[str]:
            return [s.id for s in store.list_stories(**kw)]  # type: ignore[arg-type]

        assert ids(outlet="Valley Times") == ["flood"]
        assert ids(outlet="DAILY WIRE") == ["flood", "library"]
        assert ids(outlet="Nobody") == []
        assert ids(entity="tom berg") == ["library"]
        assert ids(entity="ANA RUIZX") == ["flood", "library"]  # an alias
        assert ids(entity="e0") == ["flood", "library"]  # an entity id
        assert ids(q="valley") == ["flood"]
        assert ids(q="mill AND (") == []
        assert ids(q="*") == []
        assert ids(outlet="daily wire", q="evacuations", entity="Ana Ruiz") == ["flood"]
        assert ids(since=datetime(2024, 5, 2), outlet="daily wire") == ["flood"]


def test_backup_is_a_usable_copy(store: Store, tmp_path: Path) -> None:
    store.replace_stories([_brief("flood", ["a1", "a2"], "2024-05-03")])
    store.backup(tmp_path / "copy.db")
    with Store(tmp_path / "copy.db") as copy:
        assert copy.content_digest() == store.content_digest()
        assert copy.get_brief("flood") == store.get_brief("flood")
