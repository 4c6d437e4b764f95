"""Tests for the retention rules of :mod:`jcp_controls.policy` (``[[retention.rules]]``).

Spec: catalogue.rst "Policy settings" (a dotted name is a TOML table and key; every setting is
validated on load: an unknown key, a wrong type or a nonsensical value is an error naming the
key) and "JCC" (retention is modelled as data, so a user can add rules in policy). The TOML
shape is the one documented in :mod:`jcp_controls.retention`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import jcp_controls as jc
from jcp_controls.errors import PolicyError
from jcp_controls.models import RecordKind
from jcp_controls.retention import RetentionAction, RetentionRule

TWO_RULES = """\
warn_days = 20

[retention]
jcc_dormant_months = 24

[[retention.rules]]
name = "clerical-cc"
kind = "claimant_commitments"
runs_from = "dormant_since"
months = 14
when = { channel = "clerical" }
source = "local records management schedule"

[[retention.rules]]
kind = "claimant_commitments"
runs_from = "created_on"
months = "retention.jcc_dormant_months"
then = "destroy"
"""


def _rule(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "claimant_commitments",
        "runs_from": "dormant_since",
        "months": 14,
    }
    values.update(fields)
    return values


def _load(tmp_path: Path, text: str) -> jc.Policy:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return jc.Policy.load(path)


def test_rules_load_from_toml_in_order(tmp_path: Path) -> None:
    policy = _load(tmp_path, TWO_RULES)
    first, second = policy.retention.rules
    assert first == RetentionRule(
        kind=RecordKind.CLAIMANT_COMMITMENTS,
        runs_from="dormant_since",
        months=14,
        then=RetentionAction.DESTROY,
        when={"channel": "clerical"},
        name="clerical-cc",
        source="local records management schedule",
    )
    assert (second.runs_from, second.months) == ("created_on", "retention.jcc_dormant_months")
    # The other settings still load as before.
    assert (policy.warn_days, policy.retention.jcc_dormant_months) == (20, 24)


def test_default_policy_has_no_user_rules_and_unchanged_settings() -> None:
    assert jc.Policy().retention.rules == ()
    assert jc.Policy().to_dict()["retention"] == {"jcc_dormant_months": 24}
    assert jc.Policy.from_mapping({"retention": {"rules": []}}) == jc.Policy()


def test_rules_serialise_json_ready_and_round_trip(tmp_path: Path) -> None:
    policy = _load(tmp_path, TWO_RULES)
    data = policy.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["retention"]["rules"][0] == {
        "kind": "claimant_commitments",
        "runs_from": "dormant_since",
        "months": 14,
        "then": "destroy",
        "when": {"channel": "clerical"},
        "name": "clerical-cc",
        "source": "local records management schedule",
    }
    assert jc.Policy.from_mapping(data) == policy
    assert jc.Policy.from_mapping(json.loads(json.dumps(data))) == policy


@pytest.mark.parametrize(
    ("rule", "key"),
    [
        pytest.param(_rule(months=-3), "retention.rules[1].months", id="negative-months"),
        pytest.param(_rule(months=121), "retention.rules[1].months", id="months-over-120"),
        pytest.param(_rule(months=True), "retention.rules[1].months", id="boolean-months"),
        pytest.param(_rule(months=1.5), "retention.rules[1].months", id="float-months"),
        pytest.param(_rule(months="retention"), "retention.rules[1].months",
                     id="months-names-a-table"),
        pytest.param(_rule(months="jcc.tactical_end_on"), "retention.rules[1].months",
                     id="months-names-a-date-setting"),
        pytest.param(_rule(months="retention.nope"), "retention.rules[1].months",
                     id="months-names-no-setting"),
        pytest.param(_rule(kind="staff"), "retention.rules[1].kind", id="kind-not-supported"),
        pytest.param(_rule(kind="nonsense"), "retention.rules[1].kind", id="kind-unknown"),
        pytest.param(_rule(runs_from="channel"), "retention.rules[1].runs_from",
                     id="runs_from-not-a-date"),
        pytest.param(_rule(runs_from=3), "retention.rules[1].runs_from", id="runs_from-type"),
        pytest.param(_rule(then="archive"), "retention.rules[1].then", id="then-unknown"),
        pytest.param(_rule(when={"colour": "red"}), "retention.rules[1].when.colour",
                     id="when-unknown-field"),
        pytest.param(_rule(when={"work_programme": True}),
                     "retention.rules[1].when.work_programme", id="when-value-not-a-string"),
        pytest.param(_rule(when="clerical"), "retention.rules[1].when", id="when-not-a-table"),
        pytest.param(_rule(colour="red"), "retention.rules[1].colour", id="unknown-key"),
        pytest.param({"runs_from": "dormant_since", "months": 3}, "retention.rules[1].kind",
                     id="missing-kind"),
    ],
)  # fmt: skip
def test_invalid_rule_is_an_error_naming_the_key(rule: dict[str, Any], key: str) -> None:
    with pytest.raises(PolicyError) as raised:
        jc.Policy.from_mapping({"retention": {"rules": [rule]}})
    assert re.search(rf"(^|\s){re.escape(key)}[:\s]", str(raised.value)), str(raised.value)


def test_error_counts_rules_from_one(tmp_path: Path) -> None:
    text = TWO_RULES.replace('runs_from = "created_on"', 'runs_from = "nope"')
    with pytest.raises(PolicyError, match=r"policy\.toml: retention\.rules\[2\]\.runs_from"):
        _load(tmp_path, text)


@pytest.mark.parametrize(
    "value",
    [pytest.param({}, id="a-table"), pytest.param("x", id="a-string"), pytest.param(3, id="int")],
)
def test_rules_must_be_an_array_of_tables(value: Any) -> None:
    with pytest.raises(PolicyError, match=r"retention\.rules"):
        jc.Policy.from_mapping({"retention": {"rules": value}})


def test_rule_entries_must_be_tables() -> None:
    with pytest.raises(PolicyError, match=r"retention\.rules\[1\]: expected a table"):
        jc.Policy.from_mapping({"retention": {"rules": [3]}})


def test_months_may_name_an_integer_setting() -> None:
    policy = jc.Policy.from_mapping({"retention": {"rules": [_rule(months="warn_days")]}})
    assert policy.retention.rules[0].months == "warn_days"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # Existing behaviour is kept: unknown keys and wrong types name the key.
        ({"retention": {"jcc_dormant_month": 3}}, r"unknown policy key retention\."),
        ({"retention": {"jcc_dormant_months": "x"}}, r"retention\.jcc_dormant_months: expected"),
        ({"retention": {"jcc_dormant_months": -1}}, r"retention\.jcc_dormant_months: must not"),
    ],
)
def test_other_retention_settings_keep_their_messages(data: dict[str, Any], message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        jc.Policy.from_mapping(data)


def test_policy_with_rules_is_hashable_and_equal_by_value(tmp_path: Path) -> None:
    assert _load(tmp_path, TWO_RULES) == _load(tmp_path, TWO_RULES)
    assert hash(_load(tmp_path, TWO_RULES)) == hash(_load(tmp_path, TWO_RULES))
