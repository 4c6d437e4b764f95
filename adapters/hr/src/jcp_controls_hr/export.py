"""Writing an HR export from an evidence folder: the inverse of the ``hr`` source.

It turns ``offices.csv``, ``staff.csv``, ``designations.csv``, ``absences.csv`` and
``learning.csv`` into the sheets an HR system writes, with the mapping's sheet names, first
header spellings and first code for each value, so that reading the export back gives the
same records. A workbook gets what a reporting tool adds (a title row above the header and a
totals row at the end) and dates as Excel dates; a CSV folder gets text dates in the
mapping's ``export.date_format``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import xlsxwriter  # type: ignore[import-untyped]  # no stubs published
import xlsxwriter.exceptions  # type: ignore[import-untyped]

import jcp_controls as jc
from jcp_controls_hr.mapping import OFFICE_CSM, OFFICE_IAM, HrMapping

__all__ = ["MAX_SHEET_ROWS", "write_export"]

#: Data rows per worksheet before a learning sheet continues on "Learning (2)", ...
#: (an .xlsx sheet holds at most 1,048,576 rows).
MAX_SHEET_ROWS = 1_000_000

_K = jc.RecordKind
_EXCEL_EPOCH = dt.date(1899, 12, 30)

#: The evidence columns written to each sheet, in order (``office_id`` of a designation and
#: the offices' CSM / IAM are handled apart).
_FIELDS: Mapping[jc.RecordKind, tuple[str, ...]] = {
    _K.OFFICES: (
        "office_id",
        "name",
        "region",
        "security_advisor",
        "iai_submitted_on",
        "scs_live_on",
    ),
    _K.STAFF: (
        "staff_id",
        "name",
        "office_id",
        "grade",
        "job_role",
        "role_since",
        "line_manager_id",
        "started_on",
        "left_on",
    ),
    _K.DESIGNATIONS: ("staff_id", "designation", "office_id", "from_on", "to_on", "appointed_by"),
    _K.ABSENCES: ("staff_id", "kind", "start_on", "expected_end_on", "end_on"),
    _K.LEARNING: ("staff_id", "course", "status", "completed_on", "job_role"),
}
#: The code table of each coded column.
_CODES: Mapping[jc.RecordKind, Mapping[str, str]] = {
    _K.OFFICES: {"region": "region"},
    _K.STAFF: {"grade": "grade", "job_role": "position"},
    _K.DESIGNATIONS: {"designation": "designation"},
    _K.ABSENCES: {"kind": "absence"},
    _K.LEARNING: {"course": "course", "job_role": "position"},
}
_DATES = frozenset(
    {
        "iai_submitted_on",
        "scs_live_on",
        "role_since",
        "started_on",
        "left_on",
        "from_on",
        "to_on",
        "start_on",
        "expected_end_on",
        "end_on",
        "completed_on",
    }
)

#: A cell to write: text, or a date.
Cell = str | dt.date


class _Folder:
    """Reads the CSV files of an evidence folder as the sheets' rows."""

    def __init__(self, folder: Path, mapping: HrMapping) -> None:
        self.folder = folder
        self.mapping = mapping
        self.dates: dict[str, dt.date] = {}

    def has(self, kind: jc.RecordKind) -> bool:
        return (self.folder / kind.filename).is_file()

    def read(self, kind: jc.RecordKind) -> Iterator[tuple[int, dict[str, str]]]:
        path = self.folder / kind.filename
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                yield reader.line_num, {key: (value or "").strip() for key, value in row.items()}

    def cells(self, kind: jc.RecordKind, line: int, row: Mapping[str, str]) -> list[Cell]:
        """One sheet row from one evidence row."""
        out: list[Cell] = []
        codes = _CODES[kind]
        for field in _FIELDS[kind]:
            if field == "status":
                out.append(self.mapping.export_completed)
                continue
            value = row.get(field, "")
            if not value:
                out.append("")
            elif field in _DATES:
                out.append(self.date(kind, line, field, value))
            elif field in codes:
                out.append(self.code(kind, line, field, codes[field], value))
            else:
                out.append(value)
        return out

    def date(self, kind: jc.RecordKind, line: int, field: str, value: str) -> dt.date:
        day = self.dates.get(value)
        if day is None:
            try:
                day = self.dates[value] = dt.date.fromisoformat(value)
            except ValueError:
                raise jc.UsageError(
                    f"{kind.filename} line {line}, column {field}, value {value!r}: not a date"
                ) from None
        return day

    def code(self, kind: jc.RecordKind, line: int, field: str, table: str, value: str) -> str:
        code = self.mapping.export_codes[table].get(value)
        if code is None:
            raise jc.UsageError(
                f"{kind.filename} line {line}, column {field}, value {value!r}: no code for it "
                f"in the mapping's [codes.{table}] table ({self.mapping.path})"
            )
        return code


