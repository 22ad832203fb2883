from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.analyze.sentences import split_sentences
from storyweave.model import Article, Mention
from storyweave.timeline import TimelineSettings, build_timeline, date_notes, reference_dates


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def _article(ident: str, text: str, published: date | None = None) -> Article:
    article = Article(
        id=ident,
        text=text,
        outlet=ident,
        published=datetime.combine(published, datetime.min.time()) if published else None,
    )
    article.sentences = split_sentences(text)
    return article


# Invented story: a ferry strike in the town of Korvald; Friday 2025-03-07 and Saturday 2025-03-08.
FERRY_A = (
    "Ferry crews in Korvald stopped work late on Thursday after pay talks failed.\n"
    "The Korvald Ferry Company reported a loss in the fourth quarter of 2024.\n"
    "The union first threatened a walkout last year."
)
FERRY_B = (
    "Korvald ferry crews stopped work on Thursday after the failed pay talks.\n"
    "New timetables were due to take effect from January 1 but were delayed.\n"
    "Managers will meet union leaders on Monday."
)
FERRY_C = "The crews had voted for the strike on 2025-03-01, the union said. Passengers waited at the quay."


def test_events_are_resolved_merged_and_sorted() -> None:
    members = [
        _article("a", FERRY_A, date(2025, 3, 7)),
        _article("b", FERRY_B, date(2025, 3, 8)),
        _article("c", FERRY_C),
    ]
    timeline = build_timeline(members)
    by_date = {(e.date, e.precision): e for e in timeline}
    strike = by_date[("2025-03-06", "day")]
    assert strike.articles == ["a", "b"]  # "late on Thursday" (Fri) and "on Thursday" (Sat) are one event
    assert by_date[("2024-Q4", "quarter")].articles == ["a"]
    assert ("2024", "year") in by_date
    assert ("2025-01-01", "day") in by_date
    assert by_date[("2025-03-10", "day")].text == "Managers will meet union leaders on Monday."
    assert ("2025-03-01", "day") in by_date
    starts = [e.date for e in timeline]
    assert starts == ["2024", "2024-Q4", "2025-01-01", "2025-03-01", "2025-03-06", "2025-03-10"]


def test_every_event_text_is_a_sentence_of_each_cited_article() -> None:
    members = [_article("a", FERRY_A, date(2025, 3, 7)), _article("b", FERRY_B, date(2025, 3, 8))]
    by_id = {a.id: a for a in members}
    for event in build_timeline(members):
        assert any(event.text == s.text for a in event.articles for s in by_id[a].sentences)


def test_spacy_date_mentions_are_used() -> None:
    text = "The vote took place the day after the holiday weekend of 2023."
    article = _article("a", text, date(2025, 3, 7))
    start = text.index("2023")
    article.mentions = [Mention(start, start + 4, "2023", "DATE")]
    [event] = build_timeline([article])
    assert (event.date, event.precision) == ("2023", "year")


def test_undated_articles_take_their_date_from_text_or_neighbours() -> None:
    from_text = _article("t", "On March 3, 2025 the port reopened. Crews had walked out on Saturday.")
    from_neighbours = _article("n", "Crews walked out on Saturday, officials said.")
    dated = _article("d", "Nothing dated here at all.", date(2025, 3, 12))
    refs = reference_dates([from_text, from_neighbours, dated])
    assert (refs["t"].date, refs["t"].source) == (date(2025, 3, 3), "text")
    assert (refs["n"].date, refs["n"].source) == (date(2025, 3, 12), "neighbours")
    assert refs["d"].source == "published"
    notes = date_notes([from_text, from_neighbours, dated])
    assert set(notes) == {"t", "n"} and "2025-03-03" in notes["t"]
    dates = {e.date for e in build_timeline([from_text, from_neighbours, dated])}
    assert {"2025-03-03", "2025-03-01", "2025-03-08"} <= dates


def test_no_dates_one_article_and_all_duplicates() -> None:
    assert build_timeline([]) == []
    assert build_timeline([_article("x", "Nobody said when anything happened.", date(2025, 1, 2))]) == []
    lone = _article("u", "Crews walked out on Saturday.")
    assert build_timeline([lone]) == []  # no reference date anywhere: relative dates are skipped
    copies = [_article(f"c{i}", FERRY_A, date(2025, 3, 7)) for i in range(5)]
    timeline = build_timeline(copies)
    assert len(timeline) == 3 and all(e.articles == [f"c{i}" for i in range(5)] for e in timeline)


def _day(i: int) -> date:
    return date(2024, 1, 1) + timedelta(days=i)


def test_large_story_is_capped() -> None:
    members = [
        _article(
            f"x{i}",
            f"The Vellan inquiry held a hearing on {_day(i):%B} {_day(i).day}, {_day(i).year}.",
            date(2025, 4, 1),
        )
        for i in range(200)
    ]
    timeline = build_timeline(members, TimelineSettings(max_events=40))
    assert len(timeline) == 40
    assert [e.date for e in timeline] == sorted(e.date for e in timeline)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(FERRY_A.split("\n") + FERRY_B.split("\n") + ["No date."]), min_size=1, max_size=6
    )
)
def test_events_are_sorted_and_cite_members(lines: list[str]) -> None:
    members = [_article(f"m{i}", line, date(2025, 3, 7)) for i, line in enumerate(lines)]
    timeline = build_timeline(members)
    ids = {a.id for a in members}
    assert all(e.articles and set(e.articles) <= ids for e in timeline)
    from storyweave.timeline.resolve import period_bounds

    firsts = [period_bounds(e.date)[0] for e in timeline]
    assert firsts == sorted(firsts)


def test_an_undated_articles_plans_do_not_date_it() -> None:
    undated = _article(
        "u",
        "The new ferry rules will take effect from January 1, 2026.\n"
        "Crews met the company on March 6 and walked out on Friday.",
    )
    dated = _article("d", "Nothing dated here at all.", date(2025, 3, 8))
    refs = reference_dates([undated, dated])
    assert (refs["u"].date, refs["u"].source) == (date(2025, 3, 6), "text")
    far = _article("f", "The port opened on 1 June 1990, officials said.")
    refs = reference_dates([far, dated])
    assert (refs["f"].date, refs["f"].source) == (date(2025, 3, 8), "neighbours")
    assert reference_dates([far])["f"].source == "text"


def test_a_date_range_dates_an_undated_article_by_its_last_day() -> None:
    undated = _article("u", "Delegates met in Korvald for the March 5-6 talks on ferry pay.")
    dated = _article("d", "Nothing dated here at all.", date(2025, 3, 4))
    assert reference_dates([undated, dated])["u"].date == date(2025, 3, 6)
