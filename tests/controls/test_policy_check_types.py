"""Checks added through policy ([[checks.types]]): catalogue.rst "The check catalogue is data
shipped with the package ..., extensible by plugins and policy"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import jcp_controls as jc
from jcp_controls.models import CheckRecord, Office

AS_OF = "2026-11-23"

FIRE_DRILL = """
[[checks.types]]
check_type = "fire_drill"
category = "Fire drill"
frequency = "interval(6)"
owner = "Site manager"
scope = "office"
"""


def evidence(*checks: CheckRecord) -> jc.Evidence:
    offices = [Office("OF1", "Leeds"), Office("OF2", "Perth")]
    return jc.Evidence.from_records(offices=offices, checks=checks)


def load_policy(tmp_path: Path, text: str) -> jc.Policy:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return jc.Policy.load(path)


def test_a_policy_check_type_becomes_a_control(tmp_path: Path) -> None:
    policy = load_policy(tmp_path, FIRE_DRILL)
    drill = CheckRecord("fire_drill", "OF1", dt.date(2026, 9, 1), outcome=jc.CheckOutcome.PASS)
    report = jc.evaluate(evidence(drill), as_of=AS_OF, policy=policy, only=None)
    by_office = {r.office_id: r for r in report.results if r.control_id == "CHK-FIRE-DRILL"}
    # Interval 6 months from the last check (2026-09-01): due 2027-03-01 — passes; OF2 has no
    # drill on record and no scope start, so it fails.
    assert by_office["OF1"].status is jc.Status.PASS
    assert by_office["OF1"].due_on == dt.date(2027, 3, 1)
    assert by_office["OF2"].status is jc.Status.FAIL
    assert "CHK-FIRE-DRILL" in [c.control_id for c in report.controls]


def test_policy_check_types_are_echoed_in_the_report(tmp_path: Path) -> None:
    policy = load_policy(tmp_path, FIRE_DRILL)
    echoed = policy.to_dict()["checks"]["types"]
    assert echoed == [
        {
            "check_type": "fire_drill",
            "category": "Fire drill",
            "frequency": "interval(6)",
            "owner": "Site manager",
            "scope": "office",
        }
    ]
    assert jc.Policy.from_mapping(policy.to_dict()) == policy
    assert "types" not in jc.Policy().to_dict()["checks"]


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        (
            'check_type = "x_y"\ncategory = "X"\nfrequency = "every so often"\nowner = "A"\n'
            'scope = "office"',
            "checks.types[1]",
        ),
        (
            'check_type = "x_y"\ncategory = "X"\nfrequency = "interval(6)"\nowner = "A"\n'
            'scope = "everyone"',
            "checks.types[1]",
        ),
        (
            'check_type = "x_y"\ncategory = "X"\nfrequency = "interval(6)"\nowner = "A"\n'
            'scope = "office"\ncolour = "red"',
            "checks.types[1]",
        ),
        ('check_type = "x_y"\ncategory = "X"', "checks.types[1]"),
    ],
    ids=["bad-frequency", "bad-scope", "unknown-key", "incomplete"],
)
def test_an_invalid_entry_is_a_policy_error_naming_it(
    tmp_path: Path, table: str, needle: str
) -> None:
    policy = load_policy(tmp_path, "[[checks.types]]\n" + table + "\n")
    with pytest.raises(jc.PolicyError, match=needle.replace("[", r"\[").replace("]", r"\]")):
        jc.evaluate(evidence(), as_of=AS_OF, policy=policy)


def test_a_policy_entry_may_not_shadow_a_shipped_check(tmp_path: Path) -> None:
    text = FIRE_DRILL.replace('"fire_drill"', '"gpc_statement"')
    with pytest.raises(jc.PluginError, match="gpc_statement"):
        jc.evaluate(evidence(), as_of=AS_OF, policy=load_policy(tmp_path, text))


def test_a_non_string_value_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(jc.PolicyError, match=r"checks\.types\[1\]\.owner"):
        load_policy(tmp_path, FIRE_DRILL.replace('"Site manager"', "3"))


@pytest.mark.parametrize(
    "control_id",
    [
        pytest.param("ACC-001", id="a-control-that-reads-no-checks"),
        pytest.param("CHK-001", id="a-control-judging-another-check-type"),
    ],
)
def test_an_entry_naming_a_control_that_cannot_judge_it_is_a_policy_error(
    tmp_path: Path, control_id: str
) -> None:
    policy = load_policy(tmp_path, FIRE_DRILL + f'control_id = "{control_id}"\n')
    with pytest.raises(jc.PolicyError, match=rf"checks\.types\[1\]\.control_id: '{control_id}'"):
        jc.evaluate(evidence(), as_of=AS_OF, policy=policy)


def test_an_entry_may_name_a_new_control_id(tmp_path: Path) -> None:
    policy = load_policy(tmp_path, FIRE_DRILL + 'control_id = "LOCAL-001"\n')
    report = jc.evaluate(evidence(), as_of=AS_OF, policy=policy)
    assert "LOCAL-001" in [c.control_id for c in report.controls]
