"""Builders of realistic HR exports for the tests: workbooks as HR reporting tools write them
(title rows, header spellings, Excel date cells, serial numbers, text dates, blank rows, a
totals row) and CSV folders."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import xlsxwriter  # type: ignore[import-untyped]

#: A cell: text, a number, a date (written as an Excel date cell), or None (empty).
Cell = str | int | float | dt.date | None
Sheets = Mapping[str, Sequence[Sequence[Cell]]]

_EPOCH = dt.date(1899, 12, 30)


def write_workbook(path: Path, sheets: Sheets) -> Path:
    """Write ``sheets`` (rows of cells, row 1 first) as an .xlsx workbook."""
    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for row_index, row in enumerate(rows):
            for column, cell in enumerate(row):
                if cell is None:
                    continue
                if isinstance(cell, dt.date):
                    sheet.write_number(row_index, column, (cell - _EPOCH).days, date_format)
                elif isinstance(cell, str):
                    sheet.write_string(row_index, column, cell)
                else:
                    sheet.write_number(row_index, column, cell)
    book.close()
    return path


def write_csv_folder(path: Path, sheets: Sheets) -> Path:
    """Write ``sheets`` as a folder of CSV files named after them (dates as dd/mm/yyyy)."""
    path.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        with (path / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            for row in rows:
                writer.writerow(
                    [
                        cell.strftime("%d/%m/%Y")
                        if isinstance(cell, dt.date)
                        else ""
                        if cell is None
                        else cell
                        for cell in row
                    ]
                )
    return path


D = dt.date

#: A small export as the HR system writes it. Row numbers matter to the tests: see the
#: comments.
OFFICES: list[list[Cell]] = [
    ["Office List report"],  # 1: a title row
    [],  # 2
    ["Office Code", "Office Name", "Region", "Security Advisor", "IAI Submitted", "SCS Live Date"],
    ["OF001", "Oldham Jobcentre", "England", "Michael Bailey", D(2025, 2, 6), "25/03/2017"],
    ["OF002", "Wrexham Jobcentre", "Wales", None, 45991, None],  # 5: a serial number
    [],
    ["Total records: 2"],  # 7: a trailing totals row
]
STAFF: list[list[Cell]] = [
    [
        "Staff No",
        "Full Name",
        "Office Code",
        "Grade",
        "Position",
        "Position Start Date",
        "Line Manager",
        "Start Date",
        "Leaving Date",
        "Pay Band",  # a column the evidence does not need
    ],
    [
        "S1",
        "Ryan Campbell",
        "OF001",
        "HEO",
        "Customer Service Manager",
        None,
        None,
        D(2010, 5, 24),
        None,
        "B2",
    ],
    [
        "S2",
        "Callum King",
        "OF001",
        "Executive Officer",
        "Work Coach",
        "2012-02-09",
        "S1",
        "09/02/2012",
        None,
        "C",
    ],
    [None, None, None, None, None, None, None, None, None, None],  # 4: a blank row
    [1234567, "Eilidh Morris", "OF002", "eo", "Work Coach", None, "S1", 40000, "30-Nov-2026", "C"],
    ["Grand Total", 3],
]
DESIGNATIONS: list[list[Cell]] = [
    ["Staff Number", "Designation", "Office Code", "From Date", "To Date", "Appointed By"],
    ["S2", "LMS Delegate", None, D(2020, 11, 22), None, "S1"],
    ["S1", "Customer Service Manager", "OF001", None, None, None],
    ["S9", "Customer Service Manager", "OF001", D(2001, 1, 1), D(2009, 12, 31), None],  # ended
    ["1234567", "IAM", None, None, None, None],  # the office is the holder's (OF002)
    ["S2", "Fire Warden", None, D(2021, 1, 1), None, None],  # known, not evidence
]
ABSENCES: list[list[Cell]] = [
    ["Staff Number", "Absence Type", "Start Date", "Expected Return Date", "Actual Return Date"],
    ["S2", "Sickness", D(2026, 2, 20), D(2026, 3, 2), D(2026, 3, 2)],
    ["S2", "Annual Leave", D(2026, 8, 3), None, D(2026, 8, 7)],  # known, not evidence
    ["1234567", "Maternity Leave", "01/06/2026", "01/03/2027", None],
]
LEARNING: list[list[Cell]] = [
    ["Learning Record export"],
    ["Staff Number", "Course Title", "Status", "Completion Date", "Position"],
    ["S1", "DWP Foundation Learning", "Completed", "28/05/2010 00:00", None],
    ["S2", "LMS Core Learning", "Completed", D(2012, 3, 1), "Work Coach"],
    ["S2", "Security Awareness (Annual Refresher)", "In Progress", None, None],  # not counted
    ["S2", "Security Awareness (Annual Refresher)", "completed", "15/10/2026", None],
]
LEARNING_2: list[list[Cell]] = [
    ["Staff Number", "Course Title", "Status", "Completion Date", "Position"],
    [1234567, "DWP Foundation Learning", "Completed", D(2009, 7, 1), None],  # a number
    ["Total", 4],
]


def sheets(**replace: list[list[Cell]]) -> dict[str, list[list[Cell]]]:
    """The small export, with some sheets replaced (by sheet name)."""
    result = {
        "Offices": OFFICES,
        "Staff": STAFF,
        "Designations": DESIGNATIONS,
        "Absences": ABSENCES,
        "Learning": LEARNING,
        "Learning (2)": LEARNING_2,
    }
    result.update({name.replace("_", " "): rows for name, rows in replace.items()})
    return result
