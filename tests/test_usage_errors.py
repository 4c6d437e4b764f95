"""No silent wrong answers: a user's mistake is a usage error (exit 2, one line), not an
empty or wrong report."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pendulum
import pytest

import jcp_controls as jc
from jcp_controls.cli import main
from jcp_controls.demo import write_demo
from jcp_controls.errors import UsageError

AS_OF = "2026-11-22"


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "evidence"
    write_demo(folder, offices=2, seed=1, as_of=dt.date(2026, 11, 22))
    return folder


@pytest.fixture
def folder(demo_folder: Path, tmp_path: Path) -> Path:
    """A private copy of the demo folder, free to change."""
    return Path(shutil.copytree(demo_folder, tmp_path / "evidence"))


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the CLI, expecting exit 2 with one error line and nothing on stdout."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("jcp-controls: error: ")
    return lines[0]


# -- item 1: unknown or empty selections ----------------------------------------------------


@pytest.mark.parametrize("command", ["evaluate", "due"])
@pytest.mark.parametrize(
    ("office", "expected"),
    [("OF999", "'OF999' is not in offices.csv"), ("of001", "did you mean 'OF001'")],
)
def test_unknown_or_miscased_office_is_a_usage_error(
    demo_folder: Path, capsys: pytest.CaptureFixture[str], command: str, office: str, expected: str
) -> None:
    line = usage_error(capsys, command, str(demo_folder), "--as-of", AS_OF, "--office", office)
    assert expected in line


@pytest.mark.parametrize("option", ["--only", "--office"])
@pytest.mark.parametrize("value", ["", " , "])
def test_empty_selection_is_a_usage_error(
    demo_folder: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    line = usage_error(capsys, "evaluate", str(demo_folder), "--as-of", AS_OF, option, value)
    assert option in line
    assert "names no ID" in line


def test_unknown_control_in_only_is_a_usage_error(
    demo_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = usage_error(
        capsys, "evaluate", str(demo_folder), "--as-of", AS_OF, "--only", "ACC-001,ACC-999"
    )
    assert "'ACC-999'" in line


def test_known_office_still_filters(demo_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["evaluate", str(demo_folder), "--as-of", AS_OF, "--office", "OF002", "--format", "json"]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["results"]
    assert {r["office_id"] for r in report["results"]} <= {"OF002", None}


def test_python_refuses_unknown_offices_and_empty_only(demo_folder: Path) -> None:
    evidence = jc.load(demo_folder)
    with pytest.raises(UsageError, match=r"'OF999' is not in offices\.csv"):
        jc.evaluate(evidence, as_of=AS_OF, offices=["OF999"])
    with pytest.raises(UsageError, match="no control ID"):
        jc.evaluate(evidence, as_of=AS_OF, only=[])
    report = jc.evaluate(evidence, as_of=AS_OF, only=["ACC-007"])
    assert report.failures(office="OF001")
    one = jc.evaluate(evidence, as_of=AS_OF, only="ACC-007", offices="OF001")
    assert [c.control_id for c in one.controls] == ["ACC-007"]
    assert {r.office_id for r in one.results} == {"OF001"}
    with pytest.raises(UsageError, match="did you mean 'OF001'"):
        report.failures(office="of001")
    with pytest.raises(UsageError, match="'OF999'"):
        report.filter(office=["OF001", "OF999"])


# -- item 3: the same source twice ----------------------------------------------------------


def test_same_source_twice_is_refused_naming_it(
    demo_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    again = f"{demo_folder}/../{demo_folder.name}/"
    line = usage_error(capsys, "evaluate", str(demo_folder), again, "--as-of", AS_OF)
    assert again in line
    assert "given twice" in line
    with pytest.raises(UsageError, match="given twice"):
        jc.load(demo_folder, f"csv:{demo_folder}")
    line = usage_error(
        capsys, "sample", str(demo_folder), str(demo_folder), "--office", "OF001",
        "--quarter", "2026Q2",
    )  # fmt: skip
    assert "given twice" in line


# -- item 7: Python defaults match the CLI --------------------------------------------------


def test_python_as_of_defaults_to_today_in_london(demo_folder: Path) -> None:
    evidence = jc.load(demo_folder)
    report = jc.evaluate(evidence, only=["ACC-001"])
    now = pendulum.now("Europe/London")
    assert report.as_of == dt.date(now.year, now.month, now.day)


def test_to_json_leaves_passes_out_and_writes_to_a_path(demo_folder: Path, tmp_path: Path) -> None:
    report = jc.evaluate(jc.load(demo_folder), as_of=AS_OF, only=["ACC-001", "ACC-007"])
    text = report.to_json()
    statuses = {result["status"] for result in json.loads(text)["results"]}
    assert "pass" not in statuses
    with_passes = json.loads(report.to_json(include_passes=True))["results"]
    assert "pass" in {result["status"] for result in with_passes}
    target = tmp_path / "report.json"
    assert report.to_json(target) is None
    assert target.read_text(encoding="utf-8") == text
    assert text == report.render("json")


# -- items 11 and 13: numbers and dates out of range ----------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["due", "--within", "99999999"],
        ["due", "--within", "3661"],
        ["due", "--as-of", "9999-12-31"],
        ["evaluate", "--as-of", "9999-12-31"],
        ["evaluate", "--as-of", ""],
        ["evaluate", "--as-of", "2026-W47-7"],
        ["evaluate", "--as-of", "20260101"],
        ["evaluate", "--as-of", "2026-02-30"],
        ["evaluate", "--as-of", "１２３４-01-01"],
    ],
)
def test_out_of_range_or_malformed_options_are_usage_errors(
    demo_folder: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    command, *options = argv
    usage_error(capsys, command, str(demo_folder), *options)


def test_sample_quarter_out_of_range_is_a_usage_error(
    demo_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = usage_error(
        capsys, "sample", str(demo_folder), "--office", "OF001", "--quarter", "9999Q4"
    )
    assert "9999Q4" in line


def test_due_within_upper_bound_is_accepted(
    demo_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["due", str(demo_folder), "--as-of", AS_OF, "--within", "3660"])
    assert code == 0
    assert capsys.readouterr().out


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2026, 11, 22, 23, 30),
        dt.date(2026, 11, 22),
        "2026-11-22",
    ],
)
def test_as_of_as_datetime_date_or_text_is_the_same_day(demo_folder: Path, value: object) -> None:
    report = jc.evaluate(jc.load(demo_folder), as_of=value, only=["ACC-001"])  # type: ignore[arg-type]
    assert report.as_of == dt.date(2026, 11, 22)


# -- item 9: policy values out of range -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "warn_days = 9223372036854775807\n",
        "[timeliness]\nimmediately_working_days = 1000000\n",
        '[jcc]\ntactical_end_on = "20170731"\n',
    ],
)
def test_policy_out_of_range_is_a_usage_error_naming_file_and_key(
    folder: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    (folder / "policy.toml").write_text(text, encoding="utf-8")
    line = usage_error(capsys, "evaluate", str(folder), "--as-of", AS_OF)
    assert "policy.toml" in line
    key = text.split("=")[0].strip().split("\n")[-1]
    assert key in line
