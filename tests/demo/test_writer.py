"""The demo's streaming sink writes what the :mod:`csv` module would (``QUOTE_MINIMAL``,
``\\n`` line endings), and records each file's SHA-256 as it writes."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest

from jcp_controls.demo.writer import Sink
from jcp_controls.evidence.schema import SCHEMAS
from jcp_controls.models import RecordKind

AWKWARD = [
    "plain",
    "with, a comma",
    'a "quoted" word',
    "two\nlines",
    "",
    " leading space",
    "ünïcödé",
]


def _expected(kind: RecordKind, rows: list[dict[str, object]]) -> bytes:
    columns = [column.name for column in SCHEMAS[kind].columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(name) for name in columns])
    return buffer.getvalue().encode("utf-8")


def test_rows_are_the_bytes_csv_writes_and_digests_match(tmp_path: Path) -> None:
    incidents = [
        {
            "incident_id": f"INC{n:06d}",
            "office_id": "OF001",
            "kind": "disclosure",
            "occurred_on": dt.date(2026, 1, 1) + dt.timedelta(days=n),
            "remedial_action": text,
            "closed_on": None,
        }
        for n, text in enumerate(AWKWARD * 2000)  # more than one block of rows
    ]
    learning = [
        ("S000001", "lms_core", dt.date(2025, 3, 4), "work_coach"),
        ("S2", "x", dt.date(2024, 2, 29), None),
    ]
    with contextlib.ExitStack() as stack:
        sink = Sink(tmp_path, stack)
        for row in incidents:
            sink.row(RecordKind.INCIDENTS, **row)
        for staff_id, course, day, role in learning:
            sink.learning(staff_id, course, day.toordinal(), role)
    assert (tmp_path / "incidents.csv").read_bytes() == _expected(RecordKind.INCIDENTS, incidents)
    assert (tmp_path / "learning.csv").read_bytes() == _expected(
        RecordKind.LEARNING,
        [
            {"staff_id": s, "course": c, "completed_on": d, "job_role": r}
            for s, c, d, r in learning
        ],
    )
    assert sink.counts[RecordKind.INCIDENTS] == len(incidents)
    for name, digest in sink.digests().items():
        assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == digest, name


def test_an_unknown_column_is_refused(tmp_path: Path) -> None:
    with contextlib.ExitStack() as stack:
        sink = Sink(tmp_path, stack)
        with pytest.raises(ValueError, match="unknown columns"):
            sink.row(RecordKind.OFFICES, office_id="OF001", town="Leeds")
