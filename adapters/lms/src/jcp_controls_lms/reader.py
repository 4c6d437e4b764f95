"""Reading one table of an export as the system writes it, and parsing its cells.

* Report title lines above the header are skipped: the header is the first row holding a
  spelling of every required column (compared without case or extra spaces).
* Blank rows are skipped. A row whose first non-empty cell matches the totals pattern
  (``Total users: 312``) is skipped when only blank or totals rows follow it; anywhere else
  it is an input error.
* A cell written by a spreadsheet as ``="00123"`` is read as ``00123``.
* Dates are text in one of the mapping's formats, or Excel serial numbers (from 61, that
  is 1 March 1900; a fraction is a time of day and is dropped).
* Every bad cell is an :class:`jcp_controls.InputIssue` naming file, physical line (1-based),
  column (as the file spells it) and value; the row is rejected, never dropped silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import attrs

import jcp_controls as jc
from jcp_controls_lms.mapping import Format, TableMapping, normalise

__all__ = ["Row", "Table", "read_table"]

_EXCEL_EPOCH = dt.date(1899, 12, 30)
#: An Excel serial date, with a time of day as a fraction (``46356.5`` is noon).
_SERIAL = re.compile(r"[0-9]{1,7}(?:\.[0-9]*)?")
#: Serials from 61 (1 March 1900): Excel counts a 29 February 1900 that never was, so
#: smaller serials are a day out, and no export holds such dates.
_MIN_SERIAL = 61
_MAX_SERIAL = (dt.date(9999, 12, 31) - _EXCEL_EPOCH).days


@attrs.frozen
class Table:
    """A table read from its file: where each field's column is, and the data rows.

    Attributes:
        mapping: the table's mapping.
        file: the file name, as named in messages.
        index: for each field found in the header, its column index.
        spelled: for each field found, its header as the file spells it.
        rows: ``(physical line, cells)`` of every data row, in file order, read as they are
            iterated (once): a national export is never held as rows in memory.
        sha256: digest of the file's bytes.
        issues: the input issues of the table, in line order: misplaced totals rows and
            extra cells (found while :attr:`rows` is iterated) and bad cells (added by
            :class:`Row`).
    """

    mapping: TableMapping
    file: str
    index: dict[str, int]
    spelled: dict[str, str]
    rows: Iterator[tuple[int, list[str]]]
    sha256: str
    issues: list[jc.InputIssue] = attrs.field(factory=list)


def _clean(cell: str) -> str:
    cell = cell.strip()
    if cell.startswith('="') and cell.endswith('"') and len(cell) >= 3:
        return cell[2:-1].strip()
    return cell


def _physical_rows(
    path: Path, fmt: Format, source: str, issues: list[jc.InputIssue]
) -> Iterator[tuple[int, list[str]]]:
    """``(first physical line, raw cells)`` of each row, read from the file as iterated.

    Lines are decoded one by one, so a byte that is not in the encoding is reported on its
    line (and reading stops there), as is a line the CSV reader cannot parse.
    """
    line = 0

    def lines(handle: BinaryIO) -> Iterator[str]:
        nonlocal line
        for raw in handle:
            line += 1
            try:
                yield raw.decode(fmt.encoding)
            except UnicodeDecodeError as exc:
                message = (
                    f"not {fmt.encoding} text (byte {exc.start + 1} of the line); "
                    "set [format] encoding in the mapping"
                )
                issues.append(jc.InputIssue(source, message, path.name, line))
                return

    with path.open("rb") as handle:
        reader = csv.reader(lines(handle), delimiter=fmt.delimiter)
        start = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                issues.append(jc.InputIssue(source, f"not CSV: {exc}", path.name, line))
                return
            yield start, cells
            start = reader.line_num + 1


def _first(cells: list[str]) -> str | None:
    """The first non-empty cell, cleaned; None for a blank row."""
    for cell in cells:
        if cell and not cell.isspace():
            return _clean(cell)
    return None


def read_table(
    path: Path, mapping: TableMapping, fmt: Format, source: str
) -> tuple[Table | None, list[jc.InputIssue]]:
    """Read ``path`` as the table ``mapping`` describes.

    Returns the table (None when no header was found) and the input issues of the file as
    a whole (no header, not decodable before the header). The rows are read as
    :attr:`Table.rows` is iterated; their issues go to :attr:`Table.issues`.
    """
    name = path.name
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    table_issues: list[jc.InputIssue] = []
    spellings = {
        field: {normalise(header) for header in headers}
        for field, headers in mapping.columns.items()
    }
    required = [field.name for field in mapping.fields if field.required]
    rows = _physical_rows(path, fmt, source, table_issues)
    index: dict[str, int] = {}
    spelled: dict[str, str] = {}
    header_width = 0
    for _line, raw_cells in rows:
        cells = [_clean(cell) for cell in raw_cells]
        found = [normalise(cell) for cell in cells]
        if all(any(cell in spellings[field] for cell in found) for field in required):
            for position, cell in enumerate(found):
                for field, names in spellings.items():
                    if cell in names and field not in index:
                        index[field] = position
                        spelled[field] = cells[position]
            header_width = len(cells)
            break
    else:
        if table_issues:
            return None, table_issues
        wanted = "; ".join(" or ".join(repr(h) for h in mapping.columns[f]) for f in required)
        message = f"no header row naming the required columns ({wanted})"
        return None, [jc.InputIssue(source, message, name)]
    body = _body(rows, header_width, fmt.totals, source, name, table_issues)
    return Table(mapping, name, index, spelled, body, digest, table_issues), []


def _body(
    rows: Iterator[tuple[int, list[str]]],
    header_width: int,
    totals_pattern: re.Pattern[str],
    source: str,
    file: str,
    issues: list[jc.InputIssue],
) -> Iterator[tuple[int, list[str]]]:
    """The data rows after the header: blank rows and trailing totals rows skipped; issues
    about the layout of a row are appended to ``issues`` as it is read."""
    totals: list[tuple[int, str]] = []
    for line, cells in rows:
        first = _first(cells)
        if first is None:
            continue
        if totals_pattern.search(first):
            totals.append((line, first))
            continue
        for total_line, total in totals:
            issues.append(
                jc.InputIssue(
                    source,
                    "a totals row followed by more data (only trailing totals rows are skipped)",
                    file,
                    total_line,
                    None,
                    total,
                )
            )
        totals.clear()
        extra = _first(cells[header_width:]) if len(cells) > header_width else None
        if extra is not None:
            issues.append(
                jc.InputIssue(
                    source,
                    f"{len(cells)} cells but the header has {header_width}",
                    file,
                    line,
                    None,
                    extra,
                )
            )
            continue
        yield line, cells


class Row:
    """Parses the cells of a table's rows, collecting an input issue per bad cell.

    Call :meth:`start` for each row, read its fields, then check :attr:`ok`: a row with any
    bad cell must be rejected (its issues are in :attr:`issues`).
    """

    def __init__(self, table: Table, fmt: Format, source: str) -> None:
        self.table = table
        self.fmt = fmt
        self.source = source
        self.issues = table.issues
        self.ok = True
        self.line = 0
        self._cells: list[str] = []
        self._dates: dict[str, dt.date] = {}
        self._codes: dict[tuple[str, str], str | None] = {}

    def start(self, line: int, cells: list[str]) -> None:
        """Begin parsing the row at physical ``line``."""
        self.line = line
        self._cells = cells
        self.ok = True

    def column(self, field: str) -> str:
        """The column of ``field`` as named in messages (the file's spelling)."""
        return self.table.spelled.get(field) or self.table.mapping.columns.get(field, (field,))[0]

    def error(self, field: str, value: str | None, message: str) -> None:
        """Record an input error on this row's ``field`` and mark the row rejected."""
        self.ok = False
        self.issues.append(
            jc.InputIssue(
                self.source, message, self.table.file, self.line, self.column(field), value
            )
        )

    def raw(self, field: str) -> str:
        """The cell of ``field`` ('' when the column is absent or the row is short)."""
        position = self.table.index.get(field)
        if position is None or position >= len(self._cells):
            return ""
        cell = self._cells[position]
        if cell[:1] == "=" or cell[:1].isspace() or cell[-1:].isspace():
            return _clean(cell)
        return cell

    def _present(self, field: str, text: str, required: bool) -> bool:
        if text:
            return True
        if required:
            self.error(field, text, f"{self.column(field)} is required")
        return False

    def text(self, field: str) -> str | None:
        """An optional text cell: None when empty."""
        return self.raw(field) or None

    def required_text(self, field: str) -> str:
        """A required text cell ('' and an error when empty)."""
        text = self.raw(field)
        self._present(field, text, True)
        return text

    def date(self, field: str, *, required: bool = False) -> dt.date | None:
        """A date cell: text in one of the mapping's formats, or an Excel serial."""
        text = self.raw(field)
        if not self._present(field, text, required):
            return None
        known = self._dates.get(text)
        if known is not None:
            return known
        day = self._parse_date(text)
        if day is None:
            formats = ", ".join(self.fmt.date_formats)
            serial = "; or an Excel serial number" if self.fmt.excel_serials else ""
            self.error(field, text, f"not a date (formats {formats}{serial})")
            return None
        self._dates[text] = day
        return day

    def required_date(self, field: str) -> dt.date:
        """A required date (``date.min`` and an error when empty or bad)."""
        return self.date(field, required=True) or dt.date.min

    def _parse_date(self, text: str) -> dt.date | None:
        if self.fmt.excel_serials and _SERIAL.fullmatch(text):
            days = int(text.split(".")[0])
            if _MIN_SERIAL <= days <= _MAX_SERIAL:
                return _EXCEL_EPOCH + dt.timedelta(days=days)
            return None
        for pattern in self.fmt.date_formats:
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        return None

    def code(self, field: str, *, required: bool = False) -> str | None:
        """A code translated through the mapping (an error when it is not mapped)."""
        text = self.raw(field)
        if not self._present(field, text, required):
            return None
        key = (field, text)
        if key in self._codes:
            value = self._codes[key]
        else:
            value = self._codes[key] = self.table.mapping.codes.get(field, {}).get(normalise(text))
        if value is None:
            self.error(
                field, text, f"code not in the mapping ([{self.table.mapping.name}.codes.{field}])"
            )
        return value

    def required_code(self, field: str) -> str:
        """A required code ('' and an error when empty or unmapped)."""
        return self.code(field, required=True) or ""
