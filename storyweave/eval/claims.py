"""`storyweave eval claims`: alignment, conflicts and quote speakers of the claims stage, measured.

- **Alignment** (ECB+ gold event coreference): in each ECB+ story (a topic's `ecb` or `ecbplus` half),
  the sentences that carry a non-singleton gold event mention are the items; two sentences of different
  documents are aligned when they mention the same event chain. Every sentence of the story's documents
  goes through the claims stage (units, pair scores, average-linkage groups); pairwise precision, recall
  and F1 are counted over the cross-document pairs of annotated sentences. `tune=True` also sweeps the
  cut and reports the best one (do that on `train`, report on `dev`).
- **Conflicts** (generated, fixed seed): from gold-aligned sentence pairs that state one value in both
  (a figure of the same measure, a date, a place), the second sentence is perturbed: the figure changed
  beyond any hedge, a date moved, a place swapped for one from another topic (conflicts), or the figure
  hedged ("about N", "nearly N"; not a conflict); untouched pairs are negatives too. Place swaps draw
  from the split's frequent GPE names, so some are no contradiction (a person taken for a place, a city
  swapped for its own country): the report adds place recall on the cases the gazetteer confirms
  (`place_valid`: both names resolve, to places apart), and, outside the set's P/R, the same pairs with
  the place swapped for one the gazetteer puts apart from every place of both sentences
  (`place_apart`). Each pair runs through `find_claims` as a two-article story, its articles carrying
  the parse's attachments as analysed articles do (`--no-parse`: without them); a conflict reported is
  a positive prediction. The perturbation set has no "two moments of one story" negatives, so the
  report also counts the conflicts `find_claims` reports on the unperturbed ECB+ stories (every
  document of one event): real coverage, where a reported date or place conflict is nearly always false
  (`real_coverage`).
- **Quotes** (hand-written fixture, tests/claims/quotes_gold.jsonl): each record's quote must be found
  with the labelled speaker (surname match: "he said" must come out as the right named person).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from storyweave.claims import find_claims
from storyweave.claims.align import group_units, grouping_scores, threshold
from storyweave.claims.config import ClaimSettings
from storyweave.claims.places import relation
from storyweave.claims.quantities import Quantity, compatible, find_quantities, same_measure, words_to_number
from storyweave.claims.quote_groups import same_quote
from storyweave.claims.quotes import find_quotes
from storyweave.claims.text import fold
from storyweave.claims.units import find_dates, story_units
from storyweave.dedup import DedupResult
from storyweave.model import Article, Sentence

if TYPE_CHECKING:
    from spacy.language import Language

    from storyweave.analyze.embeddings import Embedder

ECB_FILE = "ecbplus_topics_1-35.jsonl"
DEFAULT_DATA = Path("../shared/data")
DEFAULT_QUOTES = Path("tests/claims/quotes_gold.jsonl")
SentenceKey = tuple[str, int]  # (doc_id, line number = ECB+ sent_id)


@dataclass(slots=True)
class AlignStory:
    id: str
    articles: list[Article]
    chains: dict[SentenceKey, frozenset[str]] = field(default_factory=dict)  # annotated sentences only


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {"precision": p, "recall": r, "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


# --- ECB+ alignment -------------------------------------------------------------------------------------


def ecb_article(doc_id: str, text: str) -> Article:
    """One ECB+ document as an Article whose sentences are its lines (ECB+ gives one sentence a line)."""
    sentences, offset = [], 0
    for n, line in enumerate(text.split("\n")):
        sentences.append(Sentence(offset, offset + len(line), line, paragraph=n))
        offset += len(line) + 1
    return Article(id=doc_id, text=text, outlet=doc_id, sentences=sentences)


def load_alignment_stories(ecb_dir: Path, split: str = "dev", by_topic: bool = True) -> list[AlignStory]:
    """The ECB+ topics (or, `by_topic=False`, stories) of one split with each annotated sentence's
    non-singleton event chains. A topic holds two events of one kind (two earthquakes): claims of one
    must not align with the other's, which is what makes the set discriminating; inside one story
    nearly every annotated sentence names the main event, so by story everything-in-one-group already
    scores high (the report prints that baseline)."""
    mentions = json.loads((ecb_dir / f"ECB_{split.capitalize()}_Event_gold_mentions.json").read_text("utf-8"))
    texts: dict[str, str] = {}
    with (ecb_dir / ECB_FILE).open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            texts[record["id"]] = record["text"]
    chains: dict[SentenceKey, set[str]] = defaultdict(set)
    docs_of: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        doc = m["doc_id"]
        if doc not in texts:
            continue
        topic, rest = doc.split("_", 1)
        story = topic + ("" if by_topic else "plus" if rest.endswith("ecbplus") else "ecb")
        docs_of[story].add(doc)
        if not m["is_singleton"]:
            chains[(doc, int(m["sent_id"]))].add(m["coref_chain"])
    stories = []
    for story in sorted(docs_of, key=lambda s: (int(re.sub(r"\D", "", s)), s)):
        docs = sorted(docs_of[story])
        story_chains = {k: frozenset(v) for k, v in chains.items() if k[0] in docs_of[story]}
        stories.append(AlignStory(story, [ecb_article(d, texts[d]) for d in docs], story_chains))
    return stories


def _unit_keys(story: AlignStory, settings: ClaimSettings) -> tuple[list[Any], list[SentenceKey]]:
    units = story_units(story.articles, settings)
    by_id = {a.id: a for a in story.articles}
    keys = []
    for u in units:
        line = next(s.paragraph for s in by_id[u.article].sentences if s.start <= u.start <= s.end)
        keys.append((u.article, line))
    return units, keys


def pair_counts(judged: Iterable[tuple[bool, bool]]) -> dict[str, Any]:
    """Pairwise counts and P/R/F1 from (gold, predicted) verdicts, one per pair."""
    tp = fp = fn = positives = pairs = 0
    for gold, pred in judged:
        pairs += 1
        positives += gold
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    return {"pairs": pairs, "positives": positives, **_prf(tp, fp, fn)}


def cross_article_pairs(keys: Iterable[SentenceKey]) -> Iterator[tuple[SentenceKey, SentenceKey]]:
    """Every pair of sentence keys from two different articles, in sorted order."""
    ordered = sorted(keys)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if a[0] != b[0]:
                yield a, b


def score_alignment(
    stories: Sequence[AlignStory], groups_per_story: Sequence[dict[SentenceKey, int]]
) -> dict[str, Any]:
    """Pairwise P/R/F1 over cross-document pairs of annotated sentences; a sentence the stage dropped
    (too short to be a claim) is aligned with nothing. Also the all-in-one-group baseline's figures."""
    counts = pair_counts(
        (
            bool(story.chains[a] & story.chains[b]),
            a in group_of and b in group_of and group_of[a] == group_of[b],
        )
        for story, group_of in zip(stories, groups_per_story, strict=True)
        for a, b in cross_article_pairs(story.chains)
    )
    pairs, positives = counts.pop("pairs"), counts.pop("positives")
    report: dict[str, Any] = {"pairs": pairs, "gold_aligned_pairs": positives, **counts}
    report["baseline_one_group"] = _prf(positives, pairs - positives, 0)
    return report


