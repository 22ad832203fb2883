from __future__ import annotations

from storyweave.cluster.signals import article_signals, capitalized_names, date_terms, embed_text
from storyweave.model import Article


def test_capitalized_runs_approximate_names() -> None:
    names = capitalized_names("The Betty Ford Center said Lindsay Lohan arrived. She was calm.")
    assert "betty ford center" in names and "lindsay lohan" in names
    assert "the" not in names and "she" not in names


def test_date_terms_read_years_weekdays_and_month_days() -> None:
    terms = date_terms("On Sep 18, 2013 Microsoft said on Tuesday it may ship on 3 May, not in 2,013 units.")
    assert {"2013", "tuesday", "september 18", "may 3"} <= set(terms)
    assert "may" not in terms  # the verb is not a month


def test_embed_text_is_title_and_lead() -> None:
    text = "First sentence here. Second one. Third one. Fourth one."
    assert embed_text("Headline", text, 2) == "Headline. First sentence here. Second one."
    assert embed_text(None, text, 1) == "First sentence here."


def test_article_signals_split_years_from_other_numbers() -> None:
    article = Article(id="a", text="A 6.1 quake hit Orvask in 2011, killing 1,200 people.", title="Quake")
    signals = article_signals(article, lead_sentences=3)
    assert signals.years["2011"] == 1
    assert set(signals.numbers) == {"6.1", "1200"}
    assert signals.entities["orvask"] == 1 and signals.language == "en"
    assert signals.words["quake"] == 3  # twice from the title, once from the text


def test_empty_article_has_no_signals() -> None:
    assert article_signals(Article(id="e", text=""), 3).empty
