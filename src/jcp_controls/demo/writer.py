"""The streaming sink of the demo: one CSV writer per evidence file. Internal."""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Sequence
from pathlib import Path

from jcp_controls.evidence.schema import SCHEMAS
from jcp_controls.models import RecordKind


class Sink:
    """One CSV writer per evidence file, header first, column order from ``SCHEMAS``."""

    def __init__(self, out: Path, stack: contextlib.ExitStack) -> None:
        self.columns: dict[RecordKind, tuple[str, ...]] = {}
        self.known: dict[RecordKind, frozenset[str]] = {}
        self.writers: dict[RecordKind, Callable[[Sequence[object]], object]] = {}
        self.counts: dict[RecordKind, int] = {}
        for kind, schema in SCHEMAS.items():
            handle = stack.enter_context(
                (out / schema.filename).open("w", encoding="utf-8", newline="", buffering=1 << 20)
            )
            writer = csv.writer(handle, lineterminator="\n")
            columns = tuple(column.name for column in schema.columns)
            writer.writerow(columns)
            self.columns[kind] = columns
            self.known[kind] = frozenset(columns)
            self.writers[kind] = writer.writerow
            self.counts[kind] = 0

    def row(self, kind: RecordKind, /, **cells: object) -> None:
        """Write one row; a date is written ISO, None as an empty cell."""
        columns = self.columns[kind]
        if not cells.keys() <= self.known[kind]:
            raise ValueError(f"{kind.filename}: unknown columns {sorted(cells.keys())}")
        self.writers[kind]([cells.get(name) for name in columns])
        self.counts[kind] += 1
