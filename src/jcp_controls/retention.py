"""Retention as data: how long a record is kept, from which of its dates, and what then.

SEC §36 makes it a mandatory, ongoing activity that "Dormant JSA CCs are retained in line
with DWP Data Retention Policies". The guidance does not say for how long, so the period is
data, not code: a :class:`RetentionRule` names

* the record kind it applies to (``claimant_commitments``),
* the date field it runs from (``dormant_since``),
* how long, in calendar months clipped to month end (an integer, or the dotted name of an
  integer policy setting such as ``retention.jcc_dormant_months``),
* what then (``destroy``),
* optionally, which records it covers (``when``: field = value, every pair must match).

The library ships one rule, :data:`DORMANT_CC_RULE`: a dormant Claimant Commitment is
destroyed ``retention.jcc_dormant_months`` (default 24, the DWP customer-record retention
after live interest ends; the older standard was 14) after ``dormant_since``. JCC-004
(dormant-cc-retention) and JCC-005 (no-premature-destruction) apply it.

Users add rules in ``policy.toml`` as an array of tables under ``[retention]``; they take
precedence over the shipped rule, and the first rule (in file order) whose ``when`` matches a
record is the one applied to it. For example, to keep clerical CCs 14 months after they
went dormant while every other CC keeps the default::

    [retention]
    jcc_dormant_months = 24

    [[retention.rules]]
    name = "clerical-cc"
    kind = "claimant_commitments"
    runs_from = "dormant_since"
    months = 14
    when = { channel = "clerical" }
    source = "local records management schedule"

Keys of a rule: ``kind``, ``runs_from`` and ``months`` are required; ``then`` (default
``destroy``), ``when`` (default: every record of the kind), ``name`` and ``source`` are
optional. ``when`` values are written as in the evidence CSV (``channel = "clerical"``,
``work_programme = "true"``). Errors name the key, counting rules from 1:
``retention.rules[1].months: must not be negative, got -3``.

Only ``claimant_commitments`` can have rules today: a rule for a kind no control applies
would silently do nothing, so it is rejected.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from jcp_controls import calendar
from jcp_controls.models import ClaimantCommitment, RecordKind

if TYPE_CHECKING:
    from jcp_controls.policy import Policy

__all__ = [
    "DORMANT_CC_RULE",
    "SHIPPED_RULES",
    "RetentionAction",
    "RetentionDue",
    "RetentionRule",
    "applicable_rule",
    "retention_due",
    "rules_for",
]

#: The record classes of the kinds some control applies retention rules to.
RECORD_CLASSES: Mapping[RecordKind, type[Any]] = types.MappingProxyType(
    {RecordKind.CLAIMANT_COMMITMENTS: ClaimantCommitment}
)


class RetentionAction(enum.StrEnum):
    """What happens when a retention period ends."""

    DESTROY = "destroy"


def _date_fields(kind: RecordKind) -> tuple[str, ...]:
    hints = typing.get_type_hints(RECORD_CLASSES[kind])
    return tuple(
        field.name
        for field in attrs.fields(RECORD_CLASSES[kind])
        if dt.date in (hints[field.name], *typing.get_args(hints[field.name]))
    )


def _check_kind(instance: RetentionRule, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, RecordKind) or value not in RECORD_CLASSES:
        supported = ", ".join(kind.value for kind in RECORD_CLASSES)
        raise ValueError(
            f"{attribute.name}: no control applies retention rules to "
            f"{getattr(value, 'value', value)!r} "
            f"(supported: {supported})"
        )


def _check_runs_from(instance: RetentionRule, attribute: attrs.Attribute[Any], value: Any) -> None:
    if instance.kind not in RECORD_CLASSES:
        return  # reported by the kind's own check
    fields = _date_fields(instance.kind)
    if value not in fields:
        raise ValueError(
            f"{attribute.name}: {instance.kind.value} has no date field {value!r} "
            f"(date fields: {', '.join(fields)})"
        )


def _check_months(instance: RetentionRule, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{attribute.name}: expected an integer or a policy setting name")
    if isinstance(value, int) and value < 0:
        raise ValueError(f"{attribute.name}: must not be negative, got {value}")


def _check_when(instance: RetentionRule, attribute: attrs.Attribute[Any], value: Any) -> None:
    if instance.kind not in RECORD_CLASSES:
        return
    fields = [field.name for field in attrs.fields(RECORD_CLASSES[instance.kind])]
    for name, expected in value.items():
        if name not in fields:
            raise ValueError(
                f"{attribute.name}.{name}: {instance.kind.value} has no field {name!r} "
                f"(fields: {', '.join(fields)})"
            )
        if not isinstance(expected, str):
            raise ValueError(f"{attribute.name}.{name}: expected a string, got {expected!r}")


def _frozen_mapping(value: Mapping[str, str]) -> Mapping[str, str]:
    return types.MappingProxyType(dict(value))


def _csv_form(value: object) -> str | None:
    """A record field as it is written in the evidence CSV (None for an empty cell)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@attrs.frozen
