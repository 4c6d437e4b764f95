"""CHK-001..CHK-037: the mandatory checks of SEC Annex 1 (catalogue.rst, "CHK").

Each table cites the Annex 1 row it exercises as ``SEC Annex 1 (<row>)``. Evidence is built
in code: offices OF1 (England) and OF2 (Scotland), staff S1 (OF1) and S3 (OF2) who started on
2020-01-06, and whatever checks, enrolments, events and learning a case adds. Evaluation is on
2026-11-22 with the policy defaults (lookback_months 12, warn_days 30,
checks.as_required_working_days 10, checks.regularly_months 3) unless a case says otherwise.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Mapping
from typing import Any

import pytest

import jcp_controls as jc
from jcp_controls.controls import annex1

d = dt.date.fromisoformat
AS_OF = d("2026-11-22")
PASS, WARN, FAIL, ERROR = jc.Status.PASS, jc.Status.WARN, jc.Status.FAIL, jc.Status.ERROR
STARTED = d("2020-01-06")

#: catalogue.rst "CHK" table: ID, check_type, Annex 1 row, frequency, scope.
SPEC_TABLE = [
    ("CHK-001", "computer_access", "Computer access", "evaluated_as(ACC-009)", "office"),
    ("CHK-002", "attendance_management", "Attendance Management", "on_event(absence_ended)",
     "staff"),
    ("CHK-003", "driving_licence", "Driving Licence check",
     "interval(12) + on_event(business_journey_driving, before=12)", "enrolled"),
    ("CHK-004", "excess_fares", "Excess Fares Allowance", "on_event(excess_fares_claim)", "staff"),
    ("CHK-005", "expenses_claims", "Expenses Claims", "on_event(expenses_claim)", "staff"),
    ("CHK-006", "motor_insurance", "Motor Insurance check", "interval(12)", "enrolled"),
    ("CHK-007", "private_use_scheme", "Private Use Scheme", "calendar(month)", "enrolled"),
    ("CHK-008", "asset_stock_take", "Asset Stock take", "interval(12)", "office"),
    ("CHK-009", "gpc_statement", "Government Procurement Card", "calendar(month)", "enrolled"),
    ("CHK-010", "procurement", "Procurement", "on_event(purchase_order)", "office"),
    ("CHK-011", "accidents_awareness", "Accidents/Reporting incidents", "ongoing", "office"),
    ("CHK-012", "emergency_reminder", "Emergency Procedures", "interval(6)", "office"),
    ("CHK-013", "eye_care", "Eye Care", "start_then_interval(24)", "all_staff"),
    ("CHK-014", "workstation_assessment", "Workstation Assessments", "on_event(desk_change)",
     "staff"),
    ("CHK-015", "health_safety", "Health & Safety", "calendar(quarter)", "office"),
    ("CHK-016", "laptops", "Lap tops", "on_event(laptop_issued)", "staff"),
    ("CHK-017", "mobile_phone_statement", "Mobile", "calendar(month)", "enrolled"),
    ("CHK-018", "pay_and_rewards", "Pay and Rewards", "on_event(pay_change)", "staff"),
    ("CHK-019", "responsibility_allowance", "Responsibility Allowance",
     "on_event(responsibility_allowance)", "staff"),
    ("CHK-020", "salary_advance", "Salary Advance", "on_event(salary_advance)", "staff"),
    ("CHK-021", "temporary_duties_allowance", "Temporary Duties Addition", "on_event(tda_claim)",
     "staff"),
    ("CHK-022", "vouchers", "Vouchers", "on_event(vouchers_received)", "office"),
    ("CHK-023", "people_performance", "People Performance", "ongoing", "office"),
    ("CHK-024", "annual_leave", "Certify/Approve Annual leave", "on_event(annual_leave)", "staff"),
    ("CHK-025", "flexi_records", "Flexible working", "calendar(flexi)", "office"),
    ("CHK-026", "physical_security", "Physical Security", "ongoing", "office"),
    ("CHK-027", "staff_clubs", "Staff Clubs", "interval(12)", "enrolled"),
    ("CHK-028", "staff_collections", "Staff Collections", "on_event(staff_collection)", "office"),
    ("CHK-029", "staff_induction", "Staff Induction", "on_event(new_starter)", "staff"),
    ("CHK-030", "staff_leaving", "Staff Leaving", "on_event(leaver)", "staff"),
    ("CHK-031", "staff_selection", "Staff Selection", "on_event(selection_exercise)", "office"),
    ("CHK-032", "working_patterns", "Working Hours/Working patterns", "on_event(new_starter)",
     "staff"),
    ("CHK-033", "standards_of_behaviour", "Standards of Behaviour", "interval(6)", "office"),
    ("CHK-034", "business_continuity_test", "Business Continuity (tested annually)",
     "interval(12)", "office"),
    ("CHK-035", "business_continuity_update", "Business Continuity (updated regularly)",
     "interval(regularly)", "office"),
    ("CHK-036", "working_securely", "Working Securely (induction and annually)",
     "start_then_interval(12, induction)", "all_staff"),
    ("CHK-037", "document_retention", "Document and Data Retention",
     "evaluated_as(JCC-004, JCC-005)", "office"),
]  # fmt: skip


@pytest.fixture(scope="module")
def catalogue() -> jc.Catalogue:
    return jc.Catalogue.from_plugins(jc.Plugins(entry_points=False))


def staff(staff_id: str, office_id: str, **fields: Any) -> jc.Staff:
    values: dict[str, Any] = {"started_on": STARTED}
    values.update(fields)
    return jc.Staff(staff_id, f"Name {staff_id}", office_id, jc.Grade.AO, "work_coach", **values)


def check(
    check_type: str,
    performed_on: str,
    subject_id: str | None = None,
    office_id: str = "OF1",
    outcome: str | None = "pass",
) -> jc.CheckRecord:
    return jc.CheckRecord(
        check_type,
        office_id,
        d(performed_on),
        subject_id,
        outcome=None if outcome is None else jc.CheckOutcome(outcome),
    )


def monthly(check_type: str, subject_id: str | None, months: Iterable[str]) -> list[Any]:
    """One passing check on the 15th of each ``YYYY-MM``."""
    return [check(check_type, f"{month}-15", subject_id) for month in months]


def months(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last``."""
    year, month = map(int, first.split("-"))
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def enrol(
    check_type: str, subject_id: str, from_on: str | None = "2020-01-06", to_on: str | None = None
) -> jc.Enrolment:
    return jc.Enrolment(
        check_type,
        subject_id,
        "OF1",
        None if from_on is None else d(from_on),
        None if to_on is None else d(to_on),
    )


