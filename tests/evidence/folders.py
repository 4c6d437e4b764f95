"""Write evidence folders (evidence.rst) for tests: a small, fully valid example of all 17 files.

The columns and their order are transcribed from ``evidence.rst`` ("Files"), not from the
library's schema table, so the tests check the implementation against the spec. Every row
uses every column; references resolve; the example is valid on 2026-11-22.
"""

from __future__ import annotations

import copy
import csv
import io
import random
from collections.abc import Mapping, Sequence
from pathlib import Path

Row = dict[str, str]

#: Every file of evidence.rst with its columns in the documented order.
HEADERS: dict[str, tuple[str, ...]] = {
    "offices.csv": (
        "office_id", "name", "csm_staff_id", "security_advisor", "iam_staff_id",
        "iai_submitted_on", "scs_live_on", "region",
    ),
    "staff.csv": (
        "staff_id", "name", "office_id", "grade", "job_role", "role_since", "line_manager_id",
        "started_on", "left_on",
    ),
    "designations.csv": ("staff_id", "designation", "from_on", "to_on", "appointed_by"),
    "absences.csv": ("staff_id", "kind", "start_on", "expected_end_on", "end_on"),
    "learning.csv": ("staff_id", "course", "completed_on", "job_role"),
    "access_grants.csv": (
        "grant_id", "system", "account_id", "staff_id", "office_id", "entitlement",
        "granted_on", "authorised_by", "form_ref", "pseudo", "pseudo_reason", "pseudo_end_on",
        "removed_on",
    ),
    "access_reviews.csv": ("grant_id", "reviewed_on", "reviewer_id", "outcome"),
    "access_role_matrix.csv": ("system", "job_role", "entitlement"),
    "reviews.csv": ("office_id", "kind", "reviewed_on", "reviewer_id", "second_reviewer_id"),
    "checks.csv": (
        "check_type", "office_id", "subject_id", "performed_on", "performed_by", "outcome",
        "recorded_in",
    ),
    "enrolments.csv": ("check_type", "subject_id", "office_id", "from_on", "to_on"),
    "events.csv": ("event_type", "subject_id", "office_id", "occurred_on"),
    "claimant_commitments.csv": (
        "cc_id", "claimant_ref", "office_id", "version", "created_on", "channel", "status",
        "dormant_since", "destroyed_on", "work_programme",
    ),
    "incidents.csv": (
        "incident_id", "office_id", "kind", "occurred_on", "reported_on", "escalated_on",
        "remedial_action", "closed_on",
    ),
    "test_checks.csv": (
        "test_check_id", "staff_id", "office_id", "generated_on", "form_completed_on",
    ),
    "interview_cancellations.csv": (
        "claimant_ref", "office_id", "cancelled_on", "reason", "rebooked_on",
    ),
    "waivers.csv": (
        "control_id", "subject_id", "reason", "approved_by", "approved_on", "expires_on",
    ),
}  # fmt: skip

FILES: tuple[str, ...] = tuple(HEADERS)

AS_OF = "2026-11-22"


def _rows(filename: str, *values: Sequence[str]) -> list[Row]:
    header = HEADERS[filename]
    rows = []
    for cells in values:
        assert len(cells) == len(header), (filename, cells)
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


