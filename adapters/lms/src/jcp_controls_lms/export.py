"""Writing an LMS export from an evidence folder (to try the adapter, or to test it).

The export looks like the real thing: a report title above the header, the headers and codes
of the mapping (the first spelling of each), UK dates, and a trailing totals row. With a
``remainder`` folder, the evidence folder is also copied without what the export now carries
(the ``lms`` grants and their reviews), so that ``lms:OUT`` plus ``REMAINDER`` is the same
evidence as the folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import jcp_controls as jc
from jcp_controls_lms.mapping import ExportMapping, TableMapping

__all__ = ["export_folder"]

_TITLES = {
    "lms2": "LMS2 - User Access Report",
    "lms1": "LMS1 - Access Requests",
    "reviews": "LMS2 - Access Review Log",
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
    """Write the LMS export of the evidence folder ``evidence`` into ``out``.

    Returns the number of rows written per table.

    Raises:
        jcp_controls.UsageError: the folder lacks ``access_grants.csv`` or ``staff.csv``, or
            a value has no code in the mapping.
    """
    grants = [row for row in _read(evidence / "access_grants.csv") if row["system"] == "lms"]
    reviews_path = evidence / "access_reviews.csv"
    reviews = _read(reviews_path) if reviews_path.is_file() else []
    staff = {row["staff_id"]: row for row in _read(evidence / "staff.csv")}
    lms2, lms1, review_table = (mapping.tables[name] for name in ("lms2", "lms1", "reviews"))
    out.mkdir(parents=True, exist_ok=True)

    lms2_rows = []
    forms: dict[str, dict[str, str]] = {}
    for grant in grants:
        holder = staff.get(grant["staff_id"]) if grant["staff_id"] else None
        pseudo = grant.get("pseudo", "").lower() in ("true", "yes", "1")
        lms2_rows.append(
            {
                "grant_id": grant["grant_id"],
                "office_id": grant["office_id"] or (holder["office_id"] if holder else ""),
                "account_id": grant["account_id"],
                "staff_id": grant["staff_id"],
                "pseudo": _code(lms2, "pseudo", "true" if pseudo else "false"),
                "entitlement": _code(lms2, "entitlement", grant["entitlement"]),
                "granted_on": _day(grant["granted_on"]),
                "removed_on": _day(grant["removed_on"]),
                "form_ref": grant["form_ref"],
                "authorised_by": grant["authorised_by"],
            }
        )
        if grant["form_ref"] and grant["form_ref"] not in forms:
            forms[grant["form_ref"]] = {
                "form_ref": grant["form_ref"],
                "account_id": grant["account_id"],
                "staff_id": grant["staff_id"],
                "requested_by": (holder.get("line_manager_id") or "") if holder else "",
                "requested_on": _day(grant["granted_on"]),
                "authorised_by": grant["authorised_by"],
                "authorised_on": _day(grant["granted_on"]) if grant["authorised_by"] else "",
                "pseudo_reason": grant["pseudo_reason"] if pseudo else "",
                "pseudo_end_on": _day(grant["pseudo_end_on"]) if pseudo else "",
            }
    lms_ids = {grant["grant_id"] for grant in grants}
    review_rows = [
        {
            "grant_id": review["grant_id"],
            "reviewed_on": _day(review["reviewed_on"]),
            "reviewer_id": review["reviewer_id"],
            "outcome": _code(review_table, "outcome", review["outcome"])
            if review["outcome"]
            else "",
        }
        for review in reviews
        if review["grant_id"] in lms_ids
    ]
    counts = {
        "lms2": _write(out / lms2.file, lms2, [f.name for f in lms2.fields], lms2_rows),
        "lms1": _write(out / lms1.file, lms1, [f.name for f in lms1.fields], forms.values()),
        "reviews": _write(
            out / review_table.file,
            review_table,
            [f.name for f in review_table.fields],
            review_rows,
        ),
    }
    if remainder is not None:
        _remainder(evidence, remainder, lms_ids)
    return counts


def _remainder(evidence: Path, remainder: Path, lms_ids: set[str]) -> None:
    """Copy the evidence folder without the ``lms`` grants and their reviews."""
    remainder.mkdir(parents=True, exist_ok=True)
    for path in sorted(evidence.iterdir()):
        if not path.is_file():
            continue
        if path.name in ("access_grants.csv", "access_reviews.csv"):
            with path.open(newline="", encoding="utf-8-sig") as source:
                reader = csv.reader(source)
                header = next(reader)
                column = header.index("grant_id")
                with (remainder / path.name).open("w", newline="", encoding="utf-8") as target:
                    writer = csv.writer(target, lineterminator="\n")
                    writer.writerow(header)
                    writer.writerows(row for row in reader if row[column] not in lms_ids)
        else:
            shutil.copyfile(path, remainder / path.name)
