"""The built-in ``csv`` source: reading an evidence folder (evidence.rst, "General rules",
"Files"). Each test writes a folder with ``folders.py`` and loads it with ``jc.load``."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jcp_controls as jc
from jcp_controls.evidence.store import EvidenceUnavailable
from jcp_controls.models import (
    Absence,
    AbsenceKind,
    AccessGrant,
    AccessReview,
    CancellationReason,
    CcChannel,
    CcStatus,
    CheckOutcome,
    CheckRecord,
    ClaimantCommitment,
    Course,
    Designation,
    DesignationKind,
    Enrolment,
    Event,
    Grade,
    Incident,
    InterviewCancellation,
    Office,
    OfficeReview,
    OfficeReviewKind,
    RecordedIn,
    RecordKind,
    Region,
    ReviewOutcome,
    RoleMatrixEntry,
    Staff,
    TestCheck,
    Waiver,
)

from .conftest import WriteFolder
from .folders import FILES, HEADERS, csv_text, valid_rows, write_folder

D = dt.date

# The first row of each file of the valid example, as the record evidence.rst says it is:
# dates are dates, enum columns are enum members, booleans are bools, version is an int.
EXPECTED_FIRST: dict[str, Any] = {
    "offices.csv": Office(
        "OF001", "Leeds", "S001", "A Advisor", "S001", D(2026, 4, 1), D(2015, 3, 2),
        Region.ENGLAND,
    ),
    "staff.csv": Staff(
        "S001", "Ann Jones", "OF001", Grade.HEO, "customer_service_manager", D(2020, 1, 6),
        None, D(2010, 9, 1), None,
    ),
    "designations.csv": Designation(
        "S002", DesignationKind.LMS_DELEGATE, D(2025, 2, 3), None, "S001"
    ),
    "absences.csv": Absence("S002", AbsenceKind.SICK, D(2026, 3, 2), D(2026, 3, 6), D(2026, 3, 6)),
    "access_grants.csv": AccessGrant(
        grant_id="G001", system="lms", account_id="ACC-S002", entitlement="Work Coach",
        granted_on=D(2026, 2, 10), staff_id="S002", office_id=None, authorised_by="S001",
        form_ref="LMS1-0001", pseudo=False, pseudo_reason=None, pseudo_end_on=None,
        removed_on=None,
    ),
    "access_reviews.csv": AccessReview("G001", D(2026, 9, 1), "S001", ReviewOutcome.RETAIN),
    "access_role_matrix.csv": RoleMatrixEntry("lms", "work_coach", "Work Coach"),
    "reviews.csv": OfficeReview(
        "OF001", OfficeReviewKind.JCC_FOLDER_ACCESS, D(2026, 11, 2), "S001", "S002"
    ),
    "checks.csv": CheckRecord(
        check_type="gpc_statement", office_id="OF001", performed_on=D(2026, 10, 31),
        subject_id="S002", performed_by="S001", outcome=CheckOutcome.PASS,
        recorded_in=RecordedIn.BCS,
    ),
    "enrolments.csv": Enrolment("gpc_statement", "S002", "OF001", D(2026, 1, 1), D(2026, 12, 31)),
    "events.csv": Event("leaver", "OF002", D(2026, 10, 30), "S004"),
    "claimant_commitments.csv": ClaimantCommitment(
        "CC001", "CR0001", "OF001", 1, D(2026, 5, 1), CcChannel.SCS, CcStatus.ACTIVE,
        None, None, False,
    ),
    "incidents.csv": Incident(
        "INC001", "OF001", "disclosure", D(2026, 10, 5), D(2026, 10, 5), D(2026, 10, 6),
        "letter retrieved", D(2026, 10, 20),
    ),
    "test_checks.csv": TestCheck("TC001", "S002", "OF001", D(2026, 10, 1), D(2026, 10, 2)),
    "interview_cancellations.csv": InterviewCancellation(
        "CR0100", "OF001", D(2026, 10, 5), CancellationReason.CMS_REBUILD, D(2026, 10, 6)
    ),
    "waivers.csv": Waiver(
        control_id="ACC-004", subject_id="G003", reason="folder access has no LMS1",
        approved_by="S001", approved_on=D(2026, 10, 1), expires_on=D(2027, 1, 31),
    ),
}  # fmt: skip


def kind_of(filename: str) -> RecordKind:
    return RecordKind(filename.removesuffix(".csv"))


def only(filename: str, content: Any) -> dict[str, Any]:
    """A folder holding just ``filename``."""
    files: dict[str, Any] = dict.fromkeys(FILES)
    files[filename] = content
    return files


def errors_in(evidence: jc.Evidence, filename: str) -> list[jc.InputIssue]:
    return [issue for issue in evidence.errors if issue.file == filename]


def load_with(folder_writer: WriteFolder, files: Mapping[str, Any]) -> jc.Evidence:
    return jc.load(folder_writer(files))


# -- the valid example: every file, every column ------------------------------------------


def test_valid_example_loads_without_issues(evidence_folder: WriteFolder) -> None:
    evidence = jc.load(evidence_folder())
    assert evidence.issues == ()
    assert evidence.rejected == frozenset()
    for filename in FILES:
        assert evidence.has(kind_of(filename)), filename


@pytest.mark.parametrize("filename", sorted(EXPECTED_FIRST))
def test_every_file_parses_all_columns_to_typed_records(
    evidence_folder: WriteFolder, filename: str
) -> None:
    """evidence.rst "Files": every documented column is read, with its type."""
    evidence = jc.load(evidence_folder())
    records = evidence.get(kind_of(filename))
    assert len(records) == len(valid_rows()[filename])
    assert records[0] == EXPECTED_FIRST[filename]


def test_learning_rows_become_facts(evidence_folder: WriteFolder) -> None:
    """learning.csv: lms_core counts for the job role it was completed for (IT §4)."""
    facts = jc.load(evidence_folder()).facts()
    assert facts.rows == 5
    assert facts.completions("S002", Course.DWP_FOUNDATION) == (D(2026, 2, 1),)
    assert facts.completions("S002", Course.LMS_CORE, "work_coach") == (D(2026, 2, 2),)
    assert facts.completions("S002", Course.LMS_CORE, "service_agent") == ()
    assert facts.completions("S002", Course.SECURITY_AWARENESS) == (D(2026, 2, 3),)
    assert facts.completions("S002", Course.LMS_USER_GUIDE_CHAPTER_B) == (D(2026, 2, 4),)
    assert facts.completions("S002", Course.DATA_HANDLING) == (D(2026, 2, 5),)


def test_later_rows_of_the_example_keep_their_types(evidence_folder: WriteFolder) -> None:
    evidence = jc.load(evidence_folder())
    pseudo = evidence.get(RecordKind.ACCESS_GRANTS)[1]
    assert pseudo.pseudo is True
    assert pseudo.staff_id is None
    assert pseudo.office_id == "OF002"
    assert pseudo.pseudo_end_on == D(2026, 12, 31)
    destroyed = evidence.get(RecordKind.CLAIMANT_COMMITMENTS)[2]
    assert destroyed.status is CcStatus.DESTROYED
    assert destroyed.work_programme is False  # empty optional boolean: false (evidence.rst)
    assert evidence.get(RecordKind.CLAIMANT_COMMITMENTS)[1].version == 2
    assert evidence.get(RecordKind.OFFICES)[1].region is Region.WALES


# -- present, empty and missing -------------------------------------------------------------


@pytest.mark.parametrize("filename", FILES)
def test_header_only_file_is_present_with_no_records(
    evidence_folder: WriteFolder, filename: str
) -> None:
    """evidence.rst: "A file with only its header means 'there are no such records'"."""
    evidence = jc.load(evidence_folder(only(filename, [])))
    kind = kind_of(filename)
    assert evidence.issues == ()
    assert evidence.has(kind)
    if kind is RecordKind.LEARNING:
        assert evidence.facts().rows == 0
    else:
        assert evidence.get(kind) == ()


@pytest.mark.parametrize("filename", FILES)
def test_missing_file_leaves_its_kind_missing(evidence_folder: WriteFolder, filename: str) -> None:
    """evidence.rst: "A missing file is not an empty file"."""
    evidence = jc.load(evidence_folder({filename: None}))
    kind = kind_of(filename)
    assert not evidence.has(kind)
    with pytest.raises(EvidenceUnavailable):
        evidence.get(kind) if kind is not RecordKind.LEARNING else evidence.facts()
    others = [kind_of(name) for name in FILES if name != filename]
    assert all(evidence.has(other) for other in others)


# -- encodings and file-level problems -----------------------------------------------------


def test_utf8_bom_is_accepted(evidence_folder: WriteFolder) -> None:
    text = csv_text("offices.csv", valid_rows()["offices.csv"])
    evidence = jc.load(evidence_folder({"offices.csv": b"\xef\xbb\xbf" + text.encode()}))
    assert evidence.issues == ()
    assert [office.office_id for office in evidence.get(RecordKind.OFFICES)] == ["OF001", "OF002"]


def test_utf8_names_are_kept(evidence_folder: WriteFolder) -> None:
    rows = valid_rows()["staff.csv"]
    rows[0]["name"] = "Zoë Ní Bhriain"
    evidence = jc.load(evidence_folder({"staff.csv": rows}))
    assert evidence.get(RecordKind.STAFF)[0].name == "Zoë Ní Bhriain"


def _latin1_staff() -> bytes:
    rows = valid_rows()["staff.csv"]
    rows[2]["name"] = "Zoë Jones"
    return csv_text("staff.csv", rows).encode("latin-1")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(_latin1_staff(), id="latin-1"),
        pytest.param(b"staff_id,name\x00\x00\x01\x02,office_id\n\x00\x00", id="nul-bytes"),
        pytest.param(random.Random(7).randbytes(2048), id="random-bytes"),
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), id="xlsx-like"),
    ],
)
def test_file_that_is_not_utf8_csv_is_one_error_naming_the_file(
    evidence_folder: WriteFolder, content: bytes
) -> None:
    """evidence.rst: "A file that is not valid UTF-8 CSV (binary, another encoding) is an
    input error naming the file"."""
    evidence = jc.load(evidence_folder({"staff.csv": content}))
    errors = errors_in(evidence, "staff.csv")
    assert len(errors) == 1
    assert "staff.csv" in errors[0].describe()
    assert RecordKind.STAFF in evidence.rejected
    with pytest.raises(EvidenceUnavailable):
        evidence.get(RecordKind.STAFF)


