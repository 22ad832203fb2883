"""Tune the short-text model (MStream, storyweave/cluster/shorttext.py) on one half of a stream, test on
the other.

Protocol (docs/clustering.md, "Short texts"): the stream is split by arrival order into a dev half (the
first ceil(n/2) records; Tweets-T: records 0..15160) and a test half (the rest). Every parameter is
chosen by NMI on the dev half alone, clustered as a fresh stream. The test half is then scored, for the
current defaults and for the dev winner, two ways:

- `test fresh`: the test half clustered as a stream of its own, from an empty model;
- `test cont.`: the whole stream clustered in order, NMI over the test half's records only (the dev half
  is then history the model has seen, as in deployment);

and `whole` is NMI over the whole stream clustered in order (the number the quality floor pins).

The grid (alpha {0.01, 0.03, 0.05, 0.1} x beta {0.005, 0.01, 0.02, 0.03, 0.05} x batch {1000, 2000} x
iterations {3, 5, 10}: 120 runs, ~15 min on 2 cores) is cut to a coordinate search, 4 stages:

1. alpha x beta at batch 2000, iterations 5, no forgetting (20 runs);
2. batch x iterations at stage 1's best alpha, beta (6 runs, one already done);
3. keep_batches (MStreamF forgetting; 0 = keep all) over `--keep` at the best so far;
4. alpha x beta again with stage 2's and 3's choices fixed, if stage 3 chose forgetting (it changes
   how many texts the priors weigh against).

`--full-grid` runs the 120 without forgetting instead of stages 1-2. Ties go to the earlier row (the
defaults come first in each stage). Then peak memory (tracemalloc, around `add_many` on the whole
stream; the Articles are built before) and the model's size at the end, with and without forgetting.

    .venv/bin/python benchmarks/shorttext_tune.py ../shared/data/stream/Tweets-T.jsonl [--jobs 2]

Deterministic (the model takes the argmax); only the seconds depend on the machine.
"""

from __future__ import annotations

import argparse
import itertools
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path

from storyweave.cluster.config import ClusterConfig
from storyweave.cluster.shorttext import ShortTextClusterer
from storyweave.eval.clustering import LabelledText, clustering_scores, read_labelled_jsonl
from storyweave.model import Article

ALPHAS = (0.01, 0.03, 0.05, 0.1)
BETAS = (0.005, 0.01, 0.02, 0.03, 0.05)
BATCHES = (1000, 2000)
ITERATIONS = (3, 5, 10)
KEEP = (0, 1, 2, 4)


@dataclass(frozen=True)
class Params:
    alpha: float
    beta: float
    batch: int
    iterations: int
    keep: int = 0

    def label(self) -> str:
        return (
            f"a={self.alpha:<5g} b={self.beta:<5g} batch={self.batch:<4d} "
            f"it={self.iterations:<2d} keep={self.keep}"
        )


_ROWS: list[LabelledText] = []
_ARTICLES: list[Article] = []
_SPLIT = 0


def _config(p: Params) -> ClusterConfig:
    return replace(
        ClusterConfig(),
        method="short",
        short_alpha=p.alpha,
        short_beta=p.beta,
        short_batch=p.batch,
        short_iterations=p.iterations,
    )


def _segment(name: str) -> tuple[int, int]:
    return {"dev": (0, _SPLIT), "test": (_SPLIT, len(_ROWS)), "whole": (0, len(_ROWS))}[name]


def _cluster(p: Params, start: int, stop: int) -> list[str]:
    clusterer = ShortTextClusterer(_config(p), keep_batches=p.keep)
    articles = _ARTICLES[start:stop]
    clusterer.add_many(articles)
    return [clusterer.story_of(a.id) for a in articles]


def _scores(start: int, stop: int, predicted: Sequence[str], offset: int = 0) -> dict[str, float]:
    """storyweave.eval.clustering's scores (NMI, B-cubed, ARI) of rows start..stop against
    `predicted`, which starts at row `offset`."""
    gold = [r.label for r in _ROWS[start:stop]]
    return clustering_scores(gold, predicted[start - offset : stop - offset])


def _nmi(start: int, stop: int, predicted: Sequence[str], offset: int = 0) -> float:
    return _scores(start, stop, predicted, offset)["nmi"]


def dev_score(p: Params) -> tuple[Params, float, float]:
    started = time.perf_counter()
    start, stop = _segment("dev")
    nmi = _nmi(start, stop, _cluster(p, start, stop), offset=start)
    return p, nmi, time.perf_counter() - started


def test_scores(p: Params) -> tuple[Params, dict[str, float]]:
    t0, t1 = _segment("test")
    fresh = _nmi(t0, t1, _cluster(p, t0, t1), offset=t0)
    whole = _cluster(p, 0, len(_ROWS))
    scores = _scores(0, len(_ROWS), whole)
    return p, {
        "test fresh": fresh,
        "test cont.": _nmi(t0, t1, whole),
        "whole": scores["nmi"],
        "B3 P": scores["bcubed_precision"],
        "B3 R": scores["bcubed_recall"],
        "ARI": scores["ari"],
        "clusters": float(scores["clusters"]),
    }