def evaluate_alignment(
    ecb_dir: Path,
    split: str = "dev",
    settings: ClaimSettings | None = None,
    embedder: Embedder | None = None,
    nlp: Language | None = None,
    sweep: Sequence[float] = (),
    by_topic: bool = True,
) -> dict[str, Any]:
    """Alignment scores at the configured cut (and at each cut in `sweep`)."""
    s = replace(settings or ClaimSettings(), min_clause_words=10**6)  # one unit per sentence
    started = time.perf_counter()
    stories = load_alignment_stories(ecb_dir, split, by_topic)
    if nlp is not None:
        from storyweave.analyze.entities import extract_mentions
        from storyweave.resolve import resolve_entities

        extract_mentions([a for st in stories for a in st.articles], nlp)
        for st in stories:
            resolve_entities(st.articles)
    prepared = []
    for st in stories:
        units, keys = _unit_keys(st, s)
        vectors = embedder.embed([u.content for u in units]) if embedder is not None and units else None
        prepared.append((keys, grouping_scores(units, vectors, s)))
    cut = threshold(s, embedder is not None)

    def at(t: float) -> dict[str, Any]:
        groups = []
        for keys, scores in prepared:
            group_of: dict[SentenceKey, int] = {}
            for g, members in enumerate(group_units(scores, t)):
                for i in members:
                    group_of.setdefault(keys[i], g)
            groups.append(group_of)
        return score_alignment(stories, groups)

    report = {"split": split, "groups": "topics" if by_topic else "stories", "count": len(stories),
              "threshold": cut, **at(cut)}  # fmt: skip
    report["embeddings"] = embedder is not None
    report["ner"] = nlp is not None
    if sweep:
        swept = {f"{t:.2f}": at(t)["f1"] for t in sweep}
        report["sweep_f1"] = swept
        report["best_threshold"] = float(max(swept, key=lambda k: swept[k]))
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


