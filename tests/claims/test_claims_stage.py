"""find_claims on hand-written articles: status, independence of copies, conflicts, stable ids."""

from __future__ import annotations

from datetime import datetime

import pytest

from storyweave.analyze.sentences import split_sentences
from storyweave.claims import ClaimSettings, claim_id, find_claims
from storyweave.claims.align import grouping_scores
from storyweave.claims.units import article_units, split_clauses, story_units, strip_attribution
from storyweave.dedup import DedupResult
from storyweave.model import Article, Entity, Mention, SharedPassage


def article(id_: str, outlet: str | None, text: str, published: datetime | None = None) -> Article:
    a = Article(id=id_, text=text, outlet=outlet, published=published)
    a.sentences = split_sentences(text)
    return a


SHIPS_A = (
    "A total of 17 ships were waiting at anchor off the port of Lorvik on Thursday, the port authority said."
)
SHIPS_B = "Ship-tracking data showed 29 ships waiting at anchor off the port of Lorvik on Thursday."
WORKERS_A = "About 2,300 dockworkers walked off the job at the Lorvik container terminal."
WORKERS_B = "On Monday, 2,300 dockworkers walked off the job at the Lorvik container terminal."


def statuses(result) -> dict[str, str]:
    return {c.text: c.status for c in result.claims}


def test_conflicting_figure_and_hedged_agreement() -> None:
    members = [
        article("a", "Wire", f"{SHIPS_A} {WORKERS_A}"),
        article("b", "Ledger", f"{SHIPS_B} {WORKERS_B}"),
    ]
    result = find_claims(members, [], DedupResult())
    assert len(result.conflicts) == 1
    [conflict] = result.conflicts
    assert "ship" in conflict.about
    assert {v.value: v.articles for v in conflict.values} == {"17": ["a"], "29": ["b"]}
    assert all(v.text in (SHIPS_A, SHIPS_B) for v in conflict.values)
    workers = next(c for c in result.claims if "2,300" in c.text)
    assert workers.status == "corroborated"
    assert sorted(workers.sources) == ["a", "b"]


def test_fifteen_vs_about_twenty_is_a_conflict_but_about_twenty_vs_twenty_is_not() -> None:
    base = "documents were signed by the two presidents at the summit in Minsk on Thursday."
    conflict = find_claims(
        [article("a", "One", f"Fifteen {base}"), article("b", "Two", f"About 20 {base}")], [], DedupResult()
    )
    assert [v.value for v in conflict.conflicts[0].values] == ["Fifteen", "About 20"]
    agree = find_claims(
        [article("a", "One", f"Twenty {base}"), article("b", "Two", f"About 20 {base}")], [], DedupResult()
    )
    assert agree.conflicts == []
    assert agree.claims[0].status == "corroborated"


def test_copy_counts_once() -> None:
    text = "The union said the strike at the Lorvik terminal would last at least three more days."
    members = [article("orig", "Wire", text), article("copy", "Aggregator", text)]
    copies = DedupResult(duplicate_of={"copy": "orig"})
    [claim] = find_claims(members, [], copies).claims
    assert claim.status == "single_source"
    assert claim.sources == ["orig", "copy"]
    passage = DedupResult(passages=[SharedPassage(["orig", "copy"], text, 1.0)])
    assert find_claims(members, [], passage).claims[0].status == "single_source"
    assert find_claims(members, [], DedupResult()).claims[0].status == "corroborated"


def test_same_outlet_is_one_source() -> None:
    text = "The union said the strike at the Lorvik terminal would last at least three more days."
    members = [article("a1", "Courier", text), article("a2", "courier", text)]
    assert find_claims(members, [], DedupResult()).claims[0].status == "single_source"


def test_attributed_claim_aligns_with_the_bare_claim() -> None:
    members = [
        article("a", "One", "Port director Ana Lim said the Lorvik terminal would reopen on Friday morning."),
        article("b", "Two", "The Lorvik terminal will reopen on Friday morning."),
    ]
    result = find_claims(members, [], DedupResult())
    assert len(result.claims) == 1
    assert result.claims[0].status == "corroborated"


