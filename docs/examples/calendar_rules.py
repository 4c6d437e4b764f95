"""Due-date arithmetic as the controls use it (docs/concepts.rst runs as written)."""

import datetime as dt

import jcp_controls as jc

# Month arithmetic is calendar arithmetic clipped to the month's end.
assert jc.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
assert jc.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)

# "1 working day after 31 December 2025": 1 January is a bank holiday everywhere, but
# 2 January is one only in Scotland.
new_year = dt.date(2025, 12, 31)
assert jc.working_days_after(new_year, 1, jc.Region.ENGLAND) == dt.date(2026, 1, 2)
assert jc.working_days_after(new_year, 1, jc.Region.SCOTLAND) == dt.date(2026, 1, 5)
assert not jc.is_working_day(dt.date(2026, 1, 2), jc.Region.SCOTLAND)
