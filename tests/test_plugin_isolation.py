"""Plugin isolation beyond exceptions raised by a hook: what plugins return is validated,
``SystemExit`` and other ``BaseException`` subclasses (but ``KeyboardInterrupt``) are
contained, and every hook is called through pluggy so its monitoring sees the calls."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

import jcp_controls as jc
import jcp_controls.cli as cli
from jcp_controls.evidence.csv import Progress
from jcp_controls.models import Office, RecordKind, Staff

AS_OF = "2026-11-22"


def _evidence() -> jc.Evidence:
    return jc.Evidence.from_records(
        offices=[Office("OF1", "Leeds", csm_staff_id="S1")],
        staff=[Staff("S1", "Alice", "OF1", jc.Grade.HEO, "customer_service_manager")],
    )


def _each_office(ctx: Any) -> Iterable[jc.Scoped]:
    for office in ctx.evidence.get(RecordKind.OFFICES):
        yield jc.Scoped(
            jc.Subject(jc.SubjectKind.OFFICE, office.office_id, office.office_id), office
        )


def _control(judge: Any, select: Any = _each_office, control_id: str = "XMP-900") -> jc.Control:
    return jc.Control(
        control_id=control_id,
        name="test-control",
        severity=jc.Severity.HIGH,
        citation="local policy",
        scope="office",
        subject_kind=jc.SubjectKind.OFFICE,
        rule_text="test",
        needs=(RecordKind.OFFICES,),
        select=select,
        judge=judge,
    )


class ControlPlugin:
    """Provides one control; ``judge``/``select`` decide how it misbehaves."""

    def __init__(self, control: jc.Control) -> None:
        self.control = control

    @jc.hookimpl
    def jcp_controls_controls(self) -> Sequence[jc.Control]:
        return (self.control,)


def _run(plugin: object, only: Sequence[str] = ("XMP-900",)) -> jc.Report:
    plugins = jc.Plugins(plugin, entry_points=False)
    return jc.evaluate(_evidence(), as_of=AS_OF, plugins=plugins, only=list(only))


def _raise_system_exit(*_: object) -> Any:
    raise SystemExit(0)


@pytest.mark.parametrize(
    ("judge", "select", "expected"),
    [
        pytest.param(lambda ctx, item: None, _each_office, "rule returned None", id="rule-None"),
        pytest.param(lambda ctx, item: "fine", _each_office, "rule returned a str",
                     id="rule-str"),
        pytest.param(lambda ctx, item: jc.Finding(jc.Status.PASS, "ok", evidence={"at": {1, 2}}),
                     _each_office, "evidence holding a set", id="evidence-not-json"),
        pytest.param(lambda ctx, item: jc.Finding("pass", "ok"),  # type: ignore[arg-type]
                     _each_office, "status of a str", id="status-str"),
        pytest.param(lambda ctx, item: jc.Finding(jc.Status.PASS, "ok"),
                     lambda ctx: [("OF1", "x")], "scope yielded a tuple", id="scope-wrong-type"),
        pytest.param(_raise_system_exit, _each_office, "SystemExit", id="rule-SystemExit"),
        pytest.param(lambda ctx, item: jc.Finding(jc.Status.PASS, "ok"), _raise_system_exit,
                     "SystemExit", id="scope-SystemExit"),
    ],
)  # fmt: skip
def test_a_misbehaving_control_is_error_and_its_plugin_is_named(
    judge: Any, select: Any, expected: str
) -> None:
    report = _run(ControlPlugin(_control(judge, select)), only=("XMP-900", "ACC-013"))
    mine = [r for r in report.results if r.control_id == "XMP-900"]
    assert mine
    assert {r.status for r in mine} == {jc.Status.ERROR}
    assert expected in mine[0].message
    [failure] = report.plugin_errors
    assert failure.plugin == "ControlPlugin"
    assert failure.stage == "control XMP-900"
    assert expected in failure.message
    # The other controls ran, and the report is still valid JSON.
    assert any(r.control_id == "ACC-013" for r in report.results)
    json.loads(report.to_json(include_passes=True))


class Returns42:
    @jc.hookimpl
    def jcp_controls_controls(self) -> Any:
        return 42

    @jc.hookimpl
    def jcp_controls_check_types(self) -> Any:
        return ["not a check type"]

    @jc.hookimpl
    def jcp_controls_report_formats(self) -> Any:
        return "md"


def test_hooks_returning_the_wrong_type_are_named_and_contribute_nothing() -> None:
    plugins = jc.Plugins(Returns42(), entry_points=False)
    catalogue = jc.Catalogue.from_plugins(plugins)
    assert "ACC-001" in [c.control_id for c in catalogue.controls]
    built_in = jc.report.formats.formats(jc.Plugins(entry_points=False))
    assert sorted(jc.report.formats.formats(plugins)) == sorted(built_in)
    messages = {(f.plugin, f.stage): f.message for f in plugins.failures}
    assert messages == {
        ("Returns42", "jcp_controls_controls"): "returned a int, expected a list of Control",
        ("Returns42", "jcp_controls_check_types"): (
            "returned a list holding a str, expected CheckType"
        ),
        ("Returns42", "jcp_controls_report_formats"): (
            "returned a str, expected a list of ReportFormat"
        ),
    }


class SourceReturningNone:
    @jc.hookimpl
    def jcp_controls_sources(self) -> Sequence[jc.EvidenceSource]:
        def load(location: str, progress: Progress | None) -> Any:
            return None

        return (jc.EvidenceSource("hr", ("hr",), frozenset({RecordKind.STAFF}), load),)


def test_a_source_load_returning_none_is_a_plugin_failure() -> None:
    plugins = jc.Plugins(SourceReturningNone(), entry_points=False)
    evidence = jc.load("hr:x", plugins=plugins)
    [failure] = evidence.plugin_failures
    assert failure.plugin == "hr"
    assert "expected a SourceBatch" in failure.message
    assert RecordKind.STAFF in evidence.rejected


class ExitingEverywhere:
    @jc.hookimpl
    def jcp_controls_results(self, report: jc.Report) -> None:
        raise SystemExit(0)

    @jc.hookimpl
    def jcp_controls_check_types(self) -> Any:
        raise GeneratorExit


def test_system_exit_and_generator_exit_from_hooks_are_contained() -> None:
    plugins = jc.Plugins(ExitingEverywhere(), entry_points=False)
    report = jc.evaluate(_evidence(), as_of=AS_OF, plugins=plugins, only=["ACC-013"])
    stages = {(f.stage, f.message) for f in report.plugin_errors}
    assert ("jcp_controls_results", "SystemExit: 0") in stages
    assert ("jcp_controls_check_types", "GeneratorExit") in stages


def test_keyboard_interrupt_still_stops_the_run() -> None:
    class Interrupt:
        @jc.hookimpl
        def jcp_controls_results(self, report: jc.Report) -> None:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _run(Interrupt(), only=("ACC-013",))


def _write_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    (folder / "offices.csv").write_text(
        "office_id,name,csm_staff_id\nOF1,Leeds,S1\n", encoding="utf-8"
    )
    (folder / "staff.csv").write_text(
        "staff_id,name,office_id,grade,job_role\nS1,Alice,OF1,heo,customer_service_manager\n",
        encoding="utf-8",
    )
    return folder


def _cli_with(monkeypatch: pytest.MonkeyPatch, plugin: object) -> None:
    monkeypatch.setattr(cli, "Plugins", lambda: jc.Plugins(plugin, entry_points=False))


def test_a_rule_raising_system_exit_cannot_pass_a_ci_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _cli_with(monkeypatch, ControlPlugin(_control(_raise_system_exit)))
    code = cli.main(
        ["evaluate", str(_write_folder(tmp_path)), "--as-of", AS_OF, "--only", "XMP-900"]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert "XMP-900" in out
    assert "plugin ControlPlugin failed (control XMP-900): SystemExit: 0" in err


class BrokenFormat:
    @jc.hookimpl
    def jcp_controls_report_formats(self) -> Sequence[Any]:
        def explode(report: jc.Report, include_passes: bool) -> str:
            raise RuntimeError("template missing")

        def nothing(report: jc.Report, include_passes: bool) -> Any:
            return None

        return (
            jc.report.formats.ReportFormat("boom", "raises", explode),
            jc.report.formats.ReportFormat("none", "returns None", nothing),
        )


@pytest.mark.parametrize(
    ("name", "expected"),
    [("boom", "'boom' failed: RuntimeError: template missing"), ("none", "'none' returned None")],
)
def test_a_report_format_that_fails_is_one_error_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    expected: str,
) -> None:
    _cli_with(monkeypatch, BrokenFormat())
    code = cli.main(["evaluate", str(_write_folder(tmp_path)), "--as-of", AS_OF, "--format", name])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    [line] = err.strip().splitlines()[-1:]
    assert expected in line
    assert "Traceback" not in err


def test_hookcall_monitoring_sees_every_hook_call() -> None:
    plugin = ControlPlugin(_control(lambda ctx, item: jc.Finding(jc.Status.PASS, "ok")))
    plugins = jc.Plugins(plugin, entry_points=False)
    seen: list[tuple[str, list[str]]] = []

    def before(hook_name: str, impls: Sequence[Any], kwargs: dict[str, Any]) -> None:
        seen.append((hook_name, [impl.plugin_name for impl in impls]))

    def after(outcome: Any, hook_name: str, impls: Sequence[Any], kwargs: Any) -> None:
        return None

    undo = plugins.manager.add_hookcall_monitoring(before, after)
    try:
        jc.evaluate(_evidence(), as_of=AS_OF, plugins=plugins, only=["XMP-900"])
    finally:
        undo()
    # Each plugin's implementation is called on its own, and pluggy sees each call.
    assert ("jcp_controls_controls", ["ControlPlugin"]) in seen
    assert ("jcp_controls_controls", ["jcp_controls.controls.plugin"]) in seen
    assert ("jcp_controls_check_types", ["jcp_controls.controls.plugin"]) in seen
    assert all(len(impls) == 1 for _, impls in seen)
    assert {name for name, _ in seen} >= {"jcp_controls_controls", "jcp_controls_check_types"}


def test_the_built_in_catalogue_is_unchanged_by_calling_through_pluggy() -> None:
    catalogue = jc.Catalogue.from_plugins(jc.Plugins(entry_points=False))
    assert len(catalogue.controls) == 71
    assert catalogue.get("ACC-001").control_id == "ACC-001"


class SourceReturningStrings:
    @jc.hookimpl
    def jcp_controls_sources(self) -> Sequence[jc.EvidenceSource]:
        def load(location: str, progress: Progress | None) -> Any:
            return jc.SourceBatch("hr", "hr:x", records={RecordKind.STAFF: ("S1", "S2")})

        return (jc.EvidenceSource("hr", ("hr",), frozenset({RecordKind.STAFF}), load),)


def test_a_source_batch_holding_the_wrong_records_is_a_plugin_failure() -> None:
    plugins = jc.Plugins(SourceReturningStrings(), entry_points=False)
    evidence = jc.load("hr:x", plugins=plugins)
    [failure] = evidence.plugin_failures
    assert "a str among staff, expected Staff" in failure.message
    report = jc.evaluate(evidence, as_of=AS_OF, plugins=plugins, only=["ACC-014"])
    assert {r.status for r in report.results} == {jc.Status.ERROR}


def test_unhashable_plugin_objects_are_each_called() -> None:
    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

        @jc.hookimpl
        def jcp_controls_controls(self) -> Sequence[jc.Control]:
            return (
                _control(lambda ctx, item: jc.Finding(jc.Status.PASS, "ok"), control_id="XMP-1"),
            )

    class Second(Unhashable):
        @jc.hookimpl
        def jcp_controls_controls(self) -> Sequence[jc.Control]:
            return (
                _control(lambda ctx, item: jc.Finding(jc.Status.PASS, "ok"), control_id="XMP-2"),
            )

    plugins = jc.Plugins(Unhashable(), Second(), entry_points=False)
    ids = [c.control_id for c in jc.Catalogue.from_plugins(plugins).controls]
    assert {"XMP-1", "XMP-2"} <= set(ids)
    assert plugins.failures == []