def event(
    event_type: str, occurred_on: str, subject_id: str | None = "S1", office_id: str = "OF1"
) -> jc.Event:
    return jc.Event(event_type, office_id, d(occurred_on), subject_id)


def run(
    catalogue: jc.Catalogue,
    control_id: str,
    *records: Any,
    people: Iterable[jc.Staff] | None = None,
    as_of: dt.date | str = AS_OF,
    policy: Mapping[str, Any] | None = None,
    missing: Iterable[str] = (),
    extra: Mapping[str, Iterable[Any]] | None = None,
) -> list[jc.Result]:
    """Every result of one control over OF1/OF2, their staff and ``records``."""
    kinds: dict[str, list[Any]] = {
        "offices": [
            jc.Office("OF1", "Alpha", region=jc.Region.ENGLAND),
            jc.Office("OF2", "Bravo", region=jc.Region.SCOTLAND),
        ],
        "staff": list(people if people is not None else [staff("S1", "OF1"), staff("S3", "OF2")]),
        "checks": [],
        "enrolments": [],
        "events": [],
        "learning": [],
        "access_grants": [],
        "access_reviews": [],
        "claimant_commitments": [],
    }
    by_type = {
        jc.CheckRecord: "checks",
        jc.Enrolment: "enrolments",
        jc.Event: "events",
        jc.LearningRecord: "learning",
    }
    for record in records:
        kinds[by_type[type(record)]].append(record)
    for kind, values in (extra or {}).items():
        kinds[kind] = list(values)
    for kind in missing:
        del kinds[kind]
    report = jc.evaluate(
        jc.Evidence.from_records(**kinds),
        as_of=as_of,
        policy=jc.Policy.from_mapping(policy or {}),
        catalogue=catalogue,
        only=[control_id],
    )
    return list(report.results)


def one(catalogue: jc.Catalogue, control_id: str, *records: Any, **kw: Any) -> jc.Result:
    """The single result of ``control_id`` for a subject that is not OF2 (office checks: OF1)."""
    results = [r for r in run(catalogue, control_id, *records, **kw) if r.office_id != "OF2"]
    assert len(results) == 1, [(r.subject_id, r.status, r.message) for r in results]
    return results[0]


# -- the catalogue ---------------------------------------------------------------------------


def test_catalogue_has_one_entry_per_annex_1_row_and_bcs_validation(
    catalogue: jc.Catalogue,
) -> None:
    """catalogue.rst: one entry per Annex 1 row (37), plus bcs_validation (SEC §28)."""
    slugs = [entry.check_type for entry in catalogue.check_types]
    assert len(slugs) == len(set(slugs))
    assert set(slugs) == {row[1] for row in SPEC_TABLE} | {"bcs_validation"}
    assert len(annex1.CHECK_TYPES) == 38
    bcs = next(e for e in catalogue.check_types if e.check_type == "bcs_validation")
    assert (bcs.control_id, bcs.citation, bcs.scope) == ("CHK-038", "SEC §28", "office")


@pytest.mark.parametrize(
    ("control_id", "slug", "row", "frequency", "scope"),
    SPEC_TABLE,
    ids=[f"SEC Annex 1 ({row[2]})" for row in SPEC_TABLE],
)
def test_catalogue_entry_matches_controls_md(
    catalogue: jc.Catalogue, control_id: str, slug: str, row: str, frequency: str, scope: str
) -> None:
    entry = next(e for e in catalogue.check_types if e.check_type == slug)
    assert entry.control_id == control_id
    assert entry.category == row
    assert str(entry.frequency) == frequency
    assert entry.scope == scope
    assert entry.citation == f"SEC Annex 1 ({row})"
    assert entry.owner
    assert entry.guidance
    control = catalogue.get(control_id)
    assert control.name == slug.replace("_", "-")
    assert control.citation == f"SEC Annex 1 ({row})"
    assert control.owner == jc.canonical_owner(entry.owner)
    assert control.owner in set(jc.Owner)


