"""`storyweave eval claims statements`: statement identity on a hand-written, hand-labelled set.

The ECB+ alignment gold (eval/claims.py) says "both sentences mention the earthquake"; the brief needs
"both state that 12 people died". tests/claims/statements_gold.jsonl holds invented stories, one a line:
{"story", "articles": [{"id", "outlet", "published", "title", "sentences": [{"text", "statement"}]}]},
where `statement` is a story-local label (sentences of different articles with one label state the same
thing, whatever their figures) or null (background, or stated by this article only).

Each story goes through the claims stage as ECB+ stories do (one article a story's outlet, one sentence a
line, one claim unit per sentence). Scored, over the cross-article sentence pairs of each story:
pairwise precision/recall/F1 (gold-positive: same non-null label; predicted-positive: the two sentences'
units share a claim group; a sentence the stage drops as too short is grouped with nothing), beside the
one-group and all-singletons baselines, a sweep of the cut, the same figures with the shipped clause
splitting, and status accuracy (docs/claims.md, section (d), defines it).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from storyweave.claims import find_claims
from storyweave.claims.align import group_units, grouping_scores, threshold
from storyweave.claims.config import ClaimSettings
from storyweave.claims.units import story_units
from storyweave.dedup import DedupResult
from storyweave.errors import InputError
from storyweave.eval.claims import (
    AlignStory,
    SentenceKey,
    _ratio,
    _unit_keys,
    cross_article_pairs,
    ecb_article,
    pair_counts,
)
from storyweave.model import Article

if TYPE_CHECKING:
    from spacy.language import Language

    from storyweave.analyze.embeddings import Embedder

DEFAULT_GOLD = Path("tests/claims/statements_gold.jsonl")
SWEEP = tuple(np.round(np.arange(0.2, 0.8, 0.02), 2).tolist())
Groups = dict[SentenceKey, set[int]]  # a sentence's claim groups (several when its clauses split)


@dataclass(slots=True)
class GoldStory:
    id: str
    articles: list[Article]
    labels: dict[SentenceKey, str | None]  # (article id, sentence index) -> statement label


def default_gold() -> Path:
    """tests/claims/statements_gold.jsonl from the working directory (the repository root, as for the
    quotes eval), else from the repository this module sits in."""
    if DEFAULT_GOLD.exists():
        return DEFAULT_GOLD
    return Path(__file__).resolve().parents[2] / DEFAULT_GOLD


def _article(path: Path, n: int, raw: Any) -> tuple[Article, list[str | None]]:
    def bad(reason: str) -> InputError:
        return InputError(f"{path}:{n}", reason)

    if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("id", "outlet")):
        raise bad("each article needs string `id` and `outlet`")
    sentences = raw.get("sentences")
    if not isinstance(sentences, list) or not sentences:
        raise bad(f"article {raw['id']!r}: `sentences` must be a non-empty list")
    texts, labels = [], []
    for s in sentences:
        if not isinstance(s, dict) or not isinstance(s.get("text"), str) or not s["text"].strip():
            raise bad(f"article {raw['id']!r}: each sentence needs a non-empty `text`")
        if "\n" in s["text"] or not (s.get("statement") is None or isinstance(s["statement"], str)):
            raise bad(
                f"article {raw['id']!r}: a sentence's text is one line, its `statement` a string or null"
            )
        texts.append(s["text"].strip())
        labels.append(s.get("statement") or None)
    article = ecb_article(raw["id"], "\n".join(texts))
    article.outlet, article.title = raw["outlet"], raw.get("title")
    try:
        article.published = datetime.fromisoformat(raw["published"]) if raw.get("published") else None
    except (TypeError, ValueError):
        raise bad(
            f"article {raw['id']!r}: `published` is not an ISO date: {raw.get('published')!r}"
        ) from None
    return article, labels


def load_statement_gold(path: Path) -> list[GoldStory]:
    """The stories of a statements gold file; a malformed line raises InputError naming file and line."""
    stories: list[GoldStory] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}", f"not JSON: {exc.msg}") from None
            if not isinstance(record, dict) or not isinstance(record.get("story"), str):
                raise InputError(f"{path}:{n}", "each line is an object with a string `story`")
            raw_articles = record.get("articles")
            if not isinstance(raw_articles, list) or len(raw_articles) < 2:
                raise InputError(f"{path}:{n}", f"story {record['story']!r}: needs at least two `articles`")
            articles, labels = [], {}
            for raw in raw_articles:
                article, article_labels = _article(path, n, raw)
                articles.append(article)
                labels.update({(article.id, i): label for i, label in enumerate(article_labels)})
            if len({a.id for a in articles}) != len(articles):
                raise InputError(f"{path}:{n}", f"story {record['story']!r}: article ids repeat")
            stories.append(GoldStory(record["story"], articles, labels))
    return stories


def score_pairs(stories: Sequence[GoldStory], predicted: Sequence[Groups]) -> dict[str, Any]:
    """Pairwise P/R/F1 over the cross-article sentence pairs of each story."""
    counts = pair_counts(
        (
            story.labels[a] is not None and story.labels[a] == story.labels[b],
            bool(groups.get(a, set()) & groups.get(b, set())),
        )
        for story, groups in zip(stories, predicted, strict=True)
        for a, b in cross_article_pairs(story.labels)
    )
    return {"pairs": counts.pop("pairs"), "gold_pairs": counts.pop("positives"), **counts}


def status_accuracy(
    stories: Sequence[GoldStory], claims: Sequence[list[tuple[str, set[SentenceKey]]]]
) -> dict:
    """Per gold statement stated by >= 2 outlets: right when one claim group holds its sentences from two
    outlets and is corroborated or conflicting. Per sentence no other outlet states (null label, or a
    label of one outlet): right when no claim group holding it is corroborated or conflicting."""
    multi = multi_ok = single = single_ok = 0
    statuses: dict[str, int] = defaultdict(int)
    for story, story_claims in zip(stories, claims, strict=True):
        outlet = {a.id: a.outlet for a in story.articles}
        by_label: dict[str, set[SentenceKey]] = defaultdict(set)
        for key, label in story.labels.items():
            if label is not None:
                by_label[label].add(key)
        for keys in by_label.values():
            if len({outlet[k[0]] for k in keys}) < 2:
                continue
            multi += 1
            hits = [st for st, held in story_claims if len({outlet[k[0]] for k in held & keys}) >= 2]
            best = next((st for st in ("conflicting", "corroborated") if st in hits), "single_source")
            statuses[best] += 1
            multi_ok += best != "single_source"
        for key, label in story.labels.items():
            if label is None or len({outlet[k[0]] for k in by_label[label]}) < 2:
                single += 1
                single_ok += all(st == "single_source" for st, held in story_claims if key in held)
    return {
        "multi_outlet_statements": multi,
        "marked_multi_source": _ratio(multi_ok, multi),
        "by_status": dict(sorted(statuses.items())),
        "single_outlet_sentences": single,
        "marked_single_source": _ratio(single_ok, single),
    }


def _errors(story: GoldStory, groups: Groups) -> list[str]:
    """The pairs scored wrong, as "story FP|FN [label] sentence || [label] sentence", for inspection."""
    text = {(a.id, i): s.text for a in story.articles for i, s in enumerate(a.sentences)}
    keys, out = sorted(story.labels), []
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            la, lb = story.labels[a], story.labels[b]
            gold, pred = la is not None and la == lb, bool(groups.get(a, set()) & groups.get(b, set()))
            if a[0] != b[0] and gold != pred:
                out.append(f"{story.id} {'FP' if pred else 'FN'} [{la}] {text[a]} || [{lb}] {text[b]}")
    return out


def _stage_claims(story: GoldStory, s: ClaimSettings, embedder: Embedder | None) -> tuple[Groups, list]:
    """`find_claims` on the story: each sentence's claim groups and each group's (status, sentences)."""
    units, keys = _unit_keys(AlignStory(story.id, story.articles), s)
    key_of = {(u.article, u.text): k for u, k in zip(units, keys, strict=True)}
    groups: Groups = defaultdict(set)
    claims = []
    for g, claim in enumerate(find_claims(story.articles, [], DedupResult(), s, embedder).claims):
        held = {key_of[(v.article, v.text)] for v in claim.variants}
        for k in held:
            groups[k].add(g)
        claims.append((claim.status, held))
    return dict(groups), claims


def evaluate_statements(
    path: Path,
    settings: ClaimSettings | None = None,
    embedder: Embedder | None = None,
    nlp: Language | None = None,
    sweep: Sequence[float] = (),
) -> dict[str, Any]:
    """Statement-identity figures of the claims stage on the gold file (see the module doc)."""
    from storyweave.analyze.embeddings import CachingEmbedder

    started = time.perf_counter()
    shipped = settings or ClaimSettings()
    s = replace(shipped, min_clause_words=10**6)  # one unit per sentence, as the ECB+ alignment eval
    stories = load_statement_gold(path)
    if nlp is not None:
        from storyweave.analyze.entities import extract_mentions
        from storyweave.resolve import resolve_entities

        extract_mentions([a for st in stories for a in st.articles], nlp)
        for st in stories:
            resolve_entities(st.articles)
    cached = CachingEmbedder(embedder) if embedder is not None else None
    staged = [_stage_claims(st, s, cached) for st in stories]
    clause_groups = [_stage_claims(st, shipped, cached)[0] for st in stories]
    cut = threshold(s, embedder is not None)
    report: dict[str, Any] = {
        "stories": len(stories),
        "articles": sum(len(st.articles) for st in stories),
        "sentences": sum(len(st.labels) for st in stories),
        "units": sum(len(story_units(st.articles, s)) for st in stories),
        "threshold": cut,
        **score_pairs(stories, [g for g, _ in staged]),
        "shipped_clause_units": score_pairs(stories, clause_groups),
        "baseline_one_group": score_pairs(stories, [{k: {0} for k in st.labels} for st in stories]),
        "baseline_singletons": score_pairs(stories, [{} for _ in stories]),
        "status": status_accuracy(stories, [c for _, c in staged]),
    }
    if sweep:
        prepared = []
        for st in stories:
            units, keys = _unit_keys(AlignStory(st.id, st.articles), s)
            vectors = cached.embed([u.content for u in units]) if cached is not None and units else None
            prepared.append((keys, grouping_scores(units, vectors, s)))
        swept: dict[str, dict[str, float]] = {}
        for t in sweep:
            groups = []
            for keys, scores in prepared:
                group_of: Groups = defaultdict(set)
                for g, members in enumerate(group_units(scores, t)):
                    for i in members:
                        group_of[keys[i]].add(g)
                groups.append(dict(group_of))
            figures = score_pairs(stories, groups)
            swept[f"{t:.2f}"] = {k: figures[k] for k in ("precision", "recall", "f1")}
        report["sweep"] = swept
        report["best_threshold"] = float(max(swept, key=lambda k: swept[k]["f1"]))
    report["embeddings"] = embedder is not None
    report["ner"] = nlp is not None
    report["errors"] = [e for st, (g, _) in zip(stories, staged, strict=True) for e in _errors(st, g)]
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def eval_statements(args: Any, settings: Any) -> int:
    """The command's handler (`storyweave eval claims statements`, wired in eval/claims.py)."""
    gold = getattr(args, "gold", None) or default_gold()
    if not gold.exists():
        raise InputError(str(gold), "no such file (pass --gold)")
    embedder = nlp = None
    if not getattr(args, "no_embeddings", False):
        from storyweave.analyze.embeddings import load_embedder
        from storyweave.settings import EmbeddingSettings

        embedder = load_embedder(EmbeddingSettings())
    if not getattr(args, "no_ner", False):
        from storyweave.analyze.entities import load_ner

        nlp = load_ner()
    sweep = SWEEP if getattr(args, "sweep", False) else ()
    report = evaluate_statements(gold, getattr(settings, "claims", None), embedder, nlp, sweep)
    print(json.dumps({"statements": report}, indent=2))
    return 0
