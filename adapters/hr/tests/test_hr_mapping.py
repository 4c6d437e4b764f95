"""The mapping file: the default is shipped; a copy can be passed with the location or in
JCP_CONTROLS_HR_MAPPING; a broken one is one clear message naming the file and key."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import pytest
from hr_exports import sheets, write_workbook
from jcp_controls_hr.__main__ import main
from jcp_controls_hr.mapping import DEFAULT_MAPPING, ENV_VAR, load_mapping

import jcp_controls as jc


def _default_text() -> str:
    resource = importlib.resources.files("jcp_controls_hr").joinpath(DEFAULT_MAPPING)
    return resource.read_text("utf-8")


def _personnel_export(tmp_path: Path) -> Path:
    book = sheets()
    book["Personnel"] = book.pop("Staff")
    return write_workbook(tmp_path / "hr.xlsx", book)


def _personnel_mapping(tmp_path: Path) -> Path:
    text = _default_text().replace(
        'names = ["Staff", "Staff List", "Employees"]', 'names = ["Personnel"]'
    )
    path = tmp_path / "my-hr.toml"
    path.write_text(text)
    return path


def test_the_default_mapping_does_not_know_a_renamed_sheet(
    tmp_path: Path, plugins: jc.Plugins
) -> None:
    evidence = jc.load(f"hr:{_personnel_export(tmp_path)}", plugins=plugins)
    assert not evidence.has(jc.RecordKind.STAFF)


def test_a_mapping_given_with_the_location(tmp_path: Path, plugins: jc.Plugins) -> None:
    export = _personnel_export(tmp_path)
    mapping = _personnel_mapping(tmp_path)
    evidence = jc.load(f"hr:{export}?mapping={mapping}", plugins=plugins)
    assert len(evidence.records[jc.RecordKind.STAFF]) == 3


def test_a_mapping_given_in_the_environment(
    tmp_path: Path, plugins: jc.Plugins, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(_personnel_mapping(tmp_path)))
    evidence = jc.load(f"hr:{_personnel_export(tmp_path)}", plugins=plugins)
    assert len(evidence.records[jc.RecordKind.STAFF]) == 3


def test_ignoring_unmapped_courses_is_a_choice_of_the_mapping(
    tmp_path: Path, plugins: jc.Plugins
) -> None:
    book = sheets()
    book["Learning"] = [list(row) for row in book["Learning"]]
    book["Learning"].append(["S1", "Fire Safety", "Completed", "01/01/2026", None])
    export = write_workbook(tmp_path / "hr.xlsx", book)
    assert jc.load(f"hr:{export}", plugins=plugins).errors[0].value == "Fire Safety"
    mapping = tmp_path / "lenient.toml"
    mapping.write_text(
        _default_text().replace('unmapped_courses = "error"', 'unmapped_courses = "ignore"')
    )
    evidence = jc.load(f"hr:{export}?mapping={mapping}", plugins=plugins)
    assert evidence.issues == ()
    assert evidence.facts().rows == 4


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"EO" = "eo"', '"EO" = "e0"', "codes.grade.'EO' = 'e0' is not one of"),
        ('grade = ["Grade", "Grade Code"]', "grade = []", "sheets.staff.columns.grade needs"),
        ("[sheets.offices.columns]", "[sheets.offices.columnz]", "sheets.offices.columns is"),
        ('status = ["Status"', 'stature = ["Status"', "sheets.learning.columns.stature is not"),
        ("[dates]", "[dates", "not a valid TOML mapping file"),
    ],
)
def test_a_broken_mapping_names_the_file_and_key(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = _default_text()
    assert old in text
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(jc.UsageError, match=r"broken\.toml: ") as raised:
        load_mapping(path)
    assert message in str(raised.value)


def test_a_missing_mapping_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(jc.UsageError, match="cannot read the HR mapping file"):
        load_mapping(tmp_path / "nope.toml")


def test_an_unknown_location_parameter_is_a_usage_error(
    tmp_path: Path, plugins: jc.Plugins
) -> None:
    with pytest.raises(jc.UsageError, match="unknown parameter 'map'"):
        jc.load(f"hr:{tmp_path}/hr.xlsx?map=x.toml", plugins=plugins)


def test_the_default_mapping_can_be_printed_to_copy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["mapping"]) == 0
    printed = capsys.readouterr().out
    assert printed == _default_text()
    copy = tmp_path / "my-hr.toml"
    copy.write_text(printed)
    assert load_mapping(copy).codes["grade"]["executive officer"] == "eo"
