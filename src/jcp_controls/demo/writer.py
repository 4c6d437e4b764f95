"""The streaming sink of the demo: one buffered CSV file per evidence file. Internal.

Rows are formatted here rather than by :mod:`csv` (the same bytes: a cell is quoted only when
it holds a comma, a double quote or a line break, as ``csv.QUOTE_MINIMAL`` does; a carriage
return is quoted too, which :mod:`csv` does in some Python versions only), collected
per file and written in blocks of a few thousand rows, and each file's SHA-256 is computed as
its blocks are written. That keeps the cost per row to a few string operations, which matters
at national volume (about five million rows).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from pathlib import Path
from typing import BinaryIO

from jcp_controls.evidence.schema import SCHEMAS
from jcp_controls.models import RecordKind

#: Rows collected per file before they are written.
_BLOCK = 8192
#: The columns :meth:`Sink.learning` writes, in order.
_LEARNING = ("staff_id", "course", "completed_on", "job_role")


class _File:
    """One evidence file being written: its columns, pending lines, count and digest."""

    __slots__ = ("columns", "commas", "count", "digest", "handle", "known", "lines")

    def __init__(self, handle: BinaryIO, columns: tuple[str, ...]) -> None:
        self.handle = handle
        self.columns = columns
        self.known = frozenset(columns)
        self.commas = len(columns) - 1
        self.lines: list[str] = []
        self.count = 0
        self.digest = hashlib.sha256()
        self.write(",".join(columns) + "\n")

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.digest.update(data)
        self.handle.write(data)

    def flush(self) -> None:
        if self.lines:
            self.write("".join(self.lines))
            self.lines.clear()


class Sink:
    """One CSV file per evidence file, header first, column order from ``SCHEMAS``, ``\\n``
    line endings; a date is written ISO, None as an empty cell."""

    def __init__(self, out: Path, stack: contextlib.ExitStack) -> None:
        self.files: dict[RecordKind, _File] = {}
        for kind, schema in SCHEMAS.items():
            handle = stack.enter_context((out / schema.filename).open("wb"))
            columns = tuple(column.name for column in schema.columns)
            self.files[kind] = _File(handle, columns)
        if self.files[RecordKind.LEARNING].columns != _LEARNING:
            raise ValueError(f"learning.csv columns are not {_LEARNING}")
        # runs before the files are closed (the stack unwinds last in, first out)
        stack.callback(self.flush)
        #: ISO text by day ordinal, filled by :meth:`iso`.
        self.dates: dict[int, str] = {}

    @property
    def counts(self) -> dict[RecordKind, int]:
        """Rows written so far per kind."""
        return {kind: file.count for kind, file in self.files.items()}

    def digests(self) -> dict[str, str]:
        """The SHA-256 of each file by file name (complete once the sink is flushed)."""
        return {kind.filename: file.digest.hexdigest() for kind, file in self.files.items()}

    def flush(self) -> None:
        """Write every pending row."""
        for file in self.files.values():
            file.flush()

    def iso(self, day: int) -> str:
        """The ISO text of a day given as an ordinal (cached: a folder has few distinct days)."""
        text = self.dates.get(day)
        if text is None:
            text = self.dates[day] = dt.date.fromordinal(day).isoformat()
        return text

    def row(self, kind: RecordKind, /, **cells: object) -> None:
        """Write one row."""
        file = self.files[kind]
        if not cells.keys() <= file.known:
            raise ValueError(f"{kind.filename}: unknown columns {sorted(cells.keys())}")
        values = [cells.get(name) for name in file.columns]
        line = ",".join(["" if v is None else v if v.__class__ is str else str(v) for v in values])
        if line.count(",") != file.commas or '"' in line or "\n" in line or "\r" in line:
            line = ",".join([_cell(v) for v in values])  # some cell needs quoting
        self._add(file, line + "\n")

    def learning(self, staff_id: str, course: str, day: int, job_role: str | None) -> None:
        """Write one ``learning.csv`` row (the bulk of a folder), ``day`` an ordinal; the
        values are identifiers that never need quoting."""
        text = self.dates.get(day) or self.iso(day)
        file = self.files[RecordKind.LEARNING]
        file.lines.append(f"{staff_id},{course},{text},{job_role or ''}\n")
        file.count += 1
        if len(file.lines) >= _BLOCK:
            file.flush()

    def learning_lines(self, lines: list[str]) -> None:
        """Write ready-made ``learning.csv`` lines (each ending in ``\\n``)."""
        file = self.files[RecordKind.LEARNING]
        file.lines.extend(lines)
        file.count += len(lines)
        if len(file.lines) >= _BLOCK:
            file.flush()

    @staticmethod
    def _add(file: _File, line: str) -> None:
        file.lines.append(line)
        file.count += 1
        if len(file.lines) >= _BLOCK:
            file.flush()


def _cell(value: object) -> str:
    """A cell as ``csv.QUOTE_MINIMAL`` writes it."""
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text
