"""The engine: scope, missing evidence, waivers, filters, ordering, plugin controls, and the
Report API over its results (evidence.rst "A missing file is not an empty file", "waivers.csv";
catalogue.rst "Result statuses and dates"; cli.rst "Python API", "Plugins", "JSON report").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import jcp_controls as jc

d = dt.date.fromisoformat
AS_OF = d("2026-11-22")
S = jc.Status
BUILTIN = jc.Catalogue.from_plugins(jc.Plugins(entry_points=False))


def lms(grant_id: str, staff_id: str | None, **fields: Any) -> jc.AccessGrant:
    """An LMS grant authorised by OF1's CSM with an LMS1 form, granted 2026-06-01."""
    values: dict[str, Any] = {
        "system": "lms",
        "account_id": f"acct-{grant_id}",
        "entitlement": "wc_group",
        "granted_on": d("2026-06-01"),
        "staff_id": staff_id,
        "authorised_by": "CSM1",
        "form_ref": f"LMS1/{grant_id}",
    }
    values.update(fields)
    return jc.AccessGrant(grant_id=grant_id, **values)


def learning_of(staff_id: str, role: str = "work_coach") -> list[jc.LearningRecord]:
    """Everything ACC-003 and LRN-001..003 ask of one person, done on 2026-05-01."""
    return [
        jc.LearningRecord(staff_id, jc.Course(course), d("2026-05-01"), role)
        for course in (
            "dwp_foundation",
            "security_awareness",
            "lms_user_guide_chapter_b",
            "lms_core",
            "data_handling",
        )
    ]


def records() -> dict[str, list[Any]]:
    """A world in which every ACC and LRN control has at least one subject.

    OF1: CSM1, delegate and LMS operator D1; S1 (role changed after the grant, ACC-006), S3
    (on maternity leave, ACC-008), pseudo account P1 (ACC-010/011). OF2: CSM2, S2 who left on
    2026-10-01 still holding G2 (ACC-007).
    """
    grade = jc.Grade
    staff = [
        jc.Staff("CSM1", "C One", "OF1", grade.HEO, "customer_service_manager"),
        jc.Staff("CSM2", "C Two", "OF2", grade.HEO, "customer_service_manager"),
        jc.Staff("D1", "D One", "OF1", grade.EO, "line_manager"),
        jc.Staff("S1", "S One", "OF1", grade.AO, "work_coach", role_since=d("2026-10-01")),
        jc.Staff("S2", "S Two", "OF2", grade.AO, "work_coach", left_on=d("2026-10-01")),
        jc.Staff("S3", "S Three", "OF1", grade.AO, "work_coach"),
    ]
    return {
        "offices": [
            jc.Office("OF1", "Alpha", csm_staff_id="CSM1", iam_staff_id="D1"),
            jc.Office("OF2", "Beta", csm_staff_id="CSM2", iam_staff_id="CSM2"),
        ],
        "staff": staff,
        "designations": [
            jc.Designation("D1", jc.DesignationKind.LMS_DELEGATE, d("2026-01-01")),
            jc.Designation("D1", jc.DesignationKind.LMS_OPERATOR, d("2026-01-01")),
        ],
        "absences": [jc.Absence("S3", jc.AbsenceKind.MATERNITY_LEAVE, d("2026-09-01"))],
        "learning": [r for s in ("S1", "S2", "S3") for r in learning_of(s)],
        "access_grants": [
            lms("G3", "S3"),
            lms("G1", "S1"),
            lms("G2", "S2", authorised_by="CSM2"),
            lms(
                "P1",
                None,
                office_id="OF1",
                pseudo=True,
                pseudo_reason="training",
                pseudo_end_on=d("2027-06-30"),
            ),
        ],
        "access_reviews": [
            jc.AccessReview(g, d("2026-11-01"), "CSM1", jc.ReviewOutcome.RETAIN)
            for g in ("G1", "G2", "G3", "P1")
        ],
        "access_role_matrix": [jc.RoleMatrixEntry("lms", "work_coach", "wc_group")],
        "waivers": [],
    }