class RetentionRule:
    """How long records of one kind are kept, from which date, and what then.

    Attributes:
        kind: the record kind (``claimant_commitments``).
        runs_from: the record's date field the period runs from (``dormant_since``).
        months: how long, in calendar months (clipped to month end); an integer, or the
            dotted name of an integer policy setting (``retention.jcc_dormant_months``).
        then: what happens when the period ends (``destroy``).
        when: which records the rule covers: field name to value as written in the evidence
            CSV; every pair must match. Empty: every record of the kind.
        name: a short label shown in results' evidence.
        source: where the rule comes from (guidance, a records management schedule).

    Raises:
        ValueError: a field is invalid; the message starts with the field's name.
    """

    kind: RecordKind = attrs.field(validator=_check_kind)
    runs_from: str = attrs.field(validator=_check_runs_from)
    months: int | str = attrs.field(validator=_check_months)
    then: RetentionAction = RetentionAction.DESTROY
    when: Mapping[str, str] = attrs.field(
        factory=dict, converter=_frozen_mapping, validator=_check_when, hash=False
    )
    name: str = ""
    source: str = ""

    def matches(self, record: object) -> bool:
        """True when ``record`` is of this rule's kind and every ``when`` pair matches."""
        if not isinstance(record, RECORD_CLASSES[self.kind]):
            return False
        return all(
            _csv_form(getattr(record, field)) == value for field, value in self.when.items()
        )

    def months_under(self, policy: Policy) -> int:
        """How many months the rule keeps records under ``policy``.

        Raises:
            ValueError: ``months`` names something that is not an integer policy setting.
        """
        if isinstance(self.months, int):
            return self.months
        value: Any = policy
        for part in self.months.split("."):
            value = getattr(value, part, None)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"months: {self.months!r} is not an integer policy setting")
        return value

    def describe(self, policy: Policy) -> str:
        """The rule in words, for a result's evidence:
        ``dormant_since + retention.jcc_dormant_months (24)``, ``dormant_since + 14 months``.
        """
        if isinstance(self.months, str):
            return f"{self.runs_from} + {self.months} ({self.months_under(policy)})"
        return f"{self.runs_from} + {self.months} month{'s' if self.months != 1 else ''}"


#: The shipped rule: a dormant JSA Claimant Commitment is destroyed
#: ``retention.jcc_dormant_months`` after ``dormant_since`` (SEC §36, "retained in line with
#: DWP Data Retention Policies").
DORMANT_CC_RULE = RetentionRule(
    kind=RecordKind.CLAIMANT_COMMITMENTS,
    runs_from="dormant_since",
    months="retention.jcc_dormant_months",
    then=RetentionAction.DESTROY,
    name="dormant-cc",
    source="SEC §36; DWP Data Retention Policies",
)

#: Every rule the library ships, applied after the policy's own rules.
SHIPPED_RULES: tuple[RetentionRule, ...] = (DORMANT_CC_RULE,)


def rules_for(policy: Policy, kind: RecordKind) -> tuple[tuple[str, RetentionRule], ...]:
    """The rules for ``kind`` in the order they are tried, each with its label.

    The policy's rules come first, in file order (labelled by ``name``, else
    ``retention.rules[N]`` counting from 1), then the shipped rules (labelled by name).
    """
    user = tuple(
        (rule.name or f"retention.rules[{index}]", rule)
        for index, rule in enumerate(policy.retention.rules, 1)
        if rule.kind is kind
    )
    shipped = tuple((rule.name, rule) for rule in SHIPPED_RULES if rule.kind is kind)
    return user + shipped


def applicable_rule(
    policy: Policy, kind: RecordKind, record: object
) -> tuple[str, RetentionRule] | None:
    """The first rule (with its label) of :func:`rules_for` that matches ``record``."""
    for label, rule in rules_for(policy, kind):
        if rule.matches(record):
            return label, rule
    return None


@attrs.frozen
class RetentionDue:
    """When one record's retention period ends, and why.

    Attributes:
        label: which rule applied (its name, or ``retention.rules[N]``).
        rule: the rule.
        runs_from: the record's date the period runs from (None when the record has none).
        months: the period in months under the policy.
        due_on: the day the period ends and ``then`` is due (None without ``runs_from``).
        text: the rule in words (:meth:`RetentionRule.describe`).
    """

    label: str
    rule: RetentionRule
    runs_from: dt.date | None
    months: int
    due_on: dt.date | None
    text: str

    def evidence(self) -> dict[str, Any]:
        """The facts a result shows: the date it runs from, the rule, the rule's label,
        what then and the rule's source."""
        return {
            self.rule.runs_from: self.runs_from,
            "runs_from": self.runs_from,
            "rule": self.text,
            "retention_rule": self.label,
            "then": self.rule.then.value,
            "source": self.rule.source,
        }


def retention_due(policy: Policy, kind: RecordKind, record: object) -> RetentionDue | None:
    """The retention period of ``record`` under the first matching rule, or None when no
    rule covers it.

    Raises:
        ValueError: the rule's ``months`` names no integer policy setting.
    """
    found = applicable_rule(policy, kind, record)
    if found is None:
        return None
    label, rule = found
    months = rule.months_under(policy)
    start = getattr(record, rule.runs_from)
    due = None if start is None else calendar.add_months(start, months)
    return RetentionDue(label, rule, start, months, due, rule.describe(policy))


attrs.resolve_types(RetentionRule, globals(), locals())
