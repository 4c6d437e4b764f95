"""Set-based implementations of the built-in controls: one SQL ``SELECT`` per control.

A control's per-subject Python rule is the readable reference (what a plugin control
writes, and what explains one result). Its set-based implementation, declared beside it
(``sql=`` on :meth:`~jcp_controls.controls.base.ControlSet.control`), computes the same
results for every subject in scope at once, as one query over the columnar evidence store
(:mod:`jcp_controls.columnar`). A differential test proves the two give identical status,
due date, message and evidence for every subject of many seeded and generated estates.

This package only writes SQL text; it imports no database. See :class:`SqlContext` for the
tables, the macros and the columns a query must return.
"""

from jcp_controls.controls.sql.context import RESULT_COLUMNS, SqlContext, SqlRule

__all__ = ["RESULT_COLUMNS", "SqlContext", "SqlRule"]