def evaluate(
    kinds: dict[str, list[Any]] | None = None,
    *,
    missing: tuple[str, ...] = (),
    **options: Any,
) -> jc.Report:
    """Evaluate on 2026-11-22 with the built-in catalogue, leaving ``missing`` kinds out."""
    kinds = records() if kinds is None else kinds
    evidence = jc.Evidence.from_records(**{k: v for k, v in kinds.items() if k not in missing})
    options.setdefault("catalogue", BUILTIN)
    options.setdefault("as_of", AS_OF)
    return jc.evaluate(evidence, **options)


def shape(result: jc.Result) -> tuple[Any, ...]:
    return (result.status, result.subject_kind, result.subject_id, result.office_id)


# -- the baseline world ----------------------------------------------------------------------


def test_every_acc_and_lrn_control_has_subjects_in_the_baseline():
    """Guards the missing-evidence tests below: each control judges something here."""
    counts = evaluate().counts()
    ids = [c.control_id for c in BUILTIN.controls if c.control_id[:3] in ("ACC", "LRN")]
    assert len(ids) == 17
    assert [i for i in ids if sum(counts[i].values()) == 0] == []


def test_python_report_holds_passes():
    """catalogue.rst: "in Python, always" every subject in scope gets exactly one result."""
    report = evaluate(only=["ACC-004"])
    assert [(r.subject_id, r.status) for r in report.results] == [
        ("G1", S.PASS),
        ("G3", S.PASS),
        ("P1", S.PASS),
        ("G2", S.PASS),
    ]


# -- missing evidence --------------------------------------------------------------------------

_SCOPE_FILE = [
    *[(f"ACC-{n:03}", "access_grants") for n in range(1, 13)],
    ("LRN-001", "access_grants"),
    ("LRN-002", "access_grants"),
    ("LRN-003", "access_grants"),
    ("ACC-014", "designations"),
]


@pytest.mark.parametrize(("control_id", "kind"), _SCOPE_FILE)
def test_missing_scope_file_one_error_per_office(control_id, kind):
    """evidence.rst: the file defining the scope is missing -> one error per office."""
    report = evaluate(missing=(kind,), only=[control_id])
    assert [shape(r) for r in report.results] == [
        (S.ERROR, jc.SubjectKind.OFFICE, "OF1", "OF1"),
        (S.ERROR, jc.SubjectKind.OFFICE, "OF2", "OF2"),
    ]
    assert all(r.staff_id is None and kind in r.message for r in report.results)


@pytest.mark.parametrize(
    ("control_id", "missing"),
    [
        ("ACC-001", ("access_grants", "offices")),
        ("LRN-001", ("access_grants", "offices")),
        ("ACC-013", ("offices",)),
        ("ACC-014", ("designations", "offices")),
    ],
)
def test_missing_scope_and_offices_one_office_less_error(control_id, missing):
    """evidence.rst: "or a single one with null office_id and subject_id when offices.csv
    itself is missing"."""
    report = evaluate(missing=missing, only=[control_id])
    assert [shape(r) for r in report.results] == [(S.ERROR, jc.SubjectKind.OFFICE, None, None)]


@pytest.mark.parametrize(
    ("control_id", "kind", "subjects"),
    [
        pytest.param("ACC-003", "learning", ["G1", "G3", "G2"], id="IT§4-ACC-003-learning"),
        pytest.param("ACC-005", "access_role_matrix", ["G1", "G3", "G2"], id="ACC-005-matrix"),
        pytest.param("ACC-006", "access_reviews", ["G1"], id="IT§11-ACC-006-reviews"),
        pytest.param("ACC-009", "access_reviews", ["G1", "G3", "P1", "G2"], id="ACC-009-reviews"),
        pytest.param("LRN-002", "learning", ["S1", "S3", "S2"], id="SEC§41-LRN-002-learning"),
    ],
)  # fmt: skip
def test_missing_non_scope_kind_is_error_for_each_subject(control_id, kind, subjects):
    """evidence.rst: every control that needs a missing file reports error, never pass."""
    report = evaluate(missing=(kind,), only=[control_id])
    assert [(r.subject_id, r.status) for r in report.results] == [(s, S.ERROR) for s in subjects]
    assert all(kind in r.message for r in report.results)


