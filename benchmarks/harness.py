"""The pure parts of the benchmark suite: cache keys, child processes, findings, figures.

Nothing here imports DuckDB or matplotlib, so ``tests/test_benchmarks.py`` can test it on a
machine without the ``bench`` extra. ``run.py`` wires these parts together.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import platform
import re
import statistics
import subprocess
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The controls timed against the DuckDB baseline.
PAIRED_CONTROLS = ("LRN-001", "LRN-002", "ACC-007")

#: The statuses of the JSON report, in its order.
STATUSES = ("pass", "warn", "fail", "error", "waived")

#: Version of the results file written by :func:`write_results`.
RESULTS_SCHEMA = "jcp-controls/benchmark/1"

Finding = tuple[str, str, str, str | None]
"""(control_id, subject_id, status, due_on): what both sides must agree on."""


# -- the cached estate -------------------------------------------------------------------------


def cache_key(offices: int, seed: int, as_of: dt.date, version: str, generator: bytes) -> str:
    """The name of the cached demo folder for one scale.

    Args:
        offices: number of offices in the estate.
        seed: the demo's random seed.
        as_of: the date the demo is written relative to.
        version: the installed library version.
        generator: the source of the demo generator, so a changed generator (before a
            version bump) never reuses a stale folder.

    Returns:
        A readable, filesystem-safe folder name such as
        ``demo-offices40-seed1-2026-11-23-v0.1.0-3f2a9c1d0b7e``.
    """
    if offices < 1:
        raise ValueError(f"offices must be at least 1, not {offices}")
    digest = hashlib.sha256(generator).hexdigest()[:12]
    safe_version = re.sub(r"[^A-Za-z0-9.+-]", "_", version)
    return f"demo-offices{offices}-seed{seed}-{as_of.isoformat()}-v{safe_version}-{digest}"


def parse_scales(text: str) -> list[int]:
    """``"1x,2x,4x"`` or ``"1,2,4"`` as multipliers of the base office count.

    Raises:
        ValueError: on an empty list, a non-integer or a multiplier below 1.
    """
    scales: list[int] = []
    for part in text.split(","):
        item = part.strip().lower().removesuffix("x")
        if not item.isdigit() or int(item) < 1:
            raise ValueError(f"--scales: {part.strip()!r} is not a positive multiplier like 2x")
        scales.append(int(item))
    return sorted(set(scales))


# -- child processes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChildRun:
    """One child process: what ran, how long it took and its own peak memory.

    Attributes:
        command: the argument list.
        wall_s: wall-clock seconds from start to exit.
        cpu_s: user + system CPU seconds of the child.
        peak_rss_mb: the child's peak resident set size in MiB (``ru_maxrss``).
        returncode: its exit status.
    """

    command: tuple[str, ...]
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    returncode: int


def run_child(command: Sequence[str], log: Path, ok: Iterable[int] = (0,)) -> ChildRun:
    """Run ``command`` to completion and measure it.

    The child's own resource usage comes from ``os.wait4`` (not ``RUSAGE_CHILDREN``, which
    reports the largest of *all* children so far). Its stdout and stderr go to ``log``.

    Raises:
        RuntimeError: when the exit status is not in ``ok``, with the log's last lines.
    """
    with log.open("wb") as sink:
        began = time.perf_counter()
        child = subprocess.Popen(list(command), stdout=sink, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - began
    child.returncode = code = os.waitstatus_to_exitcode(status)
    if code not in set(ok):
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-5:])
        raise RuntimeError(f"{' '.join(command)} exited {code}:\n{tail}")
    return ChildRun(
        command=tuple(command),
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,  # Linux: KiB
        returncode=code,
    )


# -- findings ----------------------------------------------------------------------------------


def report_findings(report: Mapping[str, Any], controls: Iterable[str]) -> set[Finding]:
    """The findings (every result that is not ``pass``) of ``controls`` in a JSON report."""
    wanted = set(controls)
    return {
        (r["control_id"], r["subject_id"], r["status"], r["due_on"])
        for r in report["results"]
        if r["control_id"] in wanted and r["status"] != "pass"
    }


def report_counts(report: Mapping[str, Any], controls: Iterable[str]) -> dict[str, dict[str, int]]:
    """Results per status (passes included) of ``controls``, from the report's ``controls``."""
    wanted = set(controls)
    return {
        c["control_id"]: {status: int(c["counts"].get(status, 0)) for status in STATUSES}
        for c in report["controls"]
        if c["control_id"] in wanted
    }


def baseline_findings(baseline: Mapping[str, Any]) -> set[Finding]:
    """The findings written by ``duckdb_baseline.py`` (same shape as :func:`report_findings`)."""
    return {
        (f["control_id"], f["subject_id"], f["status"], f["due_on"]) for f in baseline["findings"]
    }


