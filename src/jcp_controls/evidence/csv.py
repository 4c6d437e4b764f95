"""The built-in ``csv`` evidence source: an evidence folder of CSV files (``evidence.rst``).

Parsing is plain code over :mod:`csv` (no per-cell cattrs) because a national folder holds
millions of rows. Every rejected cell or row becomes an :class:`InputIssue` naming file,
physical line, column and value; nothing is dropped silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import enum
import hashlib
import io
import itertools
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from jcp_controls.errors import PolicyError, UsageError
from jcp_controls.evidence.batch import SourceBatch
from jcp_controls.evidence.schema import SCHEMAS, FileSchema
from jcp_controls.evidence.sources import Progress
from jcp_controls.evidence.store import (
    FactKey,
    InputIssue,
    LearningFacts,
    Origin,
    without_columns,
)
from jcp_controls.models import RECORD_TYPES, Course, RecordKind

__all__ = ["MANIFEST_FILE", "POLICY_FILE", "content_digest", "read_folder"]

#: The policy file an evidence folder may hold (read by :func:`jcp_controls.loading.load_policy`).
POLICY_FILE = "policy.toml"
#: The file in which an evidence folder may declare when its files were extracted.
MANIFEST_FILE = "manifest.toml"

SOURCE_NAME = "csv"

#: Called as ``progress(file_name, rows_done, rows_total)`` while a file is read.

_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})
_PROGRESS_EVERY = 50_000
_INTEGER = re.compile(r"-?[0-9]+")
#: The most digits an integer cell may have (a 64-bit range; a version beyond is a mistake).
_MAX_DIGITS = 18
#: Extra header columns named one by one; more are reported in one line.
_EXTRA_COLUMNS_LISTED = 5


class _CellError(ValueError):
    pass


class _Parsers:
    """Cell parsers with a cache of parsed dates (national files repeat a few thousand)."""

    def __init__(self) -> None:
        self.known_dates: dict[str, dt.date] = {}

    def date(self, text: str) -> dt.date:
        cached = self.known_dates.get(text)
        if cached is not None:
            return cached
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise _CellError("not a date: expected YYYY-MM-DD")
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise _CellError("not a valid calendar date (YYYY-MM-DD)") from None
        self.known_dates[text] = day
        return day

    @staticmethod
    def boolean(text: str) -> bool:
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise _CellError("not a boolean: expected true/false (yes/no, 1/0)")

    @staticmethod
    def integer(text: str) -> int:
        # ASCII digits only: str.isdigit() also accepts "²" and "--1" would pass lstrip("-"),
        # and int() then raises a plain ValueError that is not an input issue.
        if _INTEGER.fullmatch(text) is None:
            raise _CellError("not an integer")
        if len(text.lstrip("-")) > _MAX_DIGITS:  # int() refuses 4301 digits with a ValueError
            raise _CellError(f"integer out of range (more than {_MAX_DIGITS} digits)")
        return int(text)

    @staticmethod
    def enum_parser(cls: type[enum.StrEnum]) -> Callable[[str], Any]:
        members = {member.value: member for member in cls}
        allowed = ", ".join(members)

        def parse(text: str) -> Any:
            member = members.get(text)
            if member is None:
                raise _CellError(f"unknown {cls.__name__} value; expected one of {allowed}")
            return member

        return parse

    def for_type(self, cell_type: Any) -> Callable[[str], Any]:
        if cell_type == "str":
            return str
        if cell_type == "date":
            return self.date
        if cell_type == "bool":
            return self.boolean
        if cell_type == "int":
            return self.integer
        return self.enum_parser(cell_type)


def content_digest(raw: bytes) -> bytes:
    """A SHA-256 digest of a CSV file that ignores row order and line endings.

    The header line is hashed in place; data lines are combined as a multiset (the sum of
    their SHA-256 values modulo 2**256), so shuffling rows keeps the digest and the report
    byte-identical.
    """
    text = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    lines = text.split(b"\n")
    header = lines[0].rstrip(b"\r")
    total = 0
    sha = hashlib.sha256
    for line in lines[1:]:
        line = line.rstrip(b"\r")
        if line:
            total += int.from_bytes(sha(line).digest(), "big")
    combined = header + b"\0" + (total % (1 << 256)).to_bytes(32, "big")
    return hashlib.sha256(combined).digest()


def read_folder(path: str | Path, *, progress: Progress | None = None) -> SourceBatch:
    """Read an evidence folder: every file of ``evidence.rst`` that is present.

    A file that is absent leaves its kind missing; a header-only file supplies zero records.
    A ``policy.toml`` in the folder is part of the folder's digest, but it is not evidence:
    the policy reaches the engine one way, as ``evaluate(policy=...)``
    (:func:`jcp_controls.loading.load_policy` builds it from the folders' ``policy.toml``).

    Raises:
        UsageError: the folder does not exist or is not a directory.
    """
    folder = Path(path)
    if not folder.exists():
        raise UsageError(f"{path}: evidence folder not found")
    if not folder.is_dir():
        raise UsageError(f"{path}: not a folder (an evidence folder holds the CSV files)")
    digest = hashlib.sha256()
    parsers = _Parsers()
    records: dict[RecordKind, tuple[Any, ...]] = {}
    origins: dict[RecordKind, tuple[Origin, ...]] = {}
    issues: list[InputIssue] = []
    rejected: set[RecordKind] = set()
    learning: LearningFacts | None = None
    learning_staff: dict[str, Origin] = {}
    learning_rows: dict[str, int] = {}
    for kind, schema in SCHEMAS.items():
        file = folder / schema.filename
        if not file.is_file():
            continue
        try:
            raw = file.read_bytes()
        except OSError as exc:  # unreadable (permissions, a device error): an input error
            issues.append(
                InputIssue(SOURCE_NAME, f"cannot read the file: {exc.strerror}", schema.filename)
            )
            rejected.add(kind)
            continue
        digest.update(schema.filename.encode() + b"\0" + content_digest(raw))
        reader = _FileReader(schema, raw, parsers, progress)
        if kind is RecordKind.LEARNING:
            learning, learning_staff, learning_rows = reader.read_learning()
        else:
            records[kind], origins[kind] = reader.read_records()
        issues.extend(reader.issues)
        if reader.rejected:
            rejected.add(kind)
    policy_file = folder / POLICY_FILE
    if policy_file.is_file():
        try:
            raw_policy = policy_file.read_bytes()
        except OSError as exc:
            raise PolicyError(f"{policy_file}: cannot read policy: {exc.strerror}") from None
        digest.update(b"policy.toml\0" + hashlib.sha256(raw_policy).digest())
    manifest = _Manifest(folder / MANIFEST_FILE)
    if manifest.raw is not None:
        digest.update(MANIFEST_FILE.encode() + b"\0" + hashlib.sha256(manifest.raw).digest())
    if manifest.issues:  # the age of the folder's evidence is unknown: fail closed
        issues.extend(manifest.issues)
        rejected.update(records)
        if learning is not None:
            rejected.add(RecordKind.LEARNING)
    return SourceBatch(
        name=SOURCE_NAME,
        uri=str(path),
        records=records,
        origins=origins,
        learning=learning,
        learning_staff=learning_staff,
        issues=tuple(issues),
        rejected=frozenset(rejected),
        sha256=digest.hexdigest(),
        learning_staff_rows=learning_rows,
        extracted_on=manifest.extracted_on,
        kinds_extracted_on={
            kind: day
            for kind, day in manifest.kinds.items()
            if kind in records or (kind is RecordKind.LEARNING and learning is not None)
        },
    )


_MANIFEST_EXAMPLE = "e.g. extracted_on = 2026-11-28"


class _Manifest:
    """A folder's ``manifest.toml``: ``extracted_on`` (a date) and an optional ``[files]``
    table of dates by file name. Every problem is an input error naming the file, the line
    and the key; an absent file declares nothing."""

    def __init__(self, path: Path) -> None:
        self.raw: bytes | None = None
        self.extracted_on: dt.date | None = None
        self.kinds: dict[RecordKind, dt.date] = {}
        self.issues: list[InputIssue] = []
        self.lines: list[str] = []
        if not path.is_file():
            return
        try:
            self.raw = path.read_bytes()
        except OSError as exc:
            self._issue(f"cannot read the file: {exc.strerror}")
            return
        try:
            text = self.raw.decode("utf-8-sig")
            data = tomllib.loads(text)
        except UnicodeDecodeError as exc:
            self._issue(f"not UTF-8 ({exc.reason}); save the file as UTF-8")
            return
        except tomllib.TOMLDecodeError as exc:
            self._issue(f"not valid TOML: {exc} ({_MANIFEST_EXAMPLE})")
            return
        self.lines = text.splitlines()
        for key, value in data.items():
            if key == "extracted_on":
                self.extracted_on = self._date(key, key, value)
            elif key == "files" and isinstance(value, dict):
                self._files(value)
            elif key == "files":
                self._issue("must be a table [files] of dates by file name", key, value)
            else:
                self._issue("is not a manifest key (known: extracted_on, files)", key, value)

    def _files(self, table: Mapping[str, Any]) -> None:
        by_name = {schema.filename: kind for kind, schema in SCHEMAS.items()}
        for name, value in table.items():
            key = f'files."{name}"'
            kind = by_name.get(name)
            if kind is None:
                self._issue(
                    f"{name!r} is not an evidence file (known: {', '.join(sorted(by_name))})",
                    key,
                    name,
                    leaf=name,
                )
                continue
            day = self._date(key, name, value)
            if day is not None:
                self.kinds[kind] = day

    def _date(self, key: str, leaf: str, value: Any) -> dt.date | None:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self._issue(f"is not a date (expected YYYY-MM-DD, {_MANIFEST_EXAMPLE})", key, value, leaf)
        return None

    def _issue(
        self, message: str, key: str | None = None, value: Any = None, leaf: str | None = None
    ) -> None:
        line = self._line(leaf or key) if key is not None else None
        shown = None if value is None else str(value)
        text = message if key is None else f"key {key} {message}"
        self.issues.append(InputIssue(SOURCE_NAME, text, MANIFEST_FILE, line, key, shown))

    def _line(self, leaf: str | None) -> int | None:
        """The first line that sets ``leaf`` (bare or quoted), for the message."""
        if leaf is None:
            return None
        pattern = re.compile(
            rf"""\s*(?:{re.escape(leaf)}|"{re.escape(leaf)}"|'{re.escape(leaf)}')\s*="""
        )
        for number, line in enumerate(self.lines, 1):
            if pattern.match(line):
                return number
        return None


class _FileReader:
    """Parses one file; collects its issues; ``rejected`` when any row or the header failed."""

    def __init__(
        self,
        schema: FileSchema,
        raw: bytes,
        parsers: _Parsers,
        progress: Progress | None,
    ) -> None:
        self.schema = schema
        self.raw = raw
        self.parsers = parsers
        self.progress = progress
        self.issues: list[InputIssue] = []
        self.rejected = False
        self.positions: dict[str, int] = {}
        self.columns: list[tuple[str, int | None, Callable[[str], Any], bool]] = []

    def _issue(
        self,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
        level: Any = "error",
    ) -> None:
        if level == "error":
            self.rejected = True
        self.issues.append(
            InputIssue(SOURCE_NAME, message, self.schema.filename, line, column, value, level)
        )

    def _decoded(self) -> str | None:
        if b"\0" in self.raw:  # memchr over the whole file: cheap even for large files
            self._issue("not a CSV text file (binary content); expected UTF-8 CSV")
            return None
        try:
            return self.raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = self.raw.count(b"\n", 0, exc.start) + 1
            self._issue(
                f"not valid UTF-8 (byte 0x{self.raw[exc.start]:02x}); save the file as UTF-8 CSV",
                line=line,
            )
            return None

    def _rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """Yield (line, parsed cells by column) for every valid row."""
        for line, cells in self._cells():
            row = self._parse(cells, self.columns, line)
            if row is not None:
                yield line, row

    def _cells(self) -> Iterator[tuple[int, list[str]]]:
        """Yield (line, cells) for every record with as many cells as the header.

        Checks the encoding and the header first (setting :attr:`columns` and
        :attr:`positions`); reports malformed records and wrong cell counts as it goes.
        """
        text = self._decoded()
        if text is None:
            return
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = next(reader)
        except StopIteration:
            self._issue("empty file: expected a header row", line=1)
            return
        except csv.Error as exc:
            self._issue(f"malformed CSV: {exc}", line=1)
            return
        header = [name.strip() for name in header]
        positions: dict[str, int] = {}
        for index, name in enumerate(header):
            if name in positions:
                self._issue("duplicate column in header", line=1, column=name, value=name)
            positions[name] = index
        known = {column.name for column in self.schema.columns}
        extra = [name for name in header if name not in known]
        absent = [column.name for column in self.schema.columns if column.name not in positions]
        likely = _likely_names(extra, absent)
        if len(extra) > _EXTRA_COLUMNS_LISTED:
            # A header with thousands of extra columns gets one line, not one per column.
            shown = ", ".join(repr(name[:40]) for name in extra[:_EXTRA_COLUMNS_LISTED])
            self._issue(
                f"{len(extra)} extra columns ignored (the first: {shown}, ...)",
                line=1,
                level="warning",
            )
        else:
            for name in extra:
                hint = f"; did you mean {likely[name]}?" if name in likely else ""
                self._issue(
                    f"extra column ignored{hint}",
                    line=1,
                    column=name,
                    value=name,
                    level="warning",
                )
        suggested = {target: name for name, target in likely.items()}
        missing = [name for name in self.schema.required if name not in positions]
        for name in missing:
            hint = f" (is it the column {suggested[name]!r}?)" if name in suggested else ""
            self._issue(f"required column missing from header{hint}", line=1, column=name)
        if missing or self.rejected:
            return
        self.positions = positions
        self.columns = [
            (
                column.name,
                positions.get(column.name),
                self.parsers.for_type(column.type),
                column.required,
            )
            for column in self.schema.columns
        ]
        width = len(header)
        total = max(self.raw.count(b"\n"), 1)
        previous_line = 1
        while True:
            line = previous_line + 1  # where the next record starts
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                # Report the broken record and read on: the rows after it are still read
                # (and reported if bad), so none is dropped silently.
                where = "" if reader.line_num <= line else f" (detected on line {reader.line_num})"
                self._issue(f"malformed CSV: {exc}{where}", line=line)
                previous_line = max(reader.line_num, line)
                continue
            previous_line = reader.line_num
            if self.progress is not None and line % _PROGRESS_EVERY == 0:
                self.progress(self.schema.filename, line, total)
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # a blank line holds no record
            if len(cells) != width:
                # The cells are not echoed: unheaded ones could hold anything (a name, a NINo).
                self._issue(
                    f"expected {width} cells as in the header, found {len(cells)}", line=line
                )
                continue
            yield line, cells
        if self.progress is not None:
            self.progress(self.schema.filename, total, total)

    def _parse(
        self,
        cells: list[str],
        columns: list[tuple[str, int | None, Callable[[str], Any], bool]],
        line: int,
    ) -> dict[str, Any] | None:
        row: dict[str, Any] = {}
        ok = True
        for name, position, parse, required in columns:
            text = cells[position].strip() if position is not None else ""
            if not text:
                if required:
                    self._issue("required value is empty", line=line, column=name, value="")
                    ok = False
                row[name] = None
                continue
            try:
                row[name] = parse(text)
            except _CellError as exc:
                self._issue(str(exc), line=line, column=name, value=text)
                ok = False
        if not ok:
            return None
        for rule in self.schema.rules:
            broken = rule(row)
            if broken is not None:
                column, message = broken
                value = row.get(column)
                self._issue(
                    message, line=line, column=column, value="" if value is None else str(value)
                )
                return None
        return row

    def read_records(self) -> tuple[tuple[Any, ...], tuple[Origin, ...]]:
        cls = RECORD_TYPES[self.schema.kind]
        key = self.schema.key
        seen: dict[str, int] = {}
        records: list[Any] = []
        origins: list[Origin] = []
        filename = self.schema.filename
        rows = self._rows()
        head = next(rows, None)  # reads the header: sets self.positions
        absent = frozenset(
            name
            for name in DECISIVE_COLUMNS.get(self.schema.kind, ())
            if name not in self.positions
        )
        partial = without_columns(cls, self.schema.kind, absent) if absent else None
        for line, row in itertools.chain(() if head is None else (head,), rows):
            if key is not None:
                value = row[key]
                first = seen.get(value)
                if first is not None:
                    self._issue(
                        f"duplicate {key} (first on line {first})",
                        line=line,
                        column=key,
                        value=value,
                    )
                    continue
                seen[value] = line
            for name, cell in row.items():
                if cell is None and name in _NOT_NULL_DEFAULTS:
                    row[name] = _NOT_NULL_DEFAULTS[name]
            record = cls(**row)
            if partial is not None:
                object.__setattr__(record, "__class__", partial)
            records.append(record)
            origins.append(Origin(SOURCE_NAME, filename, line))
        return tuple(records), tuple(origins)

    def read_learning(self) -> tuple[LearningFacts, dict[str, Origin], dict[str, int]]:
        """Learning rows straight into facts.

        The national file has millions of rows, so a row whose cells are already clean (a
        known course slug, a date seen before, no padding) is taken on a fast path; any
        other row goes through the full parser, which reports exactly what is wrong.
        """
        dates: dict[FactKey, list[dt.date]] = {}
        first_seen: dict[str, Origin] = {}
        per_staff: dict[str, int] = {}
        rows = 0
        courses = frozenset(course.value for course in Course)
        known_dates = self.parsers.known_dates
        lms_core = Course.LMS_CORE.value
        cells_of = self._cells()
        first = next(cells_of, None)  # reads the header: sets self.positions
        if first is None:
            return LearningFacts(dates, 0), first_seen, per_staff
        at_staff = self.positions["staff_id"]
        at_course = self.positions["course"]
        at_date = self.positions["completed_on"]
        at_role = self.positions.get("job_role")
        for line, cells in itertools.chain((first,), cells_of):
            staff_id = cells[at_staff]
            course: str | None = cells[at_course]
            if course not in courses:
                course = None
            day = known_dates.get(cells[at_date])
            role = cells[at_role] if at_role is not None else ""
            if (
                course is None
                or day is None
                or not staff_id
                or staff_id[0] <= " "
                or staff_id[-1] <= " "
                or (role and (role[0] <= " " or role[-1] <= " "))
                or (course == lms_core and not role)
            ):
                row = self._parse(cells, self.columns, line)
                if row is None:
                    continue
                staff_id, course, day, role = (
                    row["staff_id"],
                    row["course"].value,
                    row["completed_on"],
                    row["job_role"] or "",
                )
            rows += 1
            key = (staff_id, course, role if course == lms_core else "")
            bucket = dates.get(key)
            if bucket is None:
                dates[key] = [day]
            else:
                bucket.append(day)
            seen = per_staff.get(staff_id)
            if seen is None:
                per_staff[staff_id] = 1
                first_seen[staff_id] = Origin(SOURCE_NAME, self.schema.filename, line)
            else:
                per_staff[staff_id] = seen + 1
        return LearningFacts(dates, rows), first_seen, per_staff


def _normalised(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.casefold()).strip("_")


def _likely_names(extra: list[str], absent: list[str]) -> dict[str, str]:
    """For extra header names that look like a column the file lacks (``left on``,
    ``Left_On``, ``left_onn``), that column's name."""
    likely: dict[str, str] = {}
    if not extra or not absent:
        return likely
    by_form = {_normalised(name): name for name in absent}
    for name in extra[:_EXTRA_COLUMNS_LISTED]:
        form = _normalised(name)
        match = by_form.get(form) or next(
            iter(difflib.get_close_matches(form, list(by_form), n=1, cutoff=0.85)), None
        )
        if match is not None:
            likely[name] = by_form.get(match, match)
    return likely


#: Optional columns whose empty cell takes a record out of a control's scope or excuses it
#: (no leaving date: not a leaver; no ``role_since``: no role change; no ``pseudo``: not a
#: pseudo account; no ``to_on``: a designation still held; no ``outcome``: a check that did
#: not fail). A file *without* such a column
#: cannot say so: reading it raises ``EvidenceUnavailable`` naming file and column, and every
#: control that reads it reports ``error`` instead of quietly finding nothing. Other optional
#: columns left out read as empty cells.
DECISIVE_COLUMNS: Mapping[RecordKind, tuple[str, ...]] = {
    RecordKind.STAFF: ("left_on", "role_since"),
    RecordKind.ACCESS_GRANTS: ("pseudo",),
    RecordKind.DESIGNATIONS: ("to_on",),
    RecordKind.CHECKS: ("outcome",),
}

#: Optional boolean columns whose empty cell means false.
_NOT_NULL_DEFAULTS = {"pseudo": False, "work_programme": False}
