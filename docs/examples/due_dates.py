"""How due dates are computed: the worked examples of docs/due-dates.rst.

Every example evaluates records built in code with ``jc.evaluate`` (or calls the calendar
directly) and asserts the date and status the page states. ``tests/test_docs.py`` runs this
file, so the page cannot drift from the code. Bank holidays: England and Wales vs Scotland,
as GOV.UK publishes them.
"""

# [setup]
import datetime as dt

import jcp_controls as jc
from jcp_controls.calendar import bank_holidays, working_days_after_trace
from jcp_controls.controls.frequency import Period, judged_periods, period_label

D = dt.date
PASS, WARN, FAIL = jc.Status.PASS, jc.Status.WARN, jc.Status.FAIL
PLUGINS = jc.Plugins(entry_points=False)  # the shipped catalogue only

# Two jobcentres, one on each side of the border.
OFFICES = [
    jc.Office("ENG1", "Leeds Jobcentre", csm_staff_id="S1", region=jc.Region.ENGLAND),
    jc.Office("SCO1", "Perth Jobcentre", csm_staff_id="S2", region=jc.Region.SCOTLAND),
]
STAFF = [
    jc.Staff("S1", "A. Manager", "ENG1", jc.Grade.HEO, "customer_service_manager"),
    jc.Staff("S2", "B. Manager", "SCO1", jc.Grade.HEO, "customer_service_manager"),
]


def judge(control_id, as_of, policy=None, **records):
    """The results of one control over the two offices and the records given."""
    evidence = jc.Evidence.from_records(offices=OFFICES, staff=STAFF, **records)
    report = jc.evaluate(evidence, as_of=as_of, policy=policy, plugins=PLUGINS, only=[control_id])
    return {result.subject_id: result for result in report.results}


# [end]

# [bank-holidays]
# The bank holidays the examples cross (GOV.UK): 2 January is a holiday in Scotland only,
# Easter Monday in England and Wales only, St Andrew's Day (30 November) in Scotland only.
# A holiday falling on a weekend moves to the next weekday: Boxing Day 2026 is a Saturday,
# so Monday 28 December 2026 is the bank holiday.
england = bank_holidays(jc.Region.ENGLAND, 2026)
scotland = bank_holidays(jc.Region.SCOTLAND, 2026)
assert D(2026, 1, 2) in scotland
assert D(2026, 1, 2) not in england
assert D(2026, 4, 6) in england
assert D(2026, 4, 6) not in scotland
assert D(2026, 11, 30) in scotland
assert D(2026, 11, 30) not in england
assert D(2026, 12, 28) in england
assert D(2026, 12, 28) in scotland
assert D(2026, 12, 26) not in england  # the Saturday itself is not a working-day holiday
# [end]

# [month-arithmetic]
# Calendar months, clipped to the end of a shorter month.
assert jc.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
assert jc.add_months(D(2024, 2, 29), 48) == D(2028, 2, 29)  # a leap year again
assert jc.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
assert jc.add_months(D(2025, 8, 31), 3) == D(2025, 11, 30)
# Clipping does not "stick": 30 November + 1 month is 30 December, not 31.
assert jc.add_months(D(2025, 11, 30), 1) == D(2025, 12, 30)
# [end]

# [cycle]
# ACC-009: an active grant is due for review on max(last review, granted_on) +
# access.review_interval_months (3).
grant = jc.AccessGrant(
    "G1", "lms", "ACC1", "work_coach", D(2024, 2, 29), staff_id="S1", authorised_by="S1"
)
reviews = [jc.AccessReview("G1", D(2024, 11, 30)), jc.AccessReview("G1", D(2025, 8, 31))]
acc_009 = judge("ACC-009", "2025-10-01", access_grants=[grant], access_reviews=reviews)["G1"]
assert acc_009.due_on == D(2025, 11, 30)  # latest review + 3 months, clipped
assert acc_009.status is PASS  # 60 days ahead: outside the 30-day warn window

