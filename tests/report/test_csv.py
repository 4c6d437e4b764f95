"""The ``csv`` report format (cli.rst, "Formats": csv)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jcp_controls as jc
from jcp_controls.report import csv as csv_format

from .conftest import AS_OF, Cli, api_render, make_report, result

HEADER = "control_id,status,severity,office_id,subject_kind,subject_id,staff_id,due_on,message"
FIELDS = HEADER.split(",")
#: cli.rst: "any cell starting =, +, -, @, tab or CR neutralised".
FORMULA_CHARS = ["=", "+", "-", "@", "\t", "\r"]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def expected_row(r: jc.Result) -> dict[str, str]:
    return {
        "control_id": r.control_id,
        "status": r.status.value,
        "severity": r.severity.value,
        "office_id": r.office_id or "",
        "subject_kind": r.subject_kind.value,
        "subject_id": r.subject_id or "",
        "staff_id": r.staff_id or "",
        "due_on": r.due_on.isoformat() if r.due_on else "",
        "message": r.message,
    }


def test_header_row_is_exactly_the_contract(mixed_report: jc.Report) -> None:
    text = mixed_report.render("csv")
    assert text.splitlines()[0] == HEADER


def test_header_alone_for_a_report_without_findings() -> None:
    report = make_report([result(status=jc.Status.PASS)])
    assert csv_format.render(report, False) == HEADER + "\r\n"


def test_one_row_per_finding_in_report_order(mixed_report: jc.Report) -> None:
    # cli.rst: results hold every result that is not pass, ordered by office, control,
    # subject; nulls are empty cells.
    assert rows(mixed_report.render("csv")) == [
        expected_row(r) for r in mixed_report.results if r.status is not jc.Status.PASS
    ]


def test_include_passes_lists_every_result(mixed_report: jc.Report) -> None:
    parsed = rows(mixed_report.render("csv", include_passes=True))
    assert parsed == [expected_row(r) for r in mixed_report.results]
    assert [row["status"] for row in parsed].count("pass") == 2


def test_null_cells_are_empty() -> None:
    report = make_report(
        [result(office_id=None, subject_id=None, staff_id=None, due_on=None, message="m")]
    )
    line = csv_format.render(report, False).splitlines()[1]
    assert line == "ACC-001,fail,high,,grant,,,,m"


@pytest.mark.parametrize("char", FORMULA_CHARS, ids=repr)
@pytest.mark.parametrize("column", ["office_id", "subject_id", "staff_id", "message"])
def test_formula_injection_is_neutralised(char: str, column: str) -> None:
    value = f'{char}HYPERLINK("x";"click")'
    report = make_report([result(**{column: value})])
    (row,) = rows(csv_format.render(report, False))
    assert row[column] == "'" + value


@pytest.mark.parametrize(
    "value",
    [
        "a-b",
        "S-001",
        "reviewed on 2026-01-01 - late",
        "x=1+2",
        "mail@example",
        "'already quoted",
        " =leading space is not a formula prefix in the contract",
    ],
)
def test_other_cells_are_untouched(value: str) -> None:
    report = make_report([result(subject_id=value, message=value)])
    (row,) = rows(csv_format.render(report, False))
    assert row["subject_id"] == value
    assert row["message"] == value


def test_rfc4180_quoting_round_trips() -> None:
    message = 'account "a,b"\nsecond line, with comma'
    report = make_report([result(message=message)])
    text = csv_format.render(report, False)
    assert '"account ""a,b""\nsecond line, with comma"\r\n' in text
    (row,) = rows(text)
    assert row["message"] == message


_cell_text = st.text(st.characters(exclude_characters="\x00"), max_size=30)


@settings(max_examples=60, deadline=None)
@given(subject=_cell_text, message=_cell_text)
def test_any_text_round_trips_with_only_the_formula_prefix_added(
    subject: str, message: str
) -> None:
    report = make_report([result(subject_id=subject, message=message)])
    (row,) = rows(csv_format.render(report, False))

    def safe(value: str) -> str:
        return "'" + value if value[:1] in FORMULA_CHARS else value

    assert row["subject_id"] == safe(subject)
    assert row["message"] == safe(message)


def test_deterministic_and_rows_end_with_crlf(mixed_report: jc.Report) -> None:
    # RFC 4180 section 2: each record is terminated by CRLF.
    first = mixed_report.render("csv", include_passes=True)
    assert first == mixed_report.render("csv", include_passes=True)
    assert first.endswith("\r\n")
    assert first.count("\r\n") == len(mixed_report.results) + 1


def test_evaluated_report_is_csv_of_its_findings(evaluated_report: jc.Report) -> None:
    parsed = rows(evaluated_report.render("csv"))
    assert parsed == [expected_row(r) for r in evaluated_report.findings()]
    assert len(parsed) >= 2


def test_cli_writes_csv(evidence_folder: Path, run_cli: Cli, tmp_path: Path) -> None:
    code, out, err = run_cli(
        "evaluate", evidence_folder, "--format", "csv", "--as-of", AS_OF.isoformat()
    )
    assert code == 1, err  # there are failures (cli.rst exit status)
    assert out.splitlines()[0] == HEADER
    assert out == api_render(evidence_folder, "csv")
    parsed = rows(out)
    # The grant ID "=HYPERLINK(1)" from grant_id is neutralised.
    assert "'=HYPERLINK(1)" in {row["subject_id"] for row in parsed}
    assert all(row["status"] != "pass" for row in parsed)

    target = tmp_path / "report.csv"
    code, out, _ = run_cli(
        "evaluate",
        evidence_folder,
        "--format",
        "csv",
        "--as-of",
        AS_OF.isoformat(),
        "--include-passes",
        "--output",
        target,
    )
    assert out == ""
    written = target.read_bytes().decode("utf-8")
    assert written == api_render(evidence_folder, "csv", True)
    assert "pass" in {row["status"] for row in rows(written)}
