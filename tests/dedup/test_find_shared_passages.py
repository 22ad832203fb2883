from __future__ import annotations

from datetime import datetime

from storyweave.analyze.sentences import split_sentences
from storyweave.dedup import DedupSettings, find_shared_passages
from storyweave.model import Article

WIRE = (
    "Belarusian Foreign Minister Maxim Aleynyk met his counterparts in Minsk on Thursday morning.\n"
    'The ministers signed fifteen documents on trade, customs and energy cooperation, "a historic step".\n'
    "Officials said the next meeting would be held in Astana in the spring of next year."
)
OTHER = (
    "Flooding closed three bridges across the river after a week of heavy rain in the north.\n"
    "Emergency crews evacuated more than two hundred residents from low-lying streets overnight."
)


def article(article_id: str, text: str, published: datetime | None = None) -> Article:
    return Article(id=article_id, text=text, published=published, sentences=split_sentences(text))


def test_edited_copy_is_found_with_the_earlier_article_first() -> None:
    copied = (
        "Markets were calm on Friday as traders waited for the central bank's decision on rates.\n"
        "Belarusian foreign minister Maksim Aleinik met his counterparts in Minsk on Thursday morning, "
        "Reuters reported.\n"
        "The ministers signed 15 documents on trade, customs and energy cooperation, “a historic step”.\n"
        + OTHER
    )
    later = article("later", copied, datetime(2023, 11, 24))
    earlier = article("earlier", WIRE, datetime(2023, 11, 23))
    result = find_shared_passages([later, earlier])
    assert len(result.passages) == 1
    passage = result.passages[0]
    assert passage.articles == ["earlier", "later"]
    # Two adjacent copied sentences merge into one passage, quoted as the later article has it.
    assert passage.text.startswith("Belarusian foreign minister Maksim Aleinik")
    assert passage.text.endswith("“a historic step”.")
    assert passage.text in later.text
    assert 0.5 < passage.similarity <= 1.0
    assert result.duplicate_of == {}


def test_without_dates_input_order_decides_who_is_earlier() -> None:
    a = article("a", WIRE + "\n" + OTHER)
    b = article("b", OTHER + "\nSomething else entirely happened at the harbour during the storm.")
    result = find_shared_passages([b, a])
    assert {tuple(p.articles) for p in result.passages} == {("b", "a")}


def test_unrelated_articles_on_one_topic_share_nothing() -> None:
    a = article("a", "The summit opened in Minsk on Thursday with leaders of six countries present.")
    b = article("b", "Leaders of six nations gathered for a summit in the Belarusian capital this week.")
    assert find_shared_passages([a, b]).passages == []


def test_reposted_article_is_a_duplicate_of_the_earliest() -> None:
    original = article("wire", WIRE, datetime(2023, 11, 23, 8))
    repost = article("repost", "Summit news\n" + WIRE.replace('"', "'"), datetime(2023, 11, 23, 12))
    trimmed = article("trim", WIRE.rsplit("\n", 1)[0], datetime(2023, 11, 24))
    unrelated = article("flood", OTHER, datetime(2023, 11, 22))
    result = find_shared_passages([repost, trimmed, unrelated, original])
    assert result.duplicate_of == {"repost": "wire", "trim": "wire"}


def test_without_dates_the_most_complete_is_the_original() -> None:
    full = article("full", WIRE)
    trimmed = article("trim", WIRE.rsplit("\n", 1)[0])
    assert find_shared_passages([trimmed, full]).duplicate_of == {"trim": "full"}


def test_a_passage_copied_twice_is_attributed_to_its_first_source() -> None:
    first = article("first", WIRE, datetime(2023, 1, 1))
    second = article("second", OTHER + "\n" + WIRE.split("\n")[0], datetime(2023, 1, 2))
    third = article("third", WIRE.split("\n")[0] + "\nA different closing line about the weather today.",
                    datetime(2023, 1, 3))  # fmt: skip
    sources = {tuple(p.articles) for p in find_shared_passages([third, second, first]).passages}
    assert sources == {("first", "second"), ("first", "third")}
    every_pair = DedupSettings(attribute_to_earliest=False)
    sources = {tuple(p.articles) for p in find_shared_passages([third, second, first], every_pair).passages}
    assert ("second", "third") in sources


def test_reordered_sentences_are_still_found() -> None:
    lines = WIRE.split("\n")
    shuffled = article("shuffled", "\n".join([lines[2], OTHER, lines[0]]))
    result = find_shared_passages([article("wire", WIRE), shuffled])
    texts = [p.text for p in result.passages]
    assert lines[2] in texts and lines[0] in texts


def test_a_date_without_time_does_not_beat_a_fuller_article_of_the_same_day() -> None:
    # The re-post carries only a date (midnight); the wire story is stamped later that day and is fuller.
    wire = article("wire", WIRE, datetime(2023, 11, 23, 16, 40))
    repost = article("repost", WIRE.rsplit("\n", 1)[0], datetime(2023, 11, 23))
    assert find_shared_passages([repost, wire]).duplicate_of == {"repost": "wire"}
