"""``jcp-controls sample`` (cli.rst, CLI; SEC §28 via catalogue.rst CHK-038): the BCS
validation sample of one office and quarter, reproducible, as table/JSON/CSV, with the exit
codes of the CLI contract (0 written, 2 usage error or invalid evidence)."""

from __future__ import annotations

import csv
import io
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

OFFICES = "office_id,name\nOF1,Alpha Jobcentre\nOF2,Beta Jobcentre\n"
HEADER = "check_type,office_id,subject_id,performed_on,performed_by,outcome,recorded_in"


def check_rows() -> list[str]:
    """OF1 has 30 BCS checks in 2026Q3 (lot 26-50: 8 to validate) among checks that must
    never be sampled: other office, other quarters, SCCS, and the validations themselves."""
    rows = [
        f"gpc_statement,OF1,S{index:02d},2026-{7 + index % 3:02d}-{1 + index % 28:02d},M1,pass,bcs"
        for index in range(30)
    ]
    rows += [f"expenses_claims,OF2,T{index},2026-08-01,M2,pass,bcs" for index in range(20)]
    rows += [f"gpc_statement,OF1,Q2-{index},2026-06-30,M1,pass,bcs" for index in range(5)]
    rows += [f"gpc_statement,OF1,Q4-{index},2026-10-01,M1,pass,bcs" for index in range(5)]
    rows += [f"gpc_statement,OF1,SC{index},2026-08-01,M1,pass,sccs" for index in range(5)]
    rows += [f"bcs_validation,OF1,V{index},2026-08-01,QT,pass,bcs" for index in range(5)]
    return rows


def write_folder(folder: Path, rows: list[str], offices: str = OFFICES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "offices.csv").write_text(offices, encoding="utf-8")
    (folder / "checks.csv").write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "evidence", check_rows())


