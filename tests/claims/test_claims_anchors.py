"""Dates of one happening, read off the dependency parse: analyze/attachments.py makes `Article.attachments`
at analysis time, claims/anchors.py turns them into anchors, conflicts.py compares two dates that hang on
one happening. Hand-written sentences; the parse ones go through the real spaCy pipeline."""

from __future__ import annotations

import pytest

from storyweave.analyze.sentences import split_sentences
from storyweave.claims import find_claims
from storyweave.claims.anchors import Anchor, anchor_key, anchor_of, same_happening
from storyweave.dedup import DedupResult
from storyweave.model import Article, Attachment


def test_anchor_keys_fold_inflections_synonyms_and_drop_reporting_verbs() -> None:
    assert {anchor_key(w) for w in ("died", "dies", "death", "dead", "passed away")} == {"die"}
    assert {anchor_key(w) for w in ("arrested", "arrests", "detained", "captured", "re-arrest")} == {"arrest"}
    assert anchor_key("stopped") == anchor_key("stop") == anchor_key("stops")
    assert anchor_key("charged") == anchor_key("charges")
    assert anchor_key("passed") != anchor_key("passed away")  # "passed Ford for the top spot"
    # A statement's date, or no happening at all: nothing to anchor on.
    assert [anchor_key(w) for w in ("said", "announced", "told", "was", "has", "night")] == [""] * 6


def test_participants_in_disagreement_make_two_happenings() -> None:
    def anchor(verb: str, subject: str = "", obj: str = "") -> Anchor:
        found = anchor_of(Attachment(0, 1, "DATE", verb=verb, subject=subject, object=obj))
        assert found is not None
        return found

    assert same_happening(anchor("died", "Helena Marsh"), anchor("died", "Marsh"))
    assert same_happening(anchor("arrested", "police", "harbour master"), anchor("detained", obj="master"))
    assert not same_happening(
        anchor("signed", "Falcons", "Dan Ortiz"), anchor("signed", "Falcons", "Sam Reyes")
    )
    assert not same_happening(anchor("stopped", "work"), anchor("waiting", "ships"))
    # A name and a common noun may be one participant ("Bettie Page" / "the icon").
    assert same_happening(anchor("died", "icon"), anchor("died", "Bettie Page"))
    assert anchor_of(Attachment(0, 1, "DATE", verb="said", subject="police")) is None


def test_attachments_round_trip_and_stay_absent_without_a_parse() -> None:
    plain = Article(id="a", text="x")
    assert "attachments" not in plain.to_dict()
    assert Article.from_dict(plain.to_dict()).attachments is None
    parsed = Article(id="b", text="x", attachments=[Attachment(0, 1, "DATE", verb="died", subject="Marsh")])
    back = Article.from_dict(parsed.to_dict())
    assert back.attachments == parsed.attachments
    assert Article.from_dict({**parsed.to_dict(), "attachments": []}).attachments == []


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from storyweave.analyze.entities import load_ner

    return load_ner()


def analysed(nlp, texts: list[str], parse: bool = True) -> list[Article]:  # type: ignore[no-untyped-def]
    from storyweave.analyze.entities import extract_mentions

    articles = [Article(id=f"a{n}", text=t, outlet=f"Outlet {n}") for n, t in enumerate(texts)]
    for a in articles:
        a.sentences = split_sentences(a.text)
    extract_mentions(articles, nlp, attachments=parse)
    return articles


def conflicts(articles: list[Article]) -> list[tuple[str, list[str]]]:
    return [
        (c.about, [v.value for v in c.values]) for c in find_claims(articles, [], DedupResult()).conflicts
    ]


def test_attachments_name_the_verb_noun_and_participants(nlp) -> None:  # type: ignore[no-untyped-def]
    from storyweave.analyze.attachments import attachments_of

    text = "Police arrested the harbour master on Tuesday after Friday night's fire in Vienna."
    found = {text[a.start : a.end]: a for a in attachments_of(nlp(text))}
    tuesday = found["Tuesday"]
    assert (tuesday.verb, tuesday.subject, tuesday.object, tuesday.prep) == (
        "arrested",
        "police",  # a common noun, lower-cased though it opens the sentence
        "harbour master",
        "on",
    )
    assert found["Friday"].noun == "fire"  # "night" is more of the date, not its happening
    assert found["Vienna"].label == "GPE"
    passive = "The harbour master was arrested on Friday."
    [friday] = [a for a in attachments_of(nlp(passive)) if a.label == "DATE"]
    assert (friday.verb, friday.subject, friday.object) == ("arrested", "", "harbour master")


