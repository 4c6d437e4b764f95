"""Reading a BCS database into evidence records: ``checks``, ``enrolments`` and ``events``.

Each mapped table is read in key order with the driver's raw values, and each cell is parsed
here, so a bad value becomes an input issue instead of a driver error:

* text: surrounding spaces removed; empty is null; numbers are written without ``.0``;
* dates: a ``DATE`` value, ``YYYY-MM-DD`` (a time after it is ignored), ``DD/MM/YYYY``, or an
  Excel serial day number (a number, or digits as text; 1900 date system);
* codes: looked up in the mapping's ``[codes.*]`` lists, ignoring case and spaces.

A row whose mapped cells are all empty is skipped. Trailing totals rows are skipped (see
:class:`~jcp_controls_bcs.mapping.BcsMapping`). Every other row that cannot be mapped is an
input error naming the table, the row's key (its "line"), the BCS column and the value, and
its record kind is marked rejected, so controls that need it report ``error``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence
from typing import Any

import jcp_controls as jc
import sqlalchemy as sa
from sqlalchemy import exc

from jcp_controls_bcs.database import Database, open_database, opened, parse_location
from jcp_controls_bcs.mapping import FIELDS, BcsMapping, TableMap, load_mapping

__all__ = ["SOURCE_NAME", "VALIDATION_CHECK_TYPE", "parse_date", "read_bcs"]

#: The source's name in reports.
SOURCE_NAME = "bcs"
#: The check type of a BCS validation row.
VALIDATION_CHECK_TYPE = "bcs_validation"

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_MAX = 2_958_465  # 9999-12-31
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_KINDS = {
    "checks": jc.RecordKind.CHECKS,
    "validations": jc.RecordKind.CHECKS,
    "enrolments": jc.RecordKind.ENROLMENTS,
    "events": jc.RecordKind.EVENTS,
}


class _CellError(ValueError):
    pass


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if type(value) is str:
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.date):
        value = value.isoformat()
    text = str(value).strip()
    return text or None


def _serial(number: float) -> dt.date:
    if not 1 <= number <= _EXCEL_MAX:
        raise _CellError("not a date: an Excel serial day number is 1 to 2958465")
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


def parse_date(value: Any) -> dt.date | None:
    """A date from a BCS cell: ``DATE``, ``YYYY-MM-DD``, ``DD/MM/YYYY`` or an Excel serial.

    Returns:
        The date, or None for an empty cell.

    Raises:
        ValueError: the cell holds something else, or an impossible date.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise _CellError("not a date")
    if isinstance(value, int | float):
        return _serial(float(value))
    text = str(value).strip()
    if not text:
        return None
    try:
        match = _ISO_DATE.fullmatch(text)
        if match is not None:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        match = _UK_DATE.fullmatch(text)
        if match is not None:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        raise _CellError("not a valid calendar date") from None
    if _DIGITS.fullmatch(text):
        return _serial(float(text))
    raise _CellError("not a date: expected YYYY-MM-DD, DD/MM/YYYY or an Excel serial number")


class _TableReader:
    """Reads one mapped table into records of its kind, collecting issues."""

    def __init__(self, mapping: BcsMapping, table: TableMap) -> None:
        self.mapping = mapping
        self.table = table
        self.fields = FIELDS[table.name]
        self.records: list[Any] = []
        self.origins: list[jc.Origin] = []
        self.issues: list[jc.InputIssue] = []
        self.rejected = False
        self.known_dates: dict[str, dt.date | None] = {}
        #: per mapped column: (field, BCS column, required, parser of (raw, text))
        self.columns: list[tuple[str, str, bool, Callable[[Any, str], Any]]] = [
            (
                field,
                column,
                self.fields[field].endswith("!"),
                self._parser(self.fields[field].rstrip("!")),
            )
            for field, column in table.columns.items()
        ]
        fields = list(table.columns)
        self.office = fields.index("office_id") if "office_id" in fields else None

    def _parser(self, how: str) -> Callable[[Any, str], Any]:
        if how == "text":
            return lambda _raw, text: text
        if how == "date":
            return self._date
        codes = self.mapping.codes[how]

        def code(_raw: Any, text: str) -> str:
            meaning = codes.get(text.upper())
            if meaning is None:
                raise _CellError(f"unknown BCS {how} code (not in the mapping's [codes.{how}])")
            return meaning

        return code

    def _date(self, raw: Any, text: str) -> dt.date | None:
        if isinstance(raw, dt.date):
            return raw.date() if isinstance(raw, dt.datetime) else raw
        try:
            return self.known_dates[text]
        except KeyError:
            day = self.known_dates[text] = parse_date(raw)
            return day

    def _issue(self, line: int | None, column: str | None, value: Any, message: str) -> None:
        self.rejected = True
        self.issues.append(
            jc.InputIssue(
                SOURCE_NAME,
                message,
                file=self.table.table,
                line=line,
                column=column,
                value=None if value is None else str(value),
            )
        )

    def _is_totals(self, texts: Sequence[str | None]) -> bool:
        marker = self.mapping.totals_marker
        size = len(marker)
        for text in texts:
            if text is not None and text[:size].lower() == marker:
                office = None if self.office is None else texts[self.office]
                return office is None or office[:size].lower() == marker
        return False

    def read(self, rows: Sequence[Sequence[Any]], digest: Any) -> None:
        """Parse ``rows`` (the key, then the mapped columns in mapping order), adding each
        row's text to ``digest``."""
        pending_totals: list[tuple[int | None, Sequence[str | None]]] = []
        update = digest.update
        for row in rows:
            texts = [_text(value) for value in row]
            update(("\x1f".join("\x1e" if t is None else t for t in texts) + "\n").encode())
            cells = texts[1:]
            if not any(cells):
                continue
            line = _line(row[0])
            if self._is_totals(cells):
                pending_totals.append((line, cells))
                continue
            for earlier_line, earlier in pending_totals:
                self._issue(
                    earlier_line,
                    None,
                    None,
                    "a totals row before the last data row (only trailing totals rows are "
                    f"skipped): {', '.join(t for t in earlier if t is not None)}",
                )
            pending_totals.clear()
            self._row(line, row[1:], cells)

    def _row(self, line: int | None, raw: Sequence[Any], texts: Sequence[str | None]) -> None:
        parsed: dict[str, Any] = {}
        ok = True
        for (field, column, required, parse), value, text in zip(
            self.columns, raw, texts, strict=True
        ):
            if text is None:
                if required:
                    self._issue(line, column, value, f"{column} is required ({field})")
                    ok = False
                parsed[field] = None
                continue
            try:
                parsed[field] = parse(value, text)
            except ValueError as error:
                self._issue(line, column, value, str(error))
                ok = False
        if not ok:
            return
        record = self._record(parsed)
        self.records.append(record)
        self.origins.append(jc.Origin(SOURCE_NAME, self.table.table, line))

    def _record(self, parsed: dict[str, Any]) -> Any:
        name = self.table.name
        if name in ("checks", "validations"):
            outcome = parsed.pop("outcome", None)
            if name == "validations":
                parsed["check_type"] = VALIDATION_CHECK_TYPE
            return jc.CheckRecord(
                **parsed,
                outcome=None if outcome is None else jc.CheckOutcome(outcome),
                recorded_in=jc.RecordedIn.BCS,
            )
        if name == "enrolments":
            return jc.Enrolment(**parsed)
        return jc.Event(**parsed)