# --- conflict perturbation set --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConflictCase:
    a: str
    b: str
    conflict: bool
    kind: str  # number, hedged_number, date, place (conflicts); hedge, same (non-conflicts)
    value: str  # the perturbed slot as it now reads in `b`: only a conflict about it counts
    original: str = ""  # place kinds: the place the swap replaced


_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]  # fmt: skip


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 1000 else (f"{value:g}" if value != int(value) else str(int(value)))


def _changed(v: float, rng: random.Random) -> float:
    """A value no hedge reconciles with v: at least 40% away (or 2 away for small counts)."""
    if v < 5:
        return v + rng.choice([2, 3, 4, 5])
    return round(v * rng.choice([0.5, 0.6, 1.4, 1.6, 2.0, 3.0]))


def _shared_quantity(a: str, b: str) -> tuple[Quantity, Quantity] | None:
    skip_a = [(x, y) for x, y, _ in find_dates(a)]
    skip_b = [(x, y) for x, y, _ in find_dates(b)]
    for qa in find_quantities(a, skip_a):
        for qb in find_quantities(b, skip_b):
            exact = not qa.hedge and not qb.hedge and qa.low == qb.low == qa.high == qb.high
            wanted = qb.kind in ("number", "percent", "money") and qb.low > 0
            if exact and wanted and same_measure(qa, qb) and compatible(qa, qb, 0.0):
                return qa, qb
    return None


def _replace_number(text: str, q: Quantity, value: float) -> tuple[str, str]:
    """`text` with the figure's digits/words set to `value` (its currency sign, scale word and percent
    sign kept: "85 million euros" -> "170 million euros"), and the new digits."""
    core = re.search(r"[\d][\d,.]*|[A-Za-z-]+(?:\s+[A-Za-z-]+)*", text[q.start : q.end])
    if core is None:
        return text, _fmt(value)
    base = words_to_number(core.group(0)) or q.low
    new = _fmt(value * base / q.low) if q.low else _fmt(value)
    a, b = q.start + core.start(), q.start + core.end()
    return text[:a] + new + text[b:], new