def test_a_date_conflict_found_through_the_parse(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = [
        "Retired judge Helena Marsh died on Thursday at her home in Corvin, her family said.",
        "Helena Marsh, who led the Corvin appeals court for two decades, died on Saturday after an illness.",
    ]
    # The words next to the two dates differ, so the word-window rules do not compare them ...
    assert conflicts(analysed(nlp, texts, parse=False)) == []
    # ... the parse hangs both on "died", of one Helena Marsh: a contradiction.
    assert conflicts(analysed(nlp, texts)) == [("date", ["Thursday", "Saturday"])]


def test_two_moments_of_one_story_are_not_a_conflict(nlp) -> None:  # type: ignore[no-untyped-def]
    moments = [
        "Work stopped at the port of Lorvik on Monday as 2,300 dockworkers began a strike.",
        "Eleven ships were waiting to enter the port of Lorvik on Tuesday, the second day of the strike.",
    ]
    assert conflicts(analysed(nlp, moments)) == []
    signings = [  # one verb, two players: two signings
        "The Falcons signed quarterback Dan Ortiz on Tuesday to a two-year contract.",
        "The Falcons signed linebacker Sam Reyes on Wednesday to a two-year contract.",
    ]
    assert conflicts(analysed(nlp, signings)) == []
    statements = [  # dates of what was said, not of the happening
        "The harbour master resigned over the missing cargo, the port authority said on Monday.",
        "The harbour master resigned over the missing cargo, the ministry said on Wednesday.",
    ]
    assert conflicts(analysed(nlp, statements)) == []


def test_place_conflict_through_the_real_pipeline(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The two presidents signed the border treaty in {} on Tuesday after six hours of talks."
    found = conflicts(analysed(nlp, [text.format("Vienna"), text.format("Geneva")]))
    assert found == [("place", ["Vienna", "Geneva"])]


def test_a_figure_conflict_is_labelled_with_the_word_as_written() -> None:
    articles = [
        Article(id="a", text="A total of 17 ships were waiting off Lorvik on Thursday.", outlet="One"),
        Article(
            id="b", text="Ship-tracking data showed 29 ships waiting off Lorvik on Thursday.", outlet="Two"
        ),
    ]
    for a in articles:
        a.sentences = split_sentences(a.text)
    [conflict] = find_claims(articles, [], DedupResult()).conflicts
    assert conflict.about == "number of ships"


def test_coordinated_verbs_share_their_date(nlp) -> None:  # type: ignore[no-untyped-def]
    from storyweave.analyze.attachments import attachments_of

    text = "The coast guard on Tuesday stopped a smuggling boat and arrested nine men off Dunmore."
    [tuesday] = [a for a in attachments_of(nlp(text)) if text[a.start : a.end] == "Tuesday"]
    assert (tuesday.verb, tuesday.also) == ("stopped", ("arrested",))
    # A second clause with its own subject is another moment.
    text = "The ferry sank on Friday and officials said nine men were missing."
    [friday] = [a for a in attachments_of(nlp(text)) if text[a.start : a.end] == "Friday"]
    assert friday.also == ()
    texts = [
        "The coast guard on Tuesday stopped a smuggling boat and arrested nine men off Dunmore.",
        "Nine men were arrested by the coast guard off Dunmore on Friday, a spokesman said.",
    ]
    assert conflicts(analysed(nlp, texts)) == [("date", ["Tuesday", "Friday"])]


def test_a_date_of_what_was_said_never_contradicts(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = [
        "Dr. Lena Hart, the Corvin hospital surgeon, has been approached to become the national health "
        "inspector, hospital officials confirmed Tuesday.",
        "Corvin hospital surgeon Dr. Lena Hart has been asked to become the national health inspector, "
        "officials confirmed Sunday.",
    ]
    assert conflicts(analysed(nlp, texts)) == []
    # The same two sentences dating the request itself do disagree.
    texts = [
        "The mayor of Corvin was asked on Tuesday to lead the new water authority, city officials said.",
        "The mayor of Corvin was asked on Thursday to lead the new water authority.",
    ]
    assert conflicts(analysed(nlp, texts)) == [("date", ["Tuesday", "Thursday"])]


def test_a_date_after_a_preposition_of_order_belongs_to_its_noun() -> None:
    after = anchor_of(Attachment(0, 1, "DATE", verb="charged", noun="shooting", prep="after", object="man"))
    assert after is not None and after.keys == {"shoot"}
    plain = anchor_of(Attachment(0, 1, "DATE", verb="charged", noun="court", prep="in", object="man"))
    assert plain is not None and plain.keys == {"charg", "court"}
    # A noun naming a happening of its own keeps its date, whatever verb its phrase hangs on.
    murder = anchor_of(Attachment(0, 1, "DATE", verb="convicted", noun="murder", prep="of"))
    assert murder is not None and murder.keys == {"kill"}
    held = anchor_of(Attachment(0, 1, "DATE", verb="arrested", noun="suspicion", prep="on"))
    assert held is not None and "arrest" in held.keys
    opened = anchor_of(Attachment(0, 1, "DATE", verb="opened", object="fire"))
    assert opened is not None and "shoot" in opened.keys


def test_coordinated_verbs_round_trip_and_old_records_still_load() -> None:
    parsed = Article(
        id="b", text="x", attachments=[Attachment(0, 1, "DATE", verb="stopped", also=("arrested",))]
    )
    back = Article.from_dict(parsed.to_dict())
    assert back.attachments == parsed.attachments
    old = {"id": "c", "text": "x", "attachments": [{"start": 0, "end": 1, "label": "DATE", "verb": "died"}]}
    assert Article.from_dict(old).attachments == [Attachment(0, 1, "DATE", verb="died")]
    old["attachments"][0]["also"] = None  # written by hand, or by another tool
    assert Article.from_dict(old).attachments == [Attachment(0, 1, "DATE", verb="died")]
