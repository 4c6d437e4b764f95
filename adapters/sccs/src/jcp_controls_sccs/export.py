"""Writing an SCCS export from an evidence folder (to try the adapter, or to test it).

The export looks like the real thing: a report title above the header, the headers and codes
of the mapping (the first spelling of each), UK dates, and a trailing totals row. With a
``remainder`` folder, the evidence folder is also copied without what the export now carries
(the checks recorded in ``sccs`` and the test checks), so that ``sccs:OUT`` plus
``REMAINDER`` is the same evidence as the folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import jcp_controls as jc
from jcp_controls_sccs.mapping import ExportMapping, TableMapping

__all__ = ["export_folder"]

_TITLES = {
    "checks": "SCCS - Security Check Results",
    "test_checks": "SCCS - Test Checks",
}


def _read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise jc.UsageError(f"{path}: not in the evidence folder")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _day(text: str) -> str:
    return dt.date.fromisoformat(text).strftime("%d/%m/%Y") if text else ""


def _code(table: TableMapping, field: str, value: str) -> str:
    try:
        return table.code_for(field, value)
    except KeyError:
        raise jc.UsageError(
            f"no code in the mapping for {field} {value!r}: "
            f"add one to [{table.name}.codes.{field}]"
        ) from None


def _write(
    path: Path, table: TableMapping, fields: Sequence[str], rows: Iterable[Mapping[str, str]]
) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([_TITLES[table.name]])
        writer.writerow([])
        writer.writerow([table.columns[field][0] for field in fields])
        for row in rows:
            writer.writerow([row.get(field, "") for field in fields])
            count += 1
        writer.writerow([])
        writer.writerow([f"Total records: {count}"])
    return count


def export_folder(
    evidence: Path, out: Path, mapping: ExportMapping, *, remainder: Path | None = None
) -> dict[str, int]:
    """Write the SCCS export of the evidence folder ``evidence`` into ``out``.

    Returns the number of rows written per table.

    Raises:
        jcp_controls.UsageError: the folder lacks ``checks.csv`` or ``test_checks.csv``, or
            a value has no code in the mapping.
    """
    checks = [row for row in _read(evidence / "checks.csv") if row["recorded_in"] == "sccs"]
    tests = _read(evidence / "test_checks.csv")
    check_table, test_table = mapping.tables["checks"], mapping.tables["test_checks"]
    out.mkdir(parents=True, exist_ok=True)
    check_rows = (
        {
            "check_ref": f"SC{number:07d}",
            "office_id": check["office_id"],
            "check_type": _code(check_table, "check_type", check["check_type"]),
            "performed_on": _day(check["performed_on"]),
            "subject_id": check["subject_id"],
            "performed_by": check["performed_by"],
            "outcome": _code(check_table, "outcome", check["outcome"]) if check["outcome"] else "",
        }
        for number, check in enumerate(checks, 1)
    )
    test_rows = (
        {
            "test_check_id": test["test_check_id"],
            "staff_id": test["staff_id"],
            "office_id": test["office_id"],
            "generated_on": _day(test["generated_on"]),
            "form_completed_on": _day(test["form_completed_on"]),
            "status": "Completed" if test["form_completed_on"] else "Outstanding",
        }
        for test in tests
    )
    counts = {
        "checks": _write(
            out / check_table.file, check_table, [f.name for f in check_table.fields], check_rows
        ),
        "test_checks": _write(
            out / test_table.file, test_table, [f.name for f in test_table.fields], test_rows
        ),
    }
    if remainder is not None:
        _remainder(evidence, remainder)
    return counts


def _remainder(evidence: Path, remainder: Path) -> None:
    """Copy the evidence folder without the checks recorded in SCCS and the test checks."""
    remainder.mkdir(parents=True, exist_ok=True)
    for path in sorted(evidence.iterdir()):
        if not path.is_file() or path.name == "test_checks.csv":
            continue
        if path.name == "checks.csv":
            with path.open(newline="", encoding="utf-8-sig") as source:
                reader = csv.reader(source)
                header = next(reader)
                column = header.index("recorded_in")
                with (remainder / path.name).open("w", newline="", encoding="utf-8") as target:
                    writer = csv.writer(target, lineterminator="\n")
                    writer.writerow(header)
                    writer.writerows(row for row in reader if row[column] != "sccs")
        else:
            shutil.copyfile(path, remainder / path.name)
