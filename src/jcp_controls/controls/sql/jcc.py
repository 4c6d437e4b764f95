"""JCC, set-based: JSA Claimant Commitments and their information assets (reference:
:mod:`jcp_controls.controls.jcc`, whose module docstring states the decisions both follow).

Shared fragments: the claimants and the office their result goes to (JCC-001/002), the
retention rule each CC falls under (JCC-004/005), the offices holding CCs or folder grants
and the months judged (JCC-006/007). Where the reference rule reads an office or a member of
staff by ID, the last record with that ID counts, as a mapping built from the records keeps
it; where it keeps records in order, ties keep the evidence order (``rowid``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import attrs

from jcp_controls import calendar
from jcp_controls.controls.sql.context import SqlContext
from jcp_controls.models import CcChannel, CcStatus, OfficeReviewKind, RecordKind
from jcp_controls.retention import rules_for

__all__ = [
    "cc_version_control",
    "dormant_cc_retention",
    "folder_access_reviewed_monthly",
    "iam_and_inventory",
    "information_assets_reviewed_monthly",
    "no_premature_destruction",
    "no_tactical_solution",
    "one_electronic_cc",
]

_CCS = RecordKind.CLAIMANT_COMMITMENTS.value
_ACTIVE = SqlContext.text(CcStatus.ACTIVE.value)
_ELECTRONIC = SqlContext.texts([CcChannel.SCS.value, CcChannel.TACTICAL.value])
_TACTICAL = SqlContext.text(CcChannel.TACTICAL.value)
#: How many missing versions JCC-002 lists one by one (as the reference rule).
_MISSING_LISTED = 20


# -- text and JSON helpers -------------------------------------------------------------------


class _E(str):
    """A SQL expression among the literal pieces of :func:`_cat`."""


def _cat(*parts: str) -> str:
    """The text of ``parts`` run together: plain strings are literal text, :class:`_E` parts
    SQL expressions (cast to text, as ``str()`` prints dates and whole numbers)."""
    items = [
        f"CAST(({part}) AS VARCHAR)" if isinstance(part, _E) else SqlContext.text(part)
        for part in parts
        if isinstance(part, _E) or part
    ]
    if not items:
        return "''"
    return f"concat({', '.join(items)})"


def _json(pairs: Iterable[tuple[str, str]]) -> str:
    """``json_object`` of ``(key, SQL expression)`` pairs; a repeated key keeps its first
    place and takes the later value, as merging dictionaries does."""
    merged: dict[str, str] = {}
    for key, expr in pairs:
        merged[key] = expr
    return (
        "json_object(" + ", ".join(f"{SqlContext.text(k)}, {v}" for k, v in merged.items()) + ")"
    )


def _texts_list(values: Iterable[str]) -> str:
    """A SQL list of text literals (typed, so an empty one is ``[]`` in JSON)."""
    return "[" + ", ".join(SqlContext.text(value) for value in values) + "]::VARCHAR[]"


def _last(table: str, key: str) -> str:
    """One row of ``table`` per ``key``: the last in evidence order, the one a mapping built
    from the records keeps."""
    return (
        f"(SELECT * FROM {table} "
        f"QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY rowid DESC) = 1)"
    )


def _failed(exc: Exception) -> str:
    """The message of a rule that raised (as the runner words it)."""
    name, text = type(exc).__name__, str(exc)
    return f"control failed: {name}: {text}" if text else f"control failed: {name}"


# -- claimants (JCC-001/002) -----------------------------------------------------------------

#: Where a CC stands among its claimant's CCs: version, then ``created_on``, then ID, then
#: evidence order (a struct compares field by field).
_CC_KEY = "{'version': c.version, 'created_on': c.created_on, 'cc_id': c.cc_id, 'seq': c.seq}"

#: Every CC with ``seq``, its evidence order, and ``ccs``, how many CCs its claimant has: most
#: claimants have one, and their results need no aggregation (each query takes them apart).
_CLAIMANT_CCS = (
    f"SELECT c.*, c.rowid AS seq, count(*) OVER (PARTITION BY c.claimant_ref) AS ccs FROM {_CCS} c"
)


def _in_order(value: str, key: str, where: str | None = None) -> str:
    """The aggregate list of ``value`` ordered by ``key`` (NULL when no row): one sort of
    the group's list instead of an ordered aggregate."""
    rows = f"list({{'key': {key}, 'value': {value}}})"
    if where is not None:
        rows += f" FILTER (WHERE {where})"
    return f"list_transform(list_sort({rows}), lambda x: x.value)"


