"""CHK-038 (SEC §28): BCS validation by the central Quality Team, the ISO 2859-1 sample plan
and the reproducible validation sample (catalogue.rst, "CHK"; cli.rst, ``sample``).

SEC §28: "The centralised Quality Team will perform quarterly BCS validation checks for all
sites. The volume of validation checks will depend on the number of BCS monthly checks
completed."
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jcp_controls as jc
from jcp_controls.controls.bcs import (
    ISO2859Level2,
    SamplePlan,
    bcs_validation_control,
    draw_sample,
    parse_quarter,
    plan_for,
)

AS_OF = dt.date(2026, 11, 22)
D = dt.date.fromisoformat
BCS = jc.RecordedIn.BCS
OFFICES = (jc.Office("OF1", "Alpha Jobcentre"), jc.Office("OF2", "Beta Jobcentre"))


# -- helpers ---------------------------------------------------------------------------------


def recorded(
    office: str,
    day: str,
    count: int,
    *,
    recorded_in: jc.RecordedIn | None = BCS,
    check_type: str = "gpc_statement",
    tag: str = "",
) -> list[jc.CheckRecord]:
    """``count`` checks recorded at ``office`` on ``day`` (distinct subjects)."""
    return [
        jc.CheckRecord(
            check_type,
            office,
            D(day),
            subject_id=f"{office}-{day}-{tag}{index}",
            performed_by="M1",
            outcome=jc.CheckOutcome.PASS,
            recorded_in=recorded_in,
        )
        for index in range(count)
    ]


def validations(
    office: str, day: str, count: int, recorded_in: jc.RecordedIn | None = None
) -> list[jc.CheckRecord]:
    """``count`` validations by the Quality Team at ``office`` on ``day``."""
    return [
        jc.CheckRecord(
            "bcs_validation",
            office,
            D(day),
            subject_id=f"V{index}",
            performed_by="QT1",
            outcome=jc.CheckOutcome.PASS,
            recorded_in=recorded_in,
        )
        for index in range(count)
    ]


def evidence(checks: Iterable[jc.CheckRecord] | None) -> jc.Evidence:
    """Offices OF1/OF2 and ``checks`` (None: checks.csv not supplied)."""
    kinds: dict[str, Any] = {"offices": OFFICES}
    if checks is not None:
        kinds["checks"] = tuple(checks)
    return jc.Evidence.from_records(**kinds)


def chk038(
    catalogue: jc.Catalogue,
    checks: Iterable[jc.CheckRecord] | None,
    *,
    as_of: dt.date = AS_OF,
    policy: dict[str, Any] | None = None,
) -> dict[str | None, jc.Result]:
    """CHK-038's results by office."""
    report = jc.evaluate(
        evidence(checks),
        as_of=as_of,
        policy=jc.Policy.from_mapping(policy or {}),
        catalogue=catalogue,
        only=["CHK-038"],
    )
    results = {result.office_id: result for result in report.results}
    assert len(results) == len(report.results)
    return results


# -- the sample plan: ISO 2859-1 general inspection level II --------------------------------

ISO_TABLE = [
    (0, 0),  # documented choice: nothing recorded, nothing to validate
    (1, 1),  # documented choice: a lone check is validated (never more than n)
    (2, 2),
    (8, 2),
    (9, 3),
    (15, 3),
    (16, 5),
    (25, 5),
    (26, 8),
    (50, 8),
    (51, 13),
    (90, 13),
    (91, 20),
    (150, 20),
    (151, 32),
    (280, 32),
    (281, 50),
    (500, 50),
    (501, 80),
    (1200, 80),
    (1201, 125),
    (3200, 125),
    (3201, 200),
    (10000, 200),
    (10001, 315),
    (35000, 315),
    (35001, 500),
    (150000, 500),
    (150001, 800),
    (500000, 800),
    (500001, 1250),
    (10_000_000, 1250),
]


