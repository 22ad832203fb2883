from __future__ import annotations

from datetime import datetime

from storyweave.analyze.sentences import split_sentences
from storyweave.brief.summary import summarize, summary_word_count
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