_NEEDS = [
    (control.control_id, kind.value)
    for control in BUILTIN.controls
    if control.control_id[:3] in ("ACC", "LRN")
    for kind in control.needs
]


@pytest.mark.parametrize(("control_id", "kind"), _NEEDS)
def test_control_never_passes_without_evidence_it_needs(control_id, kind):
    """evidence.rst: "A missing file means no evidence was supplied: every control that needs
    it reports error ... it never reports pass"."""
    report = evaluate(missing=(kind,), only=[control_id])
    assert report.results
    assert [r for r in report.results if r.status is S.PASS] == []


@pytest.mark.parametrize(("control_id", "kind"), [("ACC-003", "learning"), ("ACC-004", "staff")])
def test_rejected_kind_is_error_too(control_id, kind):
    """evidence.rst lenient mode: controls whose evidence was rejected report error."""
    kinds = records()
    evidence = jc.Evidence.from_records(**kinds)
    import attrs

    evidence = attrs.evolve(evidence, rejected=frozenset({jc.RecordKind(kind)}))
    report = jc.evaluate(evidence, as_of=AS_OF, catalogue=BUILTIN, only=[control_id])
    assert report.results
    assert {r.status for r in report.results} == {S.ERROR}


# -- waivers -----------------------------------------------------------------------------------


def waiver(control_id: str, subject_id: str, expires_on: str, **fields: Any) -> jc.Waiver:
    return jc.Waiver(control_id, subject_id, "accepted risk", "CSM1", d(expires_on), **fields)


def with_waivers(*waivers: jc.Waiver) -> dict[str, list[Any]]:
    """The baseline with G1's LMS1 form missing (ACC-004 fails for G1) and some waivers."""
    kinds = records()
    kinds["access_grants"] = [
        lms("G1", "S1", form_ref=None) if g.grant_id == "G1" else g for g in kinds["access_grants"]
    ]
    kinds["waivers"] = list(waivers)
    return kinds


WAIVER_CASES = [
    pytest.param(waiver("ACC-004", "G1", "2026-12-31"), S.WAIVED, id="waiver-unexpired"),
    pytest.param(waiver("ACC-004", "G1", "2026-11-22"), S.WAIVED, id="waiver-expires-on-as_of"),
    pytest.param(waiver("ACC-004", "G1", "2026-11-21"), S.FAIL, id="waiver-expired-yesterday"),
    pytest.param(waiver("ACC-004", "G3", "2026-12-31"), S.FAIL, id="waiver-other-subject"),
    pytest.param(waiver("ACC-002", "G1", "2026-12-31"), S.FAIL, id="waiver-other-control"),
]


@pytest.mark.parametrize(("record", "expected"), WAIVER_CASES)
def test_waiver_turns_fail_into_waived(record, expected):
    report = evaluate(with_waivers(record), only=["ACC-004"])
    statuses = {r.subject_id: r.status for r in report.results}
    assert statuses == {"G1": expected, "G2": S.PASS, "G3": S.PASS, "P1": S.PASS}
    waived = [r for r in report.results if r.status is S.WAIVED]
    assert all((r.office_id, r.staff_id) == ("OF1", "S1") for r in waived)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2026-06-30", S.WAIVED), ("2026-07-01", S.FAIL)],
    ids=["waiver-applies-through-expires_on", "waiver-stops-the-day-after"],
)
def test_waiver_expiry_moves_with_as_of(as_of, expected):
    report = evaluate(
        with_waivers(waiver("ACC-004", "G1", "2026-06-30")), as_of=as_of, only=["ACC-004"]
    )
    assert [r.status for r in report.results if r.subject_id == "G1"] == [expected]


