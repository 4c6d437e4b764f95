"""``due --format ics`` (issue 10 item 8; interface "Additions"): an iCalendar file with one
event per check falling due, naming its owner, office, control title and citation, that a
calendar program (here the icalendar parser) reads back."""

from __future__ import annotations

import builtins
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import icalendar
import pytest

import jcp_controls as jc
from jcp_controls.demo import write_demo
from jcp_controls.report import ics

from .conftest import AS_OF, NASTY, Cli, control, make_report, result

CONTROLS = [
    control("ACC-009", "access-reviewed-regularly", citation="SEC §44"),
    control("CHK-003", "driving-licence", citation="SEC Annex 1 (Driving Licence check)"),
]
REPORT = make_report(
    [
        result("ACC-009", jc.Status.FAIL, due_on=dt.date(2026, 11, 1), subject_id="G1"),
        result("ACC-009", jc.Status.WARN, due_on=dt.date(2026, 12, 1), subject_id="G2"),
        result("ACC-009", jc.Status.FAIL, subject_id="G3"),  # not met, no date
        result(
            "CHK-003",
            jc.Status.WARN,
            office_id="OF002",
            subject_kind=jc.SubjectKind.STAFF,
            subject_id="S7",
            staff_id="S7",
            due_on=dt.date(2026, 12, 5),
            message=f"due 2026-12-05; {NASTY}",
        ),
    ],
    CONTROLS,
)


def events(text: str) -> list[Any]:
    parsed = icalendar.Calendar.from_ical(text)
    assert parsed["VERSION"] == "2.0"
    assert parsed["PRODID"] == ics.PRODID
    return list(parsed.walk("VEVENT"))


def test_one_event_per_dated_entry_with_owner_office_title_and_citation() -> None:
    calendar = REPORT.due()
    found = events(calendar.render("ics"))
    dated = [entry for entry in calendar.entries if entry.due_on is not None]
    assert len(found) == len(dated) == 3
    for event, entry in zip(found, dated, strict=True):
        control = calendar.control(entry.control_id)
        assert control is not None
        title = control.name.replace("-", " ").capitalize()
        assert event.decoded("DTSTART") == entry.due_on
        assert event.decoded("DTEND") == entry.due_on + dt.timedelta(days=1)
        summary = str(event["SUMMARY"])
        assert f"{entry.control_id} {title}" in summary
        assert summary.startswith("OVERDUE ") == (entry.section == "overdue")
        description = str(event["DESCRIPTION"])
        for text in (
            f"Owner: {entry.owner}",
            f"Office: {entry.office_id}",
            f"Citation: {control.citation}",
            entry.message,
        ):
            assert text in description
        assert str(event["X-JCP-OWNER"]) == entry.owner
        assert str(event["X-JCP-CITATION"]) == control.citation
        assert str(event["LOCATION"]) == f"Office {entry.office_id}"
    assert len({str(event["UID"]) for event in found}) == 3


def test_uids_stay_the_same_for_the_same_obligation() -> None:
    first = events(REPORT.due().render("ics"))
    later = events(
        jc.Report(**{**_fields(REPORT), "as_of": dt.date(2026, 11, 25)}).due().render("ics")
    )
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in later]


def _fields(report: jc.Report) -> dict[str, Any]:
    return {name: getattr(report, name) for name in ("as_of", "policy", "controls", "results")}


def test_deterministic_crlf_and_folded() -> None:
    text = REPORT.due().render("ics")
    assert text == REPORT.due().render("ics")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)


def test_without_icalendar_a_clear_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_icalendar(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "icalendar" or name.startswith("icalendar."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_icalendar)
    monkeypatch.delitem(sys.modules, "icalendar", raising=False)
    with pytest.raises(jc.UsageError, match=r"pip install 'jcp-controls\[ics\]'"):
        ics.render(REPORT.due())


def test_cli_due_format_ics(run_cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    write_demo(folder, offices=1, seed=3, as_of=AS_OF)
    target = tmp_path / "due.ics"
    code, out, err = run_cli(
        "due", folder, "--as-of", AS_OF.isoformat(), "--format", f"ics:{target}"
    )
    assert code == 0, err
    assert out == ""
    calendar = jc.evaluate(jc.load(folder), as_of=AS_OF).due()
    assert target.read_bytes() == calendar.render("ics").encode("utf-8")
    dated = [entry for entry in calendar.entries if entry.due_on is not None]
    assert {entry.section for entry in dated} == {"overdue", "due"}
    assert len(events(target.read_text(encoding="utf-8"))) == len(dated)