def test_empty_file_is_an_error(evidence_folder: WriteFolder) -> None:
    """A 0-byte file has no header: it is neither "no records" nor "missing"."""
    evidence = jc.load(evidence_folder({"offices.csv": b""}))
    errors = errors_in(evidence, "offices.csv")
    assert len(errors) == 1
    assert RecordKind.OFFICES in evidence.rejected


def test_extra_column_is_a_warning_not_an_error(evidence_folder: WriteFolder) -> None:
    """evidence.rst: "Extra columns are ignored (with a warning)"."""
    header = (*HEADERS["offices.csv"], "notes")
    rows = valid_rows()["offices.csv"]
    rows[0]["notes"] = "refurbished 2025"
    evidence = jc.load(
        evidence_folder({"offices.csv": csv_text("offices.csv", rows, header=header)})
    )
    assert evidence.errors == ()
    assert [w.column for w in evidence.warnings] == ["notes"]
    assert evidence.warnings[0].file == "offices.csv"
    assert evidence.get(RecordKind.OFFICES)[0] == EXPECTED_FIRST["offices.csv"]


def test_columns_may_come_in_any_order(evidence_folder: WriteFolder) -> None:
    header = tuple(reversed(HEADERS["staff.csv"]))
    text = csv_text("staff.csv", valid_rows()["staff.csv"], header=header)
    evidence = jc.load(evidence_folder({"staff.csv": text}))
    assert evidence.issues == ()
    assert evidence.get(RecordKind.STAFF)[0] == EXPECTED_FIRST["staff.csv"]


