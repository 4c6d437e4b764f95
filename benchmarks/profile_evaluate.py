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


class GcClock:
    """CPU seconds spent in garbage collection while installed (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._began = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.process_time()
        else:
            self.seconds += time.process_time() - self._began


def unprofiled(evidence: jc.Evidence, as_of: dt.date) -> list[tuple[str, float, float]]:
    """(what, CPU seconds, of which GC) for the whole catalogue and each control family."""
    ids = [control.control_id for control in jc.Catalogue.from_plugins().controls]
    families: dict[str, list[str]] = {}
    for control_id in ids:
        families.setdefault(control_id.split("-")[0], []).append(control_id)
    timings = []
    for name, only in [("whole catalogue", None), *sorted(families.items())]:
        clock = GcClock()
        gc.collect()
        gc.callbacks.append(clock)
        began = time.process_time()
        try:
            jc.evaluate(evidence, as_of=as_of, only=only)
        finally:
            gc.callbacks.remove(clock)
        label = name if only is None else f"{name} ({len(only)})"
        timings.append((label, time.process_time() - began, clock.seconds))
    return timings


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
    began, began_cpu = time.perf_counter(), time.process_time()
    evidence = jc.load(folder)
    loaded, loaded_cpu = time.perf_counter() - began, time.process_time() - began_cpu
    gc.collect()
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    report = jc.evaluate(evidence, as_of=args.as_of)
    profiler.disable()
    evaluated = time.perf_counter() - began
    text = io.StringIO()
    text.write(
        f"{args.offices} offices, as_of {args.as_of}: load {loaded:.2f} s wall, "
        f"{loaded_cpu:.2f} s CPU (not profiled); "
        f"evaluate {evaluated:.2f} s under cProfile, {len(report.results):,} results\n\n"
    )
    text.write("Not profiled: evaluate, then evaluate(only=<family>), CPU seconds\n")
    for name, seconds, collecting in unprofiled(evidence, args.as_of):
        text.write(
            f"  {name:<16} {seconds:6.2f} s, of which garbage collection {collecting:5.2f} s\n"
        )
    stats = pstats.Stats(profiler, stream=text)
    text.write(f"\nTop {args.top} by cumulative time (under cProfile)\n")
    stats.strip_dirs().sort_stats(pstats.SortKey.CUMULATIVE).print_stats(args.top)
    text.write(f"Top {args.top} by own time (under cProfile)\n")
    stats.sort_stats(pstats.SortKey.TIME).print_stats(args.top)
    sys.stdout.write(text.getvalue())
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    main()
