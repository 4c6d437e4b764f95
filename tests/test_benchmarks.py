"""The pure parts of ``benchmarks/``: cache keys, child measurement, findings, results files.

The DuckDB comparison itself runs in the suite (``benchmarks/run.py``), never here: these
tests need neither DuckDB nor matplotlib and time nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def modules() -> Iterator[tuple[ModuleType, ModuleType]]:
    """``harness`` and ``run`` imported as ``python benchmarks/run.py`` imports them."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import harness
        import run

        yield harness, run
    finally:
        sys.path.remove(str(BENCHMARKS))
        sys.modules.pop("harness", None)
        sys.modules.pop("run", None)


@pytest.fixture
def harness(modules: tuple[ModuleType, ModuleType]) -> ModuleType:
    return modules[0]


def _report(*results: tuple[str, str, str, str | None], counts: dict[str, Any]) -> dict[str, Any]:
    return {
        "policy": {
            "warn_days": 14,
            "learning": {"validity_months": 24},
            "access": {"leaver_grace_days": 2},
        },
        "controls": [{"control_id": c, "counts": n} for c, n in counts.items()],
        "results": [
            {"control_id": c, "subject_id": s, "status": st, "due_on": d}
            for c, s, st, d in results
        ],
    }


# -- cache -------------------------------------------------------------------------------------


def test_cache_key_names_every_input_and_changes_with_each(harness: ModuleType) -> None:
    key = harness.cache_key(40, 1, AS_OF, "0.1.0", b"generator")
    assert key.startswith("demo-offices40-seed1-2026-11-23-v0.1.0-")
    assert key == harness.cache_key(40, 1, AS_OF, "0.1.0", b"generator")
    others = {
        harness.cache_key(80, 1, AS_OF, "0.1.0", b"generator"),
        harness.cache_key(40, 2, AS_OF, "0.1.0", b"generator"),
        harness.cache_key(40, 1, dt.date(2026, 11, 24), "0.1.0", b"generator"),
        harness.cache_key(40, 1, AS_OF, "0.2.0", b"generator"),
        harness.cache_key(40, 1, AS_OF, "0.1.0", b"changed generator"),
    }
    assert key not in others
    assert len(others) == 5


def test_cache_key_is_a_safe_folder_name(harness: ModuleType) -> None:
    key = harness.cache_key(1, 7, AS_OF, "1.0/dev 3", b"")
    assert "/" not in key
    assert " " not in key


def test_cache_key_refuses_an_empty_estate(harness: ModuleType) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        harness.cache_key(0, 1, AS_OF, "0.1.0", b"")


def test_the_demo_estate_is_written_once_then_reused(
    modules: tuple[ModuleType, ModuleType], tmp_path: Path
) -> None:
    _, run = modules
    folder, took = run.ensure_estate(tmp_path / "cache", 1, 3, AS_OF, tmp_path / "demo.log")
    assert took is not None
    assert (folder / "offices.csv").read_text(encoding="utf-8").count("\n") == 2
    written = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    again, took_again = run.ensure_estate(tmp_path / "cache", 1, 3, AS_OF, tmp_path / "d.log")
    assert (again, took_again) == (folder, None)
    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == written
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [folder.name]  # no leftovers


# -- options -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "scales"),
    [("1x,2x,4x,8x", [1, 2, 4, 8]), ("4, 1,2", [1, 2, 4]), ("2X", [2]), ("1,1x", [1])],
)
def test_scales_are_multipliers(harness: ModuleType, text: str, scales: list[int]) -> None:
    assert harness.parse_scales(text) == scales


@pytest.mark.parametrize("text", ["", "0x", "-1", "1.5x", "two", "1,,2"])
def test_bad_scales_are_refused_naming_the_value(harness: ModuleType, text: str) -> None:
    with pytest.raises(ValueError, match="--scales"):
        harness.parse_scales(text)


# -- findings ----------------------------------------------------------------------------------


