from __future__ import annotations

import numpy as np

from storyweave.cluster.profile import ArticleVectors
from storyweave.cluster.similarity import FEATURES, Scorer
from storyweave.cluster.split import bisect, profile_of, residual_matrix, same_story_probability


def _member(n: int, words: dict[str, float], direction: np.ndarray) -> ArticleVectors:
    emb = (direction / np.linalg.norm(direction)).astype(np.float32)
    return ArticleVectors(f"m{n}", n, words, {}, {}, {}, emb, None, "en")


def test_bisect_separates_two_events_that_share_their_kind() -> None:
    shared = np.ones(8)
    members = []
    for n in range(6):
        own = np.zeros(8)
        own[0 if n % 2 == 0 else 1] = 0.6  # what is specific to each event, on top of the shared kind
        town = "orvask" if n % 2 == 0 else "telmar"
        members.append(_member(n, {"earthquake": 0.7, town: 0.7}, shared + own))
    halves = bisect(members)
    assert halves is not None
    assert sorted(halves[0]) == [0, 2, 4] and sorted(halves[1]) == [1, 3, 5]


def test_residuals_are_centred_unit_rows() -> None:
    members = [_member(n, {"w": 1.0, f"x{n}": 1.0}, np.arange(8) + n) for n in range(3)]
    matrix = residual_matrix(members)
    assert matrix.shape[0] == 3
    assert np.allclose(np.linalg.norm(matrix[:, :8], axis=1), 1.0)


def test_bisect_refuses_single_members() -> None:
    assert bisect([_member(0, {"a": 1.0}, np.ones(8))]) is None


def test_same_story_probability_is_symmetric_in_argument_order() -> None:
    a = profile_of("a", [_member(0, {"x": 1.0}, np.ones(8))], "en")
    b = profile_of("b", [_member(n, {"x": 1.0}, np.ones(8)) for n in range(1, 3)], "en")
    scorer = Scorer(tuple([1.0] * len(FEATURES)), -1.0)
    assert same_story_probability(a, b, scorer) == same_story_probability(b, a, scorer)
