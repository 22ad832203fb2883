from __future__ import annotations

import random

from storyweave.analyze.sentences import split_sentences
from storyweave.dedup import PassageIndex
from storyweave.dedup.parallel import add_batches
from storyweave.model import Article

LINES = [
    "The ministers signed fifteen documents on trade, customs and energy cooperation in Minsk.",
    "Flooding closed three bridges across the river after a week of heavy rain in the north.",
    "Emergency crews evacuated more than two hundred residents from low-lying streets overnight.",
    "The central bank left its main interest rate unchanged for the fourth month in a row.",
]


def articles() -> list[Article]:
    rng = random.Random(0)
    out = []
    for i in range(12):
        opener = " ".join("".join(rng.choices("abcdefghiklmnoprstuv", k=6)) for _ in range(10)) + "."
        text = "\n".join([opener, LINES[i % 4]])
        out.append(Article(id=f"a{i}", text=text, sentences=split_sentences(text)))
    return out


def signature(batches: list[list]) -> list[tuple]:
    return [(m.article, m.first, m.other, m.other_first) for found in batches for m in found]


def test_worker_signing_gives_the_same_matches_as_signing_in_process() -> None:
    items = articles()
    batches = [items[i : i + 3] for i in range(0, len(items), 3)]
    serial = list(add_batches(PassageIndex(), batches, workers=1))
    parallel = list(add_batches(PassageIndex(), batches, workers=2))
    assert signature(parallel) == signature(serial)
    # Articles 4-7 repeat one earlier line each, articles 8-11 two.
    assert len(signature(serial)) == 4 * 1 + 4 * 2
