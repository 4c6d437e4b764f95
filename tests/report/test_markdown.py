"""The ``md`` report format (cli.rst, "Formats": md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jcp_controls as jc
from jcp_controls.evidence.store import InputIssue
from jcp_controls.report import markdown as md_format

from .conftest import AS_OF, SCRIPT, Cli, api_render, make_report, result

STATUS_ORDER = ("pass", "warn", "fail", "error", "waived")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_ESCAPE = re.compile(r"\\(.)")


def unescape(text: str) -> str:
    """Markdown backslash escapes resolved, as a CommonMark renderer shows the text."""
    return _ESCAPE.sub(r"\1", text)


def cells(line: str) -> list[str]:
    """The cells of one GFM table row, as rendered text (stripped of ``**`` emphasis)."""
    inner = line.strip()[1:-1]
    parts = _UNESCAPED_PIPE.split(inner)
    return [unescape(part.strip().removeprefix("**").removesuffix("**")) for part in parts]


def sections(text: str) -> dict[str, list[list[str]]]:
    """Heading text (unescaped) -> the table rows below it (header row included)."""
    found: dict[str, list[list[str]]] = {}
    current = ""
    for line in text.splitlines():
        if line.startswith("#"):
            current = unescape(line.lstrip("#").strip())
            found[current] = []
        elif line.startswith("|") and not line.startswith("|---"):
            found[current].append(cells(line))
    return found


def office_section(text: str, title: str) -> list[list[str]]:
    (key,) = [k for k in sections(text) if k.startswith(title)]
    return sections(text)[key]


def finding_row(r: jc.Result) -> list[str]:
    subject = f"{r.subject_kind.value} {r.subject_id or ''}".strip()
    due = r.due_on.isoformat() if r.due_on else ""
    return [r.control_id, subject, r.staff_id or "", r.status.value.upper(), due, r.message]


def test_title_and_as_of(mixed_report: jc.Report) -> None:
    text = mixed_report.render("md")
    assert text.startswith("# ")
    head = text.split("## ")[0]
    assert AS_OF.isoformat() in head
    assert jc.__version__ in head
    assert text.endswith("\n")


def test_summary_table(mixed_report: jc.Report) -> None:
    rows = sections(mixed_report.render("md"))["Summary"]
    counts = mixed_report.counts()
    for control in mixed_report.controls:
        expected = [
            control.control_id,
            control.name,
            control.severity.value,
            control.citation,
            *(str(counts[control.control_id][s]) for s in STATUS_ORDER),
        ]
        assert expected in rows
    assert len(rows) == 1 + len(mixed_report.controls) + 1  # header, controls, total


def test_findings_by_office(mixed_report: jc.Report) -> None:
    text = mixed_report.render("md")
    for office in ("OF001", "OF002"):
        rows = office_section(text, f"Office {office}")
        expected = [finding_row(r) for r in mixed_report.findings() if r.office_id == office]
        assert rows[1:] == expected
    rows = office_section(text, "No office")
    assert rows[1:] == [finding_row(r) for r in mixed_report.findings() if not r.office_id]


def test_include_passes(mixed_report: jc.Report) -> None:
    def statuses(text: str) -> list[str]:
        return [
            row[3]
            for title, rows in sections(text).items()
            if title.startswith(("Office", "No office"))
            for row in rows[1:]
        ]

    assert "PASS" not in statuses(mixed_report.render("md"))
    assert statuses(mixed_report.render("md", include_passes=True)).count("PASS") == 2


@pytest.mark.parametrize(
    "message", ["a | b", "|leading", "trailing|", "a \\| b", "x||y", "back\\slash"]
)
def test_pipes_are_escaped(message: str) -> None:
    report = make_report([result(message=message, subject_id="G|1")])
    rows = office_section(md_format.render(report, False), "Office OF001")
    assert len(rows[1]) == 6  # the pipe did not add a column
    assert rows[1][1] == "grant G|1"
    assert rows[1][5] == message


@settings(max_examples=60, deadline=None)
@given(message=st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=40))
def test_any_message_stays_one_cell(message: str) -> None:
    report = make_report([result(message=message)])
    rows = office_section(md_format.render(report, False), "Office OF001")
    assert len(rows[1]) == 6
    assert rows[1][5] == message.strip()


def test_markup_in_evidence_is_not_markup(evaluated_report: jc.Report) -> None:
    text = evaluated_report.render("md")
    assert "<script>" not in text  # raw HTML would pass through many Markdown renderers
    shown = [c for title, rows in sections(text).items() for row in rows for c in row]
    assert any(SCRIPT in c for c in shown)


def test_office_heading_is_escaped() -> None:
    report = make_report([result(office_id="*OF1* <b>")])
    text = md_format.render(report, False)
    assert "### Office \\*OF1\\* \\<b\\>" in text


def test_input_errors() -> None:
    issue = InputIssue("csv", "unknown grade", "staff.csv", 7, "grade", "E|0")
    text = make_report([result()], input_errors=[issue]).render("md")
    rows = office_section(text, "Input errors")
    assert ["csv", "staff.csv", "7", "grade", "E|0", "unknown grade"] in rows


def test_no_input_errors_section_without_errors(mixed_report: jc.Report) -> None:
    assert not any(k.startswith("Input errors") for k in sections(mixed_report.render("md")))


def test_deterministic(evaluated_report: jc.Report) -> None:
    assert evaluated_report.render("md") == evaluated_report.render("md")


def test_cli_writes_markdown(evidence_folder: Path, run_cli: Cli) -> None:
    code, out, err = run_cli(
        "evaluate", evidence_folder, "--format", "md", "--as-of", AS_OF.isoformat()
    )
    assert code == 1, err
    assert out == api_render(evidence_folder, "md")
    assert out.startswith("# ")
    assert any(k.startswith("Office OF002") for k in sections(out))


def test_entities_in_evidence_are_shown_literally() -> None:
    # "&lt;" in evidence must be shown as typed, not turned into "<" by the renderer.
    report = make_report([result(message="a &lt; b & c")])
    text = md_format.render(report, False)
    assert "&lt;" not in text.replace("\\&lt;", "")
    assert office_section(text, "Office OF001")[1][5] == "a &lt; b & c"