#: Per claimant (over ``c``, their CCs): the office of the latest CC, which CC that is, and
#: every office holding one of their CCs.
_CLAIMANT_COLUMNS = (
    f"arg_max(c.office_id, {_CC_KEY}) AS office_id, arg_max(c.cc_id, {_CC_KEY}) AS latest_id, "
    f"max(c.version) AS latest_version, list_sort(list_distinct(list(c.office_id))) AS offices"
)


def _claimant_json(pairs: list[tuple[str, str]]) -> str:
    """The claimant's evidence: ``pairs``, then (when their CCs span offices) every office
    and which one the result belongs to."""
    reported_at = _cat(
        _E("office_id"),
        ", the office of the latest CC (",
        _E("latest_id"),
        ", version ",
        _E("latest_version"),
        ")",
    )
    spanning = _json([*pairs, ("offices", "offices"), ("reported_at", reported_at)])
    return f"CASE WHEN len(offices) >= 2 THEN {spanning} ELSE {_json(pairs)} END"


#: The subject columns of a claimant's result.
_CLAIMANT_RESULT = (
    "office_id, 'claimant' AS subject_kind, claimant_ref AS subject_id, NULL AS staff_id"
)


def one_electronic_cc(ctx: SqlContext) -> str:
    """JCC-001: at most one active electronic (``scs`` or ``tactical``) CC per claimant."""
    electronic = f"c.status = {_ACTIVE} AND c.channel IN {_ELECTRONIC}"
    brief = (
        "{'cc_id': c.cc_id, 'version': c.version, 'created_on': c.created_on, "
        "'channel': c.channel, 'status': c.status}"
    )
    claimants = (
        "SELECT c.claimant_ref, c.office_id, c.cc_id AS latest_id, c.version AS latest_version, "
        f"[c.office_id] AS offices, CASE WHEN {electronic} THEN [{brief}] ELSE [] END AS active "
        "FROM c WHERE c.ccs = 1 UNION ALL "
        f"SELECT c.claimant_ref, {_CLAIMANT_COLUMNS}, "
        f"coalesce({_in_order(brief, _CC_KEY, electronic)}, []) AS active "
        "FROM c WHERE c.ccs > 1 GROUP BY c.claimant_ref"
    )
    ids = "list_transform(active, lambda x: x.cc_id)"
    message = (
        "CASE WHEN len(active) > 1 THEN "
        + _cat(
            _E("len(active)"),
            " active electronic Claimant Commitments (",
            _E(f"array_to_string({ids}, ', ')"),
            "); only one is allowed",
        )
        + " WHEN len(active) = 1 THEN "
        + _cat("one active electronic CC (", _E("active[1].cc_id"), ")")
        + " ELSE 'no active electronic CC' END"
    )
    return (
        f"SELECT {_CLAIMANT_RESULT}, "
        "CASE WHEN len(active) > 1 THEN 'fail' ELSE 'pass' END AS status, "
        f"NULL::DATE AS due_on, {message} AS message, "
        f"{_claimant_json([('active_electronic', 'to_json(active)')])} AS evidence "
        f"FROM (WITH c AS ({_CLAIMANT_CCS}) {claimants}) WHERE {ctx.in_offices('office_id')}"
    )


