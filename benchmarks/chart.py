"""The scaling chart: wall time and peak RSS against estate size, from results JSON files.

``run.py`` draws it for its own run; to draw several runs on one chart (e.g. a 640-office run
added to a 40/80/160 one)::

    python benchmarks/chart.py benchmarks/results/scaling-*.json --out docs/_static/scaling.png

When two files hold the same office count, the later file's figures are used. ``--rst``
also prints the figures as the table of ``docs/performance.rst``.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot
import harness
import matplotlib.pyplot as plt
from matplotlib import ticker


def merged_scales(documents: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Every scale of ``documents`` by office count, later documents winning."""
    by_offices: dict[int, Mapping[str, Any]] = {}
    for document in documents:
        for scale in document["scales"]:
            by_offices[scale["offices"]] = scale
    return [by_offices[n] for n in sorted(by_offices)]


def draw(documents: Sequence[Mapping[str, Any]], out: Path) -> None:
    """Draw wall time and peak RSS per office count to ``out`` (PNG)."""
    scales = merged_scales(documents)
    offices = [s["offices"] for s in scales]
    series = {
        "jcp-controls, whole catalogue": [s["catalogue"] for s in scales],
        "jcp-controls, whole catalogue, --office (1 office)": [s.get("office") for s in scales],
        "jcp-controls, LRN-001/002 + ACC-007": [s["paired"]["jcp_controls"] for s in scales],
        "DuckDB SQL, LRN-001/002 + ACC-007": [s["paired"]["duckdb"] for s in scales],
    }
    figure, (wall, cpu, rss) = plt.subplots(1, 3, figsize=(14, 4.6), layout="constrained")
    panels = ((wall, "wall_s"), (cpu, "cpu_s"), (rss, "peak_rss_mb"))
    for label, figures in series.items():
        points = [(n, f) for n, f in zip(offices, figures, strict=True) if f is not None]
        if not points:
            continue
        xs = [n for n, _ in points]
        for axes, key in panels:
            axes.plot(xs, [f[key] for _, f in points], marker="o", label=label)
    for n, scale in zip(offices, scales, strict=True):
        for axes, key in panels[:2]:
            mine = scale["paired"]["jcp_controls"][key]
            paired_ratio = harness.ratio(mine, scale["paired"]["duckdb"][key])
            if paired_ratio is not None:
                axes.annotate(
                    f"{paired_ratio:g}×",
                    (n, mine),
                    textcoords="offset points",
                    xytext=(4, -12),
                    fontsize=8,
                )
    plain = ticker.FuncFormatter(lambda value, _: f"{value:g}")
    for axes, title, unit in (
        (wall, "Wall time (child process)", "seconds"),
        (cpu, "CPU time, user + system (child process)", "seconds"),
        (rss, "Peak RSS (child process)", "MiB"),
    ):
        axes.set_xscale("log", base=2)
        axes.margins(x=0.1)
        axes.set_yscale("log")
        axes.set_xticks(offices, [str(n) for n in offices])
        axes.xaxis.set_minor_locator(ticker.NullLocator())
        axes.yaxis.set_major_formatter(plain)
        axes.yaxis.set_minor_locator(ticker.LogLocator(subs=(2.0, 5.0)))
        axes.yaxis.set_minor_formatter(plain)
        axes.set_xlabel("offices in the demo estate")
        axes.set_ylabel(unit)
        axes.set_title(title)
        axes.grid(True, which="major", alpha=0.3)
    wall.legend(fontsize=8, loc="upper left")
    last = documents[-1]
    machine = last["machine"]
    figure.suptitle(
        f"jcp-controls {last['library_version']} vs DuckDB — "
        f"{machine['cores']} cores, {machine['memory_mb'] / 1024:.0f} GiB, "
        f"Python {machine['python']} — n×: jcp-controls / DuckDB on the same 3 controls",
        fontsize=9,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=110, metadata={"Software": None})
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--rst", action="store_true", help="also print the figures as RST")
    args = parser.parse_args()
    documents = [harness.read_results(path) for path in args.results]
    draw(documents, args.out)
    print(f"wrote {args.out}")
    if args.rst:
        print(harness.rst_table(merged_scales(documents)))


if __name__ == "__main__":
    main()
