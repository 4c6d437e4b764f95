"""Combining sources and checking references (evidence.rst "General rules"; cli.rst
"Two sources that supply the same record (same ID) with different contents: input error")."""

from __future__ import annotations

from typing import Any

import pytest

import jcp_controls as jc
from jcp_controls.evidence.batch import SourceBatch
from jcp_controls.evidence.combine import combine
from jcp_controls.models import Office, RecordKind, Staff

from .conftest import WriteFolder
from .folders import FILES, valid_rows


def kind_of(filename: str) -> RecordKind:
    return RecordKind(filename.removesuffix(".csv"))


def errors_in(evidence: jc.Evidence, filename: str) -> list[jc.InputIssue]:
    return [issue for issue in evidence.errors if issue.file == filename]


def subset(*names: str, **overrides: Any) -> dict[str, Any]:
    """A folder holding only ``names`` (valid rows unless overridden)."""
    files: dict[str, Any] = dict.fromkeys(FILES)
    rows = valid_rows()
    for name in names:
        files[name] = rows[name]
    files.update({f"{key}.csv": value for key, value in overrides.items()})
    return files


# -- required references -------------------------------------------------------------------

# (file, row index, column, unknown value): required columns that name another record.
DANGLING = [
    ("staff.csv", 1, "office_id", "OF999"),
    ("designations.csv", 0, "staff_id", "S999"),
    ("absences.csv", 0, "staff_id", "S999"),
    ("learning.csv", 2, "staff_id", "S999"),
    ("access_reviews.csv", 1, "grant_id", "G999"),
    ("access_grants.csv", 1, "office_id", "OF999"),  # pseudo: staff_id null, office required
    ("reviews.csv", 0, "office_id", "OF999"),
    ("checks.csv", 1, "office_id", "OF999"),
    ("enrolments.csv", 0, "office_id", "OF999"),
    ("events.csv", 0, "office_id", "OF999"),
    ("claimant_commitments.csv", 2, "office_id", "OF999"),
    ("incidents.csv", 0, "office_id", "OF999"),
    ("test_checks.csv", 0, "staff_id", "S999"),
    ("test_checks.csv", 0, "office_id", "OF999"),
    ("interview_cancellations.csv", 0, "office_id", "OF999"),
]


@pytest.mark.parametrize(("filename", "index", "column", "value"), DANGLING)
def test_dangling_required_reference_is_an_error(
    evidence_folder: WriteFolder, filename: str, index: int, column: str, value: str
) -> None:
    """evidence.rst: "reference to an unknown ID where the reference is required" is bad input,
    reported with file, line, column and value."""
    rows = valid_rows()[filename]
    rows[index][column] = value
    evidence = jc.load(evidence_folder({filename: rows}))
    errors = evidence.errors
    assert [(e.file, e.line, e.column, e.value) for e in errors] == [
        (filename, index + 2, column, value)
    ]
    assert kind_of(filename) in evidence.rejected
    if kind_of(filename) is not RecordKind.LEARNING:
        kept = evidence.records[kind_of(filename)]
        assert len(kept) == len(rows) - 1  # the rejected row is reported, not kept


def test_dangling_learning_rows_are_all_accounted_for(evidence_folder: WriteFolder) -> None:
    """ "No row is ever dropped silently": learning is judged per person, so rows naming an
    unknown staff member are reported per staff ID, at its first line, with how many rows
    name it."""
    rows = valid_rows()["learning.csv"]
    rows[1]["staff_id"] = "S999"
    rows[3]["staff_id"] = "S999"
    rows[4]["staff_id"] = "S998"
    evidence = jc.load(evidence_folder({"learning.csv": rows}))
    errors = errors_in(evidence, "learning.csv")
    assert [(e.line, e.column, e.value) for e in errors] == [
        (3, "staff_id", "S999"),
        (6, "staff_id", "S998"),
    ]
    assert "2 rows" in errors[0].message
    assert RecordKind.LEARNING in evidence.rejected