def cc_version_control(ctx: SqlContext) -> str:
    """JCC-002: versions exactly 1..n, ``created_on`` never decreasing as the version rises."""
    listed = _MISSING_LISTED
    within = "{'created_on': c.created_on, 'cc_id': c.cc_id, 'seq': c.seq}"
    # One row per claimant and version: how many CCs, their IDs, their earliest and latest
    # creation, the last of them; then the step from the version below (a gap as a range,
    # dates out of order).
    versions = (
        "SELECT c.claimant_ref, c.version, count(*) AS n, "
        f"{_in_order('c.cc_id', within)} AS ids, "
        "min(c.created_on) AS earliest, max(c.created_on) AS latest, "
        f"arg_max(c.office_id, {within}) AS last_office, arg_max(c.cc_id, {within}) AS last_id, "
        "list_distinct(list(c.office_id)) AS offices "
        "FROM c WHERE c.ccs > 1 GROUP BY c.claimant_ref, c.version"
    )
    steps = (
        "SELECT *, CASE WHEN version > previous + 1 THEN previous + 1 END AS gap_first, "
        "CASE WHEN version > previous + 1 THEN version - 1 END AS gap_last, "
        "lower IS NOT NULL AND earliest < lower_latest AS out_of_order FROM ("
        "SELECT *, greatest(coalesce(lag(version) OVER w, 0), 0) AS previous, "
        "lag(version) OVER w AS lower, lag(latest) OVER w AS lower_latest "
        f"FROM ({versions}) WINDOW w AS (PARTITION BY claimant_ref ORDER BY version))"
    )
    step = (
        "{'version': version, 'n': n, 'ids': ids, 'earliest': earliest, 'lower': lower, "
        "'lower_latest': lower_latest, 'gap_first': gap_first, 'gap_last': gap_last, "
        "'out_of_order': out_of_order}"
    )
    claimants = (
        "SELECT claimant_ref, arg_max(last_office, version) AS office_id, "
        "arg_max(last_id, version) AS latest_id, max(version) AS latest_version, "
        "list_sort(list_distinct(flatten(list(offices)))) AS offices, "
        "count(*) AS n_versions, "
        "CAST(coalesce(sum(gap_last - gap_first + 1), 0) AS HUGEINT) AS missing_count, "
        f"{_in_order(step, 'version')} AS steps "
        f"FROM ({steps}) GROUP BY claimant_ref"
    )
    # A claimant with one CC: one step, a gap below it from version 1 when it is above 1.
    gap = "c.version > 1"
    single = (
        "SELECT c.claimant_ref, c.office_id, c.cc_id AS latest_id, c.version AS latest_version, "
        "[c.office_id] AS offices, 1::BIGINT AS n_versions, "
        f"CAST(CASE WHEN {gap} THEN c.version - 1 ELSE 0 END AS HUGEINT) AS missing_count, "
        "[{'version': c.version, 'n': 1::BIGINT, 'ids': [c.cc_id], 'earliest': c.created_on, "
        "'lower': NULL::BIGINT, 'lower_latest': NULL::DATE, "
        f"'gap_first': CASE WHEN {gap} THEN 1::BIGINT END, "
        f"'gap_last': CASE WHEN {gap} THEN c.version - 1 END, 'out_of_order': FALSE}}] AS steps "
        "FROM c WHERE c.ccs = 1"
    )
    claimants = f"WITH c AS ({_CLAIMANT_CCS}) {single} UNION ALL {claimants}"

    def pick(where: str, value: str) -> str:
        return f"list_transform(list_filter(steps, lambda x: {where}), lambda x: {value})"

    gaps = "x.gap_first IS NOT NULL"
    pair = _cat(_E("x.gap_first"), ", ", _E("x.gap_last"))
    named = pick(
        gaps,
        "CASE WHEN x.gap_first = x.gap_last THEN CAST(x.gap_first AS VARCHAR) "
        f"WHEN x.gap_last = x.gap_first + 1 THEN {pair} "
        f"ELSE {_cat(_E('x.gap_first'), '..', _E('x.gap_last'))} END",
    )
    missing = (
        "list_slice(flatten("
        + pick(gaps, f"range(x.gap_first, least(x.gap_last, x.gap_first + {listed - 1}) + 1)")
        + f"), 1, {listed})"
    )
    duplicates = "x.n > 1"
    backwards = "x.out_of_order"
    problems = (
        "list_concat(CASE WHEN len(named) = 0 THEN []::VARCHAR[] ELSE ["
        + _cat(
            _E("CASE WHEN missing_count = 1 THEN 'version' ELSE 'versions' END"),
            " ",
            _E(f"array_to_string(list_slice(named, 1, {listed}), ', ')"),
            _E(f"CASE WHEN len(named) > {listed} THEN ', ...' ELSE '' END"),
            " missing",
        )
        + "] END, "
        + pick(
            duplicates,
            _cat(
                "version ",
                _E("x.version"),
                " recorded ",
                _E("x.n"),
                " times (",
                _E("array_to_string(x.ids, ', ')"),
                ")",
            ),
        )
        + ", "
        + pick(
            backwards,
            _cat(
                "version ",
                _E("x.version"),
                " created on ",
                _E("x.earliest"),
                ", before version ",
                _E("x.lower"),
                " (",
                _E("x.lower_latest"),
                ")",
            ),
        )
        + ")"
    )
    evidence = _claimant_json(
        [
            ("versions", "flatten(list_transform(steps, lambda x: repeat([x.version], x.n)))"),
            ("missing_versions", missing),
            ("missing_count", "missing_count"),
            ("missing_ranges", pick(gaps, "[x.gap_first, x.gap_last]")),
            (
                "duplicate_versions",
                "to_json(" + pick(duplicates, "{'version': x.version, 'cc_ids': x.ids}") + ")",
            ),
            (
                "created_out_of_order",
                "to_json("
                + pick(
                    backwards,
                    "{'version': x.version, 'created_on': x.earliest, "
                    "'previous_version': x.lower, 'previous_created_on': x.lower_latest}",
                )
                + ")",
            ),
        ]
    )
    passing = (
        "CASE WHEN n_versions = 1 THEN 'version 1 only' ELSE "
        + _cat("versions 1..", _E("n_versions"), " in date order")
        + " END"
    )
    return (
        f"SELECT {_CLAIMANT_RESULT}, "
        "CASE WHEN len(problems) > 0 THEN 'fail' ELSE 'pass' END AS status, "
        "NULL::DATE AS due_on, "
        "CASE WHEN len(problems) > 0 THEN "
        f"'version control broken: ' || array_to_string(problems, '; ') ELSE {passing} END "
        f"AS message, {evidence} AS evidence FROM ("
        f"SELECT *, {problems} AS problems FROM ("
        f"SELECT *, {named} AS named FROM ({claimants}) "
        f"WHERE {ctx.in_offices('office_id')}))"
    )


