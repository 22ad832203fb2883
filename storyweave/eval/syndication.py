"""A reproducible syndication test set generated from ECB+ articles (fixed seed).

Real outlets copy passages with small edits. Starting from ECB+ (one sentence per line; lines are used as
sentences), this module:
1. keeps, per topic, a subset of articles that share no 8-word sequence with each other, so that the
   untouched same-topic pairs are true hard negatives (ECB+ itself holds wire copy, which would otherwise
   count as false positives with no gold to match);
2. splits them into sources (published on day 1) and targets (day 2);
3. copies 1-3 consecutive sentences from a source into a target at a random line, with realistic edits:
   re-spelled names (Aleynyk -> Aleinik), a trimmed clause, changed quote marks, an inserted attribution;
4. separately builds duplicate articles: re-posts under a new headline, trimmed copies, edited copies.
Pure functions over the records; reading the file is the caller's job.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from storyweave.model import Article, Sentence

_WORD = re.compile(r"\w+")
_OUTLETS = ("Reuters", "AP", "AFP", "the BBC", "CNN", "Interfax", "the Associated Press")
_RESPELL = (("y", "i"), ("i", "y"), ("k", "c"), ("c", "k"), ("x", "ks"), ("ks", "x"), ("a", "o"), ("e", "a"))
_DAY1 = datetime(2020, 1, 1)


@dataclass(frozen=True, slots=True)
class GoldPassage:
    source: str
    target: str
    start: int  # character span of the copied passage in the target's text
    end: int


@dataclass(slots=True)
class SyndicationSet:
    articles: list[Article]
    passages: list[GoldPassage]
    duplicates: dict[str, str]  # generated duplicate id -> original id
    hard_negative_pairs: int  # same-topic article pairs with no planted copy


def lines_article(record_id: str, lines: Sequence[str], published: datetime | None) -> Article:
    """An article whose sentences are its lines (ECB+ has one sentence per line)."""
    text = "\n".join(lines)
    sentences, pos = [], 0
    for n, line in enumerate(lines):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped)
            sentences.append(Sentence(start, start + len(stripped), stripped, n))
        pos += len(line) + 1
    return Article(id=record_id, text=text, published=published, sentences=sentences)


def _ngrams(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def clean_subset(records: Sequence[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """Per topic, a greedy set of records pairwise sharing no 8-word sequence."""
    by_topic: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by_topic[str(r.get("topic"))].append(r)
    kept = []
    for topic in sorted(by_topic):
        chosen: list[set[tuple[str, ...]]] = []
        group = list(by_topic[topic])
        rng.shuffle(group)
        for r in group:
            grams = _ngrams(r["text"])
            if all(not (grams & other) for other in chosen):
                chosen.append(grams)
                kept.append(r)
    return kept


def _respell(sentence: str, rng: random.Random) -> str:
    names = [m for m in re.finditer(r"(?<=\s)[A-Z][a-z]{4,}", sentence)]
    for m in rng.sample(names, min(len(names), 2)):
        word = m.group()
        options = [(a, b) for a, b in _RESPELL if a in word[1:]]
        if options:
            a, b = rng.choice(options)
            i = word.index(a, 1)
            sentence = sentence.replace(word, word[:i] + b + word[i + len(a) :])
    return sentence


def _trim_clause(sentence: str, rng: random.Random) -> str:
    clauses = [m.span() for m in re.finditer(r",[^,]{8,60}(?=,)", sentence)]
    if not clauses:
        return sentence
    start, end = rng.choice(clauses)
    return sentence[:start] + sentence[end:]


def _quotes(sentence: str) -> str:
    if '"' in sentence:
        parts = sentence.split('"')
        return "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]
    return sentence.replace("“", '"').replace("”", '"').replace("'", "’")


def _attribute(sentence: str, rng: random.Random) -> str:
    outlet = rng.choice(_OUTLETS)
    body = sentence.rstrip(".")
    if rng.random() < 0.5:
        return f"{body}, {outlet} reported."
    return f"According to {outlet}, {body[:1].lower()}{body[1:]}."


def edit(sentence: str, rng: random.Random) -> str:
    """A copy of `sentence` as another outlet might run it: each edit applied with its own chance."""
    if rng.random() < 0.5:
        sentence = _respell(sentence, rng)
    if rng.random() < 0.3:
        sentence = _trim_clause(sentence, rng)
    if rng.random() < 0.5:
        sentence = _quotes(sentence)
    if rng.random() < 0.25:
        sentence = _attribute(sentence, rng)
    if rng.random() < 0.3:
        sentence = sentence.replace(" - ", "-").replace(" ’ ", "’").replace(" , ", ", ")
    return sentence


def _lines(record: dict[str, Any]) -> list[str]:
    return [line for line in record["text"].splitlines() if line.strip()]


def generate(records: Sequence[dict[str, Any]], seed: int = 13) -> SyndicationSet:
    """The test set: sources, targets with planted copies, generated duplicates, and the gold."""
    rng = random.Random(seed)
    clean = clean_subset(records, rng)
    rng.shuffle(clean)
    half = len(clean) // 2
    sources, targets = clean[:half], clean[half:]
    by_topic: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in sources:
        by_topic[str(r.get("topic"))].append(r)
    day1 = [_DAY1 + timedelta(hours=rng.random() * 20) for _ in sources]
    articles = [lines_article(r["id"], _lines(r), when) for r, when in zip(sources, day1, strict=True)]
    gold: list[GoldPassage] = []
    copied_pairs: set[tuple[str, str]] = set()
    for r in targets:
        lines = _lines(r)
        spans: list[tuple[str, int, int]] = []  # source id, first inserted line, line count
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            pool = by_topic.get(str(r.get("topic"))) if rng.random() < 0.7 else None
            source = rng.choice(pool or sources)
            candidates = [line for line in _lines(source) if len(line.split()) >= 8]
            if not candidates:
                continue
            length = min(rng.choice((1, 1, 2, 2, 3)), len(candidates))
            first = rng.randrange(len(candidates) - length + 1)
            copy = [edit(line, rng) for line in candidates[first : first + length]]
            at = rng.randrange(len(lines) + 1)
            # Never insert into or right after another planted passage: they would merge into one.
            if any(s <= at <= s + n for _, s, n in spans):
                continue
            lines[at:at] = copy
            spans = [(sid, s + length if s >= at else s, n) for sid, s, n in spans]
            spans.append((source["id"], at, length))
        article = lines_article(r["id"], lines, _DAY1 + timedelta(days=1, hours=rng.random() * 20))
        articles.append(article)
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        for sid, s, n in spans:
            gold.append(GoldPassage(sid, r["id"], starts[s], starts[s + n] - 1))
            copied_pairs.add((sid, r["id"]))
    topics = defaultdict(int)
    for r in clean:
        topics[str(r.get("topic"))] += 1
    same_topic_pairs = sum(n * (n - 1) // 2 for n in topics.values())
    hard = same_topic_pairs - sum(1 for s, t in copied_pairs if _topic(s) == _topic(t))
    duplicates, dup_articles = _duplicates(sources, rng)
    return SyndicationSet(articles + dup_articles, gold, duplicates, hard)


def _topic(record_id: str) -> str:
    return record_id.split("_", 1)[0]


def _duplicates(
    sources: Sequence[dict[str, Any]], rng: random.Random
) -> tuple[dict[str, str], list[Article]]:
    """Re-posts of a quarter of the sources: new headline, trimmed, or lightly edited throughout."""
    duplicates: dict[str, str] = {}
    made = []
    for r in rng.sample(list(sources), len(sources) // 4):
        lines = _lines(r)
        kind = rng.choice(("headline", "trim", "edit"))
        if kind == "headline":
            lines = [f"{rng.choice(_OUTLETS).capitalize()}: {lines[0]} (updated)", *lines[1:]]
        elif kind == "trim":
            lines = lines[: max(2, int(len(lines) * rng.uniform(0.5, 0.8)))]
        else:
            lines = [edit(line, rng) for line in lines]
        dup_id = f"{r['id']}-repost-{kind}"
        made.append(lines_article(dup_id, lines, _DAY1 + timedelta(days=2, hours=rng.random() * 20)))
        duplicates[dup_id] = r["id"]
    return duplicates, made
