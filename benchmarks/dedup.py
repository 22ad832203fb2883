"""Passage-level dedup throughput and memory: ours (PassageIndex) beside plain datasketch MinHashLSH.

    .venv/bin/python benchmarks/dedup.py --sizes 10000 100000 [--data ../shared/data] [--datasketch-max N]

"Passage level": every sentence and every multi-sentence paragraph of every article is signed, queried
against everything before it, and inserted. Articles are synthetic news-shaped texts (20 sentences of
10-25 words in 6 paragraphs) drawn from ECB+'s word frequencies when the data is there (else from a
built-in syllable vocabulary); one in ten copies two sentences from an earlier article. Both libraries
get the same units and the same shingles. Each measurement runs in its own subprocess, so peak RSS is
that run's alone. datasketch does the same work on at most --datasketch-max articles (it is ~100x
slower; at 100k articles it would run for hours): its articles/s is comparable, its memory is scaled.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from storyweave.dedup import DedupSettings, PassageIndex
from storyweave.dedup.parallel import add_batches
from storyweave.model import Article, Sentence

ROOT = Path(__file__).resolve().parent.parent
_SYLLABLES = "ka lo mi sha ren dor vin ta ze gor bek nur pa li sev an mar tu ol ev the and of".split()


def vocabulary(data: Path, rng: random.Random) -> tuple[list[str], list[int]]:
    ecb = data / "ecbplus" / "ecbplus_topics_1-35.jsonl"
    if ecb.exists():
        counts = Counter(w for line in ecb.open(encoding="utf-8") for w in re.findall(r"[A-Za-z]+", line))
        words = [w for w, _ in counts.most_common(20000)]
        return words, [counts[w] for w in words]
    words = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(5000)]
    return words, [max(1, 5000 // (i + 1)) for i in range(len(words))]


def corpus(n: int, data: Path, seed: int = 0) -> list[Article]:
    """Articles with their sentences already set (the benchmark times dedup, not sentence splitting)."""
    rng = random.Random(seed)
    words, weights = vocabulary(data, rng)
    cumulative = list(itertools.accumulate(weights))
    articles: list[Article] = []
    for i in range(n):
        sentences = [
            " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(10, 25))).capitalize() + "."
            for _ in range(20)
        ]
        if articles and rng.random() < 0.1:
            donor = rng.choice(articles).sentences
            sentences[5:5] = [s.text for s in donor[:2]]
        text, spans = "", []
        for p in range(6):
            for sentence in sentences[p::6]:
                start = len(text)
                text += sentence + " "
                spans.append(Sentence(start, start + len(sentence), sentence, p))
            text = text[:-1] + "\n"
        articles.append(Article(id=f"a{i}", text=text, sentences=spans))
    return articles


def run_ours(articles: list[Article], settings: DedupSettings, batch: int, workers: int) -> dict[str, float]:
    index = PassageIndex(settings)
    matches = 0
    started = time.perf_counter()
    batches = (articles[i : i + batch] for i in range(0, len(articles), batch))
    for found in add_batches(index, batches, workers):
        matches += len(found)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "matches": matches, "units": index.units, "index_bytes": index.nbytes}


def run_datasketch(articles: list[Article], settings: DedupSettings) -> dict[str, float]:
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from storyweave.dedup.units import shingle_articles

    bands = settings.num_perm // settings.band_rows
    lsh = MinHashLSH(num_perm=settings.num_perm, params=(bands, settings.band_rows))
    mask = np.uint64(0xFFFFFFFF)
    matches = units = 0
    started = time.perf_counter()
    for a in articles:
        signed = shingle_articles([a], settings)
        # Our shingles are already 64-bit hashes: datasketch gets them as they are, not via SHA-1.
        rows = [(signed.shingles(k) & mask).tolist() for k in range(len(signed))]
        for k, sketch in enumerate(MinHash.bulk(rows, num_perm=settings.num_perm, hashfunc=int)):
            matches += sum(1 for key in lsh.query(sketch) if key[0] != a.id)
            lsh.insert((a.id, k), sketch)
            units += 1
    return {"seconds": time.perf_counter() - started, "matches": matches, "units": units}


def compare_sketches(articles: list[Article], settings: DedupSettings) -> dict[str, float]:
    """MinHash alone on the same shingles: ours (one-permutation hashing in numpy), rensa (k permutations,
    Rust; what we used before) and datasketch (k permutations): time, and error of the Jaccard estimate
    against the exact value on sentence pairs that share something (equal quality is the precondition)."""
    from itertools import chain

    import numpy as np
    import rensa
    from datasketch import MinHash

    from storyweave.dedup.units import shingle_articles, unit_digests

    signed = shingle_articles(articles, settings)
    n, perm = len(signed.offsets) - 1, settings.num_perm
    every_sentence = np.stack([np.arange(n), np.arange(n)], 1)
    started = time.perf_counter()
    ours = unit_digests(signed.hashes, signed.offsets, every_sentence, perm)
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(signed.hashes, signed.offsets, perm, 1729)
    # rensa 0.5 hands digests back only as Python lists: the copy is part of using it.
    flat = np.fromiter(chain.from_iterable(matrix.to_rows()), np.uint32, count=n * perm)
    theirs_rensa = flat.reshape(n, perm)
    rensa_s = time.perf_counter() - started
    mask = np.uint64(0xFFFFFFFF)
    rows = [
        (signed.hashes[int(signed.offsets[i]) : int(signed.offsets[i + 1])] & mask).tolist() for i in range(n)
    ]
    started = time.perf_counter()
    theirs = np.array([m.hashvalues for m in MinHash.bulk(rows, num_perm=perm, hashfunc=int)])
    datasketch_s = time.perf_counter() - started
    rng = np.random.default_rng(0)
    sketches = {"ours": ours, "rensa": theirs_rensa, "datasketch": theirs}
    errors: dict[str, list[float]] = {name: [] for name in sketches}
    sets = [set(r) for r in rows]
    # Neighbouring sentences that share at least one shingle, plus random pairs: a check that the
    # estimators are equally close to the exact Jaccard, not a recall measurement.
    pairs = [(i, j) for i in range(1, n) for j in (i - 1,) if sets[i] & sets[j]][:2000]
    pairs += [tuple(int(x) for x in rng.integers(0, n, 2)) for _ in range(2000)]
    for i, j in pairs:
        if i == j or not sets[i] or not sets[j]:
            continue
        exact = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
        for name, sketch in sketches.items():
            errors[name].append(abs(float((sketch[i] == sketch[j]).mean()) - exact))
    out = {"sentences": n, "ours_s": ours_s, "rensa_s": rensa_s, "datasketch_s": datasketch_s}
    out.update({f"{name}_mean_abs_error": float(np.mean(e)) for name, e in errors.items()})
    return out


def measure(args: argparse.Namespace) -> dict[str, float]:
    size = args.sizes[0]
    articles = corpus(size, args.data)
    settings = DedupSettings()
    base = _memory_kb("VmRSS")
    if args.child == "ours":
        result = run_ours(articles, settings, args.batch, args.workers)
    else:
        result = run_datasketch(articles, settings)
    peak = _memory_kb("VmHWM")
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result.update(articles=size, articles_per_s=size / result["seconds"], peak_rss_mb=peak / 1024,
                  peak_growth_mb=(peak - base) / 1024, worker_peak_rss_mb=workers / 1024)  # fmt: skip
    return result


def _memory_kb(field: str) -> int:
    """VmRSS / VmHWM of this process in KiB. Not ru_maxrss: Linux carries that across exec, so a child
    would report its parent's peak."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child(which: str, size: int, args: argparse.Namespace) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", which, "--sizes", str(size), "--data", str(args.data)]
    command += ["--batch", str(args.batch), "--workers", str(args.workers)]
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    p.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    p.add_argument("--datasketch-max", type=int, default=2000, help="articles given to datasketch at most")
    p.add_argument("--batch", type=int, default=1000, help="articles per PassageIndex.add call")
    p.add_argument("--workers", type=int, default=1, help="signing processes for ours (1: sign in-process)")
    p.add_argument(
        "--sketch-articles", type=int, default=2000, help="articles for the MinHash-only comparison"
    )
    p.add_argument("--child", choices=["ours", "datasketch"], help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args)))
        return 0
    print(f"{'library':<11}{'articles':>9}{'units':>10}{'articles/s':>12}{'peak RSS MB':>13}"
          f"{'growth MB':>11}{'index MB':>10}{'matches':>9}")  # fmt: skip
    for size in args.sizes:
        ours = _child("ours", size, args)
        theirs = _child("datasketch", min(size, args.datasketch_max), args)
        for name, r in (("ours", ours), ("datasketch", theirs)):
            index_mb = f"{r['index_bytes'] / 2**20:.1f}" if "index_bytes" in r else "-"
            line = f"{name:<11}{r['articles']:>9}{r['units']:>10}{r['articles_per_s']:>12.0f}"
            line += f"{r['peak_rss_mb']:>13.0f}{r['peak_growth_mb']:>11.0f}{index_mb:>10}{r['matches']:>9}"
            print(line)
        speedup = ours["articles_per_s"] / theirs["articles_per_s"]
        print(f"speed-up at {size}: {speedup:.1f}x (ours with {args.workers} signing worker(s); their "
              f"peak RSS, fork-shared pages included: {ours['worker_peak_rss_mb']:.0f} MB)")  # fmt: skip
    sketch = compare_sketches(corpus(args.sketch_articles, args.data), DedupSettings())
    print(f"MinHash only, {sketch['sentences']} sentences, {DedupSettings().num_perm} values per sketch: "
          f"ours (OPH, numpy) {sketch['ours_s']:.3f} s (mean |error| {sketch['ours_mean_abs_error']:.4f}), "
          f"rensa {sketch['rensa_s']:.3f} s ({sketch['rensa_mean_abs_error']:.4f}), "
          f"datasketch {sketch['datasketch_s']:.2f} s ({sketch['datasketch_mean_abs_error']:.4f}): "
          f"{sketch['datasketch_s'] / sketch['ours_s']:.0f}x datasketch, "
          f"{sketch['rensa_s'] / sketch['ours_s']:.1f}x rensa")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
