"""The Evidence container: present, missing and rejected kinds (evidence.rst "A missing file
is not an empty file"), input issues, and learning facts."""

from __future__ import annotations

import datetime as dt

import pytest

import jcp_controls as jc
from jcp_controls.evidence.store import EvidenceUnavailable, InputIssue, LearningFacts
from jcp_controls.models import Course, LearningRecord, Office, RecordKind

from .conftest import WriteFolder
from .folders import valid_rows

D = dt.date


def test_present_empty_kind_is_not_missing() -> None:
    evidence = jc.Evidence.from_records(offices=[], staff=[])
    assert evidence.has(RecordKind.OFFICES)
    assert evidence.get(RecordKind.OFFICES) == ()
    assert not evidence.has(RecordKind.ACCESS_GRANTS)
    with pytest.raises(EvidenceUnavailable) as raised:
        evidence.get(RecordKind.ACCESS_GRANTS)
    assert raised.value.kind is RecordKind.ACCESS_GRANTS
    assert "access_grants.csv" in str(raised.value)


def test_learning_missing_versus_empty() -> None:
    assert not jc.Evidence.from_records(offices=[]).has(RecordKind.LEARNING)
    with pytest.raises(EvidenceUnavailable):
        jc.Evidence.from_records(offices=[]).facts()
    empty = jc.Evidence.from_records(learning=[])
    assert empty.has(RecordKind.LEARNING)
    assert empty.facts().rows == 0


def test_rejected_kind_is_unavailable_even_though_present(evidence_folder: WriteFolder) -> None:
    """Lenient mode: controls whose evidence was rejected report error, never pass."""
    rows = valid_rows()["offices.csv"]
    rows[1]["region"] = "atlantis"
    evidence = jc.load(evidence_folder({"offices.csv": rows}))
    assert evidence.has(RecordKind.OFFICES)
    with pytest.raises(EvidenceUnavailable) as raised:
        evidence.get(RecordKind.OFFICES)
    assert "rejected" in str(raised.value)
    # the valid rows are still held, for lenient mode to show what was read
    assert [o.office_id for o in evidence.records[RecordKind.OFFICES]] == ["OF001"]


def test_errors_and_warnings_are_separated() -> None:
    error = InputIssue("csv", "bad", "staff.csv", 7, "grade", "E0")
    warning = InputIssue("csv", "extra column ignored", "staff.csv", 1, "x", "x", "warning")
    evidence = jc.Evidence(issues=(error, warning))
    assert evidence.errors == (error,)
    assert evidence.warnings == (warning,)


def test_input_issue_names_file_line_column_value() -> None:
    """cli.rst input_errors entry: source, file, line, column, value, message."""
    issue = InputIssue("csv", "unknown grade", "staff.csv", 7, "grade", "E0")
    assert issue.to_dict() == {
        "source": "csv",
        "file": "staff.csv",
        "line": 7,
        "column": "grade",
        "value": "E0",
        "message": "unknown grade",
    }
    text = issue.describe()
    assert "staff.csv" in text
    assert "line 7" in text
    assert "grade" in text
    assert "E0" in text
    assert "\n" not in text


def test_from_records_counts_sources() -> None:
    evidence = jc.Evidence.from_records(offices=[Office("OF001", "Leeds")])
    assert evidence.sources[0].records == {"offices": 1}


def test_learning_facts_order_and_lookup() -> None:
    """IT §4: lms_core counts only for the role it was completed for; other courses ignore
    the role column."""
    facts = LearningFacts.from_records(
        [
            LearningRecord("S1", Course.SECURITY_AWARENESS, D(2026, 5, 1)),
            LearningRecord("S1", Course.SECURITY_AWARENESS, D(2025, 5, 1)),
            LearningRecord("S1", Course.SECURITY_AWARENESS, D(2026, 5, 1)),
            LearningRecord("S1", Course.LMS_CORE, D(2026, 1, 1), "work_coach"),
            LearningRecord("S1", Course.DWP_FOUNDATION, D(2026, 1, 2), "ignored"),
        ]
    )
    assert facts.rows == 5
    assert facts.completions("S1", Course.SECURITY_AWARENESS) == (D(2025, 5, 1), D(2026, 5, 1))
    assert facts.first("S1", Course.SECURITY_AWARENESS) == D(2025, 5, 1)
    assert facts.latest_by("S1", Course.SECURITY_AWARENESS, D(2026, 4, 30)) == D(2025, 5, 1)
    assert facts.latest_by("S1", Course.SECURITY_AWARENESS, D(2026, 5, 1)) == D(2026, 5, 1)
    assert facts.latest_by("S1", Course.SECURITY_AWARENESS, D(2025, 4, 30)) is None
    assert facts.first("S1", Course.LMS_CORE, "work_coach") == D(2026, 1, 1)
    assert facts.first("S1", Course.LMS_CORE, "service_agent") is None
    assert facts.first("S1", Course.DWP_FOUNDATION) == D(2026, 1, 2)
    assert facts.staff_ids == frozenset({"S1"})


def test_learning_facts_merge_keeps_every_completion() -> None:
    one = LearningFacts.from_records([LearningRecord("S1", Course.DATA_HANDLING, D(2026, 1, 1))])
    two = LearningFacts.from_records([LearningRecord("S1", Course.DATA_HANDLING, D(2026, 2, 1))])
    merged = LearningFacts.merge([one, two])
    assert merged.completions("S1", Course.DATA_HANDLING) == (D(2026, 1, 1), D(2026, 2, 1))
    assert merged.rows == 2