def build_conflict_set(
    stories: Sequence[AlignStory],
    place_pool: Sequence[str],
    seed: int = 7,
    per_kind: int = 150,
    place_apart: bool = False,
) -> list[ConflictCase]:
    """Conflict and non-conflict pairs from gold-aligned ECB+ sentence pairs (see the module doc).

    `place_apart=True` adds the kind `place_apart`: the same sentence pairs as `place`, the place swapped
    instead for one the gazetteer (claims/places.py) puts apart from the original and from every place
    tagged in either sentence, so that the swap is a contradiction ("Queens" -> "California", never
    "Queens" -> "U.S." or a person's name); pairs whose original the gazetteer does not know are left
    out. It draws from a random generator of its own: the other kinds are the same with or without it."""
    rng = random.Random(seed)
    apart_rng = random.Random(f"{seed}-place-apart")
    pairs: list[tuple[str, str, list[tuple[int, int]], list[str]]] = []
    for st in stories:
        by_id = {a.id: a for a in st.articles}
        keys = sorted(st.chains)
        for i, ka in enumerate(keys):
            for kb in keys[i + 1 :]:
                if ka[0] != kb[0] and st.chains[ka] & st.chains[kb]:
                    sa, sb = by_id[ka[0]].sentences[ka[1]], by_id[kb[0]].sentences[kb[1]]
                    # Places spaCy tagged in the second sentence, as offsets into it.
                    places = [(m.start - sb.start, m.end - sb.start) for m in by_id[kb[0]].mentions
                              if m.label == "GPE" and sb.start <= m.start and m.end <= sb.end]  # fmt: skip
                    # Every place named in either sentence (for `place_apart` only).
                    named = [m.text for doc, sent in ((ka[0], sa), (kb[0], sb)) for m in by_id[doc].mentions
                             if m.label in ("GPE", "LOC", "FAC") and sent.start <= m.start
                             and m.end <= sent.end]  # fmt: skip
                    pairs.append((sa.text, sb.text, places, named))
    rng.shuffle(pairs)
    cases: dict[str, list[ConflictCase]] = defaultdict(list)
    for a, b, places, named in pairs:
        if a == b:
            continue
        shared = _shared_quantity(a, b)
        if shared and len(cases["number"]) < per_kind:
            _, qb = shared
            changed_b, changed = _replace_number(b, qb, _changed(qb.low, rng))
            cases["number"].append(ConflictCase(a, changed_b, True, "number", changed))
            hedge = rng.choice(["about", "nearly", "around", "some", "roughly"])
            near = qb.low if hedge == "nearly" or qb.low < 20 else qb.low * rng.choice([0.95, 1.05])
            near_b, near_text = _replace_number(b, qb, near)
            new_b = b[: qb.start] + f"{hedge} " + near_b[qb.start :]
            cases["hedge"].append(ConflictCase(a, new_b, False, "hedge", f"{hedge} {near_text}"))
            far_b, far_text = _replace_number(b, qb, qb.low * 2 + 2)
            hedged_far = b[: qb.start] + "about " + far_b[qb.start :]
            cases["hedged_number"].append(
                ConflictCase(a, hedged_far, True, "hedged_number", f"about {far_text}")
            )
            cases["same"].append(ConflictCase(a, b, False, "same", qb.text))
            continue
        dates_a = {k for *_, k in find_dates(a)}
        dates_b = [(x, y, k) for x, y, k in find_dates(b) if k in dates_a]
        if dates_b and len(cases["date"]) < per_kind:
            x, y, (kind, value) = dates_b[0]
            if kind == "weekday":
                other = rng.choice([d for d in _WEEKDAYS if d.lower() != value])
            elif kind == "day":
                month, day = value.split()
                other = f"{rng.choice([m for m in _MONTHS if m.lower() != month])} {day}"
            else:
                other = str(int(value) + rng.choice([-3, -2, -1, 1, 2, 3]))
            cases["date"].append(ConflictCase(a, b[:x] + other + b[y:], True, "date", other))
            cases["same"].append(ConflictCase(a, b, False, "same", b[x:y]))
            continue
        fa, fb = fold(a), fold(b)
        shared_places = [(x, y) for x, y in places if re.search(rf"\b{re.escape(fold(b[x:y]))}\b", fa)]
        if shared_places and len(cases["place"]) < per_kind:
            x, y = shared_places[0]
            others = [q for q in place_pool if fold(q) not in fa and fold(q) not in fb]
            if others:
                other = rng.choice(others)
                cases["place"].append(ConflictCase(a, b[:x] + other + b[y:], True, "place", other, b[x:y]))
                cases["same"].append(ConflictCase(a, b, False, "same", b[x:y]))
                sentences = [b[x:y], *named]
                apart = (
                    [q for q in others if all(relation(q, p) == "apart" for p in sentences)]
                    if place_apart
                    else []
                )
                if apart:
                    other = apart_rng.choice(apart)
                    swapped = b[:x] + other + b[y:]
                    cases["place_apart"].append(ConflictCase(a, swapped, True, "place_apart", other, b[x:y]))
    return [c for kind in sorted(cases) for c in cases[kind]]


