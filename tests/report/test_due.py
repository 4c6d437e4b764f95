"""``report.due(...)``: the calendar of obligations a CSM can act on (issue 4 item 6).

What it lists comes from catalogue.rst "Result statuses and dates": ``fail`` = not met,
``error`` = could not be evaluated (never silently passes), ``waived`` = an accepted
exception, and an obligation *due on D* is ``warn`` from ``D - warn_days`` until it is met,
so a ``pass`` inside that span has been met. cli.rst (CLI table): ``due`` lists "what
falls due (and would fail) in the next DAYS days, by office and owner".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jcp_controls as jc
from jcp_controls.report.due import DEFAULT_OWNER, DueCalendar

AS_OF = dt.date(2026, 11, 22)
CSM = "Jobcentre Customer Service Manager"
IAM = "Information Asset Manager"


def day(offset: int) -> dt.date:
    return AS_OF + dt.timedelta(days=offset)


def control(control_id: str, owner: str | None = None) -> jc.Control:
    extra = {} if owner is None else {"owner": owner}
    return jc.Control(
        control_id=control_id,
        name=f"control-{control_id.lower()}",
        severity=jc.Severity.MEDIUM,
        citation="SEC §36",
        scope="anything",
        subject_kind=jc.SubjectKind.GRANT,
        rule_text="a rule",
        needs=(),
        select=lambda ctx: (),
        judge=lambda ctx, item: jc.Finding(jc.Status.PASS, "ok"),
        **extra,  # type: ignore[arg-type]
    )


def result(
    status: jc.Status,
    due: int | None = None,
    *,
    control_id: str = "ACC-009",
    office_id: str | None = "OF001",
    subject_id: str | None = "G1",
    staff_id: str | None = "S001",
    message: str = "access review",
    evidence: dict[str, object] | None = None,
    kind: jc.SubjectKind = jc.SubjectKind.GRANT,
) -> jc.Result:
    return jc.Result(
        control_id=control_id,
        status=status,
        severity=jc.Severity.MEDIUM,
        office_id=office_id,
        subject_kind=kind,
        subject_id=subject_id,
        staff_id=staff_id,
        due_on=None if due is None else day(due),
        message=message,
        evidence=evidence or {},
    )


def report(
    results: list[jc.Result],
    controls: list[jc.Control] | None = None,
    policy: jc.Policy | None = None,
) -> jc.Report:
    if controls is None:
        controls = [control(cid) for cid in sorted({r.control_id for r in results})]
    return jc.Report(
        as_of=AS_OF,
        policy=policy or jc.Policy(),
        controls=tuple(controls),
        results=tuple(results),
    )


def listed(cal: DueCalendar) -> list[tuple[str | None, str]]:
    return [(e.subject_id, e.section) for e in cal.entries]


# -- what is listed --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "due", "within", "expected"),
    [
        # the window is as_of .. as_of + DAYS, both ends included
        pytest.param(jc.Status.WARN, 0, 10, "due", id="warn-due-on-as_of"),
        pytest.param(jc.Status.WARN, 10, 10, "due", id="warn-due-on-last-day-of-window"),
        pytest.param(jc.Status.WARN, 11, 10, None, id="warn-due-day-after-window"),
        pytest.param(jc.Status.WARN, 0, 0, "due", id="within-0-lists-as_of-itself"),
        pytest.param(jc.Status.WARN, 1, 0, None, id="within-0-not-tomorrow"),
        # a pass beyond warn_days (30) is an obligation not yet met that falls due later
        pytest.param(jc.Status.PASS, 45, 45, "due", id="pass-due-on-last-day-of-window"),
        pytest.param(jc.Status.PASS, 46, 45, None, id="pass-due-after-window"),
        pytest.param(jc.Status.PASS, 31, 60, "due", id="pass-just-beyond-warn_days"),
        # catalogue.rst: unmet, it would warn from due_on - warn_days: a pass there is met
        pytest.param(jc.Status.PASS, 30, 60, None, id="pass-within-warn_days-is-met"),
        pytest.param(jc.Status.PASS, 5, 60, None, id="pass-soon-is-met"),
        # catalogue.rst: "met late" is warn with a due date in the past: done, not overdue
        pytest.param(jc.Status.WARN, -3, 30, None, id="warn-met-late"),
        # overdue: fail after its due date, whatever the window
        pytest.param(jc.Status.FAIL, -1, 10, "overdue", id="fail-day-after-due"),
        pytest.param(jc.Status.FAIL, -400, 0, "overdue", id="fail-long-overdue"),
        pytest.param(jc.Status.FAIL, None, 10, "overdue", id="fail-without-due-date"),
        pytest.param(jc.Status.FAIL, 90, 10, "overdue", id="fail-before-its-date-not-met"),
        # catalogue.rst: error is never silently pass; evidence to supply now
        pytest.param(jc.Status.ERROR, None, 10, "overdue", id="error-not-evaluated"),
        # an accepted exception is not due
        pytest.param(jc.Status.WAIVED, -5, 30, None, id="waived-overdue"),
        pytest.param(jc.Status.WAIVED, 5, 30, None, id="waived-in-window"),
        pytest.param(jc.Status.PASS, None, 30, None, id="pass-without-date"),
        pytest.param(jc.Status.WARN, None, 30, None, id="warn-without-date"),
    ],
)
def test_what_the_calendar_lists(
    status: jc.Status, due: int | None, within: int, expected: str | None
) -> None:
    cal = report([result(status, due)]).due(within=within)
    assert listed(cal) == ([] if expected is None else [("G1", expected)])


def test_warn_days_from_policy_decide_what_is_met() -> None:
    # catalogue.rst: warn_days is a policy setting; with 10, a pass due in 20 days is unmet
    policy = jc.Policy.from_mapping({"warn_days": 10})
    cal = report([result(jc.Status.PASS, 20)], policy=policy).due(within=30)
    assert listed(cal) == [("G1", "due")]
    cal = report([result(jc.Status.PASS, 10)], policy=policy).due(within=30)
    assert listed(cal) == []


def test_default_window_is_30_days() -> None:
    cal = report([result(jc.Status.WARN, 30, subject_id="A"), result(jc.Status.WARN, 31)]).due()
    assert cal.within == 30
    assert [e.subject_id for e in cal.entries] == ["A"]


def test_entry_carries_what_a_csm_acts_on() -> None:
    overdue = result(
        jc.Status.FAIL, -12, subject_id="G7", staff_id="S042", message="review overdue"
    )
    coming = result(jc.Status.WARN, 5, subject_id="G8", staff_id=None, message="review due")
    cal = report([overdue, coming]).due(within=7)
    first, second = cal.entries
    assert (first.section, first.due_on, first.days_left) == ("overdue", day(-12), -12)
    assert (first.control_id, first.status, first.subject_id, first.staff_id) == (
        "ACC-009",
        jc.Status.FAIL,
        "G7",
        "S042",
    )
    assert (first.office_id, first.owner, first.message) == ("OF001", CSM, "review overdue")
    assert (second.section, second.days_left, second.staff_id) == ("due", 5, None)
    assert cal.overdue == (first,)
    assert cal.due == (second,)
    assert (cal.as_of, cal.within, cal.until) == (AS_OF, 7, day(7))


@pytest.mark.parametrize("within", [-1, 1.5, "30", True])
def test_window_must_be_a_whole_number_of_days(within: object) -> None:
    with pytest.raises(jc.UsageError):
        report([]).due(within=within)  # type: ignore[arg-type]


# -- owners and grouping ---------------------------------------------------------------------


def test_owner_comes_from_the_control() -> None:
    # issue 4: "grouped by office and owner"; Control.owner defaults to the CSM
    results = [
        result(jc.Status.FAIL, None, control_id="JCC-006", subject_id="OF001"),
        result(jc.Status.FAIL, None, control_id="ACC-004", subject_id="G1"),
        result(jc.Status.FAIL, None, control_id="PLG-001", subject_id="X"),
    ]
    controls = [control("ACC-004"), control("JCC-006", owner=IAM)]  # PLG-001 not declared
    cal = report(results, controls).due()
    owners = {e.control_id: e.owner for e in cal.entries}
    assert owners == {"ACC-004": CSM, "JCC-006": IAM, "PLG-001": DEFAULT_OWNER}
    assert DEFAULT_OWNER == CSM


def test_owner_named_in_the_result_evidence_wins() -> None:
    # an Annex 1 check names its owner per row; a result may carry it in its evidence
    results = [
        result(jc.Status.FAIL, -1, control_id="CHK-001", evidence={"owner": "Line Manager"}),
        result(jc.Status.FAIL, -2, control_id="CHK-001", subject_id="G2", evidence={"x": 1}),
    ]
    cal = report(results, [control("CHK-001", owner=IAM)]).due()
    assert sorted((e.subject_id, e.owner) for e in cal.entries) == [
        ("G1", "Line manager"),  # one spelling per owner: the catalogue's vocabulary
        ("G2", IAM),
    ]


def test_grouped_by_office_then_owner_overdue_first_then_by_date() -> None:
    controls = [control("ACC-009"), control("JCC-006", owner=IAM)]
    results = [
        result(jc.Status.WARN, 9, subject_id="a-due9", office_id="OF002"),
        result(jc.Status.FAIL, None, subject_id="b-undated", office_id="OF002"),
        result(jc.Status.FAIL, -3, subject_id="c-over3", office_id="OF002"),
        result(jc.Status.FAIL, -30, subject_id="d-over30", office_id="OF002"),
        result(jc.Status.WARN, 2, subject_id="e-due2", office_id="OF002"),
        result(jc.Status.WARN, 1, control_id="JCC-006", subject_id="f-iam", office_id="OF002"),
        result(jc.Status.WARN, 20, subject_id="g-of1", office_id="OF001"),
        result(jc.Status.ERROR, None, subject_id="h-none", office_id=None),
    ]
    cal = report(results, controls).due(within=30)
    groups = [
        (g.office_id, g.owner, [e.subject_id for e in g.overdue], [e.subject_id for e in g.due])
        for g in cal.groups()
    ]
    assert groups == [
        (None, CSM, ["h-none"], []),
        ("OF001", CSM, [], ["g-of1"]),
        ("OF002", IAM, [], ["f-iam"]),
        ("OF002", CSM, ["d-over30", "c-over3", "b-undated"], ["e-due2", "a-due9"]),
    ]
    assert [e for g in cal.groups() for e in g.entries] == list(cal.entries)


@settings(max_examples=40, deadline=None)
@given(
    specs=st.lists(
        st.tuples(
            st.sampled_from(list(jc.Status)),
            st.one_of(st.none(), st.integers(-60, 90)),
            st.sampled_from(["OF001", "OF002", None]),
            st.sampled_from(["ACC-009", "JCC-006"]),
        ),
        max_size=25,
    ),
    seed=st.integers(0, 2**16),
)
def test_same_results_in_any_order_give_the_same_calendar(
    specs: list[tuple[jc.Status, int | None, str | None, str]], seed: int
) -> None:
    # cli.rst: same evidence, policy and as_of give the same output
    controls = [control("ACC-009"), control("JCC-006", owner=IAM)]
    results = [
        result(status, due, office_id=office, control_id=cid, subject_id=f"G{n}")
        for n, (status, due, office, cid) in enumerate(specs)
    ]
    shuffled = list(results)
    random.Random(seed).shuffle(shuffled)
    a = report(results, controls).due(within=30)
    b = report(shuffled, controls).due(within=30)
    assert a == b
    for fmt in ("table", "json", "csv", "md"):
        assert a.render(fmt) == b.render(fmt)
    # nothing accepted (waived) is listed, every fail and error is
    assert all(e.status is not jc.Status.WAIVED for e in a.entries)
    failing = {r.subject_id for r in results if r.status in (jc.Status.FAIL, jc.Status.ERROR)}
    assert {e.subject_id for e in a.overdue} == failing
    assert all(e.due_on is not None and AS_OF <= e.due_on <= day(30) for e in a.due)


# -- a real evaluation (ACC-009, catalogue.rst: next review due max(last, granted) + 3 months) --


def test_calendar_of_a_real_evaluation() -> None:
    # reviews on these dates make the next review due three months later
    reviewed = {
        "G-over": dt.date(2026, 8, 1),  # due 2026-11-01: overdue (fail)
        "G-soon": dt.date(2026, 9, 1),  # due 2026-12-01: within warn_days (warn)
        "G-later": dt.date(2026, 10, 10),  # due 2027-01-10: 49 days ahead (pass, not met)
        "G-far": dt.date(2026, 11, 20),  # due 2027-02-20: beyond the window
    }
    evidence = jc.Evidence.from_records(
        offices=[jc.Office("OF001", "Leeds", csm_staff_id="S001")],
        staff=[jc.Staff("S002", "Bob", "OF001", jc.Grade.AO, "work_coach")],
        access_grants=[
            jc.AccessGrant(gid, "lms", gid, "basic", dt.date(2025, 1, 1), staff_id="S002")
            for gid in reviewed
        ],
        access_reviews=[jc.AccessReview(gid, when) for gid, when in reviewed.items()],
    )
    evaluated = jc.evaluate(evidence, as_of=AS_OF, only=["ACC-009"])
    cal = evaluated.due(within=60)
    assert [(e.subject_id, e.section, e.due_on) for e in cal.entries] == [
        ("G-over", "overdue", dt.date(2026, 11, 1)),
        ("G-soon", "due", dt.date(2026, 12, 1)),
        ("G-later", "due", dt.date(2027, 1, 10)),
    ]
    assert [e.owner for e in cal.entries] == [CSM] * 3
    assert [e.subject_id for e in evaluated.due(within=49).entries][-1] == "G-later"
    assert "G-later" not in [e.subject_id for e in evaluated.due(within=48).entries]


# -- formats ---------------------------------------------------------------------------------

CSV_HEADER = (
    "section,office_id,owner,due_on,days_left,control_id,status,severity,subject_kind,"
    "subject_id,staff_id,message"
)


@pytest.fixture
def calendar() -> DueCalendar:
    controls = [control("ACC-009"), control("JCC-006", owner=IAM)]
    results = [
        result(jc.Status.FAIL, -4, subject_id="G1", message='=HYPERLINK("x")'),
        result(jc.Status.ERROR, None, subject_id="G2", staff_id=None, message="+missing"),
        result(jc.Status.WARN, 6, subject_id="@G3", message="a | b <script>x</script>"),
        result(jc.Status.WARN, 3, control_id="JCC-006", office_id="OF002", subject_id="OF002"),
    ]
    return report(results, controls).due(within=14)


def test_json_document(calendar: DueCalendar) -> None:
    doc = json.loads(calendar.render("json"))
    assert doc["schema"] == "jcp-controls/due/1"
    assert (doc["as_of"], doc["within"], doc["until"]) == ("2026-11-22", 14, "2026-12-06")
    assert doc["counts"] == {"overdue": 2, "due": 2}
    first = doc["entries"][0]
    assert first == {
        "section": "overdue",
        "office_id": "OF001",
        "owner": CSM,
        "due_on": "2026-11-18",
        "days_left": -4,
        "control_id": "ACC-009",
        "status": "fail",
        "severity": "medium",
        "subject_kind": "grant",
        "subject_id": "G1",
        "staff_id": "S001",
        "message": '=HYPERLINK("x")',
    }
    assert [(e["office_id"], e["owner"], e["subject_id"]) for e in doc["entries"]] == [
        ("OF001", CSM, "G1"),
        ("OF001", CSM, "G2"),
        ("OF001", CSM, "@G3"),
        ("OF002", IAM, "OF002"),
    ]
    assert doc["entries"][1]["due_on"] is None
    assert doc["entries"][1]["days_left"] is None


def test_csv_rows_and_formula_injection_neutralised(calendar: DueCalendar) -> None:
    # cli.rst: cells starting =, +, -, @, tab or CR are neutralised
    text = calendar.render("csv")
    assert text.splitlines()[0] == CSV_HEADER
    assert text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["subject_id"] for r in rows] == ["G1", "G2", "'@G3", "OF002"]
    assert rows[0]["message"] == '\'=HYPERLINK("x")'
    assert rows[1]["message"] == "'+missing"
    assert rows[0]["days_left"] == "-4"  # a number the library wrote, not a formula
    assert (rows[1]["due_on"], rows[1]["days_left"], rows[1]["staff_id"]) == ("", "", "")
    assert [r["section"] for r in rows] == ["overdue", "overdue", "due", "due"]
    assert rows[3]["owner"] == IAM


def test_markdown_sections_per_office_and_owner(calendar: DueCalendar) -> None:
    text = calendar.render("md")
    assert text.startswith("# ")
    assert "## Office OF001" in text
    assert "## Office OF002" in text
    assert f"### {CSM} (2 overdue, 1 due)" in text
    assert f"### {IAM} (0 overdue, 1 due)" in text
    assert text.index("## Office OF001") < text.index("## Office OF002")
    # evidence text cannot break a table or inject markup
    assert "<script>" not in text
    assert "a \\| b" in text


def test_table_for_the_terminal(calendar: DueCalendar) -> None:
    text = calendar.render("table")
    assert "2026-11-22" in text
    assert "14 days" in text
    assert f"Office OF001 - {CSM}" in text
    assert f"Office OF002 - {IAM}" in text
    for needle in ("4 days overdue", "in 6 days", "in 3 days", "not evaluated", "2026-11-18"):
        assert needle in text
    assert text.index("G1") < text.index("@G3")
    assert "\x1b" not in text


def test_table_escapes_control_characters() -> None:
    cal = report([result(jc.Status.FAIL, None, message="evil\x1b[31mred\nline")]).due()
    text = cal.render("table")
    assert "\x1b" not in text
    assert "evil\\x1b[31mred line" in text


def test_empty_calendar_in_every_format() -> None:
    cal = report([result(jc.Status.PASS, 3), result(jc.Status.WAIVED, -3)]).due()
    assert cal.entries == ()
    assert json.loads(cal.render("json"))["entries"] == []
    assert cal.render("csv") == CSV_HEADER + "\r\n"
    assert "nothing overdue" in cal.render("table").lower()
    assert "nothing overdue" in cal.render("md").lower()


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(jc.UsageError):
        report([]).due().render("nonesuch")


def test_gate_on_listed_entries() -> None:
    cal = report([result(jc.Status.WARN, 3)]).due()
    assert cal.gate(jc.Status.WARN)
    assert not cal.gate(jc.Status.FAIL)
    assert not cal.gate(None)
