"""The CLI contract of cli.rst: commands, flags, exit codes, the JSON report shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import holidays
import pytest

from jcp_controls.cli import main

AS_OF = "2026-11-22"

FILES = {
    "offices.csv": (
        "office_id,name,csm_staff_id,security_advisor,iam_staff_id,iai_submitted_on,"
        "scs_live_on,region\n"
        "OF001,Leeds,S001,J Adviser,S002,2015-01-01,2015-06-01,england\n"
        "OF002,Perth,S101,K Adviser,S101,2015-01-01,2015-06-01,scotland\n"
    ),
    "staff.csv": (
        "staff_id,name,office_id,grade,job_role,role_since,line_manager_id,started_on,left_on\n"
        "S001,Alice,OF001,heo,customer_service_manager,,,2010-01-01,\n"
        "S002,Bob,OF001,eo,work_coach_team_leader,,S001,2010-01-01,\n"
        "S003,Carol,OF001,ao,work_coach,,S002,2020-01-01,\n"
        "S101,Dora,OF002,heo,customer_service_manager,,,2010-01-01,\n"
        "S102,Ed,OF002,ao,work_coach,,S101,2020-01-01,\n"
    ),
    "designations.csv": (
        "staff_id,designation,from_on,to_on,appointed_by\n"
        "S002,lms_operator,2020-01-01,,S001\n"
        "S101,lms_operator,2020-01-01,,S101\n"
    ),
    "absences.csv": "staff_id,kind,start_on,expected_end_on,end_on\n",
    "learning.csv": (
        "staff_id,course,completed_on,job_role\n"
        + "".join(
            f"{staff},{course},{day},{role}\n"
            for staff in ("S003", "S102")
            for course, day, role in (
                ("dwp_foundation", "2020-01-02", ""),
                ("dwp_foundation", "2026-06-01", ""),
                ("security_awareness", "2020-01-02", ""),
                ("security_awareness", "2026-06-01", ""),
                ("lms_user_guide_chapter_b", "2020-01-02", ""),
                ("lms_core", "2020-01-02", "work_coach"),
                ("data_handling", "2020-01-02", ""),
            )
        )
    ),
    "access_grants.csv": (
        "grant_id,system,account_id,staff_id,office_id,entitlement,granted_on,authorised_by,"
        "form_ref,pseudo,pseudo_reason,pseudo_end_on,removed_on\n"
        "G1,lms,A1,S003,,adviser,2020-02-01,S001,LMS1-1,false,,,\n"
        "G2,lms,A2,S102,,adviser,2020-02-01,S101,,false,,,\n"
    ),
    "access_reviews.csv": (
        "grant_id,reviewed_on,reviewer_id,outcome\n"
        "G1,2026-10-01,S001,retain\n"
        "G2,2026-10-01,S101,retain\n"
    ),
    "access_role_matrix.csv": "system,job_role,entitlement\nlms,work_coach,adviser\n",
}

RESULT_KEYS = {
    "control_id",
    "status",
    "severity",
    "office_id",
    "subject_kind",
    "subject_id",
    "staff_id",
    "due_on",
    "message",
    "evidence",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "evidence"
    root.mkdir()
    for name, text in FILES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jcp_controls", *argv],
        capture_output=True,
        text=True,
        check=False,
    )


def evaluate_json(folder: Path, *extra: str) -> tuple[int, dict[str, object]]:
    done = run("evaluate", str(folder), "--as-of", AS_OF, "--format", "json", *extra)
    assert "Traceback" not in done.stderr
    return done.returncode, json.loads(done.stdout)


def test_json_report_has_the_documented_shape(folder: Path) -> None:
    code, report = evaluate_json(folder)
    assert list(report) == [
        "schema",
        "as_of",
        "library_version",
        "policy",
        "sources",
        "input_errors",
        "controls",
        "results",
        "calendar",
    ]
    assert report["schema"] == "jcp-controls/report/1"
    assert report["calendar"] == {"holidays_version": holidays.__version__}
    assert report["as_of"] == AS_OF
    assert report["input_errors"] == []
    [source] = report["sources"]  # type: ignore[misc]
    assert set(source) == {
        "name",
        "uri",
        "records",
        "sha256",
        "extracted_on",
        "kinds_extracted_on",
    }
    assert (source["extracted_on"], source["kinds_extracted_on"]) == (None, {})  # no manifest
    assert source["name"] == "csv"
    assert source["records"]["staff"] == 5
    assert len(source["sha256"]) == 64
    policy = report["policy"]
    assert policy["warn_days"] == 30  # type: ignore[index]
    assert policy["retention"]["jcc_dormant_months"] == 24  # type: ignore[index]
    for result in report["results"]:  # type: ignore[attr-defined]
        assert set(result) == RESULT_KEYS
        assert result["status"] != "pass"
    assert code == 1  # ACC-004 fails for G2: no LMS1 recorded (IT §11)


def test_controls_list_every_control_with_five_counts(folder: Path) -> None:
    _, report = evaluate_json(folder)
    controls = report["controls"]
    ids = [entry["control_id"] for entry in controls]  # type: ignore[attr-defined]
    assert ids == sorted(ids)
    assert {f"ACC-{n:03d}" for n in range(1, 15)} | {"LRN-001", "LRN-002", "LRN-003"} <= set(ids)
    by_id = {entry["control_id"]: entry for entry in controls}  # type: ignore[attr-defined]
    acc004 = by_id["ACC-004"]
    assert acc004["name"] == "lms1-recorded"
    assert acc004["citation"] == "IT §11"
    assert acc004["counts"] == {"pass": 1, "warn": 0, "fail": 1, "error": 0, "waived": 0}
    # A control with nothing in scope is still listed, with zero counts (no pseudo grants).
    assert by_id["ACC-010"]["counts"] == {"pass": 0, "warn": 0, "fail": 0, "error": 0, "waived": 0}


def test_a_finding_names_office_subject_and_staff(folder: Path) -> None:
    _, report = evaluate_json(folder)
    [finding] = [r for r in report["results"] if r["control_id"] == "ACC-004"]  # type: ignore[attr-defined]
    assert finding["status"] == "fail"
    assert finding["severity"] == "medium"
    assert finding["office_id"] == "OF002"
    assert finding["subject_kind"] == "grant"
    assert finding["subject_id"] == "G2"
    assert finding["staff_id"] == "S102"


def test_include_passes_lists_one_result_per_subject_in_scope(folder: Path) -> None:
    _, report = evaluate_json(folder, "--include-passes")
    acc009 = [r for r in report["results"] if r["control_id"] == "ACC-009"]  # type: ignore[attr-defined]
    assert sorted(r["subject_id"] for r in acc009) == ["G1", "G2"]
    assert {r["status"] for r in acc009} == {"pass"}
    assert [r["due_on"] for r in acc009] == ["2027-01-01", "2027-01-01"]


def test_results_are_ordered_by_office_control_subject(folder: Path) -> None:
    _, report = evaluate_json(folder, "--include-passes")
    keys = [
        (r["office_id"] or "", r["control_id"], r["subject_id"] or "")
        for r in report["results"]  # type: ignore[attr-defined]
    ]
    assert keys == sorted(keys)


def test_only_and_office_filter(folder: Path) -> None:
    code, report = evaluate_json(folder, "--only", "ACC-004,ACC-009", "--office", "OF001")
    assert [c["control_id"] for c in report["controls"]] == ["ACC-004", "ACC-009"]  # type: ignore[attr-defined]
    assert report["results"] == []
    assert code == 0


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [("fail", 1), ("warn", 1), ("never", 0)],
)
def test_fail_on_sets_the_exit_status(folder: Path, fail_on: str, expected: int) -> None:
    code, _ = evaluate_json(folder, "--fail-on", fail_on)
    assert code == expected


def test_warn_alone_passes_the_default_gate_but_not_fail_on_warn(folder: Path) -> None:
    # Reviews on 2026-10-01 fall due 2027-01-01; as of 2026-12-15 that is within 30 days: warn.
    done = run(
        "evaluate", str(folder), "--as-of", "2026-12-15", "--only", "ACC-009", "--format", "json"
    )
    statuses = {r["status"] for r in json.loads(done.stdout)["results"]}
    assert statuses == {"warn"}
    assert done.returncode == 0
    strict = run(
        "evaluate", str(folder), "--as-of", "2026-12-15", "--only", "ACC-009", "--fail-on", "warn"
    )
    assert strict.returncode == 1


def test_error_results_fail_the_default_gate(folder: Path) -> None:
    (folder / "access_role_matrix.csv").unlink()
    code, report = evaluate_json(folder, "--only", "ACC-005")
    assert {r["status"] for r in report["results"]} == {"error"}  # type: ignore[attr-defined]
    assert code == 1


def test_output_file_leaves_stdout_empty(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    done = run(
        "evaluate", str(folder), "--as-of", AS_OF, "--format", "json", "--output", str(target)
    )
    assert done.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "jcp-controls/report/1"


def test_same_evidence_gives_byte_identical_reports(folder: Path) -> None:
    first = run("evaluate", str(folder), "--as-of", AS_OF, "--format", "json", "--include-passes")
    second = run("evaluate", str(folder), "--as-of", AS_OF, "--format", "json", "--include-passes")
    assert first.stdout == second.stdout


def test_policy_file_overrides_the_folder_policy(folder: Path, tmp_path: Path) -> None:
    (folder / "policy.toml").write_text("warn_days = 10\n[access]\nreview_interval_months = 1\n")
    override = tmp_path / "override.toml"
    override.write_text("[access]\nreview_interval_months = 2\n")
    _, report = evaluate_json(folder, "--policy", str(override), "--only", "ACC-009")
    assert report["policy"]["warn_days"] == 10  # type: ignore[index]
    assert report["policy"]["access"]["review_interval_months"] == 2  # type: ignore[index]
    # Due 2026-12-01 after a review on 2026-10-01 with a 2-month interval.
    assert all(r["due_on"] == "2026-12-01" for r in report["results"])  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["evaluate", "{folder}", "--as-of", "22/11/2026"], "--as-of"),
        (["evaluate", "{folder}", "--only", "ACC-999"], "ACC-999"),
        (["evaluate", "{folder}", "--format", "xml"], "xml"),
        (["evaluate", "/no/such/folder"], "/no/such/folder"),
        (["evaluate"], "SOURCE"),
        (["frobnicate"], "frobnicate"),
        (["evaluate", "nosuchscheme:thing"], "nosuchscheme"),
    ],
)
def test_usage_errors_exit_2_with_one_line(folder: Path, argv: list[str], needle: str) -> None:
    done = run(*(arg.replace("{folder}", str(folder)) for arg in argv))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert needle in lines[0]
    assert "Traceback" not in done.stderr


def test_invalid_policy_exits_2_naming_the_key(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[access]\nreview_interval_months = -3\n")
    done = run("evaluate", str(folder), "--policy", str(bad))
    assert done.returncode == 2
    assert "access.review_interval_months" in done.stderr


def test_controls_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["controls", "--format", "json"]) == 0
    catalogue = json.loads(capsys.readouterr().out)
    assert list(catalogue) == ["controls"]
    first = catalogue["controls"][0]
    assert first == {
        "control_id": "ACC-001",
        "name": "access-authorised-by-eligible-manager",
        "severity": "high",
        "citation": "IT §3, §4; SEC §36, §39, §40",
        "scope": "active grant",
    }


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_controls_command_text_formats_cite_every_control(
    capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    assert main(["controls", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "LRN-002" in out
    assert "SEC §41" in out


def test_plugins_command_lists_the_csv_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "csv (csv:, plain paths)" in out
    assert "jcp_controls.controls.plugin" in out
    for fmt in ("table", "json", "csv", "html", "md"):
        assert f"  {fmt}:" in out
