"""Same unit word, different things: the false figure conflicts of real coverage, one pattern a test."""

from __future__ import annotations

from datetime import datetime

import pytest

from storyweave.analyze.sentences import split_sentences
from storyweave.claims import find_claims, merge_repeats
from storyweave.claims.conflicts import compare_units
from storyweave.claims.measures import different_things, frame, same_people
from storyweave.claims.quantities import find_quantities
from storyweave.claims.units import article_units
from storyweave.dedup import DedupResult
from storyweave.model import Article, Conflict, ConflictValue, Mention


def unit(text: str, published: datetime | None = None, people: tuple[str, ...] = ()):
    a = Article(id=text[:20], text=text, outlet=text[:10], published=published)
    a.sentences = split_sentences(text)
    a.mentions = [Mention(text.index(p), text.index(p) + len(p), p, "PERSON") for p in people]
    return article_units(a)[0]


def figures(a: str, b: str, **kw) -> list[tuple[str, str]]:
    """The figure conflicts compare_units reports between two one-sentence articles."""
    pa = kw.pop("people_a", ())
    pb = kw.pop("people_b", ())
    ua = unit(a, kw.get("published_a"), pa)
    ub = unit(b, kw.get("published_b"), pb)
    return [(f.value_a, f.value_b) for f in compare_units(ua, ub, facts=False)]


def fr(text: str, figure: str):
    q = next(q for q in find_quantities(text) if q.text == figure)
    return frame(text, q)


# --- still conflicts ------------------------------------------------------------------------------------


def test_same_count_different_figure_still_conflicts() -> None:
    assert figures(
        "The navy said it captured 23 pirates in the Gulf of Aden.",
        "The navy said it arrested 37 pirates in the Gulf of Aden.",
    ) == [("23", "37")]


def test_same_person_two_ages_still_conflict() -> None:
    assert figures(
        "The climber, 36-year-old Duncan Rait, died after a fall.",
        "The climber, 50-year-old Duncan Raite, died after a fall.",
        people_a=("Duncan Rait",),
        people_b=("Duncan Raite",),
    ) == [("36", "50")]


def test_running_total_and_count_pinned_to_one_day_still_conflict() -> None:
    # The demo's planted conflict: "a total of 17" and "29" both on Thursday, reported a day apart.
    assert figures(
        "A total of 17 ships were waiting at anchor off Kalvesk on Thursday, the port authority said.",
        "Tracking data showed 29 ships waiting at anchor off Kalvesk on Thursday.",
        published_a=datetime(2025, 3, 6),
        published_b=datetime(2025, 3, 7),
    ) == [("17", "29")]


# --- no longer conflicts --------------------------------------------------------------------------------


def test_killed_and_injured_are_different_measures() -> None:
    assert not figures(
        "The gunman killed three people at the office on Monday.",
        "Police said five people were injured at the office.",
    )
    assert not figures(
        "Gunman kills 1, wounds 2 at accounting office.", "The gunman shot 3 people at the office."
    )


def test_ages_of_different_people() -> None:
    assert not figures(
        "Police pulled the 36-year-old driver over a few blocks away.",
        "The driver hit a 66-year-old woman near the parking lot.",
    )
    assert not figures(
        "Jackman and his wife have their own Oscar at home - their 8-year-old son.",
        "In addition to looking great in a tux, the 40-year-old Jackman has TV hosting experience.",
    )
    assert not figures(
        "On Saturday, 32-year-old Englishman Robert Buckley fell while climbing.",
        "The day before, 36-year-old Duncan Rait died after slipping.",
    )


def test_sentence_with_several_ages_is_not_compared() -> None:
    assert not figures(
        "A 63-year-old woman and two men, a 47-year-old and a 48-year-old, were shot.",
        "The person killed was a 60-year-old woman from Warren.",
    )


def test_scores_and_records_are_not_counts() -> None:
    assert fr("The 76ers are slumping at 9-14 a year after the playoffs.", "9-14").kind == "score"
    assert fr("An 88-72 road loss to the Cavaliers was the last straw.", "88-72").kind == "score"
    assert fr("They finished with a 35-47 record.", "35-47").kind == "score"
    assert fr("Police said 15-20 trucks were stuck at the border.", "15-20").kind == "count"
    assert not figures(
        "The team is 9-14 a year after making the playoffs.", "The team went 18-30 a year ago."
    )


def test_compound_modifier_measures_its_noun() -> None:
    assert fr("Brand signed a five-year deal.", "five").head == "year deal"
    assert not figures(
        "Brand signed a five-year deal with the team last summer.",
        "Cheeks coached the team for three years at the helm.",
    )


def test_window_and_part_are_not_counts_of_the_whole() -> None:
    assert not figures(
        "The team has lost eight of their last 10 games this season.",
        "The team won 18 of its next 23 games this season.",
    )
    assert not figures(
        "Besides the machine guns, the navy seized two other rifles from the pirate boats.",
        "The navy seized three rifles from the pirate boats on Saturday.",
    )


def test_rate_is_not_a_total() -> None:
    assert not figures(
        "Miller is averaging 15.5 points per game for the team this season.",
        "Miller scored 24 points for the team in the win this season.",
    )


def test_clock_times_and_models_are_not_counts() -> None:
    assert not figures(
        "The ship sent a distress message at 1100 hours while under attack.",
        "Commandos boarded the pirate dhow at 1230 hours after the attack.",
    )
    assert not figures(
        "The pirates carried seven AK-47 rifles and a grenade launcher.",
        "The navy seized AK-36 rifles and a grenade launcher from the pirates.",
    )


def test_distances_from_different_places() -> None:
    assert not figures(
        "The attack took place 150 nautical miles off Aden on Saturday.",
        "The warship was 13 nautical miles from the merchant vessel on Saturday.",
    )


