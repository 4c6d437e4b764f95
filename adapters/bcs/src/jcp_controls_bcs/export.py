"""Writing an evidence folder's BCS records into a BCS database (``jcp-controls-bcs export``).

What BCS holds of an evidence folder: the ``checks`` rows recorded in BCS (``recorded_in =
bcs``; ``bcs_validation`` rows go to ``bcs_validation``), every enrolment and every event.
Codes are written as the mapping's first code for each value. The rest of the folder (other
files, checks recorded elsewhere) is what the CSV source still supplies:
:func:`write_rest` copies the folder without what BCS now holds, so that the copy and the
database together supply what the folder did.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jcp_controls as jc
import sqlalchemy as sa

from jcp_controls_bcs.database import Database, ensure, open_database, opened
from jcp_controls_bcs.mapping import BcsMapping, load_mapping
from jcp_controls_bcs.reader import VALIDATION_CHECK_TYPE
from jcp_controls_bcs.tables import CHECK_RESULT, ENROLMENT, EVENT, VALIDATION

__all__ = ["export_folder", "in_bcs", "write_rest"]

_INPUT_TABLES = (CHECK_RESULT, VALIDATION, ENROLMENT, EVENT)
_BATCH = 5_000


def in_bcs(check: jc.CheckRecord) -> bool:
    """True for a check BCS holds (recorded in BCS)."""
    return check.recorded_in is jc.RecordedIn.BCS


def _insert(connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _BATCH):
        connection.execute(table.insert(), rows[start : start + _BATCH])


def export_folder(
    folder: str | Path,
    database: Database,
    *,
    mapping: BcsMapping | None = None,
    replace: bool = False,
) -> Mapping[str, int]:
    """Write the BCS part of an evidence folder into ``database`` (created if missing).

    Args:
        folder: an evidence folder (as ``jcp-controls demo`` writes).
        database: the BCS database.
        mapping: whose codes to write (default: the database location's, the environment's,
            or the shipped mapping).
        replace: empty the four BCS input tables first; without it a database that already
            holds BCS rows is refused.

    Returns:
        Rows written per table.

    Raises:
        jcp_controls.UsageError: the folder has input errors, lacks ``checks``, or the
            database already holds BCS rows (without ``replace``).
    """
    mapping = mapping or load_mapping(database.mapping)
    evidence = _load_bcs_files(Path(folder))
    errors = evidence.errors
    if errors:
        first = errors[0]
        raise jc.UsageError(
            f"{folder}: {len(errors)} input error(s) in the evidence folder, first "
            f"{first.file} line {first.line}: {first.message}"
        )
    wanted = (jc.RecordKind.CHECKS, jc.RecordKind.ENROLMENTS, jc.RecordKind.EVENTS)
    for kind in wanted:
        if not evidence.has(kind):
            raise jc.UsageError(f"{folder}: {kind.filename} is missing")
    checks = [check for check in evidence.get(jc.RecordKind.CHECKS) if in_bcs(check)]
    rows = {
        CHECK_RESULT.name: _check_rows(mapping, checks),
        VALIDATION.name: _validation_rows(mapping, checks),
        ENROLMENT.name: [
            {
                "check_code": mapping.code_for("check_type", row.check_type),
                "subject_ref": row.subject_id,
                "site_code": row.office_id,
                "start_date": row.from_on,
                "end_date": row.to_on,
            }
            for row in evidence.get(jc.RecordKind.ENROLMENTS)
        ],
        EVENT.name: [
            {
                "event_code": mapping.code_for("event_type", row.event_type),
                "site_code": row.office_id,
                "event_date": row.occurred_on,
                "subject_ref": row.subject_id,
            }
            for row in evidence.get(jc.RecordKind.EVENTS)
        ],
    }
    ensure(database)
    engine = open_database(database, write=True)
    try:
        with opened(database, engine) as connection, connection.begin():
            held = sum(
                connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in _INPUT_TABLES
            )
            if held and not replace:
                raise jc.UsageError(
                    f"{database.shown}: already holds {held} BCS rows "
                    "(use --replace to empty the BCS tables first)"
                )
            for table in _INPUT_TABLES:
                if held:
                    connection.execute(table.delete())
                _insert(connection, table, rows[table.name])
    finally:
        engine.dispose()
    return {name: len(values) for name, values in rows.items()}


def _load_bcs_files(folder: Path) -> jc.Evidence:
    """The folder's offices, checks, enrolments and events only (the rest, such as millions
    of learning rows, is not read)."""
    if not folder.is_dir():
        raise jc.UsageError(f"{folder}: evidence folder not found")
    kinds = (
        jc.RecordKind.OFFICES,
        jc.RecordKind.CHECKS,
        jc.RecordKind.ENROLMENTS,
        jc.RecordKind.EVENTS,
    )
    with tempfile.TemporaryDirectory(prefix="jcp-bcs-export-") as scratch:
        for kind in kinds:
            file = folder / kind.filename
            if file.is_file():
                try:
                    os.link(file, Path(scratch) / kind.filename)
                except OSError:
                    shutil.copyfile(file, Path(scratch) / kind.filename)
        return jc.load(scratch, plugins=jc.Plugins(entry_points=False))


def _outcome(mapping: BcsMapping, outcome: jc.CheckOutcome | None) -> str | None:
    return None if outcome is None else mapping.code_for("outcome", outcome.value)


def _check_rows(mapping: BcsMapping, checks: Iterable[jc.CheckRecord]) -> list[dict[str, Any]]:
    return [
        {
            "check_code": mapping.code_for("check_type", check.check_type),
            "site_code": check.office_id,
            "subject_ref": check.subject_id,
            "completed_date": check.performed_on,
            "completed_by": check.performed_by,
            "outcome_code": _outcome(mapping, check.outcome),
        }
        for check in checks
        if check.check_type != VALIDATION_CHECK_TYPE
    ]


def _validation_rows(
    mapping: BcsMapping, checks: Iterable[jc.CheckRecord]
) -> list[dict[str, Any]]:
    return [
        {
            "site_code": check.office_id,
            "validated_date": check.performed_on,
            "sampled_ref": check.subject_id,
            "validated_by": check.performed_by,
            "result_code": _outcome(mapping, check.outcome),
        }
        for check in checks
        if check.check_type == VALIDATION_CHECK_TYPE
    ]


def write_rest(folder: str | Path, out: str | Path) -> None:
    """Copy an evidence folder to ``out`` without what BCS holds: no ``enrolments.csv`` or
    ``events.csv``, and ``checks.csv`` keeping only the rows not recorded in BCS.

    Raises:
        jcp_controls.UsageError: ``folder`` is not a folder or has no ``checks.csv``, or
            ``out`` exists and is not an empty folder.
    """
    source, target = Path(folder), Path(out)
    if not source.is_dir():
        raise jc.UsageError(f"{folder}: evidence folder not found")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise jc.UsageError(f"{out}: exists and is not an empty folder")
    checks = source / jc.RecordKind.CHECKS.filename
    if not checks.is_file():
        raise jc.UsageError(f"{checks}: not found")
    target.mkdir(parents=True, exist_ok=True)
    skipped = {jc.RecordKind.ENROLMENTS.filename, jc.RecordKind.EVENTS.filename, checks.name}
    for file in sorted(source.iterdir()):
        if file.is_file() and file.name not in skipped:
            shutil.copyfile(file, target / file.name)
    with (
        checks.open(encoding="utf-8-sig", newline="") as reader,
        (target / checks.name).open("w", encoding="utf-8", newline="") as writer,
    ):
        rows = csv.reader(reader)
        out_rows = csv.writer(writer, lineterminator="\n")
        header = next(rows, None)
        if header is None:
            return
        out_rows.writerow(header)
        where = header.index("recorded_in") if "recorded_in" in header else None
        for row in rows:
            if where is None or where >= len(row) or row[where].strip() != "bcs":
                out_rows.writerow(row)
