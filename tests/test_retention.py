"""Tests for :mod:`jcp_controls.retention`: retention as data.

Spec: catalogue.rst "JCC" ("Retention is modelled as data (RetentionRule: record kind, the date
it runs from, how long, what then), so a user can add rules in policy; JCC-004/005 are the
shipped rule for dormant CCs"), the policy setting ``retention.jcc_dormant_months`` (24,
"retained in line with DWP Data Retention Policies", SEC §36) and "Result statuses and dates"
(month arithmetic clipped to month end).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jcp_controls as jc
from jcp_controls.retention import (
    DORMANT_CC_RULE,
    SHIPPED_RULES,
    RetentionAction,
    RetentionRule,
    applicable_rule,
    retention_due,
    rules_for,
)

d = dt.date.fromisoformat
CC = jc.RecordKind.CLAIMANT_COMMITMENTS


DORMANT = d("2024-02-29")


def cc(channel: str = "scs", dormant: dt.date | None = DORMANT, **fields: Any):
    """A dormant Claimant Commitment."""
    return jc.ClaimantCommitment(
        "CC1", "CL1", "OF1", 1, d("2020-01-06"), jc.CcChannel(channel), jc.CcStatus.DORMANT,
        dormant, **fields,
    )  # fmt: skip


def rule(**fields: Any) -> RetentionRule:
    """A rule for CCs, 14 months from ``dormant_since`` unless told otherwise."""
    values: dict[str, Any] = {"kind": CC, "runs_from": "dormant_since", "months": 14}
    values.update(fields)
    return RetentionRule(**values)


def policy(*rules: RetentionRule, months: int = 24) -> jc.Policy:
    """A policy with these user rules."""
    from jcp_controls.policy import RetentionPolicy

    return jc.Policy(retention=RetentionPolicy(jcc_dormant_months=months, rules=rules))


def test_shipped_rule_is_the_dormant_cc_rule() -> None:
    # SEC §36: dormant JSA CCs retained in line with DWP Data Retention Policies.
    assert SHIPPED_RULES == (DORMANT_CC_RULE,)
    assert DORMANT_CC_RULE.kind is CC
    assert DORMANT_CC_RULE.runs_from == "dormant_since"
    assert DORMANT_CC_RULE.months == "retention.jcc_dormant_months"
    assert DORMANT_CC_RULE.then is RetentionAction.DESTROY
    assert "SEC §36" in DORMANT_CC_RULE.source


@pytest.mark.parametrize(
    ("months", "dormant", "due"),
    [
        pytest.param(24, "2024-02-29", "2026-02-28", id="controls-md-clipped-to-month-end"),
        pytest.param(24, "2024-01-31", "2026-01-31", id="SEC36-default-24"),
        pytest.param(14, "2023-12-31", "2025-02-28", id="SEC36-older-standard-14"),
        pytest.param(0, "2024-05-17", "2024-05-17", id="zero-months-same-day"),
    ],
)
def test_shipped_rule_due_date_follows_the_policy(months: int, dormant: str, due: str) -> None:
    found = retention_due(policy(months=months), CC, cc(dormant=d(dormant)))
    assert found is not None
    assert (found.due_on, found.months, found.runs_from) == (d(due), months, d(dormant))
    assert found.text == f"dormant_since + retention.jcc_dormant_months ({months})"
    evidence = found.evidence()
    assert evidence["runs_from"] == d(dormant)
    assert evidence["rule"] == found.text
    assert evidence["retention_rule"] == "dormant-cc"
    assert evidence["then"] == "destroy"


def test_no_date_to_run_from_gives_no_due_date() -> None:
    found = retention_due(jc.Policy(), CC, cc(dormant=None))
    assert found is not None
    assert (found.runs_from, found.due_on) == (None, None)


def test_user_rules_come_first_in_file_order_then_the_shipped_rule() -> None:
    first = rule(name="clerical", when={"channel": "clerical"})
    second = rule(months=36)  # unnamed: labelled by its place in the policy
    labels = [label for label, _ in rules_for(policy(first, second), CC)]
    assert labels == ["clerical", "retention.rules[2]", "dormant-cc"]


@pytest.mark.parametrize(
    ("record", "label"),
    [
        pytest.param(cc("clerical"), "clerical", id="when-channel-matches"),
        pytest.param(cc("scs"), "dormant-cc", id="when-channel-differs"),
        pytest.param(cc("scs", work_programme=True), "work-programme", id="when-boolean-true"),
        pytest.param(cc("clerical", work_programme=True), "clerical", id="first-match-wins"),
    ],
)
def test_first_matching_rule_applies(record: jc.ClaimantCommitment, label: str) -> None:
    rules = (
        rule(name="clerical", when={"channel": "clerical"}),
        rule(name="work-programme", months=6, when={"work_programme": "true"}),
    )
    found = applicable_rule(policy(*rules), CC, record)
    assert found is not None
    assert found[0] == label


def test_user_rule_with_a_fixed_number_of_months() -> None:
    found = retention_due(policy(rule(name="clerical")), CC, cc(dormant=d("2023-12-31")))
    assert found is not None
    assert found.due_on == d("2025-02-28")
    assert found.text == "dormant_since + 14 months"
    assert found.evidence()["retention_rule"] == "clerical"


def test_user_rule_may_run_from_another_date() -> None:
    found = retention_due(policy(rule(runs_from="created_on", months=72)), CC, cc())
    assert found is not None
    assert (found.runs_from, found.due_on) == (d("2020-01-06"), d("2026-01-06"))
    assert found.evidence()["created_on"] == d("2020-01-06")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        pytest.param({"kind": jc.RecordKind.STAFF}, "kind", id="kind-no-control-applies"),
        pytest.param({"runs_from": "channel"}, "runs_from", id="runs_from-not-a-date"),
        pytest.param({"runs_from": "nope"}, "runs_from", id="runs_from-unknown"),
        pytest.param({"months": -1}, "months", id="months-negative"),
        pytest.param({"months": 1.5}, "months", id="months-not-an-integer"),
        pytest.param({"when": {"colour": "red"}}, "when.colour", id="when-unknown-field"),
    ],
)
def test_invalid_rules_are_rejected_naming_the_field(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValueError, match=rf"^{field}: "):
        rule(**fields)


def test_rule_is_immutable_and_hashable() -> None:
    made = rule(when={"channel": "clerical"})
    with pytest.raises(AttributeError):
        made.months = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        made.when["channel"] = "scs"  # type: ignore[index]
    assert hash(made) == hash(rule(when={"channel": "clerical"}))


@settings(max_examples=80, deadline=None)
@given(
    dormant=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
    months=st.integers(min_value=0, max_value=120),
)
def test_due_date_is_calendar_months_clipped_to_month_end(dormant: dt.date, months: int) -> None:
    found = retention_due(policy(months=months), CC, cc(dormant=dormant))
    assert found is not None
    assert found.due_on is not None
    due = found.due_on
    # Lands in the month ``months`` after, on the same day or the last day of a shorter month.
    assert (due.year * 12 + due.month) - (dormant.year * 12 + dormant.month) == months
    next_month = (due.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    last_day = (next_month - dt.timedelta(days=1)).day
    assert due.day == min(dormant.day, last_day)
