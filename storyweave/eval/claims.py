"""`storyweave eval claims`: alignment, conflicts and quote speakers of the claims stage, measured.

- **Alignment** (ECB+ gold event coreference): in each ECB+ story (a topic's `ecb` or `ecbplus` half),
  the sentences that carry a non-singleton gold event mention are the items; two sentences of different
  documents are aligned when they mention the same event chain. Every sentence of the story's documents
  goes through the claims stage (units, pair scores, average-linkage groups); pairwise precision, recall
  and F1 are counted over the cross-document pairs of annotated sentences. `tune=True` also sweeps the
  cut and reports the best one (do that on `train`, report on `dev`).
- **Conflicts**: storyweave/eval/claim_conflicts.py (a perturbation set built from these stories).
- **Quotes** (hand-written fixture, tests/claims/quotes_gold.jsonl): each record's quote must be found
  with the labelled speaker (surname match: "he said" must come out as the right named person).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from storyweave.claims.align import group_units, grouping_scores, threshold
from storyweave.claims.config import ClaimSettings
from storyweave.claims.quote_groups import same_quote
from storyweave.claims.quotes import find_quotes
from storyweave.claims.text import fold
from storyweave.claims.units import story_units
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
        from storyweave.eval.claim_conflicts import evaluate_conflicts

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