def test_waiver_turns_warn_into_waived():
    """ACC-009 warns when the review falls due within warn_days; a waiver covers a warn."""
    kinds = with_waivers(waiver("ACC-009", "G1", "2027-01-31"))
    kinds["access_reviews"] = [r for r in kinds["access_reviews"] if r.grant_id != "G1"]
    kinds["access_reviews"].append(jc.AccessReview("G1", d("2026-09-01")))  # due 2026-12-01
    assert evaluate(kinds, only=["ACC-009"]).filter(staff="S1").results[0].status is S.WAIVED
    kinds["waivers"] = []
    assert evaluate(kinds, only=["ACC-009"]).filter(staff="S1").results[0].status is S.WARN


def test_two_waivers_for_one_result_give_the_same_report_in_either_row_order():
    """The waiver that lasts longest applies, whichever row comes first."""
    short = jc.Waiver("ACC-004", "G1", "pilot", "CSM1", d("2026-12-31"), d("2026-01-01"))
    long = jc.Waiver("ACC-004", "G1", "system retired", "CSM2", d("2027-06-30"), d("2026-02-01"))
    first = evaluate(with_waivers(short, long), only=["ACC-004"])
    second = evaluate(with_waivers(long, short), only=["ACC-004"])
    assert first.to_json() == second.to_json()
    [waived] = [r for r in first.results if r.status is S.WAIVED]
    assert waived.evidence["waiver"]["expires_on"] == d("2027-06-30")
    assert "system retired" in waived.message


def test_waiver_does_not_touch_pass_or_error():
    """catalogue.rst: waived = "would be fail or warn"; pass stays pass, error stays error."""
    kinds = with_waivers(
        waiver("ACC-004", "G3", "2026-12-31"), waiver("ACC-003", "G1", "2026-12-31")
    )
    report = evaluate(kinds, missing=("learning",), only=["ACC-003", "ACC-004"])
    statuses = {(r.control_id, r.subject_id): r.status for r in report.results}
    assert statuses[("ACC-004", "G3")] is S.PASS
    assert statuses[("ACC-003", "G1")] is S.ERROR


# -- filters and order -------------------------------------------------------------------------


def test_only_evaluates_just_those_controls():
    report = evaluate(only=["LRN-001", "ACC-004"])
    assert [c.control_id for c in report.controls] == ["ACC-004", "LRN-001"]
    assert {r.control_id for r in report.results} == {"ACC-004", "LRN-001"}
    assert set(report.counts()) == {"ACC-004", "LRN-001"}


@pytest.mark.parametrize("only", [["ACC-999"], ["ACC-001", "acc-001"], [""]])
def test_unknown_control_in_only_is_usage_error(only):
    with pytest.raises(jc.UsageError):
        evaluate(only=only)


def test_offices_filter_keeps_those_offices():
    full = evaluate()
    of2 = evaluate(offices=["OF2"])
    assert of2.results
    assert {r.office_id for r in of2.results} == {"OF2"}
    assert of2.results == tuple(r for r in full.results if r.office_id == "OF2")


def test_as_of_accepts_iso_text_and_rejects_other_text():
    assert evaluate(as_of="2026-11-22").results == evaluate(as_of=AS_OF).results
    with pytest.raises(jc.UsageError):
        evaluate(as_of="22/11/2026")


def test_results_ordered_by_office_control_subject():
    """cli.rst: results "ordered by office, control, subject"."""
    results = evaluate().results
    keys = [(r.office_id, r.control_id, r.subject_id or "") for r in results]
    assert keys == sorted(keys)
    assert len({r.office_id for r in results}) == 2
    # the evidence lists G3 before G1: the order is the report's, not the input's
    acc_001 = [r.subject_id for r in results if r.control_id == "ACC-001"]
    assert acc_001 == ["G1", "G3", "P1", "G2"]


