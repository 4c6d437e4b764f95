"""docs/notebook.ipynb runs as written (issue 10, item 7): executed with nbclient in an empty
folder, on a kernel of the Python running the tests, it raises nothing and shows what its
text promises: the report, the due calendar, the diff and the catalogue as HTML, a pandas
table, and a chart of findings by office.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "notebook.ipynb"
KERNEL = "jcp-controls-tests"


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernel spec that starts ``ipykernel`` on this interpreter (so the notebook sees the
    jcp-controls under test, not whatever ``python3`` kernel the machine has)."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"}),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return KERNEL


def outputs(cell: Any) -> dict[str, str]:
    """A code cell's outputs by MIME type (stream text as ``stream``)."""
    found: dict[str, str] = {}
    for output in cell.outputs:
        if output.output_type == "stream":
            found["stream"] = found.get("stream", "") + output.text
        for mime, data in output.get("data", {}).items():
            found[mime] = data
    return found


def test_stored_notebook_has_no_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    assert all(not cell.outputs and cell.execution_count is None for cell in code)


def test_notebook_runs_and_shows_html_tables_and_a_chart(tmp_path: Path, kernel: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(NOTEBOOK, work / NOTEBOOK.name)
    notebook = nbformat.read(work / NOTEBOOK.name, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=60,
        kernel_name=kernel,
        resources={"metadata": {"path": str(work)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error

    assert (work / "demo-evidence" / "offices.csv").is_file()
    shown = {
        cell.source.splitlines()[-1]: outputs(cell)
        for cell in notebook.cells
        if cell.cell_type == "code"
    }
    # the report, the calendar, the diff and the catalogue render as HTML, not as repr()
    assert '<h2 id="findings">' in shown["report"]["text/html"]
    assert "OF001" in shown["report"]["text/html"]
    assert "<table" in shown["report.due(within=30)"]["text/html"]
    assert "New findings" in shown["changes"]["text/html"]
    assert "ACC-001" in shown["jc.Catalogue.from_plugins()"]["text/html"]
    # filtering by office, and the pandas table of findings by office and status
    failures = shown["len(failures)"]
    assert int(failures["text/plain"]) > 0
    assert failures["stream"].startswith(("ACC-", "LRN-", "JCC-", "SEC-", "INT-", "CHK-"))
    table = shown["by_office"]["text/html"]
    assert all(f"OF00{n}" in table for n in (1, 2, 3))
    # the chart of findings by office is a picture
    assert shown["plt.show()"]["image/png"]