def test_annex_1_ships_chk_001_to_038(catalogue: jc.Catalogue) -> None:
    shipped = [c.control_id for c in catalogue.controls if c.control_id.startswith("CHK-")]
    assert shipped == [f"CHK-{n:03d}" for n in range(1, 39)]
    assert {entry.control_id for entry in annex1.CHECK_TYPES} == set(shipped)
    assert {c.family.prefix for c in catalogue.controls if c.control_id in shipped} == {"CHK"}


def test_evaluated_as_reads_what_the_referenced_controls_read(catalogue: jc.Catalogue) -> None:
    computer_access = catalogue.get("CHK-001")
    assert set(catalogue.get("ACC-009").needs) <= set(computer_access.needs)
    retention = catalogue.get("CHK-037")
    assert jc.RecordKind.CLAIMANT_COMMITMENTS in retention.needs


def test_on_event_entries_name_their_event() -> None:
    """Each entry says which event makes an "as required" check due."""
    leaving = next(e for e in annex1.CHECK_TYPES if e.check_type == "staff_leaving")
    assert leaving.event == "leaver"


def test_plugin_check_type_without_control_gets_a_generated_one() -> None:
    """cli.rst: plugins add check-catalogue entries; each entry gets a control."""
    drill = jc.CheckType(
        check_type="fire_drill",
        category="Fire drill",
        frequency="interval(6)",
        owner="CSM",
        scope="office",
        citation="local policy",
    )
    named = jc.CheckType(
        check_type="key_audit",
        category="Key audit",
        frequency="calendar(quarter)",
        owner="CSM",
        scope="office",
        control_id="LOC-001",
    )

    class Plugin:
        @jc.hookimpl
        def jcp_controls_check_types(self) -> tuple[jc.CheckType, ...]:
            return (drill, named)

    plugins = jc.Plugins(entry_points=False)
    plugins.register(Plugin(), name="local")
    catalogue = jc.Catalogue.from_plugins(plugins)
    control = catalogue.get("CHK-FIRE-DRILL")
    assert (control.name, control.citation) == ("fire-drill", "local policy")
    assert catalogue.get("LOC-001").name == "key-audit"
    results = run(catalogue, "CHK-FIRE-DRILL", check("fire_drill", "2026-09-01"))
    assert {r.office_id: r.status for r in results} == {"OF1": PASS, "OF2": FAIL}


def test_invalid_entries_are_refused() -> None:
    with pytest.raises(ValueError, match="frequency"):
        jc.CheckType("x", "X", "fortnightly", "CSM", "office")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="slug"):
        jc.CheckType("Fire Drill", "X", "ongoing", "CSM", "office")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="scope"):
        jc.CheckType("x", "X", "ongoing", "CSM", "everyone")  # type: ignore[arg-type]


# -- calendar(month|quarter) -----------------------------------------------------------------

YEAR = months("2025-11", "2026-10")  # the 12 complete months judged on 2026-11-22

CALENDAR_CASES = [
    pytest.param(YEAR, {}, PASS, [], id="SEC Annex 1 (Government Procurement Card) every month"),
    pytest.param([m for m in YEAR if m not in ("2026-07", "2026-09")], {}, FAIL,
                 ["2026-07", "2026-09"], id="SEC Annex 1 (Government Procurement Card) two gaps"),
    pytest.param(YEAR[1:], {}, FAIL, ["2025-11"],
                 id="SEC Annex 1 (Government Procurement Card) month at lookback edge counts"),
    pytest.param(["2025-10", *YEAR[1:]], {}, FAIL, ["2025-11"],
                 id="SEC Annex 1 (Government Procurement Card) month before window not enough"),
    pytest.param(YEAR, {"from_on": "2026-07-20"}, PASS, [],
                 id="SEC Annex 1 (Government Procurement Card) enrolled mid-July"),
    pytest.param(months("2026-08", "2026-10"), {"from_on": "2026-07-20"}, FAIL, ["2026-07"],
                 id="SEC Annex 1 (Government Procurement Card) partial first month judged"),
    pytest.param(months("2025-11", "2026-03"), {"to_on": "2026-03-10"}, PASS, [],
                 id="SEC Annex 1 (Government Procurement Card) no periods after enrolment ends"),
    pytest.param([], {"from_on": "2026-11-02"}, PASS, [],
                 id="SEC Annex 1 (Government Procurement Card) current month not judged"),
]  # fmt: skip


@pytest.mark.parametrize(("done", "enrolment", "status", "missing"), CALENDAR_CASES)
def test_calendar_month(
    catalogue: jc.Catalogue,
    done: list[str],
    enrolment: dict[str, str],
    status: jc.Status,
    missing: list[str],
) -> None:
    """catalogue.rst calendar(month): a check in each complete month overlapping the window
    and the time in scope; one result naming every missing month."""
    result = one(
        catalogue,
        "CHK-009",
        enrol("gpc_statement", "S1", **enrolment),
        *monthly("gpc_statement", "S1", done),
    )
    assert result.status is status, result.message
    assert result.evidence["missing"] == missing
    for label in missing:
        assert label in result.message


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        pytest.param("fail", FAIL, id="SEC Annex 1 (Mobile) latest outcome fail fails"),
        pytest.param("exception", WARN, id="SEC Annex 1 (Mobile) exception warns"),
    ],
)
def test_calendar_latest_outcome(catalogue: jc.Catalogue, outcome: str, status: jc.Status) -> None:
    records = [
        enrol("mobile_phone_statement", "PHONE-7"),
        *monthly("mobile_phone_statement", "PHONE-7", YEAR),
        check("mobile_phone_statement", "2026-08-20", "PHONE-7", outcome=outcome),
    ]
    result = one(catalogue, "CHK-017", *records)
    assert result.status is status
    assert "2026-08" in result.message