def test_findings_are_the_non_passing_results_of_the_paired_controls(
    harness: ModuleType,
) -> None:
    report = _report(
        ("LRN-001", "S1", "fail", None),
        ("LRN-002", "S1", "warn", "2026-12-01"),
        ("LRN-002", "S2", "pass", "2027-06-01"),
        ("ACC-001", "G1", "fail", None),
        counts={},
    )
    assert harness.report_findings(report, harness.PAIRED_CONTROLS) == {
        ("LRN-001", "S1", "fail", None),
        ("LRN-002", "S1", "warn", "2026-12-01"),
    }


def test_counts_fill_every_status(harness: ModuleType) -> None:
    report = _report(counts={"ACC-007": {"pass": 3, "fail": 1}, "ACC-001": {"pass": 9}})
    assert harness.report_counts(report, ["ACC-007"]) == {
        "ACC-007": {"pass": 3, "warn": 0, "fail": 1, "error": 0, "waived": 0}
    }


def test_baseline_findings_read_like_the_report(harness: ModuleType) -> None:
    baseline = {
        "findings": [
            {"control_id": "ACC-007", "subject_id": "G1", "status": "fail", "due_on": "2026-01-02"}
        ]
    }
    assert harness.baseline_findings(baseline) == {("ACC-007", "G1", "fail", "2026-01-02")}


def test_comparison_names_what_only_one_side_found(harness: ModuleType) -> None:
    counts = {"LRN-001": {"fail": 1}}
    finding = ("LRN-001", "S1", "fail", None)
    same = harness.compare({finding}, {finding}, counts, counts)
    assert same.equal
    assert same.findings == 1

    differ = harness.compare(
        {("LRN-001", "S1", "fail", None)},
        {("LRN-001", "S1", "warn", "2026-12-01")},
        counts,
        counts,
    )
    assert not differ.equal
    assert differ.only_library == [("LRN-001", "S1", "fail", None)]
    assert differ.only_baseline == [("LRN-001", "S1", "warn", "2026-12-01")]


def test_comparison_fails_on_different_pass_counts(harness: ModuleType) -> None:
    compared = harness.compare(set(), set(), {"ACC-007": {"pass": 2}}, {"ACC-007": {"pass": 3}})
    assert not compared.equal


def test_the_baseline_judges_by_the_reports_policy(harness: ModuleType) -> None:
    assert harness.baseline_parameters(_report(counts={})) == [
        "--warn-days=14",
        "--validity-months=24",
        "--leaver-grace-days=2",
    ]


# -- measurement -------------------------------------------------------------------------------


def test_a_child_is_measured_on_its_own(harness: ModuleType, tmp_path: Path) -> None:
    # Larger than this test process: a forked child's peak RSS can include the parent's
    # pages from before it exec'd (and a long test run's process grows), so only a child
    # bigger than the parent's peak so far is told apart.
    parent_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    size_mb = parent_mb + 400
    allocate = (
        f"b = bytearray({size_mb} * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); print('ok')"
    )
    big = harness.run_child([sys.executable, "-c", allocate], tmp_path / "big.log")
    small = harness.run_child([sys.executable, "-c", "print('ok')"], tmp_path / "small.log")
    assert big.returncode == small.returncode == 0
    assert big.peak_rss_mb > size_mb
    # not the largest child so far (RUSAGE_CHILDREN would be)
    assert small.peak_rss_mb < size_mb - 200
    assert big.wall_s > 0
    assert (tmp_path / "big.log").read_text() == "ok\n"


def test_a_failing_child_is_an_error_with_its_output(harness: ModuleType, tmp_path: Path) -> None:
    failing = [sys.executable, "-c", "import sys; print('bad evidence'); sys.exit(2)"]
    with pytest.raises(RuntimeError, match=r"exited 2:\nbad evidence"):
        harness.run_child(failing, tmp_path / "log")
    assert harness.run_child(failing, tmp_path / "log", ok=(0, 2)).returncode == 2


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(10.0, 2.0, 5.0), (1.0, 3.0, 0.33), (2.0, 0.0, None)],
)
def test_ratio(
    harness: ModuleType, numerator: float, denominator: float, expected: float | None
) -> None:
    assert harness.ratio(numerator, denominator) == expected


