"""The central Quality Team's BCS validations of an office's checks (SEC §28). Internal."""

from __future__ import annotations

import datetime as dt

from jcp_controls.calendar import add_months
from jcp_controls.controls.bcs import ISO2859Level2
from jcp_controls.demo.base import LOOKBACK
from jcp_controls.demo.checkbook import Schedule
from jcp_controls.models import RecordKind

_K = RecordKind


class Validations(Schedule):
    """BCS validations sized by ISO 2859-1 level II."""

    def validations(self) -> None:
        """BCS validation by the central Quality Team (SEC §28): for each complete quarter of
        the last fifteen months, a sample of its BCS checks sized by ISO 2859-1 level II,
        validated in the quarter's last weeks; one quarter short when the office has that
        fault."""
        rng = self.rng
        as_of = self.gen.as_of
        plan = ISO2859Level2()
        current = (as_of.year, (as_of.month - 1) // 3)
        oldest = add_months(as_of, -15)
        window = add_months(as_of, -LOOKBACK)
        quarters: list[tuple[tuple[int, int], dt.date, dt.date]] = []
        for key in sorted(self.bcs):
            year, quarter = key
            first = dt.date(year, quarter * 3 + 1, 1)
            last = add_months(first, 3) - dt.timedelta(days=1)
            if key < current and last >= oldest:
                quarters.append((key, first, last))
        short = None
        if "bcs_validation_short" in self.faults:
            closed = [
                key
                for key, _first, last in quarters
                if last >= window and (last + dt.timedelta(days=30)).toordinal() < self.today
            ]
            short = rng.choice(closed) if closed else None
        for key, _first, last in quarters:
            required = plan.sample_size(self.bcs[key])
            if key == short:
                required = rng.randint(0, required - 1)
            end = last.toordinal()
            for _ in range(required):
                self.sink.row(
                    _K.CHECKS,
                    check_type="bcs_validation",
                    office_id=self.ctx.oid,
                    performed_on=dt.date.fromordinal(rng.randint(end - 40, end)),
                    performed_by="quality_team",
                    outcome="pass" if rng.random() < 0.95 else "exception",
                    recorded_in="bcs",
                )