def _place_pool(stories: Sequence[AlignStory], nlp: Language) -> list[str]:
    """Place names (GPE) that spaCy tags in at least three of the split's documents (so one-off tagging
    slips, people taken for places, stay out): the vocabulary for place swaps."""
    docs: dict[str, set[str]] = defaultdict(set)
    for st in stories:
        for a in st.articles:
            for m in a.mentions:
                if m.label == "GPE" and m.text[:1].isupper() and len(m.text.split()) <= 3:
                    docs[m.text].add(a.id)
    return sorted(name for name, ids in docs.items() if len(ids) >= 3)


def _about_slot(value: str, slot: str) -> bool:
    """Whether a reported conflict value is the perturbed slot (a conflict the source pair already had,
    elsewhere in the sentences, is neither credited nor charged)."""
    a, b = fold(value).replace(",", ""), fold(slot).replace(",", "")
    return a == b or (len(b) > 2 and b in a) or (len(a) > 2 and a in b)


def run_conflict_cases(
    cases: Sequence[ConflictCase],
    settings: ClaimSettings | None = None,
    embedder: Embedder | None = None,
    nlp: Language | None = None,
    parse: bool = True,
) -> dict[str, Any]:
    """Conflict precision/recall of `find_claims` over two-article stories, overall and per kind. With
    `nlp` and `parse`, the articles carry the parse's attachments (`Article.attachments`), as analysed
    articles do; `parse=False` measures the word-window rules alone."""
    from storyweave.analyze.sentences import split_sentences

    s = settings or ClaimSettings()
    articles = []
    for n, case in enumerate(cases):
        pair = [
            Article(id=f"{n}-a", text=case.a, outlet="Outlet A"),
            Article(id=f"{n}-b", text=case.b, outlet="Outlet B"),
        ]
        for art in pair:
            art.sentences = split_sentences(art.text)
        articles.append(pair)
    if nlp is not None:
        from storyweave.analyze.entities import extract_mentions

        extract_mentions([a for pair in articles for a in pair], nlp, attachments=parse)
    tp = fp = fn = 0
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    valid = [0, 0]  # place cases whose swap the gazetteer confirms: found, all
    for case, pair in zip(cases, articles, strict=True):
        conflicts = find_claims(pair, [], DedupResult(), s, embedder).conflicts
        predicted = any(_about_slot(v.value, case.value) for c in conflicts for v in c.values)
        tp += predicted and case.conflict
        fp += predicted and not case.conflict
        fn += case.conflict and not predicted
        per_kind[case.kind][0] += predicted == case.conflict
        per_kind[case.kind][1] += 1
        if case.kind == "place" and case.original and relation(case.original, case.value) == "apart":
            valid[0] += predicted
            valid[1] += 1
    report: dict[str, Any] = {
        "cases": len(cases),
        "conflicts": sum(c.conflict for c in cases),
        **_prf(tp, fp, fn),
        "accuracy_by_kind": {
            k: {"n": n, "accuracy": _ratio(ok, n)} for k, (ok, n) in sorted(per_kind.items())
        },
    }
    if valid[1]:
        # Part of the `place` kind: spaCy tags people and teams as places ("Harry Winston", "Philadelphia
        # 76ers") and a swap may put a city for its own country; these are the cases where both the
        # original and the replacement resolve in the gazetteer, to places it puts apart.
        report["place_valid"] = {
            "n": valid[1],
            "recall": _ratio(valid[0], valid[1]),
            "what": "place cases whose original and replacement the gazetteer resolves and puts apart",
        }
    return report


