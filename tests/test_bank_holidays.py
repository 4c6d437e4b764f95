"""UK bank holidays 2025–2028 per region, against GOV.UK's published list: the floor of the
``holidays`` dependency must have every one of them (the 15 June 2026 Scottish bank holiday
arrived in holidays 0.91)."""

from __future__ import annotations

import datetime as dt

import pytest

from jcp_controls.calendar import bank_holidays, holidays_version, is_working_day
from jcp_controls.models import Region

# GOV.UK "UK bank holidays", Monday to Friday dates (substitute days where a holiday falls
# on a weekend).
EXPECTED: dict[Region, dict[int, list[str]]] = {
    Region.ENGLAND: {
        2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
        2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
        2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
        2028: ["01-03", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"],
    },
    Region.SCOTLAND: {
        2025: ["01-01", "01-02", "04-18", "05-05", "05-26", "08-04", "12-01", "12-25", "12-26"],
        2026: [
            "01-01", "01-02", "04-03", "05-04", "05-25", "06-15", "08-03", "11-30", "12-25",
            "12-28",
        ],
        2027: ["01-01", "01-04", "03-26", "05-03", "05-31", "08-02", "11-30", "12-27", "12-28"],
        2028: ["01-03", "01-04", "04-14", "05-01", "05-29", "08-07", "11-30", "12-25", "12-26"],
    },
    Region.NORTHERN_IRELAND: {
        2025: [
            "01-01", "03-17", "04-18", "04-21", "05-05", "05-26", "07-14", "08-25", "12-25",
            "12-26",
        ],
        2026: [
            "01-01", "03-17", "04-03", "04-06", "05-04", "05-25", "07-13", "08-31", "12-25",
            "12-28",
        ],
        2027: [
            "01-01", "03-17", "03-26", "03-29", "05-03", "05-31", "07-12", "08-30", "12-27",
            "12-28",
        ],
        2028: [
            "01-03", "03-17", "04-14", "04-17", "05-01", "05-29", "07-12", "08-28", "12-25",
            "12-26",
        ],
    },
}  # fmt: skip
EXPECTED[Region.WALES] = EXPECTED[Region.ENGLAND]


@pytest.mark.parametrize("region", list(Region))
@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028])
def test_bank_holidays_match_the_published_list(region: Region, year: int) -> None:
    expected = [dt.date.fromisoformat(f"{year}-{day}") for day in EXPECTED[region][year]]
    assert list(bank_holidays(region, year)) == expected
    for day in expected:
        assert not is_working_day(day, region)


def test_the_2026_world_cup_holiday_is_scottish_only() -> None:
    day = dt.date(2026, 6, 15)
    assert not is_working_day(day, Region.SCOTLAND)
    assert all(is_working_day(day, r) for r in Region if r is not Region.SCOTLAND)


def test_holidays_version_is_at_least_the_floor() -> None:
    major, minor = (int(part) for part in holidays_version().split(".")[:2])
    assert (major, minor) >= (0, 91)