def test_within_one_article_two_sources_conflict() -> None:
    text = (
        "The port authority said 17 ships were waiting at anchor off Lorvik on Thursday. "
        "Ship-tracking data compiled by brokers showed 29 ships waiting at anchor off Lorvik on Thursday."
    )
    result = find_claims([article("a", "Ledger", text)], [], DedupResult())
    assert len(result.conflicts) == 1
    assert sorted(v.value for v in result.conflicts[0].values) == ["17", "29"]


def test_successive_offers_are_not_a_conflict() -> None:
    members = [
        article("a", "One", "The ministry offered the dockworkers a 6% pay rise in February."),
        article("b", "Two", "The ministry has offered the dockworkers a 9% pay rise from April."),
    ]
    assert find_claims(members, [], DedupResult()).conflicts == []


def test_date_and_place_conflicts() -> None:
    text = "The two presidents signed the border treaty in {} on {} after six hours of talks."
    date = find_claims(
        [
            article("a", "One", text.format("Vienna", "Tuesday")),
            article("b", "Two", text.format("Vienna", "Friday")),
        ],
        [],
        DedupResult(),
    )
    assert [c.about for c in date.conflicts] == ["date"]
    mentions_a = [Mention(36, 42, "Vienna", "GPE")]
    a = article("a", "One", text.format("Vienna", "Tuesday"))
    b = article("b", "Two", text.format("Geneva", "Tuesday"))
    a.mentions, b.mentions = mentions_a, [Mention(36, 42, "Geneva", "GPE")]
    place = find_claims([a, b], [], DedupResult())
    assert [c.about for c in place.conflicts] == ["place"]
    assert sorted(v.value for v in place.conflicts[0].values) == ["Geneva", "Vienna"]


def test_weekdays_are_resolved_by_publication_date() -> None:
    text = "The strike at the Lorvik terminal began on {} morning with a walkout of the night shift."
    a = article("a", "One", text.format("Monday"), datetime(2025, 3, 3))  # a Monday: today
    b = article("b", "Two", text.format("Monday"), datetime(2025, 3, 4))  # yesterday's Monday: same day
    assert find_claims([a, b], [], DedupResult()).conflicts == []


def test_claim_ids_are_stable_and_output_is_deterministic() -> None:
    members = [
        article("a", "Wire", f"{SHIPS_A} {WORKERS_A}"),
        article("b", "Ledger", f"{SHIPS_B} {WORKERS_B}"),
    ]
    first = find_claims(members, [], DedupResult())
    second = find_claims(members, [], DedupResult())
    assert [c.id for c in first.claims] == [c.id for c in second.claims]
    assert all(c.id == claim_id(c.text) for c in first.claims)
    assert claim_id("The port is closed.") == claim_id("the port is  closed")


def test_quotes_resolved_to_entities_across_outlets() -> None:
    t1 = "“We will not move a single container until the ministry signs,” said Kostiantyn Hlibovets."
    t2 = (
        '"We will not move a single container until the ministry signs," '
        "union leader Konstantin Glibovets said."
    )
    a, b = article("a", "Courier", t1), article("b", "Wire", t2)
    a.mentions = [Mention(t1.index("Kost"), len(t1) - 1, "Kostiantyn Hlibovets", "PERSON", "e1")]
    b.mentions = [Mention(t2.index("Konst"), t2.index(" said"), "Konstantin Glibovets", "PERSON", "e1")]
    hlib = Entity(
        "e1", "Kostiantyn Hlibovets", "PERSON", aliases=["Konstantin Glibovets"], articles=["a", "b"]
    )
    [quote] = find_claims([a, b], [hlib], DedupResult()).quotes
    assert (quote.speaker, quote.entity, quote.articles) == ("Kostiantyn Hlibovets", "e1", ["a", "b"])


