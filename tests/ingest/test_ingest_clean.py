"""Cleaning of flattened article text: furniture goes, with a record; article text stays."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from storyweave.ingest.clean import clean_text, find_glued_seam, normalize

ARTICLE = (
    "The city council approved a new budget on Tuesday after a six-hour debate.\n"
    "Mayor Lena Ortiz said the plan would fund two new libraries and repair the harbour wall.\n"
    '"We listened to every neighbourhood," Ortiz told reporters.\n'
    "The opposition voted against it, saying taxes would rise by 3%."
)


def test_normal_article_is_left_exactly_unchanged() -> None:
    assert clean_text(ARTICLE) == (ARTICLE, [])


def test_headline_like_line_inside_the_body_is_kept() -> None:
    text = ARTICLE.replace('\n"We', '\nA Plan For Every Neighbourhood\n"We', 1)
    assert clean_text(text) == (text, [])


def test_trailing_headlines_are_removed_and_recorded() -> None:
    furniture = [
        "Ferry operator announces new summer timetable",
        "Local bakery wins regional bread award",
        "Police warn of phone scams targeting pensioners",
        "Weather: heavy rain expected over the weekend",
        "All news",
    ]
    cleaned, removed = clean_text(ARTICLE + "\n" + "\n".join(furniture))
    assert cleaned == ARTICLE
    assert [r.kind for r in removed] == ["trailing_headlines"]
    assert removed[0].text == "\n".join(furniture)


def test_a_closing_listing_that_belongs_to_the_article_is_kept() -> None:
    text = (
        "The band announced its anniversary tour on Monday.\n"
        "Tour dates:\n"
        "June 9 – Civic Arena, Riverside\n"
        "June 11 – Harbour Hall, Portmouth\n"
        "June 14 – Open Air Stage, Hillford"
    )
    assert clean_text(text) == (text, [])


def test_two_short_lines_are_not_a_block() -> None:
    text = ARTICLE + "\nMore on this later\nContact the newsroom"
    assert clean_text(text)[0].endswith("Contact the newsroom")


def test_see_also_glued_to_next_sentence_is_split() -> None:
    line = "SEE ALSO: Harbour Wall Repairs Delayed Again After StormThe council said the work would resume."
    cleaned, removed = clean_text(ARTICLE + "\n" + line)
    assert cleaned == ARTICLE + "\nThe council said the work would resume."
    assert len(removed) == 1 and removed[0].kind == "see_also"
    assert removed[0].text == "SEE ALSO: Harbour Wall Repairs Delayed Again After Storm"


def test_see_also_on_its_own_line_is_removed() -> None:
    cleaned, removed = clean_text("Read more: Why The Harbour Matters\n" + ARTICLE)
    assert cleaned == ARTICLE
    assert removed[0].kind == "see_also" and removed[0].text == "Read more: Why The Harbour Matters"


def test_seam_skips_names_with_inner_capitals() -> None:
    text = "McDonald Opens New Branch In TownThe opening drew a large crowd on the first day."
    seam = find_glued_seam(text)
    assert seam is not None and text[seam:].startswith("The opening")


def test_login_and_cookie_prompts_in_several_languages() -> None:
    prompts = [
        "Авторизуйтесь, пожалуйста",
        "Please log in to continue reading",
        "Subscribe to our newsletter",
        "Jetzt abonnieren und weiterlesen",
        "Connectez-vous pour lire la suite",
        "We use cookies to improve your experience.",
    ]
    cleaned, removed = clean_text(ARTICLE + "\n" + "\n".join(prompts))
    assert cleaned == ARTICLE
    assert [r.text for r in removed] == prompts
    assert {r.kind for r in removed} == {"login_prompt", "cookie_notice"}


def test_prose_mentioning_log_in_is_kept() -> None:
    text = "Registered voters can log in to the portal from Monday.\nSubscribers were told on Friday."
    assert clean_text(text) == (text, [])


def test_cut_off_last_sentence_is_set_aside() -> None:
    cleaned, removed = clean_text(ARTICLE + " The vote is expected to be confirmed next week, includin")
    assert cleaned == ARTICLE
    assert removed[0].kind == "cut_off_sentence"
    assert removed[0].text == "The vote is expected to be confirmed next week, includin"


def test_endings_that_are_not_cut_off_stay() -> None:
    for ending in ("For details visit www.example.org", "- Budget approved", "Total: 1,200"):
        text = ARTICLE + "\n" + ending
        assert clean_text(text)[0] == text


def test_paragraph_layout_one_per_line() -> None:
    raw = "  First paragraph.  \r\n\r\n\r\nSecond paragraph,\nwrapped here.\n\n"
    assert normalize(raw) == ["First paragraph.", "Second paragraph, wrapped here."]


def _nonspace(text: str) -> Counter[str]:
    return Counter(c for c in text if not c.isspace())


_lines = st.lists(
    st.one_of(
        st.text(min_size=0, max_size=80),
        st.sampled_from(["SEE ALSO: Some Headline HereThe text goes on here and on.", "All news", "Log in"]),
    ),
    max_size=12,
)


@given(_lines)
def test_cleaning_never_invents_or_loses_text(lines: list[str]) -> None:
    raw = "\n".join(lines)
    cleaned, removed = clean_text(raw)
    # every non-space character of the input is either kept or recorded as removed, and nothing new
    assert _nonspace(cleaned) + _nonspace("".join(r.text for r in removed)) == _nonspace(raw)
    for word in cleaned.split():
        assert word in raw


@given(st.text(max_size=300))
def test_output_is_one_stripped_paragraph_per_line(raw: str) -> None:
    cleaned, _ = clean_text(raw)
    for line in cleaned.split("\n") if cleaned else []:
        assert line and line == line.strip()
