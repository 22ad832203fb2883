"""The short-text stream clusterer (MStream) and the `cluster.method` switch, on texts written here."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.cluster import ClusterConfig, cluster_articles, story_id_for
from storyweave.cluster.batch import CLUSTER_METHODS, choose_method, median_words
from storyweave.cluster.shorttext import ShortTextClusterer, short_text_words
from storyweave.errors import ConfigError
from storyweave.eval.cluster_runs import run_clustering_eval
from storyweave.model import Article
from storyweave.settings import ClusterSettings, Settings

VOLCANO = [
    "volcano erupts ash cloud grounds flights",
    "ash cloud from volcano cancels flights",
    "flights grounded volcano ash cloud spreads",
    "volcano ash cloud flights cancelled again",
]
DERBY = [
    "united striker scores derby goal",
    "derby goal united striker celebrates",
    "united win derby late striker goal",
]
BUDGET = [
    "parliament rejects budget tax vote",
    "budget vote parliament tax rise",
    "tax budget vote parliament delayed",
]
# One-sentence news articles like those of tests/cluster/test_cluster_online.py (14-17 words).
NEWS_SENTENCES = [
    "A magnitude 6.1 earthquake struck the mountain town of Orvask early on Tuesday, collapsing a school.",
    "Rescuers in Orvask pulled survivors from the collapsed school after the 6.1 earthquake on Tuesday.",
    "A 5.4 magnitude earthquake shook the coastal city of Telmar on Friday, damaging its old harbour wall.",
]
NO_EMBEDDINGS = ClusterConfig(use_embeddings=False)


def _interleaved() -> list[Article]:
    """The three topics taken in turn, as a stream would bring them."""
    topics = [("v", VOLCANO), ("d", DERBY), ("b", BUDGET)]
    rows = [(n, prefix, text) for prefix, texts in topics for n, text in enumerate(texts)]
    rows.sort(key=lambda row: row[0])
    return [Article(id=f"{prefix}{n}", text=text) for n, prefix, text in rows]


def _groups(stories: list) -> list[list[str]]:  # type: ignore[type-arg]
    return sorted(sorted(s.article_ids) for s in stories)


def test_topics_come_out_as_separate_stories() -> None:
    clusterer = ShortTextClusterer()
    clusterer.add_many(_interleaved())
    assert _groups(clusterer.stories()) == [["b0", "b1", "b2"], ["d0", "d1", "d2"], ["v0", "v1", "v2", "v3"]]


def test_one_at_a_time_gives_the_same_topics() -> None:
    clusterer = ShortTextClusterer()
    ids = [clusterer.add(a) for a in _interleaved()]
    assert ids[:3] == [story_id_for("v0"), story_id_for("d0"), story_id_for("b0")]
    assert _groups(clusterer.stories()) == [["b0", "b1", "b2"], ["d0", "d1", "d2"], ["v0", "v1", "v2", "v3"]]


def test_ids_are_named_after_the_first_article_and_stable_across_runs() -> None:
    articles = _interleaved()
    first, second = ShortTextClusterer(), ShortTextClusterer()
    first.add_many(articles)
    second.add_many(articles)
    assert [(s.id, s.article_ids) for s in first.stories()] == [
        (s.id, s.article_ids) for s in second.stories()
    ]
    for story in first.stories():
        assert story.id == story_id_for(story.article_ids[0])
        assert all(first.story_of(a) == story.id for a in story.article_ids)
    assert [s.article_ids[0] for s in first.stories()] == ["v0", "d0", "b0"]  # order of first article


def test_empty_and_punctuation_only_texts_get_stories_of_their_own() -> None:
    articles = [
        Article(id="e1", text=""),
        *_interleaved()[:3],
        Article(id="e2", text="!!! ... ?"),
        Article(id="e3", text="   "),
        Article(id="e4", text="the of and"),  # stop words only: no words either
    ]
    clusterer = ShortTextClusterer()
    ids = clusterer.add_many(articles)
    assert len(ids) == len(articles)
    for empty in ("e1", "e2", "e3", "e4"):
        assert clusterer.story_of(empty) == story_id_for(empty)
    stories = {s.id: s.article_ids for s in clusterer.stories()}
    assert sum(len(m) for m in stories.values()) == len(articles)
    for empty in ("e1", "e2", "e3", "e4"):
        assert stories[story_id_for(empty)] == [empty]


def test_an_article_seen_before_is_not_added_twice() -> None:
    articles = _interleaved()
    clusterer = ShortTextClusterer()
    clusterer.add_many(articles)
    again = clusterer.add(articles[0])
    assert again == clusterer.story_of(articles[0].id)
    assert sum(len(s.article_ids) for s in clusterer.stories()) == len(articles)


def test_title_and_text_words_are_lowercased_without_stop_words() -> None:
    words = short_text_words(Article(id="x", title="Volcano Erupts", text="The ash cloud and the ASH"))
    assert words == Counter({"volcano": 1, "erupts": 1, "ash": 2, "cloud": 1})


def _log_likelihood(
    words: Counter[str], counts: Counter[str], total: int, beta: float, v_beta: float
) -> float:
    """log of prod_w prod_j (n_z^w + beta + j - 1) / prod_i (n_z + V beta + i - 1), term by term."""
    value = sum(math.log(counts[w] + beta + j) for w, c in words.items() for j in range(c))
    return value - sum(math.log(total + v_beta + i) for i in range(sum(words.values())))


def _reference_one_pass(texts: list[list[str]], alpha: float, beta: float) -> list[int]:
    """The paper's formula computed literally, product by product, over every cluster: the vectorised
    clusterer (sparse word corrections, log-gamma) must make the same choices."""
    clusters: list[Counter[str]] = []
    sizes: list[int] = []
    out: list[int] = []
    vocabulary: set[str] = set()
    for docs, text in enumerate(texts):
        words = Counter(text)
        vocabulary |= set(words)
        big_d, v_beta = docs + 1, len(vocabulary) * beta
        norm = math.log(big_d - 1 + alpha * big_d)
        best = -1
        best_score = math.log(alpha * big_d) - norm + _log_likelihood(words, Counter(), 0, beta, v_beta)
        for z, counts in enumerate(clusters):
            score = math.log(sizes[z]) - norm + _log_likelihood(words, counts, counts.total(), beta, v_beta)
            if score > best_score + 1e-9:
                best, best_score = z, score
        if best < 0:
            clusters.append(Counter())
            sizes.append(0)
            best = len(clusters) - 1
        clusters[best] += words
        sizes[best] += 1
        out.append(best)
    return out


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(
        st.lists(
            st.sampled_from(["ash", "cloud", "goal", "derby", "vote", "tax", "flight", "storm"]),
            min_size=1,
            max_size=6,
        ),
        min_size=1,
        max_size=25,
    )
)
def test_one_pass_matches_the_formula_computed_literally(texts: list[list[str]]) -> None:
    config = replace(ClusterConfig(), short_iterations=0)
    clusterer = ShortTextClusterer(config)
    articles = [Article(id=f"t{n}", text=" ".join(t)) for n, t in enumerate(texts)]
    clusterer.add_many(articles)
    expected = _reference_one_pass(texts, config.short_alpha, config.short_beta)
    got = [clusterer.story_of(a.id) for a in articles]
    # Same partition: two texts share a story in one exactly when they do in the other.
    for i in range(len(texts)):
        for j in range(i):
            assert (expected[i] == expected[j]) == (got[i] == got[j])


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="abc d!", max_size=12), min_size=1, max_size=30),
    batch=st.integers(min_value=1, max_value=8),
)
def test_reassignment_keeps_every_article_in_exactly_one_story(texts: list[str], batch: int) -> None:
    config = replace(ClusterConfig(), short_batch=batch, short_iterations=3)
    articles = [Article(id=f"t{n}", text=t) for n, t in enumerate(texts)]
    first, second = ShortTextClusterer(config), ShortTextClusterer(config)
    first.add_many(articles)
    second.add_many(articles)
    stories = first.stories()
    members = [a for s in stories for a in s.article_ids]
    assert sorted(members) == sorted(a.id for a in articles)
    assert len({s.id for s in stories}) == len(stories)
    for story in stories:
        assert story.article_ids == sorted(story.article_ids, key=lambda a: int(a[1:]))  # arrival order
        assert all(first.story_of(a) == story.id for a in story.article_ids)
    assert [(s.id, s.article_ids) for s in stories] == [(s.id, s.article_ids) for s in second.stories()]


def test_auto_picks_short_for_tweet_like_batches_and_news_for_articles() -> None:
    tweets = _interleaved()
    assert median_words(tweets) <= ClusterSettings().short_max_words
    assert choose_method(tweets, NO_EMBEDDINGS) == "short"
    sentences = [Article(id=f"n{n}", text=t) for n, t in enumerate(NEWS_SENTENCES)]
    assert choose_method(sentences, NO_EMBEDDINGS) == "news"
    article = " ".join(NEWS_SENTENCES * 10)
    assert choose_method([Article(id="long", text=article)], NO_EMBEDDINGS) == "news"


def test_auto_boundary_counts_title_and_text_words() -> None:
    limit = ClusterSettings().short_max_words
    at_limit = [Article(id=f"a{n}", title="two words", text=" ".join(["w"] * (limit - 2))) for n in range(3)]
    over = [Article(id=f"b{n}", title="two words", text=" ".join(["w"] * (limit - 1))) for n in range(3)]
    assert choose_method(at_limit) == "short"
    assert choose_method(over) == "news"
    assert choose_method(over, replace(ClusterSettings(), method="short")) == "short"
    assert choose_method(at_limit, replace(ClusterSettings(), method="news")) == "news"


def test_cluster_articles_dispatches_on_the_method() -> None:
    tweets = _interleaved()
    short = cluster_articles(tweets, NO_EMBEDDINGS)
    clusterer = ShortTextClusterer(NO_EMBEDDINGS)
    clusterer.add_many(tweets)
    assert [(s.id, s.article_ids) for s in short] == [(s.id, s.article_ids) for s in clusterer.stories()]
    # Forced news on the same tweets runs the event clusterer: a different answer here (it fragments).
    news = cluster_articles(tweets, replace(NO_EMBEDDINGS, method="news"))
    assert _groups(news) != _groups(short)


def test_method_setting_is_validated() -> None:
    for method in CLUSTER_METHODS:
        assert ClusterSettings(method=method).method == method
    assert (
        Settings.from_mapping({"cluster": {"method": "short", "short_beta": 0.05}}).cluster.short_beta == 0.05
    )
    with pytest.raises(ConfigError, match=r"cluster\.method"):
        ClusterSettings(method="tweets")
    with pytest.raises(ConfigError):
        Settings.from_mapping({"cluster": {"short_alpha": 0.0}})


def test_eval_reports_the_method_that_ran(tmp_path: Path) -> None:
    data = tmp_path / "stream.jsonl"
    records = [
        {"Id": f"{n:03d}", "clusterNo": topic, "textCleaned": text}
        for n, (topic, text) in enumerate(
            (t, text) for t, texts in enumerate((VOLCANO, DERBY, BUDGET)) for text in texts
        )
    ]
    data.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    report = run_clustering_eval(data, label="clusterNo", order="input", embeddings=False, method="auto")
    assert report["method"] == "short" and report["method_requested"] == "auto"
    assert report["input_order"]["method"] == "short"
    assert report["input_order"]["nmi"] == 1.0


# --- forgetting (MStreamF): `keep_batches` / `short_keep_batches` -----------------------------------

# Fixed here, not the defaults: the tests below pin choices made under these priors.
ONE_PASS_PAIRS = replace(
    ClusterConfig(), short_alpha=0.03, short_beta=0.03, short_batch=2, short_iterations=0
)


def _model_counts(clusterer: ShortTextClusterer) -> Counter[str]:
    """Every word's count summed over the stories that hold it, as the model has it."""
    totals: Counter[str] = Counter()
    for word, posting in clusterer._postings.items():
        totals[word] = int(posting.counts[: posting.size].sum())
    return +totals