@pytest.mark.parametrize(
    ("n", "size"), ISO_TABLE, ids=[f"catalogue.rst CHK-038 lot {n}" for n, _ in ISO_TABLE]
)
def test_iso2859_level_ii_sample_size(n: int, size: int) -> None:
    assert ISO2859Level2().sample_size(n) == size


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=2_000_000), st.integers(min_value=0, max_value=1000))
def test_sample_size_never_exceeds_the_lot_and_never_shrinks(n: int, more: int) -> None:
    """catalogue.rst: "never more than n"; a bigger lot never needs a smaller sample."""
    plan = ISO2859Level2()
    assert 0 <= plan.sample_size(n) <= n
    assert plan.sample_size(n) <= plan.sample_size(n + more)


def test_negative_lot_is_rejected() -> None:
    with pytest.raises(ValueError, match="-1"):
        ISO2859Level2().sample_size(-1)


def test_default_policy_selects_iso2859_level_ii() -> None:
    """catalogue.rst policy table: ``bcs.sample_plan`` default ISO 2859-1, level II."""
    policy = jc.Policy()
    assert policy.bcs.sample_plan == "iso2859-1-general-ii"
    plan = plan_for(policy)
    assert plan.name == "iso2859-1-general-ii"
    assert plan.sample_size(20) == 5


def test_unknown_sample_plan_in_policy_is_a_policy_error() -> None:
    with pytest.raises(jc.PolicyError, match=r"bcs\.sample_plan"):
        jc.Policy.from_mapping({"bcs": {"sample_plan": "half"}})


@attrs.frozen
class Half:
    """A user's plan: half the lot, rounded up."""

    name: str = "half"

    def sample_size(self, n: int) -> int:
        return (n + 1) // 2


def test_any_object_with_name_and_sample_size_is_a_plan() -> None:
    assert isinstance(Half(), SamplePlan)
    assert isinstance(ISO2859Level2(), SamplePlan)


# -- CHK-038 ---------------------------------------------------------------------------------


def test_declared_with_citation_scope_and_name(catalogue: jc.Catalogue) -> None:
    control = catalogue.get("CHK-038")
    assert control.citation == "SEC §28"
    assert control.subject_kind is jc.SubjectKind.OFFICE
    assert control.name == "bcs-validation"


def test_one_result_per_office(catalogue: jc.Catalogue) -> None:
    results = chk038(catalogue, [])
    assert sorted(results) == ["OF1", "OF2"]  # type: ignore[type-var]
    for office_id, result in results.items():
        assert result.subject_kind is jc.SubjectKind.OFFICE
        assert result.subject_id == office_id
        assert result.status is jc.Status.PASS


