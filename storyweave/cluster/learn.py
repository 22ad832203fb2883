"""Fitting the article-story scorer and choosing the join threshold, with cross-validation by group.

Training pairs come from the clusterer itself, run with the gold answer ("teacher forcing"): articles
stream in a shuffled order, each is compared with the candidate stories the real clusterer would block
for it, and every (article, candidate) pair is labelled by whether the candidate is its gold story; the
article then joins its gold story. So the scorer learns on exactly the comparisons it will face.
Logistic regression (scikit-learn) fits the weights; the threshold is the one that maximizes B-cubed F1
of real (not teacher-forced) runs on the training groups. Pure code: callers read the data.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from sklearn.linear_model import LogisticRegression

from storyweave.analyze.embeddings import Embedder
from storyweave.cluster.config import ClusterConfig
from storyweave.cluster.online import StoryClusterer
from storyweave.cluster.profile import ArticleVectors, StoryProfile
from storyweave.cluster.similarity import FEATURES, Scorer, pair_features
from storyweave.cluster.split import STORY_SCORER, halves_features
from storyweave.eval.clustering import bcubed
from storyweave.model import Article


@dataclass(frozen=True, slots=True)
class Example:
    article: Article
    label: str  # gold cluster
    group: str  # cross-validation unit (ECB+ topic)


_HARD_NEGATIVES = 3


class _TeacherForced(StoryClusterer):
    """Records (features, same-story) for every candidate, then places the article in its gold story."""

    def __init__(self, gold: dict[str, str], *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.gold = gold
        self.by_label: dict[str, StoryProfile] = {}
        self.rows: list[np.ndarray] = []
        self.targets: list[int] = []

    def _best_story(self, article: ArticleVectors) -> StoryProfile | None:
        label = self.gold[article.id]
        negatives: list[np.ndarray] = []
        for story in self._candidates(article):
            row = pair_features(article, story, self._centroid(story))
            if self.gold[story.article_ids[0]] == label:
                self.rows.append(row)
                self.targets.append(1)
            else:
                negatives.append(row)
        # Only the closest wrong stories teach anything: distant ones are rejected by any weights, and
        # their sheer number would drown the few that look alike (the same kind of event).
        negatives.sort(key=lambda r: -(r[0] + r[1]))
        self.rows += negatives[:_HARD_NEGATIVES]
        self.targets += [0] * len(negatives[:_HARD_NEGATIVES])
        return self.by_label.get(label)

    def _new_story(self, article: ArticleVectors) -> StoryProfile:
        story = super()._new_story(article)
        self.by_label.setdefault(self.gold[article.id], story)
        return story


def training_pairs(
    examples: Sequence[Example], config: ClusterConfig, embedder: Embedder | None, seeds: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    gold = {e.article.id: e.label for e in examples}
    rows: list[np.ndarray] = []
    targets: list[int] = []
    for seed in seeds:
        order = _shuffled(examples, seed)
        forced = _TeacherForced(gold, replace(config, merge_every=0), embedder=embedder)
        articles = _without_some_signals([e.article for e in order], seed)
        forced.observe(articles)
        forced.add_many(articles)
        rows += forced.rows
        targets += forced.targets
    return np.array(rows), np.array(targets)


def story_pairs(
    examples: Sequence[Example], config: ClusterConfig, embedder: Embedder | None, samples: int = 5
) -> tuple[np.ndarray, np.ndarray]:
    """Rows for the story-to-story scorer: bisected gold stories (one event: target 1) against bisected
    groups that hold several stories (ECB+ topics, two events of one kind: target 0). Each group is
    also resampled (60-100% of its members) so the scorer sees halves of many sizes."""
    clusterer = StoryClusterer(replace(config, merge_every=0), embedder=embedder)
    articles = [e.article for e in examples]
    clusterer.observe(articles)
    vectors = clusterer.vectors(articles)
    by_label: dict[str, list[ArticleVectors]] = {}
    by_group: dict[str, list[ArticleVectors]] = {}
    labels_in_group: dict[str, set[str]] = {}
    for example, vec in zip(examples, vectors, strict=True):
        by_label.setdefault(example.label, []).append(vec)
        by_group.setdefault(example.group, []).append(vec)
        labels_in_group.setdefault(example.group, set()).add(example.label)
    groups = [(members, 1) for members in by_label.values()]
    groups += [(by_group[g], 0) for g, labels in labels_in_group.items() if len(labels) > 1]
    rng = random.Random(7)
    rows: list[np.ndarray] = []
    targets: list[int] = []
    for members, target in groups:
        for n in range(samples):
            sample = (
                members if n == 0 else rng.sample(members, max(2, int(len(members) * rng.uniform(0.6, 1))))
            )
            row = halves_features(sample, members[0].language)
            if row is not None:
                rows.append(row)
                targets.append(target)
    return np.array(rows), np.array(targets)


def fit_scorer(rows: np.ndarray, targets: np.ndarray, exclude: Sequence[str] = ()) -> Scorer | None:
    """Logistic regression over FEATURES; features named in `exclude` get weight 0."""
    if len(set(targets.tolist())) < 2:
        return None  # one class only: nothing to learn (e.g. clustering by topic: no group holds two)
    keep = [i for i, name in enumerate(FEATURES) if name not in exclude]
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit(rows[:, keep], targets)
    weights = [0.0] * len(FEATURES)
    for i, w in zip(keep, model.coef_[0], strict=True):
        weights[i] = float(w)
    return Scorer(tuple(weights), float(model.intercept_[0]))


@dataclass(frozen=True, slots=True)
class Scorers:
    article: Scorer  # article -> story (online assignment)
    story: Scorer | None  # story -> story (split and merge passes); None: no split or merge pass


def fit_scorers(
    examples: Sequence[Example], config: ClusterConfig, embedder: Embedder | None, seeds: Sequence[int]
) -> Scorers:
    article = fit_scorer(*training_pairs(examples, config, embedder, seeds))
    if article is None:
        raise ValueError("the training set gives only one kind of article-story pair")
    return Scorers(article=article, story=fit_scorer(*story_pairs(examples, config, embedder)))


def run_clustering(
    examples: Sequence[Example], config: ClusterConfig, embedder: Embedder | None, scorers: Scorers, seed: int
) -> tuple[list[str], list[str]]:
    """(gold labels, predicted story ids) of one shuffled streaming run, as the batch API does it."""
    order = _shuffled(examples, seed)
    if scorers.story is None:
        config = replace(config, split_threshold=0.0, merge_threshold=1.01)  # turns both passes off
    clusterer = StoryClusterer(
        config, embedder=embedder, scorer=scorers.article, story_scorer=scorers.story or STORY_SCORER
    )
    articles = [e.article for e in order]
    clusterer.observe(articles)
    clusterer.add_many(articles)
    clusterer.maintain()
    return [e.label for e in order], [clusterer.story_of(e.article.id) for e in order]


# (split_threshold, merge_threshold) pairs tried; merge >= split, so a merge never undoes a split.
SPLIT_MERGE = ((0.5, 0.5), (0.5, 0.8), (0.7, 0.7), (0.7, 0.9))


def choose_threshold(
    examples: Sequence[Example],
    config: ClusterConfig,
    embedder: Embedder | None,
    scorers: Scorers,
    thresholds: Sequence[float],
    seeds: Sequence[int],
) -> tuple[tuple[float, float, float], dict[tuple[float, float, float], float]]:
    """The (join, split, merge) thresholds with the best mean B-cubed F1 over `seeds` shuffles."""
    scores: dict[tuple[float, float, float], float] = {}
    for threshold in thresholds:
        for split, merge in SPLIT_MERGE if scorers.story is not None else ((0.0, 1.01),):
            trial = replace(config, threshold=threshold, split_threshold=split, merge_threshold=merge)
            f1s = [bcubed(*run_clustering(examples, trial, embedder, scorers, s))[2] for s in seeds]
            scores[(threshold, split, merge)] = float(np.mean(f1s))
    return max(scores, key=lambda t: (scores[t], -abs(t[0] - 0.5))), scores


@dataclass(frozen=True, slots=True)
class FoldResult:
    groups: tuple[str, ...]
    thresholds: tuple[float, float, float]  # join, split, merge
    scorers: Scorers
    gold: list[str]
    predicted: list[str]


def cross_validate(
    examples: Sequence[Example],
    config: ClusterConfig,
    embedder: Embedder | None,
    thresholds: Sequence[float],
    folds: int = 5,
    seeds: Sequence[int] = (0, 1, 2),
) -> list[FoldResult]:
    """Fit and tune on all groups but one fold, cluster the held-out fold; one result per fold."""
    groups = sorted({e.group for e in examples}, key=_natural)
    random.Random(12345).shuffle(groups)
    results = []
    for k in range(folds):
        held = set(groups[k::folds])
        train = [e for e in examples if e.group not in held]
        test = [e for e in examples if e.group in held]
        scorers = fit_scorers(train, config, embedder, seeds)
        chosen, _ = choose_threshold(train, config, embedder, scorers, thresholds, seeds[:1])
        tuned = replace(config, threshold=chosen[0], split_threshold=chosen[1], merge_threshold=chosen[2])
        gold, predicted = run_clustering(test, tuned, embedder, scorers, 99)
        results.append(
            FoldResult(tuple(sorted(held)), chosen, scorers, gold, [f"{k}:{p}" for p in predicted])
        )
    return results


_DEGRADED_SHARE = 0.25


def _without_some_signals(articles: list[Article], seed: int) -> list[Article]:
    """A quarter of the articles lowercased, dates and figures kept: their names vanish, as in
    lowercased feeds, social posts or a language without capitals. Without this the training set
    (edited English news: every article names someone) never shows the scorer a pair with no names, and
    it learns no weight for the "no names" flag; it then rejects every match in a stream without them."""
    rng = random.Random(seed + 1000)
    return [
        replace(a, text=a.text.lower(), title=a.title.lower() if a.title else None, mentions=[])
        if rng.random() < _DEGRADED_SHARE
        else a
        for a in articles
    ]


def _shuffled(examples: Sequence[Example], seed: int) -> list[Example]:
    order = list(examples)
    random.Random(seed).shuffle(order)
    return order


def _natural(value: str) -> tuple[int, str]:
    return (int(value), value) if value.isdigit() else (1 << 30, value)
