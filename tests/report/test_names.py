"""Names beside IDs: the terminal report names the member of staff and the office of each
finding, from the evidence; the JSON report keeps to IDs."""

from __future__ import annotations

import datetime as dt
import json

import jcp_controls as jc

AS_OF = dt.date(2026, 11, 22)


def _report() -> jc.Report:
    evidence = jc.Evidence.from_records(
        offices=[jc.Office("OF1", "Leeds Jobcentre")],
        staff=[jc.Staff("S1", "Sam Coach", "OF1", jc.Grade.AO, "work_coach")],
        designations=[jc.Designation("S1", jc.DesignationKind.LMS_DELEGATE, dt.date(2026, 1, 5))],
    )
    return jc.evaluate(
        evidence, as_of=AS_OF, only=["ACC-014", "SEC-001"], plugins=jc.Plugins(entry_points=False)
    )


def test_the_terminal_report_names_who_and_where() -> None:
    text = _report().render("table")
    assert "Sam Coach, Leeds Jobcentre: LMS delegate of grade ao, below eo" in text
    assert "Leeds Jobcentre: " in text.split("SEC-001", 1)[1]


def test_the_json_report_keeps_to_ids() -> None:
    document = json.dumps(_report().to_dict())
    assert "Sam Coach" not in document
    assert "Leeds Jobcentre" not in document
