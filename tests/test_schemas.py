"""The published JSON Schemas (issue 7 item 2): every writer's JSON output validates against
the schema shipped in ``jcp_controls/schemas``, and the report schema follows the JSON report
of the interface exactly (every key, in order)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import jcp_controls as jc
from jcp_controls.cli import main
from jcp_controls.controls.base import Severity, Status, SubjectKind
from jcp_controls.demo import write_demo
from jcp_controls.schemas import NAMES, schema

AS_OF = dt.date(2026, 11, 23)


def validate(name: str, document: Any) -> None:
    validator = jsonschema.Draft202012Validator(
        schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(document)


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Any:
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    return json.loads(captured.out)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-office demo estate: every control has something to say."""
    path = tmp_path_factory.mktemp("demo")
    write_demo(path, offices=2, seed=7, as_of=AS_OF)
    return path


@pytest.mark.parametrize("name", NAMES)
def test_each_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    document = schema(name)
    jsonschema.Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_unknown_schema_name() -> None:
    with pytest.raises(ValueError, match="no schema 'nope'"):
        schema("nope")


def test_schema_enumerations_are_the_library_s() -> None:
    results = schema("report")["properties"]["results"]["items"]["properties"]
    assert results["status"]["enum"] == [s.value for s in Status]
    assert results["severity"]["enum"] == [s.value for s in Severity]
    assert results["subject_kind"]["enum"] == [k.value for k in SubjectKind]


@pytest.mark.parametrize("include_passes", [False, True])
def test_report_json_validates(
    folder: Path, capsys: pytest.CaptureFixture[str], include_passes: bool
) -> None:
    args = ["evaluate", folder, "--as-of", AS_OF.isoformat(), "--format", "json"]
    document = run(capsys, *args, *(["--include-passes"] if include_passes else []))
    assert document["results"]
    validate("report", document)


def test_report_schema_lists_every_key_in_report_order(folder: Path) -> None:
    document = jc.evaluate(jc.load(folder), as_of=AS_OF).to_dict()
    report = schema("report")
    assert list(report["properties"]) == list(document) == report["required"]
    items = {key: report["properties"][key]["items"] for key in ("sources", "controls", "results")}
    for key, item in items.items():
        assert list(item["properties"]) == list(document[key][0]) == item["required"], key
    counts = items["controls"]["properties"]["counts"]
    assert list(counts["properties"]) == list(document["controls"][0]["counts"])


def test_report_with_input_errors_validates(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for path in folder.iterdir():
        (broken / path.name).write_bytes(path.read_bytes())
    staff = broken / "staff.csv"
    lines = staff.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.append("S999,Someone,OF001,not-a-grade,work_coach\n")
    staff.write_text("".join(lines), encoding="utf-8")
    document = run(capsys, "evaluate", broken, "--as-of", AS_OF.isoformat(), "--lenient",
                   "--format", "json")  # fmt: skip
    assert document["input_errors"]
    validate("report", document)


def test_due_json_validates(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = run(capsys, "due", folder, "--as-of", AS_OF.isoformat(), "--format", "json")
    assert {entry["section"] for entry in document["entries"]} == {"overdue", "due"}
    validate("due", document)


def test_diff_json_validates(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    for path, day in ((old, "2026-06-01"), (new, AS_OF.isoformat())):
        code = main(["evaluate", str(folder), "--as-of", day, "--format", f"json:{path}"])
        assert code == 1
    document = run(capsys, "diff", old, new, "--format", "json")
    assert document["new_findings"]
    assert document["resolved"]
    assert document["still_open"]
    validate("diff", document)


def test_sample_json_validates(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = run(capsys, "sample", folder, "--office", "OF001", "--quarter", "2026Q3",
                   "--format", "json")  # fmt: skip
    assert document["sample"]
    validate("sample", document)


def test_catalogue_json_validates(capsys: pytest.CaptureFixture[str]) -> None:
    document = run(capsys, "controls", "--format", "json")
    validate("catalogue", document)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("results", 0, "status"), "passed"),
        (("results", 0, "due_on"), "22/11/2026"),
        (("controls", 0, "counts", "pass"), -1),
        (("schema",), "jcp-controls/report/2"),
    ],
)
def test_a_wrong_report_does_not_validate(
    folder: Path, path: tuple[str | int, ...], value: object
) -> None:
    document = jc.evaluate(jc.load(folder), as_of=AS_OF).to_dict()
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        validate("report", document)
