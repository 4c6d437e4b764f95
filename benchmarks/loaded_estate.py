"""An estate loaded once, evaluated many times: what a notebook user sees.

Loads an evidence folder into the columnar store once, then times, in this process,
the whole catalogue, one office (``--office``, default the first) and one control
(``--only``, default ACC-001) over it: each the median of ``--repeat`` runs. The figures
that matter are the ratios to the whole-catalogue run and the one-office time against its
target (under 50 ms from a loaded estate).

    .venv/bin/python benchmarks/loaded_estate.py FOLDER --as-of 2026-11-23 [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jcp_controls as jc
from jcp_controls.columnar import Estate, evaluate_estate


def _load(folder: Path) -> Estate:
    try:
        from jcp_controls.columnar import load_estate  # type: ignore[attr-defined]
    except ImportError:
        return Estate.from_evidence(jc.load(folder))
    estate: Estate = load_estate(folder)
    return estate


def _median(repeat: int, run: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--office")
    parser.add_argument("--only", default="ACC-001")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    estate = _load(args.folder)
    load_s = time.perf_counter() - started
    office = (
        args.office
        or sorted(office.office_id for office in estate.evidence.records[jc.RecordKind.OFFICES])[0]
    )
    figures = {
        "load_s": load_s,
        "whole_s": _median(
            max(1, args.repeat // 2), lambda: evaluate_estate(estate, as_of=args.as_of)
        ),
        "office_s": _median(
            args.repeat, lambda: evaluate_estate(estate, as_of=args.as_of, offices=[office])
        ),
        "control_s": _median(
            args.repeat, lambda: evaluate_estate(estate, as_of=args.as_of, only=[args.only])
        ),
        "office": office,
        "control": args.only,
    }
    text = json.dumps(figures, indent=2)
    if args.output is not None:
        args.output.write_text(text + "\n", encoding="utf-8")
    sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
