from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.cluster import cluster_articles, story_id_for
from storyweave.model import Article
from storyweave.settings import ClusterSettings

QUAKE_1 = [
    "A magnitude 6.1 earthquake struck the mountain town of Orvask early on Tuesday, collapsing a school.",
    "Rescuers in Orvask pulled survivors from the collapsed school after the 6.1 earthquake on Tuesday.",
    "The Orvask earthquake left the school in ruins; the mayor of Orvask asked for rescue teams.",
]
QUAKE_2 = [
    "A 5.4 magnitude earthquake shook the coastal city of Telmar on Friday, damaging its old harbour wall.",
    "Fishermen in Telmar counted boats lost after Friday's 5.4 earthquake broke the harbour wall.",
]
OTHER = ["The central bank of Norland raised its interest rate by half a point to fight inflation."]


def _articles(texts: list[str], prefix: str, day: int = 1) -> list[Article]:
    return [Article(id=f"{prefix}{n}", text=t, published=datetime(2025, 5, day)) for n, t in enumerate(texts)]


def test_same_event_together_other_events_apart() -> None:
    articles = _articles(QUAKE_1, "q1-") + _articles(QUAKE_2, "q2-") + _articles(OTHER, "x-")
    stories = cluster_articles(articles, ClusterSettings(threshold=0.2))
    groups = sorted(sorted(s.article_ids) for s in stories)
    assert groups == [["q1-0", "q1-1", "q1-2"], ["q2-0", "q2-1"], ["x-0"]]


def test_story_ids_are_stable_and_named_after_first_article() -> None:
    articles = _articles(QUAKE_1, "q1-")
    first = cluster_articles(articles, ClusterSettings())
    again = cluster_articles(list(articles), ClusterSettings())
    assert [s.id for s in first] == [s.id for s in again] == [story_id_for("q1-0")]


def test_time_window_keeps_far_apart_articles_apart() -> None:
    early = _articles(QUAKE_1[:1], "early-", day=1)
    late = [Article(id="late", text=QUAKE_1[1], published=datetime(2025, 9, 1))]
    stories = cluster_articles(early + late, ClusterSettings(threshold=0.1, window_days=30))
    assert len(stories) == 2


def test_articles_without_words_or_dates_get_their_own_story() -> None:
    articles = [Article(id="empty", text=""), Article(id="stop", text="the and of"), *_articles(QUAKE_2, "q")]
    stories = cluster_articles(articles, ClusterSettings())
    ids = [s.article_ids for s in stories]
    assert ["empty"] in ids and ["stop"] in ids
    assert sorted(i for group in ids for i in group) == sorted(a.id for a in articles)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=60), min_size=1, max_size=12))
def test_every_article_lands_in_exactly_one_story(texts: list[str]) -> None:
    articles = [Article(id=f"a{n}", text=t) for n, t in enumerate(texts)]
    stories = cluster_articles(articles, ClusterSettings())
    members = [i for s in stories for i in s.article_ids]
    assert sorted(members) == sorted(a.id for a in articles)