def test_rejected_staff_row_does_not_cascade(evidence_folder: WriteFolder) -> None:
    """A staff row rejected for its own bad cell is reported once; rows of other files that
    name that staff member are not blamed for it ("not in staff.csv" would be untrue)."""
    rows = valid_rows()["staff.csv"]
    rows[1]["grade"] = "E0"  # S002
    evidence = jc.load(evidence_folder({"staff.csv": rows}))
    assert [(e.file, e.line, e.column) for e in evidence.errors] == [("staff.csv", 3, "grade")]
    assert evidence.rejected == frozenset({RecordKind.STAFF})


@pytest.mark.parametrize(
    ("filename", "column"),
    [
        ("access_grants.csv", "staff_id"),
        ("access_grants.csv", "authorised_by"),
        ("offices.csv", "csm_staff_id"),
        ("offices.csv", "iam_staff_id"),
        ("staff.csv", "line_manager_id"),
        ("access_reviews.csv", "reviewer_id"),
        ("designations.csv", "appointed_by"),
        ("checks.csv", "performed_by"),
        ("checks.csv", "subject_id"),
        ("waivers.csv", "subject_id"),
    ],
)
def test_unknown_id_in_optional_column_is_not_an_input_error(
    evidence_folder: WriteFolder, filename: str, column: str
) -> None:
    """evidence.rst: "Only references in required columns must resolve"; the controls judge
    the others (ACC-001, ACC-012, ...)."""
    rows = valid_rows()[filename]
    rows[0][column] = "S999"
    evidence = jc.load(evidence_folder({filename: rows}))
    assert evidence.errors == ()
    assert getattr(evidence.get(kind_of(filename))[0], column) == "S999"


def test_grant_office_is_not_checked_when_a_holder_is_named(evidence_folder: WriteFolder) -> None:
    """access_grants.office_id is required only when staff_id is null."""
    rows = valid_rows()["access_grants.csv"]
    rows[2]["office_id"] = "OF999"
    evidence = jc.load(evidence_folder({"access_grants.csv": rows}))
    assert evidence.errors == ()


def test_references_to_a_missing_file_are_not_errors(evidence_folder: WriteFolder) -> None:
    """Without offices.csv nothing can be checked against it: the kind is missing, and the
    controls that need it report error (evidence.rst "A missing file is not an empty file")."""
    evidence = jc.load(evidence_folder({"offices.csv": None}))
    assert evidence.errors == ()
    assert not evidence.has(RecordKind.OFFICES)
    assert len(evidence.get(RecordKind.STAFF)) == 4


def test_reference_into_a_header_only_file_is_an_error(evidence_folder: WriteFolder) -> None:
    """A header-only offices.csv says "there are no offices": every office_id dangles."""
    evidence = jc.load(evidence_folder(subset("staff.csv", offices=[])))
    errors = errors_in(evidence, "staff.csv")
    assert sorted(e.line for e in errors) == [2, 3, 4, 5]
    assert {e.column for e in errors} == {"office_id"}


# -- several folders -----------------------------------------------------------------------


def test_different_kinds_from_different_folders_combine(evidence_folder: WriteFolder) -> None:
    """cli.rst: "a source may supply a subset; several sources combine"."""
    hr = evidence_folder(subset("offices.csv", "staff.csv"), name="hr")
    lms = evidence_folder(subset("learning.csv", "access_grants.csv"), name="lms")
    evidence = jc.load(hr, lms)
    assert evidence.errors == ()
    for kind in (RecordKind.OFFICES, RecordKind.STAFF, RecordKind.LEARNING):
        assert evidence.has(kind)
    assert not evidence.has(RecordKind.WAIVERS)
    assert len(evidence.get(RecordKind.ACCESS_GRANTS)) == 3
    assert evidence.facts().rows == 5
    assert [source.uri for source in evidence.sources] == [str(hr), str(lms)]


def test_references_resolve_across_folders(evidence_folder: WriteFolder) -> None:
    """Required references must resolve "once everything is merged"."""
    offices = evidence_folder(subset("offices.csv"), name="a")
    staff = evidence_folder(subset("staff.csv"), name="b")
    assert jc.load(offices, staff).errors == ()
    # and a dangling one is still caught across folders
    rows = valid_rows()["staff.csv"]
    rows[3]["office_id"] = "OF404"
    bad = evidence_folder(subset(staff=rows), name="c")
    errors = jc.load(offices, bad).errors
    assert [(e.file, e.line, e.value) for e in errors] == [("staff.csv", 5, "OF404")]