# LRN-001: annual DWP foundation learning is due on the latest completion +
# learning.validity_months (12). Only the current cycle is judged: the completion of
# 2024-07-01 was late (due 2024-06-30), but the cycle it opened is met.
learning = [
    jc.LearningRecord("S1", jc.Course.DWP_FOUNDATION, D(2023, 6, 30)),
    jc.LearningRecord("S1", jc.Course.DWP_FOUNDATION, D(2024, 7, 1)),
]
lrn_001 = judge("LRN-001", "2025-05-01", access_grants=[grant], learning=learning)["S1"]
assert lrn_001.due_on == D(2025, 7, 1)
assert lrn_001.status is PASS  # not "met late": that was an earlier cycle
# [end]

# [warn-window]
# The warn window: an obligation due on D without its action is pass before
# D - warn_days, warn from D - warn_days to D (both included), fail after D.
# Here D = 2025-11-30 (the ACC-009 review above) and warn_days = 30.
for as_of, status in [
    ("2025-10-30", PASS),
    ("2025-10-31", WARN),  # D - 30 days
    ("2025-11-30", WARN),  # D itself
    ("2025-12-01", FAIL),
]:
    result = judge("ACC-009", as_of, access_grants=[grant], access_reviews=reviews)["G1"]
    assert result.status is status, (as_of, result.status)

# warn_days is a policy setting: with 14 days, 31 October is still a pass.
short = jc.Policy.from_mapping({"warn_days": 14})
result = judge("ACC-009", "2025-10-31", short, access_grants=[grant], access_reviews=reviews)
assert result["G1"].status is PASS
# [end]

# [working-days]
# "N working days after X": the Nth Monday-Friday strictly after X that is not a bank
# holiday of the office's region.
after = jc.working_days_after
ENG, SCO = jc.Region.ENGLAND, jc.Region.SCOTLAND
assert after(D(2025, 12, 31), 1, ENG) == D(2026, 1, 2)  # New Year's Day skipped
assert after(D(2025, 12, 31), 1, SCO) == D(2026, 1, 5)  # and 2 January, and the weekend
assert after(D(2026, 3, 13), 1, ENG) == D(2026, 3, 16)  # a Friday: the next Monday
assert after(D(2026, 4, 2), 1, ENG) == D(2026, 4, 7)  # Good Friday and Easter Monday
assert after(D(2026, 4, 2), 1, SCO) == D(2026, 4, 6)  # Good Friday only
assert after(D(2025, 12, 24), 1, ENG) == D(2025, 12, 29)  # Christmas, Boxing Day, weekend
assert after(D(2026, 12, 24), 1, ENG) == D(2026, 12, 29)  # ... and Boxing Day observed
assert after(D(2026, 11, 20), 10, ENG) == D(2026, 12, 4)
assert after(D(2026, 11, 20), 10, SCO) == D(2026, 12, 7)  # St Andrew's Day

# The trace: every day passed over, with why.
trace = working_days_after_trace(D(2025, 12, 31), 1, SCO)
assert [(day.day, day.reason) for day in trace.skipped] == [
    (D(2026, 1, 1), "New Year's Day"),
    (D(2026, 1, 2), "New Year Holiday"),
    (D(2026, 1, 3), "weekend"),
    (D(2026, 1, 4), "weekend"),
]
# [end]

# [one-off]
# SEC-002: an incident is escalated timeliness.escalation_working_days (1) after
# reported_on, on the office's regional calendar. Both incidents were reported on
# Wednesday 31 December 2025 and escalated on Monday 5 January 2026.
incidents = [
    jc.Incident(
        f"INC-{office}", office, "lost_smartcard",
        reported_on=D(2025, 12, 31), escalated_on=D(2026, 1, 5),
    )
    for office in ("ENG1", "SCO1")
]  # fmt: skip
sec_002 = judge("SEC-002", "2026-01-20", incidents=incidents)
england_result, scotland_result = sec_002["INC-ENG1"], sec_002["INC-SCO1"]
assert england_result.due_on == D(2026, 1, 2)
assert england_result.status is WARN  # done, but late: "met late"
assert scotland_result.due_on == D(2026, 1, 5)
assert scotland_result.status is PASS  # on its due date

