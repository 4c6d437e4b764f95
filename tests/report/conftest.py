"""Reports built in code for the writer tests, and a small evidence folder for the CLI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

import jcp_controls as jc
from jcp_controls.cli import main
from jcp_controls.evidence.store import InputIssue

AS_OF = dt.date(2026, 11, 22)

#: Evidence text trying to inject markup (cli.rst: html "every string from the evidence
#: is HTML-escaped").
SCRIPT = "<script>alert(1)</script>"
#: Evidence text with every character that HTML escaping must handle.
NASTY = "a&b \"quoted\" 'single' <b>bold</b>"


def control(
    control_id: str,
    name: str | None = None,
    severity: jc.Severity = jc.Severity.HIGH,
    citation: str = "IT §3",
) -> jc.Control:
    """A declared control whose scope is empty (only its data matters to a writer)."""
    return jc.Control(
        control_id=control_id,
        name=name or f"control-{control_id.lower()}",
        severity=severity,
        citation=citation,
        scope="anything",
        subject_kind=jc.SubjectKind.GRANT,
        rule_text="a rule",
        needs=(),
        select=lambda ctx: (),
        judge=lambda ctx, item: jc.Finding(jc.Status.PASS, "ok"),
    )


def result(
    control_id: str = "ACC-001",
    status: jc.Status = jc.Status.FAIL,
    *,
    office_id: str | None = "OF001",
    subject_kind: jc.SubjectKind = jc.SubjectKind.GRANT,
    subject_id: str | None = "G1",
    staff_id: str | None = "S001",
    due_on: dt.date | None = None,
    message: str = "authorised by S099, who is neither the CSM nor an LMS delegate",
    severity: jc.Severity = jc.Severity.HIGH,
) -> jc.Result:
    """One result, every field settable."""
    return jc.Result(
        control_id=control_id,
        status=status,
        severity=severity,
        office_id=office_id,
        subject_kind=subject_kind,
        subject_id=subject_id,
        staff_id=staff_id,
        due_on=due_on,
        message=message,
    )


def make_report(
    results: Sequence[jc.Result],
    controls: Sequence[jc.Control] | None = None,
    input_errors: Sequence[InputIssue] = (),
) -> jc.Report:
    """A report holding ``results`` (controls default to those the results name, in order)."""
    if controls is None:
        ids = dict.fromkeys(r.control_id for r in results)
        controls = [control(control_id) for control_id in ids]
    return jc.Report(
        as_of=AS_OF,
        policy=jc.Policy(),
        controls=tuple(controls),
        results=tuple(results),
        input_errors=tuple(input_errors),
    )


@pytest.fixture
def mixed_report() -> jc.Report:
    """Two offices plus an office-less error, every status, a due date, a control with nothing
    in scope; results in report order (office, control, subject)."""
    controls = [
        control("ACC-001", "access-authorised-by-eligible-manager", citation="IT §3, §4"),
        control("ACC-009", "access-reviewed-regularly", jc.Severity.MEDIUM, "SEC §44"),
        control("LRN-001", "annual-foundation-learning", jc.Severity.HIGH, "IT §4; SEC §41"),
        control("LRN-003", "data-handling-awareness", jc.Severity.LOW, "IT §11"),
    ]
    results = [
        result(
            "ACC-001",
            jc.Status.ERROR,
            office_id=None,
            subject_kind=jc.SubjectKind.OFFICE,
            subject_id=None,
            staff_id=None,
            message="evidence unavailable: offices.csv",
        ),
        result("ACC-001", jc.Status.PASS, subject_id="G1", message="authorised by S001, the CSM"),
        result("ACC-001", jc.Status.FAIL, subject_id="G2", staff_id="S002"),
        result(
            "ACC-009",
            jc.Status.WARN,
            subject_id="G1",
            due_on=dt.date(2026, 12, 1),
            severity=jc.Severity.MEDIUM,
            message="access review due by 2026-12-01",
        ),
        result(
            "LRN-001",
            jc.Status.WAIVED,
            subject_kind=jc.SubjectKind.STAFF,
            subject_id="S003",
            staff_id="S003",
            due_on=dt.date(2026, 10, 1),
            message="dwp_foundation overdue since 2026-10-01 (waived)",
        ),
        result(
            "ACC-001",
            jc.Status.PASS,
            office_id="OF002",
            subject_id="G7",
            staff_id="S010",
            message="authorised by S011, the CSM",
        ),
        result(
            "ACC-009",
            jc.Status.FAIL,
            office_id="OF002",
            subject_id="G7",
            staff_id="S010",
            due_on=dt.date(2026, 8, 1),
            severity=jc.Severity.MEDIUM,
            message="access review overdue since 2026-08-01 (never reviewed)",
        ),
    ]
    return make_report(results, controls)


@pytest.fixture
def evaluated_report() -> jc.Report:
    """A real evaluation whose messages carry hostile evidence text: an entitlement that is a
    script tag (ACC-005 names it) and an account ID full of HTML specials (ACC-012 names it)."""
    granted = dt.date(2026, 1, 10)
    evidence = jc.Evidence.from_records(
        offices=[jc.Office("OF001", "Leeds", csm_staff_id="S001")],
        staff=[
            jc.Staff("S001", "Alice", "OF001", jc.Grade.HEO, "customer_service_manager"),
            jc.Staff("S002", "Bob", "OF001", jc.Grade.AO, "work_coach"),
        ],
        access_grants=[
            jc.AccessGrant(
                "G1",
                "lms",
                "acc1",
                SCRIPT,
                granted,
                staff_id="S002",
                authorised_by="S001",
                form_ref="F1",
            ),
            jc.AccessGrant("G2", "lms", NASTY, "basic", granted, office_id="OF001"),
        ],
        access_role_matrix=[jc.RoleMatrixEntry("lms", "work_coach", "basic")],
    )
    return jc.evaluate(evidence, as_of=AS_OF, only=["ACC-004", "ACC-005", "ACC-012"])


# -- an evidence folder for the CLI (evidence.rst) --------------------------------------------

FOLDER = {
    "offices.csv": "office_id,name,csm_staff_id\nOF001,Leeds,S001\nOF002,Bradford,S003\n",
    "staff.csv": (
        "staff_id,name,office_id,grade,job_role\n"
        "S001,Alice,OF001,heo,customer_service_manager\n"
        "S002,Bob,OF001,ao,work_coach\n"
        "S003,Carol,OF002,heo,customer_service_manager\n"
    ),
    "access_grants.csv": (
        "grant_id,system,account_id,staff_id,office_id,entitlement,granted_on,authorised_by,"
        "form_ref\n"
        f'G1,lms,acc1,S002,,"{SCRIPT}",2026-01-10,S001,F1\n'
        "G2,lms,acc2,S002,,basic,2026-01-10,S002,F2\n"
        "=HYPERLINK(1),lms,acc3,,OF002,basic,2026-01-10,S003,F3\n"
    ),
    "access_role_matrix.csv": "system,job_role,entitlement\nlms,work_coach,basic\n",
}


def write_folder(path: Path, files: dict[str, str]) -> Path:
    """Write an evidence folder: one CSV per entry."""
    path.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def evidence_folder(tmp_path: Path) -> Path:
    """A small valid evidence folder: self-authorisation, a script-tag entitlement and a grant
    whose ID looks like a formula."""
    return write_folder(tmp_path / "evidence", FOLDER)


Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``jcp-controls`` in-process; returns exit status, stdout and stderr."""

    def run(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def api_render(folder: Path, fmt: str, include_passes: bool = False) -> str:
    """What the Python API renders for ``folder`` on :data:`AS_OF`."""
    report = jc.evaluate(jc.load(folder), as_of=AS_OF)
    return report.render(fmt, include_passes=include_passes)
