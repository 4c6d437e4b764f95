"""The ``table`` report format: plain text for a terminal or a pipe, 100 columns wide.

It leads with what to act on. In order:

1. a heading line (``as_of`` and library version) and the one-line total;
2. the input errors, when there are any (evidence that was rejected);
3. **To act on**: every ``error``, ``fail`` and ``warn`` result, grouped by owner (who must
   act: the control's owner, or an ``owner`` the result's evidence names; owners in
   alphabetical order), and within an owner the most severe first, then the earliest due
   date (undated last), then office, control and subject. Each entry is one line with its
   due date, status, severity, control, office and subject (with the member of staff
   concerned), then its message on the lines below, indented and wrapped; the columns line
   up across the owners, under one line of column headings;
4. **Waived**: accepted exceptions, in the same form;
5. **Passing** (only with ``include_passes``): the passing results, in the same form;
6. the summary: one line per control with findings (every control evaluated with
   ``include_passes``) and its counts of pass, warn, fail, error and waived results, then how
   many other controls there are;
7. the one-line total again.

Lines fit in 100 columns, except where a single evidence value (an ID, an owner's name) is
itself longer. The writer adds no colour codes and only ASCII of its own; text from the
evidence is shown as it is, except that line breaks and other control characters (terminal
escape sequences included) cannot reach the terminal: they are shown as spaces or
``\\xNN``. Identical reports give identical text.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from jcp_controls.controls.base import Status
from jcp_controls.report.text import (
    PROBLEM_HEADERS,
    STATUS_NAMES,
    aligned,
    cell,
    control_rows,
    extract_dates,
    problems,
    selected,
    single_line,
    total_line,
)

if TYPE_CHECKING:
    from jcp_controls.controls.base import Result
    from jcp_controls.report.model import Report

__all__ = ["ENTRY_HEADERS", "SUMMARY_HEADERS", "WIDTH", "render"]

#: The width the text is laid out for.
WIDTH = 100
#: Columns of the summary.
SUMMARY_HEADERS = ("control", "name", "severity", *STATUS_NAMES)
#: Columns of an entry's first line.
ENTRY_HEADERS = ("due", "status", "severity", "control", "office", "subject")

_INDENT = "  "
_MESSAGE_INDENT = _INDENT + "    "
_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
_ACT_ON = (Status.ERROR, Status.FAIL, Status.WARN)


def _subject(result: Result) -> str:
    text = f"{result.subject_kind.value} {cell(result.subject_id)}".rstrip()
    if result.staff_id and result.staff_id != result.subject_id:
        text += f" (staff {result.staff_id})"
    return text


def _named(result: Result, names: tuple[Mapping[str, str], Mapping[str, str]]) -> str:
    """Who and where, by name, for a person reading IDs: ``Sam Coach, Leeds Jobcentre: ``."""
    staff_names, office_names = names
    parts = [
        name
        for name in (
            staff_names.get(result.staff_id) if result.staff_id else None,
            office_names.get(result.office_id) if result.office_id else None,
        )
        if name
    ]
    return ", ".join(single_line(part) for part in parts) + ": " if parts else ""


def _owner(result: Result, owners: dict[str, str]) -> str:
    from jcp_controls.report.due import _owner as owner_of

    return owner_of(result, owners)


def _urgency(result: Result) -> tuple[int, int, int, str, str, str, str]:
    due = result.due_on.toordinal() if result.due_on is not None else dt.date.max.toordinal()
    return (
        _SEVERITY_RANK.get(result.severity.value, len(_SEVERITY_RANK)),
        due,
        -result.status.rank,
        cell(result.office_id),
        result.control_id,
        result.subject_kind.value,
        cell(result.subject_id),
    )


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(
        single_line(text) or "-",
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    )


def _entries(
    groups: Sequence[tuple[str | None, Sequence[Result]]],
    names: tuple[Mapping[str, str], Mapping[str, str]] = ({}, {}),
) -> str:
    """The column headings, then for each group its heading (when named) and, per result, an
    aligned first line (due, status, severity, control, office, subject) followed by its
    wrapped message. Columns line up across all the groups."""
    results = [result for _, group in groups for result in group]
    rows = [
        [
            cell(r.due_on) or "-",
            r.status.value,
            r.severity.value,
            single_line(r.control_id),
            single_line(cell(r.office_id)) or "-",
            single_line(_subject(r)),
        ]
        for r in results
    ]
    lines = iter(aligned(ENTRY_HEADERS, rows).splitlines())
    out = [_INDENT + next(lines), _INDENT + next(lines)]
    for heading, group in groups:
        if heading is not None:
            out.append("")
            out.extend(_wrap(f"{heading} ({len(group)})", ""))
        for result in group:
            out.append(_INDENT + next(lines))
            out.extend(_wrap(_named(result, names) + result.message, _MESSAGE_INDENT))
    return "\n".join(out) + "\n"


def _owner_groups(
    results: Iterable[Result], owners: dict[str, str]
) -> list[tuple[str, list[Result]]]:
    groups: dict[str, list[Result]] = {}
    for result in results:
        groups.setdefault(_owner(result, owners), []).append(result)
    return [(owner, sorted(groups[owner], key=_urgency)) for owner in sorted(groups)]


def _heading(text: str) -> str:
    return "\n".join(_wrap(text, "")) + "\n"


def _counts(results: Sequence[Result], statuses: Sequence[Status]) -> str:
    return ", ".join(
        f"{status.value} {sum(1 for r in results if r.status is status)}" for status in statuses
    )


def _extract_lines(report: Report) -> str:
    """Every source and its extract date, when some source declares one (else nothing)."""
    if not any(extract_dates(source) for source in report.sources):
        return ""
    lines = ["Evidence sources and when they were extracted"]
    for source in report.sources:
        lines.extend(_wrap(f"{source.name} {source.uri}", _INDENT))
        lines.extend(_wrap(extract_dates(source) or "extract date not declared", _MESSAGE_INDENT))
    return "\n".join(lines) + "\n"


def render(report: Report, include_passes: bool) -> str:
    """The terminal report.

    Args:
        report: the report to write.
        include_passes: list passing results too (otherwise only the findings).

    Returns:
        The whole text, ending with the one-line total and a newline; the same report gives
        the same text.
    """
    total = total_line(report, include_passes)
    parts = [
        f"jcp-controls report as of {report.as_of.isoformat()} "
        f"(jcp-controls {single_line(report.library_version)})\n" + _heading(total)
    ]

    dated = _extract_lines(report)
    if dated:
        parts.append(dated)

    issues = problems(report)
    if issues:
        rows = [[single_line(text) for text in issue.cells()] for issue in issues]
        parts.append(
            _heading(
                f"Input errors ({len(issues)}): this evidence was rejected; controls "
                "that needed it report error"
            )
            + "\n"
            + aligned(PROBLEM_HEADERS, rows)
        )

    owners = {control.control_id: control.owner for control in report.controls}
    names = (report.staff_names, report.office_names)
    listed = selected(report, include_passes)
    act_on = [r for r in listed if r.status in _ACT_ON]
    if act_on:
        groups = _owner_groups(act_on, owners)
        parts.append(
            _heading(
                f"To act on ({len(act_on)}: {_counts(act_on, _ACT_ON)}), by owner, most "
                "severe and earliest due first"
            )
            + "\n"
            + _entries([(single_line(owner), group) for owner, group in groups], names)
        )
    else:
        parts.append("To act on: nothing\n")

    waived = [r for r in listed if r.status is Status.WAIVED]
    if waived:
        parts.append(
            _heading(f"Waived ({len(waived)}): accepted exceptions")
            + "\n"
            + _entries([(None, sorted(waived, key=_urgency))], names)
        )
    passing = [r for r in listed if r.status is Status.PASS]
    if passing:
        parts.append(
            _heading(f"Passing ({len(passing)})") + "\n" + _entries([(None, passing)], names)
        )

    every = control_rows(report)
    shown = every if include_passes else [row for row in every if any(row.counts[1:])]
    summary = [
        [row.control_id, row.name, row.severity, *(str(count) for count in row.counts)]
        for row in shown
    ]
    counts_at = range(3, len(SUMMARY_HEADERS))
    title = "Summary by control" if include_passes else "Summary of the controls with findings"
    text = f"{title}\n\n" + (aligned(SUMMARY_HEADERS, summary, right=counts_at) if shown else "")
    others = len(every) - len(shown)
    if others:
        text += (
            f"{others} other control{'s' if others != 1 else ''}: every result passes or "
            "nothing is in scope (--include-passes lists them)\n"
        )
    parts.append(text)

    parts.append(total + "\n")
    return "\n".join(parts)
