"""Bad input: no crash, sensible output."""

from __future__ import annotations

import random

from storyweave.analyze.sentences import split_sentences
from storyweave.dedup import find_shared_passages
from storyweave.model import Article


def article(article_id: str, text: str) -> Article:
    return Article(id=article_id, text=text, sentences=split_sentences(text))


def test_empty_and_one_word_articles() -> None:
    result = find_shared_passages([article("e", ""), article("w", "Hello"), article("w2", "Hello")])
    assert result.passages == [] and result.duplicate_of == {}
    assert find_shared_passages([]).passages == []


def test_articles_without_sentences_are_ignored() -> None:
    bare = Article(id="bare", text="Some text that was never split into sentences by the analyzer.")
    assert find_shared_passages([bare, bare]).passages == []


def test_one_megabyte_articles() -> None:
    rng = random.Random(0)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(2, 9))) for _ in range(5000)]
    lines = [" ".join(rng.choices(vocabulary, k=20)) + "." for _ in range(9000)]
    text = "\n".join(lines)
    assert len(text) > 1_000_000
    big, copy = article("big", text), article("copy", "\n".join(lines[:500]))
    result = find_shared_passages([big, copy])
    assert result.duplicate_of == {}  # a twentieth of big: a long shared passage, not a duplicate
    assert [p.articles for p in result.passages] == [["big", "copy"]]
    assert result.passages[0].text == copy.text


def test_non_latin_scripts() -> None:
    russian = "Президент Беларуси Александр Лукашенко провёл переговоры с лидерами шести стран в Минске."
    chinese = "国家主席在北京会见了来自六个国家的领导人，双方签署了十五份合作文件。"
    a = article("ru", russian + "\n" + chinese)
    b = article("ru2", "Сегодня в городе шёл сильный дождь и дул холодный ветер с моря.\n" + russian)
    result = find_shared_passages([a, b])
    assert [p.text for p in result.passages] == [russian]


def test_articles_that_are_all_quotes() -> None:
    quotes = "\n".join(
        f'"We will never accept the terms of this agreement number {i}," the minister told reporters.'
        for i in range(4)
    )
    a, b = article("q1", quotes), article("q2", quotes.replace('"', "«").replace("«,", "»,"))
    result = find_shared_passages([a, b])
    assert result.duplicate_of == {"q2": "q1"}
    assert len(result.passages) == 1