def test_optional_columns_may_be_left_out(evidence_folder: WriteFolder) -> None:
    header = ("office_id", "name")
    text = csv_text("offices.csv", valid_rows()["offices.csv"], header=header)
    evidence = jc.load(evidence_folder({"offices.csv": text}))
    assert evidence.issues == ()
    assert evidence.get(RecordKind.OFFICES)[0] == Office("OF001", "Leeds")


# Required columns as evidence.rst marks them ("required: yes", or "(required)").
REQUIRED_COLUMNS = [
    ("offices.csv", "office_id"), ("offices.csv", "name"),
    ("staff.csv", "staff_id"), ("staff.csv", "name"), ("staff.csv", "office_id"),
    ("staff.csv", "grade"), ("staff.csv", "job_role"),
    ("designations.csv", "from_on"), ("absences.csv", "start_on"),
    ("learning.csv", "completed_on"), ("checks.csv", "performed_on"),
    ("access_grants.csv", "grant_id"), ("access_grants.csv", "system"),
    ("access_grants.csv", "account_id"), ("access_grants.csv", "entitlement"),
    ("access_grants.csv", "granted_on"),
    ("claimant_commitments.csv", "cc_id"), ("claimant_commitments.csv", "claimant_ref"),
    ("claimant_commitments.csv", "office_id"), ("claimant_commitments.csv", "version"),
    ("claimant_commitments.csv", "created_on"), ("claimant_commitments.csv", "channel"),
    ("claimant_commitments.csv", "status"),
    ("waivers.csv", "reason"), ("waivers.csv", "approved_by"), ("waivers.csv", "expires_on"),
]  # fmt: skip


