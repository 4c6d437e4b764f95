"""Writing each evaluation's results to BCS, and reading stored runs back (SEC §26, §28).

A run is one row of ``jcp_run`` (run ID, when it was recorded, ``as_of``, the library and
adapter versions, a digest of the effective policy, every source's name, URI, record counts
and digest, the controls evaluated with their counts) and one ``jcp_result`` row per result
(passes included), written in one transaction: a run is stored whole or not at all. Runs are
never updated or deleted, so BCS keeps the history of what was checked, when, and with what
outcome.

Which database receives the results (:func:`targets`):

1. ``JCP_BCS_RESULTS_URL`` when set: that database (``off`` writes nothing);
2. otherwise every ``bcs:`` database the evaluated evidence was loaded from;
3. otherwise nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import jcp_controls as jc
import sqlalchemy as sa
from sqlalchemy import exc

from jcp_controls_bcs import __version__
from jcp_controls_bcs.database import Database, is_locked, open_database, opened, parse_location
from jcp_controls_bcs.reader import LOADED, SOURCE_NAME
from jcp_controls_bcs.tables import RESULT, RUN

__all__ = [
    "RESULTS_ENV",
    "StoredRun",
    "policy_digest",
    "read_runs",
    "run_document",
    "targets",
    "write_run",
]

#: The environment variable naming the database that receives results (``off``: none).
RESULTS_ENV = "JCP_BCS_RESULTS_URL"
_OFF = frozenset({"off", "none", "no", "0", "false"})
_REPORT_SCHEMA = "jcp-controls/report/1"
_BATCH = 5_000
_ATTEMPTS = 5


def targets(report: jc.Report) -> list[Database]:
    """The databases that receive ``report`` (see the module)."""
    chosen = os.environ.get(RESULTS_ENV)
    if chosen is not None:
        if chosen.strip().lower() in _OFF or not chosen.strip():
            return []
        return [parse_location(chosen)]
    found: list[Database] = []
    for source in report.sources:
        if source.name != SOURCE_NAME:
            continue
        url = LOADED.get(source.uri)
        database = parse_location(source.uri)
        if url is not None:
            database = attrs.evolve(database, url=url)
        if database.shown not in {known.shown for known in found}:
            found.append(database)
    return found


def policy_digest(report: jc.Report) -> str:
    """A SHA-256 of the effective policy (canonical JSON)."""
    text = json.dumps(report.policy.to_dict(), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _evidence_json(result: jc.Result) -> str:
    """A result's evidence as the JSON report writes it (dates as ``YYYY-MM-DD``); anything
    plain JSON cannot hold goes through the report's own converter."""
    try:
        return json.dumps(result.evidence, sort_keys=True, ensure_ascii=False, default=_plain)
    except TypeError:
        evidence = result.to_dict()["evidence"]
        return json.dumps(evidence, sort_keys=True, ensure_ascii=False)


_RESULT_COLUMNS = (
    "run_id",
    "position",
    "control_id",
    "status",
    "severity",
    "office_id",
    "subject_kind",
    "subject_id",
    "staff_id",
    "due_on",
    "message",
    "evidence",
)


def _result_rows(
    run_id: str, report: jc.Report, start: int, stop: int, *, dates_as_text: bool
) -> list[tuple[Any, ...]]:
    """Rows of ``jcp_result`` for results ``start:stop``, in :data:`_RESULT_COLUMNS` order."""
    rows = []
    for position, result in enumerate(report.results[start:stop], start=start + 1):
        due = result.due_on
        rows.append(
            (
                run_id,
                position,
                result.control_id,
                str(result.status),
                str(result.severity),
                result.office_id,
                str(result.subject_kind),
                result.subject_id,
                result.staff_id,
                due.isoformat() if dates_as_text and due is not None else due,
                result.message,
                _evidence_json(result),
            )
        )
    return rows


def _insert_results(connection: sa.Connection, run_id: str, report: jc.Report) -> None:
    """Insert every result through the driver's own ``executemany`` (no per-row compiling:
    a national run has over a million results)."""
    if connection.dialect.driver == "psycopg":
        _copy_results(connection, run_id, report)
        return
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    statement = (
        f"INSERT INTO {RESULT.name} ({', '.join(_RESULT_COLUMNS)}) "
        f"VALUES ({', '.join([marker] * len(_RESULT_COLUMNS))})"
    )
    sqlite = connection.dialect.name == "sqlite"  # SQLAlchemy keeps SQLite dates as text
    for start in range(0, len(report.results), _BATCH):
        rows = _result_rows(run_id, report, start, start + _BATCH, dates_as_text=sqlite)
        connection.exec_driver_sql(statement, rows)


def _copy_results(connection: sa.Connection, run_id: str, report: jc.Report) -> None:
    """Insert every result with PostgreSQL's ``COPY`` (psycopg), in the open transaction."""
    raw: Any = connection.connection.dbapi_connection
    statement = f"COPY {RESULT.name} ({', '.join(_RESULT_COLUMNS)}) FROM STDIN"
    driver_error = connection.dialect.loaded_dbapi.Error
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for start in range(0, len(report.results), _BATCH):
                rows = _result_rows(run_id, report, start, start + _BATCH, dates_as_text=False)
                for row in rows:
                    copy.write_row(row)
    except driver_error as error:  # as SQLAlchemy reports the driver's errors
        raise exc.DBAPIError.instance(statement, None, error, driver_error) from error


