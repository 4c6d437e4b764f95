"""The export and the rest of the folder give the findings the CSV folder alone gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jcp_controls as jc
import pytest

from jcp_controls_bcs.cli import main

AS_OF = "2026-11-30"


def _document(*locations: str | Path) -> dict[str, Any]:
    plugins = jc.Plugins()  # the installed adapter, as the command line loads it
    evidence = jc.load(*locations, plugins=plugins)
    assert evidence.errors == ()
    report = jc.evaluate(evidence, as_of=AS_OF, plugins=plugins)
    assert report.plugin_errors == ()
    return report.to_dict()


def test_bcs_plus_the_rest_gives_the_same_findings_as_the_folder(
    bcs_url: str,
    demo_folder: Path,
    demo_report: jc.Report,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JCP_BCS_RESULTS_URL", "off")
    rest = tmp_path / "rest"
    assert main(["export", str(demo_folder), bcs_url, "--rest", str(rest)]) == 0
    assert not (rest / "events.csv").exists()
    assert not (rest / "enrolments.csv").exists()

    combined = _document(rest, f"bcs:{bcs_url}")
    alone = demo_report.to_dict()
    assert combined["controls"] == alone["controls"]
    assert combined["results"] == alone["results"]
    assert any(result["status"] != "pass" for result in combined["results"])
    assert [source["name"] for source in combined["sources"]] == ["csv", "bcs"]