# -- JCC-003 ---------------------------------------------------------------------------------


#: The subject columns of a CC's result (over ``c``, the CC).
_CC_RESULT = "c.office_id, 'cc' AS subject_kind, c.cc_id AS subject_id, NULL AS staff_id"


def no_tactical_solution(ctx: SqlContext) -> str:
    """JCC-003: no tactical CC created on or after SCS go-live; none active after the
    tactical end date."""
    end = ctx.policy.jcc.tactical_end_on
    past_end = "TRUE" if ctx.as_of > end else "FALSE"
    warn = "TRUE" if ctx.as_of >= calendar.add_days(end, -ctx.policy.warn_days) else "FALSE"
    late = "(o.scs_live_on IS NOT NULL AND c.created_on >= o.scs_live_on)"
    active = f"(c.status = {_ACTIVE})"
    reasons = (
        "concat_ws('; ', CASE WHEN "
        + late
        + " THEN "
        + _cat(
            "created on the tactical solution on ",
            _E("c.created_on"),
            ", on or after the office went live with the Signature Capture Service (",
            _E("o.scs_live_on"),
            ")",
        )
        + f" END, CASE WHEN {active} AND {past_end} THEN "
        + ctx.text(f"still active on the tactical solution after {end}")
        + " END)"
    )
    tactical = [
        ("channel", "c.channel"),
        ("status", "c.status"),
        ("created_on", "c.created_on"),
        ("scs_live_on", "o.scs_live_on"),
        ("tactical_end_on", ctx.date(end)),
        ("work_programme", "c.work_programme"),
    ]
    rule = ("rule", ctx.text(f"an active tactical CC is replaced by jcc.tactical_end_on ({end})"))
    failing = f"({late} OR ({active} AND {past_end}))"
    return (
        f"SELECT {_CC_RESULT}, "
        f"CASE WHEN c.channel IS DISTINCT FROM {_TACTICAL} THEN 'pass' "
        f"WHEN {failing} THEN 'fail' WHEN {active} AND {warn} THEN 'warn' ELSE 'pass' END "
        "AS status, "
        f"CASE WHEN c.channel = {_TACTICAL} AND {active} THEN {ctx.date(end)} END AS due_on, "
        f"CASE WHEN c.channel IS DISTINCT FROM {_TACTICAL} THEN "
        + _cat("created on channel ", _E("c.channel"), ", not the tactical solution")
        + f" WHEN {failing} THEN {reasons} "
        f"WHEN {active} AND {warn} THEN "
        + ctx.text(f"active on the tactical solution; replace with an SCS CC by {end}")
        + f" WHEN {active} THEN "
        + ctx.text(f"tactical CC created before SCS go-live; may stay active until {end}")
        + " ELSE "
        + _cat("tactical CC created before SCS go-live, now ", _E("c.status"))
        + " END AS message, "
        f"CASE WHEN c.channel IS DISTINCT FROM {_TACTICAL} THEN "
        f"{_json([('channel', 'c.channel')])} "
        f"WHEN {active} THEN {_json([*tactical, rule])} ELSE {_json(tactical)} END AS evidence "
        f"FROM {_CCS} c LEFT JOIN {_last('offices', 'office_id')} o "
        f"ON o.office_id = c.office_id WHERE {ctx.in_offices('c.office_id')}"
    )


