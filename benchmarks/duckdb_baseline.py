"""The DuckDB baseline: LRN-001, LRN-002 and ACC-007 in one SQL query over the CSV files.

Run as a child process by ``run.py`` (so its wall time and peak RSS are its own)::

    python benchmarks/duckdb_baseline.py FOLDER --as-of 2026-11-23 --output findings.json

It writes ``{"findings": [...], "counts": {...}, "query_s": ...}``: every result that is not
``pass`` as (control_id, subject_id, status, due_on), and the results per status of each
control, passes included. The rules are those of the library's control catalogue:

* LRN-001/002, scope: staff in ``staff.csv`` holding an LMS grant active on ``as_of``
  (``granted_on <= as_of`` and ``removed_on`` null or after it). Due on the latest completion
  on or before ``as_of`` plus ``validity_months`` calendar months, clipped to month end
  (DuckDB's month interval clips: 2024-02-29 + 12 months = 2025-02-28). None: fail; due
  before ``as_of``: fail; due within ``warn_days``: warn.
* ACC-007, scope: every grant of a holder in ``staff.csv`` whose ``left_on`` is before
  ``as_of``. Due on ``left_on + leaver_grace_days``; still active and ``as_of`` after the due
  date: fail; still active: warn; removed: pass.
* A ``fail`` or ``warn`` covered by a waiver (same control and subject, approved on or
  before ``as_of`` or without an approval date, ``as_of <= expires_on``) is ``waived``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import duckdb

#: Columns read as DATE; every other column is VARCHAR (IDs keep leading zeros).
DATE_COLUMNS = frozenset(
    {"granted_on", "removed_on", "left_on", "completed_on", "approved_on", "expires_on"}
)
FILES = {
    "staff": "staff.csv",
    "grants": "access_grants.csv",
    "learning": "learning.csv",
    "waivers": "waivers.csv",
}

QUERY = """
WITH
active_lms_holders AS (
    SELECT DISTINCT g.staff_id
    FROM grants g JOIN staff s ON s.staff_id = g.staff_id
    WHERE g.system = 'lms'
      AND g.granted_on <= $as_of AND (g.removed_on IS NULL OR g.removed_on > $as_of)
),
latest AS (
    SELECT staff_id, course, max(completed_on) AS latest
    FROM learning
    WHERE course IN ('dwp_foundation', 'security_awareness') AND completed_on <= $as_of
    GROUP BY staff_id, course
),
lrn AS (
    SELECT c.control_id, h.staff_id AS subject_id, l.latest,
           CAST(l.latest + to_months($validity_months) AS DATE) AS due_on
    FROM active_lms_holders h
    CROSS JOIN (VALUES ('LRN-001', 'dwp_foundation'), ('LRN-002', 'security_awareness'))
        AS c(control_id, course)
    LEFT JOIN latest l ON l.staff_id = h.staff_id AND l.course = c.course
),
judged AS (
    SELECT control_id, subject_id, due_on,
           CASE WHEN latest IS NULL OR $as_of > due_on THEN 'fail'
                WHEN $as_of >= due_on - CAST($warn_days AS INTEGER) THEN 'warn'
                ELSE 'pass' END AS status
    FROM lrn
    UNION ALL
    SELECT 'ACC-007', g.grant_id,
           s.left_on + CAST($leaver_grace_days AS INTEGER),
           CASE WHEN NOT (g.granted_on <= $as_of
                          AND (g.removed_on IS NULL OR g.removed_on > $as_of)) THEN 'pass'
                WHEN $as_of > s.left_on + CAST($leaver_grace_days AS INTEGER) THEN 'fail'
                ELSE 'warn' END
    FROM grants g JOIN staff s ON s.staff_id = g.staff_id
    WHERE s.left_on < $as_of
)
SELECT j.control_id, j.subject_id, j.due_on,
       CASE WHEN j.status IN ('fail', 'warn') AND EXISTS (
                SELECT 1 FROM waivers w
                WHERE w.control_id = j.control_id AND w.subject_id = j.subject_id
                  AND (w.approved_on IS NULL OR w.approved_on <= $as_of)
                  AND $as_of <= w.expires_on)
            THEN 'waived' ELSE j.status END AS status
FROM judged j
"""


def read_table(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    """Load one CSV file into a typed table (dates as DATE, everything else VARCHAR)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    columns = {column: "DATE" if column in DATE_COLUMNS else "VARCHAR" for column in header}
    con.execute(
        f"CREATE TABLE {name} AS SELECT * FROM read_csv($path, header = true, "
        f"columns = {columns!r}, quote = '\"', escape = '\"')",
        {"path": str(path)},
    )


def evaluate(
    folder: Path,
    as_of: dt.date,
    warn_days: int = 30,
    validity_months: int = 12,
    leaver_grace_days: int = 0,
) -> dict[str, Any]:
    """The three controls' results over ``folder``, as written to ``--output``."""
    con = duckdb.connect()
    for name, file in FILES.items():
        path = folder / file
        if name == "waivers" and not path.exists():
            con.execute(
                "CREATE TABLE waivers (control_id VARCHAR, subject_id VARCHAR, "
                "approved_on DATE, expires_on DATE)"
            )
            continue
        read_table(con, name, path)
    parameters = {
        "as_of": as_of,
        "warn_days": warn_days,
        "validity_months": validity_months,
        "leaver_grace_days": leaver_grace_days,
    }
    con.execute(f"CREATE TABLE results AS {QUERY}", parameters)
    findings = con.execute(
        "SELECT control_id, subject_id, status, due_on FROM results WHERE status <> 'pass' "
        "ORDER BY control_id, subject_id"
    ).fetchall()
    counts: dict[str, dict[str, int]] = {
        control: dict.fromkeys(("pass", "warn", "fail", "error", "waived"), 0)
        for control in ("LRN-001", "LRN-002", "ACC-007")
    }
    for control, status, count in con.execute(
        "SELECT control_id, status, count(*) FROM results GROUP BY ALL"
    ).fetchall():
        counts[control][status] = count
    return {
        "findings": [
            {
                "control_id": control,
                "subject_id": subject,
                "status": status,
                "due_on": None if due is None else due.isoformat(),
            }
            for control, subject, status, due in findings
        ],
        "counts": counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--as-of", required=True, type=dt.date.fromisoformat)
    parser.add_argument("--output", required=True, type=Path)
    parser.add_argument("--warn-days", type=int, default=30)
    parser.add_argument("--validity-months", type=int, default=12)
    parser.add_argument("--leaver-grace-days", type=int, default=0)
    args = parser.parse_args()
    began = time.perf_counter()
    document = evaluate(
        args.folder, args.as_of, args.warn_days, args.validity_months, args.leaver_grace_days
    )
    document["query_s"] = round(time.perf_counter() - began, 3)
    args.output.write_text(json.dumps(document, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