@pytest.mark.parametrize(("filename", "column"), REQUIRED_COLUMNS)
def test_missing_required_column_is_an_error_naming_it(
    evidence_folder: WriteFolder, filename: str, column: str
) -> None:
    header = tuple(name for name in HEADERS[filename] if name != column)
    text = csv_text(filename, valid_rows()[filename], header=header)
    evidence = jc.load(evidence_folder({filename: text}))
    errors = errors_in(evidence, filename)
    assert [(e.line, e.column) for e in errors] == [(1, column)]
    assert column in errors[0].describe()
    assert kind_of(filename) in evidence.rejected


@pytest.mark.parametrize(("filename", "column"), REQUIRED_COLUMNS)
def test_empty_required_cell_is_an_error(
    evidence_folder: WriteFolder, filename: str, column: str
) -> None:
    rows = valid_rows()[filename]
    rows[0][column] = ""
    evidence = jc.load(evidence_folder({filename: rows}))
    errors = errors_in(evidence, filename)
    assert [(e.line, e.column, e.value) for e in errors] == [(2, column, "")]


# -- duplicate IDs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "key"),
    [
        ("offices.csv", "office_id"),
        ("staff.csv", "staff_id"),
        ("access_grants.csv", "grant_id"),
        ("claimant_commitments.csv", "cc_id"),
        ("incidents.csv", "incident_id"),
        ("test_checks.csv", "test_check_id"),
    ],
)
@pytest.mark.parametrize("identical", [True, False], ids=["same-row", "different-row"])
def test_duplicate_id_is_an_error_naming_line_and_first_line(
    evidence_folder: WriteFolder, filename: str, key: str, identical: bool
) -> None:
    rows = valid_rows()[filename]
    copy = dict(rows[0])
    if not identical:
        other = next(c for c in HEADERS[filename] if c != key and not c.endswith("_on"))
        copy[other] = copy[other] + "X" if other != "office_id" else "OF002"
    rows.append(copy)
    duplicate_line = len(rows) + 1  # header is line 1
    evidence = jc.load(evidence_folder({filename: rows}))
    errors = errors_in(evidence, filename)
    assert len(errors) == 1
    assert (errors[0].line, errors[0].column, errors[0].value) == (
        duplicate_line,
        key,
        rows[0][key],
    )
    assert "line 2" in errors[0].message
    assert kind_of(filename) in evidence.rejected


