"""The export command turns an evidence folder into LMS exports, and evaluating them with the
rest of the folder gives the same findings as the folder alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jcp_controls_lms.__main__ import main
from jcp_controls_lms.mapping import default_mapping_text

AS_OF = "2026-11-30"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jcp_controls", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def _report(*sources: str) -> dict[str, Any]:
    done = _cli(
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
    folder = tmp_path_factory.mktemp("demo") / "evidence"
    done = _cli("demo", "--offices", "3", "--out", str(folder), "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    return folder


def test_export_plus_remainder_gives_the_same_findings_as_the_folder(
    demo: Path, tmp_path: Path
) -> None:
    out, rest = tmp_path / "lms", tmp_path / "rest"
    assert main(["export", str(demo), str(out), "--remainder", str(rest)]) == 0

    alone = _report(str(demo))
    combined = _report(f"lms:{out}", str(rest))

    assert combined["input_errors"] == []
    assert combined["controls"] == alone["controls"]
    assert combined["results"] == alone["results"]
    lms = combined["sources"][0]
    assert lms["name"] == "lms"
    assert lms["records"]["access_grants"] > 0
    assert lms["records"]["access_reviews"] > 0
    # the demo's faults are found through the export too (ACC-004, ACC-010, ACC-011)
    failing = {r["control_id"] for r in combined["results"] if r["status"] == "fail"}
    assert {"ACC-004", "ACC-010", "ACC-011"} <= failing


def test_the_export_looks_like_lms_writes_it(demo: Path, tmp_path: Path) -> None:
    assert main(["export", str(demo), str(tmp_path)]) == 0

    lines = (tmp_path / "lms2_user_access.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "LMS2 - User Access Report"
    assert lines[2].startswith("Access Ref,Office Code,User ID,Staff Number,Account Type")
    assert lines[-1] == f"Total records: {len(lines) - 5}"
    assert lines[3].split(",")[6].count("/") == 2  # dates as DD/MM/YYYY
    lms1 = (tmp_path / "lms1_access_requests.csv").read_text(encoding="utf-8")
    assert "Pseudo" in "".join(lines)
    assert "Reason For Access,Access End Date" in lms1


def test_export_of_a_missing_folder_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(tmp_path / "nowhere"), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "not an evidence folder" in err


def test_mapping_prints_the_default_to_copy(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mapping"]) == 0
    assert capsys.readouterr().out == default_mapping_text()


def test_a_bad_code_stops_a_strict_run_and_fails_closed_when_lenient(
    demo: Path, tmp_path: Path
) -> None:
    out, rest = tmp_path / "lms", tmp_path / "rest"
    assert main(["export", str(demo), str(out), "--remainder", str(rest)]) == 0
    lms2 = out / "lms2_user_access.csv"
    lms2.write_text(
        lms2.read_text(encoding="utf-8").replace(",Adviser,", ",Advisor,", 1), encoding="utf-8"
    )

    strict = _cli("evaluate", f"lms:{out}", str(rest), "--as-of", AS_OF)
    assert strict.returncode == 2
    assert "lms2_user_access.csv, line " in strict.stderr
    assert "column User Group, value 'Advisor'" in strict.stderr

    lenient = _cli(
        "evaluate", f"lms:{out}", str(rest), "--as-of", AS_OF, "--lenient",
        "--format", "json", "--only", "ACC-004", "--include-passes", "--fail-on", "never",
    )  # fmt: skip
    report = json.loads(lenient.stdout)
    assert {r["status"] for r in report["results"]} == {"error"}
    assert report["input_errors"][0]["file"] == "lms2_user_access.csv"


def test_installed_it_is_listed_with_its_scheme_and_kinds() -> None:
    done = _cli("plugins")
    assert done.returncode == 0, done.stderr
    listing = done.stdout.splitlines()
    at = listing.index(
        "  lms (lms:): Labour Market System access exports (LMS2 user groups, LMS1 forms)"
    )
    assert listing[at + 1] == "    kinds: access_grants, access_reviews"


def test_the_readme_run_works_as_written(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Try it on the demo evidence", 1)[1]
    block = section.split("```console\n", 1)[1].split("```", 1)[0]
    commands = [line[2:] for line in block.splitlines() if line.startswith("$ ")]
    assert len(commands) == 3
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for command in commands:
        done = subprocess.run(
            command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True
        )
        # evaluate exits 1 when it finds failures (the demo has some); never 2
        assert done.returncode in (0, 1), (command, done.stderr)
        assert "error:" not in done.stderr, (command, done.stderr)
    assert "ACC-004" in done.stdout
