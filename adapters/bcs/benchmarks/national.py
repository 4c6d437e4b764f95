"""Time the BCS adapter at national size: load, and write one run's results back.

Usage (after ``jcp-controls-bcs export NATIONAL_DIR URL``)::

    python adapters/bcs/benchmarks/national.py load URL
    python adapters/bcs/benchmarks/national.py write URL SMALL_EVIDENCE_DIR COPIES

``write`` evaluates SMALL_EVIDENCE_DIR (e.g. a two-office demo) and stores its results
COPIES times over as one run (320 copies of two offices ~ 640 offices, 1.5M results). Run
under ``/usr/bin/time -v`` for the peak memory.
"""

from __future__ import annotations

import sys
import time

import attrs
import jcp_controls as jc

from jcp_controls_bcs.database import parse_location
from jcp_controls_bcs.reader import read_bcs
from jcp_controls_bcs.results import write_run


def main(argv: list[str]) -> None:
    """Run the benchmark named by ``argv[0]``."""
    start = time.perf_counter()
    if argv[0] == "load":
        batch = read_bcs(argv[1])
        counts = {kind.value: len(records) for kind, records in batch.records.items()}
        print(f"loaded {counts}, {len(batch.issues)} issues", end="")
    else:
        plugins = jc.Plugins(entry_points=False)
        report = jc.evaluate(
            jc.load(argv[2], plugins=plugins), as_of="2026-11-30", plugins=plugins
        )
        report = attrs.evolve(report, results=tuple(report.results) * int(argv[3]))
        start = time.perf_counter()
        write_run(parse_location(argv[1]), report)
        print(f"wrote {len(report.results)} results", end="")
    print(f" in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
