from __future__ import annotations

from datetime import UTC, datetime

from storyweave.analyze.sentences import split_sentences
from storyweave.dedup import DedupSettings, PassageIndex
from storyweave.model import Article

COPIED = "The ministers signed fifteen documents on trade, customs and energy cooperation in Minsk."


def article(article_id: str, text: str, day: int) -> Article:
    published = datetime(2024, 1, day, tzinfo=UTC)
    return Article(id=article_id, text=text, published=published, sentences=split_sentences(text))


def test_articles_added_one_at_a_time_find_earlier_copies() -> None:
    index = PassageIndex()
    first = article("a", COPIED + "\nA closing remark about the weather in the city today.", 1)
    assert index.add([first]) == []
    second = article("b", "An opening line about an entirely different event here.\n" + COPIED, 2)
    matches = index.add([second])
    assert [(m.article, m.first, m.other, m.other_first) for m in matches] == [("b", 1, "a", 0)]
    assert matches[0].similarity > 0.9
    assert len(index) == 2 and "a" in index


def test_batch_add_finds_copies_inside_the_batch() -> None:
    index = PassageIndex()
    matches = index.add([article("a", COPIED, 1), article("b", COPIED, 2)])
    assert [(m.article, m.other) for m in matches] == [("b", "a")]


def test_re_adding_an_article_is_harmless() -> None:
    index = PassageIndex()
    index.add([article("a", COPIED, 1)])
    assert index.add([article("a", COPIED, 1)]) == []
    assert len(index) == 1


def test_eviction_by_age_forgets_old_articles_and_frees_memory() -> None:
    index = PassageIndex(DedupSettings())
    for day in range(1, 11):
        index.add([article(f"old{day}", f"Story number {day} says {COPIED}", day)])
    size = index.nbytes
    assert index.evict(datetime(2024, 1, 6, tzinfo=UTC)) == 5
    assert len(index) == 5 and "old1" not in index and "old7" in index
    assert index.nbytes < size
    matches = index.add([article("new", f"Story number 8 says {COPIED}", 20)])
    assert {m.other for m in matches} <= {f"old{d}" for d in range(6, 11)}
    assert "old8" in {m.other for m in matches}


def test_naive_and_aware_dates_mix() -> None:
    index = PassageIndex()
    naive = Article(id="n", text=COPIED, published=datetime(2024, 1, 1), sentences=split_sentences(COPIED))
    index.add([naive, article("z", COPIED, 3)])
    assert index.evict(datetime(2024, 1, 2, tzinfo=UTC)) == 1
