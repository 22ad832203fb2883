"""Conflicts of the claims stage, measured on a perturbation set built from ECB+ (`storyweave eval claims
conflicts`).

From gold-aligned sentence pairs that state one value in both (a figure of the same measure, a date, a
place), the second sentence is perturbed: the figure changed beyond any hedge, a date moved, a place
swapped for one from another topic (conflicts), or the figure hedged ("about N", "nearly N"; not a
conflict); untouched pairs are negatives too. Place swaps draw from the split's frequent GPE names, so
some are no contradiction (a person taken for a place, a city swapped for its own country): the report
adds place recall on the cases the gazetteer confirms (`place_valid`: both names resolve, to places
apart), and, outside the set's P/R, the same pairs with the place swapped for one the gazetteer puts apart
from every place of both sentences (`place_apart`). Each pair runs through `find_claims` as a two-article
story, its articles carrying the parse's attachments as analysed articles do (`--no-parse`: without them);
a conflict reported is a positive prediction. The perturbation set has no "two moments of one story"
negatives, so the report also counts the conflicts `find_claims` reports on the unperturbed ECB+ stories
(every document of one event): real coverage, where a reported date or place conflict is nearly always
false (`real_coverage`).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyweave.claims import find_claims
from storyweave.claims.config import ClaimSettings
from storyweave.claims.places import relation
from storyweave.claims.quantities import Quantity, compatible, find_quantities, same_measure, words_to_number
from storyweave.claims.text import fold
from storyweave.claims.units import find_dates
from storyweave.dedup import DedupResult
from storyweave.eval.claims import AlignStory, _prf, _ratio, load_alignment_stories
from storyweave.model import Article

if TYPE_CHECKING:
    from spacy.language import Language

    from storyweave.analyze.embeddings import Embedder


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
    articles do; `parse=False` measures the word-window rules alone. `predictions` holds, per case,
    whether a conflict about its perturbed slot was reported (`reader_checked` reads it)."""
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
    predictions: list[bool] = []
    for case, pair in zip(cases, articles, strict=True):
        conflicts = find_claims(pair, [], DedupResult(), s, embedder).conflicts
        predicted = any(_about_slot(v.value, case.value) for c in conflicts for v in c.values)
        predictions.append(predicted)
        tp += predicted and case.conflict
        fp += predicted and not case.conflict
        fn += case.conflict and not predicted
        per_kind[case.kind][0] += predicted == case.conflict
        per_kind[case.kind][1] += 1
        if case.kind == "place" and case.original and relation(case.original, case.value) == "apart":
            valid[0] += predicted
            valid[1] += 1
    report: dict[str, Any] = {
        "predictions": predictions,
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


CHECKS = Path(__file__).with_name("conflict_checks.json")


def case_key(case: ConflictCase) -> str:
    """A verdict's key: a digest of the case as perturbed (kind and both sentences)."""
    return hashlib.sha256(f"{case.kind}\n{case.a}\n{case.b}".encode()).hexdigest()[:16]


def reader_checked(
    cases: Sequence[ConflictCase], predictions: Sequence[bool], split: str, seed: int, path: Path = CHECKS
) -> dict[str, Any] | None:
    """Date and place cases against a reader's verdicts (`conflict_checks.json`: whether each perturbed
    pair is a contradiction a news reader would flag). A date swap can land on a date of another
    happening ("charged Saturday" / "coping Sunday with the death"), a place swap on a team's or a
    home town's name ("Toronto 76ers", "a Vancouver man" / "a party in Pittsburgh"): the set counts those
    as conflicts, the reader does not. Recall over the reader's contradictions, and how many of the
    pairs the reader rejected the stage still flags. Verdicts are matched to cases by `case_key`: a
    change to the set builder (a figure rule that claims a pair for the `number` kind first) drops the
    verdicts of the cases it drops, and `verdicts_matched` says how many still count. None when the
    verdicts are for another split or seed."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data["split"] != split or data["seed"] != seed:
        return None
    predicted = {case_key(c): p for c, p in zip(cases, predictions, strict=True)}
    verdicts = [v for v in data["cases"] if v["key"] in predicted]
    out: dict[str, Any] = {"verdicts": len(data["cases"]), "verdicts_matched": len(verdicts)}
    for kind in sorted({v["kind"] for v in data["cases"]}):
        mine = [v for v in verdicts if v["kind"] == kind]
        yes = [v for v in mine if v["contradiction"]]
        found = sum(predicted[v["key"]] for v in yes)
        flagged = sum(predicted[v["key"]] for v in mine if not v["contradiction"])
        out[kind] = {
            "cases": len(mine),
            "contradictions": len(yes),
            "found": found,
            "recall": _ratio(found, len(yes)),
            "rejected": len(mine) - len(yes),
            "rejected_but_flagged": flagged,
            "precision": _ratio(found, found + flagged),
        }
    return out


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
    predictions = report.pop("predictions")
    checks = reader_checked(cases, predictions, split, seed)
    if checks is not None:
        report["reader_checked"] = checks
    # Apart from the set above (its P/R do not count it): the `place` pairs with the place swapped for
    # one the gazetteer puts apart from every place of both sentences.
    apart = run_conflict_cases([c for c in every if c.kind == "place_apart"], settings, embedder, nlp, parse)
    apart.pop("predictions")
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
