"""``jcp-controls demo``: where it may write, and which dates it accepts.

A user mistake is a usage error (exit 2, one line on stderr, no traceback); an existing folder
is never overwritten silently: a non-empty folder needs ``--force``, except the default
``demo-evidence`` when it is as an earlier ``demo`` left it (then it is replaced, and stderr
says so), so that the README's first command works when run again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jcp_controls.cli import main
from jcp_controls.demo import MANIFEST

AS_OF = "2026-11-23"
SMALL = ["--offices", "1", "--as-of", AS_OF, "--format", "json"]


def _usage_error(capsys: pytest.CaptureFixture[str], code: int) -> str:
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("jcp-controls: error: ")
    return lines[0]


def test_out_naming_a_file_is_a_usage_error_and_leaves_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# my notes\n", encoding="utf-8")
    line = _usage_error(capsys, main(["demo", "--out", str(readme), *SMALL]))
    assert f"--out {readme}: not a folder" in line
    assert readme.read_text(encoding="utf-8") == "# my notes\n"


def test_out_that_cannot_be_created_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    out = tmp_path / "file" / "demo"  # a folder inside a file: cannot be made
    line = _usage_error(capsys, main(["demo", "--out", str(out), *SMALL]))
    assert f"--out {out}: cannot write the folder" in line


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"])
def test_as_of_the_generator_cannot_handle_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_of: str
) -> None:
    out = tmp_path / "demo"
    line = _usage_error(capsys, main(["demo", "--out", str(out), "--as-of", as_of]))
    assert "--as-of" in line
    assert as_of in line
    assert "1900-01-01 to 2199-12-31" in line
    assert not out.exists()


@pytest.mark.parametrize("as_of", ["1900-01-01", "2199-12-31"])
def test_as_of_at_either_end_of_the_range_writes_and_evaluates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_of: str
) -> None:
    code = main(["demo", "--out", str(tmp_path / "demo"), "--offices", "1", "--as-of", as_of])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "error" not in captured.err


@pytest.mark.parametrize("offices", ["0", "-3", "10001", "1000000000"])
def test_offices_out_of_range_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], offices: str
) -> None:
    out = tmp_path / "demo"
    line = _usage_error(capsys, main(["demo", "--out", str(out), "--offices", offices]))
    assert f"--offices {offices}: must be from 1 to 10,000" in line
    assert not out.exists()


def test_empty_as_of_is_a_usage_error_not_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _usage_error(capsys, main(["demo", "--out", str(tmp_path / "d"), "--as-of", ""]))
    assert "--as-of" in line


def test_the_default_command_runs_twice_in_a_row_replacing_its_own_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo", *SMALL]) == 0
    first = capsys.readouterr()
    assert first.err.startswith("jcp-controls: wrote demo-evidence/")
    assert (tmp_path / "demo-evidence" / MANIFEST).is_file()
    assert main(["demo", *SMALL, "--seed", "2"]) == 0
    second = capsys.readouterr()
    assert second.err.startswith("jcp-controls: replaced demo-evidence/")
    manifest = json.loads((tmp_path / "demo-evidence" / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["seed"] == 2
    assert json.loads(second.out)["as_of"] == AS_OF


def test_a_folder_named_with_out_is_not_replaced_without_force_even_if_a_demo_wrote_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), *SMALL]) == 0
    capsys.readouterr()
    before = (out / "staff.csv").read_bytes()
    line = _usage_error(capsys, main(["demo", "--out", str(out), *SMALL, "--seed", "2"]))
    assert f"--out {out}: the folder is not empty" in line
    assert "--force" in line
    assert (out / "staff.csv").read_bytes() == before
    assert main(["demo", "--out", str(out), *SMALL, "--seed", "2", "--force"]) == 0
    assert (out / "staff.csv").read_bytes() != before


@pytest.fixture
def default_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """``demo-evidence/`` as the README's first command leaves it, in the working folder."""
    monkeypatch.chdir(tmp_path)
    assert main(["demo", *SMALL]) == 0
    capsys.readouterr()
    return tmp_path / "demo-evidence"


def test_the_default_folder_changed_since_it_was_written_needs_force(
    default_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    staff = default_folder / "staff.csv"
    edited = staff.read_text(encoding="utf-8").replace("work_coach", "line_manager", 1)
    staff.write_text(edited, encoding="utf-8")
    line = _usage_error(capsys, main(["demo", *SMALL]))
    assert "demo-evidence: the default demo folder is not empty" in line
    assert "--force" in line
    assert staff.read_text(encoding="utf-8") == edited
    assert main(["demo", *SMALL, "--force"]) == 0
    assert staff.read_text(encoding="utf-8") != edited


@pytest.mark.parametrize("extra", ["notes.txt", "report.json"])
def test_the_default_folder_with_a_file_of_someone_else_needs_force(
    default_folder: Path, capsys: pytest.CaptureFixture[str], extra: str
) -> None:
    (default_folder / extra).write_text("mine\n", encoding="utf-8")
    _usage_error(capsys, main(["demo", *SMALL]))
    assert (default_folder / extra).read_text(encoding="utf-8") == "mine\n"


def test_the_default_folder_without_its_manifest_is_not_a_demo_folder(
    default_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (default_folder / MANIFEST).unlink()
    _usage_error(capsys, main(["demo", *SMALL]))


def test_a_non_empty_folder_needs_force_and_keeps_its_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "evidence"
    out.mkdir()
    (out / "staff.csv").write_text("real,evidence\n", encoding="utf-8")
    (out / "notes.txt").write_text("keep me\n", encoding="utf-8")
    line = _usage_error(capsys, main(["demo", "--out", str(out), *SMALL]))
    assert f"--out {out}: the folder is not empty" in line
    assert (out / "staff.csv").read_text(encoding="utf-8") == "real,evidence\n"
    assert not (out / "offices.csv").exists()
    assert main(["demo", "--out", str(out), *SMALL, "--force"]) == 0
    assert (out / "staff.csv").read_text(encoding="utf-8") != "real,evidence\n"
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me\n"


def test_an_empty_existing_folder_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert main(["demo", "--out", str(out), *SMALL]) == 0
    assert capsys.readouterr().err.startswith(f"jcp-controls: wrote {out}/")
