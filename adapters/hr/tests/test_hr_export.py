"""The export command turns an evidence folder into an HR export that reads back to the same
evidence: a multi-source run (hr export + the rest of the folder) gives the findings of the
folder alone."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import python_calamine
from jcp_controls_hr import export, plugin
from jcp_controls_hr.__main__ import main
from jcp_controls_hr.mapping import load_mapping

import jcp_controls as jc

AS_OF = "2026-11-30"
HR_FILES = ("offices.csv", "staff.csv", "designations.csv", "absences.csv", "learning.csv")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, check=False, timeout=600
    )


def _report(*sources: str) -> dict[str, Any]:
    done = _run(
        "-m",
        "jcp_controls",
        "evaluate",
        *sources,
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--include-passes",
        "--fail-on",
        "never",
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo evidence folder (two offices)."""
    folder = tmp_path_factory.mktemp("demo") / "evidence"
    done = _run(
        "-m",
        "jcp_controls",
        "demo",
        "--offices",
        "2",
        "--out",
        str(folder),
        "--as-of",
        AS_OF,
        "--output",
        str(folder.parent / "report.txt"),
    )
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture(scope="module")
def folder_report(demo: Path) -> dict[str, Any]:
    """The report of the demo folder alone."""
    return _report(str(demo))


@pytest.mark.parametrize("out_name", ["hr.xlsx", "hr-csv"])
def test_the_export_plus_the_rest_gives_the_findings_of_the_folder(
    demo: Path, folder_report: dict[str, Any], tmp_path: Path, out_name: str
) -> None:
    out = tmp_path / out_name
    done = _run("-m", "jcp_controls_hr", "export", str(demo), str(out))
    assert done.returncode == 0, done.stderr
    rest = tmp_path / "rest"
    rest.mkdir()
    for file in demo.iterdir():
        if file.name not in HR_FILES:
            shutil.copy(file, rest / file.name)
    report = _report(f"hr:{out}", str(rest))
    assert report["input_errors"] == []
    assert [source["name"] for source in report["sources"]] == ["hr", "csv"]
    assert report["sources"][0]["records"] == {
        kind: count
        for kind, count in folder_report["sources"][0]["records"].items()
        if f"{kind}.csv" in HR_FILES
    }
    assert report["controls"] == folder_report["controls"]
    assert report["results"] == folder_report["results"]


def test_a_workbook_export_looks_like_the_hr_system_s(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports" / "hr.xlsx"  # the folder is created
    assert main(["export", str(demo), str(out)]) == 0
    book = python_calamine.CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["Offices", "Staff", "Designations", "Absences", "Learning"]
    rows = list(book.get_sheet_by_name("Staff").iter_rows())
    assert rows[0][0] == "Staff report"  # a title row
    assert rows[2][:5] == ["Staff Number", "Name", "Office Code", "Grade", "Position"]
    assert rows[3][3] in ("AA", "AO", "EO", "HEO", "SEO", "G7", "G6", "SCS")
    assert str(rows[-1][0]).startswith("Total records: ")


def test_a_long_learning_sheet_continues_on_numbered_sheets(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "MAX_SHEET_ROWS", 1000)
    out = tmp_path / "hr.xlsx"
    export.write_export(demo, out, load_mapping())
    names = python_calamine.CalamineWorkbook.from_path(str(out)).sheet_names
    assert "Learning (2)" in names
    evidence = jc.load(f"hr:{out}", plugins=jc.Plugins(plugin, entry_points=False))
    folder = jc.load(str(demo), plugins=jc.Plugins(entry_points=False))
    assert evidence.facts() == folder.facts()
    assert evidence.facts().rows == folder.facts().rows


def test_export_refuses_a_value_without_a_code(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evidence = tmp_path / "evidence"
    shutil.copytree(demo, evidence)
    staff = (evidence / "staff.csv").read_text().splitlines()
    cells = staff[1].split(",")
    cells[4] = "astronaut"
    staff[1] = ",".join(cells)
    (evidence / "staff.csv").write_text("\n".join(staff) + "\n")
    assert main(["export", str(evidence), str(tmp_path / "out.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "staff.csv line 2, column job_role, value 'astronaut': no code for it" in err


def test_an_unwritable_workbook_is_one_line_and_exit_2(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "taken.xlsx").mkdir()  # a folder where the workbook should go
    assert main(["export", str(demo), str(tmp_path / "taken.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jcp-controls-hr: error: ")
    assert "taken.xlsx: cannot write the workbook" in err
    assert err.count("\n") == 1


def test_a_missing_export_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = _run("-m", "jcp_controls", "evaluate", f"hr:{tmp_path / 'nope.xlsx'}")
    assert done.returncode == 2
    assert done.stderr.strip().endswith("nope.xlsx: HR export not found")
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


def test_plugins_lists_the_hr_source() -> None:
    done = _run("-m", "jcp_controls", "plugins")
    assert done.returncode == 0, done.stderr
    assert "hr (hr:): HR / resource-management export" in done.stdout
    assert "kinds: absences, designations, learning, offices, staff" in done.stdout