# (id, checks, as_of, policy, expected status of OF1, text expected in the message or None)
Q3_20 = recorded("OF1", "2026-08-10", 20)  # lot 20 -> 5 validations
CASES: list[tuple[str, list[jc.CheckRecord], str, dict[str, Any], jc.Status, str | None]] = [
    ("no BCS checks: nothing to validate", [], "2026-11-22", {}, jc.Status.PASS, None),
    (
        "enough validations in the quarter",
        Q3_20 + validations("OF1", "2026-09-30", 5),
        "2026-11-22",
        {},
        jc.Status.PASS,
        None,
    ),
    (
        "short after the window closed fails",
        Q3_20 + validations("OF1", "2026-09-15", 3),
        "2026-11-22",
        {},
        jc.Status.FAIL,
        "2026Q3: 3 of 5 validated",
    ),
    (
        "validation on the last day of the lag (quarter end + 30) counts",
        Q3_20 + validations("OF1", "2026-10-30", 5),
        "2026-11-22",
        {},
        jc.Status.PASS,
        None,
    ),
    (
        "validation the day after the lag does not count",
        Q3_20 + validations("OF1", "2026-10-30", 4) + validations("OF1", "2026-10-31", 1),
        "2026-11-22",
        {},
        jc.Status.FAIL,
        "2026Q3: 4 of 5 validated",
    ),
    (
        "validation before the quarter began does not count for it",
        Q3_20 + validations("OF1", "2026-06-30", 5),
        "2026-11-22",
        {},
        jc.Status.FAIL,
        "2026Q3: 0 of 5 validated",
    ),
    (
        "bcs.validation_lag_days = 0: only the quarter itself",
        Q3_20 + validations("OF1", "2026-10-01", 5),
        "2026-11-22",
        {"bcs": {"validation_lag_days": 0}},
        jc.Status.FAIL,
        "2026Q3: 0 of 5 validated",
    ),
    (
        "short while the window is open warns (not yet due)",
        Q3_20 + validations("OF1", "2026-10-05", 3),
        "2026-10-15",
        {},
        jc.Status.WARN,
        "2026Q3: 3 of 5 validated",
    ),
    (
        "short on the day the window closes still warns",
        Q3_20,
        "2026-10-30",
        {},
        jc.Status.WARN,
        "2026Q3: 0 of 5 validated",
    ),
    (
        "short the day after the window closes fails",
        Q3_20,
        "2026-10-31",
        {},
        jc.Status.FAIL,
        "2026Q3: 0 of 5 validated",
    ),
    (
        "current quarter is not judged",
        recorded("OF1", "2026-10-05", 20),
        "2026-11-22",
        {},
        jc.Status.PASS,
        None,
    ),
    (
        "quarter ending on as_of is still current",
        Q3_20,
        "2026-09-30",
        {},
        jc.Status.PASS,
        None,
    ),
    (
        "quarter is judged from the day after its end",
        Q3_20,
        "2026-10-01",
        {},
        jc.Status.WARN,
        "2026Q3: 0 of 5 validated",
    ),
    (
        "lookback edge: a quarter ending on the window's first day is judged",
        recorded("OF1", "2025-11-10", 9),  # 2025Q4, lot 9 -> 3
        "2026-12-31",  # window 2025-12-31 .. 2026-12-31
        {},
        jc.Status.FAIL,
        "2025Q4: 0 of 3 validated",
    ),
    (
        "lookback edge: a quarter ending before the window is not judged",
        recorded("OF1", "2025-11-10", 9),
        "2027-01-01",  # window 2026-01-01 .. 2027-01-01
        {},
        jc.Status.PASS,
        None,
    ),
    (
        "lookback_months shortens the window",
        recorded("OF1", "2026-05-10", 9),  # 2026Q2
        "2026-11-22",
        {"lookback_months": 3},  # window 2026-08-22 ..: Q3 only
        jc.Status.PASS,
        None,
    ),
    (
        "bcs_validation checks are not part of n",
        recorded("OF1", "2026-08-10", 8) + validations("OF1", "2026-08-20", 2, BCS),
        "2026-11-22",
        {},
        jc.Status.PASS,  # n = 8 -> 2; counting the validations would make n = 10 -> 3
        None,
    ),
    (
        "checks recorded in SCCS, locally or nowhere are not part of n",
        recorded("OF1", "2026-08-10", 10, recorded_in=jc.RecordedIn.SCCS)
        + recorded("OF1", "2026-08-10", 10, recorded_in=jc.RecordedIn.LOCAL, tag="l")
        + recorded("OF1", "2026-08-10", 10, recorded_in=None, tag="n"),
        "2026-11-22",
        {},
        jc.Status.PASS,
        None,
    ),
    (
        "a lone BCS check must be validated",
        recorded("OF1", "2026-08-10", 1),
        "2026-11-22",
        {},
        jc.Status.FAIL,
        "2026Q3: 0 of 1 validated",
    ),
    (
        "another office's validations do not count",
        Q3_20 + validations("OF2", "2026-09-01", 5),
        "2026-11-22",
        {},
        jc.Status.FAIL,
        "2026Q3: 0 of 5 validated",
    ),
    (
        "validations recorded after as_of are not known yet",
        Q3_20 + validations("OF1", "2026-10-20", 5),
        "2026-10-15",
        {},
        jc.Status.WARN,
        "2026Q3: 0 of 5 validated",
    ),
]