def write_run(database: Database, report: jc.Report) -> str:
    """Store ``report`` as one run in ``database``; returns the run ID.

    The run and all its results are written in one transaction. On SQLite a writer waits for
    another's lock, and a write that still finds the database locked is tried again.

    Raises:
        jcp_controls.UsageError: the database does not exist or its schema is not current.
    """
    engine = open_database(database, write=True)
    run_id = str(uuid.uuid4())
    counts = report.counts()
    run = {
        "run_id": run_id,
        "recorded_at": dt.datetime.now(dt.UTC),
        "as_of": report.as_of,
        "library_version": report.library_version,
        "adapter_version": __version__,
        "policy_digest": policy_digest(report),
        "sources": json.dumps([source.to_dict() for source in report.sources]),
        "result_count": len(report.results),
        "finding_count": len(report.findings()),
        "controls": json.dumps(
            [
                {
                    "control_id": control.control_id,
                    "severity": control.severity.value,
                    "counts": counts[control.control_id],
                }
                for control in report.controls
            ]
        ),
        "input_error_count": len(report.input_errors) + len(report.plugin_errors),
    }
    try:
        for attempt in range(_ATTEMPTS):
            try:
                with engine.begin() as connection:
                    connection.execute(RUN.insert(), run)
                    _insert_results(connection, run_id, report)
                break
            except exc.OperationalError as error:
                if not is_locked(error) or attempt == _ATTEMPTS - 1:
                    raise
                time.sleep(0.5 * (attempt + 1))
    finally:
        engine.dispose()
    return run_id


@attrs.frozen
class StoredRun:
    """One run as ``jcp_run`` holds it.

    Attributes:
        seq: its order of recording (1, 2, ...).
        run_id: its ID.
        recorded_at: when it was written (UTC, ISO 8601).
        as_of: the evaluation date.
        library_version: the jcp-controls version.
        adapter_version: the jcp-controls-bcs version.
        policy_digest: SHA-256 of the effective policy.
        sources: each source's ``name``, ``uri``, ``records`` and ``sha256``.
        controls: each control's ``control_id``, ``severity`` and ``counts``.
        result_count: how many results.
        finding_count: how many results are not ``pass``.
        input_error_count: input errors and plugin failures of the run.
    """

    seq: int
    run_id: str
    recorded_at: str
    as_of: str
    library_version: str
    adapter_version: str
    policy_digest: str
    sources: Sequence[Mapping[str, Any]]
    controls: Sequence[Mapping[str, Any]]
    result_count: int
    finding_count: int
    input_error_count: int

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``jcp-controls-bcs history --format json``)."""
        return attrs.asdict(self, recurse=False) | {
            "sources": list(self.sources),
            "controls": list(self.controls),
        }


def _iso(value: Any) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        stamp: str = value.astimezone(dt.UTC).isoformat(timespec="seconds")
        return stamp
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _stored(row: sa.RowMapping) -> StoredRun:
    return StoredRun(
        seq=int(row["run_seq"]),
        run_id=str(row["run_id"]),
        recorded_at=_iso(row["recorded_at"]),
        as_of=_iso(row["as_of"]),
        library_version=str(row["library_version"]),
        adapter_version=str(row["adapter_version"]),
        policy_digest=str(row["policy_digest"]),
        sources=json.loads(row["sources"]),
        controls=json.loads(row["controls"]),
        result_count=int(row["result_count"]),
        finding_count=int(row["finding_count"]),
        input_error_count=int(row["input_error_count"]),
    )


def read_runs(database: Database, *, limit: int | None = None) -> list[StoredRun]:
    """The runs stored in ``database``, oldest first (the last ``limit`` when given).

    Raises:
        jcp_controls.UsageError: the database does not exist or its schema is not current.
    """
    engine = open_database(database)
    try:
        with opened(database, engine) as connection:
            query = sa.select(RUN).order_by(RUN.c.run_seq.desc())
            if limit is not None:
                query = query.limit(limit)
            rows = [_stored(row._mapping) for row in connection.execute(query)]
    finally:
        engine.dispose()
    return list(reversed(rows))


def run_document(database: Database, run: StoredRun) -> dict[str, Any]:
    """A stored run as a ``jcp-controls/report/1`` document (as ``jc.load_report`` gives):
    ``schema``, ``as_of``, ``library_version``, ``sources``, ``controls`` and ``results``."""
    engine = open_database(database)
    try:
        with opened(database, engine) as connection:
            query = (
                sa.select(RESULT).where(RESULT.c.run_id == run.run_id).order_by(RESULT.c.position)
            )
            results = [
                {
                    "control_id": row.control_id,
                    "status": row.status,
                    "severity": row.severity,
                    "office_id": row.office_id,
                    "subject_kind": row.subject_kind,
                    "subject_id": row.subject_id,
                    "staff_id": row.staff_id,
                    "due_on": None if row.due_on is None else _iso(row.due_on),
                    "message": row.message,
                    "evidence": json.loads(row.evidence),
                }
                for row in connection.execute(query)
            ]
    finally:
        engine.dispose()
    return {
        "schema": _REPORT_SCHEMA,
        "as_of": run.as_of,
        "library_version": run.library_version,
        "sources": list(run.sources),
        "controls": list(run.controls),
        "results": results,
    }
