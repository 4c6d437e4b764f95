"""Plugins (cli.rst "Plugins"): sources by scheme, isolation of a plugin that raises,
entry points, and the results hook."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import pytest

import jcp_controls as jc
from jcp_controls.evidence.csv import Progress
from jcp_controls.models import AccessGrant, Office, RecordKind, Staff
from jcp_controls.plugins import DEFAULT_PLUGINS

AS_OF = "2026-11-22"


def _batch(location: str, progress: Progress | None) -> jc.SourceBatch:
    office = Office("OF1", "Leeds", csm_staff_id="S1")
    staff = (
        Staff("S1", "Alice", "OF1", jc.Grade.HEO, "customer_service_manager"),
        Staff("S2", "Bob", "OF1", jc.Grade.AO, "work_coach"),
    )
    grant = AccessGrant(
        "G1", "lms", "A1", "adviser", dt.date(2026, 1, 5), staff_id="S2",
        authorised_by="S1", form_ref=None,
    )  # fmt: skip
    return jc.SourceBatch(
        name="hr",
        uri=f"hr:{location}",
        records={
            RecordKind.OFFICES: (office,),
            RecordKind.STAFF: staff,
            RecordKind.ACCESS_GRANTS: (grant,),
        },
    )


class HrPlugin:
    """Supplies offices, staff and grants for the scheme ``hr:``."""

    @jc.hookimpl
    def jcp_controls_sources(self) -> Sequence[jc.EvidenceSource]:
        kinds = frozenset({RecordKind.OFFICES, RecordKind.STAFF, RecordKind.ACCESS_GRANTS})
        return (jc.EvidenceSource("hr", ("hr",), kinds, _batch, "test HR export"),)


class BrokenSource:
    """A source whose load raises."""

    @jc.hookimpl
    def jcp_controls_sources(self) -> Sequence[jc.EvidenceSource]:
        def explode(location: str, progress: Progress | None) -> jc.SourceBatch:
            raise RuntimeError("database unreachable")

        return (
            jc.EvidenceSource("bcs", ("bcs",), frozenset({RecordKind.ACCESS_REVIEWS}), explode),
        )


def test_a_scheme_selects_the_plugin_source() -> None:
    evidence = jc.load("hr:exports/rm.xlsx", plugins=jc.Plugins(HrPlugin(), entry_points=False))
    assert [source.uri for source in evidence.sources] == ["hr:exports/rm.xlsx"]
    report = jc.evaluate(
        evidence, as_of=AS_OF, only=["ACC-004"], plugins=jc.Plugins(entry_points=False)
    )
    [result] = report.results
    assert (result.control_id, result.status, result.subject_id) == (
        "ACC-004",
        jc.Status.FAIL,
        "G1",
    )


def test_a_source_that_raises_is_named_and_its_controls_error() -> None:
    plugins = jc.Plugins(HrPlugin(), BrokenSource(), entry_points=False)
    evidence = jc.load("hr:x", "bcs:postgresql://db", plugins=plugins)
    report = jc.evaluate(evidence, as_of=AS_OF, plugins=plugins, only=["ACC-009", "ACC-004"])
    [failure] = report.plugin_errors
    assert failure.plugin == "bcs"
    assert "database unreachable" in failure.message
    by_control = {r.control_id: r.status for r in report.results}
    # ACC-009 needs access reviews, which only the failed source supplies; ACC-004 does not.
    assert by_control == {"ACC-004": jc.Status.FAIL, "ACC-009": jc.Status.ERROR}
    listed = report.to_dict()["input_errors"]
    assert listed[0]["source"] == "bcs"
    assert "database unreachable" in listed[0]["message"]


def test_two_plugins_claiming_one_scheme_is_an_error() -> None:
    class Twin(HrPlugin):
        @jc.hookimpl
        def jcp_controls_sources(self) -> Sequence[jc.EvidenceSource]:
            return (jc.EvidenceSource("hr2", ("hr",), frozenset(), _batch),)

    with pytest.raises(jc.PluginError, match="'hr'"):
        jc.load("hr:x", plugins=jc.Plugins(HrPlugin(), Twin(), entry_points=False))


def test_duplicate_control_ids_are_refused() -> None:
    class Duplicate:
        @jc.hookimpl
        def jcp_controls_controls(self) -> Sequence[jc.Control]:
            return (jc.Catalogue.from_plugins(jc.Plugins(entry_points=False)).get("ACC-001"),)

    with pytest.raises(jc.PluginError, match="ACC-001"):
        jc.Catalogue.from_plugins(jc.Plugins(Duplicate(), entry_points=False))


def test_a_controls_hook_that_raises_is_isolated() -> None:
    class Broken:
        @jc.hookimpl
        def jcp_controls_controls(self) -> Sequence[jc.Control]:
            raise ValueError("bad catalogue")

    plugins = jc.Plugins(Broken(), entry_points=False)
    catalogue = jc.Catalogue.from_plugins(plugins)
    assert len(catalogue.controls) >= 17
    assert [(f.stage, f.message) for f in plugins.failures] == [
        ("jcp_controls_controls", "ValueError: bad catalogue")
    ]


def test_results_hook_receives_the_report_and_its_failure_is_reported() -> None:
    received: list[jc.Report] = []

    class Recorder:
        @jc.hookimpl
        def jcp_controls_results(self, report: jc.Report) -> None:
            received.append(report)

    class Failing:
        @jc.hookimpl
        def jcp_controls_results(self, report: jc.Report) -> None:
            raise OSError("BCS is down")

    plugins = jc.Plugins(Recorder(), Failing(), entry_points=False)
    evidence = jc.load("hr:x", plugins=jc.Plugins(HrPlugin(), entry_points=False))
    report = jc.evaluate(evidence, as_of=AS_OF, plugins=plugins)
    assert len(received) == 1
    assert received[0].results == report.results
    assert [(f.stage, f.message) for f in report.plugin_errors] == [
        ("jcp_controls_results", "OSError: BCS is down")
    ]


def test_entry_points_are_loaded_and_a_broken_one_is_isolated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    good = SimpleNamespace(name="hr", load=lambda: HrPlugin())

    def broken_load() -> Any:
        raise ImportError("No module named 'jcp_controls_bcs'")

    broken = SimpleNamespace(name="bcs", load=broken_load)

    def fake_entry_points(group: str) -> list[SimpleNamespace]:
        assert group == "jcp_controls"
        return [good, broken]

    monkeypatch.setattr(importlib.metadata, "entry_points", fake_entry_points)
    plugins = jc.Plugins()
    assert "hr" in plugins.names()
    assert [(f.plugin, f.stage) for f in plugins.failures] == [("bcs", "load")]
    evidence = jc.load("hr:x", plugins=plugins)
    assert evidence.has(RecordKind.STAFF)
    assert evidence.plugin_failures[0].plugin == "bcs"


def test_default_plugins_are_registered_through_the_hooks() -> None:
    plugins = jc.Plugins(entry_points=False)
    assert plugins.names()[:3] == list(DEFAULT_PLUGINS)
    sources = [name for name, _ in plugins.collect("jcp_controls_sources")]
    assert sources == ["jcp_controls.evidence.plugin"]