# -- JCC-004 / JCC-005 -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _RetentionFacts:
    """One retention rule as SQL: the field it runs from (and that column), the due date
    (an expression; column ``due`` in the judgment), its label and words, and its evidence
    pairs."""

    field: str
    start: str
    due: str
    label: str
    text: str
    evidence: list[tuple[str, str]]


#: A retention judgment: status, due date, message and evidence expressions.
_Judge = Callable[[SqlContext, _RetentionFacts], tuple[str, str, str, str]]


def _retention_branches(ctx: SqlContext, status: CcStatus, judge: _Judge) -> str:
    """The CCs of ``status`` judged by the first retention rule whose ``when`` matches them
    (the policy's rules, then the shipped one): one ``SELECT`` per rule, and one for the CCs
    no rule covers."""
    rules = rules_for(ctx.policy, RecordKind.CLAIMANT_COMMITMENTS)
    conditions = [
        " AND ".join(
            f"CAST(c.{name} AS VARCHAR) = {ctx.text(value)}" for name, value in rule.when.items()
        )
        or "TRUE"
        for _, rule in rules
    ]
    which = (
        "CASE "
        + " ".join(f"WHEN {cond} THEN {number}" for number, cond in enumerate(conditions, 1))
        + " ELSE 0 END"
        if rules
        else "0"
    )
    scope = (
        f"SELECT c.*, {which} AS rule_no FROM {_CCS} c "
        f"WHERE c.status = {ctx.text(status.value)} AND {ctx.in_offices('c.office_id')}"
    )
    parts = [
        f"SELECT {_CC_RESULT}, 'pass' AS status, NULL::DATE AS due_on, "
        "'no retention rule covers this CC' AS message, NULL AS evidence "
        "FROM scoped c WHERE c.rule_no = 0"
    ]
    for number, (label, rule) in enumerate(rules, 1):
        try:
            months = rule.months_under(ctx.policy)
            text = rule.describe(ctx.policy)
        except ValueError as exc:  # the reference rule raises, so every subject is an error
            parts.append(
                f"SELECT {_CC_RESULT}, 'error' AS status, NULL::DATE AS due_on, "
                f"{ctx.text(_failed(exc))} AS message, NULL AS evidence "
                f"FROM scoped c WHERE c.rule_no = {number}"
            )
            continue
        start = f"c.{rule.runs_from}"
        facts = _RetentionFacts(
            field=rule.runs_from,
            start=start,
            due=ctx.add_months(start, months),
            label=label,
            text=text,
            evidence=[
                (rule.runs_from, start),
                ("runs_from", start),
                ("rule", ctx.text(text)),
                ("retention_rule", ctx.text(label)),
                ("then", ctx.text(rule.then.value)),
                ("source", ctx.text(rule.source)),
            ],
        )
        status_, due_on, message, evidence = judge(ctx, facts)
        parts.append(
            f"SELECT {_CC_RESULT}, {status_} AS status, {due_on} AS due_on, "
            f"{message} AS message, {evidence} AS evidence "
            f"FROM (SELECT *, {facts.due} AS due FROM scoped c WHERE c.rule_no = {number}) c"
        )
    return f"WITH scoped AS ({scope}) " + " UNION ALL ".join(parts)


def _dormant_judgment(ctx: SqlContext, facts: _RetentionFacts) -> tuple[str, str, str, str]:
    """JCC-004 under one rule: due when the period ends; no date to run from fails."""
    start, field, text = facts.start, facts.field, facts.text
    since = (f"{field} ", _E(start), f", {text})")
    status = f"CASE WHEN {start} IS NULL THEN 'fail' ELSE {ctx.status_by_due('c.due')} END"
    message = (
        f"CASE WHEN {start} IS NULL THEN "
        + ctx.text(
            f"dormant, but no {field} recorded to run retention from (rule {facts.label}: {text})"
        )
        + f" WHEN {ctx.today} > c.due THEN "
        + _cat("not destroyed; retention ended on ", _E("c.due"), " (", *since)
        + f" WHEN {ctx.today} >= {ctx.add_days('c.due', -ctx.policy.warn_days)} THEN "
        + _cat("due to be destroyed on ", _E("c.due"), " (", *since)
        + " ELSE "
        + _cat("retained until ", _E("c.due"), " (", *since)
        + " END"
    )
    evidence = _json([*facts.evidence, ("status", "c.status")])
    return status, "c.due", message, evidence


