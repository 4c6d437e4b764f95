"""The evidence records of an SCCS export: security check results (``checks``, recorded in
``sccs``) and system-generated test checks (``test_checks``, SEC §30)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

import jcp_controls as jc
from jcp_controls_sccs.mapping import Format
from jcp_controls_sccs.reader import Row, Table

__all__ = ["Records", "build_records"]

SOURCE = "sccs"

_KINDS = {"checks": jc.RecordKind.CHECKS, "test_checks": jc.RecordKind.TEST_CHECKS}


@attrs.define
class Records:
    """What an export yields: records and origins per kind, issues, rejected kinds."""

    records: dict[str, list[Any]] = attrs.field(factory=dict)
    origins: dict[str, list[jc.Origin]] = attrs.field(factory=dict)
    issues: list[jc.InputIssue] = attrs.field(factory=list)
    rejected: set[jc.RecordKind] = attrs.field(factory=set)

    def bucket(self, kind: jc.RecordKind) -> tuple[list[Any], list[jc.Origin]]:
        """The lists to append records of ``kind`` and their origins to (present, even
        when empty, once asked for)."""
        return (
            self.records.setdefault(kind.value, []),
            self.origins.setdefault(kind.value, []),
        )


def _checks(table: Table, fmt: Format, out: Records) -> None:
    row = Row(table, fmt, SOURCE)
    records, origins = out.bucket(jc.RecordKind.CHECKS)
    outcomes = {outcome.value: outcome for outcome in jc.CheckOutcome}
    for line, cells in table.rows:
        row.start(line, cells)
        row.text("check_ref")
        office_id = row.required_text("office_id")
        check_type = row.required_code("check_type")
        performed_on = row.required_date("performed_on")
        subject_id = row.text("subject_id")
        performed_by = row.text("performed_by")
        outcome = row.code("outcome")
        if not row.ok:
            continue
        records.append(
            jc.CheckRecord(
                check_type=check_type,
                office_id=office_id,
                performed_on=performed_on,
                subject_id=subject_id,
                performed_by=performed_by,
                outcome=outcomes[outcome] if outcome is not None else None,
                recorded_in=jc.RecordedIn.SCCS,
            )
        )
        origins.append(jc.Origin(SOURCE, table.file, line))
    out.issues.extend(row.issues)


def _test_checks(table: Table, fmt: Format, out: Records) -> None:
    row = Row(table, fmt, SOURCE)
    records, origins = out.bucket(jc.RecordKind.TEST_CHECKS)
    for line, cells in table.rows:
        row.start(line, cells)
        test_check_id = row.required_text("test_check_id")
        staff_id = row.required_text("staff_id")
        office_id = row.required_text("office_id")
        generated_on = row.required_date("generated_on")
        form_completed_on = row.date("form_completed_on")
        row.text("status")
        if not row.ok:
            continue
        records.append(
            jc.TestCheck(
                test_check_id=test_check_id,
                staff_id=staff_id,
                office_id=office_id,
                generated_on=generated_on,
                form_completed_on=form_completed_on,
            )
        )
        origins.append(jc.Origin(SOURCE, table.file, line))
    out.issues.extend(row.issues)


def build_records(
    tables: Mapping[str, Table | None],
    fmt: Format,
    layout_issues: Sequence[jc.InputIssue] = (),
) -> Records:
    """Records of the tables read (a table is None when its file is missing or unusable:
    its kind is then rejected)."""
    out = Records()
    out.issues.extend(layout_issues)
    for name, read in (("checks", _checks), ("test_checks", _test_checks)):
        kind = _KINDS[name]
        table = tables.get(name)
        if table is None:
            out.rejected.add(kind)
            continue
        read(table, fmt, out)
        if any(issue.file == table.file for issue in out.issues):
            out.rejected.add(kind)
    return out
