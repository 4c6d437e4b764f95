"""The ``sarif`` report format: SARIF 2.1.0, so a code-scanning dashboard shows findings.

One run whose tool is ``jcp-controls``:

- every control evaluated is a *rule* (``tool.driver.rules``, in ID order): ``id`` is the
  control ID, ``name`` its slug, ``shortDescription`` its title, ``fullDescription`` its rule
  in words, and ``help`` the rule with the citation of the guidance it enforces
  (``Citation: IT §3, §4; SEC §36``); ``properties`` hold ``citation``, ``severity``,
  ``scope``, ``owner`` and ``tags``;
- every listed result is a *result* (findings, or every result with ``include_passes``), in
  report order: ``ruleId``/``ruleIndex`` name its control; ``kind`` is ``fail`` (``pass``
  for a passing result); ``level`` is ``error`` for ``fail`` and ``error`` (evidence that
  could not be evaluated is never quiet), ``warning`` for ``warn``, ``note`` for
  ``waived``, ``none`` for ``pass``; ``message`` is the result's message; the location is
  the evidence file holding the subject (``access_grants.csv`` for a grant, relative to the
  ``EVIDENCE`` base; no line, since records may come from any source) and a logical
  location (office, subject kind and subject ID); a ``waived``
  result carries an external *suppression*; ``partialFingerprints`` identify the subject
  across runs; ``properties`` hold the status, office, subject, staff, due date and evidence.

``invocations`` record ``as_of`` and whether every control could be evaluated. The same
report always gives the same text.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from jcp_controls.controls.base import Status
from jcp_controls.report.text import cell, control_title, selected

if TYPE_CHECKING:
    from jcp_controls.controls.base import Control, Result
    from jcp_controls.report.model import Report

__all__ = ["EVIDENCE_BASE", "SARIF_SCHEMA", "SARIF_VERSION", "SUBJECT_FILES", "document", "render"]

#: The SARIF version written.
SARIF_VERSION = "2.1.0"
#: The ``$schema`` of the document: the OASIS SARIF 2.1.0 schema.
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)

_LEVELS = {
    Status.FAIL: "error",
    Status.ERROR: "error",
    Status.WARN: "warning",
    Status.WAIVED: "note",
    Status.PASS: "none",
}


def _rule(control: Control) -> dict[str, Any]:
    title = control_title(control)
    rule_text = control.rule_text or title
    help_text = (
        f"{rule_text}\n\nCitation: {control.citation}. Scope: one result per {control.scope}."
    )
    return {
        "id": control.control_id,
        "name": control.name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": rule_text},
        "help": {"text": help_text},
        "defaultConfiguration": {
            "level": "error" if control.severity.value == "high" else "warning"
        },
        "properties": {
            "citation": control.citation,
            "severity": control.severity.value,
            "scope": control.scope,
            "owner": control.owner,
            "tags": ["jcp-controls", control.control_id.split("-")[0], control.severity.value],
        },
    }


#: The evidence-folder file holding each kind of subject.
SUBJECT_FILES = {
    "grant": "access_grants.csv",
    "staff": "staff.csv",
    "office": "offices.csv",
    "claimant": "claimant_commitments.csv",
    "cc": "claimant_commitments.csv",
    "incident": "incidents.csv",
    "test_check": "test_checks.csv",
    "cancellation": "interview_cancellations.csv",
}

#: The ``uriBaseId`` of the evidence folder.
EVIDENCE_BASE = "EVIDENCE"


def _location(result: Result) -> dict[str, Any]:
    office = result.office_id or "no-office"
    kind = result.subject_kind.value
    subject = cell(result.subject_id)
    name = f"{kind} {subject}".rstrip()
    location: dict[str, Any] = {}
    if kind in SUBJECT_FILES:
        location["physicalLocation"] = {
            "artifactLocation": {"uri": SUBJECT_FILES[kind], "uriBaseId": EVIDENCE_BASE}
        }
    return {
        **location,
        "logicalLocations": [
            {
                "name": name,
                "fullyQualifiedName": "/".join(part for part in (office, kind, subject) if part),
                "kind": "object",
            }
        ],
    }


def _result(result: Result, index: int | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"ruleId": result.control_id}
    if index is not None:
        entry["ruleIndex"] = index
    entry["kind"] = "pass" if result.status is Status.PASS else "fail"
    entry["level"] = _LEVELS[result.status]
    entry["message"] = {"text": result.message or result.status.value}
    entry["locations"] = [_location(result)]
    key = "|".join(
        (
            result.control_id,
            cell(result.office_id),
            result.subject_kind.value,
            cell(result.subject_id),
        )
    )
    entry["partialFingerprints"] = {"jcpControlsSubject/v1": key}
    if result.status is Status.WAIVED:
        entry["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": "waived in waivers.csv"}
        ]
    entry["properties"] = {
        "status": result.status.value,
        "severity": result.severity.value,
        "office_id": result.office_id,
        "subject_kind": result.subject_kind.value,
        "subject_id": result.subject_id,
        "staff_id": result.staff_id,
        "due_on": None if result.due_on is None else result.due_on.isoformat(),
        "evidence": result.to_dict()["evidence"],
    }
    return entry


def document(report: Report, include_passes: bool) -> dict[str, Any]:
    """The SARIF log of ``report`` as nested dicts."""
    controls = sorted(report.controls, key=lambda c: c.control_id)
    index = {control.control_id: number for number, control in enumerate(controls)}
    results = selected(report, include_passes)
    complete = not report.input_errors and not report.plugin_errors
    complete = complete and not report.results.where(statuses=Status.ERROR)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "jcp-controls",
                        "version": report.library_version,
                        "rules": [_rule(control) for control in controls],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": complete,
                        "properties": {"as_of": report.as_of.isoformat()},
                    }
                ],
                "originalUriBaseIds": {
                    EVIDENCE_BASE: {"description": {"text": "the evidence folder"}}
                },
                "results": [_result(r, index.get(r.control_id)) for r in results],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def render(report: Report, include_passes: bool) -> str:
    """The SARIF 2.1.0 log of ``report`` as compact JSON (one line; SARIF is for programs,
    and a national run lists many results) with a final newline.

    Args:
        report: the report to write.
        include_passes: list passing results too (``kind: pass``).
    """
    log = document(report, include_passes)
    return json.dumps(log, ensure_ascii=False, separators=(",", ":")) + "\n"
