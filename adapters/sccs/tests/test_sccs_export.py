"""The export command turns an evidence folder into SCCS exports, and evaluating them with the
rest of the folder gives the same findings as the folder alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jcp_controls_sccs.__main__ import main
from jcp_controls_sccs.mapping import default_mapping_text

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
    out, rest = tmp_path / "sccs", tmp_path / "rest"
    assert main(["export", str(demo), str(out), "--remainder", str(rest)]) == 0

    alone = _report(str(demo))
    combined = _report(f"sccs:{out}", str(rest))

    assert combined["input_errors"] == []
    assert combined["controls"] == alone["controls"]
    assert combined["results"] == alone["results"]
    sccs = combined["sources"][0]
    assert sccs["name"] == "sccs"
    assert sccs["records"]["checks"] > 0
    assert sccs["records"]["test_checks"] > 0
    assert "test_checks" not in combined["sources"][1]["records"]
    # the demo's faults are found through the export too (SEC-004: a test check form missing)
    failing = {r["control_id"] for r in combined["results"] if r["status"] == "fail"}
    assert "SEC-004" in failing
    laptops = [r for r in combined["results"] if r["control_id"] == "CHK-016"]
    assert laptops
    assert all(r["status"] != "error" for r in laptops)


def test_the_export_looks_like_sccs_writes_it(demo: Path, tmp_path: Path) -> None:
    assert main(["export", str(demo), str(tmp_path)]) == 0

    lines = (tmp_path / "sccs_security_checks.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "SCCS - Security Check Results"
    assert lines[2] == "Check Ref,Site Code,Check Type,Date Checked,Subject Ref,Checked By,Result"
    assert lines[-1] == f"Total records: {len(lines) - 5}"
    assert lines[3].split(",")[3].count("/") == 2  # dates as DD/MM/YYYY
    assert ",Laptop Security Check," in lines[3]
    tests = (tmp_path / "sccs_test_checks.csv").read_text(encoding="utf-8")
    assert ",Outstanding" in tests
    assert ",Completed" in tests


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
    out, rest = tmp_path / "sccs", tmp_path / "rest"
    assert main(["export", str(demo), str(out), "--remainder", str(rest)]) == 0
    checks = out / "sccs_security_checks.csv"
    checks.write_text(
        checks.read_text(encoding="utf-8").replace(",Passed", ",Passd", 1), encoding="utf-8"
    )

    strict = _cli("evaluate", f"sccs:{out}", str(rest), "--as-of", AS_OF)
    assert strict.returncode == 2
    assert "sccs_security_checks.csv, line 4, column Result, value 'Passd'" in strict.stderr

    lenient = _cli(
        "evaluate", f"sccs:{out}", str(rest), "--as-of", AS_OF, "--lenient",
        "--format", "json", "--only", "CHK-016", "--include-passes", "--fail-on", "never",
    )  # fmt: skip
    report = json.loads(lenient.stdout)
    assert {r["status"] for r in report["results"]} == {"error"}
    assert report["input_errors"][0]["file"] == "sccs_security_checks.csv"


def test_installed_it_is_listed_with_its_scheme_and_kinds() -> None:
    done = _cli("plugins")
    assert done.returncode == 0, done.stderr
    listing = done.stdout.splitlines()
    at = listing.index(
        "  sccs (sccs:): Security Checks system exports (security check results, test checks)"
    )
    assert listing[at + 1] == "    kinds: checks, test_checks"


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
    assert "SEC-004" in done.stdout