def test_clauses_and_attribution() -> None:
    text = "The union rejected the offer on Monday; the ministry said it would not raise it again this year."
    assert len(split_clauses(text, 5)) == 2
    assert len(split_clauses("They were rich and famous, and happy.", 5)) == 1
    listed = (
        "The minister said before the leaders of Belarus, Russia, Kazakhstan, Kyrgyzstan, and Tajikistan "
        "gathered for the summit that the meeting had no quorum."
    )
    assert len(split_clauses(listed, 5)) == 1  # a serial comma in a list is not a clause boundary
    two = "The dockers stopped work at the terminal on Monday morning, and ships began to queue in the gulf."
    assert len(split_clauses(two, 5)) == 2
    for still_two in (
        "The company reported revenue of 1,200 million euros, and its profits rose sharply in the half.",
        "In the capital on Monday, prices rose sharply, and the central bank raised its rates again.",
        "After long talks, the leaders agreed, but the details of the deal were left for next month.",
    ):
        assert len(split_clauses(still_two, 5)) == 2, still_two
    assert strip_attribution("The port authority said 17 ships were waiting off Lorvik.") == (
        "17 ships were waiting off Lorvik.",
        "The port authority said",
    )
    assert strip_attribution("17 ships were waiting off Lorvik, the port authority said.")[0] == (
        "17 ships were waiting off Lorvik"
    )
    units = article_units(
        article("a", None, "KALVESK, Dravia, March 6 (Wire) - Ships waited at anchor off the port.")
    )
    assert units[0].text.startswith("Ships waited") and units[0].dates == frozenset()


def test_empty_story() -> None:
    result = find_claims([], [], DedupResult())
    assert (result.claims, result.conflicts, result.quotes) == ([], [], [])
    short = find_claims([article("a", None, "He said.")], [], DedupResult(), ClaimSettings())
    assert short.claims == []


@pytest.mark.slow
def test_with_the_real_embedder() -> None:
    from storyweave.analyze.embeddings import load_embedder
    from storyweave.settings import EmbeddingSettings

    embedder = load_embedder(EmbeddingSettings())
    members = [
        article("a", "Wire", f"{SHIPS_A} {WORKERS_A}"),
        article("b", "Ledger", f"{SHIPS_B} {WORKERS_B}"),
    ]
    result = find_claims(members, [], DedupResult(), embedder=embedder)
    assert [sorted(v.value for v in c.values) for c in result.conflicts] == [["17", "29"]]
    assert any(c.status == "corroborated" and "2,300" in c.text for c in result.claims)


def test_two_phases_of_one_happening_are_not_a_date_conflict() -> None:
    text = "The strike at the Lorvik container terminal {} on {} after pay talks with the ministry failed."
    members = [
        article("a", "One", text.format("began", "Monday")),
        article("b", "Two", text.format("ended", "Wednesday")),
    ]
    assert find_claims(members, [], DedupResult()).conflicts == []
    same_phase = [
        article("a", "One", text.format("began", "Monday")),
        article("b", "Two", text.format("began", "Wednesday")),
    ]
    assert [c.about for c in find_claims(same_phase, [], DedupResult()).conflicts] == ["date"]


@pytest.mark.slow
def test_near_paraphrases_compare_dates_with_the_real_embedder() -> None:
    from storyweave.analyze.embeddings import load_embedder
    from storyweave.settings import EmbeddingSettings

    embedder = load_embedder(EmbeddingSettings())
    # Different words next to the dates (the date-context test alone would not compare them), but one
    # statement: the date is a contradiction.
    paraphrase = [
        article("a", "One", "The Indian Navy captured 23 pirates in the Gulf of Aden on Saturday."),
        article("b", "Two", "On Friday the Indian Navy captured 23 pirates in the Gulf of Aden."),
    ]
    found = find_claims(paraphrase, [], DedupResult(), embedder=embedder).conflicts
    assert [c.about for c in found] == ["date"]
    # Two moments of one story, however alike the sentences: no conflict.
    moments = [
        article(
            "a", "One", "Work stopped at the port of Lorvik on Monday as 2,300 dockworkers began a strike."
        ),
        article(
            "b", "Two", "Eleven ships were waiting to enter the port of Lorvik on Tuesday, the second day."
        ),
    ]
    assert find_claims(moments, [], DedupResult(), embedder=embedder).conflicts == []
    phases = [
        article("a", "One", "The strike at the port of Lorvik began on Monday."),
        article("b", "Two", "The strike at the port of Lorvik ended on Wednesday."),
    ]
    assert find_claims(phases, [], DedupResult(), embedder=embedder).conflicts == []