def _destroyed_judgment(ctx: SqlContext, facts: _RetentionFacts) -> tuple[str, str, str, str]:
    """JCC-005 under one rule: destroyed before the period ends, or with no date to run it
    from (or none of destruction), fails."""
    start, field, text = facts.start, facts.field, facts.text
    if field == "dormant_since":
        never = (
            "destroyed on ",
            _E("c.destroyed_on"),
            " but never dormant (no date it became dormant)",
        )
    else:
        never = ("destroyed on ", _E("c.destroyed_on"), f" with no {field} to run retention from")
    status = (
        f"CASE WHEN c.destroyed_on IS NULL OR {start} IS NULL OR c.destroyed_on < c.due "
        "THEN 'fail' ELSE 'pass' END"
    )
    due_on = f"CASE WHEN c.destroyed_on IS NULL OR {start} IS NULL THEN NULL ELSE c.due END"
    message = (
        "CASE WHEN c.destroyed_on IS NULL THEN "
        "'destroyed, but the date of destruction is not recorded' "
        f"WHEN {start} IS NULL THEN "
        + _cat(*never, f" (rule {facts.label}: {text})")
        + " WHEN c.destroyed_on < c.due THEN "
        + _cat(
            "destroyed on ",
            _E("c.destroyed_on"),
            ", before its retention ended on ",
            _E("c.due"),
            f" ({field} ",
            _E(start),
            f", {text})",
        )
        + " ELSE "
        + _cat(
            "destroyed on ", _E("c.destroyed_on"), ", after its retention ended on ", _E("c.due")
        )
        + " END"
    )
    evidence = _json([*facts.evidence, ("destroyed_on", "c.destroyed_on")])
    return status, due_on, message, evidence


def dormant_cc_retention(ctx: SqlContext) -> str:
    """JCC-004: a dormant CC is due to be destroyed when its retention period ends."""
    return _retention_branches(ctx, CcStatus.DORMANT, _dormant_judgment)


def no_premature_destruction(ctx: SqlContext) -> str:
    """JCC-005: a destroyed CC was destroyed no earlier than the end of its retention period."""
    return _retention_branches(ctx, CcStatus.DESTROYED, _destroyed_judgment)


# -- offices (JCC-006/007/008) ---------------------------------------------------------------

_JCC_FOLDER = "jcc_folder"
_WORK_COACH_TEAM_LEADER = "work_coach_team_leader"


def _window_start(ctx: SqlContext) -> dt.date:
    return calendar.add_months(ctx.as_of, -ctx.policy.lookback_months)


def _folder_offices(ctx: SqlContext) -> str:
    """Offices of ``jcc_folder`` grants active on some day of the lookback window (the
    holder's office, else the grant's own)."""
    first = ctx.date(_window_start(ctx))
    return (
        "SELECT CASE WHEN s.staff_id IS NOT NULL THEN s.office_id ELSE g.office_id END "
        f"AS office_id FROM access_grants g LEFT JOIN {_last('staff', 'staff_id')} s "
        f"ON s.staff_id = g.staff_id WHERE g.system = {ctx.text(_JCC_FOLDER)} "
        f"AND g.granted_on <= {ctx.today} "
        f"AND (g.removed_on IS NULL OR g.removed_on > greatest({first}, g.granted_on))"
    )


def _offices(ctx: SqlContext, holding: str) -> str:
    """The offices evaluated (last record per ID) whose ID is in ``holding``."""
    return (
        f"SELECT * FROM {_last('offices', 'office_id')} "
        f"WHERE {ctx.in_offices('office_id')} AND office_id IN ({holding})"
    )


#: Why a review does not count for JCC-007 (NULL when it does), over ``r`` (the review and
#: ``iam``, its office's IAM).
_WHY_NOT_IAM = (
    "CASE WHEN r.iam IS NULL THEN 'the office has no IAM' "
    "WHEN NOT (coalesce(r.reviewer_id = r.iam, FALSE) "
    "OR coalesce(r.second_reviewer_id = r.iam, FALSE)) THEN "
    + _cat("not reviewed by the IAM (", _E("r.iam"), ")")
    + " END"
)

#: Why a review does not count for JCC-006, over ``r`` (with ``other``, the reviewer besides
#: the IAM) and ``p`` (that reviewer's staff record).
_WHY_NOT_IAM_AND_TEAM_LEADER = (
    f"CASE WHEN r.iam IS NULL OR NOT (coalesce(r.reviewer_id = r.iam, FALSE) "
    f"OR coalesce(r.second_reviewer_id = r.iam, FALSE)) THEN {_WHY_NOT_IAM} "
    "WHEN r.other IS NULL OR r.other = r.iam THEN 'no second reviewer besides the IAM' "
    "WHEN p.staff_id IS NULL OR p.job_role IS DISTINCT FROM "
    f"{SqlContext.text(_WORK_COACH_TEAM_LEADER)} THEN "
    + _cat("second reviewer ", _E("r.other"), " is not a Work Coach Team Leader")
    + " END"
)


