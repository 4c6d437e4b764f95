"""Access: the role matrix, LMS and JSA CC folder grants with their LMS1 forms, grant
reviews, pseudo accounts and orphan accounts. Internal."""

from __future__ import annotations

import datetime as dt

from jcp_controls.calendar import add_months
from jcp_controls.demo.base import (
    CSM,
    LINE_MANAGER,
    SDS,
    SERVICE_AGENT,
    WCTL,
    WORK_COACH,
    OfficeContext,
    Part,
    Person,
    Run,
)
from jcp_controls.models import RecordKind

_K = RecordKind

#: The access role matrix (SEC §44) the demo ships: permitted entitlements per job role.
MATRIX: dict[str, dict[str, tuple[str, ...]]] = {
    "lms": {
        CSM: ("lms_manager", "lms_enquiry"),
        WCTL: ("lms_team_leader", "lms_adviser", "lms_enquiry"),
        WORK_COACH: ("lms_adviser", "lms_enquiry"),
        LINE_MANAGER: ("lms_manager", "lms_enquiry"),
        SDS: ("lms_admin_support", "lms_enquiry"),
        SERVICE_AGENT: ("lms_enquiry",),
    },
    "jcc_folder": {
        CSM: ("read", "full"),
        WCTL: ("read", "edit", "full"),
        WORK_COACH: ("read", "edit"),
        LINE_MANAGER: ("read", "full"),
        SDS: ("read",),
    },
}
#: The entitlement a holder of each role is normally given.
LMS_GROUP = {
    CSM: "lms_manager",
    WCTL: "lms_team_leader",
    WORK_COACH: "lms_adviser",
    LINE_MANAGER: "lms_manager",
    SDS: "lms_admin_support",
    SERVICE_AGENT: "lms_enquiry",
}
FOLDER_LEVEL = {CSM: "full", WCTL: "full", WORK_COACH: "edit", LINE_MANAGER: "full", SDS: "read"}

PSEUDO_REASONS = (
    "training environment for new starter induction",
    "cover account for the Saturday claims surge",
    "system test account for the LMS release",
    "shared account for the jobs fair outreach desk",
)


