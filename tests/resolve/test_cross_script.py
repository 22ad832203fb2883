"""Cyrillic and Latin spellings of one person merge through the shipped transducer; near misses do not."""

from __future__ import annotations

import time

import numpy as np
import pytest

from storyweave.model import Article, Mention
from storyweave.resolve import ResolveSettings, resolve_entities
from storyweave.resolve.entities import TRANSLIT_THRESHOLD, cross_script
from storyweave.resolve.translit import MODEL_PATH, TranslitModel, load_model, script


def story(*names: str) -> list[Article]:
    """One article per name, each mentioning it once as a PERSON."""
    out = []
    for k, name in enumerate(names):
        text = f"{name} spoke on Monday."
        out.append(Article(id=f"a{k}", text=text, mentions=[Mention(0, len(name), name, "PERSON")]))
    return out


def ids(articles: list[Article]) -> list[str | None]:
    return [a.mentions[0].entity_id for a in articles]


@pytest.mark.parametrize(
    "names",
    [
        ("Aleksandr Lukashenko", "Лукашенко", "Lukashenka"),
        ("Александр Лукашенко", "Alyaksandr Lukashenka"),
        ("Kassym-Jomart Tokayev", "Токаев", "Toqaev"),
        ("Касым-Жомарт Токаев", "Kassym-Jomart Toqaev"),
        ("Nikol Pashinyan", "Пашинян", "Pashinian"),
        ("Никол Пашинян", "Nikol Pashinian"),
        ("Сергей Алейник", "Sergei Aleinik"),
        ("Садыр Жапаров", "Sadyr Japarov"),
        ("Пашинян", "Pashinian"),  # two lone surnames
    ],
)
def test_romanisation_variants_merge_across_scripts(names: tuple[str, ...]) -> None:
    articles = story(*names)
    entities = resolve_entities(articles)
    assert len(entities) == 1, [(e.name, e.aliases) for e in entities]
    assert len(set(ids(articles))) == 1 and ids(articles)[0] is not None


@pytest.mark.parametrize(
    "names",
    [
        ("Sadyr Japarov", "Японов"),
        ("Садыр Японов", "Sadyr Japarov"),
        ("Kassym-Jomart Tokayev", "Токарев"),
        ("Андрей Никулин", "Andrei Vikulin"),
        ("Никулин", "Vikulin"),
        ("Салищев", "Selischev"),
        ("Алексей Бобовский", "Aleksei Borovsky"),
    ],
)
def test_different_people_stay_apart_across_scripts(names: tuple[str, ...]) -> None:
    articles = story(*names)
    resolve_entities(articles)
    got = ids(articles)
    assert len(set(got)) == len(got), got


def test_belarusian_given_name_joins_with_the_same_role() -> None:
    # "Сергей"/"Syarhey" is a Russian/Belarusian pair, not a spelling variant (word score -1.5): as for
    # "Sergei"/"Syarhey" in Latin script, the shared role is what joins them.
    role = "Belarusian Foreign Minister"
    articles = []
    for k, name in enumerate(("Сергей Алейник", "Syarhey Aleynyk", "Sergei Aleinik")):
        text = f"{role} {name} spoke."
        mentions = [
            Mention(0, len(role), role, "DESCRIPTOR"),
            Mention(len(role) + 1, len(text) - 7, name, "PERSON"),
        ]
        articles.append(Article(id=f"a{k}", text=text, mentions=mentions))
    entities = resolve_entities(articles)
    assert len(entities) == 1, [(e.name, e.aliases) for e in entities]
    assert len({a.mentions[1].entity_id for a in articles}) == 1
    bare = story("Сергей Алейник", "Syarhey Aleynyk")
    resolve_entities(bare)
    assert ids(bare)[0] != ids(bare)[1]


def test_given_names_still_keep_two_people_apart() -> None:
    articles = story("Садыр Жапаров", "Akylbek Japarov")
    resolve_entities(articles)
    assert ids(articles)[0] != ids(articles)[1]


def test_cross_script_scores_and_threshold() -> None:
    cross = cross_script(ResolveSettings())
    assert cross.threshold == TRANSLIT_THRESHOLD
    assert cross.crossed("Лукашенко", "Lukashenka") and not cross.crossed("Lukashenko", "Lukashenka")
    assert cross.score("лукашенко", "lukashenka") > TRANSLIT_THRESHOLD > cross.score("японов", "japarov")
    assert script("Лукашенко") == "cyrillic" and script("Łukaszenka") == "latin" and script("Лu") == ""


def test_shipped_model_is_small_loads_fast_and_round_trips(tmp_path) -> None:
    assert MODEL_PATH.stat().st_size < 2_000_000
    started = time.perf_counter()
    model = TranslitModel.load(MODEL_PATH)
    assert time.perf_counter() - started < 0.2
    assert load_model() is load_model()  # read once
    model.save(tmp_path / "copy.npz")
    again = TranslitModel.load(tmp_path / "copy.npz")
    for shape, table in model.tables.items():
        assert np.array_equal(table, again.tables[shape])


def test_a_model_can_be_passed_in() -> None:
    # The untrained prior knows no letter correspondences, so nothing crosses scripts by the model.
    articles = story("Nikol Pashinyan", "Пашинян")
    resolve_entities(articles, translit=TranslitModel())
    assert ids(articles)[0] != ids(articles)[1]
    resolve_entities(articles, translit=load_model())
    assert ids(articles)[0] == ids(articles)[1]
