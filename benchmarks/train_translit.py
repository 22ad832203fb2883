"""Train the shipped Cyrillic-Latin transducer: `python benchmarks/train_translit.py [PAIRS] [--calibrate]`.

Fits `resolve.translit.TranslitModel` on all of wd_russian_dev (CC0) and writes
storyweave/resolve/data/translit_ru.npz. With `--calibrate`, first runs the 5-fold evaluation
(`eval.aliases.evaluate_translit`: a model per fold trained on the other 4, the cross-script merge
threshold chosen on each held-out fold) and prints the thresholds and held-out figures; the shipped
threshold is `resolve.entities.TRANSLIT_THRESHOLD` (to become `ResolveSettings.translit_threshold`).
Takes about 5 s (about 5 min with --calibrate) on a 2-core machine.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from storyweave.eval.aliases import evaluate_translit, read_translit
from storyweave.resolve.translit import MODEL_PATH, TranslitModel, train

DATA = Path("/work/shared/data/translit/wd_russian_dev")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = Path(args[0]) if args else DATA
    if "--calibrate" in sys.argv:
        print(json.dumps(evaluate_translit(path), indent=2))
    started = time.perf_counter()
    train(read_translit(path), MODEL_PATH)
    size = MODEL_PATH.stat().st_size
    print(f"trained in {time.perf_counter() - started:.1f} s -> {MODEL_PATH} ({size} bytes)")
    started = time.perf_counter()
    TranslitModel.load(MODEL_PATH)
    print(f"loads in {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
