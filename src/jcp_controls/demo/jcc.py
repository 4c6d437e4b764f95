"""Claimant Commitments (pseudonymous ``claimant_ref`` only) and the monthly JSA CC
folder-access and information-asset reviews. Internal."""

from __future__ import annotations

import calendar as _stdcalendar
import datetime as dt

from jcp_controls.calendar import add_months
from jcp_controls.demo.base import LOOKBACK, RETENTION_MONTHS, OfficeContext, Part, Run
from jcp_controls.models import RecordKind

_K = RecordKind


def months_later(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clipped to the month end (cheap)."""
    years, index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, index + 1
    return dt.date(year, month, min(day.day, _stdcalendar.monthrange(year, month)[1]))


class Jcc(Part):
    """Writes Claimant Commitments and the office's monthly folder and asset reviews."""

    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self.claimant_seq = 0
        self.cc_seq = 0

    def office_reviews(self, ctx: OfficeContext) -> None:
        """Monthly JSA CC folder-access and information-asset reviews (SEC §36)."""
        rng = self.rng
        judged = self.run.months(LOOKBACK)
        skipped = {
            kind: rng.choice(judged) if fault in ctx.faults else None
            for kind, fault in (
                ("jcc_folder_access", "folder_review_missed"),
                ("jcc_information_assets", "assets_review_missed"),
            )
        }
        for year, month in self.run.months(14):
            for kind in ("jcc_folder_access", "jcc_information_assets"):
                if skipped[kind] == (year, month):
                    continue
                self.sink.row(
                    _K.REVIEWS,
                    office_id=ctx.oid,
                    kind=kind,
                    reviewed_on=dt.date(year, month, rng.randint(3, 26)),
                    reviewer_id=ctx.iam.sid,
                    second_reviewer_id=(
                        rng.choice(ctx.wctls).sid if kind == "jcc_folder_access" else None
                    ),
                )

    def claimants(self, ctx: OfficeContext) -> list[str]:
        """Claimant Commitments (pseudonymous references only, versions 1..n, retained for
        ``retention.jcc_dormant_months`` once dormant); the claimants' references."""
        rng = self.rng
        today = self.today
        refs: list[str] = []

        def claimant() -> str:
            self.claimant_seq += 1
            ref = f"C{self.claimant_seq:07d}"
            refs.append(ref)
            return ref

        def cc(
            ref: str,
            version: int,
            created: int,
            channel: str,
            dormant: int | None = None,
            destroyed: int | None = None,
            *,
            status: str | None = None,
            work_programme: bool | None = None,
        ) -> None:
            if status is None:
                status = "active" if dormant is None else "dormant"
                if destroyed is None and dormant is not None:
                    expiry = months_later(
                        dt.date.fromordinal(dormant), RETENTION_MONTHS
                    ).toordinal()
                    if expiry < today:  # destroyed in the week its retention ended
                        destroyed = min(today - 1, expiry + rng.randint(0, 6))
                if destroyed is not None:
                    status = "destroyed"
            self.cc_seq += 1
            self.sink.row(
                _K.CLAIMANT_COMMITMENTS,
                cc_id=f"CC{self.cc_seq:08d}",
                claimant_ref=ref,
                office_id=ctx.oid,
                version=version,
                created_on=dt.date.fromordinal(created),
                channel=channel,
                status=status,
                dormant_since=dt.date.fromordinal(dormant) if dormant is not None else None,
                destroyed_on=dt.date.fromordinal(destroyed) if destroyed is not None else None,
                work_programme=(None if work_programme is None else str(work_programme).lower()),
            )

        for _ in range(rng.randint(len(ctx.people) // 2, len(ctx.people))):
            ref = claimant()
            versions = 1 if rng.random() < 0.7 else (2 if rng.random() < 0.75 else 3)
            created = [today - rng.randint(10, 1800)]
            for _ in range(versions - 1):
                created.append(created[-1] + rng.randint(20, 200))
            created = [day for day in created if day < today] or [today - 1]
            ended_on: int | None = None
            if rng.random() < 0.35:
                ended_on = created[-1] + rng.randint(30, 600)
                if ended_on >= today:
                    ended_on = None
            channel = "scs" if rng.random() < 0.92 else "clerical"
            for number, day in enumerate(created, start=1):
                dormant = created[number] if number < len(created) else ended_on
                cc(ref, number, day, channel, dormant)
        # CCs of the tactical desktop solution, before the office went live with SCS (SEC §33)
        live = ctx.scs_live_on.toordinal()
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                created_on = live - rng.randint(200, 900)
                dormant = created_on + rng.randint(60, 400)
                cc(
                    claimant(),
                    1,
                    created_on,
                    "tactical",
                    dormant,
                    work_programme=rng.random() < 0.3,
                )
        faults = ctx.faults
        if "two_active_ccs" in faults:  # a new version without retiring the old (JCC-001)
            ref, first = claimant(), today - rng.randint(200, 500)
            cc(ref, 1, first, "scs", status="active")
            cc(ref, 2, first + rng.randint(30, 150), "scs", status="active")
        if "cc_version_gap" in faults:  # version 2 never recorded (JCC-002)
            ref, first = claimant(), today - rng.randint(200, 700)
            third = first + rng.randint(40, 180)
            cc(ref, 1, first, "scs", third)
            cc(ref, 3, third, "scs")
        if "tactical_after_scs" in faults:  # the old desktop PDF used after go-live (JCC-003)
            cc(claimant(), 1, today - rng.randint(100, 600), "tactical")
        if "dormant_past_retention" in faults:  # retention ended, not destroyed (JCC-004)
            dormant = add_months(self.as_of, -RETENTION_MONTHS).toordinal() - rng.randint(15, 150)
            cc(claimant(), 1, dormant - rng.randint(60, 400), "scs", dormant, status="dormant")
        if "cc_destroyed_early" in faults:  # destroyed before its retention ended (JCC-005)
            dormant = today - rng.randint(200, 500)
            cc(
                claimant(),
                1,
                dormant - rng.randint(60, 400),
                "scs",
                dormant,
                dormant + rng.randint(30, 150),
            )
        return refs
