"""Policy settings: every value the guidance leaves open, with its documented default.

A :class:`Policy` is immutable. :meth:`Policy.load` reads a ``policy.toml``;
:meth:`Policy.from_mapping` validates any mapping (unknown key, wrong type or a
negative number of days is a :class:`~jcp_controls.errors.PolicyError` naming the dotted
key). :meth:`Policy.to_dict` gives the effective settings echoed in every report.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from jcp_controls.errors import PolicyError
from jcp_controls.models import Grade, Region

__all__ = [
    "AccessPolicy",
    "BcsPolicy",
    "CalendarPolicy",
    "ChecksPolicy",
    "JccPolicy",
    "LearningPolicy",
    "Policy",
    "RetentionPolicy",
    "TimelinessPolicy",
]

_non_negative = attrs.validators.ge(0)


def _days(default: int) -> Any:
    return attrs.field(default=default, validator=_non_negative)


@attrs.frozen
class LearningPolicy:
    """``[learning]``: how long a completion stays valid (IT §4 note, SEC §41)."""

    validity_months: int = _days(12)


@attrs.frozen
class AccessPolicy:
    """``[access]``: LMS and JSA CC folder access (IT §3, §11; SEC §44)."""

    review_interval_months: int = _days(3)
    role_change_review_days: int = _days(30)
    absence_threshold_days: int = _days(90)
    absence_grace_days: int = _days(5)
    leaver_grace_days: int = _days(0)
    delegate_min_grade: Grade = Grade.EO


@attrs.frozen
class TimelinessPolicy:
    """``[timeliness]``: what "immediately" means in working days (IT §24, SEC §30, §36)."""

    immediately_working_days: int = _days(1)
    escalation_working_days: int = _days(1)


@attrs.frozen
class ChecksPolicy:
    """``[checks]``: Annex 1 "Regularly", "As required" and the flexi accounting period."""

    regularly_months: int = _days(3)
    as_required_working_days: int = _days(10)
    flexi_period: Literal["month", "quarter"] = "month"


@attrs.frozen
class RetentionPolicy:
    """``[retention]``: DWP data retention (SEC §36)."""

    jcc_dormant_months: int = _days(24)


@attrs.frozen
class JccPolicy:
    """``[jcc]``: JSA Claimant Commitments (SEC §33)."""

    tactical_end_on: dt.date = dt.date(2017, 7, 31)


@attrs.frozen
class CalendarPolicy:
    """``[calendar]``: the bank-holiday region of offices that do not name one."""

    default_region: Region = Region.ENGLAND


@attrs.frozen
class BcsPolicy:
    """``[bcs]``: BCS validation by the central Quality Team (SEC §28)."""

    validation_lag_days: int = _days(30)
    sample_plan: Literal["iso2859-1-general-ii"] = "iso2859-1-general-ii"


@attrs.frozen
class Policy:
    """The effective policy of one evaluation. Every field has the default of controls.md."""

    warn_days: int = _days(30)
    lookback_months: int = _days(12)
    learning: LearningPolicy = LearningPolicy()
    access: AccessPolicy = AccessPolicy()
    timeliness: TimelinessPolicy = TimelinessPolicy()
    checks: ChecksPolicy = ChecksPolicy()
    retention: RetentionPolicy = RetentionPolicy()
    jcc: JccPolicy = JccPolicy()
    calendar: CalendarPolicy = CalendarPolicy()
    bcs: BcsPolicy = BcsPolicy()

    @classmethod
    def load(cls, path: str | Path) -> Policy:
        """Read a ``policy.toml``; errors name the file and the dotted key.

        Args:
            path: the TOML file. Top-level settings first, then one table per section
                (``[retention]`` then ``jcc_dormant_months = 14``). Missing settings keep
                their defaults.

        Raises:
            PolicyError: the file is missing or unreadable, is not valid TOML, or a setting is
                unknown, of the wrong type or out of range.
        """
        path = Path(path)
        try:
            with path.open("rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError:
            raise PolicyError(f"{path}: policy file not found") from None
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(f"{path}: not valid TOML: {exc}") from None
        except OSError as exc:
            raise PolicyError(f"{path}: cannot read policy: {exc.strerror}") from None
        return cls.from_mapping(data, source=str(path))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "policy") -> Policy:
        """Build a policy from nested mappings, as parsed from TOML or JSON.

        Args:
            data: settings by section, e.g. ``{"access": {"leaver_grace_days": 2}}``; dates
                may be :class:`datetime.date` or ISO strings, enums their string values.
                The output of :meth:`to_dict` is accepted and gives an equal policy.
            source: what to call the input in error messages (a file name).

        Raises:
            PolicyError: a key is unknown, or a value has the wrong type or is out of range;
                the message names the dotted key.
        """
        policy: Policy = _structure(cls, data, prefix="", source=source)
        return policy

    def to_dict(self) -> dict[str, Any]:
        """The effective settings as JSON-ready nested dicts (dates as ISO strings)."""
        from jcp_controls.converters import converter

        result: dict[str, Any] = converter.unstructure(self)
        return result


def _describe(value: object) -> str:
    return f"{type(value).__name__} {value!r}"


def _structure(cls: type[Any], data: Mapping[str, Any], *, prefix: str, source: str) -> Any:
    if not isinstance(data, Mapping):
        where = f"{prefix.rstrip('.')}: " if prefix else ""
        raise PolicyError(f"{source}: {where}expected a table, got {_describe(data)}")
    fields = {field.name: field for field in attrs.fields(cls)}
    for key in data:
        if key not in fields:
            known = ", ".join(f"{prefix}{name}" for name in fields)
            raise PolicyError(f"{source}: unknown policy key {prefix}{key!s} (known: {known})")
    values: dict[str, Any] = {}
    for name, value in data.items():
        key = f"{prefix}{name}"
        values[name] = _convert(fields[name].type, value, key=key, source=source)
    return cls(**values)


def _convert(field_type: Any, value: Any, *, key: str, source: str) -> Any:
    if attrs.has(field_type):
        return _structure(field_type, value, prefix=f"{key}.", source=source)
    if field_type is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise PolicyError(f"{source}: {key}: expected an integer, got {_describe(value)}")
        if value < 0:
            raise PolicyError(f"{source}: {key}: must not be negative, got {value}")
        return value
    if field_type is dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise PolicyError(f"{source}: {key}: expected a date YYYY-MM-DD, got {_describe(value)}")
    if typing.get_origin(field_type) is Literal:
        choices: tuple[str, ...] = typing.get_args(field_type)
    else:
        choices = tuple(member.value for member in field_type)
    if value not in choices:
        raise PolicyError(
            f"{source}: {key}: expected one of {', '.join(choices)}, got {_describe(value)}"
        )
    return field_type(value) if isinstance(field_type, type) else value


for _cls in (
    LearningPolicy,
    AccessPolicy,
    TimelinessPolicy,
    ChecksPolicy,
    RetentionPolicy,
    JccPolicy,
    CalendarPolicy,
    BcsPolicy,
    Policy,
):
    attrs.resolve_types(_cls, globals(), locals())
