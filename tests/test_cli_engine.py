"""``--engine``: the command line gives byte-identical output, exit status and messages with
the Python engine and the columnar one (the default when its extra is installed, so the
rest of the CLI tests run it); ``--engine columnar`` without the extra is a usage error."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib.util
import io
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from jcp_controls.cli import main
from jcp_controls.demo import write_demo

AS_OF = "2026-11-23"


@functools.cache
def folders() -> dict[str, Path]:
    """A clean demo folder, one with an input error and one with a warning."""
    root = Path(tempfile.mkdtemp(prefix="jcp-engine-"))
    clean = root / "clean"
    write_demo(clean, offices=2, seed=4, as_of=dt.date(2026, 11, 23))
    bad = Path(shutil.copytree(clean, root / "bad"))
    staff = bad / "staff.csv"
    lines = staff.read_text(encoding="utf-8").split("\n")
    cells = lines[3].split(",")
    cells[lines[0].split(",").index("grade")] = "E0"
    lines[3] = ",".join(cells)
    staff.write_text("\n".join(lines), encoding="utf-8")
    warned = Path(shutil.copytree(clean, root / "warned"))
    checks = warned / "checks.csv"
    lines = checks.read_text(encoding="utf-8").split("\n")
    checks.write_text(
        "\n".join([f"{lines[0]},note", *(f"{line}," if line else line for line in lines[1:])]),
        encoding="utf-8",
    )
    return {"clean": clean, "bad": bad, "warned": warned}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


#: Representative command lines: {clean}, {bad}, {warned} are the folders above.
COMMANDS = (
    ("evaluate", "{clean}", "--as-of", AS_OF, "--format", "json", "--include-passes"),
    ("evaluate", "{clean}", "--as-of", AS_OF),
    ("evaluate", "{clean}", "--as-of", AS_OF, "--format", "csv", "--only", "LRN-001,ACC-003"),
    ("evaluate", "{clean}", "--as-of", "2027-02-28", "--format", "sarif", "--office", "OF002"),
    ("evaluate", "{clean}", "--as-of", AS_OF, "--format", "html", "--fail-on", "warn"),
    ("evaluate", "{bad}", "--as-of", AS_OF),
    ("evaluate", "{bad}", "--as-of", AS_OF, "--lenient", "--format", "json"),
    ("evaluate", "{warned}", "--as-of", AS_OF, "--format", "json"),
    ("evaluate", "{clean}", "{warned}", "--as-of", AS_OF, "--format", "json"),
    ("due", "{clean}", "--as-of", AS_OF, "--within", "60"),
    ("due", "{bad}", "--as-of", AS_OF, "--lenient", "--format", "json"),
    ("sample", "{clean}", "--office", "OF001", "--quarter", "2026Q3", "--format", "json"),
    ("sample", "{bad}", "--office", "OF001", "--quarter", "2026Q3"),
)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command))
def test_both_engines_give_the_same_output(command: tuple[str, ...]) -> None:
    argv = [part.format(**folders()) for part in command]
    python = run(*argv, "--engine", "python")
    columnar = run(*argv, "--engine", "columnar")
    assert columnar == python
    assert run(*argv) == python  # auto: the columnar engine, installed here
    assert python[1] or python[0] == 2


def test_demo_gives_the_same_report_with_both_engines(tmp_path: Path) -> None:
    common = ["demo", "--offices", "1", "--as-of", AS_OF, "--format", "json", "--force"]
    out = str(tmp_path / "demo")
    python = run(*common, "--out", out, "--engine", "python")
    columnar = run(*common, "--out", out, "--engine", "columnar")
    assert columnar == python


def _without_duckdb(monkeypatch: pytest.MonkeyPatch) -> None:
    find_spec = importlib.util.find_spec

    def hidden(name: str, *args: Any, **kwargs: Any) -> Any:
        return None if name in ("duckdb", "pyarrow") else find_spec(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", hidden)


def test_engine_columnar_without_the_extra_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _without_duckdb(monkeypatch)
    code, out, err = run("evaluate", str(folders()["clean"]), "--engine", "columnar")
    assert code == 2
    assert out == ""
    assert err.strip().splitlines() == [
        "jcp-controls: error: --engine columnar needs the columnar extra: "
        "pip install 'jcp-controls[columnar]'"
    ]


def test_auto_without_the_extra_runs_the_python_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    argv = ["evaluate", str(folders()["clean"]), "--as-of", AS_OF, "--format", "json"]
    expected = run(*argv, "--engine", "python")
    _without_duckdb(monkeypatch)
    assert run(*argv) == expected