def _rows(source: _Folder, kind: jc.RecordKind) -> Iterator[list[Cell]]:
    for line, row in source.read(kind):
        yield source.cells(kind, line, row)
    if kind is _K.DESIGNATIONS and source.has(_K.OFFICES):
        yield from _office_roles(source)


def _office_roles(source: _Folder) -> Iterator[list[Cell]]:
    """Each office's CSM and IAM as a current appointment (no From or To Date)."""
    names = source.mapping.export_codes["designation"]
    for target in (OFFICE_CSM, OFFICE_IAM):
        if target not in names:
            raise jc.UsageError(
                f"the mapping's [codes.designation] table has no code for {target!r} "
                f"({source.mapping.path})"
            )
    for _, office in source.read(_K.OFFICES):
        for field, target in (("csm_staff_id", OFFICE_CSM), ("iam_staff_id", OFFICE_IAM)):
            if office.get(field):
                yield [office[field], names[target], office["office_id"], "", "", ""]


def _headers(mapping: HrMapping, kind: jc.RecordKind) -> list[str]:
    columns = mapping.sheets[kind].columns
    return [columns[field][0] for field in _FIELDS[kind]]


def write_export(evidence_dir: str | Path, out: str | Path, mapping: HrMapping) -> dict[str, int]:
    """Write the HR export of an evidence folder: ``out`` ending ``.xlsx`` is a workbook,
    anything else a folder of CSV files (created if needed).

    Returns:
        The data rows written per sheet.

    Raises:
        jcp_controls.UsageError: the folder is missing, a value has no code in the mapping,
            or a date is not ``YYYY-MM-DD``.
    """
    folder = Path(evidence_dir)
    if not folder.is_dir():
        raise jc.UsageError(f"{evidence_dir}: evidence folder not found")
    source = _Folder(folder, mapping)
    kinds = [kind for kind in _FIELDS if source.has(kind)]
    target = Path(out)
    if target.suffix.lower() == ".xlsx":
        target.parent.mkdir(parents=True, exist_ok=True)
        return _write_workbook(source, kinds, target)
    return _write_csv(source, kinds, target)


def _write_workbook(source: _Folder, kinds: Sequence[jc.RecordKind], out: Path) -> dict[str, int]:
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    bold = book.add_format({"bold": True})
    written: dict[str, int] = {}
    for kind in kinds:
        name = source.mapping.sheets[kind].names[0]
        headers = _headers(source.mapping, kind)
        part = 1
        sheet_name = name
        sheet = _start_sheet(book, sheet_name, name, headers, bold)
        row_index = 3
        count = 0
        for cells in _rows(source, kind):
            if count == MAX_SHEET_ROWS:
                written[sheet_name] = count
                part += 1
                sheet_name = f"{name} ({part})"
                sheet = _start_sheet(book, sheet_name, name, headers, bold)
                row_index = 3
                count = 0
            for column, cell in enumerate(cells):
                if isinstance(cell, dt.date):
                    sheet.write_number(row_index, column, (cell - _EXCEL_EPOCH).days, date_format)
                elif cell:
                    sheet.write_string(row_index, column, cell)
            row_index += 1
            count += 1
        sheet.write_string(row_index, 0, f"Total records: {count}", bold)
        written[sheet_name] = count
    try:
        book.close()
    except xlsxwriter.exceptions.FileCreateError as exc:
        raise jc.UsageError(f"{out}: cannot write the workbook ({exc})") from None
    return written


def _start_sheet(
    book: xlsxwriter.Workbook,
    sheet_name: str,
    title: str,
    headers: list[str],
    bold: object,
) -> xlsxwriter.worksheet.Worksheet:
    sheet = book.add_worksheet(sheet_name)
    sheet.write_string(0, 0, f"{title} report", bold)
    sheet.write_row(2, 0, headers, bold)
    return sheet


def _write_csv(source: _Folder, kinds: Sequence[jc.RecordKind], out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    date_format = source.mapping.export_date_format
    texts: dict[dt.date, str] = {}
    written: dict[str, int] = {}

    def text(cell: Cell) -> str:
        if isinstance(cell, str):
            return cell
        found = texts.get(cell)
        if found is None:
            found = texts[cell] = cell.strftime(date_format)
        return found

    for kind in kinds:
        name = source.mapping.sheets[kind].names[0]
        count = 0
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(_headers(source.mapping, kind))
            for cells in _rows(source, kind):
                writer.writerow([text(cell) for cell in cells])
                count += 1
        written[name] = count
    return written
