"""The ``bcs:`` source: what it reads from a BCS database, and how it reports what it cannot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jcp_controls as jc
import pytest
import sqlalchemy as sa

from jcp_controls_bcs import plugin
from jcp_controls_bcs.database import parse_location
from jcp_controls_bcs.export import export_folder
from jcp_controls_bcs.reader import parse_date

pytestmark = pytest.mark.usefixtures("no_results_env")

PLUGINS = jc.Plugins(plugin, entry_points=False)


def _execute(url: str, *statements: str) -> None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
    engine.dispose()


def _insert(url: str, table: str, rows: list[dict[str, object]]) -> None:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        target = sa.Table(table, sa.MetaData(), autoload_with=connection)
        connection.execute(target.insert(), rows)
    engine.dispose()


def test_reads_what_the_export_wrote(bcs_url: str, demo_folder: Path) -> None:
    counts = export_folder(demo_folder, parse_location(bcs_url))
    evidence = jc.load(f"bcs:{bcs_url}", plugins=PLUGINS)
    folder = jc.load(demo_folder, plugins=jc.Plugins(entry_points=False))
    assert evidence.issues == ()
    checks = evidence.get(jc.RecordKind.CHECKS)
    assert sorted(checks, key=repr) == sorted(
        (c for c in folder.get(jc.RecordKind.CHECKS) if c.recorded_in is jc.RecordedIn.BCS),
        key=repr,
    )
    assert len(checks) == counts["bcs_check_result"] + counts["bcs_validation"]
    assert any(check.check_type == "bcs_validation" for check in checks)
    assert sorted(evidence.get(jc.RecordKind.ENROLMENTS), key=repr) == sorted(
        folder.get(jc.RecordKind.ENROLMENTS), key=repr
    )
    assert sorted(evidence.get(jc.RecordKind.EVENTS), key=repr) == sorted(
        folder.get(jc.RecordKind.EVENTS), key=repr
    )
    (source,) = evidence.sources
    assert source.name == "bcs"
    assert source.records == {
        "checks": len(checks),
        "enrolments": len(folder.get(jc.RecordKind.ENROLMENTS)),
        "events": len(folder.get(jc.RecordKind.EVENTS)),
    }
    assert source.sha256 is not None
    assert len(source.sha256) == 64


LEGACY_MAPPING = """
totals_marker = "total"
[tables.checks]
table = "legacy_checks"
key = "row_no"
[tables.checks.columns]
check_type = "Check Code"
office_id = "Site"
performed_on = "Date Completed"
performed_by = "Completed By"
outcome = "Outcome"
[tables.validations]
table = "bcs_validation"
key = "validation_id"
[tables.validations.columns]
office_id = "site_code"
performed_on = "validated_date"
[tables.enrolments]
table = "bcs_enrolment"
key = "enrolment_id"
[tables.enrolments.columns]
check_type = "check_code"
subject_id = "subject_ref"
office_id = "site_code"
[tables.events]
table = "bcs_event"
key = "event_id"
[tables.events.columns]
event_type = "event_code"
office_id = "site_code"
occurred_on = "event_date"
[codes.check_type]
"MC15" = "health_safety"
"MC08" = "asset_stock_take"
[codes.event_type]
"PURORD" = "purchase_order"
[codes.outcome]
"Satisfactory" = "pass"
"Unsatisfactory" = "fail"
"""

LEGACY_ROWS = [
    # Dates as BCS front ends leave them in a text column: ISO, UK, Excel serial, timestamp.
    (1, "MC15", "OF001", "2026-10-01", "S000001", "Satisfactory"),
    (2, " mc15 ", "OF001", "05/11/2026", "S000001", "SATISFACTORY"),
    (3, "MC08", "OF001", "46000", None, "Unsatisfactory"),
    (4, "MC08", "OF001", "2026-09-30 14:02:11", None, None),
    (5, None, None, None, None, None),  # a blank row
    (6, "MC99", "OF001", "2026-10-01", None, "Satisfactory"),  # an unmapped code
    (7, "MC15", "OF001", "31/02/2026", None, "Satisfactory"),  # no such day
    (8, "MC15", "OF001", "yesterday", None, "Satisfactory"),  # not a date
    (9, "MC15", None, "2026-10-01", None, "Satisfactory"),  # no office
    (10, "MC15", "OF001", "2026-10-02", None, "Maybe"),  # an unmapped outcome
    (11, "Total", None, None, None, "9"),  # the trailing totals row
    (12, None, "", "  ", None, None),  # trailing blank
]


@pytest.fixture
def legacy_url(bcs_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A BCS database whose check results sit in a legacy all-text table, mapped by a file
    named in ``JCP_BCS_MAPPING``."""
    _execute(
        bcs_url,
        'CREATE TABLE legacy_checks (row_no INTEGER PRIMARY KEY, "Check Code" VARCHAR(20), '
        '"Site" VARCHAR(20), "Date Completed" VARCHAR(40), "Completed By" VARCHAR(20), '
        '"Outcome" VARCHAR(20))',
    )
    keys = ("row_no", "Check Code", "Site", "Date Completed", "Completed By", "Outcome")
    _insert(bcs_url, "legacy_checks", [dict(zip(keys, row, strict=True)) for row in LEGACY_ROWS])
    mapping = tmp_path / "legacy.toml"
    mapping.write_text(LEGACY_MAPPING, encoding="utf-8")
    monkeypatch.setenv("JCP_BCS_MAPPING", str(mapping))
    return bcs_url


