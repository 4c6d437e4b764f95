"""The worked plugin examples of docs/plugins.rst do what the page says (cli.rst,
"Plugins"): each docs/examples/plugin_*.py is registered in code with ``jc.Plugins`` and
exercised through the public API.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import jcp_controls as jc
from jcp_controls import hookspecs
from jcp_controls.report.formats import formats, render

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
AS_OF = dt.date(2026, 11, 22)


def _example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_examples_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sources_plugin() -> ModuleType:
    return _example("plugin_sources")


@pytest.fixture(scope="module")
def controls_plugin() -> ModuleType:
    return _example("plugin_controls")


@pytest.fixture(scope="module")
def check_types_plugin() -> ModuleType:
    return _example("plugin_check_types")


@pytest.fixture(scope="module")
def formats_plugin() -> ModuleType:
    return _example("plugin_report_formats")


@pytest.fixture(scope="module")
def results_plugin() -> ModuleType:
    return _example("plugin_results")


def _plugins(*extra: object) -> jc.Plugins:
    return jc.Plugins(*extra, entry_points=False)


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _statuses(report: jc.Report, control_id: str) -> dict[str | None, jc.Status]:
    return {r.subject_id: r.status for r in report.results if r.control_id == control_id}


# -- jcp_controls_sources ---------------------------------------------------------------------


def test_source_claims_its_scheme_and_supplies_records(sources_plugin: ModuleType) -> None:
    evidence = jc.load("roster:OF900", plugins=_plugins(sources_plugin))
    assert not evidence.issues
    offices = evidence.records[jc.RecordKind.OFFICES]
    assert [office.office_id for office in offices] == ["OF900"]
    staff = {person.staff_id for person in evidence.records[jc.RecordKind.STAFF]}
    assert staff == {"S901", "S902", "S903"}
    assert [(s.name, s.uri) for s in evidence.sources] == [("roster", "roster:OF900")]


def test_kinds_a_source_does_not_supply_are_missing_not_empty(
    sources_plugin: ModuleType,
) -> None:
    """evidence.rst "A missing file is not an empty file": ACC-013 needs designations."""
    plugins = _plugins(sources_plugin)
    evidence = jc.load("roster:OF900", plugins=plugins)
    assert not evidence.has(jc.RecordKind.DESIGNATIONS)
    report = jc.evaluate(evidence, as_of=AS_OF, plugins=plugins, only=["ACC-013"])
    assert _statuses(report, "ACC-013") == {"OF900": jc.Status.ERROR}


def test_source_combines_with_an_evidence_folder(
    sources_plugin: ModuleType, tmp_path: Path
) -> None:
    """cli.rst: a source may supply a subset; several sources combine (SEC §42)."""
    folder = _write(
        tmp_path / "evidence",
        {
            "designations.csv": "staff_id,designation,from_on,to_on,appointed_by\n"
            "S902,lms_operator,2025-01-06,,S901\n",
            "absences.csv": "staff_id,kind,start_on,expected_end_on,end_on\n",
        },
    )
    plugins = _plugins(sources_plugin)
    evidence = jc.load("roster:OF900", folder, plugins=plugins)
    assert not evidence.errors
    report = jc.evaluate(evidence, as_of=AS_OF, plugins=plugins, only=["ACC-013"])
    assert _statuses(report, "ACC-013") == {"OF900": jc.Status.PASS}


def test_same_record_with_different_contents_from_two_sources_is_an_input_error(
    sources_plugin: ModuleType, tmp_path: Path
) -> None:
    """cli.rst: two sources supplying the same ID with different contents."""
    folder = _write(tmp_path / "evidence", {"offices.csv": "office_id,name\nOF900,Elsewhere\n"})
    evidence = jc.load("roster:OF900", folder, plugins=_plugins(sources_plugin))
    assert [(issue.column, issue.value) for issue in evidence.errors] == [("office_id", "OF900")]


def test_a_source_that_raises_is_isolated_and_named(
    sources_plugin: ModuleType, controls_plugin: ModuleType
) -> None:
    """cli.rst: a plugin that raises does not crash the run; the report names it and
    every control that needed its evidence is ``error``."""
    plugins = _plugins(sources_plugin, controls_plugin)
    evidence = jc.load("roster:OF404", plugins=plugins)
    assert [failure.plugin for failure in evidence.plugin_failures] == ["roster"]
    report = jc.evaluate(evidence, as_of=AS_OF, plugins=plugins, only=["XMP-001"])
    assert [r.status for r in report.results] == [jc.Status.ERROR]
    sources = [entry["source"] for entry in report.to_dict()["input_errors"]]
    assert sources == ["roster"]


# -- jcp_controls_controls --------------------------------------------------------------------


def _people(**overrides: Any) -> list[jc.Staff]:
    base = {"office_id": "OF900", "grade": jc.Grade.AO, "job_role": "work_coach"}
    return [
        jc.Staff("S1", "Boss", **{**base, "grade": jc.Grade.HEO}),
        jc.Staff("S2", "Managed", line_manager_id="S1", **base),
        jc.Staff("S3", "Unknown manager", line_manager_id="S999", **base),
        jc.Staff("S4", "Left", left_on=dt.date(2025, 1, 31), **base),
        jc.Staff("S5", "Not started", started_on=dt.date(2027, 1, 4), **base),
    ]


def test_control_is_in_the_catalogue(controls_plugin: ModuleType) -> None:
    catalogue = jc.Catalogue.from_plugins(_plugins(controls_plugin))
    control = catalogue.get("XMP-001")
    assert control.to_dict() == {
        "control_id": "XMP-001",
        "name": "line-manager-known",
        "severity": "low",
        "citation": "local policy",
        "scope": "current member of staff",
    }


def test_control_judges_each_subject_in_its_scope(controls_plugin: ModuleType) -> None:
    evidence = jc.Evidence.from_records(
        offices=[jc.Office("OF900", "Example Jobcentre")], staff=_people()
    )
    report = jc.evaluate(
        evidence, as_of=AS_OF, plugins=_plugins(controls_plugin), only=["XMP-001"]
    )
    # Leavers and future starters are outside the scope: no result at all.
    assert _statuses(report, "XMP-001") == {
        "S1": jc.Status.FAIL,
        "S2": jc.Status.PASS,
        "S3": jc.Status.FAIL,
    }
    unknown = next(r for r in report.results if r.subject_id == "S3")
    assert unknown.evidence == {"line_manager_id": "S999"}
    assert unknown.office_id == "OF900"


def test_control_owner_groups_the_due_calendar(controls_plugin: ModuleType) -> None:
    """docs/plugins.rst: ``owner`` is who acts on the findings; the due calendar groups the
    office's entries by it (cli.rst ``due``: by office and owner)."""
    owner = controls_plugin.LINE_MANAGER_KNOWN.owner
    evidence = jc.Evidence.from_records(
        offices=[jc.Office("OF900", "Example Jobcentre")], staff=_people()
    )
    report = jc.evaluate(
        evidence, as_of=AS_OF, plugins=_plugins(controls_plugin), only=["XMP-001"]
    )
    groups = report.due(within=30).groups()
    assert [(group.office_id, group.owner) for group in groups] == [("OF900", owner)]
    assert {entry.subject_id for entry in groups[0].overdue} == {"S1", "S3"}


