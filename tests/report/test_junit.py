"""The ``junit`` format (issue 10 item 5; interface "Additions": JUnit XML, one failing test
case per finding): a CI system shows each finding as a failed test, the control ID as the
class name and the citation in the text."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import jcp_controls as jc

from .conftest import NASTY, SCRIPT, make_report, result

FINDINGS = {"fail": "failure", "warn": "failure", "error": "error", "waived": "skipped"}


def parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_one_test_case_per_finding_with_control_and_citation(mixed_report: jc.Report) -> None:
    root = parse(mixed_report.render("junit"))
    assert root.tag == "testsuites"
    cases = root.findall("testsuite/testcase")
    findings = mixed_report.findings()
    assert len(cases) == len(findings)
    citations = {c.control_id: c.citation for c in mixed_report.controls}
    by_control = sorted(findings, key=lambda r: r.control_id)  # suites in ID order, stable
    for case, finding in zip(cases, by_control, strict=True):
        assert case.get("classname") == finding.control_id
        (outcome,) = list(case)
        assert outcome.tag == FINDINGS[finding.status.value]
        assert outcome.get("message") == finding.message
        if outcome.tag != "skipped":
            assert outcome.get("type") == finding.status.value
            assert f"Citation: {citations[finding.control_id]}" in (outcome.text or "")


def test_counts_on_suites_and_root(mixed_report: jc.Report) -> None:
    root = parse(mixed_report.render("junit"))
    # mixed_report findings: ACC-001 error + fail, ACC-009 warn + fail, LRN-001 waived
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == (
        "5", "3", "1", "1",
    )  # fmt: skip
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert list(suites) == [
        "ACC-001 access-authorised-by-eligible-manager",
        "ACC-009 access-reviewed-regularly",
        "LRN-001 annual-foundation-learning",
        "LRN-003 data-handling-awareness",
    ]
    empty = suites["LRN-003 data-handling-awareness"]
    assert empty.get("tests") == "0"
    assert empty.findall("testcase") == []
    for suite in suites.values():
        assert int(suite.get("tests") or 0) == len(suite.findall("testcase"))


def test_passes_are_passed_test_cases_when_asked(mixed_report: jc.Report) -> None:
    root = parse(mixed_report.render("junit", include_passes=True))
    cases = root.findall("testsuite/testcase")
    assert len(cases) == len(mixed_report.results)
    assert sum(1 for case in cases if not list(case)) == 2


def test_hostile_text_stays_text() -> None:
    report = make_report([result(message=f"{SCRIPT} {NASTY} \x1b[31m", subject_id="G&1")])
    text = report.render("junit")
    root = parse(text)  # well-formed despite markup and a control character
    (case,) = root.findall("testsuite/testcase")
    assert case.get("name") == "OF001 grant G&1 (staff S001)"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == f"{SCRIPT} {NASTY} \\x1b[31m"
    assert "<script" not in text


def test_deterministic(evaluated_report: jc.Report) -> None:
    assert evaluated_report.render("junit") == evaluated_report.render("junit")