def test_maps_codes_and_dates_and_names_every_bad_cell(legacy_url: str) -> None:
    evidence = jc.load(f"bcs:{legacy_url}", plugins=PLUGINS)
    checks = evidence.records[jc.RecordKind.CHECKS]
    assert [(c.check_type, c.performed_on, c.outcome) for c in checks] == [
        ("health_safety", dt.date(2026, 10, 1), jc.CheckOutcome.PASS),
        ("health_safety", dt.date(2026, 11, 5), jc.CheckOutcome.PASS),
        ("asset_stock_take", dt.date(2025, 12, 9), jc.CheckOutcome.FAIL),
        ("asset_stock_take", dt.date(2026, 9, 30), None),
    ]
    assert {c.recorded_in for c in checks} == {jc.RecordedIn.BCS}
    problems = [(i.file, i.line, i.column, i.value) for i in evidence.errors]
    assert problems == [
        ("legacy_checks", 6, "Check Code", "MC99"),
        ("legacy_checks", 7, "Date Completed", "31/02/2026"),
        ("legacy_checks", 8, "Date Completed", "yesterday"),
        ("legacy_checks", 9, "Site", None),
        ("legacy_checks", 10, "Outcome", "Maybe"),
    ]
    assert "unknown BCS check_type code" in evidence.errors[0].message
    assert all(issue.source == "bcs" for issue in evidence.errors)
    assert jc.RecordKind.CHECKS in evidence.rejected
    assert jc.RecordKind.EVENTS not in evidence.rejected


def test_a_rejected_row_makes_the_check_controls_error(legacy_url: str) -> None:
    """Fail closed: the checks controls do not pass on what is left of a rejected table."""
    evidence = jc.load(f"bcs:{legacy_url}", plugins=PLUGINS)
    report = jc.evaluate(evidence, as_of="2026-11-30", plugins=PLUGINS, only=["CHK-015"])
    assert report.results
    assert {result.status for result in report.results} == {jc.Status.ERROR}


def test_a_totals_row_before_data_is_an_error(bcs_url: str) -> None:
    _insert(
        bcs_url,
        "bcs_event",
        [
            {"event_id": 1, "event_code": "TOTAL", "site_code": None, "event_date": None},
            {"event_id": 2, "event_code": "PURORD", "site_code": "OF001",
             "event_date": dt.date(2026, 10, 1)},
        ],
    )  # fmt: skip
    evidence = jc.load(f"bcs:{bcs_url}", plugins=PLUGINS)
    (issue,) = evidence.errors
    assert (issue.file, issue.line) == ("bcs_event", 1)
    assert "totals row before the last data row" in issue.message
    assert jc.RecordKind.EVENTS in evidence.rejected


def test_a_mapped_column_missing_from_the_table_rejects_its_kind(
    bcs_url: str, tmp_path: Path
) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text(
        LEGACY_MAPPING.replace('table = "legacy_checks"', 'table = "bcs_check_result"').replace(
            'key = "row_no"', 'key = "result_id"'
        ),
        encoding="utf-8",
    )
    evidence = jc.load(f"bcs:{bcs_url}?mapping={mapping}", plugins=PLUGINS)
    (issue,) = evidence.errors
    assert issue.file == "bcs_check_result"
    assert "has no column Check Code, Site, Date Completed" in issue.message
    assert jc.RecordKind.CHECKS in evidence.rejected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (dt.date(2026, 1, 2), dt.date(2026, 1, 2)),
        (dt.datetime(2026, 1, 2, 9, 30), dt.date(2026, 1, 2)),
        ("2026-01-02", dt.date(2026, 1, 2)),
        ("02/01/2026", dt.date(2026, 1, 2)),
        ("2/1/2026", dt.date(2026, 1, 2)),
        (46024, dt.date(2026, 1, 2)),
        (46024.75, dt.date(2026, 1, 2)),
        ("46024", dt.date(2026, 1, 2)),
        ("", None),
        (None, None),
    ],
)
def test_dates_as_bcs_holds_them(cell: object, expected: dt.date | None) -> None:
    assert parse_date(cell) == expected


@pytest.mark.parametrize("cell", ["2026-13-01", "30/02/2026", "0", "tomorrow", True, -5])
def test_dates_that_are_not(cell: object) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(cell)
