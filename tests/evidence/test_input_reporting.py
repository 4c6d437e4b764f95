"""How input problems are reported: a decisive column left out is an error of the controls
that read it (not an empty scope), repeated errors are grouped, nothing a cell holds leaks
through a malformed row, and an unreadable file is an input error naming it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest

import jcp_controls as jc
from jcp_controls.cli import main
from jcp_controls.demo import write_demo
from jcp_controls.evidence.store import EvidenceUnavailable, InputIssue, group_issues

AS_OF = "2026-11-22"


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "evidence"
    write_demo(folder, offices=1, seed=1, as_of=dt.date(2026, 11, 22))
    return folder


@pytest.fixture
def folder(demo_folder: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(demo_folder, tmp_path / "evidence"))


def rewrite(path: Path, change: object) -> None:
    """Apply ``change(rows)`` (header first) to a CSV file in place."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows = change(rows)  # type: ignore[operator]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def drop_column(name: str) -> object:
    def change(rows: list[list[str]]) -> list[list[str]]:
        at = rows[0].index(name)
        return [row[:at] + row[at + 1 :] for row in rows]

    return change


def rename_column(old: str, new: str) -> object:
    def change(rows: list[list[str]]) -> list[list[str]]:
        rows[0] = [new if cell == old else cell for cell in rows[0]]
        return rows

    return change


# -- item 2: a decisive optional column left out ---------------------------------------------


def test_without_left_on_acc_007_is_error_naming_file_and_column(folder: Path) -> None:
    before = jc.evaluate(jc.load(folder), as_of=AS_OF, only=["ACC-007"])
    assert {r.status for r in before.results} >= {jc.Status.PASS, jc.Status.FAIL}
    rewrite(folder / "staff.csv", drop_column("left_on"))
    evidence = jc.load(folder)
    assert evidence.errors == ()
    report = jc.evaluate(evidence, as_of=AS_OF, only=["ACC-007"])
    assert report.results
    assert {r.status for r in report.results} == {jc.Status.ERROR}
    assert all("staff.csv has no column left_on" in r.message for r in report.results)
    # A control that does not read the column is unaffected.
    other = jc.evaluate(evidence, as_of=AS_OF, only=["ACC-004"])
    assert jc.Status.ERROR not in {r.status for r in other.results}


