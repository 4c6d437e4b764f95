"""The ``table`` report format: terminal text (cli.rst, "Formats": table; the default
``--format`` of ``jcp-controls evaluate``). Issue 10 item 1: it fits 100 columns and leads
with what to act on (failures by severity and due date, grouped by owner)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import attrs
import pytest

import jcp_controls as jc
from jcp_controls.report import table as table_format

from .conftest import AS_OF, Cli, api_render, control, make_report, result

STATUS_ORDER = ("pass", "warn", "fail", "error", "waived")
ENTRY_COLUMNS = ("due", "status", "severity", "control", "office", "subject")


def width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def section(text: str, title: str) -> list[str]:
    """The lines of the section whose heading starts with ``title``, up to the next
    section (a line starting with a capital letter after a blank line)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    end = next(
        (
            i
            for i in range(start + 2, len(lines))
            if lines[i].startswith(("Waived", "Passing", "Summary", "To act on"))
        ),
        len(lines),
    )
    return lines[start:end]


def entries(lines: list[str]) -> list[tuple[str | None, list[str], str]]:
    """(owner heading, first-line columns, message) of every entry of a section."""
    header = next(line for line in lines if line.split()[:2] == ["due", "status"])
    starts = [header.index(name) for name in ENTRY_COLUMNS]
    bounds = [*starts[1:], None]
    found: list[tuple[str | None, list[str], str]] = []
    owner: str | None = None
    for line in lines[lines.index(header) + 2 :]:
        if not line.strip():
            continue
        if line.startswith("      "):  # a message line
            owner_, columns, message = found[-1]
            found[-1] = (owner_, columns, f"{message} {line.strip()}".strip())
        elif line.startswith("  "):
            columns = [line[a:b].strip() for a, b in zip(starts, bounds, strict=True)]
            found.append((owner, columns, ""))
        else:
            owner = line.rsplit(" (", 1)[0]
    return found


def expected(r: jc.Result) -> list[str]:
    subject = f"{r.subject_kind.value} {r.subject_id or ''}".strip()
    if r.staff_id and r.staff_id != r.subject_id:
        subject += f" (staff {r.staff_id})"
    return [
        r.due_on.isoformat() if r.due_on else "-",
        r.status.value,
        r.severity.value,
        r.control_id,
        r.office_id or "-",
        subject,
    ]


OWNED = make_report(
    [
        result("ACC-001", jc.Status.FAIL, subject_id="G1", message="no authoriser"),
        result(
            "ACC-009",
            jc.Status.FAIL,
            subject_id="G2",
            due_on=dt.date(2026, 9, 1),
            severity=jc.Severity.MEDIUM,
            message="review overdue",
        ),
        result(
            "ACC-009",
            jc.Status.WARN,
            subject_id="G3",
            due_on=dt.date(2026, 12, 1),
            severity=jc.Severity.MEDIUM,
            message="review due soon",
        ),
        result(
            "LRN-001",
            jc.Status.FAIL,
            subject_kind=jc.SubjectKind.STAFF,
            subject_id="S5",
            staff_id="S5",
            due_on=dt.date(2026, 10, 1),
            message="course overdue",
        ),
        result(
            "LRN-001",
            jc.Status.ERROR,
            office_id="OF002",
            subject_kind=jc.SubjectKind.STAFF,
            subject_id="S6",
            staff_id="S6",
            message="evidence unavailable: learning",
        ),
    ],
    [
        attrs.evolve(control("ACC-001"), owner="Line managers"),
        attrs.evolve(control("ACC-009", severity=jc.Severity.MEDIUM), owner="Line managers"),
        attrs.evolve(control("LRN-001"), owner="Information Asset Manager"),
        control("LRN-003"),
    ],
)


def test_heading_names_as_of_and_the_total_comes_first(mixed_report: jc.Report) -> None:
    lines = mixed_report.render("table").splitlines()
    assert AS_OF.isoformat() in lines[0]
    assert jc.__version__ in lines[0]
    assert lines[1] == lines[-1]  # the total, at the top and at the end


