"""`storyweave eval aliases`: how well entity resolution groups names, on ECB+ and on transliterations.

- Coreference metrics (MUC, B-cubed, CEAF-e and their mean, the CoNLL F1) as pure functions over
  clusterings of one mention set, each a dict {mention: cluster}.
- `evaluate_ecb_entities`: cross-document coreference of the *named* gold entity mentions of ECB+.
  A mention counts as named when it is not a time expression (TIM) and every word of it, apart from
  lower-case function words inside ("Bank of America") and punctuation, starts with a capital letter,
  and it is not a capitalised pronoun or determiner ("He", "The").
  Mentions are resolved per ECB+ topic (the standard gold-topic setting). A topic holds two stories of
  one kind (its `ecb` and `ecbplus` documents) whose gold chains often cross ("Barack Obama" in both),
  so this is resolution across related stories, as the store's alias index does; `by_topic=False`
  resolves each story alone instead. HUM mentions are passed as PERSON, LOC as GPE, NON as ORG.
- `evaluate_translit`: Russian Cyrillic names linked to their Latin forms (with the transducer of
  `resolve.translit`, learned and scored by k-fold cross-validation), and two romanisations
  (BGN/PCGN, scholarly) of one Cyrillic name merged, on the wd_russian dev pairs; and, held out the
  same way, the precision and recall of resolution's own cross-script merge decision
  (`entities.cross_script_same`) on each held-out Cyrillic name's gold Latin spellings and its best-ranked
  wrong candidate, with the threshold that decision is calibrated by.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from scipy.optimize import linear_sum_assignment

from storyweave.model import Article, Mention
from storyweave.resolve.entities import cross_script_same, key_gate, resolve_entities, translit_threshold
from storyweave.resolve.match import NameForm, person_similarity
from storyweave.resolve.names import to_latin
from storyweave.resolve.romanize import bgn_pcgn, scholarly
from storyweave.resolve.settings import ResolveSettings
from storyweave.resolve.translit import CrossScript, TranslitModel, key_blend, link, rule_key

Clustering = Mapping[Hashable, Hashable]


def _clusters(assign: Clustering) -> list[set[Hashable]]:
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, cluster in assign.items():
        groups[cluster].add(mention)
    return list(groups.values())


def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> tuple[float, float, float]:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _muc_side(key: list[set[Hashable]], response: Clustering) -> tuple[float, float]:
    num = den = 0.0
    for cluster in key:
        # Mentions the response leaves out count as one partition each.
        parts = {response.get(m, ("missing", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num, den


def muc(gold: Clustering, predicted: Clustering) -> tuple[float, float, float]:
    """MUC (Vilain et al. 1995): links kept. Returns precision, recall, F1."""
    r_num, r_den = _muc_side(_clusters(gold), predicted)
    p_num, p_den = _muc_side(_clusters(predicted), gold)
    return _prf(p_num, p_den, r_num, r_den)


def b_cubed(gold: Clustering, predicted: Clustering) -> tuple[float, float, float]:
    """B-cubed (Bagga & Baldwin 1998) over the mentions both clusterings hold."""
    gold_of = {m: c for c in map(frozenset, _clusters(gold)) for m in c}
    pred_of = {m: c for c in map(frozenset, _clusters(predicted)) for m in c}
    p = sum(len(pred_of[m] & gold_of.get(m, frozenset())) / len(pred_of[m]) for m in pred_of)
    r = sum(len(gold_of[m] & pred_of.get(m, frozenset())) / len(gold_of[m]) for m in gold_of)
    return _prf(p, len(pred_of), r, len(gold_of))


def ceaf_e(gold: Clustering, predicted: Clustering) -> tuple[float, float, float]:
    """Entity-based CEAF (Luo 2005) with phi4 = 2|K∩R| / (|K|+|R|), best one-to-one alignment."""
    key, response = _clusters(gold), _clusters(predicted)
    if not key or not response:
        return 0.0, 0.0, 0.0
    sim = np.zeros((len(key), len(response)))
    index = {m: j for j, c in enumerate(response) for m in c}
    for i, k in enumerate(key):
        for m in k:
            j = index.get(m)
            if j is not None and sim[i, j] == 0:
                sim[i, j] = 2 * len(k & response[j]) / (len(k) + len(response[j]))
    rows, cols = linear_sum_assignment(-sim)
    total = float(sim[rows, cols].sum())
    return _prf(total, len(response), total, len(key))


def coref_scores(gold: Clustering, predicted: Clustering) -> dict[str, float]:
    scores: dict[str, float] = {}
    for name, metric in (("muc", muc), ("b3", b_cubed), ("ceaf_e", ceaf_e)):
        p, r, f = metric(gold, predicted)
        scores.update({f"{name}_precision": p, f"{name}_recall": r, f"{name}_f1": f})
    scores["conll_f1"] = (scores["muc_f1"] + scores["b3_f1"] + scores["ceaf_e_f1"]) / 3
    return {k: round(v, 4) for k, v in scores.items()}


_NOT_NAMES = frozenset(
    "i he she it we they you him her them his hers its our their this that these those the a an "
    "who which what there here mr mrs ms".split()
)
_INNER_FUNCTION = frozenset("of the and for de la du von van der al 's".split())
_LABELS = {"HUM": "PERSON", "LOC": "GPE", "NON": "ORG"}


def is_named(tokens: str, mention_type: str) -> bool:
    """Whether an ECB+ gold mention is a proper name (see the module docstring for the rule)."""
    if mention_type not in _LABELS:
        return False
    words = [w for w in tokens.split() if any(c.isalpha() for c in w)]
    if not words or words[0].lower() in _NOT_NAMES:
        return False
    return all(w[0].isupper() or (k > 0 and w.lower() in _INNER_FUNCTION) for k, w in enumerate(words))


def evaluate_ecb_entities(
    ecb_dir: Path, split: str = "dev", settings: ResolveSettings | None = None, by_topic: bool = True
) -> dict[str, Any]:
    """Cross-document coreference scores of resolution on ECB+ named gold entity mentions."""
    path = Path(ecb_dir) / f"ECB_{split.capitalize()}_Entity_gold_mentions.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    named = [r for r in records if is_named(r["tokens_str"], r["mention_type"])]
    stories: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for r in named:
        topic, doc = r["doc_id"].split("_", 1)
        stories[topic if by_topic else f"{topic}{'plus' if doc.endswith('ecbplus') else ''}"][
            r["doc_id"]
        ].append(r)
    gold: dict[Hashable, Hashable] = {}
    predicted: dict[Hashable, Hashable] = {}
    for story, docs in stories.items():
        articles, keys = [], []
        for doc_id, mentions in docs.items():
            text, spans = "", []
            for r in mentions:
                start = len(text)
                text += r["tokens_str"] + " | "
                spans.append(
                    Mention(start, start + len(r["tokens_str"]), r["tokens_str"], _LABELS[r["mention_type"]])
                )
                keys.append((doc_id, r["sent_id"], tuple(r["tokens_number"])))
                gold[keys[-1]] = r["coref_chain"]
            articles.append(Article(id=doc_id, text=text, mentions=spans))
        resolve_entities(articles, settings)
        flat = [m for a in articles for m in a.mentions]
        for key, mention in zip(keys, flat, strict=True):
            predicted[key] = (story, mention.entity_id) if mention.entity_id else ("alone", key)
    scores = coref_scores(gold, predicted)
    groups = "topics" if by_topic else "stories"
    return {
        "split": split,
        "mentions": len(gold),
        "all_mentions": len(records),
        groups: len(stories),
        **scores,
    }


def read_translit(path: Path) -> list[tuple[str, str]]:
    """(latin, cyrillic) pairs from a wd_russian file: "latin<TAB>к и р и л л и ц а<TAB>count"."""
    pairs = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] and parts[1]:
            pairs.append((parts[0], parts[1].replace(" ", "")))
    return pairs


def best_threshold(positive: np.ndarray, negative: np.ndarray) -> float:
    """The cut on scores (merge at or above) with the best F1 of positives over negatives."""
    cuts = np.unique(np.concatenate([positive, negative]))
    cuts = cuts[np.isfinite(cuts)]
    if not len(cuts):
        return 0.0
    tp = (positive[None, :] >= cuts[:, None]).sum(axis=1)
    fp = (negative[None, :] >= cuts[:, None]).sum(axis=1)
    f1 = 2 * tp / np.maximum(1, len(positive) + tp + fp)
    return float(cuts[int(np.argmax(f1))])


def _merge_pr(merged_pos: np.ndarray, merged_neg: np.ndarray) -> tuple[float, float]:
    tp, fp = int(merged_pos.sum()), int(merged_neg.sum())
    return round(tp / (tp + fp), 4) if tp + fp else 0.0, round(tp / max(1, len(merged_pos)), 4)


def _resolution_scores(
    cross: CrossScript, pairs: list[tuple[str, str]], settings: ResolveSettings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For (cyrillic, latin) names: the surname word score where the keys pass resolution's candidate gate
    (else -inf), resolution's merge decision at `cross.threshold`, and the key-only decision it replaced."""
    forms = [(NameForm.of(c), NameForm.of(lat)) for c, lat in pairs]
    cross.prime(p for c, lat in pairs for p in cross.word_pairs(c, lat, given=True))
    scores = np.full(len(pairs), -np.inf)
    merged = np.zeros(len(pairs), dtype=bool)
    by_key = np.zeros(len(pairs), dtype=bool)
    for k, ((c, lat), (fc, fl)) in enumerate(zip(pairs, forms, strict=True)):
        if not fc.keys or not fl.keys or not cross.crossed(c, lat):
            continue
        if key_gate(fc.keys[-1], fl.keys[-1], settings.candidate_floor) and cross.word_pairs(c, lat):
            scores[k] = cross.score(*cross.word_pairs(c, lat)[0])
        merged[k] = cross_script_same(cross, fc, fl, settings)
        by_key[k] = (
            fc.key == fl.key
            or person_similarity(fc, fl, settings.given_threshold) >= settings.surname_threshold
        )
    return scores, merged, by_key


