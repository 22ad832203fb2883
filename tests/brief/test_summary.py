from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.analyze.sentences import split_sentences
from storyweave.brief.summary import METHODS, compress_spans, summarize, summary_word_count
from storyweave.model import Article
from storyweave.settings import SummarySettings


def _article(ident: str, text: str, day: int | None = None, outlet: str | None = None) -> Article:
    published = datetime(2025, 3, day) if day else None
    article = Article(id=ident, text=text, published=published, outlet=outlet or ident)
    article.sentences = split_sentences(text)
    return article


HARBOUR_A = (
    "Dock workers in the port of Velmora walked off the job on Monday, halting all container traffic.\n"
    "The strike was called by the Velmora Dockers Union after talks on wages collapsed late on Sunday.\n"
    "Union leader Mira Castell said the workers would stay out until the port authority raised pay.\n"
    "Officials said twelve ships were waiting at anchor outside the harbour by Monday evening."
)
HARBOUR_B = (
    "Container traffic at Velmora stopped on Monday as dock workers began an open-ended strike.\n"
    "The strike was called by the Velmora Dockers Union after wage talks collapsed on Sunday night.\n"
    "Port officials said about twenty ships were waiting at anchor by the evening.\n"
    "Local shops near the harbour reported a quiet day."
)
HARBOUR_C = (
    "Dock workers in Velmora walked off the job on Monday and halted container traffic at the port.\n"
    "Mira Castell, who leads the union, said the walkout would last until pay was raised.\n"
    "Shipping agents expect delays to spread to nearby ports within days."
)


def test_every_summary_sentence_cites_exact_slices() -> None:
    articles = [_article("a", HARBOUR_A, 3), _article("b", HARBOUR_B, 3), _article("c", HARBOUR_C, 4)]
    by_id = {a.id: a for a in articles}
    summary = summarize(articles, SummarySettings(words=60))
    assert summary
    for sentence in summary:
        assert sentence.support, "every summary sentence must rest on at least one passage"
        assert sentence.sources == list(dict.fromkeys(s.article for s in sentence.support))
        for support in sentence.support:
            assert by_id[support.article].text[support.start : support.end] == support.text
        # the shown sentence is itself one of the cited passages
        assert any(s.text == sentence.text for s in sentence.support)


def test_content_carried_by_several_articles_cites_all_of_them() -> None:
    articles = [_article("a", HARBOUR_A, 3), _article("b", HARBOUR_B, 3), _article("c", HARBOUR_C, 4)]
    summary = summarize(articles, SummarySettings(words=100, support_similarity=0.45))
    walkout = [s for s in summary if "walked off the job" in s.text or "open-ended strike" in s.text]
    assert walkout, [s.text for s in summary]
    assert len(walkout[0].sources) >= 2


def test_summary_respects_word_budget_and_avoids_repeats() -> None:
    articles = [_article("a", HARBOUR_A, 3), _article("b", HARBOUR_B, 3), _article("c", HARBOUR_C, 4)]
    summary = summarize(articles, SummarySettings(words=40))
    assert summary_word_count(summary) <= 40
    texts = [s.text for s in summary]
    assert len(texts) == len(set(texts))
    # the two near-identical "strike was called" sentences never both appear
    assert sum("strike was called" in t for t in texts) <= 1


def test_summary_of_one_article_and_of_nothing() -> None:
    single = summarize([_article("solo", HARBOUR_A, 3)], SummarySettings(words=30))
    assert single and all(s.sources == ["solo"] for s in single)
    assert summarize([], SummarySettings()) == []
    assert summarize([_article("blank", "")], SummarySettings()) == []


def test_summary_is_in_story_order() -> None:
    later = _article("later", HARBOUR_C, 9)
    earlier = _article("earlier", HARBOUR_A, 3)
    summary = summarize([later, earlier], SummarySettings(words=200, redundancy=0.99))
    firsts = [s.support[0].article for s in summary]
    assert firsts == sorted(firsts, key=lambda a: 0 if a == "earlier" else 1)


def test_duplicates_are_cited_but_not_shown() -> None:
    original = _article("orig", HARBOUR_A, 3)
    copy = _article("copy", HARBOUR_A.replace("Monday", "Monday morning"), 4)
    summary = summarize([copy, original], SummarySettings(words=60), exclude=frozenset({"copy"}))
    assert summary
    assert all(s.support[0].article == "orig" for s in summary)
    assert any("copy" in s.sources for s in summary)


# --- issue 7: selection methods, sentence budget, chronology, degenerate stories ---


def _harbour() -> list[Article]:
    return [_article("a", HARBOUR_A, 3), _article("b", HARBOUR_B, 3), _article("c", HARBOUR_C, 4)]


@pytest.mark.parametrize("method", METHODS)
def test_every_method_cites_exact_slices_within_budget(method: str) -> None:
    articles = _harbour()
    by_id = {a.id: a for a in articles}
    summary = summarize(articles, SummarySettings(words=45), method=method)  # type: ignore[arg-type]
    assert summary and summary_word_count(summary) <= 45
    for sentence in summary:
        assert sentence.support[0].text == sentence.text
        for support in sentence.support:
            assert by_id[support.article].text[support.start : support.end] == support.text


