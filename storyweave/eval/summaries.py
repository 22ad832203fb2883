"""`storyweave eval summaries --docs DIR --refs DIR`: ROUGE-1/2 of our summaries beside three baselines.

## Layout accepted
- `--docs DIR`: one folder per cluster, `DIR/CLUSTER/*` (every regular file, in name order; `.txt` or
  DUC-style SGML: when a file holds `<TEXT>…</TEXT>`, only that is read, tags removed; a `<DATE_TIME>` or
  `<DATE>` element, or a `YYYYMMDD` in the file name, gives its date for ordering).
- `--refs DIR`: the reference summaries of cluster `CLUSTER`, as either `DIR/CLUSTER/*` (a folder per
  cluster) or `DIR/CLUSTER.*` (flat, DUC style: `D30001.M.100.T.A`). Names match case-insensitively, and a
  docs folder named like DUC's `d30001t` also matches refs `D30001.*`. Clusters without references are
  skipped and listed in the output.

## What is computed (ROUGE-1.5.5 `-n 2 -m -l WORDS -f A`, without stop-word removal or jackknifing)
1. Every text (summary and reference) is cut at its first `WORDS` whitespace-separated words (default 100).
2. Tokens: lower-cased runs of `[a-z0-9]`; tokens longer than 3 characters are Porter-stemmed (the
   original 1980 algorithm, as in the reference C/Perl implementation; `porter_stem` here).
3. For n = 1, 2, per reference r: hit_r = Σ over n-grams g of min(count_summary(g), count_r(g)).
   Several references are pooled as ROUGE-1.5.5's model averaging ("-f A") does:
   recall = Σ_r hit_r / Σ_r |n-grams of r|, precision = Σ_r hit_r / (R × |n-grams of the summary|),
   F = 2PR / (P + R) (alpha 0.5).
4. The figure for a system is the mean over clusters of these per-cluster scores, reported in percent.

## Systems
- `storyweave`: `storyweave.brief.summary.summarize` with default settings at the word budget.
- `lead`: the first sentences of the cluster's latest document (DUC's baseline), up to the budget.
- `centroid`: sentences ranked by TF-IDF cosine to the cluster centroid (Radev et al. 2004, without
  position or overlap features), skipping a sentence at cosine ≥ 0.5 to one already taken.
- `lexrank`: LexRank with threshold 0.1 and damping 0.85 (Erkan & Radev 2004) over TF-IDF cosine, the
  same redundancy rule.

No DUC/TAC data ships with this project: the issue's target (ROUGE-2 recall > 9.8 at 100 words on
DUC-2004-style clusters) is unmeasured here until such a set is pointed at with --docs/--refs.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np

from storyweave.errors import InputError
from storyweave.eval.rouge import rouge_n
from storyweave.model import Article

SYSTEMS = ("storyweave", "lead", "centroid", "lexrank")
REDUNDANCY = 0.5
LEXRANK_THRESHOLD = 0.1
DAMPING = 0.85

# --- data ---

_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL | re.IGNORECASE)
_DATE_TAG = re.compile(r"<(?:DATE_TIME|DATE)>\s*([^<]+?)\s*</", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_NAME_DATE = re.compile(r"(19|20)\d{6}")


def read_document(path: Path) -> Article:
    raw = path.read_text(encoding="utf-8", errors="replace")
    published = None
    tagged = _DATE_TAG.search(raw)
    if tagged:
        published = _loose_date(tagged.group(1))
    if published is None and (m := _NAME_DATE.search(path.name)):
        published = _loose_date(m.group(0))
    bodies = _TEXT.findall(raw)
    text = "\n".join(bodies) if bodies else raw
    text = _TAG.sub(" ", text)
    # Paragraph breaks stay; wrapped lines inside a paragraph are joined.
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\t", text)]
    text = "\n".join(p for p in paragraphs if p)
    return Article(id=path.name, text=text, published=published)


def _loose_date(value: str) -> datetime | None:
    digits = re.sub(r"\D", "", value)[:8]
    if len(digits) == 8:
        try:
            return datetime.strptime(digits, "%Y%m%d")
        except ValueError:
            return None
    return None


def _key(name: str) -> str:
    return name.lower()


def read_clusters(docs: Path, refs: Path) -> tuple[list[tuple[str, list[Article], list[str]]], list[str]]:
    """(cluster, documents, reference texts) for every docs folder with references; and those without."""
    if not docs.is_dir():
        raise InputError(str(docs), "not a folder of cluster folders")
    if not refs.is_dir():
        raise InputError(str(refs), "not a folder of reference summaries")
    ref_files: dict[str, list[Path]] = {}
    for entry in sorted(refs.iterdir()):
        if entry.is_dir():
            ref_files.setdefault(_key(entry.name), []).extend(
                p for p in sorted(entry.iterdir()) if p.is_file()
            )
        elif entry.is_file() and "." in entry.name:
            ref_files.setdefault(_key(entry.name.split(".", 1)[0]), []).append(entry)
    clusters: list[tuple[str, list[Article], list[str]]] = []
    missing: list[str] = []
    for folder in sorted(p for p in docs.iterdir() if p.is_dir()):
        key = _key(folder.name)
        found = ref_files.get(key) or ref_files.get(key[:-1] if len(key) > 1 and key[-1].isalpha() else "")
        if not found:
            missing.append(folder.name)
            continue
        articles = [read_document(p) for p in sorted(folder.iterdir()) if p.is_file()]
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in found]
        clusters.append((folder.name, articles, [_TAG.sub(" ", t) for t in texts]))
    return clusters, missing


# --- systems ---

Summarizer = Callable[[Sequence[Article], int], str]


def _prepare(articles: Sequence[Article]) -> None:
    from storyweave.analyze.sentences import split_sentences

    for article in articles:
        if not article.sentences:
            article.sentences = split_sentences(article.text)


def summarize_storyweave(articles: Sequence[Article], words: int) -> str:
    from storyweave.brief.summary import summarize
    from storyweave.settings import SummarySettings

    return " ".join(s.text for s in summarize(articles, SummarySettings(), words=words))


def summarize_lead(articles: Sequence[Article], words: int) -> str:
    if not articles:
        return ""
    latest = max(
        range(len(articles)), key=lambda i: (articles[i].published or datetime.min, i)
    )  # the latest dated document; undated: the last in name order
    picked: list[str] = []
    used = 0
    for sentence in articles[latest].sentences:
        picked.append(sentence.text)
        used += len(sentence.text.split())
        if used >= words:
            break
    return " ".join(picked)


def _sentence_matrix(articles: Sequence[Article]) -> tuple[list[str], np.ndarray]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [s.text for a in articles for s in a.sentences if len(s.text.split()) >= 5]
    if not texts:
        return [], np.zeros((0, 1))
    try:
        matrix = TfidfVectorizer(stop_words="english").fit_transform(texts)
    except ValueError:
        return texts, np.zeros((len(texts), 1))
    return texts, matrix.toarray()


def _greedy(texts: list[str], matrix: np.ndarray, scores: np.ndarray, words: int) -> str:
    chosen: list[int] = []
    used = 0
    for i in np.argsort(-scores, kind="stable"):
        if any(float(matrix[i] @ matrix[j]) >= REDUNDANCY for j in chosen):
            continue
        chosen.append(int(i))
        used += len(texts[i].split())
        if used >= words:
            break
    return " ".join(texts[i] for i in chosen)


def summarize_centroid(articles: Sequence[Article], words: int) -> str:
    texts, matrix = _sentence_matrix(articles)
    if not texts:
        return ""
    centroid = matrix.mean(axis=0)
    norm = np.linalg.norm(centroid)
    scores = matrix @ (centroid / norm) if norm else np.zeros(len(texts))
    return _greedy(texts, matrix, scores, words)


def lexrank_scores(
    matrix: np.ndarray, threshold: float = LEXRANK_THRESHOLD, damping: float = DAMPING
) -> np.ndarray:
    n = matrix.shape[0]
    if n == 0:
        return np.zeros(0)
    adjacency = (matrix @ matrix.T >= threshold).astype(float)
    degree = adjacency.sum(axis=1, keepdims=True)
    transition = np.divide(adjacency, degree, out=np.full_like(adjacency, 1.0 / n), where=degree > 0)
    scores = np.full(n, 1.0 / n)
    for _ in range(100):
        updated = (1 - damping) / n + damping * transition.T @ scores
        if np.abs(updated - scores).sum() < 1e-8:
            return updated
        scores = updated
    return scores


def summarize_lexrank(articles: Sequence[Article], words: int) -> str:
    texts, matrix = _sentence_matrix(articles)
    if not texts:
        return ""
    return _greedy(texts, matrix, lexrank_scores(matrix), words)


SUMMARIZERS: dict[str, Summarizer] = {
    "storyweave": summarize_storyweave,
    "lead": summarize_lead,
    "centroid": summarize_centroid,
    "lexrank": summarize_lexrank,
}


def evaluate_summaries(
    clusters: Sequence[tuple[str, list[Article], list[str]]],
    systems: Sequence[str] = SYSTEMS,
    words: int = 100,
    summarizers: dict[str, Summarizer] | None = None,
) -> dict[str, object]:
    """Mean ROUGE-1/2 recall and F (percent) per system over `clusters`."""
    summarizers = summarizers or SUMMARIZERS
    totals = {s: {f"rouge{n}_{m}": 0.0 for n in (1, 2) for m in ("recall", "f")} for s in systems}
    for _, articles, references in clusters:
        _prepare(articles)
        for system in systems:
            summary = summarizers[system](articles, words)
            for n in (1, 2):
                score = rouge_n(summary, references, n, words)
                totals[system][f"rouge{n}_recall"] += score["recall"]
                totals[system][f"rouge{n}_f"] += score["f"]
    count = max(len(clusters), 1)
    return {
        "clusters": len(clusters),
        "words": words,
        "units": "percent; mean over clusters of pooled multi-reference ROUGE (storyweave/eval/summaries.py)",
        "systems": {s: {k: round(100 * v / count, 2) for k, v in totals[s].items()} for s in systems},
    }


# --- ECB+ central-event coverage (DESIGN.md: how summaries are tuned without reference summaries) ---


def read_ecb_event_stories(ecb_dir: Path) -> list[tuple[str, list[Article], dict[str, set[str]]]]:
    """Per ECB+ story with gold event annotation: its articles (one sentence per line, as ECB+ gives
    them) and, per sentence text, the gold event chains it mentions."""
    from storyweave.model import Sentence

    records = {}
    with (ecb_dir / "ecbplus_topics_1-35.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            records[record["id"]] = record
    chains: dict[tuple[str, int], set[str]] = {}
    for split in ("Train", "Dev"):
        path = ecb_dir / f"ECB_{split}_Event_gold_mentions.json"
        if path.exists():
            for mention in json.loads(path.read_text(encoding="utf-8")):
                chains.setdefault((mention["doc_id"], mention["sent_id"]), set()).add(mention["coref_chain"])
    annotated = {doc for doc, _ in chains}
    stories: dict[str, list[Article]] = {}
    events: dict[str, dict[str, set[str]]] = {}
    for doc_id in sorted(annotated & set(records)):
        record = records[doc_id]
        article = Article(id=doc_id, text=record["text"])
        at = 0
        for n, line in enumerate(record["text"].split("\n")):
            if line.strip():
                article.sentences.append(Sentence(at, at + len(line), line, n))
                events.setdefault(record["story"], {}).setdefault(line, set()).update(
                    chains.get((doc_id, n), ())
                )
            at += len(line) + 1
        stories.setdefault(record["story"], []).append(article)
    return [(story, arts, events.get(story, {})) for story, arts in sorted(stories.items()) if len(arts) >= 2]


def event_coverage(
    summary_sentences: Sequence[str], sentence_events: dict[str, set[str]], weights: Counter[str]
) -> tuple[float, float]:
    """(covered weight / total weight, share of picked sentences that repeat an already-covered event)."""
    covered: set[str] = set()
    repeats = 0
    for text in summary_sentences:
        found = sentence_events.get(text, set())
        if found and found <= covered:
            repeats += 1
        covered |= found
    total = sum(weights.values()) or 1
    return sum(weights[c] for c in covered) / total, repeats / max(len(summary_sentences), 1)


def evaluate_event_coverage(ecb_dir: Path, words: int = 100, limit: int | None = None) -> dict[str, object]:
    """Mean weighted event coverage and repeat rate per selection method and baseline on ECB+ stories."""
    from storyweave.brief.summary import METHODS, summarize
    from storyweave.settings import SummarySettings

    stories = read_ecb_event_stories(ecb_dir)[:limit]
    systems: dict[str, Callable[[Sequence[Article]], list[str]]] = {
        f"storyweave-{m}": (
            lambda arts, m=m: [s.text for s in summarize(arts, SummarySettings(), words, method=m)]
        )
        for m in METHODS
    }
    for name in ("lead", "centroid", "lexrank"):
        systems[name] = lambda arts, name=name: _split_back(SUMMARIZERS[name](arts, words), arts)
    totals = {name: [0.0, 0.0] for name in systems}
    for _, articles, sentence_events in stories:
        weights: Counter[str] = Counter()
        for article in articles:
            mentioned = set().union(*(sentence_events.get(s.text, set()) for s in article.sentences))
            weights.update(mentioned)
        for name, system in systems.items():
            picked = system(articles)
            cut = _cut_sentences(picked, words)
            coverage, repeats = event_coverage(cut, sentence_events, weights)
            totals[name][0] += coverage
            totals[name][1] += repeats
    n = max(len(stories), 1)
    return {
        "stories": len(stories),
        "words": words,
        "measure": "mean over ECB+ stories of gold event chains covered, each weighted by how many of the "
        "story's articles mention it (percent); repeats: share of picked sentences adding no new event",
        "systems": {
            name: {"event_coverage": round(100 * c / n, 2), "repeats": round(100 * r / n, 2)}
            for name, (c, r) in totals.items()
        },
    }


def _split_back(text: str, articles: Sequence[Article]) -> list[str]:
    """The baselines join their sentences; recover them by matching the articles' sentences in order."""
    out = []
    at = 0
    known = sorted({s.text for a in articles for s in a.sentences}, key=len, reverse=True)
    while at < len(text):
        for candidate in known:
            if text.startswith(candidate, at):
                out.append(candidate)
                at += len(candidate)
                break
        else:
            at += 1
    return out