def real_coverage_conflicts(
    stories: Sequence[AlignStory],
    settings: ClaimSettings | None = None,
    embedder: Embedder | None = None,
) -> dict[str, Any]:
    """Conflicts reported on unperturbed stories (pass ECB+ stories, not topics: one event each), by kind,
    with up to five examples each. Real reports of one event seldom truly disagree on a date or a place,
    so these counts stand for the false conflicts the perturbation set cannot show."""
    by_kind: dict[str, list[list[str]]] = defaultdict(list)
    figures: list[dict[str, Any]] = []
    facts: list[dict[str, Any]] = []
    for st in stories:
        for c in find_claims(st.articles, [], DedupResult(), settings, embedder).conflicts:
            kind = c.about if c.about in ("date", "place") else "figure"
            by_kind[kind].append([f"{st.id}: {v.value}" for v in c.values])
            # Every conflict with its sentences, to be inspected (docs/claims.md lists them).
            values = [{"value": v.value, "articles": v.articles, "sentence": v.text} for v in c.values]
            (figures if kind == "figure" else facts).append(
                {"story": st.id, "about": c.about, "values": values}
            )
    return {
        "stories": len(stories),
        "conflicts": {k: len(v) for k, v in sorted(by_kind.items())},
        "examples": {k: v[:5] for k, v in sorted(by_kind.items())},
        "figure_conflicts": figures,
        "date_place_conflicts": facts,
    }


def evaluate_conflicts(
    ecb_dir: Path,
    split: str = "dev",
    seed: int = 7,
    settings: ClaimSettings | None = None,
    embedder: Embedder | None = None,
    nlp: Language | None = None,
    parse: bool = True,
) -> dict[str, Any]:
    started = time.perf_counter()
    stories = load_alignment_stories(ecb_dir, split)
    if nlp is None:
        from storyweave.analyze.entities import load_ner

        nlp = load_ner()
    from storyweave.analyze.entities import extract_mentions

    extract_mentions([a for st in stories for a in st.articles], nlp, attachments=parse)
    every = build_conflict_set(stories, _place_pool(stories, nlp), seed, place_apart=True)
    cases = [c for c in every if c.kind != "place_apart"]  # the set earlier figures were reported on
    report = {"split": split, "seed": seed, **run_conflict_cases(cases, settings, embedder, nlp, parse)}
    # Apart from the set above (its P/R do not count it): the `place` pairs with the place swapped for
    # one the gazetteer puts apart from every place of both sentences.
    apart = run_conflict_cases([c for c in every if c.kind == "place_apart"], settings, embedder, nlp, parse)
    report["place_apart"] = {
        "n": apart["cases"],
        "recall": apart["recall"],
        "what": "the place pairs, swapped for a place the gazetteer puts apart from all in both sentences",
    }
    one_event: dict[str, list[Article]] = defaultdict(list)  # a topic's two events: its ecb / ecbplus halves
    for st in stories:
        for a in st.articles:
            one_event[st.id + ("plus" if a.id.endswith("ecbplus") else "ecb")].append(a)
    halves = [AlignStory(k, v) for k, v in one_event.items()]
    report["real_coverage"] = real_coverage_conflicts(halves, settings, embedder)
    report["embeddings"] = embedder is not None
    report["parse"] = parse
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


# --- quote speakers -------------------------------------------------------------------------------------


