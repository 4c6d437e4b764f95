"""Helpers shared by the report writers (internal).

Plain-text tables for the terminal and Markdown, and the views of a
:class:`~jcp_controls.report.model.Report` every writer shows in the same way: which results
to list, the per-control summary rows, the results grouped by office and the input problems.
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from jcp_controls.controls.base import COUNT_ORDER, Control, Result
from jcp_controls.models import RecordKind

if TYPE_CHECKING:
    from jcp_controls.evidence.store import SourceInfo
    from jcp_controls.report.model import Report
    from jcp_controls.report.results import Results

__all__ = [
    "PROBLEM_HEADERS",
    "STATUS_NAMES",
    "ControlRow",
    "Problem",
    "aligned",
    "by_office",
    "cell",
    "control_rows",
    "control_title",
    "display_width",
    "extract_dates",
    "markdown_escape",
    "markdown_table",
    "problems",
    "selected",
    "single_line",
    "total_line",
    "totals",
]

#: Status names in the order they are counted and shown.
STATUS_NAMES = tuple(status.value for status in COUNT_ORDER)

#: ASCII punctuation that has a meaning in Markdown inline text or GFM tables.
_MARKDOWN_SPECIAL = frozenset("\\`*_[]<>&#|~")


# -- values ----------------------------------------------------------------------------------


def cell(value: object) -> str:
    """``value`` as report text: ``None`` is empty, dates are ISO, enums their value."""
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def single_line(text: str) -> str:
    """``text`` safe for one terminal line: tabs and line breaks become spaces and other
    control characters (escape sequences included) are shown as ``\\xNN`` / ``\\uNNNN``."""
    out: list[str] = []
    for char in text:
        if char in "\t\n\r\v\f":
            out.append(" ")
        elif unicodedata.category(char) == "Cc":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide East Asian characters count two, combining
    marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


# -- tables ----------------------------------------------------------------------------------


def aligned(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: Collection[int] = ()
) -> str:
    """A text table with a rule under the header; columns are as wide as their widest cell.

    Args:
        headers: the column titles.
        rows: the cells, one sequence per row, as many as ``headers``.
        right: indexes of the columns to right-align (counts); the others are left-aligned.

    Returns:
        The table, one line per row, trailing spaces removed, ending with a newline.
    """
    widths = [display_width(header) for header in headers]
    for row in rows:
        for index, text in enumerate(row):
            widths[index] = max(widths[index], display_width(text))

    def pad(index: int, text: str, width: int) -> str:
        fill = " " * (width - display_width(text))
        return fill + text if index in right else text + fill

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            pad(index, text, width)
            for index, (text, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    out = [line(headers), line(["-" * width for width in widths])]
    out.extend(line(row) for row in rows)
    return "\n".join(out) + "\n"


def markdown_escape(text: str) -> str:
    """``text`` as literal Markdown inline text: Markdown punctuation (``|`` included) is
    backslash-escaped, so evidence can neither break a table nor inject markup or raw HTML;
    line breaks become spaces and other control characters (terminal escape sequences) are
    shown as ``\\xNN`` (:func:`single_line`)."""
    text = single_line(text.replace("\r\n", " "))
    return "".join("\\" + char if char in _MARKDOWN_SPECIAL else char for char in text)


def _md_cell(text: str) -> str:
    return single_line(text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " "))


def markdown_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    escape_markup: bool = False,
    raw: Collection[int] = (),
) -> str:
    """A GitHub-flavoured Markdown table; pipes and newlines in cells are escaped.

    Args:
        headers: the column titles.
        rows: the cells, one sequence per row.
        escape_markup: also escape every other Markdown character (``*``, ``_``, ``<`` ...),
            for cells holding text from the evidence (see :func:`markdown_escape`).
        raw: indexes of columns whose cells are Markdown already and are left as they are.
    """
    escape = markdown_escape if escape_markup else _md_cell
    out = ["| " + " | ".join(escape(h) for h in headers) + " |"]
    out.append("|" + "|".join("---" for _ in headers) + "|")
    out.extend(
        "| "
        + " | ".join(text if index in raw else escape(text) for index, text in enumerate(row))
        + " |"
        for row in rows
    )
    return "\n".join(out) + "\n"


# -- views of a report -----------------------------------------------------------------------


@attrs.frozen
class ControlRow:
    """One line of the summary: a control and how many results of each status it had.

    Attributes:
        control_id: the control's ID.
        name: its slug (empty when the control is not in ``report.controls``).
        severity: ``low``, ``medium`` or ``high`` (empty when unknown).
        citation: the paragraphs it enforces (empty when unknown).
        counts: result counts, in the order pass, warn, fail, error, waived.
    """

    control_id: str
    name: str
    severity: str
    citation: str
    counts: tuple[int, ...]


def extract_dates(source: SourceInfo) -> str:
    """When a source says its evidence was extracted, for a list of sources:
    ``extracted on 2026-11-20; staff.csv extracted on 2026-09-01``; ``""`` when it declares
    no date."""
    parts = [] if source.extracted_on is None else [f"extracted on {source.extracted_on}"]
    parts.extend(
        f"{RecordKind(kind).filename} extracted on {day.isoformat()}"
        for kind, day in sorted(source.kinds_extracted_on.items())
    )
    return "; ".join(parts)


def control_rows(report: Report) -> list[ControlRow]:
    """The summary rows: every control evaluated, in the report's order, with its counts."""
    known = {control.control_id: control for control in report.controls}
    counted = report.counts()
    unknown = [control_id for control_id in counted if control_id not in known]
    severities = {
        result.control_id: result.severity.value
        for result in (report.results.where(controls=unknown) if unknown else ())
    }
    rows = []
    for control_id, counts in counted.items():
        control = known.get(control_id)
        rows.append(
            ControlRow(
                control_id=control_id,
                name=control.name if control else "",
                severity=control.severity.value if control else severities.get(control_id, ""),
                citation=control.citation if control else "",
                counts=tuple(counts[name] for name in STATUS_NAMES),
            )
        )
    return rows