@pytest.mark.parametrize(
    ("checks", "as_of", "policy", "status", "text"),
    [case[1:] for case in CASES],
    ids=[f"SEC §28: {case[0]}" for case in CASES],
)
def test_chk038(
    catalogue: jc.Catalogue,
    checks: list[jc.CheckRecord],
    as_of: str,
    policy: dict[str, Any],
    status: jc.Status,
    text: str | None,
) -> None:
    result = chk038(catalogue, checks, as_of=D(as_of), policy=policy)["OF1"]
    assert result.status is status, result.message
    if text is not None:
        assert text in result.message
        assert text.split(":")[0] in result.evidence["short"]
    else:
        assert result.evidence["short"] == []


def test_every_short_quarter_is_named_in_message_and_evidence(catalogue: jc.Catalogue) -> None:
    """SEC §28 / cli.rst: one result per office naming every missing period."""
    checks = (
        recorded("OF1", "2026-02-10", 16)  # 2026Q1: 5, none validated
        + recorded("OF1", "2026-05-10", 9)  # 2026Q2: 3, all validated
        + validations("OF1", "2026-06-01", 3)
        + recorded("OF1", "2026-08-10", 51)  # 2026Q3: 13, 12 validated
        + validations("OF1", "2026-10-02", 12)
    )
    result = chk038(catalogue, checks)["OF1"]
    assert result.status is jc.Status.FAIL
    assert "2026Q1: 0 of 5 validated" in result.message
    assert "2026Q3: 12 of 13 validated" in result.message
    assert "2026Q2" not in result.message
    assert result.evidence["short"] == ["2026Q1", "2026Q3"]
    assert result.due_on == D("2026-04-30")  # the earliest closed window: 2026-03-31 + 30 days


def test_due_on_of_a_short_open_quarter_is_the_window_close(catalogue: jc.Catalogue) -> None:
    result = chk038(catalogue, Q3_20, as_of=D("2026-10-10"))["OF1"]
    assert result.status is jc.Status.WARN
    assert result.due_on == D("2026-10-30")


def test_missing_checks_evidence_is_an_error_per_office(catalogue: jc.Catalogue) -> None:
    """evidence.rst: a missing file is not an empty file."""
    results = chk038(catalogue, None)
    assert {office: r.status for office, r in results.items()} == {
        "OF1": jc.Status.ERROR,
        "OF2": jc.Status.ERROR,
    }


def test_a_plan_passed_in_python_replaces_the_policy_plan(catalogue: jc.Catalogue) -> None:
    """The plan is a replaceable policy object: a catalogue built with another one."""
    others = tuple(c for c in catalogue.controls if c.control_id != "CHK-038")
    mine = jc.Catalogue((*others, bcs_validation_control(Half())))
    checks = Q3_20 + validations("OF1", "2026-09-01", 5)
    report = jc.evaluate(evidence(checks), as_of=AS_OF, catalogue=mine, only=["CHK-038"])
    result = next(r for r in report.results if r.office_id == "OF1")
    assert result.status is jc.Status.FAIL
    assert "2026Q3: 5 of 10 validated" in result.message
    assert result.evidence["plan"] == "half"


# -- the validation sample -------------------------------------------------------------------


def population_q3() -> list[jc.CheckRecord]:
    """OF1's 2026Q3 BCS checks (40, lot 26-50 -> 8), on several days and check types."""
    checks: list[jc.CheckRecord] = []
    for index, day in enumerate(("2026-07-01", "2026-08-14", "2026-09-30", "2026-09-02")):
        checks += recorded(
            "OF1", day, 10, check_type=("gpc_statement", "expenses_claims")[index % 2]
        )
    return checks


def noise() -> list[jc.CheckRecord]:
    """Checks that must never be in OF1's 2026Q3 sample."""
    return (
        recorded("OF2", "2026-08-01", 30)  # another office
        + recorded("OF1", "2026-06-30", 5)  # the quarter before
        + recorded("OF1", "2026-10-01", 5)  # the quarter after
        + recorded("OF1", "2026-08-01", 5, recorded_in=jc.RecordedIn.SCCS, tag="s")
        + recorded("OF1", "2026-08-01", 5, recorded_in=None, tag="n")
        + validations("OF1", "2026-08-01", 5, BCS)
    )