@attrs.frozen
class _MonthlyReview:
    """JCC-006/007: a qualifying ``kind`` review in each complete calendar month overlapping
    the lookback window, one result per office holding CCs or folder grants.

    Attributes:
        kind: the review kind.
        team_leader: whether the second reviewer must be a Work Coach Team Leader (JCC-006).
        reads: kinds the query reads beyond the control's ``needs``: the scope maps folder
            grants to their holder's office through ``staff``, which the reference rule reads
            only when such a grant names a holder; the columnar engine runs the query only
            when these are supplied and accepted too, and the reference rule otherwise.
    """

    kind: OfficeReviewKind
    team_leader: bool
    reads: tuple[RecordKind, ...] = (RecordKind.STAFF,)

    def __call__(self, ctx: SqlContext) -> str:
        """The query for one evaluation."""
        kind, team_leader = self.kind, self.team_leader
        first_day = _window_start(ctx)
        months = [
            (first, last)
            for first, last in calendar.months_in(first_day, ctx.as_of)
            if last < ctx.as_of
        ]
        labels = [calendar.month_label(first) for first, _ in months]
        offices = _offices(ctx, f"SELECT office_id FROM {_CCS} UNION ALL {_folder_offices(ctx)}")
        if months:
            month_rows = ", ".join(
                f"({index}, {ctx.date(first)}, {ctx.date(last)}, {ctx.text(label)})"
                for index, ((first, last), label) in enumerate(zip(months, labels, strict=True))
            )
        else:  # no month: an empty table of the same shape
            month_rows = "(0, NULL::DATE, NULL::DATE, NULL::VARCHAR)"
        month_table = f"SELECT * FROM (VALUES {month_rows}) m(idx, first, last, label)"
        if not months:
            month_table += " WHERE FALSE"
        reviews = (
            "SELECT rv.office_id, rv.reviewed_on, rv.reviewer_id, rv.second_reviewer_id, "
            "rv.rowid AS seq, m.idx, o.iam_staff_id AS iam, "
            "CASE WHEN rv.reviewer_id = o.iam_staff_id THEN rv.second_reviewer_id "
            "ELSE rv.reviewer_id END AS other "
            "FROM reviews rv JOIN o ON o.office_id = rv.office_id "
            "JOIN m ON m.first = date_trunc('month', rv.reviewed_on) "
            f"WHERE rv.kind = {ctx.text(kind.value)} AND rv.reviewed_on <= {ctx.today}"
        )
        if team_leader:
            judged = (
                f"SELECT r.*, {_WHY_NOT_IAM_AND_TEAM_LEADER} AS why FROM r "
                f"LEFT JOIN {_last('staff', 'staff_id')} p ON p.staff_id = r.other"
            )
        else:
            judged = f"SELECT r.*, {_WHY_NOT_IAM} AS why FROM r"
        not_counted = _json(
            [
                ("reviewed_on", "reviewed_on"),
                ("reviewer_id", "reviewer_id"),
                ("second_reviewer_id", "second_reviewer_id"),
                ("why", "why"),
            ]
        )
        per_office = (
            "SELECT office_id, "
            f"list({not_counted} ORDER BY reviewed_on, seq) FILTER (WHERE why IS NOT NULL) "
            "AS not_counted FROM w GROUP BY office_id"
        )
        missing = (
            "SELECT o.office_id, list(m.label ORDER BY m.idx) AS labels, "
            "arg_min(m.last, m.idx) AS due FROM o CROSS JOIN m "
            "WHERE NOT EXISTS (SELECT 1 FROM ok "
            "WHERE ok.office_id = o.office_id AND ok.idx = m.idx) "
            "GROUP BY o.office_id"
        )
        rule = (
            "a qualifying review in each complete calendar month overlapping as_of - "
            f"lookback_months ({ctx.policy.lookback_months}) .. as_of; due by each month's end"
        )
        evidence = _json(
            [
                ("review_kind", ctx.text(kind.value)),
                (
                    "lookback_window",
                    _json([("from", ctx.date(first_day)), ("to", ctx.today)]),
                ),
                ("rule", ctx.text(rule)),
                ("months_judged", _texts_list(labels)),
                ("missing_months", "coalesce(x.labels, []::VARCHAR[])"),
                ("iam_staff_id", "o.iam_staff_id"),
                ("reviews_not_counted", "coalesce(n.not_counted, []::JSON[])"),
            ]
        )
        if not months:
            status, due_on = "'pass'", "NULL::DATE"
            message = ctx.text("no complete calendar month in the lookback window")
        else:
            status = "CASE WHEN x.labels IS NULL THEN 'pass' ELSE 'fail' END"
            due_on = "x.due"
            span = f"{labels[0]} to {labels[-1]}"
            message = (
                "CASE WHEN x.labels IS NULL THEN "
                + ctx.text(
                    f"a qualifying {kind} review in each of {len(months)} complete months ({span})"
                )
                + " ELSE "
                + _cat(
                    f"no qualifying {kind} review in ",
                    _E("len(x.labels)"),
                    _E("CASE WHEN len(x.labels) = 1 THEN ' month: ' ELSE ' months: ' END"),
                    _E("array_to_string(x.labels, ', ')"),
                )
                + " END"
            )
        return (
            f"WITH o AS ({offices}), m AS ({month_table}), r AS ({reviews}), w AS ({judged}), "
            "ok AS (SELECT DISTINCT office_id, idx FROM w WHERE why IS NULL) "
            "SELECT o.office_id, 'office' AS subject_kind, o.office_id AS subject_id, "
            f"NULL AS staff_id, {status} AS status, {due_on} AS due_on, {message} AS message, "
            f"{evidence} AS evidence FROM o LEFT JOIN ({missing}) x USING (office_id) "
            f"LEFT JOIN ({per_office}) n USING (office_id)"
        )


