"""The set-based implementations give what the Python rules give: identical status, due
date, message and evidence for every subject of every control, on seeded demo estates
(each with every fault of the catalogue planted) and on hypothesis-made variations of them
(records altered, dropped and duplicated; other dates; other policies)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import random
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.columnar.differential import compare, demo_evidence

import jcp_controls as jc
from jcp_controls.catalogue import Catalogue
from jcp_controls.evidence.store import Evidence, LearningFacts
from jcp_controls.models import RecordKind
from jcp_controls.plugins import Plugins

#: (offices, seed, as_of) of the seeded estates: different sizes, years, month ends, a leap day.
ESTATES = (
    (2, 1, dt.date(2026, 11, 23)),
    (3, 7, dt.date(2024, 2, 29)),
    (2, 11, dt.date(2025, 1, 31)),
    (1, 5, dt.date(2027, 6, 30)),
)

SET_BASED = sorted(
    control.control_id
    for control in Catalogue.from_plugins(Plugins()).controls
    if control.sql is not None
)


@functools.cache
def seeded_differences() -> dict[tuple[int, int, dt.date], dict[str, str]]:
    return {
        estate: compare(demo_evidence(*estate), estate[2], only=SET_BASED) for estate in ESTATES
    }


@pytest.mark.parametrize("control_id", SET_BASED)
def test_set_based_equals_python_rule_on_seeded_estates(control_id: str) -> None:
    for estate, differences in seeded_differences().items():
        assert control_id not in differences, f"estate {estate}: {differences[control_id]}"


def test_seeded_estates_exercise_every_set_based_control() -> None:
    """No comparison is vacuous: each control has subjects, and some finding, somewhere."""
    seen: dict[str, set[str]] = {control_id: set() for control_id in SET_BASED}
    for estate in ESTATES:
        report = jc.evaluate(demo_evidence(*estate), as_of=estate[2], only=SET_BASED)
        for result in report.results:
            seen[result.control_id].add(result.status.value)
    assert {cid for cid, statuses in seen.items() if not statuses} == set()
    assert {cid for cid, statuses in seen.items() if statuses == {"pass"}} == set()


def test_office_first_gives_the_same_results_on_both_engines() -> None:
    evidence = demo_evidence(3, 7, dt.date(2024, 2, 29))
    office = sorted(office.office_id for office in evidence.records[RecordKind.OFFICES])[1]
    assert compare(evidence, dt.date(2024, 2, 29), only=SET_BASED, offices=[office]) == {}


# -- generated variations ------------------------------------------------------------------

_BASE = (1, 3, dt.date(2026, 11, 22))


def _mutated(value: Any, field: attrs.Attribute[Any], rng: random.Random, pool: list[Any]) -> Any:
    """Another value for a field: a shifted date, a null, another value of the column."""
    choice = rng.random()
    optional = field.default is not attrs.NOTHING
    if optional and choice < 0.3:
        return field.default
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=rng.randint(-800, 400))
    if isinstance(value, bool):
        return not value
    return rng.choice(pool) if pool else value


def _vary(evidence: Evidence, seed: int, rate: float) -> Evidence:
    """The evidence with a fraction ``rate`` of its records altered, dropped or doubled."""
    rng = random.Random(seed)
    records: dict[RecordKind, tuple[Any, ...]] = {}
    for kind, rows in evidence.records.items():
        fields = attrs.fields(type(rows[0])) if rows else ()
        pools = {field.name: [getattr(row, field.name) for row in rows] for field in fields}
        changed: list[Any] = []
        for row in rows:
            roll = rng.random()
            if roll < rate / 4:
                continue  # dropped
            if roll < rate:
                field = rng.choice(fields)
                value = _mutated(getattr(row, field.name), field, rng, pools[field.name])
                with contextlib.suppress(TypeError, ValueError):
                    row = attrs.evolve(row, **{field.name: value})
            changed.append(row)
            if rng.random() < rate / 8:
                changed.append(row)  # doubled
        records[kind] = tuple(changed)
    learning = None
    if evidence.learning is not None:
        dates: dict[tuple[str, str, str], list[dt.date]] = {}
        for key, days in evidence.learning.items():
            kept = [
                day + dt.timedelta(days=rng.randint(-400, 200)) if rng.random() < rate else day
                for day in days
                if rng.random() >= rate / 4
            ]
            if kept:
                dates[key] = kept
        learning = LearningFacts(dates, sum(len(days) for days in dates.values()))
    return Evidence(records, learning, sources=evidence.sources)


def _policy(rng: random.Random) -> jc.Policy:
    policy = jc.Policy()
    return attrs.evolve(
        policy,
        warn_days=rng.choice([0, 1, 30, 90]),
        lookback_months=rng.choice([1, 12, 36]),
        learning=attrs.evolve(policy.learning, validity_months=rng.choice([1, 12, 24])),
        access=attrs.evolve(
            policy.access,
            review_interval_months=rng.choice([1, 3, 12]),
            absence_threshold_days=rng.choice([0, 30, 90]),
            leaver_grace_days=rng.choice([0, 5]),
        ),
        checks=attrs.evolve(
            policy.checks,
            regularly_months=rng.choice([1, 3]),
            flexi_period=rng.choice(["month", "quarter"]),
        ),
        retention=attrs.evolve(policy.retention, jcc_dormant_months=rng.choice([6, 24])),
    )


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 2**31),
    rate=st.sampled_from([0.05, 0.3]),
    shift=st.integers(-500, 500),
)
def test_set_based_equals_python_rule_on_generated_estates(
    seed: int, rate: float, shift: int
) -> None:
    rng = random.Random(seed)
    evidence = _vary(demo_evidence(*_BASE), seed, rate)
    as_of = _BASE[2] + dt.timedelta(days=shift)
    differences = compare(evidence, as_of, policy=_policy(rng), only=SET_BASED)
    assert differences == {}, "\n".join(f"{cid}: {text}" for cid, text in differences.items())


def test_every_built_in_control_has_a_set_based_implementation() -> None:
    """The columnar engine never falls back to a Python rule for the shipped catalogue (a
    fallback reads records back from the tables: seconds and hundreds of MB nationally)."""
    controls = Catalogue.from_plugins(Plugins()).controls
    assert [control.control_id for control in controls if control.sql is None] == []
    assert len(SET_BASED) == len(controls)