def test_calendar_a_later_pass_in_the_month_supersedes_a_fail(catalogue: jc.Catalogue) -> None:
    """ "A check whose latest outcome is fail fails": the latest in the period decides."""
    records = [enrol("gpc_statement", "S1"), *monthly("gpc_statement", "S1", YEAR),
               check("gpc_statement", "2026-08-02", "S1", outcome="fail")]  # fmt: skip
    assert one(catalogue, "CHK-009", *records).status is PASS


QUARTERS = ["2025-12-01", "2026-02-01", "2026-05-01", "2026-08-01"]  # 2025Q4 .. 2026Q3


@pytest.mark.parametrize(
    ("done", "status", "missing"),
    [
        pytest.param(QUARTERS, PASS, [], id="SEC Annex 1 (Health & Safety) each quarter"),
        pytest.param(QUARTERS[:3], FAIL, ["2026Q3"], id="SEC Annex 1 (Health & Safety) 2026Q3"),
        pytest.param(QUARTERS[1:], FAIL, ["2025Q4"],
                     id="SEC Annex 1 (Health & Safety) quarter partly in the window counts"),
        pytest.param(["2025-09-30", *QUARTERS[1:]], FAIL, ["2025Q4"],
                     id="SEC Annex 1 (Health & Safety) check on 30 Sep is Q3"),
    ],
)  # fmt: skip
def test_calendar_quarter_office(
    catalogue: jc.Catalogue, done: list[str], status: jc.Status, missing: list[str]
) -> None:
    result = one(catalogue, "CHK-015", *[check("health_safety", day) for day in done])
    assert result.status is status
    assert result.evidence["missing"] == missing
    assert (result.subject_kind, result.subject_id) == (jc.SubjectKind.OFFICE, "OF1")


@pytest.mark.parametrize(
    ("flexi_period", "done", "status"),
    [
        pytest.param("month", QUARTERS, FAIL, id="SEC Annex 1 (Flexible working) monthly"),
        pytest.param("quarter", QUARTERS, PASS, id="SEC Annex 1 (Flexible working) quarterly"),
    ],
)
def test_flexi_follows_the_accounting_period(
    catalogue: jc.Catalogue, flexi_period: str, done: list[str], status: jc.Status
) -> None:
    """CHK-025 uses checks.flexi_period ("at end of each accounting period")."""
    result = one(
        catalogue,
        "CHK-025",
        *[check("flexi_records", day) for day in done],
        policy={"checks": {"flexi_period": flexi_period}},
    )
    assert result.status is status


# -- interval(N) -----------------------------------------------------------------------------

INTERVAL_CASES = [
    pytest.param("CHK-008", "asset_stock_take", ["2025-12-23"], {}, PASS, "2026-12-23",
                 id="SEC Annex 1 (Asset Stock take) next due after warn window"),
    pytest.param("CHK-008", "asset_stock_take", ["2025-12-22"], {}, WARN, "2026-12-22",
                 id="SEC Annex 1 (Asset Stock take) due within warn_days"),
    pytest.param("CHK-008", "asset_stock_take", ["2025-11-21"], {}, FAIL, "2026-11-21",
                 id="SEC Annex 1 (Asset Stock take) overdue"),
    pytest.param("CHK-008", "asset_stock_take", ["2025-11-21", "2024-01-01"], {}, FAIL,
                 "2026-11-21", id="SEC Annex 1 (Asset Stock take) last check counts"),
    pytest.param("CHK-008", "asset_stock_take", [], {}, FAIL, None,
                 id="SEC Annex 1 (Asset Stock take) no check and no start: fail"),
    pytest.param("CHK-012", "emergency_reminder", ["2026-06-25"], {}, PASS, "2026-12-25",
                 id="SEC Annex 1 (Emergency Procedures) every 6 months"),
    pytest.param("CHK-012", "emergency_reminder", ["2026-05-10"], {}, FAIL, "2026-11-10",
                 id="SEC Annex 1 (Emergency Procedures) 6 months lapsed"),
    pytest.param("CHK-035", "business_continuity_update", ["2026-08-22"], {}, WARN,
                 "2026-11-22", id="SEC Annex 1 (Business Continuity (updated regularly)) 3"),
    pytest.param("CHK-035", "business_continuity_update", ["2026-08-22"],
                 {"checks": {"regularly_months": 6}}, PASS, "2027-02-22",
                 id="SEC Annex 1 (Business Continuity (updated regularly)) policy 6"),
    pytest.param("CHK-034", "business_continuity_test", ["2024-02-29"], {"warn_days": 0},
                 FAIL, "2025-02-28",
                 id="SEC Annex 1 (Business Continuity (tested annually)) leap day"),
]  # fmt: skip


@pytest.mark.parametrize(("control_id", "slug", "done", "policy", "status", "due"), INTERVAL_CASES)
def test_interval_office(
    catalogue: jc.Catalogue,
    control_id: str,
    slug: str,
    done: list[str],
    policy: dict[str, Any],
    status: jc.Status,
    due: str | None,
) -> None:
    """catalogue.rst interval(N): due on last check + N; no check and no start: fail."""
    result = one(catalogue, control_id, *[check(slug, day) for day in done], policy=policy)
    assert result.status is status, result.message
    assert result.due_on == (None if due is None else d(due))