def _line(key: Any) -> int | None:
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    try:
        return int(str(key))
    except ValueError:
        return None


def _fetch(
    database: Database, connection: sa.Connection, table: TableMap
) -> tuple[list[Sequence[Any]] | None, str | None]:
    """The rows of a mapped table (key first), or None and why it cannot be read."""
    try:
        present = {column["name"] for column in sa.inspect(connection).get_columns(table.table)}
    except exc.NoSuchTableError:
        return None, f"table {table.table} (mapped as {table.name}) does not exist"
    wanted = [table.key, *table.columns.values()]
    absent = [column for column in wanted if column not in present]
    if absent:
        return None, (
            f"table {table.table} has no column {', '.join(absent)} "
            f"(mapped as {table.name}; see the BCS mapping file)"
        )
    query: Any = (
        sa.select(*[sa.column(column) for column in wanted])
        .select_from(sa.table(table.table))
        .order_by(sa.column(table.key))
    )
    try:
        rows: list[Sequence[Any]] = [tuple(row) for row in connection.execute(query)]
    except exc.DBAPIError as error:
        raise jc.UsageError(f"{database.shown}: cannot read {table.table}: {error.orig}") from None
    return rows, None


def read_bcs(
    location: str,
    progress: Callable[[str, int, int], None] | None = None,
    *,
    mapping: BcsMapping | None = None,
) -> jc.SourceBatch:
    """Read a BCS database: what the ``bcs:`` scheme loads.

    Args:
        location: the SQLAlchemy URL (``?mapping=PATH`` names a mapping file).
        progress: called as ``progress(table, rows_done, rows_total)`` after each table.
        mapping: the mapping to use (default: the location's, ``$JCP_BCS_MAPPING``'s, or the
            shipped one).

    Returns:
        ``checks`` (recorded in BCS, validations included), ``enrolments`` and ``events``.

    Raises:
        jcp_controls.UsageError: the database does not exist, cannot be opened, or its schema
            is missing or at another revision; or the mapping file is invalid.
    """
    database = parse_location(location)
    mapping = mapping or load_mapping(database.mapping)
    engine = open_database(database)
    digest = hashlib.sha256()
    records: dict[jc.RecordKind | str, list[Any]] = {kind: [] for kind in _KINDS.values()}
    origins: dict[jc.RecordKind | str, list[jc.Origin]] = {kind: [] for kind in _KINDS.values()}
    issues: list[jc.InputIssue] = []
    rejected: set[jc.RecordKind] = set()
    try:
        with opened(database, engine) as connection:
            for name, table in mapping.tables.items():
                kind = _KINDS[name]
                rows, problem = _fetch(database, connection, table)
                if rows is None:
                    rejected.add(kind)
                    issues.append(jc.InputIssue(SOURCE_NAME, problem or "", file=table.table))
                    continue
                digest.update(table.table.encode() + b"\0")
                reader = _TableReader(mapping, table)
                reader.read(rows, digest)
                records[kind].extend(reader.records)
                origins[kind].extend(reader.origins)
                issues.extend(reader.issues)
                if reader.rejected:
                    rejected.add(kind)
                if progress is not None:
                    progress(table.table, len(rows), len(rows))
    finally:
        engine.dispose()
    remember(database)
    return jc.SourceBatch.from_records(
        SOURCE_NAME,
        database.shown,
        records,
        origins=origins,
        issues=issues,
        rejected=rejected,
        sha256=digest.hexdigest(),
    )


#: The databases read in this process: the URL shown in reports → the URL to connect with
#: (which may carry a password the report hides). The results hook writes back through it.
LOADED: dict[str, sa.URL] = {}


def remember(database: Database) -> None:
    """Note that ``database`` was read, for the results hook."""
    LOADED[database.shown] = database.url