def test_control_reports_error_per_office_when_its_evidence_is_missing(
    controls_plugin: ModuleType,
) -> None:
    """evidence.rst: a missing scope file gives one ``error`` per office, never ``pass``."""
    evidence = jc.Evidence.from_records(offices=[jc.Office("OF900", "A"), jc.Office("OF901", "B")])
    report = jc.evaluate(
        evidence, as_of=AS_OF, plugins=_plugins(controls_plugin), only=["XMP-001"]
    )
    assert _statuses(report, "XMP-001") == {"OF900": jc.Status.ERROR, "OF901": jc.Status.ERROR}


def test_a_control_that_raises_is_isolated(controls_plugin: ModuleType) -> None:
    """hookspecs: a rule that raises reports ``error``; the other controls run as usual."""

    def broken(ctx: jc.RuleContext, person: jc.Staff) -> jc.Finding:
        raise RuntimeError("boom")

    class Broken:
        @jc.hookimpl
        def jcp_controls_controls(self) -> tuple[jc.Control, ...]:
            import attrs

            return (
                attrs.evolve(
                    controls_plugin.LINE_MANAGER_KNOWN, control_id="XMP-999", judge=broken
                ),
            )

    evidence = jc.Evidence.from_records(offices=[jc.Office("OF900", "A")], staff=_people())
    report = jc.evaluate(
        evidence,
        as_of=AS_OF,
        plugins=_plugins(controls_plugin, Broken()),
        only=["XMP-001", "XMP-999"],
    )
    assert set(_statuses(report, "XMP-999").values()) == {jc.Status.ERROR}
    assert "boom" in next(r.message for r in report.results if r.control_id == "XMP-999")
    assert _statuses(report, "XMP-001")["S2"] is jc.Status.PASS


