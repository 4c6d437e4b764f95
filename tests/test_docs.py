"""The documentation runs as written (STYLE.md: "A 'Getting started' page that runs as written").

* every ``$ jcp-controls ...`` line of docs/getting-started.rst runs, with the exit status
  interface.md promises;
* docs/examples/getting_started.py (included on that page) runs in a folder holding the demo
  evidence and does what the page says;
* docs/examples/calendar_rules.py (included in docs/concepts.rst) holds;
* the Sphinx build passes with ``-W`` and the catalogue page lists every registered control.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import jcp_controls as jc

DOCS = Path(__file__).resolve().parent.parent / "docs"
EXAMPLES = DOCS / "examples"
AS_OF = "2026-11-22"
#: interface.md, "Formats": the CSV header, also the columns of ``to_pandas()``.
CSV_COLUMNS = [
    "control_id",
    "status",
    "severity",
    "office_id",
    "subject_kind",
    "subject_id",
    "staff_id",
    "due_on",
    "message",
]


def console_commands(page: Path) -> list[list[str]]:
    """The ``$ jcp-controls ...`` lines of the page's ``code-block:: console`` blocks."""
    commands: list[list[str]] = []
    in_console = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith(".. "):
            in_console = line.strip() == ".. code-block:: console"
            continue
        if in_console and line and not line.startswith(" "):
            in_console = False
        stripped = line.strip()
        if in_console and stripped.startswith("$ jcp-controls "):
            commands.append(shlex.split(stripped[2:]))
    return commands


GETTING_STARTED_COMMANDS = console_commands(DOCS / "getting-started.rst")


def _option(argv: list[str], name: str) -> str | None:
    return argv[argv.index(name) + 1] if name in argv else None


def expected_exit(argv: list[str], workdir: Path) -> int:
    """interface.md "Exit status": 1 when a result is at or above --fail-on, else 0."""
    command = argv[1]
    fail_on = _option(argv, "--fail-on") or ("never" if command == "demo" else "fail")
    if command != "evaluate" or fail_on == "never":
        return 0
    ids = _option(argv, "--only")
    offices = _option(argv, "--office")
    report = jc.evaluate(
        jc.load(workdir / argv[2]),
        as_of=_option(argv, "--as-of") or AS_OF,
        only=ids.split(",") if ids else None,
        offices=offices.split(",") if offices else None,
    )
    gate = jc.Status(fail_on)
    return 1 if any(result.status.rank >= gate.rank for result in report.results) else 0


def test_getting_started_shows_each_cli_step() -> None:
    shown = {argv[1] for argv in GETTING_STARTED_COMMANDS}
    assert {"demo", "evaluate", "controls"} <= shown
    assert all(argv[0] == "jcp-controls" for argv in GETTING_STARTED_COMMANDS)


def test_getting_started_commands_run_as_written(tmp_path: Path) -> None:
    """Run in order, in an empty folder, as a reader would (the demo comes first)."""
    assert GETTING_STARTED_COMMANDS[0][1] == "demo"
    for argv in GETTING_STARTED_COMMANDS:
        done = subprocess.run(
            [sys.executable, "-m", "jcp_controls", *argv[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        shown = " ".join(argv)
        assert "Traceback" not in done.stderr, shown
        assert done.returncode == expected_exit(argv, tmp_path), (shown, done.stderr)
        output = _option(argv, "--output")
        if output is not None:
            # interface.md: with --output the report goes to the file, not to stdout.
            assert done.stdout == "", shown
            assert (tmp_path / output).stat().st_size > 0, shown
        else:
            assert done.stdout.strip(), shown
        if _option(argv, "--format") == "json" and output is not None:
            document = json.loads((tmp_path / output).read_text(encoding="utf-8"))
            assert document["schema"] == "jcp-controls/report/1"
            assert document["as_of"] == AS_OF
        if _option(argv, "--format") == "csv" and output is not None:
            header = (tmp_path / output).read_text(encoding="utf-8").splitlines()[0]
            assert header.split(",") == CSV_COLUMNS


@pytest.fixture
def demo_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder holding ``demo-evidence/``, as the page assumes."""
    from jcp_controls.demo import write_demo

    write_demo(tmp_path / "demo-evidence", offices=3, seed=1, as_of=dt.date(2026, 11, 22))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_getting_started_python_runs_as_written(
    demo_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace = runpy.run_path(str(EXAMPLES / "getting_started.py"))
    report = namespace["report"]
    # report.summary(): counts by control and status, with a total row.
    summary = namespace["summary"]
    assert set(summary) == {control.control_id for control in report.controls} | {"total"}
    assert sum(summary["total"].values()) == len(report.results)
    # report.to_json("report.json") wrote the jcp-controls/report/1 document, with the
    # policy the example set.
    document = json.loads((demo_folder / "report.json").read_text(encoding="utf-8"))
    assert document["schema"] == "jcp-controls/report/1"
    assert document["as_of"] == AS_OF
    assert document["policy"]["warn_days"] == 14
    assert document["policy"]["access"]["leaver_grace_days"] == 2
    # report.to_pandas(): one row per result, the CSV columns.
    df = namespace["df"]
    assert list(df.columns) == CSV_COLUMNS
    assert len(df) == len(report.results)
    # report.failures(office=...) printed only that office's fail/error results.
    printed = capsys.readouterr().out
    assert report.failures(office="OF001")  # the demo (seed 1) has findings at OF001
    for result in report.failures(office="OF001"):
        assert f"{result.control_id} {result.subject_id} {result.message}" in printed


def test_calendar_rules_example_holds() -> None:
    """controls.md "Result statuses and dates": month clipping and regional working days."""
    runpy.run_path(str(EXAMPLES / "calendar_rules.py"))


def test_every_example_is_shown_in_the_docs() -> None:
    pages = "\n".join(page.read_text(encoding="utf-8") for page in DOCS.glob("*.rst"))
    included = set(re.findall(r"\.\. literalinclude:: examples/(\S+)", pages))
    assert included == {path.name for path in EXAMPLES.glob("*.py")}


def test_sphinx_build_passes_with_warnings_as_errors(tmp_path: Path) -> None:
    """The docs build with -W; the catalogue page names every control of the registry."""
    out = tmp_path / "html"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-E",
            "-q",
            "-b",
            "html",
            "-d",
            str(tmp_path / "doctrees"),
            str(DOCS),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    catalogue = (out / "catalogue.html").read_text(encoding="utf-8")
    registry = jc.Catalogue.from_plugins(jc.Plugins(entry_points=False))
    assert registry.controls
    for control in registry.controls:
        assert f'id="control-{control.control_id.lower()}"' in catalogue, control.control_id
        assert html.escape(control.citation, quote=False) in catalogue, control.control_id