ENROLLED_INTERVAL_CASES = [
    pytest.param("2026-06-01", [], PASS, "2027-06-01",
                 id="SEC Annex 1 (Motor Insurance check) no check: from_on + 12"),
    pytest.param("2025-10-01", [], FAIL, "2026-10-01",
                 id="SEC Annex 1 (Motor Insurance check) no check: from_on + 12 lapsed"),
    pytest.param(None, [], FAIL, None,
                 id="SEC Annex 1 (Motor Insurance check) no check, no from_on: fail"),
    pytest.param("2020-01-06", ["2026-01-05"], PASS, "2027-01-05",
                 id="SEC Annex 1 (Motor Insurance check) annual check"),
]  # fmt: skip


@pytest.mark.parametrize(("from_on", "done", "status", "due"), ENROLLED_INTERVAL_CASES)
def test_interval_enrolled(
    catalogue: jc.Catalogue,
    from_on: str | None,
    done: list[str],
    status: jc.Status,
    due: str | None,
) -> None:
    records = [enrol("motor_insurance", "S1", from_on), *[check("motor_insurance", day, "S1")
               for day in done]]  # fmt: skip
    result = one(catalogue, "CHK-006", *records)
    assert result.status is status
    assert result.due_on == (None if due is None else d(due))


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        pytest.param("fail", FAIL, id="SEC Annex 1 (Staff Clubs) latest outcome fail fails"),
        pytest.param("exception", WARN, id="SEC Annex 1 (Staff Clubs) exception warns"),
        pytest.param(None, PASS, id="SEC Annex 1 (Staff Clubs) no outcome recorded"),
    ],
)
def test_interval_latest_outcome(
    catalogue: jc.Catalogue, outcome: str | None, status: jc.Status
) -> None:
    records = [enrol("staff_clubs", "CLUB-1"), check("staff_clubs", "2026-03-01", "CLUB-1"),
               check("staff_clubs", "2026-06-01", "CLUB-1", outcome=outcome)]  # fmt: skip
    assert one(catalogue, "CHK-027", *records).status is status


def test_interval_only_the_current_cycle_is_judged(catalogue: jc.Catalogue) -> None:
    """ "an earlier late completion never makes a result warn"."""
    late_then_on_time = [check("asset_stock_take", "2023-01-01"),
                         check("asset_stock_take", "2024-06-01"),
                         check("asset_stock_take", "2026-06-01")]  # fmt: skip
    assert one(catalogue, "CHK-008", *late_then_on_time).status is PASS


def test_interval_ignores_checks_after_as_of(catalogue: jc.Catalogue) -> None:
    result = one(catalogue, "CHK-008", check("asset_stock_take", "2026-12-01"))
    assert result.status is FAIL


def test_enrolment_ended_before_as_of_is_out_of_scope(catalogue: jc.Catalogue) -> None:
    results = run(catalogue, "CHK-006", enrol("motor_insurance", "S1", "2024-01-01", "2026-06-30"))
    assert results == []


# -- start_then_interval(N) ------------------------------------------------------------------

EYE_CARE_CASES = [
    pytest.param("2026-11-01", [], FAIL, "2026-11-01",
                 id="SEC Annex 1 (Eye Care) due before VDU work, on started_on"),
    pytest.param("2026-11-22", [], WARN, "2026-11-22", id="SEC Annex 1 (Eye Care) starts today"),
    pytest.param("2026-11-01", ["2026-10-20"], PASS, "2028-10-20",
                 id="SEC Annex 1 (Eye Care) tested before starting"),
    pytest.param("2020-01-06", ["2024-12-23"], PASS, "2026-12-23",
                 id="SEC Annex 1 (Eye Care) 2 yearly"),
    pytest.param("2020-01-06", ["2024-12-01"], WARN, "2026-12-01",
                 id="SEC Annex 1 (Eye Care) 2 yearly, due within warn_days"),
    pytest.param("2020-01-06", ["2024-11-01"], FAIL, "2026-11-01",
                 id="SEC Annex 1 (Eye Care) 2 yearly lapsed"),
    pytest.param(None, [], FAIL, None, id="SEC Annex 1 (Eye Care) no test and no start date"),
]  # fmt: skip


@pytest.mark.parametrize(("started_on", "done", "status", "due"), EYE_CARE_CASES)
def test_eye_care(
    catalogue: jc.Catalogue, started_on: str | None, done: list[str], status: jc.Status,
    due: str | None,
) -> None:  # fmt: skip
    """catalogue.rst start_then_interval(24): first due at scope start, then every 24 months."""
    people = [staff("S1", "OF1", started_on=None if started_on is None else d(started_on))]
    result = one(catalogue, "CHK-013", *[check("eye_care", day, "S1") for day in done],
                 people=people)  # fmt: skip
    assert result.status is status, result.message
    assert result.due_on == (None if due is None else d(due))


def test_eye_care_scope_is_every_current_staff_member(catalogue: jc.Catalogue) -> None:
    """all_staff: current on as_of; a leaver or a future starter is out of scope."""
    people = [
        staff("S1", "OF1"),
        staff("S2", "OF1", left_on=d("2026-10-31")),
        staff("S4", "OF2", started_on=d("2026-12-01")),
        staff("S5", "OF2", left_on=d("2026-11-22")),
    ]
    results = run(catalogue, "CHK-013", people=people)
    assert sorted(r.subject_id for r in results) == ["S1", "S5"]


