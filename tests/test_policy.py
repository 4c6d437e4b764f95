"""Tests for :mod:`jcp_controls.policy`.

Spec: catalogue.rst "Policy settings (defaults; ``policy.toml`` overrides)". A dotted name is a
TOML table and key; top-level settings come before any table. Every setting is validated on
load: an unknown key, a wrong type or a nonsensical value (negative days) is an error naming
the key.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jcp_controls.errors import JcpControlsError, PolicyError
from jcp_controls.models import Grade, Region
from jcp_controls.policy import Policy, setting_range

# The 19 settings of the catalogue.rst table, with their documented defaults.
SPEC_DEFAULTS: dict[str, Any] = {
    "warn_days": 30,
    "lookback_months": 12,
    "learning.validity_months": 12,  # "at least once a year" (IT §4 note, SEC §41)
    "access.review_interval_months": 3,  # "regularly" (SEC §44, SEC Annex 1)
    "access.role_change_review_days": 30,  # IT §11
    "access.absence_threshold_days": 90,  # "more than 90 days" (IT §11)
    "access.absence_grace_days": 5,
    "access.leaver_grace_days": 0,
    "access.delegate_min_grade": "eo",  # "at least EO" (IT §3)
    "timeliness.immediately_working_days": 1,  # IT §24, SEC §30
    "timeliness.escalation_working_days": 1,  # SEC §36
    "checks.regularly_months": 3,  # Annex 1 "Regularly"
    "checks.as_required_working_days": 10,  # Annex 1 "As required"
    "checks.flexi_period": "month",  # "at end of each accounting period"
    "retention.jcc_dormant_months": 24,  # SEC §36
    "jcc.tactical_end_on": "2017-07-31",  # "until July 2017" (SEC §33)
    "calendar.default_region": "england",
    "bcs.validation_lag_days": 30,
    "bcs.sample_plan": None,  # ISO 2859-1 general inspection level II: checked separately
    "evidence.max_age_days": 7,  # a week-old extract warns (issue 10, item 6)
    "evidence.max_age_error_days": 30,  # a month-old extract is an error
}

INT_SETTINGS = [key for key, value in SPEC_DEFAULTS.items() if isinstance(value, int)]


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _nest(dotted: str, value: Any) -> dict[str, Any]:
    """``{"a": {"b": value}}`` for ``"a.b"``."""
    head, _, tail = dotted.partition(".")
    return {head: _nest(tail, value) if tail else value}


def _get(policy: Policy, dotted: str) -> Any:
    value: Any = policy
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


def _names(key: str) -> str:
    """A regex matching ``key`` as a whole dotted name (not part of a longer one)."""
    return rf"(^|[^\w.]){re.escape(key)}([^\w.]|$)"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# Defaults
# --------------------------------------------------------------------------------------------


def test_to_dict_has_exactly_the_spec_settings() -> None:
    assert set(_flatten(Policy().to_dict())) == set(SPEC_DEFAULTS)


@pytest.mark.parametrize(
    ("key", "expected"),
    [(k, v) for k, v in SPEC_DEFAULTS.items() if v is not None],
    ids=[k for k, v in SPEC_DEFAULTS.items() if v is not None],
)
def test_default_value_matches_spec_table(key: str, expected: Any) -> None:
    assert _flatten(Policy().to_dict())[key] == expected


def test_default_sample_plan_is_iso_2859_1_general_level_ii() -> None:
    plan = Policy().to_dict()["bcs"]["sample_plan"]
    assert "2859-1" in plan
    assert "ii" in plan.lower().replace("iso", "")


def test_typed_defaults() -> None:
    policy = Policy()
    assert policy.access.delegate_min_grade is Grade.EO
    assert policy.calendar.default_region is Region.ENGLAND
    assert policy.jcc.tactical_end_on == dt.date(2017, 7, 31)
    assert policy.retention.jcc_dormant_months == 24
    assert policy.warn_days == 30


def test_empty_mapping_and_empty_file_give_defaults(tmp_path: Path) -> None:
    assert Policy.from_mapping({}) == Policy()
    assert Policy.load(_write(tmp_path, "")) == Policy()
    assert Policy.load(_write(tmp_path, "# only a comment\n[access]\n")) == Policy()


def test_to_dict_is_json_ready() -> None:
    data = Policy().to_dict()
    assert json.loads(json.dumps(data)) == data


# --------------------------------------------------------------------------------------------
# Loading policy.toml
# --------------------------------------------------------------------------------------------


def test_table_override_spec_example(tmp_path: Path) -> None:
    # catalogue.rst: `retention.jcc_dormant_months = 14` is `[retention]` then the key.
    policy = Policy.load(_write(tmp_path, "[retention]\njcc_dormant_months = 14\n"))
    assert policy.retention.jcc_dormant_months == 14
    # Everything else keeps its default.
    assert policy.to_dict() | {"retention": {"jcc_dormant_months": 24}} == Policy().to_dict()


def test_load_accepts_str_path(tmp_path: Path) -> None:
    path = _write(tmp_path, "warn_days = 7\n")
    assert Policy.load(str(path)).warn_days == 7


def test_top_level_keys_then_tables(tmp_path: Path) -> None:
    text = """\