def test_to_act_on_grouped_by_owner_most_severe_and_earliest_first() -> None:
    found = entries(section(OWNED.render("table"), "To act on"))
    assert [(owner, columns[3], columns[5]) for owner, columns, _ in found] == [
        ("Information Asset Manager", "LRN-001", "staff S5"),  # high, dated
        ("Information Asset Manager", "LRN-001", "staff S6"),  # high, undated (error)
        ("Line manager", "ACC-001", "grant G1 (staff S001)"),  # high
        ("Line manager", "ACC-009", "grant G2 (staff S001)"),  # medium, 2026-09-01
        ("Line manager", "ACC-009", "grant G3 (staff S001)"),  # medium, 2026-12-01
    ]
    heading = section(OWNED.render("table"), "To act on")[0]
    assert heading.startswith("To act on (5: error 1, fail 3, warn 1)")


def test_every_finding_listed_once_with_its_columns_and_message(mixed_report: jc.Report) -> None:
    text = mixed_report.render("table")
    act_on = entries(section(text, "To act on"))
    waived = entries(section(text, "Waived"))
    listed = [(columns, message) for _, columns, message in act_on + waived]
    assert sorted(map(str, listed)) == sorted(
        str((expected(r), r.message)) for r in mixed_report.findings()
    )
    assert "Passing" not in text


def test_include_passes_lists_them_too(mixed_report: jc.Report) -> None:
    text = mixed_report.render("table", include_passes=True)
    passing = entries(section(text, "Passing"))
    passes = [r for r in mixed_report.results if r.status is jc.Status.PASS]
    assert [columns for _, columns, _ in passing] == [expected(r) for r in passes]


def test_summary_counts_controls_with_findings_then_the_others() -> None:
    text = OWNED.render("table")
    lines = text.splitlines()
    counts = OWNED.counts()
    for control_id in ("ACC-001", "ACC-009", "LRN-001"):
        (line,) = [
            ln
            for ln in lines
            if ln.split()[:1] == [control_id] and ln.endswith(tuple("0123456789"))
        ]
        numbers = [int(word) for word in line.split()[-5:]]
        assert numbers == [counts[control_id][s] for s in STATUS_ORDER]
    assert not [ln for ln in lines if ln.startswith("LRN-003")]
    assert "1 other control: every result passes or nothing is in scope" in text
    full = OWNED.render("table", include_passes=True)
    assert [ln for ln in full.splitlines() if ln.startswith("LRN-003")]


def test_fits_100_columns(evaluated_report: jc.Report) -> None:
    long = "a long message naming every step " * 10
    report = make_report([result(message=long), *evaluated_report.results])
    for text in (report.render("table"), report.render("table", include_passes=True)):
        assert max(width(line) for line in text.splitlines()) <= 100
    ((_, _, message),) = entries(
        section(make_report([result(message=long)]).render("table"), "To act on")
    )
    assert message == long.strip()  # wrapped, not cut


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
    ((_, columns, shown),) = entries(section(text, "To act on"))
    assert "second line after tab" in shown
    assert columns[5] == "grant G1 (staff S 1)"
    non_ascii = {char for char in text if not char.isascii()}
    assert non_ascii == {"ë"}


def test_report_without_findings() -> None:
    report = make_report([result(status=jc.Status.PASS)])
    text = report.render("table")
    assert "To act on: nothing" in text
    assert "due  status" not in text  # no entries
    assert text.splitlines()[-1].split()[0] == "0"
    passing = entries(section(report.render("table", include_passes=True), "Passing"))
    assert passing[0][1][3] == "ACC-001"


def test_wide_characters_keep_columns_aligned() -> None:
    # Staff names and IDs are opaque evidence strings; a CJK ID takes two terminal cells.
    report = make_report(
        [
            result(subject_id="G東京", office_id="OF1", message="first"),
            result(subject_id="G2", office_id="OF2", message="second"),
        ]
    )
    lines = section(report.render("table"), "To act on")
    header = next(line for line in lines if line.split()[:2] == ["due", "status"])
    rows = [line for line in lines if line.startswith("  20") or line.startswith("  - ")]
    assert len(rows) == 2
    for row in rows:
        assert width(row[: row.index("OF")]) == header.index("office")


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
