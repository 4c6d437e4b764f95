"""The README's commands run as written: the multi-source run gives the findings of the
evidence folder alone."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block_after(heading: str) -> list[str]:
    section = README.split(f"## {heading}\n", 1)[1]
    block = re.search(r"```console\n(.*?)```", section, re.DOTALL)
    assert block is not None, heading
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_multi_source_run_gives_the_findings_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parents[1])
    lines = _block_after("Several source systems in one run")
    assert lines[0].startswith(".venv/bin/pip install")  # done: the suite runs in that venv
    *steps, evaluate = lines[1:]
    for step in steps:
        done = subprocess.run(
            step, shell=True, cwd=tmp_path, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, f"{step}\n{done.stderr}"
    as_json = " --format json --output {}"
    for command, output in ((evaluate, "multi.json"), (_folder_run(evaluate), "folder.json")):
        done = subprocess.run(
            command + as_json.format(output),
            shell=True,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, f"{command}\n{done.stderr}"  # the demo has findings
    multi = json.loads((tmp_path / "multi.json").read_text(encoding="utf-8"))
    folder = json.loads((tmp_path / "folder.json").read_text(encoding="utf-8"))
    assert [source["name"] for source in multi["sources"]] == ["hr", "lms", "sccs", "bcs", "csv"]
    assert multi["input_errors"] == []
    assert multi["controls"] == folder["controls"]
    assert multi["results"] == folder["results"]


def _folder_run(evaluate: str) -> str:
    """The same evaluation of the demo folder alone."""
    executable, command = evaluate.split()[:2]
    as_of = evaluate.split("--as-of")[1].split()[0]
    return f"{executable} {command} demo-evidence --as-of {as_of}"