def control_title(control: Control) -> str:
    """A control's title in words: its ``title`` when it has one, else its slug as a
    sentence (``access-authorised-by-eligible-manager`` -> ``Access authorised by eligible
    manager``)."""
    title = getattr(control, "title", None)
    if isinstance(title, str) and title:
        return title
    words = control.name.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def totals(report: Report) -> tuple[int, ...]:
    """Result counts over every control, in the order pass, warn, fail, error, waived."""
    summed = [0] * len(STATUS_NAMES)
    for row in control_rows(report):
        for index, count in enumerate(row.counts):
            summed[index] += count
    return tuple(summed)


def selected(report: Report, include_passes: bool) -> Results:
    """The results a writer lists, in the report's order: the findings (every result that is
    not ``pass``), or all of them with ``include_passes``."""
    return report.results if include_passes else report.results.findings()


def by_office(results: Iterable[Result]) -> list[tuple[str | None, list[Result]]]:
    """``results`` grouped by office, offices in order of first appearance (the report's
    order), results within an office in their order; office-less results form a ``None``
    group."""
    groups: dict[str | None, list[Result]] = {}
    for result in results:
        groups.setdefault(result.office_id, []).append(result)
    return list(groups.items())


def total_line(report: Report, include_passes: bool) -> str:
    """One sentence with the number of results listed and how many of each status there were,
    e.g. ``3 findings listed of 10 results: pass 7, warn 1, fail 2, error 0, waived 0.``."""
    listed = len(selected(report, include_passes))
    noun = "result" if include_passes else "finding"
    counts = ", ".join(
        f"{name} {count}" for name, count in zip(STATUS_NAMES, totals(report), strict=True)
    )
    plural = "" if listed == 1 else "s"
    total = len(report.results)
    return (
        f"{listed} {noun}{plural} listed of {total} result{'' if total == 1 else 's'}: {counts}."
    )


@attrs.frozen
class Problem:
    """One input problem as shown in a report: a rejected input or a failed plugin.

    Attributes:
        source: the evidence source or plugin.
        file: the file, when there is one.
        line: the 1-based line, when there is one.
        column: the column, when there is one.
        value: the offending value, when there is one.
        message: what was wrong.
    """

    source: str
    file: str | None
    line: int | None
    column: str | None
    value: str | None
    message: str

    def cells(self) -> tuple[str, ...]:
        """Source, file, line, column, value and message as text (empty for nulls)."""
        return tuple(
            cell(v)
            for v in (self.source, self.file, self.line, self.column, self.value, self.message)
        )


#: Column titles of :meth:`Problem.cells`.
PROBLEM_HEADERS = ("source", "file", "line", "column", "value", "message")


def problems(report: Report) -> list[Problem]:
    """The input errors of the report and then its plugin errors (as the JSON report lists
    them). An error repeated down one column is one problem: the first row's line and value,
    the count and first lines in its message."""
    from jcp_controls.evidence.store import group_issues

    found = []
    for group in group_issues(report.input_errors):
        issue = group.first
        message = issue.message
        if group.count > 1:
            shown = ", ".join(str(line) for line in group.lines)
            more = ", ..." if group.count > len(group.lines) else ""
            message = f"{message} ({group.count} rows: lines {shown}{more})"
        found.append(
            Problem(issue.source, issue.file, issue.line, issue.column, issue.value, message)
        )
    found.extend(
        Problem(
            failure.plugin,
            None,
            None,
            None,
            None,
            f"plugin failed ({failure.stage}): {failure.message}",
        )
        for failure in report.plugin_errors
    )
    return found


#: Cell starts a spreadsheet would read as a formula (CSV outputs neutralise them).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` with a ``'`` in front when it starts with one of :data:`FORMULA_PREFIXES`.

    >>> neutralise("=1+1"), neutralise("a-b"), neutralise("")
    ("'=1+1", 'a-b', '')
    """
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