def memory(p: Params) -> tuple[Params, dict[str, float]]:
    """tracemalloc peak and retained bytes of clustering the whole stream (numpy buffers included:
    numpy reports its allocations to tracemalloc), plus the model's size at the end."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    clusterer = ShortTextClusterer(_config(p), keep_batches=p.keep)
    clusterer.add_many(_ARTICLES)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    postings = clusterer._postings  # the model's size: what forgetting bounds
    return p, {
        "peak MiB": (peak - base) / 2**20,
        "kept MiB": (current - base) / 2**20,
        "vocabulary": float(len(postings)),
        "posting rows": float(sum(x.size for x in postings.values())),
        "live stories": float(int((clusterer._m[: len(clusterer._ids)] > 0).sum())),
    }


def _init(path: Path, label: str) -> None:
    global _ROWS, _ARTICLES, _SPLIT
    _ROWS = list(read_labelled_jsonl(path, label))
    _ARTICLES = [r.to_article() for r in _ROWS]
    _SPLIT = (len(_ROWS) + 1) // 2


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dataset", type=Path, help="JSONL stream in arrival order (Tweets-T.jsonl)")
    parser.add_argument("--label", default="clusterNo", help="key of the gold cluster (default clusterNo)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument(
        "--keep", type=int, nargs="+", default=list(KEEP), help="keep_batches values, stage 3"
    )
    parser.add_argument("--full-grid", action="store_true", help="all 120 runs instead of stages 1-2")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory runs")
    args = parser.parse_args(argv)
    _init(args.dataset, args.label)
    defaults = ClusterConfig()
    current = Params(
        defaults.short_alpha, defaults.short_beta, defaults.short_batch, defaults.short_iterations
    )
    print(
        f"{args.dataset}: {len(_ROWS)} records; "
        f"dev = records 0..{_SPLIT - 1}, test = {_SPLIT}..{len(_ROWS) - 1}"
    )
    print(f"current defaults: {current.label()}\n")
    began = time.perf_counter()
    scored: dict[Params, float] = {}

    with get_context("fork").Pool(
        max(1, args.jobs), initializer=_init, initargs=(args.dataset, args.label)
    ) as pool:

        def stage(title: str, grid: list[Params]) -> Params:
            todo = [p for p in dict.fromkeys(grid) if p not in scored]
            for p, nmi, seconds in pool.imap(dev_score, todo):
                scored[p] = nmi
                print(f"  {p.label()}  dev NMI {nmi:.4f}  ({seconds:.0f}s)", flush=True)
            best = max(dict.fromkeys(grid), key=lambda q: scored[q])  # first of equals: max keeps it
            print(f"{title}: best {best.label()}  dev NMI {scored[best]:.4f}\n", flush=True)
            return best

        if args.full_grid:
            grid = [current] + [Params(*x) for x in itertools.product(ALPHAS, BETAS, BATCHES, ITERATIONS)]
            best = stage("full grid", grid)
        else:
            ab = [replace(current, alpha=a, beta=b) for a, b in itertools.product(ALPHAS, BETAS)]
            best = stage("stage 1 (alpha x beta)", [current, *ab])
            bi = [replace(best, batch=n, iterations=i) for n, i in itertools.product(BATCHES, ITERATIONS)]
            best = stage("stage 2 (batch x iterations)", [best, *bi])
        best = stage("stage 3 (keep_batches)", [best, *(replace(best, keep=k) for k in args.keep)])
        if best.keep:
            ab = [replace(best, alpha=a, beta=b) for a, b in itertools.product(ALPHAS, BETAS)]
            best = stage("stage 4 (alpha x beta with forgetting)", [best, *ab])
        winner_no_forget = max((p for p in scored if p.keep == 0), key=lambda q: scored[q])

        finalists = list(dict.fromkeys([current, replace(current, keep=best.keep), winner_no_forget, best]))
        for p, nmi, _ in pool.imap(dev_score, [p for p in finalists if p not in scored]):
            scored[p] = nmi
        print("Held-out scores (NMI). dev: first half as a fresh stream (the tuning score); test fresh:")
        print("second half as a fresh stream; test cont.: whole stream clustered in order, scored on the")
        print("second half's records only; whole: whole stream (also its B-cubed P / R, ARI, clusters).")
        print(
            f"{'':<42} {'dev':>6} {'test fresh':>10} {'test cont.':>10} {'whole':>6} "
            f"{'B3 P':>6} {'B3 R':>6} {'ARI':>6} {'clusters':>8}"
        )
        for p, s in pool.imap(test_scores, finalists):
            tags = [t for t, q in (("defaults", current), ("dev winner", best)) if q == p]
            print(
                f"{p.label():<42} {scored[p]:>6.4f} {s['test fresh']:>10.4f} {s['test cont.']:>10.4f} "
                f"{s['whole']:>6.4f} {s['B3 P']:>6.3f} {s['B3 R']:>6.3f} {s['ARI']:>6.3f} "
                f"{int(s['clusters']):>8d}  {', '.join(tags)}",
                flush=True,
            )

        if not args.no_memory:
            print("\nMemory, whole stream (tracemalloc around add_many, net of what was allocated before):")
            keeps = list(dict.fromkeys([replace(best, keep=0), best]))
            for p, m in pool.imap(memory, keeps):
                print(
                    f"  {p.label()}  peak {m['peak MiB']:.1f} MiB, kept {m['kept MiB']:.1f} MiB, "
                    f"vocabulary {int(m['vocabulary'])}, posting rows {int(m['posting rows'])}, "
                    f"live stories {int(m['live stories'])}",
                    flush=True,
                )
    print(f"\n{len(scored)} dev runs, {time.perf_counter() - began:.0f}s wall")


if __name__ == "__main__":
    main()
