"""Direct quotes: marks (curly, straight, nested, unbalanced, across paragraphs) and speakers."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyweave.claims.quote_groups import ArticleQuote, group_quotes, same_quote
from storyweave.claims.quotes import find_quotes, quote_spans
from storyweave.eval.claims import evaluate_quotes
from storyweave.model import Mention

GOLD = Path(__file__).with_name("quotes_gold.jsonl")


def person(text: str, name: str) -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), name, "PERSON")


def quotes(text: str, *names: str):
    return find_quotes(text, [person(text, n) for n in names])


def test_curly_quote_said_x() -> None:
    text = "“We will not move,” said Anna Kowal, the union chair."
    [q] = quotes(text, "Anna Kowal")
    assert (q.text, q.speaker) == ("We will not move,", "Anna Kowal")


def test_x_said_and_told_reporters() -> None:
    text = '"The port is closed," Ivan Petrov told reporters. "Talks resume on Monday," Lena Ortiz said.'
    first, second = quotes(text, "Ivan Petrov", "Lena Ortiz")
    assert first.speaker == "Ivan Petrov"
    assert second.speaker == "Lena Ortiz"


def test_according_to() -> None:
    text = "The bridge “will reopen in May”, according to engineer Sara Lind."
    [q] = quotes(text, "Sara Lind")
    assert q.speaker == "Sara Lind"


def test_pronoun_resolves_to_the_named_person() -> None:
    text = 'Rescuers reached Tomas Berg on Friday. "I prayed the whole time," he said.'
    [q] = quotes(text, "Tomas Berg")
    assert q.speaker == "Tomas Berg"


def test_split_quote_keeps_its_speaker() -> None:
    text = '"We are not leaving," said Olga Marin. "This is our land."'
    first, second = quotes(text, "Olga Marin")
    assert first.speaker == second.speaker == "Olga Marin"


def test_nested_single_quotes_stay_inside() -> None:
    text = "“The sign said ‘no entry’, so we stopped,” driver Kemal Oz told police."
    [q] = quotes(text, "Kemal Oz")
    assert q.text == "The sign said ‘no entry’, so we stopped,"
    assert q.speaker == "Kemal Oz"


def test_unbalanced_quote_ends_at_paragraph_end() -> None:
    text = 'Captain Jon Weber said: "The crew did everything right.\nThe inquiry opens next week.'
    [q] = quotes(text, "Jon Weber")
    assert q.text == "The crew did everything right."
    assert q.speaker == "Jon Weber"


def test_two_opening_marks_close_the_first_quote() -> None:
    spans = quote_spans("“First part never closed “Second part,” she said.")
    assert len(spans) == 2


def test_quote_spanning_paragraphs() -> None:
    text = (
        "Union chief Alicia Navarro spoke.\n“We have waited three years.\n“We will wait no longer,” she said."
    )
    [q] = quotes(text, "Alicia Navarro")
    assert q.text == "We have waited three years. We will wait no longer,"
    assert q.speaker == "Alicia Navarro"


def test_titles_and_one_word_scare_quotes_are_not_quotes() -> None:
    assert quotes('She starred in "American Pie" and called it "fun".') == []


def test_without_ner_a_capitalised_name_is_used() -> None:
    [q] = find_quotes('"The water is safe," Mayor Thomas Becker said.', [])
    assert q.speaker == "Mayor Thomas Becker"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("We will not move a single container until the ministry signs. Not a promise.",
         "We will not move a single container until the ministry signs,", True),
        ("“under blockade”", '"under blockade"', True),
        ("We will not move a single container", "The port will reopen on Monday", False),
    ],
)  # fmt: skip
def test_same_quote_trimmed_and_repunctuated(a: str, b: str, same: bool) -> None:
    assert same_quote(a, b, 0.85) is same


def test_group_quotes_merges_outlets_and_keeps_the_longest() -> None:
    merged = group_quotes(
        [
            ArticleQuote(
                "a1", "Kostiantyn Hlibovets", "e1", "We will not move a single container. Not a promise."
            ),
            ArticleQuote("a2", "Kostiantyn Hlibovets", "e1", "We will not move a single container,"),
            ArticleQuote("a3", "Larysa Bortnyk", "e2", "The port is under blockade today"),
        ]
    )
    assert [(q.articles, q.entity) for q in merged] == [(["a1", "a2"], "e1"), (["a3"], "e2")]
    assert merged[0].text.endswith("Not a promise.")


def test_fixture_has_100_labelled_quotes_and_regex_fallback_scores() -> None:
    report = evaluate_quotes(GOLD, nlp=None)
    assert report["quotes"] == 100
    assert report["found"] == 1.0
    assert report["speaker_accuracy"] >= 0.9


def mention(text: str, name: str, label: str) -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), name, label)


def test_a_nationality_is_not_a_speaker_but_its_noun_phrase_is() -> None:
    text = 'A statement from the Estonian prime minister\'s office said the talks were "open and useful."'
    [q] = find_quotes(text, [mention(text, "Estonian", "NORP")])
    assert q.speaker == "Estonian prime minister's office"
    text = '"We will not give in," the Estonian side said, and left.'
    [q] = find_quotes(text, [mention(text, "Estonian", "NORP")])
    assert q.speaker == "Estonian side"
    text = '"We will not give in," said the Estonian prime minister in Tallinn.'
    [q] = find_quotes(text, [mention(text, "Estonian", "NORP"), mention(text, "Tallinn", "GPE")])
    assert q.speaker == "Estonian prime minister"
    text = 'The talks failed, and "nothing changed," officials in Tallinn said.'
    [q] = find_quotes(text, [mention(text, "Tallinn", "GPE")])
    assert q.speaker == "officials in Tallinn"


def test_according_to_after_a_finished_quoted_sentence_opens_the_next_one() -> None:
    text = (
        'The agency said the plan covered "every port and every quay." According to officials in Tallinn, '
        'the delay was due to "a shortage of pilots" at sea.'
    )
    first, second = find_quotes(text, [mention(text, "Tallinn", "GPE")])
    assert first.speaker is None  # "The agency" is no name; the next sentence's source is not it
    assert second.speaker == "officials in Tallinn"
    text = '"We want more trade with the U.S.," according to John Smith, the envoy.'
    [q] = find_quotes(text, [person(text, "John Smith")])
    assert q.speaker == "John Smith"  # an abbreviation's period before the comma ends no sentence


def test_a_speaker_named_by_description_is_the_entity_an_outlet_described_so() -> None:
    from storyweave.claims.quote_groups import article_quotes
    from storyweave.model import Article, Descriptor, Entity

    text = '"We will not give in," the Estonian prime minister said.'
    a = Article(id="b", text=text, mentions=[mention(text, "Estonian", "NORP")])
    kallas = Entity(
        id="e1", name="Kaja Kallas", type="PERSON", descriptors=[Descriptor("a", "Estonian prime minister")]
    )
    [q] = article_quotes(a, [kallas])
    assert (q.speaker, q.entity) == ("Kaja Kallas", "e1")


def test_expressing_hope_attributes_a_quote() -> None:
    text = 'Mayor Ines Varga expressed hope that "the bridge will reopen before the winter".'
    [q] = quotes(text, "Ines Varga")
    assert q.speaker == "Ines Varga"
    text = 'The Dravian leader voiced hope to see "our friends from Tarn at the next summit".'
    start = text.index("Dravian")
    [q] = find_quotes(text, [Mention(start, start + len("Dravian"), "Dravian", "NORP")])
    assert q.speaker is not None and q.speaker.endswith("Dravian leader")


def test_a_charge_or_a_criticism_attributes_its_quote() -> None:
    text = 'Mayor Ines Varga accused the ministry of "leaving the town to its fate for ten years".'
    [q] = quotes(text, "Ines Varga")
    assert q.speaker == "Ines Varga"
    text = 'Last year Tomas Brel criticized the council for its "complete failure to act on the floods".'
    [q] = quotes(text, "Tomas Brel")
    assert q.speaker == "Tomas Brel"
