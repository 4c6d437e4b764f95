"""The command lines: ``jcp-controls-bcs`` (init, upgrade, export, history, diff) and
``jcp-controls evaluate bcs:...``; a user mistake is one line on stderr and exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from jcp_controls.cli import main as jcp_controls

from jcp_controls_bcs.cli import main

pytestmark = pytest.mark.usefixtures("no_results_env")

AS_OF = "2026-11-30"


def _evaluate(*args: str) -> subprocess.CompletedProcess[str]:
    """``jcp-controls evaluate`` in a child process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "jcp_controls", "evaluate", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``jcp-controls ARGS`` in this process (entry points loaded, as installed)."""
    capsys.readouterr()
    status = jcp_controls(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def _one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_a_missing_sqlite_database_is_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    done = _evaluate(f"bcs:sqlite:///{missing}", "--as-of", AS_OF)
    assert done.returncode == 2
    line = _one_line_error(done.stderr)
    assert "BCS database not found" in line
    assert "jcp-controls-bcs init" in line
    assert not missing.exists()  # looking did not create it


def test_a_missing_postgresql_database_is_exit_2(
    postgres_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = _run(
        capsys, "evaluate", f"bcs:{postgres_server}/no_such_db", "--as-of", AS_OF
    )
    assert status == 2
    line = _one_line_error(err)
    assert 'database "no_such_db" does not exist' in line
    assert "jcp-controls-bcs init" in line


def test_a_database_without_the_schema_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "other.db"
    engine = sa.create_engine(f"sqlite:///{empty}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE something (x INTEGER)")
    engine.dispose()
    status, _, err = _run(capsys, "evaluate", f"bcs:sqlite:///{empty}", "--as-of", AS_OF)
    assert status == 2
    assert "not a BCS database for jcp-controls" in _one_line_error(err)


def test_not_a_url_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "evaluate", "bcs:not a url", "--as-of", AS_OF)
    assert status == 2
    assert "not a database URL" in _one_line_error(err)


def test_an_old_schema_is_refused_until_upgraded(
    db_url: str, demo_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", db_url, "--revision", "0001"]) == 0
    status, _, err = _run(capsys, "evaluate", f"bcs:{db_url}", "--as-of", AS_OF)
    assert status == 2
    line = _one_line_error(err)
    assert "schema is at revision 0001, this adapter needs 0002" in line
    assert f"jcp-controls-bcs upgrade {db_url}" in line

    assert main(["upgrade", f"bcs:{db_url}"]) == 0
    assert "from revision 0001 to 0002" in capsys.readouterr().out
    assert main(["upgrade", db_url]) == 0
    assert "already at revision 0002" in capsys.readouterr().out
    assert main(["export", str(demo_folder), db_url]) == 0
    status, out, err = _run(
        capsys, "evaluate", f"bcs:{db_url}", "--as-of", AS_OF, "--format", "json",
        "--only", "CHK-015",
    )  # fmt: skip
    assert status in (0, 1), err
    assert json.loads(out)["input_errors"] == []


def test_init_twice_and_export_twice_are_refused(
    db_url: str, demo_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", db_url]) == 0
    assert "created the BCS schema (revision 0002)" in capsys.readouterr().out
    assert main(["init", db_url]) == 2
    assert "already holds a BCS schema (revision 0002)" in capsys.readouterr().err
    assert main(["export", str(demo_folder), db_url]) == 0
    assert main(["export", str(demo_folder), db_url]) == 2
    assert "use --replace" in capsys.readouterr().err
    assert main(["export", str(demo_folder), db_url, "--replace"]) == 0


def test_upgrade_of_a_missing_database_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["upgrade", f"sqlite:///{tmp_path / 'x.db'}"]) == 2
    assert "BCS database not found" in capsys.readouterr().err


def test_history_and_diff_of_the_runs_stored(
    bcs_url: str, demo_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rest = tmp_path / "rest"
    assert main(["history", bcs_url]) == 0
    assert capsys.readouterr().out == "no runs stored\n"
    assert main(["diff", bcs_url]) == 2
    assert "0 run(s) stored; a diff needs two" in capsys.readouterr().err

    assert main(["export", str(demo_folder), bcs_url, "--rest", str(rest)]) == 0
    reports = []
    for number in (1, 2):
        if number == 2:  # BCS loses the staff-club checks: new findings in run 2
            engine = sa.create_engine(bcs_url, poolclass=sa.pool.NullPool)
            with engine.begin() as connection:
                connection.exec_driver_sql(
                    "DELETE FROM bcs_check_result WHERE check_code = 'MC15'"
                )
            engine.dispose()
        out = tmp_path / f"run{number}.json"
        status, _, err = _run(
            capsys, "evaluate", str(rest), f"bcs:{bcs_url}", "--as-of", AS_OF,
            "--format", "json", "--output", str(out), "--include-passes",
            "--only", "CHK-015,CHK-027,CHK-038",
        )  # fmt: skip
        assert status in (0, 1), err
        reports.append(out)

    capsys.readouterr()
    assert main(["history", bcs_url, "--format", "json"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert [run["seq"] for run in runs] == [1, 2]
    assert main(["history", bcs_url]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == [
        "seq", "run_id", "recorded_at", "as_of", "version", "results", "findings",
    ]  # fmt: skip
    assert [line.split()[1] for line in table[1:]] == [run["run_id"] for run in runs]

    assert main(["diff", bcs_url, "--format", "json"]) == 0
    stored = json.loads(capsys.readouterr().out)
    status, from_files, _ = _run(
        capsys, "diff", str(reports[0]), str(reports[1]), "--format", "json"
    )
    assert json.loads(from_files) == stored
    assert stored["counts"]["new_findings"] > 0
    assert {entry["control_id"] for entry in stored["new_findings"]} == {"CHK-015"}
    assert main(["diff", bcs_url, "--fail-on", "fail"]) == 1
    capsys.readouterr()
    assert main(["diff", bcs_url, "--old", "no-such-run"]) == 2
    assert "no stored run 'no-such-run'" in capsys.readouterr().err


def test_strict_stops_on_an_unmapped_code_and_lenient_reports_it(
    bcs_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = sa.create_engine(bcs_url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO bcs_check_result (result_id, check_code, site_code, completed_date, "
            "outcome_code) VALUES (7, 'MC99', 'OF001', '2026-10-01', 'SAT')"
        )
    engine.dispose()
    location = f"bcs:{bcs_url}"
    status, _, err = _run(capsys, "evaluate", location, "--as-of", AS_OF, "--only", "CHK-015")
    assert status == 2
    assert (
        "bcs_check_result, line 7, column check_code, value 'MC99': unknown BCS check_type code"
    ) in err
    status, out, _ = _run(
        capsys, "evaluate", location, "--as-of", AS_OF, "--only", "CHK-015", "--lenient",
        "--format", "json",
    )  # fmt: skip
    report = json.loads(out)
    assert [(e["file"], e["line"], e["column"], e["value"]) for e in report["input_errors"]] == [
        ("bcs_check_result", 7, "check_code", "MC99")
    ]
    assert {result["status"] for result in report["results"]} == {"error"}


def test_plugins_lists_the_source(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "plugins")
    assert status == 0
    assert "bcs (bcs:): Business Controls System database" in out
    assert "kinds: checks, enrolments, events" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "BCS mapping file not found"),
        ("[tables", "not valid TOML"),
        ("[codes]\n[tables]\n", "[tables.checks] is missing"),
    ],
)
def test_a_bad_mapping_file_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    mapping = tmp_path / "m.toml"
    if content is not None:
        mapping.write_text(content, encoding="utf-8")
    database = tmp_path / "bcs.db"
    assert main(["init", f"sqlite:///{database}"]) == 0
    location = f"bcs:sqlite:///{database}?mapping={mapping}"
    status, _, err = _run(capsys, "evaluate", location, "--as-of", AS_OF)
    assert status == 2
    line = _one_line_error(err)
    assert str(mapping) in line
    assert message in line
