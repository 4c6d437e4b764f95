"""The columnar engine hands its results table to the report: passes are never made into
Python results, and the report is the Python engine's, results and every format alike."""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import jcp_controls as jc
from jcp_controls.columnar import engine as columnar_engine
from jcp_controls.columnar.engine import evaluate_estate
from jcp_controls.columnar.estate import Estate
from jcp_controls.demo import write_demo
from jcp_controls.evidence.store import Evidence
from jcp_controls.report.formats import formats, render_document
from jcp_controls.report.results import ResultTable, ResultTuple

AS_OF = dt.date(2026, 11, 23)
LEARNING = ["LRN-001", "LRN-002", "LRN-003"]


@functools.cache
def evidence() -> Evidence:
    folder = Path(tempfile.mkdtemp(prefix="jcp-results-")) / "evidence"
    write_demo(folder, offices=2, seed=3, as_of=AS_OF)
    return jc.load(folder)


def test_passes_stay_in_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    converted = 0
    original = columnar_engine.results_from_arrow

    def counting(table: object) -> Iterator[jc.Result]:
        nonlocal converted
        for item in original(table):  # type: ignore[arg-type]
            converted += 1
            yield item

    monkeypatch.setattr(columnar_engine, "results_from_arrow", counting)
    report = evaluate_estate(Estate.from_evidence(evidence()), as_of=AS_OF, only=LEARNING)
    assert isinstance(report.results, ResultTable)
    findings = len(report.results.findings())
    assert findings > 0
    assert len(report.results) > 10 * findings
    assert converted <= findings  # only rows a waiver or staleness could change


@functools.cache
def reports() -> tuple[jc.Report, jc.Report]:
    """The report of each engine, every control."""
    python = jc.evaluate(evidence(), as_of=AS_OF)
    return python, evaluate_estate(Estate.from_evidence(evidence()), as_of=AS_OF)


@pytest.mark.parametrize("include_passes", [False, True])
def test_the_report_is_the_python_engines(include_passes: bool) -> None:
    python, columnar = reports()
    assert isinstance(python.results, ResultTuple)
    assert isinstance(columnar.results, ResultTable)
    assert columnar.results == python.results
    assert columnar.counts() == python.counts()
    for name in formats(kind="report"):
        expected = render_document(python, name, include_passes=include_passes)
        assert render_document(columnar, name, include_passes=include_passes) == expected, name
    for name in formats(kind="due"):
        assert render_document(columnar.due(60), name) == render_document(python.due(60), name)