def _cut_sentences(sentences: Sequence[str], words: int) -> list[str]:
    """The sentences that fit in `words` (the first always does): every system gets the same budget."""
    out, used = [], 0
    for sentence in sentences:
        length = len(sentence.split())
        if out and used + length > words:
            break
        out.append(sentence)
        used += length
    return out


# --- command ---


def add_summaries_subcommand(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "summaries", help="ROUGE-1/2 of our summaries and of lead, centroid, LexRank baselines"
    )
    p.add_argument("--docs", type=Path, help="folder of cluster folders: DOCS/CLUSTER/*")
    p.add_argument("--refs", type=Path, help="references: REFS/CLUSTER/* or REFS/CLUSTER.*")
    p.add_argument(
        "--ecb", type=Path, metavar="DIR",
        help="instead of ROUGE: ECB+ central-event coverage per selection method (../shared/data/ecbplus)",
    )  # fmt: skip
    p.add_argument("--words", type=int, default=100, help="summaries and references cut at N words (100)")
    p.add_argument(
        "--systems", default=",".join(SYSTEMS), help=f"comma-separated subset of {','.join(SYSTEMS)}"
    )
    p.add_argument("--limit", type=int, help="score only the first N clusters")
    p.set_defaults(handler=eval_summaries)


def eval_summaries(args: argparse.Namespace, settings: object) -> int:
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in systems if s not in SUMMARIZERS]
    if unknown:
        raise InputError("--systems", f"unknown: {', '.join(unknown)}; expected some of {', '.join(SYSTEMS)}")
    if args.ecb is not None:
        print(json.dumps(evaluate_event_coverage(args.ecb, args.words, args.limit), indent=2))
        return 0
    if args.docs is None or args.refs is None:
        raise InputError("eval summaries", "pass --docs DIR and --refs DIR (or --ecb DIR)")
    clusters, missing = read_clusters(args.docs, args.refs)
    if args.limit is not None:
        clusters = clusters[: args.limit]
    if not clusters:
        raise InputError(str(args.docs), f"no cluster folder has reference summaries in {args.refs}")
    report = evaluate_summaries(clusters, systems, args.words)
    report["skipped_without_references"] = missing
    print(json.dumps(report, indent=2))
    return 0


__all__ = [
    "add_summaries_subcommand",
    "evaluate_event_coverage",
    "evaluate_summaries",
    "lexrank_scores",
    "read_clusters",
]
