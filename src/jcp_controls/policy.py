"""Policy settings: every value the guidance leaves open, with its documented default.

A :class:`Policy` is immutable. :meth:`Policy.load` reads a ``policy.toml``;
:meth:`Policy.from_mapping` validates any mapping through the package's one cattrs converter
(:mod:`jcp_controls.converters`): an unknown key, a wrong type or a number outside the
setting's range (:func:`setting_range`) is a :class:`~jcp_controls.errors.PolicyError`
naming the file and the dotted key. :meth:`Policy.to_dict` gives the effective settings
echoed in every report.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import tomllib
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
)
from cattrs.gen import make_dict_structure_fn, override

from jcp_controls.converters import converter
from jcp_controls.errors import PolicyError
from jcp_controls.models import Grade, Region
from jcp_controls.retention import RetentionRule

__all__ = [
    "AccessPolicy",
    "BcsPolicy",
    "CalendarPolicy",
    "ChecksPolicy",
    "EvidencePolicy",
    "JccPolicy",
    "LearningPolicy",
    "Policy",
    "RetentionPolicy",
    "TimelinessPolicy",
    "parse_settings",
    "read_settings",
    "setting_range",
]

#: The ranges of numeric settings, by unit: a value outside is a policy error (it would
#: make a deadline absurd or its computation unbounded).
MAX_DAYS = 3660
MAX_MONTHS = 120
MAX_WORKING_DAYS = 260


def _bounded(default: int, unit: str, most: int) -> Any:
    return attrs.field(
        default=default,
        validator=[attrs.validators.ge(0), attrs.validators.le(most)],
        metadata={"range": (0, most), "unit": unit},
    )


def _days(default: int) -> Any:
    return _bounded(default, "days", MAX_DAYS)


def _months(default: int) -> Any:
    return _bounded(default, "months", MAX_MONTHS)


def _working_days(default: int) -> Any:
    return _bounded(default, "working days", MAX_WORKING_DAYS)


@attrs.frozen
class LearningPolicy:
    """``[learning]``: how long a completion stays valid (IT §4 note, SEC §41)."""

    validity_months: int = _months(12)


@attrs.frozen
class AccessPolicy:
    """``[access]``: LMS and JSA CC folder access (IT §3, §11; SEC §44)."""

    review_interval_months: int = _months(3)
    role_change_review_days: int = _days(30)
    absence_threshold_days: int = _days(90)
    absence_grace_days: int = _days(5)
    leaver_grace_days: int = _days(0)
    delegate_min_grade: Grade = Grade.EO


@attrs.frozen
class TimelinessPolicy:
    """``[timeliness]``: what "immediately" means in working days (IT §24, SEC §30, §36)."""

    immediately_working_days: int = _working_days(1)
    escalation_working_days: int = _working_days(1)


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

    regularly_months: int = _months(3)
    as_required_working_days: int = _working_days(10)
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

    jcc_dormant_months: int = _months(24)
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
class EvidencePolicy:
    """``[evidence]``: how old a source's extract may be (its ``manifest.toml`` or adapter).

    A control whose evidence was extracted more than ``max_age_days`` before ``as_of`` turns
    its ``pass`` results into ``warn``; past ``max_age_error_days`` every result is ``error``.
    A source that declares no extract date is never judged stale. The limits are
    independent: raising ``max_age_days`` above ``max_age_error_days`` leaves no warning
    stage (evidence past the error limit is an error whatever the other setting says).
    """

    max_age_days: int = _days(7)
    max_age_error_days: int = _days(30)


@attrs.frozen
class Policy:
    """The effective policy of one evaluation. Every field has the default of catalogue.rst."""

    warn_days: int = _days(30)
    lookback_months: int = _months(12)
    learning: LearningPolicy = LearningPolicy()
    access: AccessPolicy = AccessPolicy()
    timeliness: TimelinessPolicy = TimelinessPolicy()
    checks: ChecksPolicy = ChecksPolicy()
    retention: RetentionPolicy = RetentionPolicy()
    jcc: JccPolicy = JccPolicy()
    calendar: CalendarPolicy = CalendarPolicy()
    bcs: BcsPolicy = BcsPolicy()
    evidence: EvidencePolicy = EvidencePolicy()

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
        return _structure(data, source)

    def to_dict(self) -> dict[str, Any]:
        """The effective settings as JSON-ready nested dicts (dates as ISO strings).

        ``retention.rules`` and ``checks.types`` (lists of tables) are present only when the
        policy adds retention rules or check types.
        """
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


def setting_range(dotted: str) -> tuple[int, int, str] | None:
    """The range of a numeric setting (``access.leaver_grace_days``): least, most and unit
    (``days``, ``months``, ``working days``); None for a setting that is not a number."""
    cls: Any = Policy
    *tables, leaf = dotted.split(".")
    for table in tables:
        field = attrs.fields_dict(cls).get(table) if attrs.has(cls) else None
        if field is None or field.type is None or not attrs.has(field.type):
            return None
        cls = field.type
    field = attrs.fields_dict(cls).get(leaf) if attrs.has(cls) else None
    if field is None or "range" not in field.metadata:
        return None
    least, most = field.metadata["range"]
    return least, most, field.metadata["unit"]


# -- structuring through the converter -------------------------------------------------------
#
# Every policy class gets a cattrs-generated structure function (unknown keys forbidden) whose
# fields use the strict hooks below: TOML gives typed values, so a string is never an integer
# and 3.0 is not 3. A hook raises ``_Invalid`` with the message after ``key: ``; cattrs groups
# the errors with notes naming each attribute, and ``_message`` turns the first of them into
# the dotted key (``retention.rules[1].months``) and its message.


class _Invalid(ValueError):
    """A value is of the wrong type, shape or range; the text follows ``key: ``."""


class _At(ValueError):
    """An error inside an item of an array or table: ``part`` is ``[N]`` or ``.name``."""

    def __init__(self, part: str, error: BaseException) -> None:
        super().__init__(part)
        self.part = part
        self.error = error


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _describe(value: object) -> str:
    return f"{type(value).__name__} {value!r}"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_hook(least: int = 0, most: int | None = None, unit: str = "") -> Callable[..., int]:
    def structure(value: Any, _: Any) -> int:
        if not _is_int(value):
            raise _Invalid(f"expected an integer, got {_describe(value)}")
        if value < least:
            raise _Invalid(f"must not be negative, got {value}")
        if most is not None and value > most:
            raise _Invalid(f"must be at most {most} {unit} (range {least} to {most}), got {value}")
        return int(value)

    return structure


def _str_hook(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"expected a string, got {_describe(value)}")
    return value


def _date_hook(value: Any, _: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _Invalid(f"expected a date YYYY-MM-DD, got {_describe(value)}")


def _choice_hook(choices: Sequence[str], make: Callable[[str], Any]) -> Callable[..., Any]:
    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, str) or value not in choices:
            raise _Invalid(f"expected one of {', '.join(choices)}, got {_describe(value)}")
        return make(value)

    return structure


_EXPECTED = {int: "an integer", str: "a string", dt.date: "a date YYYY-MM-DD"}


def _union_hook(
    options: tuple[Any, ...], field: attrs.Attribute[Any] | None
) -> Callable[..., Any]:
    def structure(value: Any, _: Any) -> Any:
        for option in options:
            if (option is int and _is_int(value)) or (option is str and isinstance(value, str)):
                return _hook_for(option, field)(value, option)
        expected = " or ".join(_EXPECTED.get(option, str(option)) for option in options)
        raise _Invalid(f"expected {expected}, got {_describe(value)}")

    return structure


def _array_hook(item_type: Any) -> Callable[..., tuple[Any, ...]]:
    item_hook = _hook_for(item_type)

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if isinstance(value, str | bytes) or not isinstance(value, Sequence):
            raise _Invalid(f"expected an array of tables, got {_describe(value)}")
        items = []
        for index, item in enumerate(value, 1):
            try:
                items.append(item_hook(item, item_type))
            except (_Invalid, _At, ClassValidationError) as error:
                raise _At(f"[{index}]", error) from None
        return tuple(items)

    return structure


def _table_hook(value_type: Any) -> Callable[..., dict[str, Any]]:
    value_hook = _hook_for(value_type)

    def structure(value: Any, _: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise _Invalid(f"expected a table, got {_describe(value)}")
        table = {}
        for name, item in value.items():
            try:
                table[str(name)] = value_hook(item, value_type)
            except (_Invalid, _At, ClassValidationError) as error:
                raise _At(f".{name}", error) from None
        return table

    return structure


def _hook_for(field_type: Any, field: attrs.Attribute[Any] | None = None) -> Callable[..., Any]:
    """The strict structure hook of one field type."""
    if attrs.has(field_type):
        return converter.get_structure_hook(field_type)
    origin = typing.get_origin(field_type)
    if origin is types.UnionType or origin is typing.Union:
        return _union_hook(typing.get_args(field_type), field)
    if origin is tuple:
        return _array_hook(typing.get_args(field_type)[0])
    if origin is Mapping or origin is dict:
        return _table_hook(typing.get_args(field_type)[1])
    if origin is Literal:
        literals: tuple[str, ...] = typing.get_args(field_type)
        return _choice_hook(literals, str)
    if isinstance(field_type, type) and issubclass(field_type, enum.Enum):
        return _choice_hook(tuple(member.value for member in field_type), field_type)
    if field_type is int:
        if field is not None and "range" in field.metadata:
            least, most = field.metadata["range"]
            return _int_hook(least, most, field.metadata["unit"])
        if field is not None and field.name == "months":  # a retention rule's own months
            return _int_hook(0, MAX_MONTHS, "months")
        return _int_hook()
    if field_type is str:
        return _str_hook
    if field_type is dt.date:
        return _date_hook
    raise TypeError(f"no policy structure hook for {field_type!r}")  # pragma: no cover


def _register(cls: type[Any]) -> None:
    """Register the strict, unknown-key-refusing structure function of a settings class."""
    overrides: dict[str, Any] = {
        field.name: override(struct_hook=_hook_for(field.type, field))
        for field in attrs.fields(cls)
    }
    generated = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True, **overrides)

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _Invalid(f"expected a table, got {_describe(value)}")
        return generated(value, cls)

    converter.register_structure_hook(cls, structure)


def _message(error: BaseException, key: str) -> str:
    """The message of the first error in ``error``, raised structuring the value at ``key``
    (``""`` for the whole policy)."""
    prefix = f"{key}." if key else ""
    if isinstance(error, _At):
        return _message(error.error, f"{key}{error.part}")
    if isinstance(error, ClassValidationError):
        inner = error.exceptions[0]
        note = next(
            (n for n in getattr(inner, "__notes__", ()) if isinstance(n, AttributeValidationNote)),
            None,
        )
        if isinstance(inner, ForbiddenExtraKeysError):
            known = ", ".join(f"{prefix}{field.name}" for field in attrs.fields(inner.cl))
            unknown = sorted(inner.extra_fields)[0]
            return f"unknown policy key {prefix}{unknown} (known: {known})"
        if note is None:  # a validator of the class: its message starts with the field name
            return f"{prefix}{inner}"
        if isinstance(inner, KeyError):
            return f"{prefix}{note.name}: required setting missing"
        return _message(inner, f"{prefix}{note.name}")
    return f"{key}: {error}" if key else str(error)


def _structure(data: Mapping[str, Any], source: str) -> Policy:
    try:
        return converter.structure(data, Policy)
    except (_Invalid, _At, ClassValidationError) as error:
        raise PolicyError(f"{source}: {_message(error, '')}") from None
    except ValueError as error:  # a class validator outside a group
        raise PolicyError(f"{source}: {error}") from None


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
    EvidencePolicy,
    Policy,
):
    attrs.resolve_types(_cls, globals(), locals())
attrs.resolve_types(RetentionRule)
for _settings in (
    RetentionRule,
    LearningPolicy,
    AccessPolicy,
    TimelinessPolicy,
    ChecksPolicy,
    RetentionPolicy,
    JccPolicy,
    CalendarPolicy,
    BcsPolicy,
    EvidencePolicy,
    Policy,
):
    _register(_settings)
