"""``jcp-controls due`` and ``jcp-controls diff`` (cli.rst CLI table; issue 4 items 6, 7).

Evidence folders are written in the evidence.rst format. Dates follow catalogue.rst ACC-009:
the next access review is due ``max(last review, granted_on) + 3 months``; it warns from
``warn_days`` (30) before, and fails after. ACC-004 fails a grant without its LMS1 form
(IT §11). Exit statuses and stderr rules are cli.rst's.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from jcp_controls.cli import main

AS_OF = "2026-11-22"
ONLY = "ACC-004,ACC-009"

BASE = {
    "offices.csv": (
        "office_id,name,csm_staff_id,region\nOF001,Leeds,S001,england\nOF002,Perth,S101,scotland\n"
    ),
    "staff.csv": (
        "staff_id,name,office_id,grade,job_role,started_on\n"
        "S001,Alice,OF001,heo,customer_service_manager,2010-01-01\n"
        "S002,Bob,OF001,ao,work_coach,2020-01-01\n"
        "S101,Dora,OF002,heo,customer_service_manager,2010-01-01\n"
        "S102,Ed,OF002,ao,work_coach,2020-01-01\n"
    ),
    "access_role_matrix.csv": "system,job_role,entitlement\nlms,work_coach,adviser\n",
    "waivers.csv": "control_id,subject_id,reason,approved_by,approved_on,expires_on\n",
}

GRANTS_HEADER = (
    "grant_id,system,account_id,staff_id,entitlement,granted_on,authorised_by,form_ref\n"
)
REVIEWS_HEADER = "grant_id,reviewed_on,reviewer_id,outcome\n"


def grants(*rows: tuple[str, str, str]) -> str:
    """(grant_id, staff_id, form_ref) rows, all granted 2025-01-01 by the CSM."""
    csm = {"S002": "S001", "S102": "S101"}
    return GRANTS_HEADER + "".join(
        f"{gid},lms,A-{gid},{staff},adviser,2025-01-01,{csm[staff]},{form}\n"
        for gid, staff, form in rows
    )


def reviews(*rows: tuple[str, str]) -> str:
    return REVIEWS_HEADER + "".join(f"{gid},{day},S001,retain\n" for gid, day in rows)


#: as of 2026-11-22: G1 due 2026-11-01 (fail), G2 due 2026-12-10 (warn, no LMS1 form),
#: G3 due 2027-01-20 (pass, 59 days ahead, in Scotland).
FIRST = {
    **BASE,
    "access_grants.csv": grants(("G1", "S002", "F1"), ("G2", "S002", ""), ("G3", "S102", "F3")),
    "access_reviews.csv": reviews(
        ("G1", "2026-08-01"), ("G2", "2026-09-10"), ("G3", "2026-10-20")
    ),
}


def write(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def first(tmp_path: Path) -> Path:
    return write(tmp_path / "first", FIRST)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def due_json(capsys: pytest.CaptureFixture[str], folder: Path, *extra: str) -> dict[str, Any]:
    code, out, err = cli(
        capsys, "due", str(folder), "--as-of", AS_OF, "--only", ONLY, "--format", "json", *extra
    )
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def entry_keys(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(e["section"], e["control_id"], e["subject_id"]) for e in doc["entries"]]


# -- due -------------------------------------------------------------------------------------


def test_due_lists_overdue_and_what_falls_due(
    capsys: pytest.CaptureFixture[str], first: Path
) -> None:
    doc = due_json(capsys, first, "--within", "59")
    assert doc["schema"] == "jcp-controls/due/1"
    assert (doc["as_of"], doc["within"], doc["until"]) == (AS_OF, 59, "2027-01-20")
    assert entry_keys(doc) == [
        ("overdue", "ACC-009", "G1"),  # due 2026-11-01
        ("overdue", "ACC-004", "G2"),  # no LMS1 form: not met now, no date
        ("due", "ACC-009", "G2"),  # 2026-12-10
        ("due", "ACC-009", "G3"),  # 2027-01-20: the last day of the window, other office
    ]
    assert [e["office_id"] for e in doc["entries"]] == ["OF001"] * 3 + ["OF002"]
    assert {e["owner"] for e in doc["entries"]} == {"Jobcentre Customer Service Manager"}
    assert [e["days_left"] for e in doc["entries"]] == [-21, None, 18, 59]


def test_due_window_edge(capsys: pytest.CaptureFixture[str], first: Path) -> None:
    # G3 falls due as_of + 59: outside a 58-day window
    doc = due_json(capsys, first, "--within", "58")
    assert ("due", "ACC-009", "G3") not in entry_keys(doc)
    assert ("due", "ACC-009", "G2") in entry_keys(doc)


def test_due_as_of_and_office_filters(capsys: pytest.CaptureFixture[str], first: Path) -> None:
    code, out, _ = cli(
        capsys,
        "due",
        str(first),
        "--as-of",
        "2027-01-15",
        "--only",
        ONLY,
        "--office",
        "OF002",
        "--within",
        "10",
        "--format",
        "json",
    )
    doc = json.loads(out)
    assert (code, doc["as_of"]) == (0, "2027-01-15")
    assert entry_keys(doc) == [("due", "ACC-009", "G3")]  # due 2027-01-20, in 5 days


def test_waived_findings_are_not_due(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # evidence.rst waivers: a matching unexpired waiver makes the finding waived
    files = {
        **FIRST,
        "waivers.csv": BASE["waivers.csv"]
        + "ACC-004,G2,form on file in paper,S001,2026-11-01,2027-06-30\n",
    }
    doc = due_json(capsys, write(tmp_path / "w", files), "--within", "59")
    assert ("overdue", "ACC-004", "G2") not in entry_keys(doc)


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "md"])
def test_due_formats_and_output_file(
    capsys: pytest.CaptureFixture[str], first: Path, tmp_path: Path, fmt: str
) -> None:
    out_file = tmp_path / f"due.{fmt}"
    args = ("due", str(first), "--as-of", AS_OF, "--only", ONLY, "--within", "30")
    code, out, _ = cli(capsys, *args, "--format", fmt, "--output", str(out_file))
    assert (code, out) == (0, "")  # cli.rst: with --output nothing goes to stdout
    written = out_file.read_bytes().decode("utf-8")
    code, out, _ = cli(capsys, *args, "--format", fmt)
    assert out == written  # and the same text both ways, run after run
    assert "G1" in written
    assert "G2" in written
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(written, newline="")))
        assert [(r["section"], r["subject_id"]) for r in rows] == [
            ("overdue", "G1"),
            ("overdue", "G2"),
            ("due", "G2"),
        ]


def test_due_fail_on(capsys: pytest.CaptureFixture[str], first: Path) -> None:
    args = ("due", str(first), "--as-of", AS_OF, "--only", ONLY)
    assert cli(capsys, *args)[0] == 0  # a calendar to act on: not a gate by default
    assert cli(capsys, *args, "--fail-on", "fail")[0] == 1
    code = cli(
        capsys,
        "due",
        str(first),
        "--as-of",
        AS_OF,
        "--only",
        "ACC-009",
        "--office",
        "OF002",
        "--fail-on",
        "warn",
    )[0]
    assert code == 0  # G3 is not due within 30 days: nothing listed


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["due"], id="no-source"),
        pytest.param(["due", "{folder}", "--within", "-1"], id="negative-window"),
        pytest.param(["due", "{folder}", "--within", "soon"], id="window-not-a-number"),
        pytest.param(["due", "{folder}", "--as-of", "22/11/2026"], id="bad-as-of"),
        pytest.param(["due", "{missing}"], id="source-does-not-exist"),
        pytest.param(["due", "{folder}", "--format", "sarif"], id="unknown-format"),
    ],
)
def test_due_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], first: Path, tmp_path: Path, argv: list[str]
) -> None:
    argv = [a.format(folder=first, missing=tmp_path / "nowhere") for a in argv]
    code, out, err = cli(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("jcp-controls: error:")
    assert len(err.strip().splitlines()) == 1


def test_due_invalid_evidence_strict_and_lenient(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = {**FIRST, "access_reviews.csv": FIRST["access_reviews.csv"] + "G1,2026-13-45,S001,\n"}
    folder = write(tmp_path / "bad", files)
    code, out, err = cli(capsys, "due", str(folder), "--as-of", AS_OF, "--only", ONLY)
    assert (code, out) == (2, "")
    assert "access_reviews.csv" in err
    # lenient: evaluated anyway; controls whose evidence was rejected are error (overdue)
    code, out, err = cli(
        capsys,
        "due",
        str(folder),
        "--as-of",
        AS_OF,
        "--only",
        ONLY,
        "--format",
        "json",
        "--lenient",
    )
    assert code == 0
    statuses = {(e["control_id"], e["status"]) for e in json.loads(out)["entries"]}
    assert ("ACC-009", "error") in statuses


# -- diff ------------------------------------------------------------------------------------

#: as of 2026-12-22: G1 reviewed again (due 2027-02-20, pass), G2's form recorded but its
#: review now overdue (warn -> fail), G3 due 2027-01-20 now within warn_days (warn).
SECOND = {
    **BASE,
    "access_grants.csv": grants(("G1", "S002", "F1"), ("G2", "S002", "F2"), ("G3", "S102", "F3")),
    "access_reviews.csv": reviews(
        ("G1", "2026-11-20"), ("G2", "2026-09-10"), ("G3", "2026-10-20")
    ),
}
#: as SECOND plus G4 granted without a LMS1 form: a new ACC-004 fail.
THIRD = {
    **SECOND,
    "access_grants.csv": SECOND["access_grants.csv"]
    + "G4,lms,A-G4,S102,adviser,2025-01-01,S101,\n",
    "access_reviews.csv": SECOND["access_reviews.csv"] + "G4,2026-11-01,S101,retain\n",
}


def evaluate_to(
    capsys: pytest.CaptureFixture[str], folder: Path, as_of: str, out: Path, *extra: str
) -> Path:
    code, _, err = cli(
        capsys,
        "evaluate",
        str(folder),
        "--as-of",
        as_of,
        "--only",
        ONLY,
        "--format",
        "json",
        "--output",
        str(out),
        *extra,
    )
    assert code in (0, 1), err
    return out


@pytest.fixture
def reports(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, first: Path
) -> tuple[Path, Path, Path]:
    old = evaluate_to(capsys, first, AS_OF, tmp_path / "old.json")
    second = write(tmp_path / "second", SECOND)
    third = write(tmp_path / "third", THIRD)
    new = evaluate_to(capsys, second, "2026-12-22", tmp_path / "new.json")
    newer = evaluate_to(capsys, third, "2026-12-22", tmp_path / "newer.json")
    return old, new, newer


def diff_keys(doc: dict[str, Any], name: str) -> list[tuple[str, str, str]]:
    return [(e["control_id"], e["subject_id"], e["new_status"]) for e in doc[name]]


def test_diff_classifies_findings(
    capsys: pytest.CaptureFixture[str], reports: tuple[Path, Path, Path]
) -> None:
    old, new, _ = reports
    code, out, _ = cli(capsys, "diff", str(old), str(new), "--format", "json")
    doc = json.loads(out)
    assert doc["schema"] == "jcp-controls/diff/1"
    assert (doc["old"]["as_of"], doc["new"]["as_of"]) == (AS_OF, "2026-12-22")
    assert diff_keys(doc, "new_findings") == [("ACC-009", "G3", "warn")]
    # written without passes: G1's review and G2's form are simply absent from NEW
    assert diff_keys(doc, "resolved") == [("ACC-004", "G2", None), ("ACC-009", "G1", None)]
    assert [(e["subject_id"], e["old_status"], e["new_status"]) for e in doc["still_open"]] == [
        ("G2", "warn", "fail")
    ]
    assert doc["counts"] == {"new_findings": 1, "resolved": 2, "still_open": 1}
    assert code == 0  # the only new finding is a warn; --fail-on defaults to fail


def test_diff_with_passes_included(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, first: Path
) -> None:
    old = evaluate_to(capsys, first, AS_OF, tmp_path / "o.json", "--include-passes")
    new = evaluate_to(
        capsys,
        write(tmp_path / "s", SECOND),
        "2026-12-22",
        tmp_path / "n.json",
        "--include-passes",
    )
    _, out, _ = cli(capsys, "diff", str(old), str(new), "--format", "json")
    doc = json.loads(out)
    assert diff_keys(doc, "resolved") == [("ACC-004", "G2", "pass"), ("ACC-009", "G1", "pass")]
    assert diff_keys(doc, "new_findings") == [("ACC-009", "G3", "warn")]


@pytest.mark.parametrize(
    ("which", "fail_on", "expected"),
    [
        ("new", "fail", 0),
        ("new", "warn", 1),
        ("new", "never", 0),
        ("newer", "fail", 1),  # G4: a new ACC-004 fail
        ("newer", "never", 0),
    ],
)
def test_diff_exit_status_by_fail_on(
    capsys: pytest.CaptureFixture[str],
    reports: tuple[Path, Path, Path],
    which: str,
    fail_on: str,
    expected: int,
) -> None:
    old, new, newer = reports
    target = new if which == "new" else newer
    code, out, _ = cli(capsys, "diff", str(old), str(target), "--fail-on", fail_on)
    assert code == expected
    assert "New findings" in out


def test_diff_of_a_report_with_itself_is_all_still_open(
    capsys: pytest.CaptureFixture[str], reports: tuple[Path, Path, Path]
) -> None:
    old, _, _ = reports
    code, out, _ = cli(capsys, "diff", str(old), str(old), "--format", "json")
    doc = json.loads(out)
    assert (doc["new_findings"], doc["resolved"]) == ([], [])
    assert len(doc["still_open"]) == 3
    assert code == 0


def test_diff_formats(
    capsys: pytest.CaptureFixture[str], reports: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    old, new, _ = reports
    for fmt in ("table", "md"):
        code, out, _ = cli(capsys, "diff", str(old), str(new), "--format", fmt)
        assert code == 0
        assert "warn -> fail" in out
        assert "G3" in out
    target = tmp_path / "diff.json"
    code, out, _ = cli(
        capsys, "diff", str(old), str(new), "--format", "json", "--output", str(target)
    )
    assert (code, out) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "jcp-controls/diff/1"


def test_diff_warns_when_different_controls_were_evaluated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, first: Path
) -> None:
    old = evaluate_to(capsys, first, AS_OF, tmp_path / "o.json")
    cli(
        capsys,
        "evaluate",
        str(first),
        "--as-of",
        AS_OF,
        "--only",
        "ACC-009",
        "--format",
        "json",
        "--output",
        str(tmp_path / "n.json"),
    )
    _code, out, err = cli(capsys, "diff", str(old), str(tmp_path / "n.json"), "--format", "json")
    assert "warning" in err
    assert "ACC-004" in err
    assert json.loads(out)["resolved"][0]["control_id"] == "ACC-004"


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param(None, id="missing"),
        pytest.param("not json at all", id="not-json"),
        pytest.param('{"schema": "jcp-controls/due/1", "entries": []}', id="other-schema"),
        pytest.param('{"controls": []}', id="controls-listing"),
        pytest.param("", id="empty-file"),
    ],
)
@pytest.mark.parametrize("position", ["old", "new"])
def test_diff_bad_input_exits_2_naming_the_file(
    capsys: pytest.CaptureFixture[str],
    reports: tuple[Path, Path, Path],
    tmp_path: Path,
    bad: str | None,
    position: str,
) -> None:
    good = reports[0]
    broken = tmp_path / "broken.json"
    if bad is not None:
        broken.write_text(bad, encoding="utf-8")
    argv = [str(broken), str(good)] if position == "old" else [str(good), str(broken)]
    code, out, err = cli(capsys, "diff", *argv)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert str(broken) in lines[0]


def test_diff_needs_two_files(capsys: pytest.CaptureFixture[str], first: Path) -> None:
    code, out, err = cli(capsys, "diff", str(first / "offices.csv"))
    assert (code, out) == (2, "")
    assert err.startswith("jcp-controls: error:")


def test_diff_of_a_folder_exits_2(
    capsys: pytest.CaptureFixture[str], reports: tuple[Path, Path, Path], first: Path
) -> None:
    code, _, err = cli(capsys, "diff", str(first), str(reports[0]))
    assert code == 2
    assert str(first) in err