def test_same_input_same_json():
    """cli.rst: same evidence + policy + as_of => byte-identical JSON report."""
    assert evaluate().to_json() == evaluate().to_json()


def test_policy_changes_outcome():
    """catalogue.rst "Policy settings": delegate_min_grade heo makes the EO delegate fail."""
    policy = jc.Policy.from_mapping({"access": {"delegate_min_grade": "heo"}})
    assert [r.status for r in evaluate(only=["ACC-014"]).results] == [S.PASS]
    assert [r.status for r in evaluate(only=["ACC-014"], policy=policy).results] == [S.FAIL]


# -- plugin controls ---------------------------------------------------------------------------


def _grant_scope(ctx: jc.RuleContext) -> list[jc.Scoped]:
    kind = jc.SubjectKind.GRANT
    return [
        jc.Scoped(jc.Subject(kind, g.grant_id, ctx.office_of_grant(g), g.staff_id), g)
        for g in ctx.active_grants
    ]


def _boom(ctx: jc.RuleContext, item: Any) -> jc.Finding:
    raise RuntimeError("rule exploded")


def _scope_boom(ctx: jc.RuleContext) -> list[jc.Scoped]:
    raise KeyError("scope exploded")


def _control(control_id: str, select: Any, judge: Any) -> jc.Control:
    return jc.Control(
        control_id,
        "plugin-test",
        jc.Severity.LOW,
        "test",
        "active grant",
        jc.SubjectKind.GRANT,
        "raises",
        (jc.RecordKind.ACCESS_GRANTS,),
        select,
        judge,
    )


class RaisingControls:
    """A plugin adding one control whose rule raises and one whose scope raises."""

    @jc.hookimpl
    def jcp_controls_controls(self) -> list[jc.Control]:
        return [_control("XTR-001", _grant_scope, _boom), _control("XTR-002", _scope_boom, _boom)]


@pytest.fixture(scope="module")
def plugin_report() -> jc.Report:
    plugins = jc.Plugins(RaisingControls(), entry_points=False)
    evidence = jc.Evidence.from_records(**records())
    return jc.evaluate(
        evidence, as_of=AS_OF, plugins=plugins, only=["XTR-001", "XTR-002", "ACC-004"]
    )


def test_plugin_rule_that_raises_gives_error_per_subject(plugin_report):
    """hookspecs / cli.rst: a control whose rule raises reports error, the run goes on."""
    results = plugin_report.filter(control="XTR-001").results
    assert [(r.subject_id, r.status) for r in results] == [
        ("G1", S.ERROR),
        ("G3", S.ERROR),
        ("P1", S.ERROR),
        ("G2", S.ERROR),
    ]
    assert all("rule exploded" in r.message for r in results)


def test_plugin_scope_that_raises_gives_error_per_office(plugin_report):
    results = plugin_report.filter(control="XTR-002").results
    assert [shape(r) for r in results] == [
        (S.ERROR, jc.SubjectKind.OFFICE, "OF1", "OF1"),
        (S.ERROR, jc.SubjectKind.OFFICE, "OF2", "OF2"),
    ]


def test_other_controls_still_run_beside_a_raising_plugin(plugin_report):
    assert plugin_report.counts()["ACC-004"] == {
        "pass": 4,
        "warn": 0,
        "fail": 0,
        "error": 0,
        "waived": 0,
    }


# -- the Report API ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> jc.Report:
    """ACC-004 fails for G1 (OF1), ACC-007 for G2 (OF2); ACC-011 passes for P1 (ends
    2027-06-30); ACC-003 errors for G1, G2, G3 (learning.csv missing)."""
    kinds = with_waivers()
    return evaluate(
        kinds, missing=("learning",), only=["ACC-003", "ACC-004", "ACC-007", "ACC-011"]
    )