warn_days = 14
lookback_months = 24

[learning]
validity_months = 6

[access]
review_interval_months = 1
role_change_review_days = 10
absence_threshold_days = 60
absence_grace_days = 0
leaver_grace_days = 2
delegate_min_grade = "heo"

[timeliness]
immediately_working_days = 2
escalation_working_days = 3

[checks]
regularly_months = 2
as_required_working_days = 5
flexi_period = "quarter"

[retention]
jcc_dormant_months = 14

[jcc]
tactical_end_on = 2018-03-31

[calendar]
default_region = "scotland"

[bcs]
validation_lag_days = 45
"""
    policy = Policy.load(_write(tmp_path, text))
    assert policy.warn_days == 14
    assert policy.lookback_months == 24
    assert policy.learning.validity_months == 6
    assert policy.access.review_interval_months == 1
    assert policy.access.role_change_review_days == 10
    assert policy.access.absence_threshold_days == 60
    assert policy.access.absence_grace_days == 0
    assert policy.access.leaver_grace_days == 2
    assert policy.access.delegate_min_grade is Grade.HEO
    assert policy.timeliness.immediately_working_days == 2
    assert policy.timeliness.escalation_working_days == 3
    assert policy.checks.regularly_months == 2
    assert policy.checks.as_required_working_days == 5
    assert policy.checks.flexi_period == "quarter"
    assert policy.retention.jcc_dormant_months == 14
    assert policy.jcc.tactical_end_on == dt.date(2018, 3, 31)
    assert policy.calendar.default_region is Region.SCOTLAND
    assert policy.bcs.validation_lag_days == 45


def test_dotted_keys_in_toml_are_tables(tmp_path: Path) -> None:
    policy = Policy.load(_write(tmp_path, "access.leaver_grace_days = 3\n"))
    assert policy.access.leaver_grace_days == 3


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("tactical_end_on = 2018-03-31", id="toml-date"),
        pytest.param('tactical_end_on = "2018-03-31"', id="iso-string"),
    ],
)
def test_date_setting(tmp_path: Path, line: str) -> None:
    policy = Policy.load(_write(tmp_path, f"[jcc]\n{line}\n"))
    assert policy.jcc.tactical_end_on == dt.date(2018, 3, 31)
    assert policy.to_dict()["jcc"]["tactical_end_on"] == "2018-03-31"


@pytest.mark.parametrize(
    "line",
    [
        pytest.param('tactical_end_on = "July 2017"', id="prose"),
        pytest.param('tactical_end_on = "2017-02-30"', id="impossible-date"),
        pytest.param("tactical_end_on = 20170731", id="integer"),
        pytest.param("tactical_end_on = 2017-07-31T00:00:00", id="datetime"),
        pytest.param("tactical_end_on = 12:00:00", id="time"),
    ],
)
def test_bad_date_setting_names_key(tmp_path: Path, line: str) -> None:
    with pytest.raises(PolicyError, match=r"jcc\.tactical_end_on"):
        Policy.load(_write(tmp_path, f"[jcc]\n{line}\n"))


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("access.delegate_min_grade", "aa", Grade.AA),
        ("access.delegate_min_grade", "scs", Grade.SCS),
        ("calendar.default_region", "wales", Region.WALES),
        ("calendar.default_region", "northern_ireland", Region.NORTHERN_IRELAND),
        ("checks.flexi_period", "quarter", "quarter"),
    ],
)
def test_valid_enum_values(key: str, value: str, expected: Any) -> None:
    assert _get(Policy.from_mapping(_nest(key, value)), key) == expected


# --------------------------------------------------------------------------------------------
# Validation errors name the key (and the file)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param("warning_days = 10\n", "warning_days", id="top-level"),
        pytest.param("[access]\nreview_months = 2\n", "access.review_months", id="in-table"),
        pytest.param("[audit]\nenabled = true\n", "audit", id="unknown-table"),
        pytest.param("[retention]\njcc_dormant_month = 14\n", "retention.jcc_dormant_month",
                     id="typo-in-table"),
        pytest.param("jcc_dormant_months = 14\n", "jcc_dormant_months", id="key-in-wrong-table"),
    ],
)  # fmt: skip
def test_unknown_key_is_an_error_naming_the_dotted_key(
    tmp_path: Path, text: str, key: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(PolicyError) as caught:
        Policy.load(path)
    message = str(caught.value)
    assert key in message
    assert "policy.toml" in message


@pytest.mark.parametrize("key", INT_SETTINGS)
@pytest.mark.parametrize(
    "value",
    [
        pytest.param("30", id="string"),
        pytest.param(True, id="bool"),
        pytest.param(3.0, id="float-whole"),
        pytest.param(2.5, id="float"),
        pytest.param(None, id="none"),
        pytest.param([1], id="list"),
    ],
)
def test_wrong_type_for_int_setting_names_key(key: str, value: Any) -> None:
    with pytest.raises(PolicyError, match=_names(key)):
        Policy.from_mapping(_nest(key, value))


@pytest.mark.parametrize("key", INT_SETTINGS)
def test_negative_days_rejected_naming_key(key: str) -> None:
    with pytest.raises(PolicyError, match=_names(key)):
        Policy.from_mapping(_nest(key, -1))


@pytest.mark.parametrize("key", INT_SETTINGS)
def test_zero_is_allowed(key: str) -> None:
    assert _get(Policy.from_mapping(_nest(key, 0)), key) == 0


# The documented ranges: days up to 3660, months up to 120, working days up to 260.
RANGES = {
    key: (120 if key.endswith("months") else 260 if "working_days" in key else 3660)
    for key in INT_SETTINGS
}


@pytest.mark.parametrize("key", INT_SETTINGS)
def test_each_numeric_setting_has_its_documented_range(key: str) -> None:
    assert setting_range(key) == (
        0,
        RANGES[key],
        "months" if RANGES[key] == 120 else "working days" if RANGES[key] == 260 else "days",
    )
    assert _get(Policy.from_mapping(_nest(key, RANGES[key])), key) == RANGES[key]


@pytest.mark.parametrize("key", INT_SETTINGS)
@pytest.mark.parametrize("excess", [1, 1_000_000, 9223372036854775807])
def test_value_above_the_range_is_an_error_naming_file_and_key(
    tmp_path: Path, key: str, excess: int
) -> None:
    value = min(RANGES[key] + excess, 9223372036854775807)
    *tables, leaf = key.split(".")
    text = (f"[{tables[0]}]\n" if tables else "") + f"{leaf} = {value}\n"
    path = _write(tmp_path, text)
    with pytest.raises(PolicyError, match=_names(key)) as caught:
        Policy.load(path)
    assert str(path) in str(caught.value)
    assert f"at most {RANGES[key]}" in str(caught.value)


def test_setting_range_is_none_for_what_is_not_a_number() -> None:
    assert setting_range("jcc.tactical_end_on") is None
    assert setting_range("access") is None
    assert setting_range("nope.warn_days") is None


def test_wrong_type_in_file_names_file_and_key(tmp_path: Path) -> None:
    path = _write(tmp_path, '[access]\nabsence_threshold_days = "ninety"\n')
    with pytest.raises(PolicyError) as caught:
        Policy.load(path)
    assert "access.absence_threshold_days" in str(caught.value)
    assert str(path) in str(caught.value)


def test_negative_in_file_names_key(tmp_path: Path) -> None:
    path = _write(tmp_path, "warn_days = -5\n")
    with pytest.raises(PolicyError, match="warn_days"):
        Policy.load(path)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        pytest.param("access.delegate_min_grade", "xx", id="grade-unknown"),
        pytest.param("access.delegate_min_grade", "EO ", id="grade-padded"),
        pytest.param("access.delegate_min_grade", 3, id="grade-int"),
        pytest.param("calendar.default_region", "uk", id="region-unknown"),
        pytest.param("calendar.default_region", "ENG", id="region-subdivision-code"),
        pytest.param("calendar.default_region", True, id="region-bool"),
        pytest.param("checks.flexi_period", "week", id="flexi-week"),
        pytest.param("bcs.sample_plan", "random", id="sample-plan"),
    ],
)
def test_bad_enum_value_names_key(key: str, value: Any) -> None:
    with pytest.raises(PolicyError, match=key.replace(".", r"\.")):
        Policy.from_mapping(_nest(key, value))


def test_bad_enum_in_file(tmp_path: Path) -> None:
    path = _write(tmp_path, '[access]\ndelegate_min_grade = "xx"\n')
    with pytest.raises(PolicyError, match=r"access\.delegate_min_grade"):
        Policy.load(path)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        pytest.param({"access": 3}, "access", id="scalar-for-table"),
        pytest.param({"access": "eo"}, "access", id="string-for-table"),
        pytest.param({"warn_days": {"days": 3}}, "warn_days", id="table-for-scalar"),
    ],
)
def test_shape_mismatch_names_key(data: dict[str, Any], key: str) -> None:
    with pytest.raises(PolicyError, match=key):
        Policy.from_mapping(data)


def test_top_level_must_be_a_table() -> None:
    with pytest.raises(PolicyError, match="expected a table"):
        Policy.from_mapping([("warn_days", 3)])  # type: ignore[arg-type]


def test_table_where_setting_expected_in_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "[warn_days]\nvalue = 3\n")
    with pytest.raises(PolicyError, match="warn_days"):
        Policy.load(path)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("warn_days = \n", id="missing-value"),
        pytest.param("[access\nleaver_grace_days = 1\n", id="unclosed-table"),
        pytest.param("warn_days = 1\nwarn_days = 2\n", id="duplicate-key"),
        pytest.param("delegate_min_grade = eo\n", id="unquoted-string"),
    ],
)
def test_invalid_toml_names_the_file(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(PolicyError) as caught:
        Policy.load(path)
    assert str(path) in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "policy.toml"
    with pytest.raises(PolicyError) as caught:
        Policy.load(path)
    assert str(path) in str(caught.value)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=re.escape(str(tmp_path))):
        Policy.load(tmp_path)


def test_policy_error_is_a_library_error() -> None:
    # The CLI turns every JcpControlsError into one line on stderr (house style "Errors").
    assert issubclass(PolicyError, JcpControlsError)


def test_policy_is_immutable() -> None:
    policy = Policy()
    with pytest.raises(AttributeError):
        policy.warn_days = 5  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Round trip: to_dict() <-> from_mapping() (and through a TOML file)
# --------------------------------------------------------------------------------------------


def _ints(key: str) -> st.SearchStrategy[int]:
    """Valid values of a numeric setting: its whole documented range."""
    found = setting_range(key)
    assert found is not None, key
    return st.integers(min_value=found[0], max_value=found[1])


_SETTING_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "warn_days": _ints("warn_days"),
    "lookback_months": _ints("lookback_months"),
    "learning.validity_months": _ints("learning.validity_months"),
    "access.review_interval_months": _ints("access.review_interval_months"),
    "access.role_change_review_days": _ints("access.role_change_review_days"),
    "access.absence_threshold_days": _ints("access.absence_threshold_days"),
    "access.absence_grace_days": _ints("access.absence_grace_days"),
    "access.leaver_grace_days": _ints("access.leaver_grace_days"),
    "access.delegate_min_grade": st.sampled_from([g.value for g in Grade]),
    "timeliness.immediately_working_days": _ints("timeliness.immediately_working_days"),
    "timeliness.escalation_working_days": _ints("timeliness.escalation_working_days"),
    "checks.regularly_months": _ints("checks.regularly_months"),
    "checks.as_required_working_days": _ints("checks.as_required_working_days"),
    "checks.flexi_period": st.sampled_from(["month", "quarter"]),
    "retention.jcc_dormant_months": _ints("retention.jcc_dormant_months"),
    "jcc.tactical_end_on": st.dates(min_value=dt.date(1990, 1, 1)),
    "calendar.default_region": st.sampled_from([r.value for r in Region]),
    "bcs.validation_lag_days": _ints("bcs.validation_lag_days"),
    "bcs.sample_plan": st.just(Policy().bcs.sample_plan),
}


@st.composite
def overrides(draw: st.DrawFn) -> dict[str, Any]:
    """A random subset of the settings, with valid random values (dotted key -> value)."""
    keys = draw(st.lists(st.sampled_from(sorted(_SETTING_VALUES)), unique=True))
    return {key: draw(_SETTING_VALUES[key]) for key in keys}


def _nested(flat: dict[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for dotted, value in flat.items():
        *tables, leaf = dotted.split(".")
        target = nested
        for table in tables:
            target = target.setdefault(table, {})
        target[leaf] = value
    return nested


def _toml_value(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


def _to_toml(flat: dict[str, Any]) -> str:
    top = [f"{k} = {_toml_value(v)}" for k, v in flat.items() if "." not in k]
    lines = [*top]
    for table, keys in _nested({k: v for k, v in flat.items() if "." in k}).items():
        lines.append(f"\n[{table}]")
        lines.extend(f"{k} = {_toml_value(v)}" for k, v in keys.items())
    return "\n".join(lines) + "\n"


def _expected_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@settings(max_examples=60, deadline=None)
@given(flat=overrides())
def test_overrides_round_trip_through_to_dict(flat: dict[str, Any]) -> None:
    policy = Policy.from_mapping(_nested(flat))
    data = policy.to_dict()
    # JSON-ready, and feeding it back gives an equal policy.
    assert json.loads(json.dumps(data)) == data
    assert Policy.from_mapping(data) == policy
    # Every override shows up in the effective settings; everything else is the default.
    effective = _flatten(data)
    defaults = _flatten(Policy().to_dict())
    for key in SPEC_DEFAULTS:
        expected = _expected_json(flat[key]) if key in flat else defaults[key]
        assert effective[key] == expected


@settings(max_examples=30, deadline=None)
@given(flat=overrides())
def test_policy_toml_equals_mapping(flat: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), _to_toml(flat))
        assert Policy.load(path) == Policy.from_mapping(_nested(flat))