def _stream() -> list[Article]:
    """Batches of two (ONE_PASS_PAIRS): 0 = volcano, 1 = derby, 2 = budget, 3 = volcano again."""
    texts = [VOLCANO[0], VOLCANO[1], DERBY[0], DERBY[1], BUDGET[0], BUDGET[1], VOLCANO[2], VOLCANO[3]]
    return [Article(id=f"s{n}", text=t) for n, t in enumerate(texts)]


def test_a_forgotten_batch_leaves_no_counts() -> None:
    articles = _stream()
    clusterer = ShortTextClusterer(ONE_PASS_PAIRS, keep_batches=1)
    clusterer.add_many(articles[:5])  # s4 opens batch 2: batch 0 (the volcano pair) is forgotten
    kept = articles[2:5]
    expected = sum((short_text_words(a) for a in kept), Counter())
    assert _model_counts(clusterer) == expected
    assert "volcano" not in clusterer._postings  # out of the vocabulary, V shrinks with it
    assert len(clusterer._postings) == len(expected)
    assert clusterer._texts == len(kept)
    assert clusterer._m.sum() == len(kept)
    assert clusterer._n.sum() == expected.total()
    volcano = clusterer.story_of("s0")
    assert clusterer._m[clusterer._ids.index(volcano)] == 0  # empty: no longer a candidate


