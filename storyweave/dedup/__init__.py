"""Who copied whom: shared passages and duplicate articles (the dedup stage).

`find_shared_passages` is the pipeline stage over a set of analysed articles (with `sentences`);
`PassageIndex` is the incremental form for a long-running monitor. Method and figures: docs/dedup.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from storyweave.dedup.articles import find_duplicates
from storyweave.dedup.clock import timestamp
from storyweave.dedup.config import DedupSettings
from storyweave.dedup.index import PassageIndex, UnitMatch
from storyweave.dedup.parallel import add_batches
from storyweave.dedup.passages import Link, build_passages
from storyweave.dedup.units import is_copy, jaccard_and_containment, sign_articles
from storyweave.model import Article, SharedPassage

__all__ = ["DedupResult", "DedupSettings", "PassageIndex", "UnitMatch", "add_batches", "find_shared_passages"]


@dataclass(slots=True)
class DedupResult:
    # model.SharedPassage(articles=[earlier_id, later_id], text as in the later article, similarity)
    passages: list[SharedPassage] = field(default_factory=list)
    # article id -> id of the article it duplicates (the original); originals are not keys
    duplicate_of: dict[str, str] = field(default_factory=dict)


def find_shared_passages(articles: Sequence[Article], settings: DedupSettings | None = None) -> DedupResult:
    """Shared passages between `articles` and which of them are duplicates of another.

    Candidates come from MinHash LSH over every sentence and multi-sentence paragraph; each candidate is
    then verified on its exact shingle sets, so the LSH only decides what gets compared.
    """
    s = settings or DedupSettings()
    signed = sign_articles(articles, s)
    index = PassageIndex(s)
    # Unique internal ids: the input may repeat an article id, and each copy must still be compared.
    ids = [f"{i}" for i in range(len(articles))]
    times = [timestamp(a.published, 0.0) for a in articles]
    query, hit, _ = index.insert_signed(ids, times, signed)
    links = []
    for q, c in zip(query.tolist(), hit.tolist(), strict=True):
        jac, cont = jaccard_and_containment(signed.shingles(q), signed.shingles(c))
        if is_copy(jac, cont, s):
            (qa, qb), (ca, cb) = signed.spans[q].tolist(), signed.spans[c].tolist()
            owner_q, owner_c = int(signed.unit_article[q]), int(signed.unit_article[c])
            links.append(Link(owner_q, qa, qb, owner_c, ca, cb, jac))
    return DedupResult(build_passages(articles, links, s), find_duplicates(articles, links, s))