def test_same_record_in_two_folders_is_kept_once(evidence_folder: WriteFolder) -> None:
    first = evidence_folder(subset("offices.csv", "staff.csv"), name="one")
    second = evidence_folder(subset("offices.csv", "access_grants.csv"), name="two")
    evidence = jc.load(first, second)
    assert evidence.errors == ()
    assert [o.office_id for o in evidence.get(RecordKind.OFFICES)] == ["OF001", "OF002"]


def test_same_id_with_different_contents_is_an_error_naming_both(
    evidence_folder: WriteFolder,
) -> None:
    rows = valid_rows()["offices.csv"]
    rows[1]["name"] = "Cardiff Central"
    first = evidence_folder(subset("offices.csv"), name="one")
    second = evidence_folder(subset(offices=rows), name="two")
    evidence = jc.load(first, second)
    errors = evidence.errors
    assert len(errors) == 1
    issue = errors[0]
    assert (issue.file, issue.column, issue.value) == ("offices.csv", "office_id", "OF002")
    text = issue.describe()
    assert str(first) in text
    assert str(second) in text
    assert RecordKind.OFFICES in evidence.rejected


def test_combine_of_batches_built_in_code() -> None:
    """Plugin sources hand back SourceBatch objects; combine merges them the same way."""
    office = Office("OF001", "Leeds")
    hr = SourceBatch("hr", "hr:rm.xlsx", records={RecordKind.OFFICES: (office,)})
    staff = Staff("S001", "Ann", "OF001", jc.Grade.EO, "work_coach")
    other = SourceBatch(
        "lms",
        "lms:export",
        records={RecordKind.OFFICES: (office,), RecordKind.STAFF: (staff,)},
    )
    evidence = combine([hr, other])
    assert evidence.errors == ()
    assert evidence.get(RecordKind.OFFICES) == (office,)
    assert evidence.get(RecordKind.STAFF) == (staff,)
    clash = SourceBatch(
        "hr2", "hr:other.xlsx", records={RecordKind.OFFICES: (Office("OF001", "Bradford"),)}
    )
    evidence = combine([hr, clash])
    assert len(evidence.errors) == 1
    assert "hr:rm.xlsx" in evidence.errors[0].describe()
    assert "hr:other.xlsx" in evidence.errors[0].describe()


def test_a_source_built_from_records_combines_like_any_other() -> None:
    """``SourceBatch.from_records``: what an adapter builds; learning rows become facts and
    an unknown staff ID in them is an error naming the source's own line."""
    import datetime as dt

    import jcp_controls as jc
    from jcp_controls.evidence.combine import combine

    day = dt.date(2026, 1, 5)
    batch = jc.SourceBatch.from_records(
        "hr",
        "hr:export.xlsx",
        {
            "offices": [jc.Office("OF1", "A")],
            "staff": [jc.Staff("S1", "Sam", "OF1", jc.Grade.AO, "work_coach")],
            "learning": [
                jc.LearningRecord("S1", jc.Course.SECURITY_AWARENESS, day),
                jc.LearningRecord("S9", jc.Course.SECURITY_AWARENESS, day),
            ],
        },
        origins={
            "learning": [
                jc.Origin("hr", "Learning", 2),
                jc.Origin("hr", "Learning", 3),
            ]
        },
    )
    assert batch.kinds == {jc.RecordKind.OFFICES, jc.RecordKind.STAFF, jc.RecordKind.LEARNING}
    assert batch.learning is not None
    assert batch.learning.latest_by("S1", jc.Course.SECURITY_AWARENESS, day) == day
    evidence = combine([batch])
    assert jc.RecordKind.LEARNING in evidence.rejected  # fail closed: learning is unusable
    (error,) = evidence.errors
    assert (error.file, error.line, error.column, error.value) == ("Learning", 3, "staff_id", "S9")


def test_origins_must_match_the_records() -> None:
    import jcp_controls as jc

    with pytest.raises(ValueError, match="1 origins"):
        jc.SourceBatch.from_records(
            "hr", "hr:x", {"offices": []}, origins={"offices": [jc.Origin("hr", "x", 2)]}
        )