def test_forgotten_texts_keep_their_stories_and_ids() -> None:
    articles = _stream()
    everything = ShortTextClusterer(ONE_PASS_PAIRS, keep_batches=0)
    everything.add_many(articles[:6])
    forgetting = ShortTextClusterer(ONE_PASS_PAIRS, keep_batches=1)
    forgetting.add_many(articles[:6])
    # Same choices up to here (each pair is its own topic), and nothing forgotten lost its story.
    assert [(s.id, s.article_ids) for s in forgetting.stories()] == [
        (s.id, s.article_ids) for s in everything.stories()
    ]
    volcano = story_id_for("s0")
    assert forgetting.story_of("s0") == forgetting.story_of("s1") == volcano
    # The volcano story was emptied by forgetting: the next volcano text starts a story of its own
    # (named after it) instead of reopening the old one, which keeps its id and its members.
    forgetting.add_many(articles[6:])
    assert everything.add_many(articles[6:])[0] == volcano
    assert forgetting.story_of("s6") == forgetting.story_of("s7") == story_id_for("s6")
    stories = {s.id: s.article_ids for s in forgetting.stories()}
    assert stories[volcano] == ["s0", "s1"]
    assert stories[story_id_for("s6")] == ["s6", "s7"]
    assert len(stories) == len(set(stories)) == 4