WORKING_SECURELY_CASES = [
    pytest.param("2026-11-10", [], WARN, "2026-11-24",
                 id="SEC Annex 1 (Working Securely (induction and annually)) 10 working days"),
    pytest.param("2026-11-10", ["2026-11-12"], PASS, "2027-11-12",
                 id="SEC Annex 1 (Working Securely (induction and annually)) at induction"),
    pytest.param("2026-10-01", [], FAIL, "2026-10-15",
                 id="SEC Annex 1 (Working Securely (induction and annually)) induction missed"),
    pytest.param("2020-01-06", ["2025-11-01"], FAIL, "2026-11-01",
                 id="SEC Annex 1 (Working Securely (induction and annually)) annual lapsed"),
]  # fmt: skip


@pytest.mark.parametrize(("started_on", "done", "status", "due"), WORKING_SECURELY_CASES)
def test_working_securely_is_met_by_security_awareness_learning(
    catalogue: jc.Catalogue, started_on: str, done: list[str], status: jc.Status, due: str
) -> None:
    """CHK-036: at induction (checks.as_required_working_days), then annually; met by a
    security_awareness completion in learning.csv."""
    learning = [jc.LearningRecord("S1", jc.Course.SECURITY_AWARENESS, d(day)) for day in done]
    people = [staff("S1", "OF1", started_on=d(started_on))]
    result = one(catalogue, "CHK-036", *learning, people=people)
    assert result.status is status, result.message
    assert result.due_on == d(due)
    if not done:
        assert result.evidence["due_trace"]["runs_from"] == d(started_on)


def test_working_securely_without_learning_evidence_is_error(catalogue: jc.Catalogue) -> None:
    results = run(catalogue, "CHK-036", missing=["learning"])
    assert {r.status for r in results} == {ERROR}


# -- on_event(event) -------------------------------------------------------------------------

ON_EVENT_CASES = [
    pytest.param(["2026-10-10"], PASS, None, id="SEC Annex 1 (Staff Leaving) checked in time"),
    pytest.param(["2026-10-15"], PASS, None, id="SEC Annex 1 (Staff Leaving) on the due date"),
    pytest.param(["2026-10-16"], WARN, "2026-10-15", id="SEC Annex 1 (Staff Leaving) late"),
    pytest.param([], FAIL, "2026-10-15", id="SEC Annex 1 (Staff Leaving) never checked"),
    pytest.param(["2026-09-30"], FAIL, "2026-10-15",
                 id="SEC Annex 1 (Staff Leaving) check before the event does not count"),
]  # fmt: skip


@pytest.mark.parametrize(("done", "status", "due"), ON_EVENT_CASES)
def test_on_event_staff(
    catalogue: jc.Catalogue, done: list[str], status: jc.Status, due: str | None
) -> None:
    """catalogue.rst on_event: due checks.as_required_working_days (10) working days after the
    event (Thu 2026-10-01 -> Thu 2026-10-15); met late: warn (a one-off obligation)."""
    result = one(catalogue, "CHK-030", event("leaver", "2026-10-01"),
                 *[check("staff_leaving", day, "S1") for day in done])  # fmt: skip
    assert result.status is status, result.message
    assert result.due_on == (None if due is None else d(due))
    assert (result.subject_kind, result.subject_id, result.staff_id) == (
        jc.SubjectKind.STAFF, "S1", "S1")  # fmt: skip
    [judged] = result.evidence["events"]
    assert judged["due_on"] == d("2026-10-15")
    assert judged["due_trace"]["region"] == "england"


def test_on_event_pending_warns_and_names_every_overdue_event(catalogue: jc.Catalogue) -> None:
    records = [
        event("expenses_claim", "2026-06-01"),
        event("expenses_claim", "2026-08-03"),
        event("expenses_claim", "2026-11-20"),
        check("expenses_claims", "2026-06-05", "S1"),
    ]
    result = one(catalogue, "CHK-005", *records)
    assert result.status is FAIL
    assert "2026-08-03" in result.message
    assert "2026-06-01" not in result.message
    assert [e["status"] for e in result.evidence["events"]] == [PASS, FAIL, WARN]


def test_on_event_only_pending_is_warn(catalogue: jc.Catalogue) -> None:
    """Fri 2026-11-20 + 10 working days = 2026-12-04: due within warn_days."""
    result = one(catalogue, "CHK-024", event("annual_leave", "2026-11-20"))
    assert result.status is WARN
    assert result.due_on == d("2026-12-04")


@pytest.mark.parametrize(
    ("office_id", "region", "status", "due"),
    [
        pytest.param("OF1", "england", WARN, "2027-01-04",
                     id="SEC Annex 1 (Staff Induction) England: 1 Jan only"),
        pytest.param("OF2", "scotland", PASS, "2027-01-05",
                     id="SEC Annex 1 (Staff Induction) Scotland: 1 and 2 Jan (4 Jan observed)"),
    ],
)  # fmt: skip
def test_on_event_uses_the_offices_bank_holidays(
    catalogue: jc.Catalogue, office_id: str, region: str, status: jc.Status, due: str
) -> None:
    """ "N working days after" on the office's regional calendar, around new year."""
    person = "S1" if office_id == "OF1" else "S3"
    records = [event("new_starter", "2026-12-31", person, office_id),
               check("staff_induction", "2027-01-05", person, office_id)]  # fmt: skip
    results = run(catalogue, "CHK-029", *records, as_of="2027-01-20",
                  policy={"checks": {"as_required_working_days": 1}})  # fmt: skip
    [result] = results
    assert result.status is status
    [judged] = result.evidence["events"]
    assert judged["due_on"] == d(due)
    assert judged["due_trace"]["region"] == region
    assert d("2027-01-01") in [day["date"] for day in judged["due_trace"]["skipped"]]


