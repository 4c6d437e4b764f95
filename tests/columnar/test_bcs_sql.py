"""CHK-038 (BCS validation) on the columnar engine: its query gives what its Python rule
gives at every step of the ISO 2859-1 table, around the validation lag, with no complete
quarter to judge, and for offices without BCS checks; a plan the query cannot reproduce
runs the Python rule."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from tests.columnar.differential import compare, demo_evidence

import jcp_controls as jc
from jcp_controls.catalogue import Catalogue
from jcp_controls.columnar import Estate
from jcp_controls.columnar.engine import runs_set_based
from jcp_controls.controls.bcs import ISO2859Level2, bcs_validation_control
from jcp_controls.plugins import Plugins

AS_OF = dt.date(2026, 11, 22)

#: Lots at and around every step of the table (and the empty lot).
LOTS = (0, 1, 2, 3, 8, 9, 15, 16, 25, 26, 50, 51, 90, 91, 150, 151, 280, 281, 500, 501, 1201)


def _check(check_type: str, office: str, day: dt.date, index: int) -> jc.CheckRecord:
    return jc.CheckRecord(
        check_type,
        office,
        day,
        subject_id=f"{office}-{index}",
        outcome=jc.CheckOutcome.PASS,
        recorded_in=jc.RecordedIn.BCS,
    )


def _estate() -> jc.Evidence:
    """One office per lot size: its 2026Q2 BCS checks, validated one short of the sample
    (odd lots) or in full (even lots), some validations inside the lag after the quarter;
    plus an office with no checks at all and checks of an office not in offices.csv."""
    offices = [jc.Office(f"OF{n:04d}", f"Office {n}") for n in (*LOTS, 9999)]
    checks: list[jc.CheckRecord] = []
    plan = ISO2859Level2()
    for n in LOTS:
        office = f"OF{n:04d}"
        checks += [
            _check("gpc_statement", office, dt.date(2026, 4 + i % 3, 10), i) for i in range(n)
        ]
        wanted = plan.sample_size(n) - (n % 2)
        checks += [
            _check("bcs_validation", office, dt.date(2026, 6, 20) + dt.timedelta(days=i % 40), i)
            for i in range(max(wanted, 0))
        ]
    checks += [_check("gpc_statement", "OF-GONE", dt.date(2026, 5, 1), i) for i in range(30)]
    return jc.Evidence.from_records(offices=offices, checks=checks)


@pytest.mark.parametrize(
    ("as_of", "lag", "lookback", "statuses"),
    [
        (AS_OF, 30, 12, {"pass", "fail"}),  # every window closed
        (dt.date(2026, 7, 15), 30, 12, {"pass", "warn"}),  # 2026Q2's window open: warn
        (dt.date(2026, 7, 30), 30, 12, {"pass", "warn"}),  # ... up to its last day
        (dt.date(2026, 7, 31), 30, 12, {"pass", "fail"}),  # ... then fail
        (dt.date(2026, 7, 2), 0, 1, {"pass", "fail"}),  # one quarter judged, no lag
        (dt.date(2026, 8, 1), 0, 1, {"pass"}),  # no complete quarter in the lookback
    ],
)
def test_bcs_validation_query_equals_the_rule(
    as_of: dt.date, lag: int, lookback: int, statuses: set[str]
) -> None:
    base = jc.Policy()
    policy = attrs.evolve(
        base, lookback_months=lookback, bcs=attrs.evolve(base.bcs, validation_lag_days=lag)
    )
    evidence = _estate()
    assert compare(evidence, as_of, policy=policy, only=["CHK-038"]) == {}
    report = jc.evaluate(evidence, as_of=as_of, policy=policy, only=["CHK-038"])
    assert {result.status.value for result in report.results} == statuses


def test_office_first_bcs_validation_equals_the_rule() -> None:
    evidence = demo_evidence(3, 7, dt.date(2024, 2, 29))
    office = sorted(o.office_id for o in evidence.records[jc.RecordKind.OFFICES])[0]
    assert compare(evidence, dt.date(2024, 2, 29), only=["CHK-038"], offices=[office]) == {}


class _Half:
    name = "half"

    def sample_size(self, n: int) -> int:
        return n // 2


def test_only_the_iso_plan_runs_set_based() -> None:
    """A plan passed in Python is a black box to SQL: its control runs the Python rule."""
    estate = Estate.from_evidence(_estate())
    shipped = Catalogue.from_plugins(Plugins()).by_id()["CHK-038"]
    assert runs_set_based(estate, shipped)
    assert runs_set_based(estate, bcs_validation_control(ISO2859Level2()))
    assert bcs_validation_control(_Half()).sql is None
