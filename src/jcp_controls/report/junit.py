"""The ``junit`` report format: JUnit XML, so a CI system shows findings as failed tests.

The document is one ``<testsuites>`` element holding one ``<testsuite>`` per control
evaluated (``name`` is the control ID and name), in ID order, each with one ``<testcase>``
per listed result of that control, in report order:

- ``classname`` is the control ID and ``name`` says what the result is about
  (``OF001 grant G17 (staff S042)``);
- a ``fail`` or ``warn`` result holds a ``<failure>``, an ``error`` result (evidence that
  could not be evaluated) an ``<error>``: ``message`` is the result's message, ``type`` its
  status, and the text gives the control's title, citation, severity, due date and the
  evidence behind it;
- a ``waived`` result (an accepted exception) holds a ``<skipped>`` naming the waiver;
- a ``pass`` result (listed only with ``include_passes``) is a test case that passed.

A control with nothing to report is an empty suite (``tests="0"``), so the whole catalogue
shows. Counts (``tests``, ``failures``, ``errors``, ``skipped``) are given on every suite and
on ``<testsuites>``. Text that XML 1.0 cannot hold (control characters) is written as
``\\xNN``. The same report always gives the same bytes.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from jcp_controls.controls.base import Status
from jcp_controls.report.text import cell, control_title, selected

if TYPE_CHECKING:
    from jcp_controls.controls.base import Control, Result
    from jcp_controls.report.model import Report

__all__ = ["render"]

#: Characters XML 1.0 cannot hold.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", cell(value))


def _case_name(result: Result) -> str:
    parts = [
        result.office_id or "no office",
        f"{result.subject_kind.value} {cell(result.subject_id)}".rstrip(),
    ]
    name = " ".join(parts)
    if result.staff_id and result.staff_id != result.subject_id:
        name += f" (staff {result.staff_id})"
    return name


def _details(result: Result, control: Control | None) -> str:
    lines = []
    if control is not None:
        lines.append(f"{control.control_id} {control_title(control)}")
        lines.append(f"Citation: {control.citation}")
    lines.append(f"Status: {result.status.value}; severity: {result.severity.value}")
    if result.due_on is not None:
        lines.append(f"Due on: {result.due_on.isoformat()}")
    lines.append(f"Message: {result.message}")
    if result.evidence:
        evidence = json.dumps(result.evidence, sort_keys=True, ensure_ascii=False, default=str)
        lines.append(f"Evidence: {evidence}")
    return "\n".join(lines)


def _counts(element: ET.Element, results: list[Result]) -> None:
    statuses = [result.status for result in results]
    element.set("tests", str(len(statuses)))
    element.set("failures", str(sum(s in (Status.FAIL, Status.WARN) for s in statuses)))
    element.set("errors", str(sum(s is Status.ERROR for s in statuses)))
    element.set("skipped", str(sum(s is Status.WAIVED for s in statuses)))


def _case(suite: ET.Element, result: Result, control: Control | None) -> None:
    case = ET.SubElement(suite, "testcase")
    case.set("classname", _text(result.control_id))
    case.set("name", _text(_case_name(result)))
    if result.status is Status.PASS:
        return
    if result.status is Status.WAIVED:
        tag = "skipped"
    elif result.status is Status.ERROR:
        tag = "error"
    else:
        tag = "failure"
    outcome = ET.SubElement(case, tag)
    outcome.set("message", _text(result.message))
    if tag != "skipped":
        outcome.set("type", result.status.value)
    outcome.text = _text(_details(result, control))


def render(report: Report, include_passes: bool) -> str:
    """The JUnit XML document of ``report``.

    Args:
        report: the report to write.
        include_passes: list passing results as passed test cases too.

    Returns:
        The XML document (UTF-8 declaration, indented, final newline).
    """
    listed = selected(report, include_passes)
    by_control: dict[str, list[Result]] = {c.control_id: [] for c in report.controls}
    for result in listed:
        by_control.setdefault(result.control_id, []).append(result)
    known = {control.control_id: control for control in report.controls}
    root = ET.Element("testsuites")
    root.set("name", f"jcp-controls as of {report.as_of.isoformat()}")
    _counts(root, list(listed))
    for control_id in sorted(by_control):
        control = known.get(control_id)
        suite = ET.SubElement(root, "testsuite")
        suite.set("name", _text(f"{control_id} {control.name}" if control else control_id))
        _counts(suite, by_control[control_id])
        suite.set("timestamp", f"{report.as_of.isoformat()}T00:00:00")
        for result in by_control[control_id]:
            _case(suite, result, control)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