def _child(harness: ModuleType, wall: float, rss: float) -> Any:
    return harness.ChildRun(("x",), wall_s=wall, cpu_s=wall, peak_rss_mb=rss, returncode=0)


def test_a_scale_records_medians_ratio_and_agreement(harness: ModuleType) -> None:
    library = [_child(harness, w, 300.0) for w in (9.0, 6.0, 7.0)]
    baseline = [_child(harness, w, 100.0) for w in (1.0, 2.0, 3.0)]
    same = harness.Comparison(findings=4)
    record = harness.scale_record(
        40, {"staff": 10, "learning": 30}, library, baseline, [], same, 1.5
    )
    assert record["evidence_rows_total"] == 40
    assert record["paired"]["jcp_controls"]["wall_s"] == 7.0
    assert record["paired"]["jcp_controls"]["wall_s_all"] == [9.0, 6.0, 7.0]
    assert record["paired"]["wall_ratio"] == 3.5
    assert record["paired"]["cpu_ratio"] == 3.5
    assert record["paired"]["rss_ratio"] == 3.0
    assert record["paired"]["same_findings"] is True
    assert record["catalogue"] is None


def test_the_docs_table_shows_each_scale(harness: ModuleType) -> None:
    library = [_child(harness, 6.0, 300.0)]
    baseline = [_child(harness, 2.0, 100.0)]
    record = harness.scale_record(
        40, {"staff": 1234}, library, baseline, library, harness.Comparison(findings=5), None
    )
    record["paired"]["results"] = 2000
    rst = harness.rst_table([record])
    assert rst.startswith(".. list-table::\n   :header-rows: 1\n")
    assert "   * - 40\n     - 1,234\n     - 6.00 s / 6.00 s / 300 MiB\n" in rst
    assert "     - 3x / 3x\n     - yes (5 findings in 2,000 results)\n" in rst
    assert rst.endswith("     - 6.00 s / 6.00 s / 300 MiB\n     - —\n")  # no one-office run


def test_results_round_trip_and_foreign_files_are_refused(
    harness: ModuleType, tmp_path: Path
) -> None:
    path = tmp_path / "results" / "scaling-40.json"
    harness.write_results(path, {"scales": [{"offices": 40}], "as_of": "2026-11-23"})
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert json.loads(text)["schema"] == harness.RESULTS_SCHEMA
    assert harness.read_results(path)["scales"] == [{"offices": 40}]
    other = tmp_path / "report.json"
    other.write_text('{"schema": "jcp-controls/report/1"}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a jcp-controls/benchmark/1 results file"):
        harness.read_results(other)


def test_rows_are_counted_without_headers(harness: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "staff.csv").write_text("staff_id\nS1\nS2\n", encoding="utf-8")
    (tmp_path / "waivers.csv").write_text("control_id\nACC-004", encoding="utf-8")  # no newline
    (tmp_path / "events.csv").write_text("event_type\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("a\nb\n", encoding="utf-8")
    assert harness.count_rows(tmp_path) == {"events": 0, "staff": 2, "waivers": 1}


def test_the_one_office_run_takes_the_first_office(harness: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "offices.csv").write_text(
        "\ufeffoffice_id,name\nOF007,Leeds\nOF001,York\n", encoding="utf-8"
    )
    assert harness.first_office(tmp_path) == "OF007"
    (tmp_path / "offices.csv").write_text("office_id,name\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no office"):
        harness.first_office(tmp_path)


def test_machine_names_cores_memory_and_python(harness: ModuleType) -> None:
    described = harness.machine()
    assert described["cores"] >= 1
    assert described["python"] == ".".join(map(str, sys.version_info[:3]))
