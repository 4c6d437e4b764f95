"""Loading an estate: an evidence folder read straight into typed tables, or any evidence
read as records and then stored.

:func:`load_estate` takes the same locations as :func:`jcp_controls.load`. One plain
evidence folder (the built-in ``csv`` source) is read by DuckDB's CSV reader and checked in
bulk, with SQL, against everything the row reader checks: header, cell types, required
cells, keys, references, row rules. Only when those checks prove the row reader would find
no error and no warning are the tables kept; at the first doubt the folder is read again
by the row reader (:func:`jcp_controls.load`) and the estate is built from its records, so
a folder with a problem gets exactly the row reader's messages (file, line, column,
value). The bulk checks are conservative: a folder the row reader would accept may still
take the slow path (a quoted cell, padding around a value, a missing optional column), but
one it would flag never takes the fast one.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from jcp_controls.columnar.estate import Estate, LazyRecords, connect
from jcp_controls.columnar.tables import column_types
from jcp_controls.evidence import schema as _schema
from jcp_controls.evidence.csv import (
    _NOT_NULL_DEFAULTS,
    MANIFEST_FILE,
    POLICY_FILE,
    _Manifest,
    content_digest,
)
from jcp_controls.evidence.schema import SCHEMAS, Column, FileSchema
from jcp_controls.evidence.sources import Progress
from jcp_controls.evidence.store import Evidence, SourceInfo
from jcp_controls.models import Course, RecordKind
from jcp_controls.plugins import Plugins

if TYPE_CHECKING:
    import duckdb

__all__ = ["load_estate"]

#: Code points :meth:`str.strip` removes: a cell starting or ending with one is read by the
#: row reader as the stripped value, which the fast path does not try to mirror.
_SPACE_CODES = "9,10,11,12,13,28,29,30,31,32,133,160,5760,8232,8233,8239,8287,12288"
#: Text values the row reader reads as booleans (compared lower-cased, ASCII letters only).
_TRUE = ("true", "yes", "1")
_FALSE = ("false", "no", "0")


def load_estate(
    *locations: str | Path,
    plugins: Plugins | None = None,
    progress: Progress | None = None,
) -> Estate:
    """Load evidence into an :class:`~jcp_controls.columnar.Estate`, ready to evaluate.

    The locations are those of :func:`jcp_controls.load`. One plain evidence folder is
    read straight into tables when bulk checks prove the row reader would accept it
    without an error or a warning (:attr:`Estate.read_columnar` is then True); anything
    else (several locations, a plugin's source, a folder with any problem) is loaded by
    :func:`jcp_controls.load` and stored with :meth:`Estate.from_evidence`, so input errors,
    warnings and strict/lenient behaviour are exactly those of the row reader.

    Args:
        *locations: evidence folders and ``scheme:location`` sources.
        plugins: the plugins providing sources (default: built-in and installed).
        progress: ``progress(file, rows done, rows in all)`` while files are read.

    Returns:
        The estate; its :attr:`~Estate.evidence` has the sources, issues and rejected kinds
        :func:`jcp_controls.load` would give.

    Raises:
        UsageError: as :func:`jcp_controls.load` (no location, a folder that does not
            exist, an unclaimed scheme, a source given twice).
        PolicyError: a folder's ``policy.toml`` cannot be read.
        ImportError: the ``columnar`` extra (DuckDB, pyarrow) is not installed.
    """
    from jcp_controls.loading import load

    plugins = plugins if plugins is not None else Plugins()
    if len(locations) == 1:
        folder = _plain_folder(locations[0], plugins)
        if folder is not None:
            estate = _FolderReader(folder[0], folder[1], progress).estate()
            if estate is not None:
                return estate
    return Estate.from_evidence(load(*locations, plugins=plugins, progress=progress))


def _plain_folder(location: str | Path, plugins: Plugins) -> tuple[Path, str] | None:
    """(folder, uri) when ``location`` goes to the built-in ``csv`` source and no plugin
    failed (a failure is part of the evidence :func:`jcp_controls.load` gives)."""
    from jcp_controls.errors import JcpControlsError
    from jcp_controls.evidence.plugin import CSV_SOURCE
    from jcp_controls.loading import _resolve, sources

    try:
        source, rest = _resolve(str(location), sources(plugins))
    except JcpControlsError:
        return None
    if source is not CSV_SOURCE or plugins.failures:
        return None
    folder = Path(rest)
    if not folder.is_dir():
        return None
    return folder, rest


class _Doubt(Exception):
    """The fast path cannot prove the folder clean: read it with the row reader."""


@attrs.frozen
class _File:
    schema: FileSchema
    path: Path
    raw: bytes
    header: tuple[str, ...]
    rows: int


class _FolderReader:
    """The fast path for one evidence folder."""

    def __init__(self, folder: Path, uri: str, progress: Progress | None) -> None:
        self.folder = folder
        self.uri = uri
        self.progress = progress

    def estate(self) -> Estate | None:
        """The estate, or None when some check is in doubt."""
        try:
            files = self._files()
            extra = self._extra_digests()
        except _Doubt:
            return None
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            # The digest hashes every line (no SQL engine here does SHA-256 faster than
            # hashlib): it runs beside DuckDB, which releases the interpreter while it works.
            digests = [pool.submit(content_digest, file.raw) for file in files]
            connection = connect()
            try:
                counts = self._tables(connection, files)
            except _Doubt:
                for future in digests:
                    future.cancel()
                connection.close()
                return None
            digest = hashlib.sha256()
            for file, future in zip(files, digests, strict=True):
                digest.update(file.schema.filename.encode() + b"\0" + future.result())
        for part in extra:
            digest.update(part)
        return self._build(connection, files, counts, digest.hexdigest())

    # -- bytes -------------------------------------------------------------------------------

    def _files(self) -> list[_File]:
        files = []
        for schema in SCHEMAS.values():
            path = self.folder / schema.filename
            if not path.is_file():
                continue
            try:
                raw = path.read_bytes()
            except OSError:
                raise _Doubt from None
            files.append(_plain_csv(schema, path, raw))
        return files

    def _extra_digests(self) -> list[bytes]:
        """The policy and manifest parts of the folder's digest; a manifest with any issue
        is a doubt (it rejects every kind)."""
        parts = []
        policy = self.folder / POLICY_FILE
        if policy.is_file():
            try:
                parts.append(b"policy.toml\0" + hashlib.sha256(policy.read_bytes()).digest())
            except OSError:
                raise _Doubt from None
        self.manifest = _Manifest(self.folder / MANIFEST_FILE)
        if self.manifest.issues:
            raise _Doubt
        if self.manifest.raw is not None:
            parts.append(
                MANIFEST_FILE.encode() + b"\0" + hashlib.sha256(self.manifest.raw).digest()
            )
        return parts

    # -- tables ------------------------------------------------------------------------------

    def _tables(
        self, connection: duckdb.DuckDBPyConnection, files: list[_File]
    ) -> dict[RecordKind, int]:
        import duckdb

        counts: dict[RecordKind, int] = {}
        present = {file.schema.kind for file in files}
        try:
            for file in files:
                if self.progress is not None:
                    self.progress(file.schema.filename, 0, file.rows)
                counts[file.schema.kind] = _read_file(connection, file, present)
                if self.progress is not None:
                    self.progress(file.schema.filename, file.rows, file.rows)
            for file in files:
                _check_references(connection, file.schema, present)
            for file in files:
                _typed_table(connection, file.schema)
        except duckdb.Error:
            raise _Doubt from None
        return counts

    def _build(
        self,
        connection: duckdb.DuckDBPyConnection,
        files: list[_File],
        counts: Mapping[RecordKind, int],
        sha256: str,
    ) -> Estate:
        present = frozenset(counts)
        manifest = self.manifest
        info = SourceInfo(
            "csv",
            self.uri,
            {kind.value: count for kind, count in counts.items()},
            sha256,
            manifest.extracted_on,
            {kind.value: day for kind, day in manifest.kinds.items() if kind in present},
        )

        def evidence(estate: Estate) -> Evidence:
            return Evidence(
                records=LazyRecords(estate),
                learning=(
                    estate.learning_facts(counts[RecordKind.LEARNING])
                    if RecordKind.LEARNING in present
                    else None
                ),
                sources=(info,),
            )

        return Estate(connection, evidence, present=present, read_columnar=True)


def _plain_csv(schema: FileSchema, path: Path, raw: bytes) -> _File:
    """The file, when its bytes are plain CSV the SQL reader splits as the row reader
    does: UTF-8 without a byte-order mark or NUL, no quotes, LF or CRLF line ends, no
    blank line, a header naming each column of the schema once and nothing else, and as
    many commas on each line as the header has."""
    if (
        not raw
        or raw.startswith(b"\xef\xbb\xbf")
        or b"\0" in raw
        or b'"' in raw
        or b"\n\n" in raw
        or (b"\r" in raw and (b"\n\r\n" in raw or raw.count(b"\r") != raw.count(b"\r\n")))
    ):
        raise _Doubt
    if not raw.isascii():
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _Doubt from None
    end = raw.find(b"\n")
    first = raw if end < 0 else raw[:end]
    header = tuple(first.rstrip(b"\r").decode("utf-8").split(","))
    names = {column.name for column in schema.columns}
    if len(header) != len(names) or set(header) != names:
        raise _Doubt
    lines = raw.count(b"\n")
    rows = lines - 1 if raw.endswith(b"\n") else lines
    # Each line as many cells as the header: DuckDB rejects a short line but takes a line
    # ending in an empty extra cell, which the row reader rejects.
    if raw.count(b",") != (rows + 1) * (len(header) - 1):
        raise _Doubt
    return _File(schema, path, raw, header, rows)


def _raw(kind: RecordKind) -> str:
    return f"_raw_{kind.value}"


def _read_file(
    connection: duckdb.DuckDBPyConnection, file: _File, present: set[RecordKind]
) -> int:
    """Read one file into its raw (text) table and check it; how many rows it holds."""
    schema = file.schema
    # A value that must be a key of a file present is checked by the reference check:
    # padding around it would not match a key (whose own cells are checked here).
    resolved = {
        reference.column
        for reference in schema.references
        if reference.when_null is None and reference.target in present
    }
    columns = ", ".join(f"'{name}': 'VARCHAR'" for name in file.header)
    connection.execute(
        f"CREATE TEMP TABLE {_raw(schema.kind)} AS SELECT * FROM read_csv(?, header = true, "
        "delim = ',', quote = '\"', escape = '\"', auto_detect = false, strict_mode = true, "
        f"null_padding = false, ignore_errors = false, columns = {{{columns}}})",
        [str(file.path)],
    )
    problems = [_cell_problem(column, column.name in resolved) for column in schema.columns]
    problems.extend(_rule_problem(rule) for rule in schema.rules)
    key = f"count(DISTINCT {schema.key})" if schema.key is not None else "count(*)"
    ((rows, distinct, bad),) = connection.execute(
        f"SELECT count(*), {key}, count_if({' OR '.join(problems)}) FROM {_raw(schema.kind)}"
    ).fetchall()
    if rows != file.rows or distinct != rows or bad:
        raise _Doubt
    return int(rows)


def _cell_problem(column: Column, resolved: bool = False) -> str:
    """A SQL condition true when the row reader would reject, or alter, this cell
    (``resolved``: a text cell the reference check compares with a key)."""
    name = column.name
    empty = f"({name} IS NULL OR {name} = '')"
    missing = empty if column.required else "false"
    cell_type = column.type
    if cell_type == "str" and resolved:
        wrong = "false"
    elif cell_type == "str":  # padding the row reader strips (the typed checks reject it)
        wrong = (
            f"unicode({name}) IN ({_SPACE_CODES}) OR unicode(right({name}, 1)) IN ({_SPACE_CODES})"
            f" OR unicode({name}) BETWEEN 8192 AND 8202"
            f" OR unicode(right({name}, 1)) BETWEEN 8192 AND 8202"
        )
    elif cell_type == "date":  # exactly YYYY-MM-DD, a calendar date from year 1 to 9999
        wrong = (
            f"length({name}) <> 10"
            f" OR coalesce(CAST(try_cast({name} AS DATE) AS VARCHAR) <> {name}, true)"
        )
    elif cell_type == "bool":
        allowed = ", ".join(f"'{text}'" for text in (*_TRUE, *_FALSE))
        wrong = f"NOT regexp_full_match({name}, '[A-Za-z01]+') OR lower({name}) NOT IN ({allowed})"
    elif cell_type == "int":
        wrong = f"NOT regexp_full_match({name}, '-?[0-9]{{1,18}}')"
    elif isinstance(cell_type, type):
        allowed = ", ".join(f"'{member.value}'" for member in cell_type)
        wrong = f"{name} NOT IN ({allowed})"
    else:  # a cell type this reader does not know
        raise _Doubt
    return f"({missing} OR (NOT {empty} AND ({wrong})))"


#: The row rules of the schema as SQL conditions true when a row breaks them (over the raw
#: text cells; the cells are known valid when a rule is consulted).
_RULES: dict[Callable[..., Any], str] = {
    _schema._lms_core_needs_role: (
        f"(course = '{Course.LMS_CORE.value}' AND (job_role IS NULL OR job_role = ''))"
    ),
    _schema._pseudo_or_holder_office: (
        "((staff_id IS NULL OR staff_id = '') AND (office_id IS NULL OR office_id = ''))"
    ),
    _schema._dormant_needs_since: (
        "(status = 'dormant' AND (dormant_since IS NULL OR dormant_since = ''))"
    ),
    _schema._destroyed_needs_date: (
        "(status = 'destroyed' AND (destroyed_on IS NULL OR destroyed_on = ''))"
    ),
    _schema._positive_version: "(coalesce(try_cast(version AS BIGINT), 0) < 1)",
}


def _rule_problem(rule: Callable[..., Any]) -> str:
    found = _RULES.get(rule)
    if found is None:  # a rule added to the schema without its SQL twin
        raise _Doubt
    return found


def _check_references(
    connection: duckdb.DuckDBPyConnection, schema: FileSchema, present: set[RecordKind]
) -> None:
    """Doubt when a reference does not resolve (the target present, as the combining step
    checks it)."""
    for reference in schema.references:
        target = SCHEMAS[reference.target]
        if reference.target not in present or target.key is None:
            continue
        column = reference.column
        condition = f"r.{column} IS NOT NULL AND r.{column} <> ''"
        if reference.when_null is not None:
            condition += f" AND (r.{reference.when_null} IS NULL OR r.{reference.when_null} = '')"
        ((dangling,),) = connection.execute(
            f"SELECT count(*) FROM {_raw(schema.kind)} AS r WHERE {condition} AND NOT EXISTS "
            f"(SELECT 1 FROM {_raw(reference.target)} AS t WHERE t.{target.key} = r.{column})"
        ).fetchall()
        if dangling:
            raise _Doubt


def _typed_table(connection: duckdb.DuckDBPyConnection, schema: FileSchema) -> None:
    """The table of the kind, typed, from its raw table (which is dropped)."""
    kind = schema.kind
    if kind is RecordKind.LEARNING:
        select = (
            "SELECT DISTINCT staff_id, course, "
            f"CASE WHEN course = '{Course.LMS_CORE.value}' THEN job_role ELSE '' END AS job_role, "
            f"CAST(completed_on AS DATE) AS completed_on FROM {_raw(kind)}"
        )
    else:
        types = dict(column_types(kind))
        select = "SELECT " + ", ".join(
            f"{_typed(column, types[column.name])} AS {column.name}" for column in schema.columns
        )
        select += f" FROM {_raw(kind)}"
    connection.execute(f"CREATE TABLE {kind.value} AS {select}")
    connection.execute(f"DROP TABLE {_raw(kind)}")


def _typed(column: Column, sql_type: str) -> str:
    name = column.name
    value = f"nullif({name}, '')"
    if sql_type == "BOOLEAN":
        value = f"lower({value}) IN ({', '.join(repr(text) for text in _TRUE)})"
    elif sql_type != "VARCHAR":
        value = f"CAST({value} AS {sql_type})"
    if name in _NOT_NULL_DEFAULTS:
        value = f"coalesce({value}, {'true' if _NOT_NULL_DEFAULTS[name] else 'false'})"
    return value
