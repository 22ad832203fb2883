"""Story clustering end to end, on short articles written for these tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.cluster import ClusterConfig, StoryClusterer, cluster_articles, story_id_for
from storyweave.model import Article, Story
from storyweave.settings import ClusterSettings

QUAKE_ORVASK = [
    "A magnitude 6.1 earthquake struck the mountain town of Orvask early on Tuesday, collapsing a school.",
    "Rescuers in Orvask pulled survivors from the collapsed school after the 6.1 earthquake on Tuesday.",
    "The Orvask earthquake left the school in ruins; the mayor of Orvask asked for rescue teams.",
]
QUAKE_TELMAR = [
    "A 5.4 magnitude earthquake shook the coastal city of Telmar on Friday, damaging its old harbour wall.",
    "Fishermen in Telmar counted boats lost after Friday's 5.4 earthquake broke the harbour wall.",
]
RATES = ["The central bank of Norland raised its interest rate by half a point to fight inflation."]
NO_TEXT_CONFIG = ClusterConfig(use_embeddings=False)


def _articles(texts: list[str], prefix: str, day: int = 1) -> list[Article]:
    return [Article(id=f"{prefix}{n}", text=t, published=datetime(2025, 5, day)) for n, t in enumerate(texts)]


def _groups(stories: list[Story]) -> list[list[str]]:
    return sorted(sorted(s.article_ids) for s in stories)


def test_same_event_together_other_events_apart() -> None:
    articles = _articles(QUAKE_ORVASK, "q1-") + _articles(QUAKE_TELMAR, "q2-") + _articles(RATES, "x-")
    stories = cluster_articles(articles, ClusterConfig())
    assert _groups(stories) == [["q1-0", "q1-1", "q1-2"], ["q2-0", "q2-1"], ["x-0"]]


def test_interleaved_stream_gives_the_same_grouping() -> None:
    a, b = _articles(QUAKE_ORVASK, "q1-"), _articles(QUAKE_TELMAR, "q2-")
    stream = [a[0], b[0], a[1], b[1], a[2]]
    assert _groups(cluster_articles(stream)) == [["q1-0", "q1-1", "q1-2"], ["q2-0", "q2-1"]]


def test_story_ids_are_stable_and_named_after_first_article() -> None:
    articles = _articles(QUAKE_ORVASK, "q1-")
    first = cluster_articles(articles)
    again = cluster_articles(list(articles))
    assert [s.id for s in first] == [s.id for s in again] == [story_id_for("q1-0")]


def test_old_cluster_settings_are_accepted() -> None:
    stories = cluster_articles(_articles(QUAKE_ORVASK, "q1-"), ClusterSettings(window_days=10))
    assert _groups(stories) == [["q1-0", "q1-1", "q1-2"]]


def test_time_window_keeps_far_apart_articles_apart() -> None:
    early = _articles(QUAKE_ORVASK[:1], "early-", day=1)
    late = [Article(id="late", text=QUAKE_ORVASK[1], published=datetime(2025, 9, 1))]
    stories = cluster_articles(early + late, ClusterConfig(window_days=30))
    assert len(stories) == 2


def test_undated_articles_are_compared_on_content() -> None:
    articles = [Article(id=f"u{n}", text=t) for n, t in enumerate(QUAKE_ORVASK)]
    assert _groups(cluster_articles(articles)) == [["u0", "u1", "u2"]]


def test_articles_without_words_get_their_own_story_and_are_never_dropped() -> None:
    articles = [
        Article(id="empty", text=""),
        Article(id="punct", text="... !!! ---"),
        *_articles(QUAKE_TELMAR, "q"),
        Article(id="empty2", text=""),
    ]
    stories = cluster_articles(articles)
    groups = [s.article_ids for s in stories]
    assert ["empty"] in groups and ["punct"] in groups and ["empty2"] in groups
    assert sorted(i for g in groups for i in g) == sorted(a.id for a in articles)


def test_a_few_words_only_still_gets_a_story() -> None:
    articles = [*_articles(QUAKE_ORVASK, "q"), Article(id="short", text="Weather: sunny.")]
    stories = cluster_articles(articles)
    assert ["short"] in [s.article_ids for s in stories]


def test_another_language_does_not_join_an_english_story() -> None:
    german = Article(id="de", text=QUAKE_ORVASK[0], language="de")
    stories = cluster_articles([*_articles(QUAKE_ORVASK, "q"), german])
    assert ["de"] in [s.article_ids for s in stories]


def test_names_from_ner_mentions_are_used_when_present() -> None:
    from storyweave.cluster.signals import entity_keys
    from storyweave.model import Mention

    article = Article(id="m", text="Quake hits orvask", mentions=[Mention(11, 17, "orvask", "GPE")])
    assert entity_keys(article, article.text) == ["orvask"]


def test_incremental_clusterer_returns_story_ids_and_follows_them() -> None:
    clusterer = StoryClusterer(NO_TEXT_CONFIG)
    ids = [clusterer.add(a) for a in _articles(QUAKE_ORVASK, "q1-") + _articles(RATES, "x-")]
    assert ids[0] == story_id_for("q1-0") and ids[3] == story_id_for("x-0")
    assert clusterer.add(Article(id="q1-0", text="seen before")) == clusterer.story_of("q1-0")
    assert [s.article_ids for s in clusterer.stories()][-1] == ["x-0"]


def test_active_index_is_capped_so_cost_per_article_stays_flat() -> None:
    config = ClusterConfig(use_embeddings=False, max_active=20, merge_every=10)
    clusterer = StoryClusterer(config)
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike".split()
    for n in range(120):
        text = f"{words[n % 13]}{n} {words[(n * 7) % 13]}{n} report number {n} zulu{n}"
        clusterer.add(Article(id=f"a{n}", text=text))
    clusterer.maintain()
    active = [s for s in clusterer._active if s is not None]
    assert len(active) <= 20
    assert sum(len(s.article_ids) for s in clusterer.stories()) == 120


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=60), min_size=1, max_size=12))
def test_every_article_lands_in_exactly_one_story(texts: list[str]) -> None:
    articles = [Article(id=f"a{n}", text=t) for n, t in enumerate(texts)]
    stories = cluster_articles(articles, ClusterConfig(merge_every=3, min_split_size=2))
    members = [i for s in stories for i in s.article_ids]
    assert sorted(members) == sorted(a.id for a in articles)


def test_maintenance_merges_before_it_retires_stale_stories() -> None:
    # Joins missed at placement time (a strict join threshold), caught by the merge pass, even though a
    # report two months later has made those stories stale by then.
    strict = ClusterConfig(threshold=1.01, merge_every=0)
    clusterer = StoryClusterer(strict)
    for day, article in enumerate(_articles(QUAKE_ORVASK, "q1-"), start=1):
        clusterer.add(replace(article, published=datetime(2025, 5, day)))
    clusterer.add(Article(id="late", text=QUAKE_TELMAR[0], published=datetime(2025, 7, 20)))
    assert len(clusterer.stories()) == 4
    clusterer.config = replace(strict, threshold=0.2)
    clusterer.maintain()
    assert _groups(clusterer.stories()) == [["late"], ["q1-0", "q1-1", "q1-2"]]


def test_merge_pass_keeps_the_time_window() -> None:
    strict = ClusterConfig(threshold=1.01, merge_every=0, window_days=30)
    clusterer = StoryClusterer(strict)
    clusterer.add(Article(id="spring", text=QUAKE_ORVASK[0], published=datetime(2025, 3, 1)))
    clusterer.add(Article(id="summer", text=QUAKE_ORVASK[1], published=datetime(2025, 7, 1)))
    clusterer.config = replace(strict, threshold=0.2)
    clusterer.maintain()
    assert _groups(clusterer.stories()) == [["spring"], ["summer"]]
