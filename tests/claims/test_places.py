"""The offline gazetteer (claims/places.py) and the place rule of conflicts.py, on hand-built cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyweave.analyze.sentences import split_sentences
from storyweave.claims import places
from storyweave.claims.conflicts import compare_units, one_place
from storyweave.claims.places import place_key, relation, resolve
from storyweave.claims.units import ClaimUnit, article_units
from storyweave.model import Article, Attachment, Mention


def test_one_place_two_names_is_the_same_place() -> None:
    assert relation("U.S.", "United States") == "same"
    assert relation("the United States", "America") == "same"
    assert relation("Mumbai", "Bombay") == "same"  # a GeoNames alternate name
    assert relation("Mt Cook", "Mount Cook") == "same"
    assert relation("New Zealand's", "New Zealand") == "same"
    assert place_key("St. Louis") == place_key("Saint Louis") == "saint louis"


def test_a_city_in_its_state_or_country_is_within() -> None:
    assert relation("Biloxi", "Miss.") == "within"  # AP abbreviation of Mississippi
    assert relation("Paris", "France") == "within"
    assert relation("Vancouver", "B.C.") == "within"
    assert relation("London", "England") == relation("England", "Britain") == "within"
    assert relation("Europe", "France") == "within"
    assert relation("San Diego County", "California") == "within"


def test_two_far_places_are_apart_and_two_close_ones_near() -> None:
    assert relation("Vienna", "Geneva") == "apart"
    assert relation("Los Angeles", "New York") == "apart"
    assert relation("Somalia", "Yemen") == "apart"
    assert relation("California", "Nevada") == "apart"
    assert relation("Aden", "Somalia") == "apart"
    assert relation("Hollywood", "Los Angeles") == "near"  # a district and its city: one area
    assert relation("Queens", "New York") == "within"  # New York, the state


def test_an_ambiguous_name_is_never_falsely_apart() -> None:
    assert {p.country for p in resolve("Paris")} >= {"FR", "US"}
    assert relation("Paris", "Texas") == "within"  # Paris, Texas
    assert relation("Vancouver", "United States") == "within"  # Vancouver, Washington
    assert relation("Springfield", "Illinois") == "within"


def test_unknown_names_resolve_to_nothing() -> None:
    assert resolve("Harry Winston") == ()
    assert relation("Harry Winston", "Paris") == "unknown"
    assert relation("Philadelphia 76ers", "Boston") == "unknown"
    assert relation("Aoraki Mount Cook", "New Zealand") == "unknown"
    # Two bare letters after a name are as often a degree: "Regina Benjamin, MD".
    assert resolve("MD") == ()
    assert resolve("Md.") and resolve("U.S.") and resolve("UK")


def test_one_place_per_side() -> None:
    assert one_place(frozenset({"biloxi", "miss."}))
    assert one_place(frozenset({"queens", "117th street"}))  # a street the gazetteer does not know
    assert not one_place(frozenset({"italy", "egypt"}))


def _unit(text: str, *places: str, attachments: list[Attachment] | None = None) -> ClaimUnit:
    a = Article(id=text[:12], text=text, outlet=text[:5])
    a.sentences = split_sentences(text)
    a.mentions = [Mention(text.index(p), text.index(p) + len(p), p, "GPE") for p in places]
    a.attachments = attachments
    (unit,) = article_units(a)
    return unit


TREATY = "The two presidents signed the border treaty in {} on Tuesday after six hours of talks."


def test_compare_units_reports_places_apart_only() -> None:
    vienna = _unit(TREATY.format("Vienna"), "Vienna")
    geneva = _unit(TREATY.format("Geneva"), "Geneva")
    austria = _unit(TREATY.format("Austria"), "Austria")
    assert [(f.about, f.value_a, f.value_b) for f in compare_units(vienna, geneva)] == [
        ("place", "Vienna", "Geneva")
    ]
    assert compare_units(vienna, austria) == []  # a city and its country: no contradiction
    # The pair score decides when given: places apart are compared from place_apart_min_score.
    assert compare_units(vienna, geneva, facts=False, score=0.46) != []
    assert compare_units(vienna, geneva, facts=False, score=0.40) == []


def test_a_city_with_its_state_against_another_city() -> None:
    text = "The aide was found dead in his room at a {} motel on Wednesday, police said."
    biloxi = _unit(text.format("Biloxi, Miss."), "Biloxi", "Miss.")
    orleans = _unit(text.format("New Orleans, La."), "New Orleans", "La.")
    mississippi = _unit(text.format("Jackson, Mississippi"), "Jackson", "Mississippi")
    found = {(f.value_a, f.value_b) for f in compare_units(biloxi, orleans)}
    assert ("Biloxi", "New Orleans") in found
    assert compare_units(biloxi, mississippi) == []  # Biloxi lies in Mississippi


def test_places_hung_on_one_happening_are_compared_from_a_lower_score() -> None:
    text = "A woman was killed in {} when a car struck her on Friday night."

    def killed(place: str) -> ClaimUnit:
        t = text.format(place)
        at = Attachment(t.index(place), t.index(place) + len(place), "GPE", verb="killed", object="woman")
        return _unit(t, place, attachments=[at])

    queens, detroit = killed("Queens"), killed("Detroit")
    assert compare_units(queens, detroit, facts=False, score=0.36) != []  # one killing, two places
    plain_q, plain_d = _unit(text.format("Queens"), "Queens"), _unit(text.format("Detroit"), "Detroit")
    assert compare_units(plain_q, plain_d, facts=False, score=0.36) == []  # no parse: not at this score


def test_the_derived_index_reads_back_what_was_written(tmp_path: Path) -> None:
    vienna = places.Place("2761369", "city", "Vienna", "AT", "09", 48.2, 16.37, 1691468)
    austria = places.Place("country:AT", "country", "Austria", "AT", "", 0.0, 0.0, 8847037)
    europe = places.Place("continent:EU", "continent", "Europe", "", "", 0.0, 0.0, 0)
    built = places._Gazetteer(
        {"vienna": (vienna,), "wien": (vienna,), "austria": (austria,), "europe": (europe,)},
        {"continent:EU": frozenset({"AT", "DE"})},
    )
    path = tmp_path / "cache" / "places-test.tsv"
    places._write_index(path, built)
    assert places._read_index(path) == built
    path.write_text(path.read_text("utf-8").splitlines()[0] + "\n", "utf-8")  # cut off: no place left
    with pytest.raises(ValueError):
        places._read_index(path)


def test_a_place_in_a_name_or_a_home_town_is_no_place_of_the_happening() -> None:
    from storyweave.claims.units import modifies_a_name

    def after(text: str, place: str) -> bool:
        return modifies_a_name(text, text.index(place) + len(place))

    assert after("The Denver Comets fired coach Ansel Roy.", "Denver")
    assert after("A 61-year-old Tucson man was charged.", "Tucson")
    assert after("Lines at the Boston Post were long.", "Boston")
    assert not after("He was killed in Denver Friday night.", "Denver")  # a weekday is the date
    assert not after("He was killed in Denver, police said.", "Denver")
    assert not after("He was killed in Denver.", "Denver")


def test_team_names_and_home_towns_make_no_place_conflict() -> None:
    from storyweave.analyze.entities import extract_mentions, load_ner
    from storyweave.analyze.sentences import split_sentences
    from storyweave.claims import find_claims
    from storyweave.dedup import DedupResult
    from storyweave.model import Article

    def place_conflicts(texts: list[str]) -> list[list[str]]:
        articles = [Article(id=f"a{n}", text=t, outlet=f"Outlet {n}") for n, t in enumerate(texts)]
        for a in articles:
            a.sentences = split_sentences(a.text)
        extract_mentions(articles, load_ner(), attachments=True)
        found = find_claims(articles, [], DedupResult()).conflicts
        return [[v.value for v in c.values] for c in found if c.about == "place"]

    team = "The {} Comets fired head coach Ansel Roy on Saturday after a 9-14 start to the season."
    assert place_conflicts([team.format("Denver"), team.format("Boston")]) == []
    home = "A 61-year-old {} man was charged with murder after a shooting at an office party on Friday."
    assert place_conflicts([home.format("Denver"), home.format("Boston")]) == []
    # Where it happened still contradicts.
    where = "A 61-year-old man was charged with murder after a shooting at an office party in {} on Friday."
    assert place_conflicts([where.format("Denver"), where.format("Boston")]) == [["Denver", "Boston"]]


def test_threads_that_ask_while_the_index_loads_share_one_load() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from storyweave.claims import places

    places._load.cache_clear()
    with ThreadPoolExecutor(4) as pool:
        loaded = list(pool.map(lambda _: places._gazetteer(), range(4)))
    assert all(g is loaded[0] for g in loaded)
    assert places._load.cache_info().misses == 1
