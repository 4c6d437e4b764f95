"""Evidence that names what the catalogue does not know is flagged, not silently ignored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import jcp_controls as jc
from jcp_controls.cli import main
from jcp_controls.models import CheckRecord, Office, Waiver

AS_OF = "2026-11-23"


def evidence() -> jc.Evidence:
    return jc.Evidence.from_records(
        offices=[Office("OF1", "Leeds")],
        checks=[
            CheckRecord("gpc_statment", "OF1", dt.date(2026, 10, 1)),  # typo of gpc_statement
            CheckRecord("gpc_statement", "OF1", dt.date(2026, 10, 1)),
        ],
        waivers=[
            Waiver("ACC-099", "G1", "typo", "S1", dt.date(2027, 1, 1)),
            Waiver("ACC-004", "G1", "known", "S1", dt.date(2027, 1, 1)),
        ],
    )


def test_unknown_waiver_control_and_check_type_are_warnings() -> None:
    report = jc.evaluate(evidence(), as_of=AS_OF, only=["SEC-001"])
    flagged = [(w.file, w.column, w.value, w.level) for w in report.input_warnings]
    assert flagged == [
        ("waivers.csv", "control_id", "ACC-099", "warning"),
        ("checks.csv", "check_type", "gpc_statment", "warning"),
    ]
    assert report.input_errors == ()


def test_the_cli_prints_them_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ev"
    folder.mkdir()
    (folder / "offices.csv").write_text("office_id,name,security_advisor\nOF1,Leeds,Jo\n")
    (folder / "waivers.csv").write_text(
        "control_id,subject_id,reason,approved_by,approved_on,expires_on\n"
        "SEC-999,OF1,typo,S1,,2027-01-01\n"
    )
    code = main(["evaluate", str(folder), "--as-of", AS_OF, "--only", "SEC-001"])
    captured = capsys.readouterr()
    assert code == 0
    assert "waivers.csv" in captured.err
    assert "'SEC-999'" in captured.err