def evaluate_translit(
    path: Path, threshold: float | None = None, chunk: int = 2000, folds: int = 5, top_k: int = 100
) -> dict[str, Any]:
    """Top-1 linking of Cyrillic names to Latin ones, and merging BGN/PCGN with scholarly spellings.

    Linking re-ranks the `top_k` nearest candidates on the rule-based key (and those nearest to the
    model's own romanisation, see `translit.link`) with a transducer learned from the pairs themselves,
    so it is scored by `folds`-fold cross-validation over the Cyrillic names: each fold's names are
    linked, against all Latin candidates, by a model trained on the other folds' pairs only (every
    Latin name occurs in one pair, so none is seen in training and testing). `rule_top1_accuracy` is
    the rule-based key alone (nothing learned).

    `resolution_*` figures are resolution's Cyrillic-Latin merge decision (`entities.cross_script_same`,
    the transducer of the held-out fold at `resolution_threshold`, the shipped setting) on the held-out
    names: each with its gold Latin spellings (to merge) and its best-ranked wrong candidate (to keep
    apart: the nearest miss, so precision here is a hard case); `resolution_key_*` is the key rule that
    decided these pairs before. `translit_thresholds` is the F1-best cut on each fold, and
    `resolution_nested_*` scores each fold at the median cut of the other folds (threshold chosen
    without the fold it is scored on)."""
    pairs = read_translit(path)
    settings = ResolveSettings()
    shipped = translit_threshold(settings)
    threshold = settings.surname_threshold if threshold is None else threshold
    latins = sorted({lat for lat, _ in pairs})
    gold: dict[str, set[str]] = defaultdict(set)
    for lat, cyr in pairs:
        gold[cyr].add(lat)
    cyrillic = sorted(gold)
    latin_keys = [rule_key(x) for x in latins]
    # Folds by a fixed shuffle of the Cyrillic names; a name's pairs all fall in its fold.
    fold_of = np.random.default_rng(0).permutation(len(cyrillic)) % max(1, min(folds, len(cyrillic)))
    learned_hits = hits = 0
    per_fold: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for fold in np.unique(fold_of):
        held = [c for c, f in zip(cyrillic, fold_of, strict=True) if f == fold]
        held_set = set(held)
        train = [(lat, cyr) for lat, cyr in pairs if cyr not in held_set]
        model = TranslitModel.fit(train) if len(fold_of) > 1 else TranslitModel()
        rule: list[int] = []
        ranked: list[list[int]] = []
        best = link(
            model,
            held,
            latins,
            top_k=top_k,
            chunk=chunk,
            candidate_keys=latin_keys,
            rule_best=rule,
            ranked=ranked,
        )
        learned_hits += sum(latins[b] in gold[c] for c, b in zip(held, best, strict=True))
        hits += sum(latins[b] in gold[c] for c, b in zip(held, rule, strict=True))
        positive = [(c, lat) for c in held for lat in sorted(gold[c])]
        negative = []
        for c, row in zip(held, ranked, strict=True):
            wrong = [latins[k] for k in row if latins[k] not in gold[c]]
            if wrong:
                negative.append((c, wrong[0]))
        cross = CrossScript(model, shipped)
        per_fold.append(
            _resolution_scores(cross, positive, settings) + _resolution_scores(cross, negative, settings)
        )
    # Merging: each BGN/PCGN spelling is linked to its best scholarly candidate when the keys are at
    # least `threshold` alike; ties between equal keys go to the closer plain Latin spelling.
    bgn_raw = [to_latin(bgn_pcgn(c)).lower() for c in cyrillic]
    sch_raw = [to_latin(scholarly(c)).lower() for c in cyrillic]
    bgn = [NameForm.of(x).readings[0] for x in bgn_raw]
    sch_forms = [NameForm.of(x).readings for x in sch_raw]
    sch, alt = [r[0] for r in sch_forms], [r[-1] for r in sch_forms]
    merged = correct = 0
    for start in range(0, len(bgn), chunk):
        rows = slice(start, start + chunk)
        scores = np.maximum(key_blend(bgn[rows], sch), key_blend(bgn[rows], alt))
        tie_break = process.cdist(
            bgn_raw[rows], sch_raw, scorer=Levenshtein.normalized_similarity, dtype=np.float32
        )
        best = (scores + 0.01 * tie_break).argmax(axis=1)
        ok = scores[np.arange(len(best)), best] >= threshold
        merged += int(ok.sum())
        correct += int(np.sum(ok & (best == np.arange(start, start + len(best)))))
    cuts = [best_threshold(f[0], f[3]) for f in per_fold]
    nested_pos, nested_neg = [], []
    for k, f in enumerate(per_fold):
        cut = float(np.median([c for j, c in enumerate(cuts) if j != k])) if len(cuts) > 1 else cuts[0]
        nested_pos.append(f[0] >= cut)
        nested_neg.append(f[3] >= cut)
    stacked = [np.concatenate([f[k] for f in per_fold]) for k in range(6)]
    precision, recall = _merge_pr(stacked[1], stacked[4])
    key_p, key_r = _merge_pr(stacked[2], stacked[5])
    nested_p, nested_r = _merge_pr(np.concatenate(nested_pos), np.concatenate(nested_neg))
    return {
        "pairs": len(pairs),
        "cyrillic_names": len(cyrillic),
        "latin_candidates": len(latins),
        "folds": len(np.unique(fold_of)),
        "top1_accuracy": round(learned_hits / len(cyrillic), 4),
        "rule_top1_accuracy": round(hits / len(cyrillic), 4),
        "merge_threshold": threshold,
        "merge_precision": round(correct / merged, 4) if merged else 0.0,
        "merge_recall": round(correct / len(cyrillic), 4),
        "resolution_pairs": sum(len(f[0]) for f in per_fold),
        "resolution_hard_negatives": sum(len(f[3]) for f in per_fold),
        "resolution_threshold": shipped,
        "resolution_precision": precision,
        "resolution_recall": recall,
        "resolution_key_precision": key_p,
        "resolution_key_recall": key_r,
        "translit_thresholds": [round(c, 3) for c in cuts],
        "resolution_nested_precision": nested_p,
        "resolution_nested_recall": nested_r,
    }