def key(check: jc.CheckRecord) -> tuple[Any, ...]:
    return (check.performed_on, check.check_type, check.subject_id, check.performed_by)


def test_sample_size_is_the_plan_size_and_items_come_from_the_population() -> None:
    population = population_q3()
    sample = draw_sample(evidence(population + noise()), office_id="OF1", quarter="2026Q3", seed=7)
    assert sample.population == 40
    assert sample.sample_size == len(sample.checks) == 8
    assert sample.plan == "iso2859-1-general-ii"
    assert (sample.office_id, sample.quarter, sample.seed) == ("OF1", "2026Q3", 7)
    for check in sample.checks:
        assert check in population
        assert check.office_id == "OF1"
        assert D("2026-07-01") <= check.performed_on <= D("2026-09-30")
        assert check.recorded_in is BCS
        assert check.check_type != "bcs_validation"
    assert len({key(check) for check in sample.checks}) == 8  # no check chosen twice


def test_sample_is_listed_in_a_stable_order() -> None:
    sample = draw_sample(evidence(population_q3()), office_id="OF1", quarter="2026Q3", seed=1)
    keys = [key(check) for check in sample.checks]
    assert keys == sorted(keys)


def test_same_seed_same_sample() -> None:
    first = draw_sample(evidence(population_q3()), office_id="OF1", quarter="2026Q3", seed=3)
    second = draw_sample(evidence(population_q3()), office_id="OF1", quarter="2026Q3", seed=3)
    assert first == second


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(min_value=0, max_value=2**32))
def test_same_sample_in_any_row_order(shuffler: random.Random, seed: int) -> None:
    """cli.rst: same evidence, office, quarter and seed => same sample, any row order."""
    rows = population_q3() + noise()
    expected = draw_sample(evidence(rows), office_id="OF1", quarter="2026Q3", seed=seed)
    shuffler.shuffle(rows)
    assert draw_sample(evidence(rows), office_id="OF1", quarter="2026Q3", seed=seed) == expected


def test_identical_duplicate_rows_are_handled_deterministically() -> None:
    twin = recorded("OF1", "2026-08-01", 1)[0]
    rows = [twin, twin, twin, *recorded("OF1", "2026-08-02", 6)]  # lot 9 -> 3
    samples = []
    for seed in range(20):
        expected = draw_sample(evidence(rows), office_id="OF1", quarter="2026Q3", seed=seed)
        assert expected.population == 9
        assert expected.sample_size == 3
        for order in range(3):
            shuffled = list(rows)
            random.Random(order).shuffle(shuffled)
            again = draw_sample(evidence(shuffled), office_id="OF1", quarter="2026Q3", seed=seed)
            assert again == expected
        samples.append(expected.checks.count(twin))
    assert max(samples) >= 1  # the duplicates can be drawn, even more than one of them


def test_different_seeds_give_different_samples() -> None:
    drawn = {
        draw_sample(evidence(population_q3()), office_id="OF1", quarter="2026Q3", seed=seed).checks
        for seed in range(10)
    }
    assert len(drawn) >= 9  # 8 of 40: a collision is astronomically unlikely


def test_office_and_quarter_vary_the_draw() -> None:
    """The same seed does not pick "the same positions" in every office and quarter."""
    rows = population_q3() + [attrs.evolve(check, office_id="OF2") for check in population_q3()]
    one = draw_sample(evidence(rows), office_id="OF1", quarter="2026Q3", seed=0)
    two = draw_sample(evidence(rows), office_id="OF2", quarter="2026Q3", seed=0)
    assert [key(c) for c in one.checks] != [key(c) for c in two.checks]