# The result's evidence carries the arithmetic, so a manager can check it.
evidence = scotland_result.evidence
assert evidence["runs_from"] == D(2025, 12, 31)
assert evidence["region"] == "scotland"
assert evidence["rule"] == "1 working day after: timeliness.escalation_working_days (1)"
assert [item["date"] for item in evidence["skipped"]] == [
    D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3), D(2026, 1, 4)
]  # fmt: skip
assert england_result.evidence["skipped"] == [{"date": D(2026, 1, 1), "reason": "New Year's Day"}]

# Not done yet: fail once the due date has passed, warn while it is ahead.
open_incident = jc.Incident("INC-9", "SCO1", "lost_smartcard", reported_on=D(2025, 12, 31))
assert judge("SEC-002", "2026-01-05", incidents=[open_incident])["INC-9"].status is WARN
assert judge("SEC-002", "2026-01-06", incidents=[open_incident])["INC-9"].status is FAIL
# [end]

# [calendar-periods]
# Calendar checks: one check in each complete month (or quarter) that overlaps the lookback
# window [as_of - lookback_months, as_of] and the subject's time in scope. On 2026-11-23
# with lookback_months = 12 the window starts on 2025-11-23: November 2025 overlaps it and
# is judged in full; November 2026 is not over yet and is not judged.
as_of = D(2026, 11, 23)
months = [
    period_label(first, Period.MONTH) for first, _ in judged_periods(as_of, 12, Period.MONTH)
]
assert months[0] == "2025-11"
assert months[-1] == "2026-10"
assert len(months) == 12
quarters = judged_periods(as_of, 12, Period.QUARTER)
assert [period_label(first, Period.QUARTER) for first, _ in quarters] == [
    "2025Q4", "2026Q1", "2026Q2", "2026Q3"
]  # fmt: skip

# CHK-009 (GPC statement, calendar(month), enrolled): a card held from 20 March 2026 is
# judged from March (partly in scope, judged in full) to October; July has no check.
enrolments = [jc.Enrolment("gpc_statement", "S1", "ENG1", from_on=D(2026, 3, 20))]
checks = [
    jc.CheckRecord("gpc_statement", "ENG1", D(2026, month, 25), subject_id="S1")
    for month in (3, 4, 5, 6, 8, 9, 10)
]
chk_009 = judge("CHK-009", "2026-11-23", enrolments=enrolments, checks=checks, events=[])["S1"]
assert chk_009.status is FAIL
assert "2026-07" in chk_009.message
assert chk_009.evidence["missing"] == ["2026-07"]
assert chk_009.due_on == D(2026, 7, 31)  # the end of the first missing period

# CHK-015 (Health & Safety, calendar(quarter), office): 2026Q3 has no check at ENG1.
checks = [
    jc.CheckRecord("health_safety", office, day)
    for office in ("ENG1", "SCO1")
    for day in (D(2025, 12, 1), D(2026, 3, 2), D(2026, 6, 1), D(2026, 9, 30))
    if (office, day) != ("ENG1", D(2026, 9, 30))
]
chk_015 = judge("CHK-015", "2026-11-23", checks=checks, events=[], enrolments=[])
assert chk_015["ENG1"].status is FAIL
assert chk_015["ENG1"].evidence["missing"] == ["2026Q3"]
assert chk_015["SCO1"].status is PASS
# [end]

# [interval-checks]
# interval(N): due on the last check + N months. CHK-012 (emergency reminder, every 6
# months, office): last reminded 31 May 2026, so due 30 November 2026 (clipped).
checks = [jc.CheckRecord("emergency_reminder", "ENG1", D(2026, 5, 31))]
chk_012 = judge("CHK-012", "2026-11-23", checks=checks, events=[], enrolments=[])["ENG1"]
assert chk_012.due_on == D(2026, 11, 30)
assert chk_012.status is WARN