def test_ids_are_case_and_zero_significant(evidence_folder: WriteFolder) -> None:
    """evidence.rst: "IDs are opaque strings; leading zeros and case are significant"."""
    rows = valid_rows()["offices.csv"]
    rows.append({**rows[0], "office_id": "of001"})
    rows.append({**rows[0], "office_id": "OF0001"})
    evidence = jc.load(evidence_folder({"offices.csv": rows}))
    assert evidence.issues == ()
    assert [o.office_id for o in evidence.get(RecordKind.OFFICES)] == [
        "OF001", "OF002", "of001", "OF0001"
    ]  # fmt: skip


# -- cell values ---------------------------------------------------------------------------


def _staff_with_bad_grade_on_line_7() -> list[dict[str, str]]:
    rows = valid_rows()["staff.csv"]
    rows.append({**rows[1], "staff_id": "S005"})  # line 6
    rows.append({**rows[1], "staff_id": "S006", "grade": "E0"})  # line 7
    rows.append({**rows[1], "staff_id": "S007"})  # line 8
    return rows


def test_unknown_grade_names_file_line_column_value(evidence_folder: WriteFolder) -> None:
    """cli.rst example: staff.csv line 7, column grade, value E0."""
    evidence = jc.load(evidence_folder({"staff.csv": _staff_with_bad_grade_on_line_7()}))
    errors = errors_in(evidence, "staff.csv")
    assert len(errors) == 1
    issue = errors[0]
    assert (issue.source, issue.file, issue.line, issue.column, issue.value) == (
        "csv", "staff.csv", 7, "grade", "E0"
    )  # fmt: skip
    described = issue.describe()
    for part in ("staff.csv", "7", "grade", "E0"):
        assert part in described


ENUM_CELLS = [
    ("offices.csv", "region", "middle_earth"),
    ("staff.csv", "grade", "E0"),
    ("staff.csv", "grade", "EO"),  # enum values are lower-case slugs
    ("designations.csv", "designation", "fire_warden"),
    ("absences.csv", "kind", "holiday"),
    ("learning.csv", "course", "first_aid"),
    ("access_reviews.csv", "outcome", "keep"),
    ("reviews.csv", "kind", "monthly"),
    ("checks.csv", "outcome", "ok"),
    ("checks.csv", "recorded_in", "excel"),
    ("claimant_commitments.csv", "channel", "email"),
    ("claimant_commitments.csv", "status", "closed"),
    ("interview_cancellations.csv", "reason", "strike"),
]


@pytest.mark.parametrize(("filename", "column", "value"), ENUM_CELLS)
def test_unknown_enum_value_is_an_error(
    evidence_folder: WriteFolder, filename: str, column: str, value: str
) -> None:
    rows = valid_rows()[filename]
    rows[0][column] = value
    evidence = jc.load(evidence_folder({filename: rows}))
    errors = errors_in(evidence, filename)
    assert [(e.line, e.column, e.value) for e in errors] == [(2, column, value)]


@pytest.mark.parametrize(
    ("filename", "column"),
    [
        ("staff.csv", "job_role"),
        ("access_grants.csv", "system"),
        ("incidents.csv", "kind"),
        ("checks.csv", "check_type"),
        ("events.csv", "event_type"),
    ],
)
def test_open_sets_accept_new_slugs(
    evidence_folder: WriteFolder, filename: str, column: str
) -> None:
    """evidence.rst: job_role, system and incident kind are open sets; check and event types
    are catalogue slugs judged by the controls."""
    rows = valid_rows()[filename]
    rows[0][column] = "something_new"
    evidence = jc.load(evidence_folder({filename: rows}))
    assert evidence.errors == ()
    assert getattr(evidence.get(kind_of(filename))[0], column) == "something_new"