def test_sentence_budget() -> None:
    articles = _harbour()
    assert len(summarize(articles, SummarySettings(), sentences=2)) == 2
    assert len(summarize(articles, SummarySettings(), sentences=1, words=200)) == 1
    assert summarize(articles, SummarySettings(), sentences=0) == []
    # a sentence budget alone lifts the default word budget
    long = summarize(articles, SummarySettings(words=10), sentences=3)
    assert len(long) == 3


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError):
        summarize(_harbour(), SummarySettings(), method="magic")  # type: ignore[arg-type]


def test_sentences_reporting_an_earlier_day_come_first() -> None:
    later = _article(
        "later",
        "Mediators in Velmora met both sides on Wednesday to restart the stalled talks.\n"
        "The Velmora port strike began on Monday when dock workers walked out over pay.",
        5,
    )
    summary = summarize([later], SummarySettings(words=200, redundancy=0.99))
    assert [s.text.split()[1] for s in summary] == ["Velmora", "in"]


def test_two_hundred_articles_and_all_duplicates() -> None:
    many = [_article(f"x{i}", [HARBOUR_A, HARBOUR_B, HARBOUR_C][i % 3], 3 + i % 5) for i in range(200)]
    summary = summarize(many, SummarySettings(words=60))
    assert summary and summary_word_count(summary) <= 60
    assert max(len(s.sources) for s in summary) > 50  # the same content in many articles is cited in all
    copies = [_article(f"d{i}", HARBOUR_A, 3) for i in range(4)]
    dup = summarize(copies, SummarySettings(words=60), exclude=frozenset({"d1", "d2", "d3"}))
    assert dup and all(s.support[0].article == "d0" and s.sources == ["d0", "d1", "d2", "d3"] for s in dup)


WORDS = st.sampled_from(
    "port dock strike union wages talks ships harbour Velmora Monday officials workers pay cargo".split()
)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.lists(st.lists(WORDS, min_size=6, max_size=14), min_size=1, max_size=4), min_size=1, max_size=4
    ),
    st.sampled_from(METHODS),
    st.integers(5, 80),
)
def test_invariants(docs: list[list[list[str]]], method: str, budget: int) -> None:
    articles = [_article(f"h{i}", "\n".join(" ".join(s) + "." for s in doc), 3) for i, doc in enumerate(docs)]
    by_id = {a.id: a for a in articles}
    summary = summarize(articles, SummarySettings(words=budget), method=method)  # type: ignore[arg-type]
    assert len(summary) <= 1 or summary_word_count(summary) <= budget
    assert len({s.text for s in summary}) == len(summary)
    for sentence in summary:
        assert sentence.sources == list(dict.fromkeys(s.article for s in sentence.support))
        for support in sentence.support:
            assert by_id[support.article].text[support.start : support.end] == support.text


def test_light_compression_keeps_exact_slices() -> None:
    text = (
        "Meanwhile, Port director Ana Vell (pictured) said twelve ships were still waiting at anchor, "
        "officials said."
    )
    article = _article("z", text, 3)
    [sentence] = summarize([article], SummarySettings(words=100), compress=True)
    assert sentence.text == "Port director Ana Vell said twelve ships were still waiting at anchor."
    assert "".join(s.text for s in sentence.support if s.article == "z") == sentence.text
    for support in sentence.support:
        assert article.text[support.start : support.end] == support.text
    assert summarize([article], SummarySettings(words=100))[0].text == text  # off by default


@given(st.text(alphabet="abc XYZ(),.'\"", max_size=120))
def test_compression_spans_are_ordered_slices(text: str) -> None:
    spans = compress_spans(text)
    assert spans == sorted(spans)
    assert all(0 <= a < b <= len(text) for a, b in spans) or spans == [(0, 0)]
    assert all(b1 <= a2 for (_, b1), (a2, _) in pairwise(spans))


def test_a_sentence_copied_between_articles_is_not_weighted_as_corroborated() -> None:
    copied = "Council members in Lorvik approved a harbour budget after a long debate on Monday."
    texts = {
        "a": f"{copied} Fishermen welcomed the plan for new piers.",
        "b": f"{copied} Shops expect more visitors next summer.",
        "e": f"{copied} The mayor did not attend.",
        "c": "Ferry fares in Lorvik will rise by ten percent next spring, the operator said after the "
        "council debate on Monday.",
        "d": "The Lorvik ferry operator said fares are going up ten percent in the spring, after Monday's "
        "council debate.",
        "f": "Lorvik ferry fares go up by a tenth next spring, its operator announced after the council's "
        "Monday debate.",
    }
    articles = []
    for key, text in texts.items():
        article = Article(id=key, text=text, outlet=f"Outlet {key}")
        article.sentences = split_sentences(text)
        articles.append(article)

    def copies_once(variants: Sequence[tuple[str, str]]) -> int:  # identical sentences: one report
        return len({text for _, text in variants})

    [counted] = summarize(articles, SummarySettings(), sentences=1)
    assert counted.text.startswith("Council members")  # three articles carry it: weighted up
    [independent] = summarize(articles, SummarySettings(), sentences=1, sources=copies_once)
    assert "ferry operator" in independent.text  # reported in other words by several outlets