# start_then_interval(24): CHK-013 (eye care) is first due on started_on (before VDU
# work), then 24 months after the last test.
staff = [
    jc.Staff("S3", "C. Coach", "ENG1", jc.Grade.AO, "work_coach", started_on=D(2026, 10, 1)),
    jc.Staff("S4", "D. Coach", "ENG1", jc.Grade.AO, "work_coach", started_on=D(2020, 1, 6)),
]
checks = [jc.CheckRecord("eye_care", "ENG1", D(2024, 12, 10), subject_id="S4")]
evidence = jc.Evidence.from_records(
    offices=OFFICES, staff=staff, checks=checks, events=[], enrolments=[]
)
report = jc.evaluate(evidence, as_of="2026-11-23", plugins=PLUGINS, only=["CHK-013"])
chk_013 = {result.subject_id: result for result in report.results}
assert chk_013["S3"].due_on == D(2026, 10, 1)
assert chk_013["S3"].status is FAIL
assert chk_013["S4"].due_on == D(2026, 12, 10)
assert chk_013["S4"].status is WARN
# [end]

# [on-event-checks]
# on_event(leaver): CHK-030 (staff leaving) is due checks.as_required_working_days (10)
# working days after each event. A leaver on Friday 20 November 2026: due 4 December in
# England, 7 December in Scotland (St Andrew's Day, Monday 30 November, is skipped).
events = [
    jc.Event("leaver", "ENG1", D(2026, 11, 20), subject_id="S1"),
    jc.Event("leaver", "SCO1", D(2026, 11, 20), subject_id="S2"),
]
chk_030 = judge("CHK-030", "2026-11-23", events=events, checks=[], enrolments=[])
assert chk_030["S1"].due_on == D(2026, 12, 4)
assert chk_030["S2"].due_on == D(2026, 12, 7)
assert chk_030["S2"].status is WARN  # not done, due within warn_days
# A check done after the due date meets it late: warn.
late = [jc.CheckRecord("staff_leaving", "ENG1", D(2026, 12, 8), subject_id="S1")]
chk_030 = judge("CHK-030", "2026-12-10", events=events, checks=late, enrolments=[])
assert chk_030["S1"].status is WARN
# [end]

# [bcs-validation]
# CHK-038: for each complete quarter of the lookback window, n = the checks recorded in
# BCS at the office in the quarter; sample_size(n) bcs_validation checks must be performed
# in the quarter or within bcs.validation_lag_days (30) after it.
plan = jc.ISO2859Level2()
assert plan.sample_size(18) == 5  # ISO 2859-1 level II: a lot of 16-25 needs 5

bcs = jc.RecordedIn.BCS
checks = [
    jc.CheckRecord("flexi_records", "ENG1", D(2026, 7, 1) + dt.timedelta(days=5 * i),
                   subject_id=f"S{i}", recorded_in=bcs)
    for i in range(18)
] + [
    jc.CheckRecord("bcs_validation", "ENG1", day)
    for day in (D(2026, 9, 15), D(2026, 10, 12), D(2026, 10, 28))
]  # fmt: skip
# 3 of 5 validated. While the lag window is open (to 2026-10-30) the quarter warns ...
window_open = judge("CHK-038", "2026-10-29", checks=checks)["ENG1"]
assert window_open.status is WARN
assert "2026Q3: 3 of 5" in window_open.message
# ... and once it has closed, it fails.
window_closed = judge("CHK-038", "2026-11-23", checks=checks)["ENG1"]
assert window_closed.status is FAIL
assert "2026Q3: 3 of 5" in window_closed.message
# [end]

# [retention]
# JCC-004: a dormant Claimant Commitment is due to be destroyed on dormant_since +
# retention.jcc_dormant_months (24), clipped to month end like every month arithmetic.
ccs = [
    jc.ClaimantCommitment(
        "CC1", "CL-0001", "ENG1", 1, D(2023, 1, 9), jc.CcChannel.SCS,
        jc.CcStatus.DORMANT, dormant_since=D(2024, 2, 29),
    ),
]  # fmt: skip
jcc_004 = judge("JCC-004", "2026-03-01", claimant_commitments=ccs)["CC1"]
assert jcc_004.due_on == D(2026, 2, 28)
assert jcc_004.status is FAIL  # not destroyed, retention over
assert jcc_004.evidence["runs_from"] == D(2024, 2, 29)
assert jcc_004.evidence["retention_rule"] == "dormant-cc"
# [end]
