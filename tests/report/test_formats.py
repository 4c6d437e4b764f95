"""The format registry (issue 7 item 4): one registry for every document kind; a format
declares the kinds it writes; every command's ``--format`` choices come from it; formats of
installed plugins are seen everywhere."""

from __future__ import annotations

import importlib.metadata
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import jcp_controls as jc
from jcp_controls import cli
from jcp_controls.report.formats import (
    DocumentKind,
    RenderOptions,
    document_kind,
    formats,
    render,
    render_document,
)

from .conftest import Cli

KINDS = tuple(DocumentKind)


def _words(document: Any, options: RenderOptions) -> str:
    return f"{type(document).__name__} passes={options.include_passes}\n"


class EveryKind:
    """A plugin whose ``words`` format writes every document kind."""

    @jc.hookimpl
    def jcp_controls_report_formats(self) -> tuple[jc.ReportFormat, ...]:
        return (jc.ReportFormat("words", "one line", documents=dict.fromkeys(KINDS, _words)),)


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """``EveryKind`` advertised in the ``jcp_controls`` entry-point group, as if installed."""
    module = ModuleType("jcp_words_plugin")
    module.plugin = EveryKind()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "jcp_words_plugin", module)
    entry = importlib.metadata.EntryPoint(
        name="words", value="jcp_words_plugin:plugin", group="jcp_controls"
    )
    real = importlib.metadata.entry_points

    def entry_points(**params: Any) -> Any:
        if params.get("group") == "jcp_controls":
            return importlib.metadata.EntryPoints((entry,))
        return real(**params)

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)


def test_built_in_formats_declare_their_document_kinds() -> None:
    built_in = formats(jc.Plugins(entry_points=False))
    kinds = {name: {kind.value for kind in fmt.kinds} for name, fmt in built_in.items()}
    assert kinds["json"] == {"report", "due", "diff", "sample", "catalogue"}
    assert kinds["table"] == {"report", "due", "diff", "sample", "catalogue"}
    assert {"report", "due", "sample"} <= kinds["csv"]
    assert "diff" not in kinds["csv"]
    assert "report" in kinds["html"]
    for kind in KINDS:
        for name, fmt in formats(jc.Plugins(entry_points=False), kind).items():
            assert kind in fmt.kinds, (name, kind)


def test_original_report_format_still_writes_reports_only(mixed_report: jc.Report) -> None:
    fmt = jc.ReportFormat("counts", "counts", lambda report, passes: f"{len(report.results)}\n")
    assert fmt.kinds == {DocumentKind.REPORT}
    assert fmt.write("report", mixed_report) == "7\n"
    with pytest.raises(jc.UsageError, match="'counts' does not write due documents"):
        fmt.write("due", mixed_report.due())


def test_document_kind_of_every_document(mixed_report: jc.Report, tmp_path: Path) -> None:
    catalogue = jc.Catalogue.from_plugins(jc.Plugins(entry_points=False))
    assert document_kind(mixed_report) is DocumentKind.REPORT
    assert document_kind(mixed_report.due()) is DocumentKind.DUE
    assert document_kind(jc.diff_reports(mixed_report, mixed_report)) is DocumentKind.DIFF
    assert document_kind(catalogue) is DocumentKind.CATALOGUE
    with pytest.raises(jc.UsageError, match="dict is not a document"):
        document_kind({})


def test_unknown_format_names_the_kind_and_the_choices(mixed_report: jc.Report) -> None:
    with pytest.raises(jc.UsageError, match=r"unknown diff format 'csv' \(one of .*json"):
        render_document(jc.diff_reports(mixed_report, mixed_report), "csv")


def test_plugin_format_in_code_reaches_every_document(mixed_report: jc.Report) -> None:
    plugins = jc.Plugins(EveryKind(), entry_points=False)
    calendar = mixed_report.due()
    assert render(mixed_report, "words", include_passes=True, plugins=plugins) == (
        "Report passes=True\n"
    )
    assert calendar.render("words", plugins=plugins) == "DueCalendar passes=False\n"
    diff = jc.diff_reports(mixed_report, mixed_report)
    assert diff.render("words", plugins=plugins) == "ReportDiff passes=False\n"


@pytest.mark.usefixtures("installed")
def test_installed_format_is_seen_without_naming_plugins(mixed_report: jc.Report) -> None:
    assert "words" in formats()
    assert mixed_report.render("words") == "Report passes=False\n"
    assert mixed_report.due().render("words") == "DueCalendar passes=False\n"


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["controls"], "Catalogue passes=False\n"),
        (["evaluate", "{folder}", "--as-of", "2026-11-22", "--fail-on", "never"], "Report"),
        (["due", "{folder}", "--as-of", "2026-11-22"], "DueCalendar passes=False\n"),
        (["diff", "{old}", "{old}"], "ReportDiff passes=False\n"),
    ],
)
def test_every_command_offers_an_installed_format(
    args: list[str], expected: str, run_cli: Cli, evidence_folder: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.json"
    code, _, _ = run_cli(
        "evaluate",
        evidence_folder,
        "--as-of",
        "2026-11-22",
        "--format",
        f"json:{old}",
        "--fail-on",
        "never",
    )
    assert code == 0
    values = [a.format(folder=evidence_folder, old=old) for a in args]
    code, out, err = run_cli(*values, "--format", "words")
    assert code == 0, err
    assert out.startswith(expected)


def test_help_lists_the_formats_of_each_command(
    run_cli: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    def choices(command: str) -> str:
        with pytest.raises(SystemExit):
            cli.main([command, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        return text[text.index("--format NAME[:PATH]") :]

    assert "one of csv, html, json, junit, md, parquet, sarif, table" in choices("evaluate")
    assert "one of html, json, md, table" in choices("diff")
    assert "one of csv, json, table" in choices("sample")


def test_unknown_format_for_a_command_is_a_usage_error(run_cli: Cli) -> None:
    code, out, err = run_cli("controls", "--format", "csv")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "unknown format 'csv' for catalogue (one of " in err


def test_controls_json_through_the_registry(run_cli: Cli) -> None:
    code, out, _ = run_cli("controls", "--format", "json")
    assert code == 0
    assert len(json.loads(out)["controls"]) == len(jc.Catalogue.from_plugins().controls)


def test_plugins_lists_each_format_with_the_documents_it_writes(run_cli: Cli) -> None:
    code, out, _ = run_cli("plugins")
    assert code == 0
    lines = out.splitlines()
    listed = lines[lines.index("report formats:") + 1 :]
    assert any(line.startswith("  ics: ") and line.endswith("(due)") for line in listed), listed
    assert any(
        line.startswith("  json: ") and line.endswith("(report, due, diff, sample, catalogue)")
        for line in listed
    )