def sample(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jcp_controls", "sample", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def sample_json(folder: Path, *extra: str) -> dict[str, Any]:
    done = sample(folder, "--office", "OF1", "--quarter", "2026Q3", "--format", "json", *extra)
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_json_sample(folder: Path) -> None:
    data = sample_json(folder, "--seed", "11")
    assert data["office_id"] == "OF1"
    assert data["quarter"] == "2026Q3"
    assert data["seed"] == 11
    assert data["population"] == 30
    assert data["sample_size"] == 8
    assert data["plan"] == "iso2859-1-general-ii"
    chosen = data["sample"]
    assert isinstance(chosen, list)
    assert len(chosen) == 8
    subjects = {f"S{index:02d}" for index in range(30)}
    for item in chosen:
        assert item["subject_id"] in subjects
        assert item["check_type"] == "gpc_statement"
        assert "2026-07-01" <= item["performed_on"] <= "2026-09-30"
        assert item["performed_by"] == "M1"
    assert len({item["subject_id"] for item in chosen}) == 8


def test_seed_defaults_to_zero(folder: Path) -> None:
    assert sample_json(folder) == sample_json(folder, "--seed", "0")


def test_reproducible_in_any_row_order(tmp_path: Path) -> None:
    """cli.rst: same evidence, office, quarter and seed => same sample, any row order."""
    rows = check_rows()
    expected = sample_json(write_folder(tmp_path / "a", rows), "--seed", "5")
    random.Random(1).shuffle(rows)
    shuffled = sample_json(write_folder(tmp_path / "b", rows), "--seed", "5")
    assert shuffled == expected
    assert sample_json(write_folder(tmp_path / "a", rows), "--seed", "5") == expected


def test_different_seeds_draw_different_samples(folder: Path) -> None:
    drawn = {json.dumps(sample_json(folder, "--seed", str(seed))["sample"]) for seed in range(4)}
    assert len(drawn) == 4  # 8 of 30: a collision is astronomically unlikely


def test_table_names_office_quarter_and_every_chosen_check(folder: Path) -> None:
    data = sample_json(folder, "--seed", "2")
    done = sample(folder, "--office", "OF1", "--quarter", "2026Q3", "--seed", "2")
    assert done.returncode == 0, done.stderr
    assert "OF1" in done.stdout
    assert "2026Q3" in done.stdout
    assert "8 of 30" in done.stdout
    for item in data["sample"]:
        assert item["subject_id"] in done.stdout


def test_csv_header_rows_and_formula_injection(tmp_path: Path) -> None:
    """cli.rst: CSV cells starting = + - @ tab CR are neutralised."""
    rows = [
        "gpc_statement,OF1,=HYPERLINK(1),2026-08-01,@boss,pass,bcs",
        "gpc_statement,OF1,+44,2026-08-02,-x,pass,bcs",
    ]  # lot 2 -> both chosen
    folder = write_folder(tmp_path / "ev", rows)
    done = sample(folder, "--office", "OF1", "--quarter", "2026Q3", "--format", "csv")
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(table) == 2
    assert {"check_type", "subject_id", "performed_on", "performed_by"} <= set(table[0])
    assert [row["subject_id"] for row in table] == ["'=HYPERLINK(1)", "'+44"]
    assert [row["performed_by"] for row in table] == ["'@boss", "'-x"]
    assert {row["performed_on"] for row in table} == {"2026-08-01", "2026-08-02"}


def test_csv_lists_the_json_sample(folder: Path) -> None:
    data = sample_json(folder, "--seed", "9")
    done = sample(
        folder, "--office", "OF1", "--quarter", "2026Q3", "--seed", "9", "--format", "csv"
    )
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [row["subject_id"] for row in table] == [item["subject_id"] for item in data["sample"]]


def test_output_file(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "sample.json"
    done = sample(
        folder, "--office", "OF1", "--quarter", "2026Q3", "--format", "json", "--output", target
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8")) == sample_json(folder)


def test_office_without_bcs_checks_in_the_quarter_has_an_empty_sample(folder: Path) -> None:
    done = sample(folder, "--office", "OF2", "--quarter", "2026Q1", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["population"], data["sample_size"], data["sample"]) == (0, 0, [])


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("--office", "OF1", "--quarter", "2026Q5"), id="quarter 5"),
        pytest.param(("--office", "OF1", "--quarter", "2026-Q3"), id="quarter with dash"),
        pytest.param(("--office", "OF1", "--quarter", "Q3"), id="quarter without year"),
        pytest.param(("--office", "OF9", "--quarter", "2026Q3"), id="unknown office"),
        pytest.param(("--office", "OF1", "--quarter", "2026Q3", "--seed", "x"), id="seed text"),
        pytest.param(("--office", "OF1", "--quarter", "2026Q3", "--seed", "-1"), id="seed < 0"),
        pytest.param(("--quarter", "2026Q3"), id="no office"),
        pytest.param(("--office", "OF1"), id="no quarter"),
    ],
)
def test_usage_errors_exit_2_with_one_line(folder: Path, args: tuple[str, ...]) -> None:
    """cli.rst: usage error -> exit 2, one clear line on stderr, no traceback."""
    done = sample(folder, *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_missing_source_exits_2(tmp_path: Path) -> None:
    done = sample(tmp_path / "nowhere", "--office", "OF1", "--quarter", "2026Q3")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_invalid_evidence_exits_2_naming_the_cell(tmp_path: Path) -> None:
    """Strict input validation, as evaluate: file, line and bad value are reported."""
    rows = check_rows()
    rows[3] = "gpc_statement,OF1,S99,2026-13-01,M1,pass,bcs"  # line 5 of checks.csv
    folder = write_folder(tmp_path / "ev", rows)
    done = sample(folder, "--office", "OF1", "--quarter", "2026Q3")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "checks.csv" in done.stderr
    assert "2026-13-01" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_checks_file_exits_2(tmp_path: Path) -> None:
    """evidence.rst: a missing file is not an empty file; no sample is drawn from nothing."""
    folder = tmp_path / "ev"
    folder.mkdir()
    (folder / "offices.csv").write_text(OFFICES, encoding="utf-8")
    done = sample(folder, "--office", "OF1", "--quarter", "2026Q3")
    assert done.returncode == 2
    assert "checks.csv" in done.stderr
    assert "Traceback" not in done.stderr


def test_invalid_policy_exits_2(folder: Path) -> None:
    (folder / "policy.toml").write_text('[bcs]\nsample_plan = "half"\n', encoding="utf-8")
    done = sample(folder, "--office", "OF1", "--quarter", "2026Q3")
    assert done.returncode == 2
    assert "sample_plan" in done.stderr
    assert "Traceback" not in done.stderr