class Access(Part):
    """Writes the role matrix, grants and their reviews."""

    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self.grant_seq = 0
        self.orphan_seq = 0
        self.form_seq = 0

    def matrix(self) -> None:
        """The access role matrix (SEC §44), once for the folder."""
        sink = self.sink
        for system, roles in MATRIX.items():
            for role, entitlements in roles.items():
                for entitlement in entitlements:
                    sink.row(
                        _K.ACCESS_ROLE_MATRIX,
                        system=system,
                        job_role=role,
                        entitlement=entitlement,
                    )

    def grants(
        self,
        ctx: OfficeContext,
        p: Person,
        grant_day: int,
        role_since: int | None,
        removal: int | None,
        returned: int | None,
    ) -> None:
        """The person's LMS and folder grants over their history, and their reviews."""
        rng = self.rng
        today = self.today
        fault = p.fault
        changed = p.prev_role is not None and role_since is not None
        first_role = p.prev_role or p.role
        # (system, entitlement, granted_on, removed_on, role-change review day)
        grants: list[tuple[str, str, int, int | None, int | None]] = []
        for system, levels in (("lms", LMS_GROUP), ("jcc_folder", FOLDER_LEVEL)):
            day = grant_day + (rng.randint(0, 10) if system == "jcc_folder" else 0)
            old = levels.get(first_role)
            new = levels.get(p.role)
            if system == "lms" and fault == "entitlement_not_in_matrix":
                old = new = "lms_manager"
            if not changed or role_since is None or role_since <= day:
                if new is not None and not (
                    system == "jcc_folder" and p.role in (WORK_COACH, SDS) and rng.random() < 0.1
                ):
                    grants.append((system, new, day, None, None))
            elif old is None:
                if new is not None:
                    grants.append((system, new, role_since + rng.randint(1, 10), None, None))
            elif old in MATRIX[system].get(p.role, ()):
                review = (
                    None
                    if fault == "role_change_not_reviewed"
                    else role_since + rng.randint(2, 25)
                )
                grants.append((system, old, day, None, review))
            else:  # the role-change review changed the entitlement: old grant out, new in
                moved = role_since + rng.randint(1, 10)
                grants.append((system, old, day, moved, None))
                if new is not None:
                    grants.append((system, new, moved, None, None))
        left = p.left_on.toordinal() if p.left_on is not None else None
        for system, entitlement, granted, removed, review in grants:
            if removed is None and removal is not None and granted < removal:
                self.grant(ctx, p, system, entitlement, granted, removal, None)
                if returned is not None and returned < today:
                    self.grant(ctx, p, system, entitlement, returned, None, None)
                continue
            if left is not None and fault != "leaver_access_held":
                if granted > left:
                    continue
                removed = left + rng.randint(0, 1) if removed is None else min(removed, left)
            self.grant(ctx, p, system, entitlement, granted, removed, review)

    def grant(
        self,
        ctx: OfficeContext,
        p: Person,
        system: str,
        entitlement: str,
        granted: int,
        removed: int | None,
        review_day: int | None,
    ) -> None:
        """One grant, with its LMS1 form, its authoriser and its reviews."""
        rng = self.rng
        self.grant_seq += 1
        gid = f"G{self.grant_seq:07d}"
        granted_on = dt.date.fromordinal(granted)
        fault = p.fault
        active = removed is None
        form_ref: str | None = None
        if system == "lms":
            auth: str | None = self.lms_authoriser(ctx, p.sid, granted_on)
            if active and fault == "no_authoriser":
                auth = None
            elif active and fault == "unauthorised_grant":
                others = [q.sid for q in ctx.people if q.role == WORK_COACH and q is not p]
                auth = rng.choice(others)
            elif active and fault == "authorised_by_ao_delegate" and ctx.ao_delegate is not None:
                auth = ctx.ao_delegate.sid
            self.form_seq += 1
            form_ref = f"LMS1/{ctx.oid}/{granted_on.year}/{self.form_seq:06d}"
            if active and fault == "no_lms1_form":
                form_ref = None
                self.run.first_found.setdefault(fault, (gid, ctx.csm.sid, None))
            reviewer = ctx.csm.sid if p is not ctx.csm else ctx.iam.sid
            account = f"L{p.sid[1:]}"
        else:
            if p is ctx.iam:
                auth = rng.choice(ctx.wctls).sid
            elif p.role == WCTL or rng.random() < 0.5:
                auth = ctx.iam.sid
            else:
                auth = p.lm if p.lm in ctx.wctl_ids else rng.choice(ctx.wctls).sid
            if active and fault == "self_authorised":
                auth = p.sid
            elif active and fault == "no_authoriser":
                auth = None
            reviewer = ctx.iam.sid if p is not ctx.iam else ctx.csm.sid
            account = p.sid.lower()
        self.sink.row(
            _K.ACCESS_GRANTS,
            grant_id=gid,
            system=system,
            account_id=account,
            staff_id=p.sid,
            entitlement=entitlement,
            granted_on=granted_on,
            authorised_by=auth,
            form_ref=form_ref,
            pseudo="false",
            removed_on=dt.date.fromordinal(removed) if removed is not None else None,
        )
        if review_day is not None and review_day < self.today:
            self.review(gid, review_day, reviewer, "retain")
        if removed is not None:
            if removed <= self.today:
                self.review(gid, removed, reviewer, "remove")
            return
        self.periodic_reviews(gid, granted, reviewer, fault, p.role_since)

    def periodic_reviews(
        self,
        gid: str,
        granted: int,
        reviewer: str,
        fault: str | None,
        role_since: dt.date | None,
    ) -> None:
        """The latest quarterly review of an active grant (and, half the time, the one before)."""
        rng = self.rng
        today = self.today
        if fault == "review_overdue":
            last = max(granted + 1, today - rng.randint(100, 250))
        elif fault == "W_review_due":
            last = add_months(self.as_of, -3).toordinal() + rng.randint(1, 25)
        elif fault == "role_change_not_reviewed" and role_since is not None:
            last = role_since.toordinal() - rng.randint(3, 30)
        elif granted >= today - 55:
            return
        else:
            last = rng.randint(max(granted + 1, today - 55), today - 5)
        if last <= granted:
            return
        earlier = add_months(dt.date.fromordinal(last), -3).toordinal() + rng.randint(-5, 5)
        if earlier > granted and rng.random() < 0.5:
            self.review(gid, earlier, reviewer, "retain")
        self.review(gid, last, reviewer, "retain")

    def review(self, gid: str, day: int, reviewer: str, outcome: str) -> None:
        """One review of a grant."""
        self.sink.row(
            _K.ACCESS_REVIEWS,
            grant_id=gid,
            reviewed_on=dt.date.fromordinal(day),
            reviewer_id=reviewer,
            outcome=outcome,
        )

    def lms_authoriser(self, ctx: OfficeContext, holder: str, granted_on: dt.date) -> str:
        """The CSM, or an LMS delegate (not the holder) appointed by ``granted_on``."""
        rng = self.rng
        delegates = [d.sid for d in ctx.delegates if d.from_on <= granted_on and d.sid != holder]
        if holder == ctx.csm.sid:
            if delegates:
                return rng.choice(delegates)
            others = [d.sid for d in ctx.delegates if d.sid != holder]
            return others[0] if others else ctx.iam.sid
        if delegates and rng.random() < 0.6:
            return rng.choice(delegates)
        return ctx.csm.sid

    def office_grant(self, ctx: OfficeContext, fault: str | None) -> None:
        """A pseudo account, or (``orphan_account``) an account with no known holder."""
        rng = self.rng
        self.grant_seq += 1
        gid = f"G{self.grant_seq:07d}"
        granted = self.today - rng.randint(20, 200)
        self.form_seq += 1
        form_ref = f"LMS1/{ctx.oid}/{dt.date.fromordinal(granted).year}/{self.form_seq:06d}"
        if fault == "orphan_account":
            self.orphan_seq += 1
            holder = f"AGY{self.orphan_seq:05d}" if rng.random() < 0.5 else None
            self.sink.row(
                _K.ACCESS_GRANTS,
                grant_id=gid,
                system="lms",
                account_id=f"L9{self.orphan_seq:05d}",
                staff_id=holder,
                office_id=ctx.oid,
                entitlement="lms_enquiry",
                granted_on=dt.date.fromordinal(granted),
                authorised_by=ctx.csm.sid,
                form_ref=form_ref,
                pseudo="false",
            )
            self.periodic_reviews(gid, granted, ctx.csm.sid, None, None)
            return
        reason: str | None = rng.choice(PSEUDO_REASONS)
        end = self.today + rng.randint(35, 250)
        if fault == "pseudo_no_reason":
            reason = None
        elif fault == "pseudo_past_end":
            end = self.today - rng.randint(5, 15)
        elif fault == "W_pseudo_ending":
            end = self.today + rng.randint(1, 25)
        end_on = dt.date.fromordinal(end)
        if fault == "pseudo_past_end":
            self.run.first_found.setdefault(fault, (gid, ctx.csm.sid, end_on))
        self.sink.row(
            _K.ACCESS_GRANTS,
            grant_id=gid,
            system="lms",
            account_id=f"PSEUDO-{ctx.oid}-{self.grant_seq}",
            office_id=ctx.oid,
            entitlement="lms_enquiry",
            granted_on=dt.date.fromordinal(granted),
            authorised_by=ctx.csm.sid,
            form_ref=form_ref,
            pseudo="true",
            pseudo_reason=reason,
            pseudo_end_on=end_on,
        )
        self.periodic_reviews(gid, granted, ctx.csm.sid, None, None)
