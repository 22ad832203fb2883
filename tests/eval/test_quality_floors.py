"""Pinned quality floors (storyweave/eval/baseline.json) on the public data in ../shared/data.

The evaluations here take a few seconds each; the slow ones (clustering cross-validation,
transliteration) are run by hand with `storyweave eval` and recorded in docs/eval.md.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from storyweave.settings import Settings

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
BASELINE = json.loads(resources.files("storyweave.eval").joinpath("baseline.json").read_text())

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"benchmark data not found at {DATA}")


@needs_data
def test_sentence_splitting_floor() -> None:
    from storyweave.analyze.sentences import split_sentences
    from storyweave.eval.sentences import evaluate_splitter, read_ecb_texts

    records = list(read_ecb_texts(DATA / "ecbplus" / "ecbplus_topics_1-35.jsonl"))
    report = evaluate_splitter(records, split_sentences)
    assert report["f1"] >= BASELINE["sentences"]["f1"]
    assert report["offset_errors"] <= BASELINE["sentences"]["offset_errors_max"]


@needs_data
def test_dedup_floor() -> None:
    from storyweave.eval.dedup import evaluate_dedup

    report = evaluate_dedup(DATA / "ecbplus", seed=13, settings=Settings().dedup)
    floor = BASELINE["dedup"]
    assert report["passages"]["precision"] >= floor["passage_precision"]
    assert report["passages"]["recall"] >= floor["passage_recall"]
    assert report["duplicates"]["f1"] >= floor["duplicate_f1"]


@needs_data
def test_entity_coreference_floor() -> None:
    from storyweave.eval.aliases import evaluate_ecb_entities

    report = evaluate_ecb_entities(DATA / "ecbplus", "dev", Settings().resolve, by_topic=True)
    assert report["conll_f1"] >= BASELINE["aliases_ecb_dev_by_topic"]["conll_f1"]


@needs_data
@pytest.mark.slow
def test_extraction_floor() -> None:
    from storyweave.eval.extraction import evaluate_extraction
    from storyweave.ingest.html import html_main_text

    report = evaluate_extraction(DATA / "zyte_extraction", html_main_text)
    assert report["f1"] >= BASELINE["extraction"]["f1"]


@needs_data
def test_short_text_stream_floor() -> None:
    from storyweave.eval.cluster_runs import run_clustering_eval

    report = run_clustering_eval(
        DATA / "stream" / "Tweets-T.jsonl", label="clusterNo", order="input", embeddings=False
    )
    assert report["method"] == "short"  # "auto" must pick the short-text model for tweets
    assert report["input_order"]["nmi"] >= BASELINE["stream_tweets_t_short"]["nmi"]


@needs_data
@pytest.mark.slow
def test_claims_conflict_floor() -> None:
    from storyweave.analyze.embeddings import load_embedder
    from storyweave.analyze.entities import load_ner
    from storyweave.eval.claim_conflicts import evaluate_conflicts

    settings = Settings()
    report = evaluate_conflicts(
        DATA / "ecbplus", "dev", 7, settings.claims, load_embedder(settings.cluster.embedding), load_ner()
    )
    floor = BASELINE["claims_conflicts_dev"]
    assert report["precision"] >= floor["precision"]
    assert report["recall"] >= floor["recall"]
    checked = report["reader_checked"]
    # A builder change that drops read cases needs a new reading, not a quietly smaller sample.
    assert checked["verdicts_matched"] >= floor["reader_checked"]["verdicts_matched"], checked
    for kind in ("date", "place"):
        figures = floor["reader_checked"][kind]
        assert checked[kind]["recall"] >= figures["recall"], kind
        assert checked[kind]["precision"] >= figures["precision"], kind


def test_claims_statement_identity_floor() -> None:
    # The hand-written statement set lives in the repository: this floor runs without ../shared/data.
    from storyweave.analyze.embeddings import load_embedder
    from storyweave.analyze.entities import load_ner
    from storyweave.eval.statements import default_gold, evaluate_statements

    settings = Settings()
    report = evaluate_statements(
        default_gold(), settings.claims, load_embedder(settings.cluster.embedding), load_ner()
    )
    floor = BASELINE["claims_statements"]
    assert report["f1"] >= floor["f1"]
    assert report["status"]["marked_multi_source"] >= floor["multi_outlet_marked"]


@needs_data
def test_claims_alignment_floor() -> None:
    from storyweave.analyze.embeddings import load_embedder
    from storyweave.analyze.entities import load_ner
    from storyweave.eval.claims import evaluate_alignment

    settings = Settings()
    report = evaluate_alignment(
        DATA / "ecbplus", "dev", settings.claims, load_embedder(settings.cluster.embedding), load_ner()
    )
    assert report["f1"] >= BASELINE["claims_alignment_dev"]["f1"]
