"""Benchmark jcp-controls against a DuckDB baseline on the demo estate at several scales.

For each scale (a multiple of ``--offices``) it

1. writes the demo estate with ``jcp-controls demo`` (seeded; cached under ``--cache-dir``
   by scale, seed, as_of, library version and generator source, and reused when present);
2. times ``jcp-controls evaluate --only LRN-001,LRN-002,ACC-007 --format json`` and the
   DuckDB query computing the same three controls from the same CSV files
   (``duckdb_baseline.py``), each in its own child process, and checks that both give the
   same findings (control, subject, status, due date) and the same counts per status;
3. times the whole catalogue end to end (folder to JSON report) and checks its three
   controls agree with the baseline too;
4. times the whole catalogue for one office (``--office`` the first office of the folder),
   still read from the whole folder;

then prints wall time, peak RSS of each child and the ratio, writes the figures as JSON and
draws the scaling chart. Needs the ``bench`` extra (``pip install -e ".[bench]"``).

Usage::

    python benchmarks/run.py --offices 40 --scales 1x,2x,4x
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import harness

HERE = Path(__file__).resolve().parent
DEFAULT_AS_OF = dt.date(2026, 11, 23)


def library_version() -> str:
    return importlib.metadata.version("jcp-controls")


def generator_source() -> bytes:
    """The source of the demo generator (every module of ``jcp_controls.demo``, in name order)."""
    spec = importlib.util.find_spec("jcp_controls.demo")
    if spec is None or spec.origin is None:
        raise SystemExit("run.py: jcp_controls is not installed in this interpreter")
    origin = Path(spec.origin)
    files = sorted(origin.parent.glob("*.py")) if origin.name == "__init__.py" else [origin]
    return b"".join(path.read_bytes() for path in files)


#: ``--engine`` for every ``jcp-controls evaluate`` run (None: the library's default).
ENGINE: str | None = None


def jcp_controls(*args: str) -> list[str]:
    """The CLI, run with this interpreter (the same environment as the baseline); an
    ``evaluate`` run gets ``--engine`` when one was chosen."""
    engine = ["--engine", ENGINE] if ENGINE is not None and args[:1] == ("evaluate",) else []
    return [sys.executable, "-m", "jcp_controls", *args, *engine]


def ensure_estate(
    cache: Path, offices: int, seed: int, as_of: dt.date, log: Path
) -> tuple[Path, float | None]:
    """The cached demo folder for this scale, writing it first when absent.

    Returns:
        The folder and the seconds ``jcp-controls demo`` took (None when reused). The demo
        also evaluates what it wrote; that is included in the figure.
    """
    key = harness.cache_key(offices, seed, as_of, library_version(), generator_source())
    folder = cache / key
    if (folder / "offices.csv").exists():
        return folder, None
    cache.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=cache))
    try:
        run = harness.run_child(
            jcp_controls(
                "demo",
                "--out",
                str(partial / "evidence"),
                "--offices",
                str(offices),
                "--seed",
                str(seed),
                "--as-of",
                as_of.isoformat(),
                "--format",
                "json",
                "--output",
                os.devnull,
            ),
            log,
        )
        try:
            (partial / "evidence").rename(folder)  # appears complete or not at all
        except OSError:
            if not (folder / "offices.csv").exists():  # not a concurrent run that won
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return folder, run.wall_s


def bench_scale(
    folder: Path,
    offices: int,
    as_of: dt.date,
    repeat: int,
    catalogue: bool,
    one_office: bool,
    work: Path,
    loaded_estate: bool = False,
) -> tuple[dict[str, Any], dict[str, list[harness.ChildRun]]]:
    """Time one scale; returns the comparisons and the runs of each side."""
    only = ",".join(harness.PAIRED_CONTROLS)
    library_runs: list[harness.ChildRun] = []
    baseline_runs: list[harness.ChildRun] = []
    report: dict[str, Any] = {}
    baseline: dict[str, Any] = {}
    for attempt in range(repeat):
        report_path = work / f"jcp-{offices}-{attempt}.json"
        library_runs.append(
            harness.run_child(
                jcp_controls(
                    "evaluate",
                    str(folder),
                    "--as-of",
                    as_of.isoformat(),
                    "--only",
                    only,
                    "--format",
                    "json",
                    "--output",
                    str(report_path),
                ),
                work / "evaluate.log",
                ok=(0, 1),  # 1: findings at or above --fail-on
            )
        )
        report = json.loads(report_path.read_text(encoding="utf-8"))
        baseline_path = work / f"duckdb-{offices}-{attempt}.json"
        baseline_runs.append(
            harness.run_child(
                [
                    sys.executable,
                    str(HERE / "duckdb_baseline.py"),
                    str(folder),
                    "--as-of",
                    as_of.isoformat(),
                    "--output",
                    str(baseline_path),
                    *harness.baseline_parameters(report),
                ],
                work / "duckdb.log",
            )
        )
        baseline = json.loads(baseline_path.read_text(encoding="utf-8"))
    comparison = harness.compare(
        harness.report_findings(report, harness.PAIRED_CONTROLS),
        harness.baseline_findings(baseline),
        harness.report_counts(report, harness.PAIRED_CONTROLS),
        baseline["counts"],
    )
    whole_runs: list[harness.ChildRun] = []
    whole_comparison = None
    if catalogue:
        whole_path = work / f"catalogue-{offices}.json"
        whole_runs.append(
            harness.run_child(
                jcp_controls(
                    "evaluate",
                    str(folder),
                    "--as-of",
                    as_of.isoformat(),
                    "--format",
                    "json",
                    "--output",
                    str(whole_path),
                ),
                work / "catalogue.log",
                ok=(0, 1),
            )
        )
        whole = json.loads(whole_path.read_text(encoding="utf-8"))
        whole_comparison = harness.compare(
            harness.report_findings(whole, harness.PAIRED_CONTROLS),
            harness.baseline_findings(baseline),
            harness.report_counts(whole, harness.PAIRED_CONTROLS),
            baseline["counts"],
        )
        whole_path.unlink()
    office_runs: list[harness.ChildRun] = []
    office_id = harness.first_office(folder)
    if one_office:
        office_path = work / f"office-{offices}.json"
        office_runs.append(
            harness.run_child(
                jcp_controls(
                    "evaluate",
                    str(folder),
                    "--as-of",
                    as_of.isoformat(),
                    "--office",
                    office_id,
                    "--format",
                    "json",
                    "--output",
                    str(office_path),
                ),
                work / "office.log",
                ok=(0, 1),
            )
        )
        office_path.unlink()
    loaded: dict[str, Any] | None = None
    if loaded_estate:
        loaded_path = work / f"loaded-{offices}.json"
        harness.run_child(
            [
                sys.executable,
                str(HERE / "loaded_estate.py"),
                str(folder),
                "--as-of",
                as_of.isoformat(),
                "--office",
                office_id,
                "--output",
                str(loaded_path),
            ],
            work / "loaded.log",
        )
        loaded = json.loads(loaded_path.read_text(encoding="utf-8"))
    inputs = {
        "loaded": loaded,
        "office_id": office_id,
        "comparison": comparison,
        "catalogue_comparison": whole_comparison,
        "duckdb_query_s": baseline.get("query_s"),
        "results": sum(sum(c["counts"].values()) for c in report["controls"]),
    }
    runs = {
        "library": library_runs,
        "baseline": baseline_runs,
        "catalogue": whole_runs,
        "office": office_runs,
    }
    return inputs, runs


def git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=HERE,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip() or None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--offices", type=int, default=40, help="base office count (1x)")
    parser.add_argument("--scales", default="1x,2x,4x", help="multipliers, e.g. 1x,2x,4x,8x")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--as-of", type=dt.date.fromisoformat, default=DEFAULT_AS_OF, help="YYYY-MM-DD"
    )
    parser.add_argument("--repeat", type=int, default=1, help="paired runs per scale (median)")
    parser.add_argument("--no-catalogue", action="store_true", help="skip the whole catalogue")
    parser.add_argument("--no-office", action="store_true", help="skip the one-office run")
    parser.add_argument(
        "--engine",
        choices=("auto", "python", "columnar"),
        help="the engine of every jcp-controls run (default: the library's, auto)",
    )
    parser.add_argument(
        "--loaded-estate",
        action="store_true",
        help="also time the whole catalogue, one office and one control over an estate "
        "loaded once (benchmarks/loaded_estate.py; needs the columnar extra)",
    )
    parser.add_argument("--cache-dir", type=Path, default=HERE / ".cache")
    parser.add_argument("--results", type=Path, help="JSON to write (default results/...)")
    parser.add_argument("--chart", type=Path, help="PNG to write (default next to --results)")
    parser.add_argument("--no-chart", action="store_true")
    args = parser.parse_args(argv)
    try:
        scales = harness.parse_scales(args.scales)
    except ValueError as error:
        parser.error(str(error))
    if args.offices < 1 or args.repeat < 1:
        parser.error("--offices and --repeat must be at least 1")
    global ENGINE
    ENGINE = args.engine
    counts = [args.offices * scale for scale in scales]
    name = "scaling-" + "-".join(str(n) for n in counts)
    results_path = args.results or HERE / "results" / f"{name}.json"
    chart_path = args.chart or results_path.with_suffix(".png")

    document: dict[str, Any] = {
        "started_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "command": " ".join(["python", "benchmarks/run.py", *(argv or sys.argv[1:])]),
        "library_version": library_version(),
        "git_commit": git_commit(),
        "seed": args.seed,
        "engine": args.engine or "auto",
        "as_of": args.as_of.isoformat(),
        "machine": harness.machine(),
        "scales": [],
    }
    print(
        f"machine: {document['machine']['cores']} cores, "
        f"{document['machine']['memory_mb']:.0f} MB, Python {document['machine']['python']}, "
        f"load {document['machine']['load_average_at_start']}",
        file=sys.stderr,
    )
    all_equal = True
    with tempfile.TemporaryDirectory(prefix="jcp-bench-") as scratch:
        work = Path(scratch)
        for offices in counts:
            folder, generated = ensure_estate(
                args.cache_dir, offices, args.seed, args.as_of, work / "demo.log"
            )
            state = "reused" if generated is None else f"written in {generated:.1f} s"
            print(f"{offices} offices: {folder} ({state})", file=sys.stderr)
            inputs, runs = bench_scale(
                folder,
                offices,
                args.as_of,
                args.repeat,
                not args.no_catalogue,
                not args.no_office,
                work,
                args.loaded_estate,
            )
            record = harness.scale_record(
                offices,
                harness.count_rows(folder),
                runs["library"],
                runs["baseline"],
                runs["catalogue"],
                inputs["comparison"],
                generated,
            )
            record["office"] = (
                {"office_id": inputs["office_id"], **harness.summarise(runs["office"])}
                if runs["office"]
                else None
            )
            record["loaded_estate"] = inputs["loaded"]
            record["paired"]["duckdb_query_s"] = inputs["duckdb_query_s"]
            record["paired"]["results"] = inputs["results"]
            whole = inputs["catalogue_comparison"]
            if whole is not None:
                record["catalogue"]["same_findings_for_paired_controls"] = whole.equal
            document["scales"].append(record)
            equal = inputs["comparison"].equal and (whole is None or whole.equal)
            all_equal = all_equal and equal
            if not equal:
                print(
                    f"  DIFFERENT findings at {offices} offices: "
                    f"only jcp-controls {inputs['comparison'].only_library}, "
                    f"only DuckDB {inputs['comparison'].only_baseline}",
                    file=sys.stderr,
                )
            print(harness.table(document["scales"][-1:]).splitlines()[-1], file=sys.stderr)
    harness.write_results(results_path, document)
    print(harness.table(document["scales"]))
    print(f"wrote {results_path}")
    if not args.no_chart:
        import chart

        chart.draw([document], chart_path)
        print(f"wrote {chart_path}")
    return 0 if all_equal else 1


if __name__ == "__main__":
    sys.exit(main())