def test_close_units_compare_dates_without_the_context_test() -> None:
    from storyweave.claims.conflicts import compare_units

    [u] = article_units(
        article("a", "One", "The Indian Navy said on Saturday it had captured 23 pirates at sea.")
    )
    [v] = article_units(article("b", "Two", "Indian naval commandos seized a pirate skiff on Friday at sea."))
    assert compare_units(u, v, facts=True) == []  # the words next to the two dates differ
    assert [f.about for f in compare_units(u, v, facts=False, close=True)] == ["date"]
    [w] = article_units(
        article("c", "Three", "Indian naval commandos ended a pirate attack on Friday at sea.")
    )
    assert compare_units(u, w, facts=False, close=True) == []  # a different phase: two moments


def test_one_place_written_two_ways_is_not_a_conflict() -> None:
    from storyweave.claims.conflicts import same_place

    assert same_place("117th st.", "117th street")
    assert same_place("mt cook", "mount cook")
    assert same_place("mich.", "michigan")
    assert same_place("u.s.", "us")
    assert not same_place("vienna", "geneva")
    assert not same_place("paris", "parma")


def test_claim_groups_are_cut_on_scores_that_join_no_two_units_of_one_article() -> None:
    lead = "Flooding closed the main road between Harlen and Vask on Tuesday, the police said."
    repeat = "The main road between Harlen and Vask was closed by the flooding on Tuesday."
    other = "Police closed the main road from Harlen to Vask on Tuesday because of flooding."
    members = [article("a", "One", f"{lead} {repeat}"), article("b", "Two", other)]
    units = story_units(members)
    scores = grouping_scores(units, None)
    assert [u.article for u in units] == ["a", "a", "b"]
    assert scores[0, 1] == scores[1, 0] == 0.0 and scores[0, 2] > 0.2 and scores[1, 2] > 0.2
    # A report that says one thing twice is still one source.
    result = find_claims(members, [], DedupResult())
    assert any(c.status == "corroborated" and sorted(c.sources) == ["a", "b"] for c in result.claims)


def test_short_statements_are_claims_but_datelines_are_not() -> None:
    text = "Sun, 15 Sep 2013. Updated: May 24, 2005, 3:23 PM ET. Three people were killed. He said so."
    assert [u.text for u in story_units([article("a", "One", text)])] == ["Three people were killed."]
    # Stamp words count as content outside a stamp ("marched", "posted", "publisher").
    text = "Thousands marched. The publisher posted losses."
    assert [u.text for u in story_units([article("a", "One", text)])] == [
        "Thousands marched.",
        "The publisher posted losses.",
    ]


def test_a_weekday_of_a_schedule_is_no_date() -> None:
    from storyweave.claims.units import find_dates

    assert find_dates("Updates come out on the second Tuesday of each month.") == []
    assert find_dates("The market opens every Friday.") == []
    assert [k for *_, k in find_dates("He died last Friday.")] == [("weekday", "friday")]
    assert [k for *_, k in find_dates("The vote is on Tuesday.")] == [("weekday", "tuesday")]


def test_an_attribution_after_a_connective_or_naming_a_website_is_stripped() -> None:
    assert strip_attribution(
        "Meanwhile, Dravia.info reports that the delegations signed about 20 agreements."
    ) == ("the delegations signed about 20 agreements.", "Meanwhile, Dravia.info reports that")