#: JCC-006: a ``jcc_folder_access`` review by the IAM and a Work Coach Team Leader each month.
folder_access_reviewed_monthly = _MonthlyReview(OfficeReviewKind.JCC_FOLDER_ACCESS, True)

#: JCC-007: a ``jcc_information_assets`` review by the IAM each month.
information_assets_reviewed_monthly = _MonthlyReview(
    OfficeReviewKind.JCC_INFORMATION_ASSETS, False
)


def iam_and_inventory(ctx: SqlContext) -> str:
    """JCC-008: an IAM in post on ``as_of`` and an Information Asset Inventory submitted."""
    current = (
        f"(p.started_on IS NULL OR p.started_on <= {ctx.today}) "
        f"AND (p.left_on IS NULL OR p.left_on >= {ctx.today})"
    )
    reasons = (
        "concat_ws('; ', "
        "CASE WHEN o.iam_staff_id IS NULL THEN 'no Information Asset Manager recorded' "
        "WHEN p.staff_id IS NULL THEN "
        + _cat("Information Asset Manager ", _E("o.iam_staff_id"), " is not in staff.csv")
        + f" WHEN NOT ({current}) THEN "
        + _cat(
            "Information Asset Manager ",
            _E("o.iam_staff_id"),
            f" is not in service on {ctx.as_of}",
        )
        + " END, "
        "CASE WHEN o.iai_submitted_on IS NULL THEN 'no Information Asset Inventory submitted' "
        "END)"
    )
    base = [("iam_staff_id", "o.iam_staff_id"), ("iai_submitted_on", "o.iai_submitted_on")]
    dates = [("started_on", "p.started_on"), ("left_on", "p.left_on")]
    return (
        "SELECT office_id, 'office' AS subject_kind, office_id AS subject_id, NULL AS staff_id, "
        "CASE WHEN reasons = '' THEN 'pass' ELSE 'fail' END AS status, NULL::DATE AS due_on, "
        "CASE WHEN reasons = '' THEN "
        + _cat(
            "IAM ",
            _E("iam_staff_id"),
            " in post; inventory submitted on ",
            _E("iai_submitted_on"),
        )
        + " ELSE reasons END AS message, evidence FROM ("
        f"SELECT o.office_id, o.iam_staff_id, o.iai_submitted_on, {reasons} AS reasons, "
        f"CASE WHEN o.iam_staff_id IS NOT NULL AND p.staff_id IS NOT NULL AND NOT ({current}) "
        f"THEN {_json([*base, *dates])} ELSE {_json(base)} END AS evidence "
        f"FROM ({_offices(ctx, f'SELECT office_id FROM {_CCS}')}) o "
        f"LEFT JOIN {_last('staff', 'staff_id')} p ON p.staff_id = o.iam_staff_id)"
    )
