"""The ``table`` report format: terminal text (interface.md, "Formats": table; the default
``--format`` of ``jcp-controls evaluate``)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

import jcp_controls as jc
from jcp_controls.report import table as table_format

from .conftest import AS_OF, Cli, api_render, make_report, result

STATUS_ORDER = ("pass", "warn", "fail", "error", "waived")
FINDING_COLUMNS = ("control", "status", "office", "subject", "staff", "due", "message")


def finding_lines(text: str) -> list[str]:
    """The lines of the findings table: header, rule, rows."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:2] == ["control", "status"])
    end = next(i for i in range(start, len(lines)) if not lines[i].strip())
    return lines[start:end]


def columns_of(lines: list[str]) -> list[list[str]]:
    """Split rows at the column starts given by the header (fixed-width columns)."""
    header = lines[0]
    starts = [header.index(name) for name in FINDING_COLUMNS]
    bounds = [*starts[1:], None]
    return [[line[a:b].strip() for a, b in zip(starts, bounds, strict=True)] for line in lines[2:]]


def expected(r: jc.Result) -> list[str]:
    subject = f"{r.subject_kind.value} {r.subject_id or ''}".strip()
    return [
        r.control_id,
        r.status.value,
        r.office_id or "",
        subject,
        r.staff_id or "",
        r.due_on.isoformat() if r.due_on else "",
        r.message,
    ]


def test_heading_names_as_of(mixed_report: jc.Report) -> None:
    first = mixed_report.render("table").splitlines()[0]
    assert AS_OF.isoformat() in first
    assert jc.__version__ in first


def test_summary_counts_per_control(mixed_report: jc.Report) -> None:
    lines = mixed_report.render("table").splitlines()
    counts = mixed_report.counts()
    for control in mixed_report.controls:
        (line,) = [ln for ln in lines if ln.split()[:2] == [control.control_id, control.name]]
        numbers = [int(word) for word in line.split()[-5:]]
        assert numbers == [counts[control.control_id][s] for s in STATUS_ORDER]


def test_findings_in_report_order_with_their_columns(mixed_report: jc.Report) -> None:
    lines = finding_lines(mixed_report.render("table"))
    assert columns_of(lines) == [expected(r) for r in mixed_report.findings()]


def test_include_passes(mixed_report: jc.Report) -> None:
    lines = finding_lines(mixed_report.render("table", include_passes=True))
    assert columns_of(lines) == [expected(r) for r in mixed_report.results]


def test_columns_line_up(mixed_report: jc.Report) -> None:
    lines = finding_lines(mixed_report.render("table", include_passes=True))
    at = lines[0].index("message")
    for line, r in zip(lines[2:], mixed_report.results, strict=True):
        assert line.index(r.message) == at


def test_ends_with_one_line_total(mixed_report: jc.Report) -> None:
    text = mixed_report.render("table")
    assert text.endswith("\n")
    last = text.splitlines()[-1]
    assert str(len(mixed_report.findings())) in last.split()
    summary = mixed_report.summary()["total"]
    for status in STATUS_ORDER:
        assert f"{status} {summary[status]}" in last


def test_plain_ascii_and_no_colour(mixed_report: jc.Report) -> None:
    text = mixed_report.render("table", include_passes=True)
    assert text.isascii()
    assert "\x1b" not in text


def test_evidence_text_kept_but_control_characters_neutralised() -> None:
    message = "Zoë \x1b[31mred\x1b[0m\nsecond line\tafter tab"
    report = make_report([result(message=message, staff_id="S\r1")])
    text = table_format.render(report, False)
    assert "\x1b" not in text
    assert "\r" not in text
    assert "Zoë" in text
    (row,) = columns_of(finding_lines(text))
    assert "second line after tab" in row[6]
    assert row[4] == "S 1"
    non_ascii = {char for char in text if not char.isascii()}
    assert non_ascii == {"ë"}


def test_report_without_findings() -> None:
    report = make_report([result(status=jc.Status.PASS)])
    text = report.render("table")
    assert "control  status" not in text  # no findings table
    assert text.splitlines()[-1].split()[0] == "0"
    assert finding_lines(report.render("table", include_passes=True))[2].startswith("ACC-001")


def test_wide_characters_keep_columns_aligned() -> None:
    # Staff names and IDs are opaque evidence strings; a CJK ID takes two terminal cells.
    report = make_report(
        [result(subject_id="G東京", message="first"), result(subject_id="G2", message="second")]
    )
    lines = finding_lines(report.render("table"))

    def cells_before(line: str, text: str) -> int:
        prefix = line[: line.index(text)]
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in prefix)

    assert cells_before(lines[2], "first") == cells_before(lines[3], "second")
    assert cells_before(lines[2], "first") == lines[0].index("message")


@pytest.mark.parametrize("include_passes", [False, True])
def test_deterministic(evaluated_report: jc.Report, include_passes: bool) -> None:
    first = evaluated_report.render("table", include_passes=include_passes)
    assert first == evaluated_report.render("table", include_passes=include_passes)


def test_cli_default_format_is_table(evidence_folder: Path, run_cli: Cli) -> None:
    code, out, err = run_cli(
        "evaluate", evidence_folder, "--format", "table", "--as-of", AS_OF.isoformat()
    )
    assert code == 1, err
    assert out == api_render(evidence_folder, "table")
    code, default, _ = run_cli("evaluate", evidence_folder, "--as-of", AS_OF.isoformat())
    assert default == out
    assert "\x1b" not in out
