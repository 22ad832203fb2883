"""Resolution on hand-written articles whose mentions are marked by hand (no NER needed)."""

from __future__ import annotations

import random
import time

from storyweave.model import Article, Mention
from storyweave.resolve import ResolveSettings, resolve_entities


def article(id_: str, text: str, *spans: tuple[str, str]) -> Article:
    """`spans` are (surface text, label), located left to right in `text`."""
    mentions, pos = [], 0
    for surface, label in spans:
        start = text.index(surface, pos)
        mentions.append(Mention(start, start + len(surface), surface, label))
        pos = start + 1
    mentions.sort(key=lambda m: m.start)
    return Article(id=id_, text=text, mentions=mentions)


def by_name(entities: list) -> dict:
    return {e.name: e for e in entities}


def test_respellings_and_scripts_merge_into_one_entity() -> None:
    a = article(
        "a",
        "Alyaksandr Lukashenka met Putin. Lukashenka spoke.",
        ("Alyaksandr Lukashenka", "PERSON"),
        ("Putin", "PERSON"),
        ("Lukashenka", "PERSON"),
    )
    b = article(
        "b",
        "Aleksandr Lukashenko said it. Лукашенко agreed.",
        ("Aleksandr Lukashenko", "PERSON"),
        ("Лукашенко", "PERSON"),
    )
    c = article("c", "Alyaksandr Lukashenka hosted.", ("Alyaksandr Lukashenka", "PERSON"))
    entities = resolve_entities([a, b, c])
    luka = by_name(entities)["Alyaksandr Lukashenka"]  # most common full form
    assert set(luka.aliases) == {"Lukashenka", "Aleksandr Lukashenko", "Лукашенко"}
    assert luka.articles == ["a", "b", "c"]
    assert all(m.entity_id for x in (a, b, c) for m in x.mentions)
    assert a.mentions[0].entity_id == b.mentions[1].entity_id == c.mentions[0].entity_id
    assert a.mentions[1].entity_id != a.mentions[0].entity_id


def test_two_people_sharing_a_surname_stay_apart_and_the_lone_surname_is_not_guessed() -> None:
    a = article(
        "a",
        "Sadyr Japarov and Akylbek Japarov met. Japarov left.",
        ("Sadyr Japarov", "PERSON"),
        ("Akylbek Japarov", "PERSON"),
        ("Japarov", "PERSON"),
    )
    entities = resolve_entities([a])
    assert {e.name for e in entities} == {"Sadyr Japarov", "Akylbek Japarov"}
    assert a.mentions[2].entity_id is None


def test_lone_surname_attaches_when_unambiguous() -> None:
    a = article("a", "Nikol Pashinyan stayed away.", ("Nikol Pashinyan", "PERSON"))
    b = article("b", "Pashinian criticised it.", ("Pashinian", "PERSON"))
    entities = resolve_entities([a, b])
    assert len(entities) == 1 and entities[0].aliases == ["Pashinian"]


def test_acronym_joins_its_full_name() -> None:
    a = article(
        "a",
        "The Collective Security Treaty Organization met. The CSTO agreed.",
        ("Collective Security Treaty Organization", "ORG"),
        ("CSTO", "ORG"),
    )
    b = article("b", "CSTO leaders met.", ("CSTO", "ORG"))
    entities = resolve_entities([a, b])
    assert len(entities) == 1
    assert entities[0].name == "Collective Security Treaty Organization"
    assert entities[0].aliases == ["CSTO"]


def test_all_caps_and_diacritics_are_the_same_name() -> None:
    a = article(
        "a",
        "DMITRY PESKOV said. Dmitry Peskov said. Dmítry Peskóv said.",
        ("DMITRY PESKOV", "PERSON"),
        ("Dmitry Peskov", "PERSON"),
        ("Dmítry Peskóv", "PERSON"),
    )
    entities = resolve_entities([a])
    assert len(entities) == 1
    assert entities[0].name == "Dmitry Peskov"  # plain case preferred over all caps


def test_places_and_organisations_need_close_whole_names() -> None:
    a = article(
        "a",
        "Iran and Iraq met in Austria; Australia watched.",
        ("Iran", "GPE"),
        ("Iraq", "GPE"),
        ("Austria", "GPE"),
        ("Australia", "GPE"),
    )
    assert len(resolve_entities([a])) == 4


def test_descriptors_and_title_only_mentions() -> None:
    text = (
        "The summit was hosted by authoritarian Belarusian leader Alyaksandr Lukashenka. "
        "Dmitry Peskov, the Kremlin spokesman, spoke. The Belarusian leader smiled. The president left."
    )
    a = article(
        "a",
        text,
        ("authoritarian Belarusian leader", "DESCRIPTOR"),
        ("Alyaksandr Lukashenka", "PERSON"),
        ("Dmitry Peskov", "PERSON"),
        ("the Kremlin spokesman", "DESCRIPTOR"),
        ("The Belarusian leader", "TITLE"),
        ("The president", "TITLE"),
    )
    entities = by_name(resolve_entities([a]))
    luka, peskov = entities["Alyaksandr Lukashenka"], entities["Dmitry Peskov"]
    assert [d.text for d in luka.descriptors] == ["authoritarian Belarusian leader"]
    assert [d.text for d in peskov.descriptors] == ["the Kremlin spokesman"]
    titles = [m for m in a.mentions if m.label == "TITLE"]
    assert titles[0].entity_id == luka.id  # exactly one entity is a "Belarusian leader"
    assert titles[1].entity_id is None  # nobody here is described as president


def test_mixed_script_name_and_title_only_story() -> None:
    a = article(
        "a",
        "Vladimir Рutin spoke. Vladimir Putin left.",
        ("Vladimir Рutin", "PERSON"),
        ("Vladimir Putin", "PERSON"),
    )
    assert len(resolve_entities([a])) == 1
    b = article("b", "The president spoke.", ("The president", "TITLE"))
    assert resolve_entities([b]) == [] and b.mentions[0].entity_id is None


def test_ids_are_stable_and_rerunning_resets_links() -> None:
    make = lambda: article("a", "Ararat Mirzoyan spoke.", ("Ararat Mirzoyan", "PERSON"))  # noqa: E731
    first, second = make(), make()
    assert resolve_entities([first])[0].id == resolve_entities([second])[0].id
    assert resolve_entities([first])[0].id == first.mentions[0].entity_id


def test_dates_and_quantities_are_not_entities() -> None:
    a = article("a", "On November 23, 15 documents.", ("November 23", "DATE"), ("15 documents", "QUANTITY"))
    assert resolve_entities([a]) == []
    assert resolve_entities([a], ResolveSettings(labels=("DATE",)))[0].type == "DATE"


def test_very_long_entity_lists_resolve_quickly() -> None:
    rng = random.Random(7)
    syllables = "ka lo mi sha ren dor vin ta ze gor bek nur pa li sev an mar tu ol ev".split()
    names = sorted(
        {
            " ".join("".join(rng.choice(syllables) for _ in range(3)).capitalize() for _ in range(2))
            for _ in range(3000)
        }
    )
    text = ", ".join(names)
    a = Article(id="long", text=text)
    pos = 0
    for name in names:
        start = text.index(name, pos)
        a.mentions.append(Mention(start, start + len(name), name, "PERSON"))
        pos = start + len(name)
    started = time.perf_counter()
    entities = resolve_entities([a])
    assert time.perf_counter() - started < 5
    assert len(entities) > 0.9 * len(names)  # near-twins may merge; distinct people mostly stay apart