@pytest.mark.parametrize(
    "value",
    ["2026-13-01", "01/02/2026", "20260101", "2026-02-30", "2026-1-1", "2026-11-22T09:00",
     "2026-11-22Z", "yesterday", "2026/11/22", "22-11-2026"],
)  # fmt: skip
@pytest.mark.parametrize(
    ("filename", "column"),
    [("staff.csv", "started_on"), ("access_grants.csv", "granted_on")],
)
def test_bad_date_is_an_error(
    evidence_folder: WriteFolder, filename: str, column: str, value: str
) -> None:
    """evidence.rst: dates are ISO 8601 calendar dates YYYY-MM-DD; no times, no time zones."""
    rows = valid_rows()[filename]
    rows[1][column] = value
    evidence = jc.load(evidence_folder({filename: rows}))
    errors = errors_in(evidence, filename)
    assert [(e.line, e.column, e.value) for e in errors] == [(3, column, value)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("TRUE", True), ("True", True), ("yes", True), ("YES", True), ("1", True),
     ("false", False), ("FALSE", False), ("no", False), ("No", False), ("0", False),
     ("", False)],
)  # fmt: skip
def test_booleans(evidence_folder: WriteFolder, text: str, expected: bool) -> None:
    """evidence.rst: true/false case-insensitive; yes/no, 1/0 accepted; pseudo defaults false."""
    rows = valid_rows()["access_grants.csv"]
    rows[0]["pseudo"] = text
    rows[0]["pseudo_reason"] = ""
    evidence = jc.load(evidence_folder({"access_grants.csv": rows}))
    assert evidence.errors == ()
    assert evidence.get(RecordKind.ACCESS_GRANTS)[0].pseudo is expected


@pytest.mark.parametrize("text", ["maybe", "2", "y", "t", "on", "-1"])
def test_bad_boolean_is_an_error(evidence_folder: WriteFolder, text: str) -> None:
    rows = valid_rows()["claimant_commitments.csv"]
    rows[0]["work_programme"] = text
    evidence = jc.load(evidence_folder({"claimant_commitments.csv": rows}))
    errors = errors_in(evidence, "claimant_commitments.csv")
    assert [(e.line, e.column, e.value) for e in errors] == [(2, "work_programme", text)]


@pytest.mark.parametrize("text", ["0", "-1", "1.5", "one", "--1", "+-1", "²", "1e3", "0x10"])
def test_version_must_be_a_positive_integer(evidence_folder: WriteFolder, text: str) -> None:
    """evidence.rst claimant_commitments.csv: version is a positive integer."""
    rows = valid_rows()["claimant_commitments.csv"]
    rows[0]["version"] = text
    evidence = jc.load(evidence_folder({"claimant_commitments.csv": rows}))
    errors = errors_in(evidence, "claimant_commitments.csv")
    assert [(e.line, e.column, e.value) for e in errors] == [(2, "version", text)]


def test_large_version_is_an_integer(evidence_folder: WriteFolder) -> None:
    rows = valid_rows()["claimant_commitments.csv"]
    rows[0]["version"] = "12"
    evidence = jc.load(evidence_folder({"claimant_commitments.csv": rows}))
    assert evidence.get(RecordKind.CLAIMANT_COMMITMENTS)[0].version == 12


# -- row shape and physical lines ----------------------------------------------------------


@pytest.mark.parametrize("change", ["too-many", "too-few"])
def test_row_with_wrong_number_of_cells_is_an_error(
    evidence_folder: WriteFolder, change: str
) -> None:
    text = csv_text("offices.csv", valid_rows()["offices.csv"])
    lines = text.splitlines()
    lines[2] = lines[2] + ",surplus" if change == "too-many" else "OF002,Cardiff"
    evidence = jc.load(evidence_folder({"offices.csv": "\n".join(lines) + "\n"}))
    errors = errors_in(evidence, "offices.csv")
    assert [e.line for e in errors] == [3]
    assert [o.office_id for o in evidence.records[RecordKind.OFFICES]] == ["OF001"]


