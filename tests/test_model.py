from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from storyweave.model import (
    Article,
    Removed,
    Sentence,
    content_fingerprint,
    format_published,
    parse_published,
)

_text = st.text(max_size=80)
_dates = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    text = draw(_text)
    cut = draw(st.integers(0, len(text)))
    return Article(
        id=draw(st.text(min_size=1, max_size=20)),
        text=text,
        title=draw(st.one_of(st.none(), _text)),
        outlet=draw(st.one_of(st.none(), _text)),
        url=draw(st.one_of(st.none(), _text)),
        published=draw(_dates),
        language=draw(st.one_of(st.none(), st.sampled_from(["en", "ru"]))),
        removed=[Removed("see_also", draw(_text), "glued link")] if draw(st.booleans()) else [],
        warnings=draw(st.lists(_text, max_size=2)),
        sentences=[Sentence(0, cut, text[:cut])],
    )


@given(articles())
def test_article_json_round_trip(article: Article) -> None:
    again = Article.from_dict(json.loads(json.dumps(article.to_dict())))
    assert again == article


def test_dates_format_as_bare_day_when_midnight() -> None:
    assert format_published(datetime(2023, 11, 24)) == "2023-11-24"
    assert parse_published("2023-11-24") == datetime(2023, 11, 24)
    aware = datetime(2023, 11, 24, 9, 30, tzinfo=timezone(timedelta(hours=3)))
    assert parse_published(format_published(aware)) == aware
    assert parse_published(None) is None and format_published(None) is None


def test_fingerprint_ignores_case_punctuation_and_spacing() -> None:
    assert content_fingerprint("Hello,  World!") == content_fingerprint("hello world")
    assert content_fingerprint("Hello world") != content_fingerprint("Hello word")


def test_extract_record_has_the_contract_fields() -> None:
    record = Article(id="x", text="t").extract_record()
    assert {"id", "title", "outlet", "published", "url", "language", "text", "removed"} <= set(record)