# -- jcp_controls_check_types -----------------------------------------------------------------


def test_check_type_is_in_the_catalogue(check_types_plugin: ModuleType) -> None:
    catalogue = jc.Catalogue.from_plugins(_plugins(check_types_plugin))
    assert check_types_plugin.FIRE_DRILL in catalogue.check_types
    assert "fire_drill" in {entry.check_type for entry in catalogue.check_types}


def test_check_type_is_judged_by_a_generated_control(check_types_plugin: ModuleType) -> None:
    """docs/plugins.rst: the entry gets control CHK-FIRE-DRILL; ``interval(6)`` is due six
    months after the office's last drill (catalogue.rst "CHK", ``interval(N months)``)."""
    plugins = _plugins(check_types_plugin)
    control = jc.Catalogue.from_plugins(plugins).get("CHK-FIRE-DRILL")
    assert control.owner == check_types_plugin.FIRE_DRILL.owner
    assert control.citation == "local fire-safety policy"
    offices = [jc.Office("OF900", "A"), jc.Office("OF901", "B")]
    checks = [
        jc.CheckRecord("fire_drill", "OF900", dt.date(2026, 4, 30)),  # due 2026-10-30
        jc.CheckRecord("fire_drill", "OF901", dt.date(2026, 8, 31)),  # due 2027-02-28
    ]
    evidence = jc.Evidence.from_records(offices=offices, checks=checks, events=[])
    report = jc.evaluate(evidence, as_of=AS_OF, plugins=plugins, only=["CHK-FIRE-DRILL"])
    results = {r.subject_id: r for r in report.results}
    assert results["OF900"].status is jc.Status.FAIL
    assert results["OF900"].due_on == dt.date(2026, 10, 30)
    assert results["OF901"].status is jc.Status.PASS
    assert results["OF901"].due_on == dt.date(2027, 2, 28)


def test_two_plugins_with_one_check_type_slug_stop_with_both_named(
    check_types_plugin: ModuleType,
) -> None:
    class Copy:
        @jc.hookimpl
        def jcp_controls_check_types(self) -> tuple[jc.CheckType, ...]:
            return (check_types_plugin.FIRE_DRILL,)

    plugins = _plugins(check_types_plugin)
    plugins.register(Copy(), name="copycat")
    with pytest.raises(jc.PluginError, match=r"fire_drill.*copycat|copycat.*fire_drill"):
        jc.Catalogue.from_plugins(plugins)


# -- jcp_controls_report_formats --------------------------------------------------------------


