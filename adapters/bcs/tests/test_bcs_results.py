"""Results written back to BCS: one run row and one row per result, history kept, and the
target chosen from the sources or ``JCP_BCS_RESULTS_URL`` (SEC §26, §28)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jcp_controls as jc
import pytest
import sqlalchemy as sa

from jcp_controls_bcs import plugin
from jcp_controls_bcs.database import parse_location
from jcp_controls_bcs.export import export_folder, write_rest
from jcp_controls_bcs.results import read_runs, run_document

pytestmark = pytest.mark.usefixtures("no_results_env")

AS_OF = "2026-11-30"
PLUGINS = jc.Plugins(plugin, entry_points=False)


def _rows(url: str, query: str) -> list[tuple[object, ...]]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.exec_driver_sql(query)]
    engine.dispose()
    return rows


def _evaluate(*locations: str | Path) -> jc.Report:
    evidence = jc.load(*locations, plugins=PLUGINS)
    return jc.evaluate(evidence, as_of=AS_OF, plugins=PLUGINS, only=["CHK-015", "CHK-038"])


def test_every_run_is_recorded_whole_and_kept(
    bcs_url: str, demo_folder: Path, tmp_path: Path
) -> None:
    export_folder(demo_folder, parse_location(bcs_url))
    write_rest(demo_folder, tmp_path / "rest")
    first = _evaluate(tmp_path / "rest", f"bcs:{bcs_url}")
    second = _evaluate(tmp_path / "rest", f"bcs:{bcs_url}")
    assert first.plugin_errors == second.plugin_errors == ()

    runs = read_runs(parse_location(bcs_url))
    assert len(runs) == 2
    run = runs[0]
    assert run.as_of == AS_OF
    assert run.library_version == jc.__version__
    policy = json.dumps(first.policy.to_dict(), sort_keys=True, default=str)
    assert run.policy_digest == hashlib.sha256(policy.encode()).hexdigest()
    assert [source["name"] for source in run.sources] == ["csv", "bcs"]
    assert run.sources[1]["sha256"] == first.sources[1].sha256
    assert run.result_count == len(first.results)
    assert run.finding_count == len(first.findings())
    assert [c["control_id"] for c in run.controls] == ["CHK-015", "CHK-038"]

    stored = _rows(
        bcs_url,
        "SELECT control_id, status, severity, office_id, subject_kind, subject_id, staff_id, "
        f"due_on, message, evidence FROM jcp_result WHERE run_id = '{run.run_id}' "
        "ORDER BY position",
    )
    expected = [result.to_dict() for result in first.results]
    assert len(stored) == len(expected)
    for row, result in zip(stored, expected, strict=True):
        assert row[:7] == (
            result["control_id"],
            result["status"],
            result["severity"],
            result["office_id"],
            result["subject_kind"],
            result["subject_id"],
            result["staff_id"],
        )
        assert (None if row[7] is None else str(row[7])) == result["due_on"]
        assert row[8] == result["message"]
        assert json.loads(str(row[9])) == result["evidence"]

    document = run_document(parse_location(bcs_url), run)
    assert document["results"] == expected
    assert jc.diff_reports(document, first.to_dict()).to_dict()["counts"] == {
        "new_findings": 0,
        "resolved": 0,
        "still_open": len(first.findings()),
    }


def test_a_run_that_did_not_read_bcs_writes_nothing(bcs_url: str, demo_folder: Path) -> None:
    report = _evaluate(demo_folder)
    assert report.plugin_errors == ()
    assert read_runs(parse_location(bcs_url)) == []


def test_the_results_url_names_the_target(
    bcs_url: str, demo_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JCP_BCS_RESULTS_URL", f"bcs:{bcs_url}".removeprefix("bcs:"))
    _evaluate(demo_folder)
    assert len(read_runs(parse_location(bcs_url))) == 1
    monkeypatch.setenv("JCP_BCS_RESULTS_URL", "off")
    _evaluate(demo_folder)
    assert len(read_runs(parse_location(bcs_url))) == 1


def test_a_target_that_cannot_take_results_is_a_plugin_error(
    demo_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JCP_BCS_RESULTS_URL", f"sqlite:///{tmp_path / 'missing.db'}")
    report = _evaluate(demo_folder)
    (failure,) = report.plugin_errors
    assert "BCS database not found" in failure.message
    assert report.results  # the run itself goes on


def test_the_report_hides_a_password_but_the_results_still_arrive(
    postgres_bcs_url: str, demo_folder: Path
) -> None:
    bcs_url = postgres_bcs_url  # only a server URL carries a password
    with_password = bcs_url.replace("postgres@", "postgres:s3cret@")
    export_folder(demo_folder, parse_location(bcs_url))
    report = _evaluate(f"bcs:{with_password}")
    assert report.plugin_errors == ()
    uri = report.sources[0].uri
    assert "s3cret" not in uri
    assert "***" in uri
    (run,) = read_runs(parse_location(bcs_url))
    assert "s3cret" not in json.dumps(run.sources)
