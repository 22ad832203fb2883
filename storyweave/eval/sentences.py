"""Sentence-splitting quality: boundary precision/recall/F1 against one-sentence-per-line gold text.

Each gold record is an article's sentences in order. The splitter sees them joined by single spaces into
one paragraph, so the only boundary evidence is the text itself; a predicted boundary counts when a
predicted sentence ends exactly where a gold sentence ends. ECB+ keeps headlines and datelines as lines
of their own without final punctuation ("Lindsay Lohan checks into Betty Ford Center"), which no
splitter can find once joined, so recall is also reported on the boundaries after punctuation alone.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from storyweave.model import Sentence

Splitter = Callable[[str], list[Sentence]]

# A gold sentence "ends with punctuation" when its last character, past closing quotes and brackets,
# is one of these.
_TERMINALS = frozenset(".!?…")
_CLOSERS = "\"'”’»)]"


def read_ecb_texts(path: str | Path) -> Iterator[list[str]]:
    """Gold sentences of each ECB+ article: the non-blank lines of its `text`, stripped."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                yield [s.strip() for s in record["text"].splitlines() if s.strip()]


def join_gold(sentences: Sequence[str]) -> tuple[str, list[int]]:
    """The one-paragraph text the splitter sees, and the end offset of every gold sentence but the last."""
    ends: list[int] = []
    position = 0
    for sentence in sentences:
        position += len(sentence)
        ends.append(position)
        position += 1
    return " ".join(sentences), ends[:-1]


def ends_with_punctuation(sentence: str) -> bool:
    stripped = sentence.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINALS


def offset_errors(text: str, sentences: Sequence[Sentence]) -> int:
    """Sentences whose offsets do not slice to their text, overlap or go backwards, or that lose
    non-whitespace characters of the input."""
    errors = 0
    previous = 0
    covered = 0
    for s in sentences:
        if text[s.start : s.end] != s.text or s.start < previous or s.text != s.text.strip():
            errors += 1
        previous = max(previous, s.end)
        covered += sum(1 for c in s.text if not c.isspace())
    if covered != sum(1 for c in text if not c.isspace()):
        errors += 1
    return errors


def _prf(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = hits / predicted if predicted else 1.0
    recall = hits / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate_splitter(records: Sequence[Sequence[str]], splitter: Splitter) -> dict[str, float | int]:
    """Boundary precision/recall/F1 (micro-averaged over all boundaries), recall on boundaries after
    punctuated gold sentences, exact-sentence rate, offset errors, and speed (wall clock of the
    splitter alone)."""
    hits = predicted_total = gold_total = 0
    punct_hits = punct_total = 0
    exact = gold_sentences = predicted_sentences = unpunctuated = errors = 0
    elapsed = 0.0
    for gold in records:
        if not gold:
            continue
        text, gold_ends = join_gold(gold)
        began = time.perf_counter()
        sentences = splitter(text)
        elapsed += time.perf_counter() - began
        errors += offset_errors(text, sentences)
        predicted_ends = {s.end for s in sentences[:-1]}
        gold_set = set(gold_ends)
        hits += len(predicted_ends & gold_set)
        predicted_total += len(predicted_ends)
        gold_total += len(gold_set)
        for sentence, end in zip(gold, gold_ends, strict=False):
            if ends_with_punctuation(sentence):
                punct_total += 1
                punct_hits += end in predicted_ends
        unpunctuated += sum(not ends_with_punctuation(s) for s in gold)
        gold_spans = set(zip([0, *(e + 1 for e in gold_ends)], [*gold_ends, len(text)], strict=True))
        exact += sum((s.start, s.end) in gold_spans for s in sentences)
        gold_sentences += len(gold)
        predicted_sentences += len(sentences)
    precision, recall, f1 = _prf(hits, predicted_total, gold_total)
    articles = sum(1 for g in records if g)
    return {
        "articles": articles,
        "gold_sentences": gold_sentences,
        "predicted_sentences": predicted_sentences,
        "gold_unpunctuated": unpunctuated,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "recall_after_punctuation": round(punct_hits / punct_total if punct_total else 1.0, 4),
        "exact_sentences": round(exact / gold_sentences if gold_sentences else 1.0, 4),
        "offset_errors": errors,
        "seconds": round(elapsed, 4),
        "sentences_per_s": round(predicted_sentences / elapsed, 1) if elapsed else 0.0,
        "articles_per_s": round(articles / elapsed, 1) if elapsed else 0.0,
    }
