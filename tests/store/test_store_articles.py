"""Storing articles: idempotency, duplicates, batch atomicity, round-trip."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyweave.errors import NotFound
from storyweave.model import Article, Mention, Removed, Sentence
from storyweave.store import Store


def _article(id_: str, text: str, **kw: object) -> Article:
    return Article(id=id_, text=text, **kw)  # type: ignore[arg-type]


def _batch() -> list[Article]:
    return [
        _article(
            "harbor-1",
            "The harbor authority closed the north pier on Tuesday. Repairs will take two weeks.",
            title="North pier closed",
            outlet="Coast Daily",
            url="https://coast.example/pier",
            published=datetime(2024, 3, 5, 9, 30, tzinfo=UTC),
            language="en",
            author="R. Vance",
            source="in/harbor-1.txt",
            removed=[Removed(kind="see_also", text="SEE ALSO: tides", reason="link line")],
            warnings=["decoded with replacement"],
            sentences=[Sentence(0, 55, "The harbor authority closed the north pier on Tuesday.", 0)],
            mentions=[Mention(4, 19, "harbor authority", "ORG", "e1")],
        ),
        _article(
            "harbor-2", "Fishermen said the closure would cost them a week of catch.", outlet="Bay Post"
        ),
        _article("harbor-3", "The mayor promised compensation.", url="https://bay.example/mayor"),
    ]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "articles.db") as s:
        yield s


def test_add_and_get_round_trip(store: Store) -> None:
    batch = _batch()
    result = store.add_articles(batch)
    assert result.added == ["harbor-1", "harbor-2", "harbor-3"]
    assert result.duplicates == []
    for article in batch:
        assert store.get_article(article.id) == article
    assert store.article_count() == 3


def test_same_batch_twice_is_all_duplicates_and_digest_unchanged(store: Store) -> None:
    store.add_articles(_batch())
    digest = store.content_digest()
    again = store.add_articles(_batch())
    assert again.added == []
    assert again.duplicates == [("harbor-1", "harbor-1"), ("harbor-2", "harbor-2"), ("harbor-3", "harbor-3")]
    assert store.content_digest() == digest
    assert store.article_count() == 3


def test_digest_is_independent_of_insertion_order_and_time(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as one, Store(tmp_path / "b.db") as two:
        one.add_articles(_batch())
        for article in reversed(_batch()):
            two.add_articles([article])
        assert one.content_digest() == two.content_digest()
        two._connection().execute("UPDATE articles SET ingested_at = '1999-01-01T00:00:00+00:00'")
        assert one.content_digest() == two.content_digest()
        two.add_articles([_article("extra", "Something else entirely.")])
        assert one.content_digest() != two.content_digest()


def test_duplicate_by_url_with_other_id_and_text(store: Store) -> None:
    store.add_articles(_batch())
    result = store.add_articles([_article("moved", "A rewritten version.", url="https://coast.example/pier")])
    assert result.added == []
    assert result.duplicates == [("moved", "harbor-1")]
    with pytest.raises(NotFound):
        store.get_article("moved")


def test_duplicate_by_fingerprint_ignores_case_punctuation_and_spacing(store: Store) -> None:
    store.add_articles(_batch())
    copy = _article("mirror", "the MAYOR   promised compensation!!", url="https://mirror.example/x")
    result = store.add_articles([copy])
    assert result.duplicates == [("mirror", "harbor-3")]
    assert store.article_count() == 3


def test_duplicate_by_id_with_other_content(store: Store) -> None:
    store.add_articles(_batch())
    result = store.add_articles([_article("harbor-2", "Completely different text with the same id.")])
    assert result.duplicates == [("harbor-2", "harbor-2")]
    assert store.get_article("harbor-2").text.startswith("Fishermen")


def test_duplicates_within_one_batch(store: Store) -> None:
    result = store.add_articles(
        [
            _article("x1", "Rain is expected over the weekend.", url="https://w.example/1"),
            _article("x2", "rain is expected over the weekend"),  # same text
            _article("x3", "Sunshine later.", url="https://w.example/1"),  # same url
            _article("x1", "Another text, same id."),  # same id
            _article("x4", "Winds ease by Monday."),
        ]
    )
    assert result.added == ["x1", "x4"]
    assert result.duplicates == [("x2", "x1"), ("x3", "x1"), ("x1", "x1")]
    assert [a.id for a in store.iter_articles()] == ["x1", "x4"]


def test_articles_without_url_are_not_duplicates_of_each_other(store: Store) -> None:
    result = store.add_articles([_article("n1", "First story."), _article("n2", "Second story.")])
    assert result.added == ["n1", "n2"]


def test_exception_mid_batch_stores_nothing_of_that_batch(store: Store) -> None:
    store.add_articles([_article("kept", "Stored in an earlier batch.")])
    digest = store.content_digest()

    def failing() -> Iterator[Article]:
        yield _article("lost-1", "This one is read first.")
        yield _article("lost-2", "This one too.")
        raise OSError("disk went away while reading inputs")

    with pytest.raises(OSError, match="disk went away"):
        store.add_articles(failing())
    assert store.article_count() == 1
    assert store.content_digest() == digest
    assert store.search_articles("read first") == []
    # The store is still usable after the rollback.
    assert store.add_articles([_article("lost-1", "This one is read first.")]).added == ["lost-1"]


def test_get_unknown_article_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound, match="nope"):
        store.get_article("nope")


def test_iter_articles_insertion_order_and_subsets(store: Store) -> None:
    store.add_articles([_article(f"z{n}", f"Article number {n} of the set.") for n in (3, 1, 2)])
    assert [a.id for a in store.iter_articles()] == ["z3", "z1", "z2"]
    assert [a.id for a in store.iter_articles(["z2", "z3", "z2"])] == ["z3", "z2"]
    assert list(store.iter_articles([])) == []
    with pytest.raises(NotFound, match="missing"):
        store.iter_articles(["z1", "missing"])


def test_iter_articles_pages_through_many(store: Store) -> None:
    store.add_articles(_article(f"p{n:04d}", f"Short item {n}.") for n in range(1203))
    ids = [a.id for a in store.iter_articles()]
    assert ids == [f"p{n:04d}" for n in range(1203)]


_text = st.text(max_size=40)
_small = st.integers(min_value=0, max_value=10_000)
_offsets = st.timedeltas(
    min_value=-timedelta(hours=23, minutes=59), max_value=timedelta(hours=23, minutes=59)
)
_published = st.one_of(
    st.none(),
    st.datetimes(),
    st.dates().map(lambda d: datetime(d.year, d.month, d.day)),
    st.datetimes(timezones=st.builds(timezone, _offsets)),
)
_articles = st.builds(
    Article,
    id=st.text(min_size=1, max_size=20),
    text=st.text(max_size=200),
    title=st.none() | _text,
    outlet=st.none() | _text,
    url=st.none() | _text,
    published=_published,
    language=st.none() | st.sampled_from(["en", "ru", "de"]),
    author=st.none() | _text,
    source=st.none() | _text,
    removed=st.lists(st.builds(Removed, kind=_text, text=_text, reason=_text), max_size=3),
    warnings=st.lists(_text, max_size=3),
    sentences=st.lists(
        st.builds(Sentence, start=_small, end=_small, text=_text, paragraph=_small), max_size=3
    ),
    mentions=st.lists(
        st.builds(Mention, start=_small, end=_small, text=_text, label=_text, entity_id=st.none() | _text),
        max_size=3,
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=_articles)
def test_article_round_trip(article: Article) -> None:
    with Store(":memory:") as store:
        assert store.add_articles([article]).added == [article.id]
        assert store.get_article(article.id) == article
        assert list(store.iter_articles()) == [article]