_VALID: dict[str, list[Row]] = {
    "offices.csv": _rows(
        "offices.csv",
        ("OF001", "Leeds", "S001", "A Advisor", "S001", "2026-04-01", "2015-03-02", "england"),
        ("OF002", "Cardiff", "S003", "SBA-7", "S003", "2026-04-02", "2015-06-01", "wales"),
    ),
    "staff.csv": _rows(
        "staff.csv",
        (
            "S001",
            "Ann Jones",
            "OF001",
            "heo",
            "customer_service_manager",
            "2020-01-06",
            "",
            "2010-09-01",
            "",
        ),
        ("S002", "Bob Smith", "OF001", "eo", "work_coach", "2025-01-06", "S001", "2019-05-13", ""),
        (
            "S003",
            "Cat Evans",
            "OF002",
            "seo",
            "customer_service_manager",
            "2021-02-01",
            "",
            "2012-01-09",
            "",
        ),
        (
            "S004",
            "Dai Price",
            "OF002",
            "ao",
            "work_coach",
            "2024-03-04",
            "S003",
            "2024-03-04",
            "2026-10-30",
        ),
    ),
    "designations.csv": _rows(
        "designations.csv",
        ("S002", "lms_delegate", "2025-02-03", "", "S001"),
        ("S001", "lms_operator", "2024-01-08", "2027-01-08", "S001"),
    ),
    "absences.csv": _rows(
        "absences.csv",
        ("S002", "sick", "2026-03-02", "2026-03-06", "2026-03-06"),
        ("S004", "special_leave", "2026-06-01", "2026-06-05", ""),
    ),
    "learning.csv": _rows(
        "learning.csv",
        ("S002", "dwp_foundation", "2026-02-01", ""),
        ("S002", "lms_core", "2026-02-02", "work_coach"),
        ("S002", "security_awareness", "2026-02-03", ""),
        ("S002", "lms_user_guide_chapter_b", "2026-02-04", ""),
        ("S002", "data_handling", "2026-02-05", ""),
    ),
    "access_grants.csv": _rows(
        "access_grants.csv",
        (
            "G001",
            "lms",
            "ACC-S002",
            "S002",
            "",
            "Work Coach",
            "2026-02-10",
            "S001",
            "LMS1-0001",
            "false",
            "",
            "",
            "",
        ),
        (
            "G002",
            "lms",
            "PSEUDO-1",
            "",
            "OF002",
            "Work Coach",
            "2026-09-01",
            "S003",
            "LMS1-0002",
            "true",
            "cover for a new starter",
            "2026-12-31",
            "",
        ),
        (
            "G003",
            "jcc_folder",
            "ACC-S002",
            "S002",
            "OF001",
            "edit",
            "2026-02-11",
            "S001",
            "",
            "no",
            "",
            "",
            "2026-11-01",
        ),
    ),
    "access_reviews.csv": _rows(
        "access_reviews.csv",
        ("G001", "2026-09-01", "S001", "retain"),
        ("G003", "2026-10-31", "S001", "remove"),
    ),
    "access_role_matrix.csv": _rows(
        "access_role_matrix.csv",
        ("lms", "work_coach", "Work Coach"),
        ("jcc_folder", "work_coach", "edit"),
    ),
    "reviews.csv": _rows(
        "reviews.csv",
        ("OF001", "jcc_folder_access", "2026-11-02", "S001", "S002"),
        ("OF001", "jcc_information_assets", "2026-11-03", "S001", ""),
    ),
    "checks.csv": _rows(
        "checks.csv",
        ("gpc_statement", "OF001", "S002", "2026-10-31", "S001", "pass", "bcs"),
        ("health_safety", "OF002", "", "2026-11-02", "S003", "exception", "local"),
    ),
    "enrolments.csv": _rows(
        "enrolments.csv",
        ("gpc_statement", "S002", "OF001", "2026-01-01", "2026-12-31"),
    ),
    "events.csv": _rows(
        "events.csv",
        ("leaver", "S004", "OF002", "2026-10-30"),
    ),
    "claimant_commitments.csv": _rows(
        "claimant_commitments.csv",
        ("CC001", "CR0001", "OF001", "1", "2026-05-01", "scs", "active", "", "", "false"),
        (
            "CC002",
            "CR0002",
            "OF001",
            "2",
            "2023-05-01",
            "tactical",
            "dormant",
            "2024-01-15",
            "",
            "true",
        ),
        (
            "CC003",
            "CR0003",
            "OF002",
            "1",
            "2020-01-06",
            "clerical",
            "destroyed",
            "2022-01-10",
            "2024-01-12",
            "",
        ),
    ),
    "incidents.csv": _rows(
        "incidents.csv",
        (
            "INC001",
            "OF001",
            "disclosure",
            "2026-10-05",
            "2026-10-05",
            "2026-10-06",
            "letter retrieved",
            "2026-10-20",
        ),
    ),
    "test_checks.csv": _rows(
        "test_checks.csv",
        ("TC001", "S002", "OF001", "2026-10-01", "2026-10-02"),
    ),
    "interview_cancellations.csv": _rows(
        "interview_cancellations.csv",
        ("CR0100", "OF001", "2026-10-05", "cms_rebuild", "2026-10-06"),
    ),
    "waivers.csv": _rows(
        "waivers.csv",
        ("ACC-004", "G003", "folder access has no LMS1", "S001", "2026-10-01", "2027-01-31"),
    ),
}


def valid_rows() -> dict[str, list[Row]]:
    """A fresh copy of the valid example: file name -> rows (column -> cell text)."""
    return copy.deepcopy(_VALID)


def csv_text(
    filename: str,
    rows: Sequence[Mapping[str, str]],
    *,
    header: Sequence[str] | None = None,
    newline: str = "\n",
) -> str:
    """The CSV text of ``rows`` under ``header`` (default: the documented columns)."""
    columns = list(header if header is not None else HEADERS[filename])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue()


Content = str | bytes | Sequence[Mapping[str, str]] | None


def write_folder(
    folder: Path,
    files: Mapping[str, Content] | None = None,
    *,
    newline: str = "\n",
) -> Path:
    """Write an evidence folder: the valid example, with ``files`` overriding it.

    In ``files`` a file name maps to rows (written under the documented header), to raw
    text or bytes (written as is), or to None (the file is left out).
    """
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.csv"):
        stale.unlink()
    contents: dict[str, Content] = dict(valid_rows())
    contents.update(files or {})
    for filename, content in contents.items():
        path = folder / filename
        if content is None:
            continue
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            text = csv_text(filename, content, newline=newline)
            path.write_bytes(text.encode("utf-8"))
    return folder


def shuffled(rows: Mapping[str, Sequence[Row]], seed: int) -> dict[str, list[Row]]:
    """The same rows, each file's data rows in a different order."""
    rng = random.Random(seed)
    result: dict[str, list[Row]] = {}
    for filename, file_rows in rows.items():
        copied = [dict(row) for row in file_rows]
        rng.shuffle(copied)
        result[filename] = copied
    return result