def test_a_renamed_column_is_suggested(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rewrite(folder / "staff.csv", rename_column("left_on", "left on"))
    code = main(["evaluate", str(folder), "--as-of", AS_OF, "--only", "ACC-007"])
    err = capsys.readouterr().err
    assert code == 1
    assert "column left on, value 'left on': extra column ignored; did you mean left_on?" in err


def test_a_renamed_required_column_is_suggested(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rewrite(folder / "staff.csv", rename_column("job_role", "Job Role"))
    code = main(["evaluate", str(folder), "--as-of", AS_OF])
    err = capsys.readouterr().err
    assert code == 2
    assert "required column missing from header (is it the column 'Job Role'?)" in err


def test_reading_an_absent_decisive_column_raises_naming_it(folder: Path) -> None:
    rewrite(folder / "staff.csv", drop_column("role_since"))
    [first, *_] = jc.load(folder).get(jc.RecordKind.STAFF)
    assert first.staff_id
    with pytest.raises(EvidenceUnavailable, match=r"staff\.csv has no column role_since"):
        _ = first.role_since
    assert "role_since=<no column>" in repr(first)


# -- item 5: repeated errors are grouped -----------------------------------------------------


def _day_month_year(rows: list[list[str]]) -> list[list[str]]:
    at = rows[0].index("completed_on")
    for row in rows[1:]:
        year, month, day = row[at].split("-")
        row[at] = f"{day}/{month}/{year}"
    return rows


def test_a_systematically_wrong_file_is_one_grouped_error(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rewrite(folder / "learning.csv", _day_month_year)
    rows = (folder / "learning.csv").read_text(encoding="utf-8").count("\n") - 1
    code = main(["evaluate", str(folder), "--as-of", AS_OF])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 2, err
    assert err[0].startswith(
        f"jcp-controls: error: learning.csv, column completed_on, {rows} rows (lines 2, 3, 4, ...)"
    )
    assert "not a date" in err[0]

    code = main(["evaluate", str(folder), "--as-of", AS_OF, "--lenient", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    [entry] = document["input_errors"]
    assert entry["count"] == rows
    assert entry["lines"] == [2, 3, 4]
    assert (entry["file"], entry["line"], entry["column"]) == ("learning.csv", 2, "completed_on")


def test_single_issues_keep_their_shape() -> None:
    one = InputIssue("csv", "bad", "staff.csv", 7, "grade", "E0")
    other = InputIssue("csv", "bad", "staff.csv", 9, "name", "x")
    groups = group_issues([one, other, InputIssue("csv", "bad", "staff.csv", 12, "grade", "E9")])
    assert [g.count for g in groups] == [2, 1]
    assert groups[1].to_dict() == other.to_dict()
    assert groups[0].to_dict() == {**one.to_dict(), "count": 2, "lines": [7, 12]}
    assert groups[1].describe() == other.describe()


# -- item 13: smaller leaks ------------------------------------------------------------------


def test_extra_unheaded_cells_are_counted_not_echoed(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def add_cells(rows: list[list[str]]) -> list[list[str]]:
        rows[1] = [*rows[1], "Jane Claimant", "QQ123456C"]
        return rows

    rewrite(folder / "staff.csv", add_cells)
    code = main(["evaluate", str(folder), "--as-of", AS_OF])
    out, err = capsys.readouterr()
    assert code == 2
    assert "staff.csv, line 2: expected 9 cells as in the header, found 11" in err
    code = main(["evaluate", str(folder), "--as-of", AS_OF, "--lenient", "--format", "md"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "expected 9 cells as in the header, found 11" in out
    for text in (out, err):
        assert "QQ123456C" not in text
        assert "Jane Claimant" not in text


def test_a_million_extra_columns_are_one_warning(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def widen(rows: list[list[str]]) -> list[list[str]]:
        extra = [f"x{n}" for n in range(100_000)]
        return [rows[0] + extra, *(row + [""] * len(extra) for row in rows[1:3])]

    rewrite(folder / "offices.csv", widen)
    code = main(["evaluate", str(folder), "--as-of", AS_OF, "--only", "ACC-013"])
    err = capsys.readouterr().err.splitlines()
    assert code in (0, 1)
    extra = [line for line in err if "extra column" in line]
    assert extra == [
        "jcp-controls: warning: offices.csv, line 1: 100000 extra columns ignored "
        "(the first: 'x0', 'x1', 'x2', 'x3', 'x4', ...)"
    ]


def test_an_unreadable_file_is_an_input_error_naming_it(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    read_bytes = Path.read_bytes

    def unreadable(path: Path) -> bytes:
        if path.name == "staff.csv":
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    code = main(["evaluate", str(folder), "--as-of", AS_OF])
    err = capsys.readouterr().err
    assert code == 2
    assert "staff.csv: cannot read the file: Permission denied" in err
    assert "plugin" not in err


def test_markdown_report_neutralises_terminal_escapes() -> None:
    hostile = "G1\x1b[31m\x07"
    evidence = jc.Evidence.from_records(
        offices=[jc.Office("OF001", "Leeds", csm_staff_id="S001")],
        staff=[jc.Staff("S002", "Bob", "OF001", jc.Grade.AO, "work_coach")],
        access_grants=[
            jc.AccessGrant(
                hostile, "lms", "acc1", "admin", dt.date(2026, 1, 10), staff_id="S002",
                authorised_by="S001", form_ref="F1",
            )
        ],
        access_role_matrix=[jc.RoleMatrixEntry("lms", "work_coach", "basic")],
    )  # fmt: skip
    report = jc.evaluate(evidence, as_of=AS_OF, only=["ACC-005"])
    assert [r.subject_id for r in report.results] == [hostile]
    text = report.render("md")
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "x1b" in text


def test_two_sources_without_a_decisive_column_combine_without_a_crash(
    folder: Path, tmp_path: Path
) -> None:
    rewrite(folder / "staff.csv", drop_column("left_on"))
    second = Path(shutil.copytree(folder, tmp_path / "second"))
    evidence = jc.load(folder, second)  # identical copies under one key are kept once
    assert evidence.errors == ()
    rewrite(
        second / "staff.csv",
        lambda rows: [rows[0], [rows[1][0], "Other", *rows[1][2:]], *rows[2:]],
    )
    changed = jc.load(folder, second)
    assert [issue.column for issue in changed.errors] == ["staff_id"]


def test_without_the_outcome_column_failed_checks_do_not_pass(folder: Path) -> None:
    rewrite(folder / "checks.csv", drop_column("outcome"))
    report = jc.evaluate(jc.load(folder), as_of=AS_OF)
    reading = [r for r in report.results if "checks.csv has no column outcome" in r.message]
    assert reading
    assert {r.status for r in reading} == {jc.Status.ERROR}
    assert {r.control_id for r in reading} >= {"CHK-002"}


def test_the_lenient_table_report_groups_repeated_errors_too(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rewrite(folder / "learning.csv", _day_month_year)
    code = main(["evaluate", str(folder), "--as-of", AS_OF, "--lenient"])
    out = capsys.readouterr().out
    assert code == 1
    listed = [line for line in out.splitlines() if line.startswith("csv ")]
    assert len(listed) == 1
    assert "rows: lines 2, 3, 4, ...)" in listed[0]


@pytest.mark.parametrize("digits", [19, 5000])
def test_an_integer_cell_too_long_is_an_input_error(
    folder: Path, capsys: pytest.CaptureFixture[str], digits: int
) -> None:
    def huge(rows: list[list[str]]) -> list[list[str]]:
        rows[1][rows[0].index("version")] = "9" * digits
        return rows

    rewrite(folder / "claimant_commitments.csv", huge)
    code = main(["evaluate", str(folder), "--as-of", AS_OF])
    err = capsys.readouterr().err
    assert code == 2
    assert "claimant_commitments.csv, line 2, column version" in err
    assert "integer out of range (more than 18 digits)" in err
    assert "plugin" not in err
    assert max(len(line) for line in err.splitlines()) < 300  # a long value is cut
