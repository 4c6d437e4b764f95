"""Cell values as the readers give them (text, numbers, dates) turned into evidence values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

__all__ = ["CellError", "DateParser", "code_parser", "is_blank", "text_of"]

#: Day 0 of Excel's (1900) date system, as every reader counts serials (day 60 is the
#: fictitious 29 February 1900, so serials from 61 on are right).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
#: The largest serial Excel shows as a date (31 December 9999).
_EXCEL_MAX = 2958465


class CellError(ValueError):
    """A cell that cannot be read as its column's type; the message says why."""


def text_of(value: object) -> str:
    """A cell as text: numbers without a spurious ``.0``, dates as ``YYYY-MM-DD``, trimmed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def is_blank(cells: Sequence[object]) -> bool:
    """True when no cell of the row holds anything but spaces."""
    for cell in cells:
        if cell is None or cell == "":
            continue
        if isinstance(cell, str) and not cell.strip():
            continue
        return False
    return True


def _serial(number: float) -> dt.date:
    if not number.is_integer() and number < 1:
        raise CellError("not a date: an Excel time without a day")
    day = int(number)
    if day < 1 or day > _EXCEL_MAX:
        raise CellError(f"not a date: Excel serial dates run from 1 to {_EXCEL_MAX}")
    return _EXCEL_EPOCH + dt.timedelta(days=day)


class DateParser:
    """Reads dates: date cells, Excel serial numbers, and text in the mapping's formats.

    Parsed text is cached: a national export repeats a few thousand distinct dates.
    """

    def __init__(self, formats: Sequence[str]) -> None:
        self.formats = tuple(formats)
        self.known: dict[object, dt.date] = {}
        examples = [dt.date(2026, 11, 30).strftime(fmt) for fmt in self.formats[:3]]
        self._expected = " or ".join(examples) + (
            " (the mapping's dates.formats)" if len(self.formats) > 3 else ""
        )

    def __call__(self, value: object) -> dt.date:
        """The date in ``value``; raises :class:`CellError` when it holds none."""
        known = self.known.get(value)
        if known is not None:
            return known
        day = self._parse(value)
        self.known[value] = day
        return day

    def _parse(self, value: object) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, bool):
            raise CellError("not a date")
        if isinstance(value, int | float):
            return _serial(float(value))
        text = text_of(value)
        if text.isdigit() and len(text) <= 7:
            return _serial(float(text))
        for fmt in self.formats:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise CellError(f"not a date: expected an Excel date or text like {self._expected}")


def code_parser(
    codes: Mapping[str, str], what: str, normalise: Callable[[str], str]
) -> Callable[[object], str]:
    """A parser mapping a cell through a code table (cached by the cell's raw value).

    Raises :class:`CellError` naming the table for a code not in it.
    """
    known: dict[object, str] = {}

    def parse(value: object) -> str:
        found = known.get(value)
        if found is not None:
            return found
        target = codes.get(normalise(text_of(value)))
        if target is None:
            raise CellError(f"unknown {what}: not in the mapping's [codes.{what}] table")
        known[value] = target
        return target

    return parse
