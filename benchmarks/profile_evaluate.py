"""Where ``evaluate`` spends its time: cProfile of one whole-catalogue evaluation.

Loads the cached demo estate of ``run.py`` (writing it when absent), then profiles
``jcp_controls.evaluate`` alone (the load is timed, not profiled) and prints the top
functions by cumulative time::

    python benchmarks/profile_evaluate.py --offices 40 [--top 15] [--output FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

import run

import jcp_controls as jc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=run.DEFAULT_AS_OF)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--cache-dir", type=Path, default=run.HERE / ".cache")
    parser.add_argument("--output", type=Path, help="also write the profile text here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder, _ = run.ensure_estate(
            args.cache_dir, args.offices, args.seed, args.as_of, Path(scratch) / "demo.log"
        )
    began = time.perf_counter()
    evidence = jc.load(folder)
    loaded = time.perf_counter() - began
    gc.collect()
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    report = jc.evaluate(evidence, as_of=args.as_of)
    profiler.disable()
    evaluated = time.perf_counter() - began
    text = io.StringIO()
    text.write(
        f"{args.offices} offices, as_of {args.as_of}: load {loaded:.2f} s (not profiled), "
        f"evaluate {evaluated:.2f} s under cProfile, {len(report.results):,} results\n"
    )
    stats = pstats.Stats(profiler, stream=text)
    stats.strip_dirs().sort_stats(pstats.SortKey.CUMULATIVE).print_stats(args.top)
    sys.stdout.write(text.getvalue())
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    main()
