"""Several outputs in one run (interface "Additions": ``--format NAME[:PATH]`` may be
repeated; each writes one output, to PATH or to stdout for at most one of them; ``--output F``
keeps working for a single format)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import jcp_controls as jc

from .conftest import AS_OF, Cli, api_render

DAY = AS_OF.isoformat()


def test_json_and_junit_files_in_one_run(
    run_cli: Cli, evidence_folder: Path, tmp_path: Path
) -> None:
    report, junit = tmp_path / "report.json", tmp_path / "report.xml"
    code, out, err = run_cli(
        "evaluate",
        evidence_folder,
        "--as-of",
        DAY,
        "--format",
        f"json:{report}",
        "--format",
        f"junit:{junit}",
    )
    assert code == 1, err
    assert out == ""
    assert report.read_text(encoding="utf-8") == api_render(evidence_folder, "json")
    assert ET.fromstring(junit.read_bytes()).tag == "testsuites"


def test_one_output_to_stdout_and_others_to_files(
    run_cli: Cli, evidence_folder: Path, tmp_path: Path
) -> None:
    sarif = tmp_path / "report.sarif"
    code, out, _ = run_cli(
        "evaluate",
        evidence_folder,
        "--as-of",
        DAY,
        "--format",
        "csv",
        "--format",
        f"sarif:{sarif}",
    )
    assert code == 1
    assert out == api_render(evidence_folder, "csv")
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_output_names_the_file_of_the_one_format_without_a_path(
    run_cli: Cli, evidence_folder: Path, tmp_path: Path
) -> None:
    md, report = tmp_path / "report.md", tmp_path / "report.json"
    code, out, _ = run_cli(
        "evaluate",
        evidence_folder,
        "--as-of",
        DAY,
        "--format",
        "md",
        "--format",
        f"json:{report}",
        "--output",
        md,
    )
    assert (code, out) == (1, "")
    assert md.read_text(encoding="utf-8") == api_render(evidence_folder, "md")
    assert report.exists()


def test_a_path_with_a_colon_is_kept_whole(
    run_cli: Cli, evidence_folder: Path, tmp_path: Path
) -> None:
    target = tmp_path / "a:b.json"
    code, _, err = run_cli(
        "evaluate", evidence_folder, "--as-of", DAY, "--format", f"json:{target}"
    )
    assert code == 1, err
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "jcp-controls/report/1"


@pytest.mark.parametrize(
    ("formats", "extra", "message"),
    [
        (["json", "csv"], [], "json, csv would all go to stdout"),
        (["json:{dir}/a", "csv:{dir}/a"], [], "is named as the output of two formats"),
        (["json:{dir}/a"], ["--output", "{dir}/b"], "every --format already has a PATH"),
        (["json:"], [], "the PATH after ':' is empty"),
        (["xml"], [], "unknown format 'xml' for report (one of "),
        (["ics"], [], "unknown format 'ics' for report"),
    ],
)
def test_usage_errors_before_anything_is_evaluated_or_written(
    run_cli: Cli,
    evidence_folder: Path,
    tmp_path: Path,
    formats: list[str],
    extra: list[str],
    message: str,
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args: list[str | Path] = ["evaluate", evidence_folder, "--as-of", DAY]
    for fmt in formats:
        args += ["--format", fmt.format(dir=out_dir)]
    args += [value.format(dir=out_dir) for value in extra]
    code, out, err = run_cli(*args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert message in err
    assert list(out_dir.iterdir()) == []


def test_every_command_writes_several_outputs(
    run_cli: Cli, evidence_folder: Path, tmp_path: Path
) -> None:
    due_json, due_md = tmp_path / "due.json", tmp_path / "due.md"
    code, out, err = run_cli(
        "due",
        evidence_folder,
        "--as-of",
        DAY,
        "--format",
        f"json:{due_json}",
        "--format",
        f"md:{due_md}",
    )
    assert (code, out) == (0, ""), err
    calendar = jc.evaluate(jc.load(evidence_folder), as_of=AS_OF).due()
    assert due_json.read_text(encoding="utf-8") == calendar.render("json")
    assert due_md.read_text(encoding="utf-8") == calendar.render("md")
    catalogue = tmp_path / "controls.json"
    code, out, _ = run_cli("controls", "--format", "table", "--format", f"json:{catalogue}")
    assert code == 0
    assert out.startswith("control_id")
    assert len(json.loads(catalogue.read_text(encoding="utf-8"))["controls"]) > 60
