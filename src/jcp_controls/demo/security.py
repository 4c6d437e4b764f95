"""Security: CMS interview cancellations, incidents, system-generated test checks and
waivers. Internal."""

from __future__ import annotations

import datetime as dt

from jcp_controls.demo.base import WORK_COACH, OfficeContext, Part, Run
from jcp_controls.models import RecordKind

_K = RecordKind

WAIVER_REASON = "LMS1 held on the paper file; scanned copy to be attached to the grant"
EYE_WAIVER_REASON = "eye test booked; the optician's first appointment is next month"
EXPIRED_WAIVER_REASON = "extension agreed while the replacement account was built"
INCIDENT_KINDS = ("disclosure", "smartcard", "bogus_caller", "lost_document", "tailgating")
REMEDIAL = (
    "staff reminded of the clear desk policy",
    "smartcard cancelled and reissued",
    "claimant informed; caller details passed to security",
    "document recovered; procedure re-briefed at team meeting",
    "door entry system repaired",
)


class Security(Part):
    """Writes interview cancellations, incidents, test checks and waivers."""

    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self.incident_seq = 0
        self.test_seq = 0

    def cancellations(self, ctx: OfficeContext, refs: list[str]) -> None:
        """New-claim interviews of the office's claimants (``refs``) cancelled by the CMS
        rebuild, rebooked "immediately" (IT §24)."""
        rng = self.rng
        today = self.today
        faults = ctx.faults
        cancellations: list[tuple[int, str, int | None]] = []
        for _ in range(rng.randint(0, 4)):
            cancelled = today - rng.randint(2, 180)
            reason = "cms_rebuild" if rng.random() < 0.8 else "other"
            late = rng.random() < 0.03
            rebooked = cancelled + (rng.randint(4, 8) if late else rng.randint(0, 1))
            cancellations.append((cancelled, reason, rebooked))
        if "interview_not_rebooked" in faults:
            cancellations.append((today - rng.randint(10, 120), "cms_rebuild", None))
        if "W_interview_rebooked_late" in faults:
            cancelled = today - rng.randint(20, 120)
            cancellations.append((cancelled, "cms_rebuild", cancelled + rng.randint(7, 10)))
        for cancelled, reason, rebooked_day in cancellations:
            self.sink.row(
                _K.INTERVIEW_CANCELLATIONS,
                claimant_ref=rng.choice(refs),
                office_id=ctx.oid,
                cancelled_on=dt.date.fromordinal(cancelled),
                reason=reason,
                rebooked_on=(
                    dt.date.fromordinal(rebooked_day)
                    if rebooked_day is not None and rebooked_day < today
                    else None
                ),
            )

    def incidents(self, ctx: OfficeContext) -> None:
        """Security incidents, reported and escalated within a working day (SEC §36, §45)."""
        rng = self.rng
        today = self.today
        # occurred, reported, escalated (None: not yet), closed (None: open), remedial action
        planned: list[tuple[int, int, int | None, bool, bool]] = []
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            occurred = today - rng.randint(5, 360)
            reported = occurred + rng.choice((0, 0, 1))
            delay = rng.randint(7, 10) if rng.random() < 0.02 else rng.choice((0, 0, 0, 1))
            planned.append((occurred, reported, reported + delay, True, True))
        if "incident_not_escalated" in ctx.faults:
            occurred = today - rng.randint(10, 200)
            planned.append((occurred, occurred, None, False, False))
        if "W_incident_escalated_late" in ctx.faults:
            occurred = today - rng.randint(30, 300)
            planned.append((occurred, occurred, occurred + rng.randint(7, 10), True, True))
        if "incident_no_remedial_action" in ctx.faults:
            occurred = today - rng.randint(90, 300)
            planned.append((occurred, occurred, occurred + 1, True, False))
        for occurred, reported, escalated, may_close, remedied in planned:
            self.incident_seq += 1
            closed: int | None = None
            if escalated is not None and may_close and escalated + 60 < today:
                closed = escalated + rng.randint(5, 60)
            if escalated is not None and escalated >= today:
                escalated = None
            index = rng.randrange(len(INCIDENT_KINDS))
            self.sink.row(
                _K.INCIDENTS,
                incident_id=f"INC{self.incident_seq:06d}",
                office_id=ctx.oid,
                kind=INCIDENT_KINDS[index],
                occurred_on=dt.date.fromordinal(occurred),
                reported_on=dt.date.fromordinal(reported),
                escalated_on=dt.date.fromordinal(escalated) if escalated is not None else None,
                remedial_action=REMEDIAL[index] if closed is not None and remedied else None,
                closed_on=dt.date.fromordinal(closed) if closed is not None else None,
            )

    def test_checks(self, ctx: OfficeContext) -> None:
        """System-generated test checks, their forms completed immediately (SEC §30)."""
        rng = self.rng
        today = self.today
        coaches = [p for p in ctx.people if p.role == WORK_COACH and p.left_on is None]
        planned: list[tuple[int, int | None]] = []
        for _ in range(rng.randint(2, 6)):
            generated = today - rng.randint(1, 360)
            late = rng.random() < 0.02
            planned.append(
                (generated, generated + (rng.randint(4, 8) if late else rng.choice((0, 0, 1))))
            )
        if "test_check_form_missing" in ctx.faults:
            planned.append((today - rng.randint(10, 200), None))
        if "W_test_check_form_late" in ctx.faults:
            generated = today - rng.randint(20, 200)
            planned.append((generated, generated + rng.randint(7, 10)))
        for generated, completed in planned:
            self.test_seq += 1
            self.sink.row(
                _K.TEST_CHECKS,
                test_check_id=f"TC{self.test_seq:06d}",
                staff_id=rng.choice(coaches).sid,
                office_id=ctx.oid,
                generated_on=dt.date.fromordinal(generated),
                form_completed_on=(
                    dt.date.fromordinal(completed)
                    if completed is not None and completed < today
                    else None
                ),
            )

    def waivers(self) -> None:
        """Waivers covering a real ACC and a real CHK finding, and one that has expired."""
        rng = self.rng
        found = self.run.first_found.get("no_lms1_form")
        if found is not None:
            gid, approver, _ = found
            self.sink.row(
                _K.WAIVERS,
                control_id="ACC-004",
                subject_id=gid,
                reason=WAIVER_REASON,
                approved_by=approver,
                approved_on=self.ago(rng.randint(5, 30)),
                expires_on=self.ago(-rng.randint(30, 90)),
            )
        eyes = self.run.first_found.get("eye_test_missing")
        if eyes is not None:
            sid, approver, _ = eyes
            self.sink.row(
                _K.WAIVERS,
                control_id="CHK-013",
                subject_id=sid,
                reason=EYE_WAIVER_REASON,
                approved_by=approver,
                approved_on=self.ago(rng.randint(5, 30)),
                expires_on=self.ago(-rng.randint(20, 60)),
            )
        expired = self.run.first_found.get("pseudo_past_end")
        if expired is not None:
            gid, approver, end_on = expired
            assert end_on is not None
            self.sink.row(
                _K.WAIVERS,
                control_id="ACC-011",
                subject_id=gid,
                reason=EXPIRED_WAIVER_REASON,
                approved_by=approver,
                approved_on=end_on - dt.timedelta(days=rng.randint(10, 30)),
                expires_on=end_on + dt.timedelta(days=2),
            )