@dataclass(frozen=True)
class Comparison:
    """How two sets of findings and counts differ.

    Attributes:
        findings: how many findings both sides agree on.
        only_library: findings jcp-controls reports and the baseline does not (a sample).
        only_baseline: findings the baseline reports and jcp-controls does not (a sample).
        counts_equal: whether the per-status counts (passes included) agree.
    """

    findings: int
    only_library: list[Finding] = field(default_factory=list)
    only_baseline: list[Finding] = field(default_factory=list)
    counts_equal: bool = True

    @property
    def equal(self) -> bool:
        """True when both sides give the same findings and the same counts."""
        return not self.only_library and not self.only_baseline and self.counts_equal


def compare(
    library: set[Finding],
    baseline: set[Finding],
    library_counts: Mapping[str, Mapping[str, int]],
    baseline_counts: Mapping[str, Mapping[str, int]],
    sample: int = 5,
) -> Comparison:
    """Compare jcp-controls' findings and counts with the baseline's."""

    def key(finding: Finding) -> tuple[str, str, str, str]:
        return (finding[0], finding[1], finding[2], finding[3] or "")

    return Comparison(
        findings=len(library & baseline),
        only_library=sorted(library - baseline, key=key)[:sample],
        only_baseline=sorted(baseline - library, key=key)[:sample],
        counts_equal={k: dict(v) for k, v in library_counts.items()}
        == {k: dict(v) for k, v in baseline_counts.items()},
    )


