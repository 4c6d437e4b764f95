"""Policy settings: every value the guidance leaves open, with its documented default.

A :class:`Policy` is immutable. :meth:`Policy.load` reads a ``policy.toml``;
:meth:`Policy.from_mapping` validates any mapping (unknown key, wrong type or a
negative number of days is a :class:`~jcp_controls.errors.PolicyError` naming the dotted
key). :meth:`Policy.to_dict` gives the effective settings echoed in every report.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import types
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from jcp_controls.errors import PolicyError
from jcp_controls.models import Grade, Region
from jcp_controls.retention import RetentionRule

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
    "parse_settings",
    "read_settings",
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
    """``[checks]``: Annex 1 "Regularly", "As required" and the flexi accounting period.

    ``types`` adds mandatory checks to the SEC Annex 1 catalogue, one ``[[checks.types]]``
    table each, with the fields of :class:`~jcp_controls.controls.checks.CheckType`
    (``check_type``, ``category``, ``frequency``, ``owner``, ``scope``, and optionally
    ``event``, ``guidance``, ``citation``, ``control_id``, ``severity``, ``annex_frequency``,
    ``met_by_course``)::

        [[checks.types]]
        check_type = "fire_drill"
        category = "Fire drill"
        frequency = "interval(6)"
        owner = "Site manager"
        scope = "office"
    """

    regularly_months: int = _days(3)
    as_required_working_days: int = _days(10)
    flexi_period: Literal["month", "quarter"] = "month"
    types: tuple[Mapping[str, str], ...] = ()


def _setting_references(
    instance: RetentionPolicy, attribute: attrs.Attribute[Any], rules: tuple[RetentionRule, ...]
) -> None:
    for index, rule in enumerate(rules, 1):
        if isinstance(rule.months, str) and not _is_int_setting(rule.months):
            raise ValueError(
                f"{attribute.name}[{index}].months: {rule.months!r} is not an integer policy "
                "setting (e.g. retention.jcc_dormant_months)"
            )


@attrs.frozen
class RetentionPolicy:
    """``[retention]``: DWP data retention (SEC §36).

    ``rules`` are the retention rules a user adds (``[[retention.rules]]``; see
    :mod:`jcp_controls.retention`); they are tried before the shipped rule for dormant CCs,
    which runs ``jcc_dormant_months`` from ``dormant_since``.
    """

    jcc_dormant_months: int = _days(24)
    rules: tuple[RetentionRule, ...] = attrs.field(default=(), validator=_setting_references)


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
        return cls.from_mapping(read_settings(path), source=str(path))

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
        """The effective settings as JSON-ready nested dicts (dates as ISO strings).

        ``retention.rules`` and ``checks.types`` (lists of tables) are present only when the
        policy adds retention rules or check types.
        """
        from jcp_controls.converters import converter

        result: dict[str, Any] = converter.unstructure(self)
        if not self.retention.rules:
            del result["retention"]["rules"]
        if self.checks.types:
            result["checks"]["types"] = [dict(table) for table in self.checks.types]
        else:
            del result["checks"]["types"]
        return result


def parse_settings(raw: bytes, source: str) -> dict[str, Any]:
    """The settings of a ``policy.toml``'s bytes (UTF-8, a BOM accepted), not yet validated.

    Raises:
        PolicyError: not UTF-8 or not valid TOML, naming ``source``.
    """
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise PolicyError(f"{source}: cannot read policy: not UTF-8 ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source}: not valid TOML: {exc}") from None


def read_settings(path: str | Path) -> dict[str, Any]:
    """The settings of a ``policy.toml`` file, not yet validated (see :func:`parse_settings`).

    Raises:
        PolicyError: the file is missing, unreadable, not UTF-8 or not valid TOML.
    """
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise PolicyError(f"{path}: policy file not found") from None
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read policy: {exc.strerror}") from None
    return parse_settings(raw, str(path))


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
    for name, field in fields.items():
        if field.default is attrs.NOTHING and name not in data:
            raise PolicyError(f"{source}: {prefix}{name}: required setting missing")
    values: dict[str, Any] = {}
    for name, value in data.items():
        key = f"{prefix}{name}"
        values[name] = _convert(fields[name].type, value, key=key, source=source)
    try:
        return cls(**values)
    except ValueError as exc:
        # The validators of policy classes start their message with the field's name.
        raise PolicyError(f"{source}: {prefix}{exc}") from None


_EXPECTED = {int: "an integer", str: "a string", dt.date: "a date YYYY-MM-DD"}


def _fits(option: Any, value: Any) -> bool:
    """Whether ``value`` is meant as the union member ``option`` (chosen by Python type)."""
    if option is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if option is str:
        return isinstance(value, str)
    return False


def _convert(field_type: Any, value: Any, *, key: str, source: str) -> Any:
    if attrs.has(field_type):
        return _structure(field_type, value, prefix=f"{key}.", source=source)
    origin = typing.get_origin(field_type)
    if origin is types.UnionType or origin is typing.Union:
        options = typing.get_args(field_type)
        for option in options:
            if _fits(option, value):
                return _convert(option, value, key=key, source=source)
        expected = " or ".join(_EXPECTED.get(option, str(option)) for option in options)
        raise PolicyError(f"{source}: {key}: expected {expected}, got {_describe(value)}")
    if origin is tuple:
        item_type = typing.get_args(field_type)[0]
        if isinstance(value, str | bytes) or not isinstance(value, Sequence):
            raise PolicyError(
                f"{source}: {key}: expected an array of tables ([[{key}]]), got {_describe(value)}"
            )
        return tuple(
            _convert(item_type, item, key=f"{key}[{index}]", source=source)
            for index, item in enumerate(value, 1)
        )
    if origin is Mapping or origin is dict:
        value_type = typing.get_args(field_type)[1]
        if not isinstance(value, Mapping):
            raise PolicyError(f"{source}: {key}: expected a table, got {_describe(value)}")
        return {
            str(name): _convert(value_type, item, key=f"{key}.{name}", source=source)
            for name, item in value.items()
        }
    if field_type is str:
        if not isinstance(value, str):
            raise PolicyError(f"{source}: {key}: expected a string, got {_describe(value)}")
        return value
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


def _is_int_setting(dotted: str) -> bool:
    """Whether ``dotted`` (``retention.jcc_dormant_months``) names an integer setting."""
    cls: Any = Policy
    *tables, leaf = dotted.split(".")
    for table in tables:
        field = attrs.fields_dict(cls).get(table) if attrs.has(cls) else None
        if field is None or field.type is None or not attrs.has(field.type):
            return False
        cls = field.type
    field = attrs.fields_dict(cls).get(leaf) if attrs.has(cls) else None
    return field is not None and field.type is int


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