def test_on_event_outcome_fail_fails(catalogue: jc.Catalogue) -> None:
    records = [
        event("tda_claim", "2026-10-01"),
        check("temporary_duties_allowance", "2026-10-05", "S1", outcome="fail"),
    ]
    assert one(catalogue, "CHK-021", *records).status is FAIL


def test_on_event_staff_scope_is_staff_with_events_in_the_window(catalogue: jc.Catalogue) -> None:
    records = [event("pay_change", "2026-10-01", "S1"),
               event("pay_change", "2025-10-01", "S3", "OF2"),  # before the lookback window
               event("salary_advance", "2026-10-01", "S3", "OF2")]  # fmt: skip
    results = run(catalogue, "CHK-018", *records)
    assert [r.subject_id for r in results] == ["S1"]


def test_on_event_office_scope(catalogue: jc.Catalogue) -> None:
    """SEC Annex 1 (Procurement): office events are met by the office's checks."""
    records = [event("purchase_order", "2026-10-01", None),
               check("procurement", "2026-10-02")]  # fmt: skip
    results = {r.office_id: r for r in run(catalogue, "CHK-010", *records)}
    assert results["OF1"].status is PASS
    assert results["OF2"].status is PASS
    assert "no purchase_order events" in results["OF2"].message
    assert results["OF1"].subject_kind is jc.SubjectKind.OFFICE


# -- on_event(event, before) + interval: driving licence ---------------------------------------

DRIVING_CASES = [
    pytest.param(["2026-01-15"], "2026-06-10", PASS, id="SEC Annex 1 (Driving Licence check) ok"),
    pytest.param(["2025-01-10", "2026-03-01"], "2026-02-01", FAIL,
                 id="SEC Annex 1 (Driving Licence check) expired before the journey"),
    pytest.param(["2025-06-10", "2026-06-11"], "2026-06-10", PASS,
                 id="SEC Annex 1 (Driving Licence check) 12 months to the day"),
    pytest.param(["2026-06-11"], "2026-06-10", FAIL,
                 id="SEC Annex 1 (Driving Licence check) checked only after the journey"),
]  # fmt: skip


@pytest.mark.parametrize(("done", "journey", "status"), DRIVING_CASES)
def test_driving_licence_before_a_journey(
    catalogue: jc.Catalogue, done: list[str], journey: str, status: jc.Status
) -> None:
    """CHK-003: a passing check within 12 months on or before each business journey."""
    records = [enrol("driving_licence", "S1"), event("business_journey_driving", journey),
               *[check("driving_licence", day, "S1") for day in done]]  # fmt: skip
    result = one(catalogue, "CHK-003", *records)
    assert result.status is status, result.message
    if status is FAIL:
        assert journey in result.message


def test_driving_licence_annual_part(catalogue: jc.Catalogue) -> None:
    """CHK-003 interval 12 for enrolled drivers, with no journey."""
    records = [enrol("driving_licence", "S1"), check("driving_licence", "2025-11-01", "S1")]
    result = one(catalogue, "CHK-003", *records)
    assert result.status is FAIL
    assert result.due_on == d("2026-11-01")


def test_driving_licence_failed_check_before_journey_fails(catalogue: jc.Catalogue) -> None:
    records = [enrol("driving_licence", "S1"), event("business_journey_driving", "2026-09-01"),
               check("driving_licence", "2026-08-01", "S1", outcome="fail")]  # fmt: skip
    assert one(catalogue, "CHK-003", *records).status is FAIL


# -- ongoing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "control_id",
    [
        pytest.param("CHK-011", id="SEC Annex 1 (Accidents/Reporting incidents)"),
        pytest.param("CHK-023", id="SEC Annex 1 (People Performance)"),
        pytest.param("CHK-026", id="SEC Annex 1 (Physical Security)"),
    ],
)
def test_ongoing_is_a_manual_control_warning_per_office(
    catalogue: jc.Catalogue, control_id: str
) -> None:
    """catalogue.rst ongoing: not computable; one warn per office, never pass."""
    results = run(catalogue, control_id, missing=["checks"])
    assert [(r.office_id, r.status) for r in results] == [("OF1", WARN), ("OF2", WARN)]
    assert all(r.message == "manual control" for r in results)


# -- evaluated as other controls ---------------------------------------------------------------