@pytest.fixture
def small_report() -> jc.Report:
    evidence = jc.Evidence.from_records(
        offices=[jc.Office("OF900", "A", csm_staff_id="S1")],
        staff=_people(),
        designations=[],
        access_grants=[
            jc.AccessGrant(
                "G1", "lms", "A1", "work_coach", dt.date(2026, 1, 5),
                staff_id="S2", authorised_by="S1", form_ref="F1",
            ),
            jc.AccessGrant(
                "G2", "lms", "A2", "work_coach", dt.date(2026, 1, 5),
                staff_id="S3", authorised_by="S3",
            ),
        ],
    )  # fmt: skip
    return jc.evaluate(
        evidence,
        as_of=AS_OF,
        plugins=_plugins(),
        only=["ACC-001", "ACC-002", "ACC-004"],
    )


def test_report_format_is_offered_and_renders_the_counts(
    formats_plugin: ModuleType, small_report: jc.Report
) -> None:
    plugins = _plugins(formats_plugin)
    assert formats(plugins)["counts"].extension == "txt"
    text = render(small_report, "counts", plugins=plugins)
    lines = text.splitlines()
    assert lines[0] == "as_of 2026-11-22"
    for control_id, counts in small_report.counts().items():
        cells = " ".join(f"{status}={count}" for status, count in counts.items())
        assert f"{control_id} {cells}" in lines
    assert len(lines) == 1 + len(small_report.controls)


def test_the_same_format_writes_the_due_calendar(
    formats_plugin: ModuleType, small_report: jc.Report
) -> None:
    plugins = _plugins(formats_plugin)
    assert {kind.value for kind in formats(plugins)["counts"].kinds} == {"report", "due"}
    calendar = small_report.due()
    lines = calendar.render("counts", plugins=plugins).splitlines()
    assert lines[0] == "as_of 2026-11-22 within 30"
    overdue = len(calendar.overdue)
    assert overdue > 0
    assert lines[1:] == [f"OF900 overdue={overdue} due={len(calendar.due)}"]
    assert "counts" not in formats(plugins, "diff")


# -- jcp_controls_results ---------------------------------------------------------------------


def test_results_plugin_receives_every_report(results_plugin: ModuleType) -> None:
    outbox = results_plugin.BcsOutbox()
    plugins = _plugins(outbox)
    evidence = jc.Evidence.from_records(
        offices=[jc.Office("OF900", "A", csm_staff_id="S1")], staff=_people()
    )
    report = jc.evaluate(evidence, as_of=AS_OF, plugins=plugins, only=["ACC-013"])
    failures = report.failures()
    assert failures  # designations missing: ACC-013 is error for OF900
    assert outbox.sent == [
        f"{AS_OF} {r.office_id} {r.control_id} {r.subject_id} {r.status}" for r in failures
    ]
    jc.evaluate(evidence, as_of=AS_OF, plugins=plugins, only=["ACC-013"])
    assert len(outbox.sent) == 2 * len(failures)


def test_a_results_plugin_that_raises_is_named_in_the_report(
    results_plugin: ModuleType,
) -> None:
    class Broken:
        @jc.hookimpl
        def jcp_controls_results(self, report: jc.Report) -> None:
            raise ConnectionError("BCS is down")

    outbox = results_plugin.BcsOutbox()
    plugins = _plugins(outbox)
    plugins.register(Broken(), name="bcs-writer")
    evidence = jc.Evidence.from_records(offices=[jc.Office("OF900", "A")])
    report = jc.evaluate(evidence, as_of=AS_OF, plugins=plugins, only=["ACC-013"])
    assert [failure.plugin for failure in report.plugin_errors] == ["bcs-writer"]
    assert "BCS is down" in report.plugin_errors[0].message
    entries = [e for e in report.to_dict()["input_errors"] if e["source"] == "bcs-writer"]
    assert len(entries) == 1
    assert outbox.sent  # the other results plugin still ran


def test_every_hook_has_an_example() -> None:
    """house style: a tested example per hook."""
    hooks = {name for name in vars(hookspecs) if name.startswith("jcp_controls_")}
    implemented: set[str] = set()
    for path in EXAMPLES.glob("plugin_*.py"):
        text = path.read_text(encoding="utf-8")
        implemented |= {hook for hook in hooks if f"def {hook}(" in text}
    assert implemented == hooks
