"""``jcp-controls evaluate`` over evidence folders: strict and lenient input handling, exit
codes and determinism (cli.rst "CLI", "JSON report"; evidence.rst "General rules")."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from evidence.folders import AS_OF, HEADERS, csv_text, shuffled, valid_rows, write_folder
from jcp_controls import cli

Run = tuple[int, str, str]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def evaluate_json(
    capsys: pytest.CaptureFixture[str], *folders: Path, extra: tuple[str, ...] = ()
) -> Run:
    return run(
        capsys,
        "evaluate",
        *map(str, folders),
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--include-passes",
        *extra,
    )


def folder(tmp_path: Path, files: Mapping[str, Any] | None = None, name: str = "ev") -> Path:
    return write_folder(tmp_path / name, files)


def results_of(report: dict[str, Any], control_id: str) -> list[dict[str, Any]]:
    return [r for r in report["results"] if r["control_id"] == control_id]


def _bad_staff() -> list[dict[str, str]]:
    """staff.csv with grade E0 on line 7 (cli.rst's example)."""
    rows = valid_rows()["staff.csv"]
    rows.append({**rows[1], "staff_id": "S005"})  # line 6
    rows.append({**rows[1], "staff_id": "S006", "grade": "E0"})  # line 7
    return rows


# -- a valid folder ------------------------------------------------------------------------


def test_valid_folder_reports_on_stdout_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = evaluate_json(capsys, folder(tmp_path))
    assert code in (0, 1)
    assert err == ""
    report = json.loads(out)
    assert report["input_errors"] == []
    assert report["as_of"] == AS_OF
    (source,) = report["sources"]
    assert source["name"] == "csv"
    assert source["records"]["staff"] == 4
    assert source["records"]["learning"] == 5
    assert len(source["sha256"]) == 64


# -- missing files (evidence.rst "A missing file is not an empty file") ---------------------


def test_missing_access_grants_gives_an_error_per_office_never_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = evaluate_json(capsys, folder(tmp_path, {"access_grants.csv": None}))
    assert code == 1  # error is above the default --fail-on fail
    report = json.loads(out)
    # ACC-001's scope is the active grants (catalogue.rst): it cannot be listed.
    acc001 = results_of(report, "ACC-001")
    assert sorted((r["office_id"], r["subject_kind"], r["subject_id"]) for r in acc001) == [
        ("OF001", "office", "OF001"),
        ("OF002", "office", "OF002"),
    ]
    assert {r["status"] for r in acc001} == {"error"}
    assert all("access_grants" in r["message"] for r in acc001)
    # Controls whose scope is the grants (catalogue.rst) cannot pass without them.
    grant_scoped = {"ACC-001", "ACC-002", "ACC-004", "ACC-010", "ACC-011", "ACC-012"}
    for control in report["controls"]:
        if control["control_id"] in grant_scoped:
            assert control["counts"]["pass"] == 0, control
            assert control["counts"]["error"] == 2, control


def test_missing_offices_gives_a_single_office_less_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ACC-013's scope is the offices: without offices.csv one error, null office/subject."""
    code, out, _ = evaluate_json(capsys, folder(tmp_path, {"offices.csv": None}))
    assert code == 1
    acc013 = results_of(json.loads(out), "ACC-013")
    assert len(acc013) == 1
    assert acc013[0]["status"] == "error"
    assert acc013[0]["office_id"] is None
    assert acc013[0]["subject_id"] is None
    assert acc013[0]["subject_kind"] == "office"


def test_header_only_grants_is_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = evaluate_json(
        capsys,
        folder(tmp_path, {"access_grants.csv": [], "access_reviews.csv": [], "waivers.csv": []}),
    )
    report = json.loads(out)
    assert results_of(report, "ACC-001") == []
    assert code in (0, 1)


# -- strict mode ---------------------------------------------------------------------------


def _assert_strict_failure(code: int, out: str, err: str, *needles: str) -> list[str]:
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    for needle in needles:
        assert any(needle in line for line in lines), (needle, err)
    return lines


def test_strict_input_error_exits_2_with_one_line_naming_file_line_column_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """cli.rst: exit 2 for invalid evidence (strict mode), one clear line on stderr."""
    code, out, err = evaluate_json(capsys, folder(tmp_path, {"staff.csv": _bad_staff()}))
    lines = _assert_strict_failure(code, out, err)
    naming = [line for line in lines if "staff.csv" in line]
    assert len(naming) == 1
    for part in ("line 7", "grade", "E0"):
        assert part in naming[0]


def test_strict_mode_prints_every_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = valid_rows()["claimant_commitments.csv"]
    rows[0]["created_on"] = "2026-13-01"
    rows[2]["channel"] = "fax"
    files = {"staff.csv": _bad_staff(), "claimant_commitments.csv": rows}
    code, out, err = evaluate_json(capsys, folder(tmp_path, files))
    lines = _assert_strict_failure(code, out, err)
    assert len([line for line in lines if "claimant_commitments.csv" in line]) == 2
    assert any(
        "line 2" in line and "created_on" in line and "2026-13-01" in line for line in lines
    )
    assert any("line 4" in line and "channel" in line and "fax" in line for line in lines)


STRICT_CASES = {
    "binary": {"staff.csv": b"\x00\x01\x02\x03binary\x00"},
    "latin-1": {"offices.csv": "office_id,name\nOF001,Caf\xe9\n".encode("latin-1")},
    "empty": {"offices.csv": b""},
    "missing-column": {"offices.csv": "office_id\nOF001\n"},
    "duplicate-id": {"offices.csv": "office_id,name\nOF001,A\nOF002,B\nOF001,C\n"},
    "dangling-reference": {
        "access_reviews.csv": "grant_id,reviewed_on,reviewer_id,outcome\n"
        "G404,2026-09-01,S001,retain\n"
    },
    "bad-integer": {
        "claimant_commitments.csv": csv_text(
            "claimant_commitments.csv",
            [{**valid_rows()["claimant_commitments.csv"][0], "version": "--1"}],
        )
    },
}


@pytest.mark.parametrize("files", list(STRICT_CASES.values()), ids=list(STRICT_CASES))
def test_strict_mode_stops_on_any_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, Any]
) -> None:
    code, out, err = evaluate_json(capsys, folder(tmp_path, files))
    (filename,) = files
    _assert_strict_failure(code, out, err, filename)


