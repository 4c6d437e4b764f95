"""Comparing two reports (issue 4 item 7; cli.rst CLI table ``diff OLD.json NEW.json``):
findings new, resolved and still open, keyed by control, office and subject.

A finding is a result that is not ``pass`` (cli.rst: the JSON ``results`` hold "every
result that is not pass" unless ``--include-passes``). The gate order is cli.rst's
``pass < waived < warn < fail < error``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import jcp_controls as jc
from jcp_controls.report.diff import ReportDiff, diff_reports, load_report

OLD_AS_OF = dt.date(2026, 11, 22)


def row(
    control_id: str,
    status: str,
    subject_id: str | None = "G1",
    *,
    office_id: str | None = "OF001",
    subject_kind: str = "grant",
    message: str = "msg",
    staff_id: str | None = "S001",
    due_on: str | None = None,
) -> dict[str, Any]:
    return {
        "control_id": control_id,
        "status": status,
        "severity": "high",
        "office_id": office_id,
        "subject_kind": subject_kind,
        "subject_id": subject_id,
        "staff_id": staff_id,
        "due_on": due_on,
        "message": message,
        "evidence": {},
    }


def document(as_of: str, *results: dict[str, Any]) -> dict[str, Any]:
    """A jcp-controls/report/1 document as cli.rst shows it."""
    return {
        "schema": "jcp-controls/report/1",
        "as_of": as_of,
        "library_version": "0.1.0",
        "policy": {},
        "sources": [],
        "input_errors": [],
        "controls": [],
        "results": list(results),
    }


def keys(entries: tuple[Any, ...]) -> list[tuple[str, str | None, str, str | None]]:
    return [(e.control_id, e.office_id, e.subject_kind, e.subject_id) for e in entries]


# -- classification --------------------------------------------------------------------------


def test_new_resolved_and_still_open() -> None:
    old = document(
        "2026-11-22",
        row("ACC-001", "fail", "G1"),
        row("ACC-004", "fail", "G2"),
        row("ACC-009", "warn", "G3"),
    )
    new = document(
        "2026-12-22",
        row("ACC-001", "fail", "G1"),
        row("ACC-009", "fail", "G3", message="now overdue"),
        row("ACC-012", "fail", "G4"),
    )
    diff = diff_reports(old, new)
    assert keys(diff.new_findings) == [("ACC-012", "OF001", "grant", "G4")]
    # a key present in OLD and absent from NEW (written without passes) is resolved
    assert keys(diff.resolved) == [("ACC-004", "OF001", "grant", "G2")]
    assert keys(diff.still_open) == [
        ("ACC-001", "OF001", "grant", "G1"),
        ("ACC-009", "OF001", "grant", "G3"),
    ]
    unchanged, changed = diff.still_open
    assert (unchanged.old_status, unchanged.new_status, unchanged.changed) == (
        jc.Status.FAIL,
        jc.Status.FAIL,
        False,
    )
    assert (changed.old_status, changed.new_status, changed.changed) == (
        jc.Status.WARN,
        jc.Status.FAIL,
        True,
    )
    assert changed.status_text == "warn -> fail"
    assert changed.message == "now overdue"  # the newer report's words
    assert diff.new_findings[0].old_status is None
    assert diff.resolved[0].new_status is None
    assert (diff.old.as_of, diff.new.as_of) == ("2026-11-22", "2026-12-22")
    assert (diff.old.findings, diff.new.findings) == (3, 3)


@pytest.mark.parametrize(
    ("old_status", "new_status", "where"),
    [
        ("pass", "fail", "new_findings"),  # reports written with --include-passes
        ("fail", "pass", "resolved"),
        ("pass", "pass", None),
        ("waived", "fail", "still_open"),  # waived is a finding: accepted, not met
        ("fail", "waived", "still_open"),
        ("error", "pass", "resolved"),
        (None, "waived", "new_findings"),
        ("warn", None, "resolved"),
        ("error", "error", "still_open"),
    ],
)
def test_classification_by_status(
    old_status: str | None, new_status: str | None, where: str | None
) -> None:
    old = document("2026-11-22", *([row("ACC-009", old_status)] if old_status else []))
    new = document("2026-12-22", *([row("ACC-009", new_status)] if new_status else []))
    diff = diff_reports(old, new)
    found = {
        name: keys(getattr(diff, name)) for name in ("new_findings", "resolved", "still_open")
    }
    expected = {name: [] for name in found}
    if where is not None:
        expected[where] = [("ACC-009", "OF001", "grant", "G1")]
    assert found == expected


@pytest.mark.parametrize(
    "changed_field",
    [
        {"control_id": "ACC-004"},
        {"office_id": "OF002"},
        {"subject_kind": "staff"},
        {"subject_id": "G9"},
    ],
    ids=["control", "office", "subject_kind", "subject"],
)
def test_key_is_control_office_and_subject(changed_field: dict[str, str]) -> None:
    old = document("2026-11-22", row("ACC-001", "fail"))
    new = document("2026-12-22", {**row("ACC-001", "fail"), **changed_field})
    diff = diff_reports(old, new)
    assert (len(diff.new_findings), len(diff.resolved), len(diff.still_open)) == (1, 1, 0)


def test_message_staff_and_due_date_changes_do_not_make_a_new_finding() -> None:
    old = document("2026-11-22", row("ACC-009", "warn", message="a", due_on="2026-12-01"))
    new = document(
        "2026-12-22", row("ACC-009", "fail", message="b", staff_id="S9", due_on="2026-12-01")
    )
    diff = diff_reports(old, new)
    assert keys(diff.still_open) == [("ACC-009", "OF001", "grant", "G1")]
    assert diff.new_findings == diff.resolved == ()


def test_null_office_and_subject_are_keys_too() -> None:
    # evidence.rst: offices.csv missing gives one error with null office_id and subject_id
    error = row("ACC-001", "error", None, office_id=None, subject_kind="office", staff_id=None)
    diff = diff_reports(document("2026-11-22", error), document("2026-12-22", error))
    assert keys(diff.still_open) == [("ACC-001", None, "office", None)]


def test_lists_are_ordered_by_office_control_subject() -> None:
    new = document(
        "2026-12-22",
        row("LRN-001", "fail", "S1", office_id="OF002", subject_kind="staff"),
        row("ACC-009", "fail", "G2", office_id="OF002"),
        row("ACC-009", "fail", "G10", office_id="OF002"),
        row("ACC-009", "fail", "G1", office_id="OF001"),
        row("ACC-001", "error", None, office_id=None, subject_kind="office"),
    )
    diff = diff_reports(document("2026-11-22"), new)
    assert keys(diff.new_findings) == [
        ("ACC-001", None, "office", None),
        ("ACC-009", "OF001", "grant", "G1"),
        ("ACC-009", "OF002", "grant", "G10"),
        ("ACC-009", "OF002", "grant", "G2"),
        ("LRN-001", "OF002", "staff", "S1"),
    ]


# -- the gate --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new_status", "fail_on", "gated"),
    [
        ("fail", jc.Status.FAIL, True),
        ("error", jc.Status.FAIL, True),  # evidence that could not be evaluated never passes
        ("warn", jc.Status.FAIL, False),
        ("warn", jc.Status.WARN, True),
        ("waived", jc.Status.WARN, False),
        ("fail", None, False),  # --fail-on never
    ],
)
def test_gate_on_new_findings(new_status: str, fail_on: jc.Status | None, gated: bool) -> None:
    diff = diff_reports(document("2026-11-22"), document("2026-12-22", row("X-1", new_status)))
    assert diff.gate(fail_on) is gated


def test_still_open_and_resolved_findings_do_not_gate() -> None:
    # issue 4: exit 1 "when a NEW finding is at or above --fail-on"
    old = document("2026-11-22", row("A-1", "warn"), row("A-2", "fail", "G2"))
    new = document("2026-12-22", row("A-1", "fail"))
    assert not diff_reports(old, new).gate(jc.Status.WARN)


# -- with real reports -----------------------------------------------------------------------


def _evidence(reviewed_on: dt.date, form_ref: str | None) -> jc.Evidence:
    return jc.Evidence.from_records(
        offices=[jc.Office("OF001", "Leeds", csm_staff_id="S001")],
        staff=[jc.Staff("S002", "Bob", "OF001", jc.Grade.AO, "work_coach")],
        access_grants=[
            jc.AccessGrant(
                "G1", "lms", "a1", "basic", dt.date(2025, 1, 1), staff_id="S002", form_ref="F1"
            ),
            jc.AccessGrant(
                "G2", "lms", "a2", "basic", dt.date(2025, 1, 1), staff_id="S002", form_ref=form_ref
            ),
        ],
        access_reviews=[jc.AccessReview("G1", reviewed_on), jc.AccessReview("G2", reviewed_on)],
    )


def test_report_objects_and_their_json_compare_alike(tmp_path: Path) -> None:
    # ACC-004 (LMS1 form missing) is fixed; ACC-009 reviews fall overdue by the later date
    only = ["ACC-004", "ACC-009"]
    old = jc.evaluate(_evidence(dt.date(2026, 10, 1), None), as_of=OLD_AS_OF, only=only)
    new = jc.evaluate(_evidence(dt.date(2026, 10, 1), "F2"), as_of="2027-01-15", only=only)
    diff = diff_reports(old, new)
    assert keys(diff.resolved) == [("ACC-004", "OF001", "grant", "G2")]
    assert keys(diff.new_findings) == [
        ("ACC-009", "OF001", "grant", "G1"),
        ("ACC-009", "OF001", "grant", "G2"),
    ]
    assert [e.new_status for e in diff.new_findings] == [jc.Status.FAIL] * 2
    old.to_json(tmp_path / "old.json", include_passes=False)
    new.to_json(tmp_path / "new.json", include_passes=False)
    files = diff_reports(load_report(tmp_path / "old.json"), load_report(tmp_path / "new.json"))
    for name in ("new_findings", "resolved", "still_open"):
        assert keys(getattr(files, name)) == keys(getattr(diff, name))
    assert [e.new_status for e in files.new_findings] == [jc.Status.FAIL] * 2
    # without passes in the file NEW does not list it at all; the Report object says pass
    assert files.resolved[0].new_status is None
    assert diff.resolved[0].new_status is jc.Status.PASS


# -- formats ---------------------------------------------------------------------------------


@pytest.fixture
def diff() -> ReportDiff:
    old = document(
        "2026-11-22",
        row("ACC-001", "fail", "G1"),
        row("ACC-009", "warn", "G3"),
        row("ACC-004", "fail", "G2", message="no <b>LMS1</b> | form"),
    )
    new = document(
        "2026-12-22",
        row("ACC-001", "fail", "G1"),
        row("ACC-009", "fail", "G3"),
        row("ACC-012", "error", "G4", staff_id=None, due_on="2026-12-20"),
    )
    return diff_reports(old, new)


def test_json_document(diff: ReportDiff) -> None:
    doc = json.loads(diff.render("json"))
    assert doc["schema"] == "jcp-controls/diff/1"
    assert doc["old"] == {"as_of": "2026-11-22", "library_version": "0.1.0", "findings": 3}
    assert doc["new"]["as_of"] == "2026-12-22"
    assert doc["counts"] == {"new_findings": 1, "resolved": 1, "still_open": 2}
    assert doc["new_findings"] == [
        {
            "control_id": "ACC-012",
            "severity": "high",
            "office_id": "OF001",
            "subject_kind": "grant",
            "subject_id": "G4",
            "staff_id": None,
            "old_status": None,
            "new_status": "error",
            "due_on": "2026-12-20",
            "message": "msg",
        }
    ]
    assert [(e["old_status"], e["new_status"]) for e in doc["still_open"]] == [
        ("fail", "fail"),
        ("warn", "fail"),
    ]
    assert doc["resolved"][0]["new_status"] is None


def test_table_and_markdown(diff: ReportDiff) -> None:
    table = diff.render("table")
    for title in ("New findings (1)", "Resolved (1)", "Still open (2)", "warn -> fail"):
        assert title in table
    assert table.index("New findings") < table.index("Resolved") < table.index("Still open")
    md = diff.render("md")
    assert "## New findings (1)" in md
    assert "<b>" not in md  # evidence text is escaped
    assert "\\| form" in md
    assert "warn -> fail" in md


def test_same_reports_give_the_same_text(diff: ReportDiff) -> None:
    for fmt in ("table", "json", "md"):
        assert diff.render(fmt) == diff.render(fmt)
    with pytest.raises(jc.UsageError):
        diff.render("csv")


# -- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        pytest.param(None, "not found", id="missing"),
        pytest.param(b"{not json", "not valid JSON", id="not-json"),
        pytest.param(b"\xff\xfe\x00garbage", "not", id="not-utf8"),
        pytest.param(b"[1, 2]", "not a jcp-controls report", id="json-array"),
        pytest.param(b'{"schema": "other/1", "results": []}', "schema", id="other-schema"),
        pytest.param(b'{"results": []}', "schema", id="no-schema"),
        pytest.param(b'{"schema": "jcp-controls/report/1"}', "results", id="no-results"),
        pytest.param(
            b'{"schema": "jcp-controls/report/1", "results": [{"control_id": "A"}]}',
            "results[0]",
            id="result-without-key",
        ),
        pytest.param(
            json.dumps(document("2026-11-22", row("A", "bogus"))).encode(),
            "status 'bogus'",
            id="unknown-status",
        ),
    ],
)
def test_bad_report_files_name_the_file(
    tmp_path: Path, content: bytes | None, complaint: str
) -> None:
    path = tmp_path / "report.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(jc.UsageError) as raised:
        load_report(path)
    message = str(raised.value)
    assert str(path) in message
    assert complaint in message
    assert "\n" not in message


def test_a_directory_is_not_a_report(tmp_path: Path) -> None:
    with pytest.raises(jc.UsageError, match="cannot read"):
        load_report(tmp_path)


def test_documents_in_memory_are_checked_too() -> None:
    with pytest.raises(jc.UsageError, match="schema"):
        diff_reports({"schema": "nope", "results": []}, document("2026-11-22"))