def test_running_total_vs_one_operation() -> None:
    assert not figures(
        "In their five operations so far, the crew has confiscated 14 rifles and 923 rounds.",
        "During the operation, six rifles and about 300 rounds were confiscated.",
    )


def test_nationality_as_noun_vs_adjective() -> None:
    assert not figures(
        "Of the pirates arrested, 12 Somalis and 11 Yemenis were handed over to police.",
        "The navy arrested 23 Somali and Yemeni pirates, police said.",
    )


def test_different_people_named() -> None:
    assert same_people(frozenset({"duncan raite"}), frozenset({"duncan rait"}))
    assert not same_people(frozenset({"andre miller"}), frozenset({"andre iguodala"}))
    # Resolved to one entity, spelled two ways.
    assert same_people(frozenset({"ent-1", "hlibovets"}), frozenset({"ent-1", "glibovets"}))
    assert not figures(
        "Miller scored 15 points in the loss on Friday.",
        "Iguodala scored 24 points in the loss on Friday.",
        people_a=("Miller",),
        people_b=("Iguodala",),
    )


def test_how_often_of_different_people() -> None:
    fa, fb = (
        fr("Billy Crystal did it eight times.", "eight"),
        fr("He hosted the ceremony five times.", "five"),
    )
    assert different_things(fa, fb, same_day=False, same_person=False)
    assert not different_things(fa, fb, same_day=False, same_person=True)


def test_rising_toll_on_a_later_day_is_an_update() -> None:
    a = "At least 3 people were killed in the floods, officials said."
    b = "The number of people killed in the floods rose to 5, officials said."
    assert not figures(a, b, published_a=datetime(2025, 3, 6), published_b=datetime(2025, 3, 8))
    # A falling figure later, or two figures the same day, are still a disagreement.
    assert figures(
        "Officials said 3 people were killed in the floods.",
        "Officials said 5 people were killed in the floods.",
        published_a=datetime(2025, 3, 6),
        published_b=datetime(2025, 3, 6),
    )
    assert figures(
        "Officials said 5 people were killed in the floods.",
        "Officials said 3 people were killed in the floods.",
        published_a=datetime(2025, 3, 6),
        published_b=datetime(2025, 3, 8),
    )


def test_hedged_same_figure_is_not_a_conflict() -> None:
    assert not figures(
        "On Monday 2,300 dockworkers began a strike at the port.",
        "A strike by about 2,300 dock workers began at the port on Monday.",
    )


@pytest.mark.parametrize("n", [1, 2])
def test_repeated_disagreement_reported_once(n: int) -> None:
    c1 = Conflict("number of year", [ConflictValue("36", ["a"], "x"), ConflictValue("32", ["b"], "y")])
    c2 = Conflict("number of year", [ConflictValue("32", ["c"], "z"), ConflictValue("36", ["d"], "w")])
    c3 = Conflict("number of ship", [ConflictValue("36", ["a"], "x"), ConflictValue("32", ["b"], "y")])
    merged = merge_repeats([c1, c2, c3][: n + 1])
    assert len(merged) == n
    assert sorted(merged[0].values[0].articles) == ["a", "d"]


def test_find_claims_story_with_many_counts_reports_no_conflict() -> None:
    texts = [
        "The gunman killed three people and injured five others at the office on Monday.",
        "Five people were injured and three were killed, police said on Monday.",
        "The 38-year-old suspect was arrested after a chase on Monday.",
        "The gunman shot a 63-year-old woman at the office on Monday.",
    ]
    members = []
    for n, text in enumerate(texts):
        a = Article(id=f"a{n}", text=text, outlet=f"Outlet {n}")
        a.sentences = split_sentences(text)
        members.append(a)
    assert find_claims(members, [], DedupResult()).conflicts == []


def test_a_total_is_a_running_total_only_beside_a_span_of_time() -> None:
    # "a total of 15 agreements were put forward" is the whole of one event: it contradicts "about 20".
    assert figures(
        "A total of 15 agreements were put forward for signing at the summit in Orlav.",
        "The delegations approved and signed about 20 agreements at the summit in Orlav.",
    ) == [("15", "about 20")]
    assert not fr("A total of 15 agreements were put forward for signing.", "15").cumulative
    assert fr("A total of 30 people have died of the fever since May.", "30").cumulative
    assert (
        figures(
            "A total of 30 people have died of the fever since May.",
            "Four people died of the fever in Orlav.",
        )
        == []
    )


def test_a_figure_of_last_year_is_not_this_years() -> None:
    assert (
        figures(
            "About 32 million people watched last year's ceremony on television.",
            "Some 41 million people watched the ceremony on television.",
        )
        == []
    )
    assert figures(
        "About 32 million people watched the ceremony on television.",
        "Some 41 million people watched the ceremony on television.",
    ) == [("About 32 million", "Some 41 million")]


def test_one_article_citing_two_sources_that_disagree() -> None:
    text = (
        "Leaders of six states met in Orlav on Thursday. "
        "Meanwhile, Dravia.info reports that the delegations approved and signed about 20 agreements on "
        "trade and defence. "
        "Lars Vent says a total of 15 agreements were submitted for signing."
    )
    article = Article(id="one", text=text, outlet="Orlav Courier")
    article.sentences = split_sentences(text)
    start = text.index("Lars Vent")
    article.mentions = [Mention(start, start + len("Lars Vent"), "Lars Vent", "PERSON")]
    [conflict] = find_claims([article], [], DedupResult()).conflicts
    assert [v.value for v in conflict.values] == ["about 20", "15"]
    assert all(v.articles == ["one"] for v in conflict.values)
