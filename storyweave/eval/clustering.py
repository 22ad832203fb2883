"""Clustering quality: B-cubed precision/recall/F1, NMI and ARI, plus readers for the benchmark sets.

Metrics are pure functions over label sequences; readers turn a JSONL file into labelled rows:
ECB+ (`../shared/data/ecbplus/ecbplus_topics_1-35.jsonl`: id, topic, story, text) and the short-text
stream set (`../shared/data/stream/Tweets-T.jsonl` in arrival order, `Tweets.jsonl` shuffled: Id,
clusterNo, textCleaned). Records may also carry `title`, `published` and `language`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from storyweave.model import Article, parse_published


@dataclass(frozen=True, slots=True)
class LabelledText:
    id: str
    text: str
    label: str
    title: str | None = None
    group: str | None = None  # coarser gold unit (ECB+ topic), for topic-level scores and CV folds
    published: str | None = None
    language: str | None = None

    def to_article(self) -> Article:
        return Article(
            id=self.id,
            text=self.text,
            title=self.title,
            published=parse_published(self.published),
            language=self.language,
        )


def bcubed(gold: Sequence[object], predicted: Sequence[object]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998), in O(n) via pair counts."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted labels differ in length")
    if not gold:
        return 1.0, 1.0, 1.0
    joint = Counter(zip(gold, predicted, strict=True))
    gold_sizes = Counter(gold)
    pred_sizes = Counter(predicted)
    precision = sum(n * n / pred_sizes[p] for (_, p), n in joint.items()) / len(gold)
    recall = sum(n * n / gold_sizes[g] for (g, _), n in joint.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def clustering_scores(gold: Sequence[object], predicted: Sequence[object]) -> dict[str, float]:
    p, r, f = bcubed(gold, predicted)
    gold_s = [str(g) for g in gold]
    pred_s = [str(x) for x in predicted]
    return {
        "bcubed_precision": round(p, 4),
        "bcubed_recall": round(r, 4),
        "bcubed_f1": round(f, 4),
        "nmi": round(float(normalized_mutual_info_score(gold_s, pred_s)), 4),
        "ari": round(float(adjusted_rand_score(gold_s, pred_s)), 4),
        "clusters": len(set(predicted)),
        "gold_clusters": len(set(gold)),
        "items": len(gold),
    }


def read_labelled_jsonl(path: Path, label: str) -> Iterator[LabelledText]:
    """Rows of a JSONL file. Understands ECB+ (`id`, `text`, `story`/`topic`) and the stream set
    (`Id`, `textCleaned`, `clusterNo`); `label` names the key holding the gold cluster."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            text = record.get("text", record.get("textCleaned", ""))
            ident = record.get("id", record.get("Id"))
            if label not in record:
                raise KeyError(f"{path}: record {ident} has no {label!r} key")
            group = record.get("topic")
            yield LabelledText(
                id=str(ident),
                text=text or "",
                label=str(record[label]),
                title=record.get("title"),
                group=None if group is None else str(group),
                published=record.get("published"),
                language=record.get("language"),
            )
