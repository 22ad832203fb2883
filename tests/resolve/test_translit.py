"""The learned Cyrillic -> Latin transducer: letter handling, the dynamic programme against brute force,
training on a handful of pairs, and linking held-out names."""

from __future__ import annotations

import numpy as np
import pytest

from storyweave.resolve import translit
from storyweave.resolve.translit import (
    SHAPES,
    TranslitModel,
    cyrillic_letters,
    latin_letters,
    link,
)

TRAIN = [
    ("lukashenko", "лукашенко"), ("peskov", "песков"), ("shchukin", "щукин"), ("tsygankov", "цыганков"),
    ("zhukov", "жуков"), ("khrushchev", "хрущев"), ("chekhov", "чехов"), ("yeltsin", "ельцин"),
    ("gentilini", "джентилини"), ("george", "джордж"), ("johnson", "джонсон"), ("jackson", "джексон"),
    ("maximilian", "максимилиан"), ("alexander", "александр"), ("hoffmann", "хофман"),
    ("hamilton", "гамильтон"), ("heinrich", "генрих"), ("persius", "персий"), ("julius", "юлий"),
    ("tomoto", "томото"), ("teoman", "теоман"), ("yukio", "юкио"), ("yamada", "ямада"),
    ("schmidt", "шмидт"), ("schneider", "шнайдер"), ("charles", "шарль"), ("michel", "мишель"),
    ("petrov", "петров"), ("ivanov", "иванов"), ("sergei", "сергей"), ("dmitry", "дмитрий"),
    ("natalia", "наталья"), ("tatiana", "татьяна"), ("mikhail", "михаил"), ("nikolai", "николай"),
    ("wagner", "вагнер"), ("wilson", "уилсон"), ("william", "уильям"), ("watson", "уотсон"),
    ("cicero", "цицерон"), ("caesar", "цезарь"), ("marcus", "марк"), ("lucius", "луций"),
]  # fmt: skip


def test_letters_are_normalised() -> None:
    assert cyrillic_letters("Щукин-Ёлкин!") == "щукинёлкин"
    assert latin_letters("Adámek O'Brien") == "adamekobrien"
    assert latin_letters("Jōjirō") == "jojiro"


def _brute_force(model: TranslitModel, x: str, y: str) -> float:
    """Sum over every sequence of operations that turns x$ into y$, by plain recursion."""
    x, y = x + translit.END, y + translit.END
    cyr = {c: k + 1 for k, c in enumerate(translit.CYRILLIC)}
    lat = {c: k + 1 for k, c in enumerate(translit.LATIN)}

    def code(s: str, index: dict[str, int], base: int) -> int:
        out = 0
        for c in s:
            out = out * base + index[c]
        return out

    def total(i: int, j: int) -> float:
        if i == len(x) and j == len(y):
            return 1.0
        out = 0.0
        for a, b in SHAPES:
            if i + a <= len(x) and j + b <= len(y):
                p = np.exp(
                    model.tables[(a, b)][
                        code(x[i : i + a], cyr, translit._CB), code(y[j : j + b], lat, translit._LB)
                    ]
                )
                if p > 0:
                    out += p * total(i + a, j + b)
        return out

    return float(np.log(total(0, 0)))


def test_forward_matches_brute_force() -> None:
    rng = np.random.default_rng(1)
    tables = {s: np.log(rng.uniform(0.01, 1.0, t.shape) * 1e-3) for s, t in TranslitModel().tables.items()}
    model = TranslitModel(tables)
    pairs = [("дж", "j"), ("кса", "xa"), ("щи", "shchi"), ("ий", "ius"), ("а", "")]
    got = model.log_prob([p[0] for p in pairs], [p[1] for p in pairs])
    for (x, y), value in zip(pairs, got, strict=True):
        assert value == pytest.approx(_brute_force(model, x, y), rel=1e-9)


def test_expected_counts_are_one_alignment_per_letter_pair() -> None:
    # Each pair's posterior over alignments sums to one, so the expected number of operations that
    # consume the final "$" on the Cyrillic side is exactly one per pair.
    model = TranslitModel()
    counts = model._expected_counts(["жук", "ли"], ["zhuk", "lee"])
    end = translit.CYRILLIC.index(translit.END) + 1  # code of "$"
    used = 0.0
    for (a, b), flat in counts.items():
        rows = flat.reshape(model.tables[(a, b)].shape)
        if a == 1:
            used += rows[end].sum()
        elif a == 2:
            used += rows[np.arange(rows.shape[0]) % translit._CB == end].sum()
    assert used == pytest.approx(2.0)


@pytest.fixture(scope="module")
def model() -> TranslitModel:
    return TranslitModel.fit(TRAIN, iterations=5)


def test_training_learns_digraphs(model: TranslitModel) -> None:
    good = model.log_prob(["жуков", "щукин", "джонсон"], ["zhukov", "shchukin", "johnson"])
    bad = model.log_prob(["жуков", "щукин", "джонсон"], ["zukov", "sukin", "dionson"])
    assert (good > bad).all()
    assert model.romanize("жук").startswith("zh")


def test_conditional_is_a_probability(model: TranslitModel) -> None:
    joint = model.log_prob(["петров", "жуков"], ["petrov", "zhukov"])
    assert (joint <= model.latin_log_prob(["petrov", "zhukov"])).all()


def test_link_held_out_names(model: TranslitModel) -> None:
    candidates = [
        "Zhukovsky", "Shchukina", "Jackie", "Petrovich", "Hoffmeister", "Maxim", "Schumacher", "Giovanni",
        "Tomasz", "Julia", "Sergeyev", "Zhukova", "Hamid", "Wilhelm", "Chekhova", "Tsvetkov",
    ]  # fmt: skip
    queries = ["Жуковский", "Щукина", "Шумахер", "Вильгельм", "Джованни", "Цветков", "Максим", "Юлия"]
    expected = ["Zhukovsky", "Shchukina", "Schumacher", "Wilhelm", "Giovanni", "Tsvetkov", "Maxim", "Julia"]
    best = link(model, queries, candidates, top_k=5, romanized_k=3)
    assert [candidates[b] for b in best] == expected


def test_link_without_training_falls_back_to_keys() -> None:
    best = link(TranslitModel(), ["Песков"], ["Lukashenko", "Peskov", "Putin"], top_k=3)
    assert list(best) == [1]


def test_every_pair_has_a_path_after_training(model: TranslitModel) -> None:
    # Letters never seen together in training still get a finite score (smoothing floor).
    values = model.log_prob(["ъыь", "ґ"], ["qqq", "xw"])
    assert np.isfinite(values).all()


def test_shapes_cover_the_common_digraphs() -> None:
    lengths = {
        (len(c), len(lat)) for c, lat in [("ж", "zh"), ("щ", "sch"), ("дж", "j"), ("кс", "x"), ("й", "")]
    }
    assert lengths <= set(SHAPES)
    assert all(a <= 2 and b <= 3 and a + b >= 1 for a, b in SHAPES)
