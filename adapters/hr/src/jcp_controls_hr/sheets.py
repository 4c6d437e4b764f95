"""The export's sheets: an ``.xlsx`` workbook (read with python-calamine) or a folder of
CSV files, one per sheet, named after it."""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import python_calamine

import jcp_controls as jc
from jcp_controls_hr.mapping import normalise

__all__ = ["Export", "Progress", "open_export"]

#: ``progress(sheet label, done, in all)``, as the core's sources report how far they read.
Progress = Callable[[str, int, int], None]
#: Rows between two progress reports.
_PROGRESS_EVERY = 100_000

_CHUNK = 1 << 20


def _digest_file(path: Path, update: Callable[[bytes], object]) -> None:
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            update(chunk)


class Export:
    """One HR export: its sheet names, each sheet's rows and a digest of the raw files.

    Attributes:
        path: the workbook file or CSV folder.
        sheet_names: the sheets in the export, in order.
        sha256: SHA-256 of the raw bytes (each CSV file's name and bytes, in name order).
    """

    def __init__(self, path: Path, sheet_names: Sequence[str], sha256: str) -> None:
        self.path = path
        self.sheet_names = tuple(sheet_names)
        self.sha256 = sha256

    def label(self, sheet: str) -> str:
        """How messages name a sheet: ``[hr.xlsx]Staff`` or ``Staff.csv``."""
        raise NotImplementedError

    def rows(
        self, sheet: str, progress: Progress | None = None
    ) -> Iterator[tuple[int, Sequence[object] | str]]:
        """Each physical row of ``sheet``: its 1-based row number and its cells (or, for a
        row that cannot be read at all, a message saying why). ``progress`` is told how far
        the sheet is read (rows of a workbook, bytes of a CSV file) every 100,000 rows."""
        raise NotImplementedError

    def sheets_for(self, names: Sequence[str]) -> list[str]:
        """The sheets holding a record kind: the first name of ``names`` the export has,
        then its continuations ``Name (2)``, ``Name (3)``, ... (or ``Name 2``, ...)."""
        by_name = {normalise(sheet): sheet for sheet in self.sheet_names}
        for name in names:
            base = by_name.get(normalise(name))
            if base is None:
                continue
            pattern = re.compile(re.escape(normalise(name)) + r"\s*(?:\((\d+)\)|(\d+))")
            more: list[tuple[int, str]] = []
            for normalised, sheet in by_name.items():
                match = pattern.fullmatch(normalised)
                if match is not None:
                    more.append((int(match.group(1) or match.group(2)), sheet))
            return [base, *(sheet for _, sheet in sorted(more))]
        return []


class _Workbook(Export):
    def __init__(self, path: Path) -> None:
        digest = hashlib.sha256()
        _digest_file(path, digest.update)
        try:
            self._book = python_calamine.CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # calamine's errors are its own classes
            raise jc.UsageError(f"{path}: not a readable .xlsx workbook ({exc})") from None
        super().__init__(path, self._book.sheet_names, digest.hexdigest())

    def label(self, sheet: str) -> str:
        return f"[{self.path.name}]{sheet}"

    def rows(
        self, sheet: str, progress: Progress | None = None
    ) -> Iterator[tuple[int, Sequence[object] | str]]:
        # iter_rows starts at the sheet's first row (row 1), whatever its first filled row.
        values = self._book.get_sheet_by_name(sheet)
        if progress is None:
            yield from enumerate(values.iter_rows(), 1)
            return
        label = self.label(sheet)
        total = values.end[0] + 1 if values.end is not None else 0
        for line, cells in enumerate(values.iter_rows(), 1):
            if line % _PROGRESS_EVERY == 0:
                progress(label, line, total)
            yield line, cells
        progress(label, total, total)


class _CsvFolder(Export):
    def __init__(self, path: Path) -> None:
        files = sorted(file for file in path.iterdir() if file.suffix.lower() == ".csv")
        digest = hashlib.sha256()
        for file in files:
            digest.update(file.name.encode() + b"\0")
            _digest_file(file, digest.update)
        self._files = {file.stem: file for file in files}
        super().__init__(path, [file.stem for file in files], digest.hexdigest())

    def label(self, sheet: str) -> str:
        return self._files[sheet].name

    def rows(
        self, sheet: str, progress: Progress | None = None
    ) -> Iterator[tuple[int, Sequence[object] | str]]:
        file = self._files[sheet]
        total = file.stat().st_size
        read = 0

        def counted(lines: Iterator[str]) -> Iterator[str]:
            nonlocal read
            for text in lines:
                read += len(text)  # characters: near enough to bytes for a progress bar
                yield text

        with file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(counted(handle) if progress is not None else handle)
            previous = 0
            while True:
                if progress is not None and previous and previous % _PROGRESS_EVERY == 0:
                    progress(file.name, min(read, total), total)
                try:
                    cells = next(reader)
                except StopIteration:
                    if progress is not None:
                        progress(file.name, total, total)
                    return
                except csv.Error as exc:
                    yield previous + 1, f"malformed CSV: {exc}"
                    previous = reader.line_num
                    continue
                except UnicodeDecodeError:
                    yield (
                        previous + 1,
                        "the file is not UTF-8 text (the bad bytes are on this line or a "
                        "later one): save the export as UTF-8; no row from here on is read",
                    )
                    return
                yield previous + 1, list(cells)
                previous = reader.line_num


def open_export(location: str | Path) -> Export:
    """The export at ``location``: an ``.xlsx`` file or a folder of ``.csv`` files.

    Raises:
        jcp_controls.UsageError: it does not exist or is neither.
    """
    path = Path(location)
    if not path.exists():
        raise jc.UsageError(f"{location}: HR export not found")
    if path.is_dir():
        return _CsvFolder(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _Workbook(path)
    raise jc.UsageError(f"{location}: an HR export is an .xlsx workbook or a folder of .csv files")
