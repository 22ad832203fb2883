"""NER on short hand-written articles; the spaCy pipeline is loaded once for the module."""

from __future__ import annotations

import pytest

from storyweave.analyze.entities import check_meta, extract_mentions, load_ner
from storyweave.errors import ConfigError
from storyweave.model import Article
from storyweave.resolve import resolve_entities

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_ner()


def labelled(article: Article, label: str) -> list[str]:
    return [m.text for m in article.mentions if m.label == label]


def test_loaded_pipeline_is_the_genuine_release(nlp) -> None:  # type: ignore[no-untyped-def]
    assert nlp.meta["version"] == "3.8.0" and nlp.meta["license"] == "MIT"
    assert nlp.meta["author"] == "Explosion"


def test_check_meta_refuses_an_impostor() -> None:
    meta = {"lang": "en", "version": "999.9.9", "license": "MIT", "author": "Explosion",
            "spacy_version": ">=3.7.5,<3.9.0", "pipeline": ["ner"]}  # fmt: skip
    with pytest.raises(ConfigError):
        check_meta(meta, spacy.__version__)
    with pytest.raises(ConfigError):
        check_meta({**meta, "version": "3.8.0", "spacy_version": ">=4.0.0"}, spacy.__version__)


def test_mentions_descriptors_and_offsets(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The summit in Minsk was hosted by authoritarian Belarusian leader Alyaksandr Lukashenka on "
        'Thursday. "We hope," Kremlin spokesman Dmitry Peskov told state TV.'
    )
    article = Article(id="a", text=text)
    extract_mentions([article], nlp)
    for m in article.mentions:
        assert text[m.start : m.end] == m.text
    assert "Alyaksandr Lukashenka" in labelled(article, "PERSON")
    assert "Dmitry Peskov" in labelled(article, "PERSON")
    assert "Minsk" in labelled(article, "GPE")
    assert "Thursday" in labelled(article, "DATE")
    assert "authoritarian Belarusian leader" in labelled(article, "DESCRIPTOR")
    assert "Kremlin spokesman" in labelled(article, "DESCRIPTOR")


def test_role_noun_inside_an_entity_is_split_off(nlp) -> None:  # type: ignore[no-untyped-def]
    article = Article(id="a", text="It was attended by Kazakh President Kassym-Jomart Tokayev and others.")
    extract_mentions([article], nlp)
    assert "Kassym-Jomart Tokayev" in labelled(article, "PERSON")


def test_ner_then_resolution_end_to_end(nlp) -> None:  # type: ignore[no-untyped-def]
    a = Article(id="a", text="Armenian Prime Minister Nikol Pashinyan skipped the summit in Minsk.")
    b = Article(id="b", text="Nikol Pashinian did not attend. Pashinian was in Yerevan.")
    c = Article(id="c", text="")
    extract_mentions([a, b, c], nlp)
    entities = {e.name: e for e in resolve_entities([a, b, c])}
    person = entities["Nikol Pashinyan"]
    assert person.articles == ["a", "b"] and "Nikol Pashinian" in person.aliases
    assert c.mentions == []
