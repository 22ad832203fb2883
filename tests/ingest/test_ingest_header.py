"""The plain-text metadata header: inline and block forms, and what is not a header."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyweave.ingest.header import FIELDS, format_header, parse_header


def test_inline_date_with_body_on_the_same_line() -> None:
    fields, body, warnings = parse_header(" date 2023-11-24 CITY — The talks ended on Thursday.\n\nMore.")
    assert fields == {"date": "2023-11-24"}
    assert body == "CITY — The talks ended on Thursday.\n\nMore."
    assert warnings == []


def test_inline_several_fields() -> None:
    fields, body, _ = parse_header(" date 2024-01-02 language de url https://x.example/a Der Text.")
    assert fields == {"date": "2024-01-02", "language": "de", "url": "https://x.example/a"}
    assert body == "Der Text."


def test_inline_value_must_validate() -> None:
    text = " date tomorrow the meeting starts."
    assert parse_header(text) == ({}, text, [])


def test_block_form() -> None:
    text = (
        " title: Ministers meet: a summary\n outlet: The Example Times\n date: 2025-03-14\n"
        " url: https://x.example/slug\n language: en\n author: A. Writer\n\nBody line one.\nBody two."
    )
    fields, body, warnings = parse_header(text)
    assert fields == {
        "title": "Ministers meet: a summary",
        "outlet": "The Example Times",
        "date": "2025-03-14",
        "url": "https://x.example/slug",
        "language": "en",
        "author": "A. Writer",
    }
    assert body == "Body line one.\nBody two."
    assert warnings == []


def test_block_aliases_unknown_fields_and_bad_values_warn() -> None:
    fields, body, warnings = parse_header(" published: 2025-03-14\n mood: calm\n url: ftp://no\n\nBody.")
    assert fields == {"date": "2025-03-14"}
    assert body == "Body."
    assert any("mood" in w for w in warnings) and any("url" in w for w in warnings)


def test_prose_is_not_a_header() -> None:
    for text in ("Title: no leading space, no header\n\nBody.", " Note: an indented remark.\nBody."):
        assert parse_header(text) == ({}, text, [])


_value = (
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
_free = st.fixed_dictionaries({}, optional={"title": _value, "outlet": _value, "author": _value})
_dates = st.dates().map(lambda d: d.isoformat())
_body = st.text(min_size=0, max_size=200).filter(lambda s: not s.startswith((" ", "\n")))


@given(_free, st.one_of(st.none(), _dates), _body)
def test_block_header_round_trips(fields: dict[str, str], date: str | None, body: str) -> None:
    if date:
        fields = {**fields, "date": date}
    if not fields:
        return
    parsed, parsed_body, warnings = parse_header(format_header(fields) + body)
    assert parsed == fields
    assert parsed_body == body
    assert warnings == []
    assert set(parsed) <= set(FIELDS)