def test_forgetting_counts_batches_by_arrival_so_add_and_add_many_agree() -> None:
    articles = _stream()
    at_once = ShortTextClusterer(ONE_PASS_PAIRS, keep_batches=1)
    at_once.add_many(articles)
    one_by_one = ShortTextClusterer(ONE_PASS_PAIRS, keep_batches=1)
    for article in articles:
        one_by_one.add(article)
    assert [(s.id, s.article_ids) for s in at_once.stories()] == [
        (s.id, s.article_ids) for s in one_by_one.stories()
    ]
    assert _model_counts(at_once) == _model_counts(one_by_one)
    assert _model_counts(at_once) == sum((short_text_words(a) for a in articles[4:]), Counter())


def test_keep_batches_reads_the_setting_and_rejects_negatives() -> None:
    assert ClusterSettings().short_keep_batches == 1
    assert ShortTextClusterer().keep_batches == ClusterSettings().short_keep_batches
    assert ShortTextClusterer(keep_batches=3).keep_batches == 3
    with pytest.raises(ValueError, match="keep_batches"):
        ShortTextClusterer(keep_batches=-1)


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(
        st.lists(st.sampled_from(["ash", "cloud", "goal", "derby", "vote", "tax", "!"]), max_size=5),
        min_size=1,
        max_size=30,
    ),
    batch=st.integers(min_value=1, max_value=6),
    keep=st.integers(min_value=1, max_value=3),
)
def test_forgetting_is_deterministic_and_keeps_only_the_recent_batches(
    texts: list[list[str]], batch: int, keep: int
) -> None:
    config = replace(ClusterConfig(), short_batch=batch, short_iterations=2)
    articles = [Article(id=f"t{n}", text=" ".join(t)) for n, t in enumerate(texts)]
    first = ShortTextClusterer(config, keep_batches=keep)
    second = ShortTextClusterer(config, keep_batches=keep)
    assert first.add_many(articles) == second.add_many(articles)
    assert [(s.id, s.article_ids) for s in first.stories()] == [
        (s.id, s.article_ids) for s in second.stories()
    ]
    stories = first.stories()
    assert sorted(a for s in stories for a in s.article_ids) == sorted(a.id for a in articles)
    assert len({s.id for s in stories}) == len(stories)
    # The model holds exactly the texts of the last batch and the `keep` before it.
    last = (len(articles) - 1) // batch
    kept = [a for n, a in enumerate(articles) if n // batch >= last - keep]
    assert _model_counts(first) == sum((short_text_words(a) for a in kept), Counter())
    assert first._texts == sum(1 for a in kept if short_text_words(a))
    # Keeping at least as many batches as the stream has is the same as keeping everything.
    if last <= keep:
        whole = ShortTextClusterer(config, keep_batches=0)
        whole.add_many(articles)
        assert [(s.id, s.article_ids) for s in whole.stories()] == [(s.id, s.article_ids) for s in stories]