# -- figures -----------------------------------------------------------------------------------


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator`` rounded to two places; None when the denominator is 0."""
    if denominator <= 0:
        return None
    return round(numerator / denominator, 2)


def summarise(runs: Sequence[ChildRun]) -> dict[str, Any]:
    """Median wall time, CPU and peak RSS of repeated runs (one run: its own figures)."""
    if not runs:
        raise ValueError("no runs to summarise")
    return {
        "wall_s": round(statistics.median(r.wall_s for r in runs), 3),
        "cpu_s": round(statistics.median(r.cpu_s for r in runs), 3),
        "peak_rss_mb": round(statistics.median(r.peak_rss_mb for r in runs), 1),
        "runs": len(runs),
        "wall_s_all": [round(r.wall_s, 3) for r in runs],
    }


def scale_record(
    offices: int,
    rows: Mapping[str, int],
    library_paired: Sequence[ChildRun],
    baseline: Sequence[ChildRun],
    catalogue: Sequence[ChildRun],
    comparison: Comparison,
    generated_s: float | None,
) -> dict[str, Any]:
    """The figures of one scale, as written to the results JSON."""
    paired = summarise(library_paired)
    base = summarise(baseline)
    whole = summarise(catalogue) if catalogue else None
    return {
        "offices": offices,
        "evidence_rows": dict(rows),
        "evidence_rows_total": sum(rows.values()),
        "generated_s": None if generated_s is None else round(generated_s, 3),
        "paired": {
            "controls": list(PAIRED_CONTROLS),
            "jcp_controls": paired,
            "duckdb": base,
            "wall_ratio": ratio(paired["wall_s"], base["wall_s"]),
            "cpu_ratio": ratio(paired["cpu_s"], base["cpu_s"]),
            "rss_ratio": ratio(paired["peak_rss_mb"], base["peak_rss_mb"]),
            "same_findings": comparison.equal,
            "findings": comparison.findings,
            "only_jcp_controls": [list(f) for f in comparison.only_library],
            "only_duckdb": [list(f) for f in comparison.only_baseline],
        },
        "catalogue": whole,
    }


def machine() -> dict[str, Any]:
    """The machine the figures come from: cores, memory, load, Python and platform."""
    memory_mb: float | None = None
    cpu_model: str | None = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_mb = round(int(line.split()[1]) / 1024, 0)
                break
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:  # not Linux
        pass
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = []
    return {
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": cpu_model,
        "memory_mb": memory_mb,
        "load_average_at_start": load,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def write_results(path: Path, document: Mapping[str, Any]) -> None:
    """Write the results JSON (sorted keys, two-space indent, trailing newline)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"schema": RESULTS_SCHEMA, **document}
    path.write_text(json.dumps(body, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read_results(path: Path) -> dict[str, Any]:
    """Read a results JSON written by :func:`write_results`.

    Raises:
        ValueError: when the file is not a results file of this schema.
    """
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or document.get("schema") != RESULTS_SCHEMA:
        raise ValueError(f"{path}: not a {RESULTS_SCHEMA} results file")
    return document


def _times(value: float | None) -> str:
    return "-" if value is None else f"{value:g}x"


def table(scales: Sequence[Mapping[str, Any]]) -> str:
    """The figures as a plain-text table for the terminal."""
    header = (
        f"{'offices':>7} {'rows':>10} | {'jcp 3 ctl':>9} {'CPU':>7} {'RSS MB':>6} | "
        f"{'duckdb':>7} {'CPU':>6} {'RSS MB':>6} | {'ratio':>6} {'CPU':>6} {'same':>4} | "
        f"{'catalogue':>9} {'CPU':>7} {'RSS MB':>6} | {'1 office':>8}"
    )
    lines = [header, "-" * len(header)]
    for s in scales:
        p = s["paired"]
        whole = s["catalogue"]
        jcp, duck = p["jcp_controls"], p["duckdb"]
        lines.append(
            f"{s['offices']:>7} {s['evidence_rows_total']:>10,} | "
            f"{jcp['wall_s']:>8.2f}s {jcp['cpu_s']:>6.2f}s {jcp['peak_rss_mb']:>6.0f} | "
            f"{duck['wall_s']:>6.2f}s {duck['cpu_s']:>5.2f}s {duck['peak_rss_mb']:>6.0f} | "
            f"{_times(p['wall_ratio']):>6} {_times(p.get('cpu_ratio')):>6} "
            f"{'yes' if p['same_findings'] else 'NO':>4} | "
            + (
                f"{whole['wall_s']:>8.2f}s {whole['cpu_s']:>6.2f}s {whole['peak_rss_mb']:>6.0f}"
                if whole
                else f"{'-':>9} {'-':>7} {'-':>6}"
            )
            + (f" | {s['office']['wall_s']:>7.2f}s" if s.get("office") else f" | {'-':>8}")
        )
    return "\n".join(lines)


def baseline_parameters(report: Mapping[str, Any]) -> list[str]:
    """The policy settings the baseline needs, taken from a JSON report's effective policy,
    as ``duckdb_baseline.py`` options (so both sides judge by the same settings)."""
    policy = report["policy"]
    return [
        f"--warn-days={int(policy['warn_days'])}",
        f"--validity-months={int(policy['learning']['validity_months'])}",
        f"--leaver-grace-days={int(policy['access']['leaver_grace_days'])}",
    ]


def first_office(folder: Path) -> str:
    """The ``office_id`` of the first office in ``folder/offices.csv``.

    Raises:
        ValueError: when the file has no office.
    """
    with (folder / "offices.csv").open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            return row["office_id"]
    raise ValueError(f"{folder / 'offices.csv'}: no office")


def count_rows(folder: Path) -> dict[str, int]:
    """Data rows (header excluded) of each CSV file in ``folder``, by file stem.

    Counts physical lines, which equals records for the demo (it writes no quoted newlines).
    """
    rows: dict[str, int] = {}
    for path in sorted(folder.glob("*.csv")):
        lines, last = 0, b"\n"
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
        if last != b"\n":  # a last line without its newline
            lines += 1
        rows[path.stem] = max(lines - 1, 0)
    return rows


def rst_table(scales: Sequence[Mapping[str, Any]]) -> str:
    """The figures as a reStructuredText list-table, for ``docs/performance.rst``."""

    def cell(figures: Mapping[str, Any] | None) -> str:
        if figures is None:
            return "—"
        return (
            f"{figures['wall_s']:.2f} s / {figures['cpu_s']:.2f} s / "
            f"{figures['peak_rss_mb']:,.0f} MiB"
        )

    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "",
        "   * - offices",
        "     - evidence rows",
        "     - jcp-controls, 3 controls (wall / CPU / peak RSS)",
        "     - DuckDB, 3 controls (wall / CPU / peak RSS)",
        "     - ratio (wall / CPU)",
        "     - same findings",
        "     - jcp-controls, whole catalogue (wall / CPU / peak RSS)",
        "     - jcp-controls, one office (``--office``, wall / CPU / peak RSS)",
    ]
    for s in scales:
        p = s["paired"]
        wall = ratio(p["jcp_controls"]["wall_s"], p["duckdb"]["wall_s"])
        cpu = ratio(p["jcp_controls"]["cpu_s"], p["duckdb"]["cpu_s"])
        lines += [
            f"   * - {s['offices']}",
            f"     - {s['evidence_rows_total']:,}",
            f"     - {cell(p['jcp_controls'])}",
            f"     - {cell(p['duckdb'])}",
            f"     - {_times(wall)} / {_times(cpu)}",
            f"     - {'yes' if p['same_findings'] else 'NO'} ({p['findings']:,} findings"
            + (f" in {p['results']:,} results)" if "results" in p else ")"),
            f"     - {cell(s['catalogue'])}",
            f"     - {cell(s.get('office'))}",
        ]
    return "\n".join(lines) + "\n"
