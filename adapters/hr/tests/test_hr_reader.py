"""The hr source reads exports as HR systems write them, and reports every bad cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hr_exports import (
    DESIGNATIONS,
    LEARNING,
    OFFICES,
    STAFF,
    Cell,
    sheets,
    write_csv_folder,
    write_workbook,
)

import jcp_controls as jc

D = dt.date
K = jc.RecordKind
Load = Callable[[dict[str, list[list[Cell]]]], jc.Evidence]


def _only_error(evidence: jc.Evidence) -> jc.InputIssue:
    assert len(evidence.errors) == 1, [issue.describe() for issue in evidence.errors]
    return evidence.errors[0]


def _check_small_export(evidence: jc.Evidence) -> None:
    assert evidence.issues == ()
    assert evidence.rejected == frozenset()
    assert evidence.records[K.OFFICES] == (
        jc.Office(
            "OF001",
            "Oldham Jobcentre",
            csm_staff_id="S1",
            security_advisor="Michael Bailey",
            iai_submitted_on=D(2025, 2, 6),
            scs_live_on=D(2017, 3, 25),
            region=jc.Region.ENGLAND,
        ),
        jc.Office(
            "OF002",
            "Wrexham Jobcentre",
            iam_staff_id="1234567",
            iai_submitted_on=D(2025, 11, 30),
            region=jc.Region.WALES,
        ),
    )
    assert evidence.records[K.STAFF] == (
        jc.Staff(
            "S1",
            "Ryan Campbell",
            "OF001",
            jc.Grade.HEO,
            "customer_service_manager",
            started_on=D(2010, 5, 24),
        ),
        jc.Staff(
            "S2",
            "Callum King",
            "OF001",
            jc.Grade.EO,
            "work_coach",
            role_since=D(2012, 2, 9),
            line_manager_id="S1",
            started_on=D(2012, 2, 9),
        ),
        jc.Staff(
            "1234567",
            "Eilidh Morris",
            "OF002",
            jc.Grade.EO,
            "work_coach",
            line_manager_id="S1",
            started_on=D(2009, 7, 6),
            left_on=D(2026, 11, 30),
        ),
    )
    assert evidence.records[K.DESIGNATIONS] == (
        jc.Designation("S2", jc.DesignationKind.LMS_DELEGATE, D(2020, 11, 22), None, "S1"),
    )
    assert evidence.records[K.ABSENCES] == (
        jc.Absence("S2", jc.AbsenceKind.SICK, D(2026, 2, 20), D(2026, 3, 2), D(2026, 3, 2)),
        jc.Absence("1234567", jc.AbsenceKind.MATERNITY_LEAVE, D(2026, 6, 1), D(2027, 3, 1)),
    )
    facts = evidence.facts()
    assert facts.rows == 4
    assert facts.completions("S1", jc.Course.DWP_FOUNDATION) == (D(2010, 5, 28),)
    assert facts.completions("S2", jc.Course.LMS_CORE, "work_coach") == (D(2012, 3, 1),)
    assert facts.completions("S2", jc.Course.LMS_CORE, "service_agent") == ()
    assert facts.completions("S2", jc.Course.SECURITY_AWARENESS) == (D(2026, 10, 15),)
    assert facts.completions("1234567", jc.Course.DWP_FOUNDATION) == (D(2009, 7, 1),)
    (source,) = evidence.sources
    assert source.name == "hr"
    assert source.records == {
        "offices": 2,
        "staff": 3,
        "designations": 1,
        "absences": 2,
        "learning": 4,
    }
    assert source.sha256 is not None
    assert len(source.sha256) == 64


def test_a_workbook_as_the_hr_system_writes_it(load_xlsx: Load) -> None:
    _check_small_export(load_xlsx(sheets()))


def test_a_csv_folder_gives_the_same_records(tmp_path: Path, plugins: jc.Plugins) -> None:
    folder = write_csv_folder(tmp_path / "hr", sheets())
    evidence = jc.load(f"hr:{folder}", plugins=plugins)
    _check_small_export(evidence)


def test_a_missing_sheet_leaves_its_kind_unsupplied(load_xlsx: Load) -> None:
    book = sheets()
    del book["Absences"]
    evidence = load_xlsx(book)
    assert not evidence.has(K.ABSENCES)
    assert evidence.has(K.STAFF)
    report = jc.evaluate(evidence, as_of="2026-11-30", plugins=jc.Plugins(entry_points=False))
    assert report.results  # controls needing absences report error, not pass
    assert all(
        result.status is jc.Status.ERROR
        for result in report.results
        if result.message and "absences" in result.message
    )


@pytest.mark.parametrize(
    ("sheet", "line", "column", "value", "header", "message"),
    [
        ("Staff", 2, 3, "E0", "Grade", "unknown grade"),
        ("Staff", 2, 4, "Chief Executive", "Position", "unknown position"),
        ("Staff", 2, 7, "31/02/2010", "Start Date", "not a date"),
        ("Staff", 2, 7, 99999999, "Start Date", "not a date"),
        ("Offices", 4, 2, "Atlantis", "Region", "unknown region"),
        ("Absences", 2, 1, "Gardening Leave", "Absence Type", "unknown absence"),
        ("Designations", 2, 1, "Tea Monitor", "Designation", "unknown designation"),
        ("Learning", 3, 1, "Basket Weaving", "Course Title", "unknown course"),
        ("Learning", 3, 2, "Sort of done", "Status", "unknown learning status"),
    ],
)
def test_an_unmapped_code_or_bad_value_names_sheet_row_column_and_value(
    load_xlsx: Load, sheet: str, line: int, column: int, value: Cell, header: str, message: str
) -> None:
    book = sheets()
    rows = [list(cells) for cells in book[sheet]]
    rows[line - 1][column] = value
    book[sheet] = rows
    evidence = load_xlsx(book)
    issue = _only_error(evidence)
    assert (issue.source, issue.file, issue.line, issue.column, issue.value) == (
        "hr",
        f"[hr.xlsx]{sheet}",
        line,
        header,
        str(value),
    )
    assert message in issue.message
    assert K(sheet.lower()) in evidence.rejected


def test_a_rejected_row_fails_closed_strict_and_lenient(load_xlsx: Load) -> None:
    staff = [list(row) for row in STAFF]
    staff[1][3] = "E0"
    evidence = load_xlsx(sheets(Staff=staff))
    assert K.STAFF in evidence.rejected
    assert evidence.errors[0].describe() == (
        "[hr.xlsx]Staff, line 2, column Grade, value 'E0': unknown grade: not in the "
        "mapping's [codes.grade] table"
    )
    report = jc.evaluate(evidence, as_of="2026-11-30", plugins=jc.Plugins(entry_points=False))
    staff_controls = [r for r in report.results if r.control_id == "LRN-001"]
    assert staff_controls
    assert {result.status for result in staff_controls} == {jc.Status.ERROR}


def test_a_missing_required_column_rejects_the_sheet(load_xlsx: Load) -> None:
    staff = [[cell for index, cell in enumerate(row) if index != 3] for row in STAFF]
    evidence = load_xlsx(sheets(Staff=staff))
    issue = _only_error(evidence)
    assert (issue.file, issue.line, issue.column) == ("[hr.xlsx]Staff", 1, "Grade")
    assert "required column for grade not found" in issue.message
    assert K.STAFF in evidence.rejected
    assert evidence.records[K.STAFF] == ()


def test_a_sheet_without_a_header_row_is_an_error(load_xlsx: Load) -> None:
    evidence = load_xlsx(sheets(Absences=[["Absence report"], ["nothing to show"]]))
    issue = _only_error(evidence)
    assert issue.file == "[hr.xlsx]Absences"
    assert "no header row" in issue.message
    assert K.ABSENCES in evidence.rejected


def test_an_empty_required_value_is_an_error(load_xlsx: Load) -> None:
    staff = [list(row) for row in STAFF]
    staff[2][2] = None
    issue = _only_error(load_xlsx(sheets(Staff=staff)))
    assert (issue.line, issue.column, issue.value) == (3, "Office Code", "")
    assert issue.message == "required value is empty"


def test_a_totals_row_is_recognised_only_at_the_end(load_xlsx: Load) -> None:
    offices = [list(row) for row in OFFICES]
    offices.insert(4, ["Total of England", 1])  # row 5, with data after it
    evidence = load_xlsx(sheets(Offices=offices))
    issue = _only_error(evidence)
    assert (issue.file, issue.line, issue.value) == ("[hr.xlsx]Offices", 5, "Total of England")
    assert "totals row is followed by more rows" in issue.message


def test_a_duplicate_staff_number_names_the_first_row(load_xlsx: Load) -> None:
    staff = [list(row) for row in STAFF]
    staff.insert(5, ["S2", "Someone Else", "OF002", "AO", "Service Agent"])
    issue = _only_error(load_xlsx(sheets(Staff=staff)))
    assert (issue.line, issue.column, issue.value) == (6, "Staff No", "S2")
    assert issue.message == "duplicate staff_id (first on row 3)"


def test_learning_needs_a_date_for_a_completion_and_a_position_for_lms_core(
    load_xlsx: Load,
) -> None:
    learning = [list(row) for row in LEARNING]
    learning[2][3] = None  # a completion without its date
    learning[3][4] = None  # LMS core without the position it was done for
    evidence = load_xlsx(sheets(Learning=learning))
    assert [(i.line, i.column) for i in evidence.errors] == [
        (3, "Completion Date"),
        (4, "Position"),
    ]
    assert K.LEARNING in evidence.rejected


def test_only_completions_count(load_xlsx: Load) -> None:
    learning = [list(row) for row in LEARNING]
    for row in learning[2:]:
        row[2] = "Withdrawn"
    evidence = load_xlsx(sheets(Learning=learning))
    assert evidence.issues == ()
    assert evidence.facts().completions("S1", jc.Course.DWP_FOUNDATION) == ()
    assert evidence.facts().rows == 1  # the one on "Learning (2)"


def test_two_current_csms_for_one_office_reject_the_offices(load_xlsx: Load) -> None:
    designations = [list(row) for row in DESIGNATIONS]
    designations.append(["S2", "CSM", "OF001", None, None, None])
    evidence = load_xlsx(sheets(Designations=designations))
    issue = _only_error(evidence)
    assert (issue.file, issue.line, issue.value) == ("[hr.xlsx]Designations", 7, "S2")
    assert "already has a current CSM (row 3)" in issue.message
    assert {K.OFFICES, K.DESIGNATIONS} <= evidence.rejected


def test_an_unreadable_office_appointment_rejects_the_offices(load_xlsx: Load) -> None:
    designations = [list(row) for row in DESIGNATIONS]
    designations[2][1] = "Customer Servce Manager"  # a typo: it might be the CSM
    evidence = load_xlsx(sheets(Designations=designations))
    assert _only_error(evidence).value == "Customer Servce Manager"
    assert K.OFFICES in evidence.rejected


def test_an_office_appointment_for_an_unknown_office_is_an_error(load_xlsx: Load) -> None:
    designations = [list(row) for row in DESIGNATIONS]
    designations[2][2] = "OF999"
    issue = _only_error(load_xlsx(sheets(Designations=designations)))
    assert (issue.line, issue.column, issue.value) == (3, "Office Code", "OF999")


def test_csv_rows_are_numbered_as_physical_lines(tmp_path: Path, plugins: jc.Plugins) -> None:
    staff = [list(row) for row in STAFF]
    staff[4][3] = "Grade Z"
    folder = write_csv_folder(tmp_path / "hr", sheets(Staff=staff))
    issue = _only_error(jc.load(f"hr:{folder}", plugins=plugins))
    assert (issue.file, issue.line, issue.column, issue.value) == (
        "Staff.csv",
        5,
        "Grade",
        "Grade Z",
    )


def test_a_workbook_learning_sheet_continues_on_numbered_sheets(tmp_path: Path) -> None:
    book = sheets()
    book["Learning 3"] = [
        ["Staff Number", "Course Title", "Status", "Completion Date", "Position"],
        ["S1", "Data Protection and Information Handling", "Passed", D(2026, 1, 5), None],
    ]
    path = write_workbook(tmp_path / "hr.xlsx", book)
    from jcp_controls_hr import plugin

    evidence = jc.load(f"hr:{path}", plugins=jc.Plugins(plugin, entry_points=False))
    assert evidence.facts().rows == 5
    assert evidence.facts().completions("S1", jc.Course.DATA_HANDLING) == (D(2026, 1, 5),)


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_progress_reaches_the_end_of_every_sheet(
    tmp_path: Path, plugins: jc.Plugins, form: str
) -> None:
    if form == "xlsx":
        location = write_workbook(tmp_path / "hr.xlsx", sheets())
        staff = "[hr.xlsx]Staff"
    else:
        location = write_csv_folder(tmp_path / "hr", sheets())
        staff = "Staff.csv"
    seen: list[tuple[str, int, int]] = []
    jc.load(f"hr:{location}", plugins=plugins, progress=lambda *call: seen.append(call))
    last = {name: (done, total) for name, done, total in seen}
    assert staff in last
    assert all(done == total > 0 for done, total in last.values())


def test_leading_empty_rows_keep_the_row_numbers(load_xlsx: Load) -> None:
    staff = [[], [], *[list(row) for row in STAFF]]  # the header on row 3
    staff[3][3] = "E0"
    issue = _only_error(load_xlsx(sheets(Staff=staff)))
    assert (issue.line, issue.column, issue.value) == (4, "Grade", "E0")


def test_a_csv_file_that_is_not_utf8_is_an_error_not_a_crash(
    tmp_path: Path, plugins: jc.Plugins
) -> None:
    folder = write_csv_folder(tmp_path / "hr", sheets())
    staff = folder / "Staff.csv"
    staff.write_bytes(staff.read_bytes().replace(b"Ryan", "Ryán".encode("cp1252")))
    evidence = jc.load(f"hr:{folder}", plugins=plugins)
    issue = _only_error(evidence)
    assert issue.file == "Staff.csv"
    assert "not UTF-8 text" in issue.message
    assert K.STAFF in evidence.rejected
