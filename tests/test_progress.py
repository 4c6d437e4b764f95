"""Progress: shown on a terminal while evidence is read and controls run, never in piped
output or CI, and never mixed into the report."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

import jcp_controls as jc
from jcp_controls.cli.progress import TerminalProgress
from jcp_controls.demo import write_demo

AS_OF = dt.date(2026, 11, 23)


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_the_engine_reports_each_control_as_it_finishes() -> None:
    calls: list[tuple[str, int, int]] = []
    evidence = jc.Evidence.from_records(offices=[jc.Office("OF1", "Leeds")])
    jc.evaluate(
        evidence,
        as_of=AS_OF,
        only=["SEC-001", "ACC-013"],
        plugins=jc.Plugins(entry_points=False),
        progress=lambda control_id, done, total: calls.append((control_id, done, total)),
    )
    assert calls == [("ACC-013", 1, 2), ("SEC-001", 2, 2)]


def test_bars_are_drawn_on_a_terminal_and_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    stream = Terminal()
    assert TerminalProgress.wanted(stream)
    progress = TerminalProgress(stream)
    progress.reading("staff.csv", 50, 100)
    progress.reading("staff.csv", 100, 100)
    progress.evaluating("ACC-001", 1, 71)
    progress.close()
    drawn = stream.getvalue()
    assert "reading staff.csv" in drawn
    assert "evaluating" in drawn


def test_no_progress_when_piped_or_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert not TerminalProgress.wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not TerminalProgress.wanted(Terminal())


def test_the_command_line_draws_on_a_terminal_and_keeps_the_report_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from jcp_controls.cli import main

    folder = tmp_path / "evidence"
    write_demo(folder, offices=1, seed=2, as_of=AS_OF)
    monkeypatch.delenv("CI", raising=False)
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    output = tmp_path / "report.json"
    main(["evaluate", str(folder), "--as-of", AS_OF.isoformat(), "--format",
          f"json:{output}"])  # fmt: skip
    assert "evaluating" in terminal.getvalue()
    assert output.read_text(encoding="utf-8").startswith("{")
    assert capsys.readouterr().out == ""