def read_quote_gold(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def speaker_matches(predicted: str | None, gold: str) -> bool:
    """Right when the predicted name carries the gold surname ("Santos" for "Maria Santos")."""
    if not predicted:
        return False
    return fold(gold).split()[-1] in fold(predicted).split()


def evaluate_quotes(
    path: Path, nlp: Language | None = None, settings: ClaimSettings | None = None
) -> dict[str, Any]:
    """Quote found and speaker accuracy on the labelled records (`text`, `quote`, `speaker`)."""
    from storyweave.analyze.entities import extract_mentions

    records = read_quote_gold(path)
    articles = [Article(id=str(n), text=r["text"]) for n, r in enumerate(records)]
    if nlp is not None:
        extract_mentions(articles, nlp)
    found = right = 0
    misses = []
    for record, article in zip(records, articles, strict=True):
        quotes = find_quotes(article.text, article.mentions, settings)
        match = next((q for q in quotes if same_quote(q.text, record["quote"], 0.85)), None)
        found += match is not None
        ok = match is not None and speaker_matches(match.speaker, record["speaker"])
        right += ok
        if not ok:
            predicted = match.speaker if match else None
            misses.append(
                {
                    "id": record.get("id"),
                    "gold": record["speaker"],
                    "predicted": predicted,
                    "found": bool(match),
                }
            )
    return {
        "quotes": len(records),
        "found": _ratio(found, len(records)),
        "speaker_accuracy": _ratio(right, len(records)),
        "ner": nlp is not None,
        "errors": misses,
    }


# --- command line ---------------------------------------------------------------------------------------


def add_claims_subcommand(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "claims",
        help="claims: ECB+ alignment F1, conflict P/R (perturbed), quote speakers, statement identity",
    )
    p.add_argument(
        "part", choices=["align", "conflicts", "quotes", "statements", "all"], nargs="?", default="all"
    )
    p.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (default: ../shared/data)"
    )
    p.add_argument("--split", choices=["train", "dev"], default="dev", help="ECB+ split (default: dev)")
    p.add_argument("--seed", type=int, default=7, help="seed of the conflict set (default: 7)")
    p.add_argument("--quotes", type=Path, default=DEFAULT_QUOTES, help="labelled quotes JSONL")
    p.add_argument(
        "--gold",
        type=Path,
        help="statements: the labelled stories (default: tests/claims/statements_gold.jsonl)",
    )
    p.add_argument(
        "--no-embeddings", action="store_true", help="align on word, entity and number overlap only"
    )
    p.add_argument("--no-ner", action="store_true", help="alignment without spaCy entities")
    p.add_argument("--sweep", action="store_true", help="also report alignment F1 over a range of cuts")
    p.add_argument("--by-story", action="store_true", help="align within each ECB+ story, not each topic")
    p.add_argument(
        "--no-parse",
        action="store_true",
        help="conflicts without the parse's attachments (the word-window date rules alone)",
    )
    p.set_defaults(handler=eval_claims)


def eval_claims(args: argparse.Namespace, settings: Any) -> int:
    from storyweave.errors import InputError

    if args.part == "statements":
        from storyweave.eval.statements import eval_statements

        return eval_statements(args, settings)
    claim_settings = getattr(settings, "claims", None)
    embedder = None
    if not args.no_embeddings:
        from storyweave.analyze.embeddings import load_embedder
        from storyweave.settings import EmbeddingSettings

        embedder = load_embedder(EmbeddingSettings())
    nlp = None
    if not args.no_ner or args.part in ("conflicts", "quotes", "all"):
        from storyweave.analyze.entities import load_ner

        nlp = load_ner()
    ecb = args.data / "ecbplus"
    report: dict[str, Any] = {}
    if args.part in ("align", "all"):
        if not ecb.exists():
            raise InputError(str(ecb), "no such folder (pass --data)")
        sweep = np.round(np.arange(0.2, 0.8, 0.02), 2).tolist() if args.sweep else []
        report["alignment"] = evaluate_alignment(
            ecb, args.split, claim_settings, embedder, None if args.no_ner else nlp, sweep, not args.by_story
        )
    if args.part in ("conflicts", "all"):
        if not ecb.exists():
            raise InputError(str(ecb), "no such folder (pass --data)")
        report["conflicts"] = evaluate_conflicts(
            ecb, args.split, args.seed, claim_settings, embedder, nlp, not args.no_parse
        )
    if args.part in ("quotes", "all"):
        if not args.quotes.exists():
            raise InputError(str(args.quotes), "no such file (pass --quotes)")
        report["quotes"] = evaluate_quotes(args.quotes, nlp, claim_settings)
    if args.part == "all":
        from storyweave.eval.statements import default_gold, evaluate_statements

        gold = args.gold or default_gold()
        if not gold.exists():
            raise InputError(str(gold), "no such file (pass --gold)")
        report["statements"] = evaluate_statements(gold, claim_settings, embedder, nlp)
    print(json.dumps(report, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m storyweave.eval.claims …` until the `claims` task is wired into `storyweave eval`."""
    parser = argparse.ArgumentParser(prog="storyweave-eval")
    sub = parser.add_subparsers(required=True)
    add_claims_subcommand(sub)
    args = parser.parse_args(argv)
    return int(args.handler(args, None))


if __name__ == "__main__":
    raise SystemExit(main())