def test_embedded_newline_keeps_physical_line_numbers(evidence_folder: WriteFolder) -> None:
    """evidence.rst: "line is the 1-based physical line of the file; the header is line 1"."""
    rows = valid_rows()["incidents.csv"]
    rows[0]["remedial_action"] = "letter retrieved\nstaff briefed\nprocedure changed"
    rows.append({**rows[0], "incident_id": "INC002", "remedial_action": "none"})
    rows.append({**rows[0], "incident_id": "INC003", "occurred_on": "2026-13-01"})
    # line 1 header, lines 2-4 INC001, line 5 INC002, line 6 INC003
    evidence = jc.load(evidence_folder({"incidents.csv": rows}))
    errors = errors_in(evidence, "incidents.csv")
    assert [(e.line, e.column, e.value) for e in errors] == [(6, "occurred_on", "2026-13-01")]
    kept = evidence.records[RecordKind.INCIDENTS]
    assert kept[0].remedial_action == "letter retrieved\nstaff briefed\nprocedure changed"


def test_crlf_line_endings_read_like_lf(evidence_folder: WriteFolder) -> None:
    lf = jc.load(evidence_folder(name="lf"))
    crlf = jc.load(evidence_folder(name="crlf", newline="\r\n"))
    assert crlf.issues == ()
    for kind in RecordKind:
        if kind is not RecordKind.LEARNING:
            assert crlf.get(kind) == lf.get(kind)
    assert crlf.facts() == lf.facts()


def test_blank_trailing_line_is_not_a_row(evidence_folder: WriteFolder) -> None:
    text = csv_text("offices.csv", valid_rows()["offices.csv"]) + "\n"
    evidence = jc.load(evidence_folder({"offices.csv": text}))
    assert evidence.issues == ()
    assert len(evidence.get(RecordKind.OFFICES)) == 2


def test_unterminated_quote_is_an_error_on_the_line_it_starts(
    evidence_folder: WriteFolder,
) -> None:
    text = csv_text("offices.csv", valid_rows()["offices.csv"]) + 'OF003,"Leeds\n'
    evidence = jc.load(evidence_folder({"offices.csv": text}))
    assert [e.line for e in errors_in(evidence, "offices.csv")] == [4]
    assert RecordKind.OFFICES in evidence.rejected


def test_rows_after_a_malformed_row_are_still_read(evidence_folder: WriteFolder) -> None:
    """ "No row is ever dropped silently": a broken quote on line 3 does not hide line 5."""
    lines = [
        "office_id,name,region",
        "OF001,Leeds,england",
        'OF002,"Cardiff"x,wales',  # line 3: text after a closing quote
        "OF003,Swansea,wales",
        "OF004,Perth,narnia",  # line 5: unknown region
    ]
    evidence = jc.load(evidence_folder({"offices.csv": "\n".join(lines) + "\n"}))
    errors = errors_in(evidence, "offices.csv")
    assert [e.line for e in errors] == [3, 5]
    assert errors[1].column == "region"
    kept = [o.office_id for o in evidence.records[RecordKind.OFFICES]]
    assert kept == ["OF001", "OF003"]


def test_nul_byte_deep_in_a_large_file_is_binary(evidence_folder: WriteFolder) -> None:
    rows = valid_rows()["incidents.csv"]
    rows += [{**rows[0], "incident_id": f"INC{n:04d}"} for n in range(2, 400)]
    text = csv_text("incidents.csv", rows).encode()
    assert len(text) > 20_000
    evidence = jc.load(evidence_folder({"incidents.csv": text + b"INC9999,OF001,x\x00y\n"}))
    assert len(errors_in(evidence, "incidents.csv")) == 1
    assert RecordKind.INCIDENTS in evidence.rejected


