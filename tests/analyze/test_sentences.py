"""Sentence splitting: exact offsets, nothing lost, and the cases news text needs right."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.analyze import sentences as sentences_module
from storyweave.analyze.sentences import paragraph_spans, pysbd_cuts, repair_cuts, split_sentences
from storyweave.eval.sentences import evaluate_splitter, join_gold
from storyweave.model import Sentence


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def assert_exact(text: str, result: list[Sentence]) -> None:
    """The contract every result must meet, whatever the input."""
    previous_end = 0
    for s in result:
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= previous_end
        assert not any(c in s.text for c in "\n\r\u2028\u2029")
        previous_end = s.end
    non_space = "".join(c for c in text if not c.isspace())
    assert "".join(c for s in result for c in s.text if not c.isspace()) == non_space


def rebuild(text: str, result: list[Sentence]) -> str:
    """The input again, from the sentences and the original gaps between them."""
    out, position = [], 0
    for s in result:
        out.append(text[position : s.start])
        out.append(s.text)
        position = s.end
    out.append(text[position:])
    return "".join(out)


def test_plain_sentences_with_offsets() -> None:
    text = "The summit opened on Thursday. Leaders met for three hours! Did they agree?"
    result = split_sentences(text)
    assert [s.text for s in result] == [
        "The summit opened on Thursday.",
        "Leaders met for three hours!",
        "Did they agree?",
    ]
    assert [(s.start, s.end) for s in result] == [(0, 30), (31, 59), (60, 75)]
    assert_exact(text, result)


def test_abbreviations_do_not_end_sentences() -> None:
    text = (
        "Mr. Brandt met Dr. Okafor in the U.S. capital on Jan. 5 to talk trade. "
        "Gen. Marlow and Sen. Vance joined them later. The talks ended."
    )
    assert texts(text) == [
        "Mr. Brandt met Dr. Okafor in the U.S. capital on Jan. 5 to talk trade.",
        "Gen. Marlow and Sen. Vance joined them later.",
        "The talks ended.",
    ]


def test_a_title_alone_at_a_sentence_start_is_kept_with_its_name() -> None:
    assert texts("The convoy left at dawn. Gen. Marlow said so.") == [
        "The convoy left at dawn.",
        "Gen. Marlow said so.",
    ]


def test_initials() -> None:
    assert texts("J. R. R. Tolkien wrote the book. George W. Harlan read it.") == [
        "J. R. R. Tolkien wrote the book.",
        "George W. Harlan read it.",
    ]


def test_decimals_and_versions() -> None:
    assert texts("Growth was 3.5 percent. The v2.0 release followed. It cost $4.99 a month.") == [
        "Growth was 3.5 percent.",
        "The v2.0 release followed.",
        "It cost $4.99 a month.",
    ]


def test_quote_ending_a_sentence() -> None:
    assert texts('"We will not back down," she said. "This is over." Next came the vote.') == [
        '"We will not back down," she said.',
        '"This is over."',
        "Next came the vote.",
    ]


def test_quote_followed_by_lowercase_attribution_is_one_sentence() -> None:
    assert texts('"It is over." he said. Next, the vote.') == ['"It is over." he said.', "Next, the vote."]


def test_spaced_closing_quote_stays_with_its_sentence() -> None:
    assert texts('He said "we are finished here. " Then he left.') == [
        'He said "we are finished here. "',
        "Then he left.",
    ]


def test_unicode_quotes() -> None:
    assert texts("“It is over.” Then he left. ‘Quite so.’ She agreed. «Да.» Конец.") == [
        "“It is over.”",
        "Then he left.",
        "‘Quite so.’",
        "She agreed.",
        "«Да.»",
        "Конец.",
    ]


def test_ellipsis_between_sentences() -> None:
    assert texts("He was a loyal ally.... We never doubted him.") == [
        "He was a loyal ally....",
        "We never doubted him.",
    ]


def test_sentence_glued_to_the_next_loses_nothing() -> None:
    text = "Leaders called it a Snub.An official denied it. Talks resume."
    result = split_sentences(text)
    assert_exact(text, result)
    assert result[-1].text == "Talks resume."


def test_cyrillic_text() -> None:
    text = "Президент прибыл в Минск в четверг. Переговоры длились три часа. Итог не объявлен."
    assert texts(text) == [
        "Президент прибыл в Минск в четверг.",
        "Переговоры длились три часа.",
        "Итог не объявлен.",
    ]


def test_empty_and_whitespace_only() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\t \n\n  ") == []


def test_paragraphs_and_line_breaks() -> None:
    text = "  Headline without a stop\n\nFirst paragraph. Still first.\r\nSecond paragraph  \n"
    result = split_sentences(text)
    assert [(s.text, s.paragraph) for s in result] == [
        ("Headline without a stop", 0),
        ("First paragraph.", 1),
        ("Still first.", 1),
        ("Second paragraph", 2),
    ]
    assert_exact(text, result)
    assert list(paragraph_spans(text)) == [(2, 25), (27, 56), (58, 74)]


def test_a_sentence_never_crosses_a_newline() -> None:
    text = "The minister said\nthat talks would resume, and\nMr. Brandt agreed."
    result = split_sentences(text)
    assert [s.text for s in result] == [
        "The minister said",
        "that talks would resume, and",
        "Mr. Brandt agreed.",
    ]
    assert [s.paragraph for s in result] == [0, 1, 2]


def test_a_megabyte_without_punctuation_is_linear() -> None:
    text = "word " * 199_999 + "words"  # 1,000,000 characters
    began = time.perf_counter()
    result = split_sentences(text)
    elapsed = time.perf_counter() - began
    assert len(result) == 1 and result[0].end == len(text)
    # Linear work is well under a second here; a quadratic pass over 1 MB would take minutes.
    assert elapsed < 5


def test_paragraphs_longer_than_a_chunk_are_split_at_whitespace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sentences_module, "MAX_CHUNK", 50)
    text = "alpha beta gamma delta epsilon zeta eta theta iota " * 6 + "kappa. Lambda."
    result = split_sentences(text)
    assert_exact(text, result)
    assert all(len(s.text) <= 50 for s in result)
    assert result[-1].text == "Lambda."


def test_repair_drops_cut_after_title_and_moves_past_closing_quote() -> None:
    line = 'He said "talks with Gen. Marlow ended. " Then rain.'
    assert repair_cuts(line, [24, 38]) == [40]


def test_backend_cuts_out_of_range_or_unordered_are_ignored() -> None:
    text = "One here. Two there."
    result = split_sentences(text, lambda line: [50, 9, 3, -1, 9])
    assert_exact(text, result)
    assert [s.text for s in result] == ["One here.", "Two there."]


def test_pysbd_backend_gives_exact_offsets() -> None:
    text = "Mr. Brandt arrived.  “It is over.” Then he left.\nНовый абзац. Да."
    result = split_sentences(text, pysbd_cuts)
    assert_exact(text, result)
    assert result[0].text == "Mr. Brandt arrived."


def test_lone_surrogate_does_not_crash() -> None:
    text = "Broken \ud800 byte here. Next one."
    result = split_sentences(text)
    assert_exact(text, result)
    assert result[-1].text == "Next one."


_ALPHABET = st.sampled_from(
    [*"ab Z.!?\"'”“…\n\r\t,;", "Mr.", "U.S.", " J.", "3.5", "\u2028", "\u00a0", "ж", "😀", " he"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_invariants_on_news_like_text(text: str) -> None:
    result = split_sentences(text)
    assert_exact(text, result)
    assert rebuild(text, result) == text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_invariants_on_any_text(text: str) -> None:
    result = split_sentences(text)
    assert_exact(text, result)
    assert rebuild(text, result) == text
    paragraphs = [s.paragraph for s in result]
    assert paragraphs == sorted(paragraphs)


def test_evaluate_splitter_scores_boundaries_and_offsets() -> None:
    gold = [["Breaking news", "The summit opened.", "Mr. Brandt spoke first."], ["One only."]]
    scores = evaluate_splitter(gold, split_sentences)
    # The joined first record has two gold boundaries; only the one after punctuation can be found.
    assert scores["recall_after_punctuation"] == 1.0
    assert scores["recall"] == 0.5
    assert scores["precision"] == 1.0
    assert scores["gold_unpunctuated"] == 1
    assert scores["offset_errors"] == 0
    assert scores["articles"] == 2


def test_evaluate_splitter_counts_offset_errors() -> None:
    def shifted(text: str) -> list[Sentence]:
        return [Sentence(1, len(text), text[1:])]

    assert evaluate_splitter([["Lost a letter."]], shifted)["offset_errors"] == 1
    assert join_gold(["A b.", "C."]) == ("A b. C.", [4])