def test_extra_column_is_a_warning_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = csv_text(
        "offices.csv", valid_rows()["offices.csv"], header=(*HEADERS["offices.csv"], "notes")
    )
    code, out, err = evaluate_json(capsys, folder(tmp_path, {"offices.csv": text}))
    assert code in (0, 1)
    assert "notes" in err
    assert "offices.csv" in err
    json.loads(out)


# -- lenient mode --------------------------------------------------------------------------


def test_lenient_reports_input_errors_and_never_passes_rejected_evidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = evaluate_json(
        capsys, folder(tmp_path, {"staff.csv": _bad_staff()}), extra=("--lenient",)
    )
    assert code == 1
    assert "Traceback" not in err
    report = json.loads(out)
    assert report["input_errors"] == [
        {
            "source": "csv",
            "file": "staff.csv",
            "line": 7,
            "column": "grade",
            "value": "E0",
            "message": report["input_errors"][0]["message"],
        }
    ]
    assert report["input_errors"][0]["message"]
    # LRN-001's scope is staff (catalogue.rst): staff.csv was rejected, so nothing passes.
    lrn001 = results_of(report, "LRN-001")
    assert lrn001
    assert {r["status"] for r in lrn001} == {"error"}


def test_lenient_with_rejected_grants_reports_error_not_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = valid_rows()["access_grants.csv"]
    rows[0]["granted_on"] = "01/02/2026"
    code, out, _ = evaluate_json(
        capsys,
        folder(tmp_path, {"access_grants.csv": rows}),
        extra=("--lenient", "--fail-on", "never"),
    )
    assert code == 0
    report = json.loads(out)
    assert [(e["file"], e["line"], e["column"]) for e in report["input_errors"]] == [
        ("access_grants.csv", 2, "granted_on")
    ]
    acc001 = results_of(report, "ACC-001")
    assert acc001
    assert all(r["status"] == "error" for r in acc001)


def test_lenient_exit_reflects_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = evaluate_json(
        capsys,
        folder(tmp_path, {"staff.csv": _bad_staff()}),
        extra=("--lenient", "--fail-on", "never"),
    )
    assert code == 0


# -- sources and policy --------------------------------------------------------------------


def test_source_that_does_not_exist_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder"
    code, out, err = evaluate_json(capsys, missing)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert str(missing) in err


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("warn_dayz = 3\n", "warn_dayz"),
        ("[access]\nreview_interval_months = 'three'\n", "access.review_interval_months"),
        ("[learning]\nvalidity_months = -1\n", "learning.validity_months"),
        ("[accesss]\nx = 1\n", "accesss"),
    ],
)
def test_invalid_policy_toml_in_folder_exits_2_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], toml: str, key: str
) -> None:
    ev = folder(tmp_path)
    (ev / "policy.toml").write_text(toml, encoding="utf-8")
    code, out, err = evaluate_json(capsys, ev)
    assert code == 2
    assert out == ""
    assert key in err
    assert "Traceback" not in err