def test_a_late_recorded_check_displaces_at_most_one_chosen_check() -> None:
    """The documented stability of the draw: a check's rank depends on nothing else."""
    rows = population_q3()  # 40 -> 8
    before = draw_sample(evidence(rows), office_id="OF1", quarter="2026Q3", seed=5)
    late = recorded("OF1", "2026-09-15", 1, tag="late")
    after = draw_sample(evidence(rows + late), office_id="OF1", quarter="2026Q3", seed=5)
    assert after.sample_size == 8
    assert len(set(before.checks) - set(after.checks)) <= 1


def test_empty_population_gives_an_empty_sample() -> None:
    sample = draw_sample(evidence(noise()), office_id="OF2", quarter="2026Q1", seed=0)
    assert (sample.population, sample.sample_size, sample.checks) == (0, 0, ())


def test_a_plan_can_be_passed_to_the_draw() -> None:
    sample = draw_sample(
        evidence(population_q3()), office_id="OF1", quarter="2026Q3", seed=0, plan=Half()
    )
    assert (sample.plan, sample.sample_size) == ("half", 20)


def test_sample_to_dict() -> None:
    sample = draw_sample(evidence(population_q3()), office_id="OF1", quarter="2026Q3", seed=2)
    data = sample.to_dict()
    assert data["office_id"] == "OF1"
    assert data["quarter"] == "2026Q3"
    assert (data["population"], data["sample_size"], data["seed"]) == (40, 8, 2)
    assert data["plan"] == "iso2859-1-general-ii"
    assert [item["performed_on"] for item in data["sample"]] == [
        check.performed_on.isoformat() for check in sample.checks
    ]
    assert set(data["sample"][0]) >= {"check_type", "subject_id", "performed_on", "performed_by"}


@pytest.mark.parametrize(
    ("label", "first", "last"),
    [
        ("2026Q1", "2026-01-01", "2026-03-31"),
        ("2024Q1", "2024-01-01", "2024-03-31"),
        ("2026Q2", "2026-04-01", "2026-06-30"),
        ("2026Q3", "2026-07-01", "2026-09-30"),
        ("2026Q4", "2026-10-01", "2026-12-31"),
        ("2026q3", "2026-07-01", "2026-09-30"),
    ],
)
def test_parse_quarter(label: str, first: str, last: str) -> None:
    assert parse_quarter(label) == (D(first), D(last))


@pytest.mark.parametrize("label", ["2026Q5", "2026Q0", "2026-Q3", "Q3 2026", "26Q3", "2026", ""])
def test_bad_quarter_is_a_usage_error(label: str) -> None:
    with pytest.raises(jc.UsageError, match="YYYYQn"):
        draw_sample(evidence([]), office_id="OF1", quarter=label, seed=0)


def test_unknown_office_is_a_usage_error() -> None:
    with pytest.raises(jc.UsageError, match="OF9"):
        draw_sample(evidence([]), office_id="OF9", quarter="2026Q3", seed=0)


def _labels(sample_checks: Sequence[jc.CheckRecord]) -> list[str | None]:
    return [check.subject_id for check in sample_checks]


def test_lowercase_quarter_is_reported_in_canonical_form() -> None:
    lower = draw_sample(evidence(population_q3()), office_id="OF1", quarter="2026q3", seed=4)
    upper = draw_sample(evidence(population_q3()), office_id="OF1", quarter="2026Q3", seed=4)
    assert lower.quarter == "2026Q3"
    assert _labels(lower.checks) == _labels(upper.checks)


def test_a_closed_short_quarter_fails_even_with_an_open_one(catalogue: jc.Catalogue) -> None:
    """Fail outranks warn: 2026Q2's window closed short, 2026Q3's is still open."""
    checks = recorded("OF1", "2026-05-10", 9) + Q3_20
    result = chk038(catalogue, checks, as_of=D("2026-10-15"))["OF1"]
    assert result.status is jc.Status.FAIL
    assert "2026Q2: 0 of 3 validated" in result.message
    assert "2026Q3: 0 of 5 validated" in result.message
    assert result.due_on == D("2026-07-30")