# -- row rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "index", "change", "column"),
    [
        pytest.param("learning.csv", 1, {"job_role": ""}, "job_role", id="lms_core-no-role"),
        pytest.param(
            "access_grants.csv", 1, {"staff_id": "", "office_id": ""}, "office_id",
            id="grant-no-holder-no-office",
        ),
        pytest.param("waivers.csv", 0, {"reason": ""}, "reason", id="waiver-no-reason"),
        pytest.param(
            "waivers.csv", 0, {"approved_by": ""}, "approved_by", id="waiver-no-approver"
        ),
        pytest.param(
            "claimant_commitments.csv", 1, {"dormant_since": ""}, "dormant_since",
            id="dormant-no-dormant_since",
        ),
        pytest.param(
            "claimant_commitments.csv", 2, {"destroyed_on": ""}, "destroyed_on",
            id="destroyed-no-destroyed_on",
        ),
    ],
)  # fmt: skip
def test_row_rules(
    evidence_folder: WriteFolder,
    filename: str,
    index: int,
    change: dict[str, str],
    column: str,
) -> None:
    """evidence.rst: lms_core needs job_role; a grant needs staff_id or office_id; a waiver
    needs reason and approver; a dormant CC needs dormant_since, a destroyed one destroyed_on."""
    rows = valid_rows()[filename]
    rows[index].update(change)
    evidence = jc.load(evidence_folder({filename: rows}))
    errors = errors_in(evidence, filename)
    assert [(e.line, e.column) for e in errors] == [(index + 2, column)]
    assert kind_of(filename) in evidence.rejected


def test_pseudo_grant_with_office_and_no_holder_is_valid(evidence_folder: WriteFolder) -> None:
    evidence = jc.load(evidence_folder())
    grant = evidence.get(RecordKind.ACCESS_GRANTS)[1]
    assert (grant.staff_id, grant.office_id) == (None, "OF002")


# -- nothing dropped silently --------------------------------------------------------------

_BAD_CELLS = [("grade", "E0"), ("started_on", "2026-02-30"), ("name", ""), ("staff_id", "")]


@settings(max_examples=25, deadline=None)
@given(
    bad=st.lists(st.sampled_from(range(len(_BAD_CELLS) + 1)), min_size=1, max_size=12),
)
def test_every_rejected_row_has_an_issue_on_its_line(bad: list[int]) -> None:
    """evidence.rst: "No row is ever dropped silently". Rows 0..n with a random subset made
    bad; every bad row gets an issue on its own physical line, every good row is a record."""
    rows = []
    expected_bad_lines = []
    for number, choice in enumerate(bad):
        row = {**valid_rows()["staff.csv"][1], "staff_id": f"S1{number:03d}"}
        if choice < len(_BAD_CELLS):
            column, value = _BAD_CELLS[choice]
            row[column] = value
            expected_bad_lines.append(number + 2)
        rows.append(row)
    with tempfile.TemporaryDirectory() as tmp:
        evidence = jc.load(write_folder(Path(tmp), {"staff.csv": rows}))
    errors = errors_in(evidence, "staff.csv")
    assert sorted(e.line for e in errors) == expected_bad_lines
    kept = [s.staff_id for s in evidence.records[RecordKind.STAFF]]
    assert len(kept) + len(expected_bad_lines) == len(rows)
    assert (RecordKind.STAFF in evidence.rejected) == bool(expected_bad_lines)


def test_each_problem_row_of_a_file_is_reported(evidence_folder: WriteFolder) -> None:
    rows = valid_rows()["access_grants.csv"]
    rows[0]["granted_on"] = "01/02/2026"
    rows[1]["pseudo"] = "perhaps"
    evidence = jc.load(evidence_folder({"access_grants.csv": rows}))
    errors = errors_in(evidence, "access_grants.csv")
    assert sorted((e.line, e.column) for e in errors) == [(2, "granted_on"), (3, "pseudo")]
    assert [g.grant_id for g in evidence.records[RecordKind.ACCESS_GRANTS]] == ["G003"]