def test_policy_toml_that_is_not_toml_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ev = folder(tmp_path)
    (ev / "policy.toml").write_text("warn_days = = 3\n", encoding="utf-8")
    code, out, err = evaluate_json(capsys, ev)
    assert code == 2
    assert out == ""
    assert "policy.toml" in err


def test_policy_option_with_unknown_key_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "strict.toml"
    policy.write_text("[checks]\nregularly_month = 2\n", encoding="utf-8")
    code, out, err = evaluate_json(capsys, folder(tmp_path), extra=("--policy", str(policy)))
    assert code == 2
    assert out == ""
    assert "checks.regularly_month" in err


def test_policy_option_file_missing_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = evaluate_json(
        capsys, folder(tmp_path), extra=("--policy", str(tmp_path / "nope.toml"))
    )
    assert (code, out) == (2, "")
    assert "nope.toml" in err


def test_folder_policy_applies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ev = folder(tmp_path)
    (ev / "policy.toml").write_text("warn_days = 7\n", encoding="utf-8")
    code, out, _ = evaluate_json(capsys, ev)
    assert code in (0, 1)
    assert json.loads(out)["policy"]["warn_days"] == 7


# -- several folders -----------------------------------------------------------------------


def test_two_folders_with_conflicting_office_exit_2_naming_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """cli.rst: "Two sources that supply the same record (same ID) with different
    contents: input error"."""
    one = folder(tmp_path, name="one")
    rows = valid_rows()["offices.csv"]
    rows[0]["name"] = "Leeds North"
    others = dict.fromkeys(HEADERS)
    others["offices.csv"] = rows
    two = folder(tmp_path, others, name="two")
    code, out, err = evaluate_json(capsys, one, two)
    lines = _assert_strict_failure(code, out, err, "OF001")
    line = next(line for line in lines if "OF001" in line)
    assert str(one) in line
    assert str(two) in line


def test_two_folders_with_identical_office_combine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = folder(tmp_path, name="one")
    others = dict.fromkeys(HEADERS)
    others["offices.csv"] = valid_rows()["offices.csv"]
    two = folder(tmp_path, others, name="two")
    code, out, _ = evaluate_json(capsys, one, two)
    assert code in (0, 1)
    report = json.loads(out)
    assert [s["uri"] for s in report["sources"]] == [str(one), str(two)]
    assert len(results_of(report, "ACC-013")) == 2  # one per office, not four


# -- determinism (cli.rst: same evidence + policy + as_of => byte-identical JSON) -----


def _report_bytes(capsys: pytest.CaptureFixture[str], ev: Path) -> str:
    code, out, err = evaluate_json(capsys, ev)
    assert code in (0, 1), err
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shuffled_rows_give_a_byte_identical_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: int
) -> None:
    ev = tmp_path / "ev"
    rows = valid_rows()
    write_folder(ev, rows)
    (ev / "policy.toml").write_text("warn_days = 60\n", encoding="utf-8")
    first = _report_bytes(capsys, ev)
    write_folder(ev, shuffled(rows, seed))
    second = _report_bytes(capsys, ev)
    assert second == first
    # and the digest does see a change of content
    changed = valid_rows()
    changed["incidents.csv"][0]["remedial_action"] = "something else"
    write_folder(ev, changed)
    third = json.loads(_report_bytes(capsys, ev))
    assert third["sources"][0]["sha256"] != json.loads(first)["sources"][0]["sha256"]


def test_crlf_gives_the_same_report_as_lf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ev = tmp_path / "ev"
    write_folder(ev, newline="\n")
    lf = _report_bytes(capsys, ev)
    write_folder(ev, newline="\r\n")
    assert (ev / "staff.csv").read_bytes().count(b"\r\n") == 5
    assert _report_bytes(capsys, ev) == lf


# -- as a process --------------------------------------------------------------------------


def test_python_dash_m_strict_error_has_no_traceback(tmp_path: Path) -> None:
    ev = folder(tmp_path, {"staff.csv": _bad_staff(), "offices.csv": b"\xff\xfe\x00o\x00f"})
    done = subprocess.run(
        [sys.executable, "-m", "jcp_controls", "evaluate", str(ev), "--as-of", AS_OF],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert "offices.csv" in done.stderr
    assert "staff.csv" in done.stderr