def test_computer_access_is_evaluated_as_acc_009(catalogue: jc.Catalogue) -> None:
    """CHK-001 Computer access: Regularly, evaluated as ACC-009 (reviewed regularly)."""
    grants = [
        jc.AccessGrant("G1", "lms", "A1", "wc", d("2026-01-05"), staff_id="S1"),
        jc.AccessGrant("G2", "lms", "A2", "wc", d("2026-01-05"), staff_id="S3"),
    ]
    reviews = [jc.AccessReview("G2", d("2026-10-01"), "X", jc.ReviewOutcome.RETAIN)]
    extra = {"access_grants": grants, "access_reviews": reviews}
    results = {r.office_id: r for r in run(catalogue, "CHK-001", extra=extra)}
    acc = jc.evaluate(
        jc.Evidence.from_records(
            offices=[jc.Office("OF1", "A"), jc.Office("OF2", "B")],
            staff=[staff("S1", "OF1"), staff("S3", "OF2")],
            **extra,
        ),
        as_of=AS_OF,
        catalogue=catalogue,
        only=["ACC-009"],
    )
    by_office = {r.office_id: r.status for r in acc.results}
    assert by_office == {"OF1": FAIL, "OF2": PASS}
    assert {office: r.status for office, r in results.items()} == by_office
    assert "ACC-009" in results["OF1"].message
    assert "G1" in results["OF1"].message
    assert results["OF1"].subject_kind is jc.SubjectKind.OFFICE


def test_computer_access_without_grants_evidence_is_error(catalogue: jc.Catalogue) -> None:
    results = run(catalogue, "CHK-001", missing=["access_grants"])
    assert [(r.office_id, r.status) for r in results] == [("OF1", ERROR), ("OF2", ERROR)]


def test_document_retention_is_evaluated_as_jcc_004_and_005(catalogue: jc.Catalogue) -> None:
    """CHK-037: a CC destroyed before dormant_since + 24 months fails JCC-005 (SEC §36)."""
    ccs = [
        jc.ClaimantCommitment(
            "CC1", "C1", "OF1", 1, d("2022-01-10"), jc.CcChannel.SCS, jc.CcStatus.DESTROYED,
            dormant_since=d("2025-01-01"), destroyed_on=d("2025-06-01"),
        ),
    ]  # fmt: skip
    results = {r.office_id: r for r in run(catalogue, "CHK-037", extra={"claimant_commitments":
               ccs})}  # fmt: skip
    assert results["OF1"].status is FAIL
    assert "JCC-005" in results["OF1"].message
    assert results["OF2"].status is PASS


# -- evidence and subjects ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("control_id", "missing"),
    [
        pytest.param("CHK-008", "checks", id="office scope"),
        pytest.param("CHK-009", "checks", id="enrolled scope"),
        pytest.param("CHK-009", "enrolments", id="enrolments define the scope"),
        pytest.param("CHK-030", "events", id="events define the staff scope"),
        pytest.param("CHK-013", "checks", id="all_staff scope"),
    ],
)
def test_missing_evidence_is_error_never_pass(
    catalogue: jc.Catalogue, control_id: str, missing: str
) -> None:
    """evidence.rst: "A missing file is not an empty file"."""
    records = [enrol("gpc_statement", "S1"), event("leaver", "2026-10-01")]
    results = run(catalogue, control_id, *records, missing=[missing])
    assert results
    assert {r.status for r in results} == {ERROR}


def test_enrolled_subject_fields(catalogue: jc.Catalogue) -> None:
    """cli.rst: the subject is the staff member or asset checked; staff_id only for staff."""
    records = [enrol("gpc_statement", "S1"), enrol("gpc_statement", "CARD-42"),
               *monthly("gpc_statement", "S1", YEAR)]  # fmt: skip
    results = {r.subject_id: r for r in run(catalogue, "CHK-009", *records)}
    assert set(results) == {"S1", "CARD-42"}
    assert results["S1"].staff_id == "S1"
    assert results["CARD-42"].staff_id is None
    assert {r.subject_kind for r in results.values()} == {jc.SubjectKind.STAFF}
    assert {r.office_id for r in results.values()} == {"OF1"}
    assert results["CARD-42"].status is FAIL
    assert len(results["CARD-42"].evidence["missing"]) == 12


def test_checks_are_indexed_once_for_a_large_checks_file(catalogue: jc.Catalogue) -> None:
    """Performance: checks.csv may be large; every CHK control over 40k checks stays quick."""
    enrolments = [enrol("gpc_statement", f"C{n}") for n in range(400)]
    many = [check("gpc_statement", f"2026-{month:02d}-{day:02d}", f"C{n}")
            for n in range(400) for month in range(1, 11) for day in (3, 17)]  # fmt: skip
    many += [check("asset_stock_take", "2026-01-01")] * 20000
    evidence = jc.Evidence.from_records(
        offices=[jc.Office("OF1", "A")], staff=[staff("S1", "OF1")], checks=many,
        enrolments=enrolments, events=[], learning=[],
    )  # fmt: skip
    started = time.perf_counter()
    only = [f"CHK-{n:03d}" for n in range(2, 37)]
    report = jc.evaluate(evidence, as_of=AS_OF, catalogue=catalogue, only=only)
    assert time.perf_counter() - started < 10
    gpc = [r for r in report.results if r.control_id == "CHK-009"]
    assert len(gpc) == 400
    assert {tuple(r.evidence["missing"]) for r in gpc} == {("2025-11", "2025-12")}


def test_staff_event_naming_nobody_is_judged_for_the_office(catalogue: jc.Catalogue) -> None:
    """An event row without subject_id is not dropped: the office is the subject."""
    results = run(catalogue, "CHK-016", event("laptop_issued", "2026-10-01", None))
    assert [(r.subject_kind, r.subject_id, r.status) for r in results] == [
        (jc.SubjectKind.OFFICE, "OF1", FAIL)
    ]