def test_counts_every_control_with_all_five_statuses(report):
    counts = report.counts()
    assert counts == {
        "ACC-003": {"pass": 0, "warn": 0, "fail": 0, "error": 3, "waived": 0},
        "ACC-004": {"pass": 3, "warn": 0, "fail": 1, "error": 0, "waived": 0},
        "ACC-007": {"pass": 0, "warn": 0, "fail": 1, "error": 0, "waived": 0},
        "ACC-011": {"pass": 1, "warn": 0, "fail": 0, "error": 0, "waived": 0},
    }


def test_counts_include_controls_with_nothing_in_scope():
    """cli.rst: controls lists every control evaluated, including those with nothing in
    scope, with all five counts."""
    kinds = records()
    kinds["access_grants"] = [g for g in kinds["access_grants"] if not g.pseudo]
    counts = evaluate(kinds, only=["ACC-010", "ACC-011"]).counts()
    zero = {"pass": 0, "warn": 0, "fail": 0, "error": 0, "waived": 0}
    assert counts == {"ACC-010": zero, "ACC-011": zero}


def test_summary_adds_a_total_row(report):
    summary = report.summary()
    assert summary["total"] == {"pass": 4, "warn": 0, "fail": 2, "error": 3, "waived": 0}
    assert {k: v for k, v in summary.items() if k != "total"} == report.counts()


def test_filter_by_office_status_control_staff(report):
    assert {r.office_id for r in report.filter(office="OF2").results} == {"OF2"}
    assert [r.subject_id for r in report.filter(status="fail").results] == ["G1", "G2"]
    only_004 = report.filter(control="ACC-004")
    assert [c.control_id for c in only_004.controls] == ["ACC-004"]
    assert {r.control_id for r in only_004.results} == {"ACC-004"}
    assert {r.staff_id for r in report.filter(staff=["S2"]).results} == {"S2"}
    assert report.filter(office=["OF1", "OF2"]).results == report.results


def test_failures_are_fail_and_error(report):
    assert sorted((r.control_id, r.subject_id) for r in report.failures()) == [
        ("ACC-003", "G1"),
        ("ACC-003", "G2"),
        ("ACC-003", "G3"),
        ("ACC-004", "G1"),
        ("ACC-007", "G2"),
    ]
    assert [(r.control_id, r.subject_id) for r in report.failures(office="OF2")] == [
        ("ACC-003", "G2"),
        ("ACC-007", "G2"),
    ]


def test_results_carry_control_severity(report):
    severities = {r.control_id: r.severity for r in report.results}
    assert severities == {
        "ACC-003": jc.Severity.HIGH,
        "ACC-004": jc.Severity.MEDIUM,
        "ACC-007": jc.Severity.HIGH,
        "ACC-011": jc.Severity.HIGH,
    }


def test_results_equal_but_for_evidence_are_ordered_by_it_whatever_the_rule_order() -> None:
    """Report order must not depend on the order a rule listed its subjects in: two results
    alike in everything the report sorts on are ordered by due date, then evidence."""
    import datetime as dt

    from jcp_controls.controls.base import Result, Severity, Status, SubjectKind
    from jcp_controls.engine import in_report_order

    def result(due: dt.date | None, ref: str) -> Result:
        return Result(
            "INT-001",
            Status.FAIL,
            Severity.LOW,
            "OF001",
            SubjectKind.CANCELLATION,
            "C1",
            None,
            due,
            "not rebooked",
            {"claimant_ref": ref},
        )

    made = [result(dt.date(2026, 1, 2), "b"), result(None, "z"), result(dt.date(2026, 1, 2), "a")]
    forwards, backwards = list(made), list(reversed(made))
    in_report_order(forwards)
    in_report_order(backwards)
    assert forwards == backwards
    assert [(r.due_on, r.evidence["claimant_ref"]) for r in forwards] == [
        (None, "z"),
        (dt.date(2026, 1, 2), "a"),
        (dt.date(2026, 1, 2), "b"),
    ]
