"""Fitting the scorers on a tiny hand-written set: the machinery, not the weights."""

from __future__ import annotations

from storyweave.cluster import FEATURES, ClusterConfig
from storyweave.cluster.learn import Example, fit_scorer, story_pairs, training_pairs
from storyweave.model import Article

STORIES = {
    ("quakes", "orvask"): [
        "A 6.1 earthquake hit Orvask on Tuesday, March 3, 2015, and destroyed the Orvask school.",
        "Rescuers in Orvask searched the school after Tuesday's 6.1 quake, mayor Ana Belko said.",
        "Ana Belko, mayor of Orvask, said the 6.1 earthquake killed 12 people on Tuesday.",
    ],
    ("quakes", "telmar"): [
        "A 5.4 earthquake shook Telmar on Friday, June 9, 2019, breaking the Telmar harbour wall.",
        "Fishermen in Telmar lost boats in Friday's 5.4 quake, said harbour master Oskar Veld.",
        "Oskar Veld said the 5.4 earthquake in Telmar injured 30 people on Friday.",
    ],
    ("banks", "norland"): [
        "The Bank of Norland raised rates by half a point on Monday, governor Ida Sorn said.",
        "Ida Sorn, governor of the Bank of Norland, defended Monday's half-point rate rise.",
    ],
}


def _examples() -> list[Example]:
    return [
        Example(Article(id=f"{story}-{n}", text=text), label=story, group=group)
        for (group, story), texts in STORIES.items()
        for n, text in enumerate(texts)
    ]


def test_teacher_forced_pairs_hold_both_classes_and_fit() -> None:
    config = ClusterConfig(use_embeddings=False)
    rows, targets = training_pairs(_examples(), config, None, seeds=(0, 1))
    assert rows.shape[1] == len(FEATURES) and set(targets.tolist()) == {0, 1}
    scorer = fit_scorer(rows, targets)
    assert scorer is not None and len(scorer.weights) == len(FEATURES)


def test_story_pairs_contrast_single_stories_with_mixed_groups() -> None:
    rows, targets = story_pairs(_examples(), ClusterConfig(use_embeddings=False), None, samples=2)
    assert len(rows) == len(targets)
    assert 1 in targets.tolist() and 0 in targets.tolist()


def test_one_class_gives_no_scorer() -> None:
    import numpy as np

    assert fit_scorer(np.zeros((3, len(FEATURES))), np.ones(3, dtype=int)) is None
