"""The ``parquet`` format (interface "Additions": the results table; needs PATH): the same
rows and columns as the CSV, typed, readable by pyarrow and pandas; without pyarrow, one clear
usage error."""

from __future__ import annotations

import builtins
import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

import jcp_controls as jc
from jcp_controls.report import parquet
from jcp_controls.report.formats import render_document
from jcp_controls.report.model import COLUMNS

from .conftest import AS_OF, Cli


def table(data: bytes) -> Any:
    return pq.read_table(io.BytesIO(data))


@pytest.mark.parametrize("include_passes", [False, True])
def test_results_table(mixed_report: jc.Report, include_passes: bool) -> None:
    data = render_document(mixed_report, "parquet", include_passes=include_passes)
    assert isinstance(data, bytes)
    read = table(data)
    assert read.column_names == [*COLUMNS, "evidence"]
    listed = mixed_report.results if include_passes else mixed_report.findings()
    rows = read.to_pylist()
    expected = [
        {column: (r.due_on if column == "due_on" else r.to_dict()[column]) for column in COLUMNS}
        for r in listed
    ]
    assert [{column: row[column] for column in COLUMNS} for row in rows] == expected
    assert [json.loads(row["evidence"]) for row in rows] == [
        r.to_dict()["evidence"] for r in listed
    ]
    assert read.schema.field("due_on").type == "date32[day]"
    assert read.schema.metadata[b"jcp_controls.as_of"] == b"2026-11-22"


def test_due_dates_are_dates(mixed_report: jc.Report) -> None:
    read = table(render_document(mixed_report, "parquet"))  # type: ignore[arg-type]
    assert dt.date(2026, 12, 1) in read.column("due_on").to_pylist()


def test_text_render_refuses_bytes(mixed_report: jc.Report) -> None:
    with pytest.raises(jc.UsageError, match="writes bytes"):
        mixed_report.render("parquet")


def test_without_pyarrow_a_clear_usage_error(
    mixed_report: jc.Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(jc.UsageError, match=r"pip install 'jcp-controls\[parquet\]'"):
        parquet.render(mixed_report, False)


def test_cli_needs_a_path(run_cli: Cli, evidence_folder: Path) -> None:
    code, out, err = run_cli("evaluate", evidence_folder, "--as-of", AS_OF.isoformat(),
                             "--format", "parquet")  # fmt: skip
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "parquet writes a binary file: give it a PATH" in err


def test_cli_writes_the_file(run_cli: Cli, evidence_folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "results.parquet"
    code, out, err = run_cli("evaluate", evidence_folder, "--as-of", AS_OF.isoformat(),
                             "--format", f"parquet:{target}")  # fmt: skip
    assert code == 1, err
    assert out == ""
    report = jc.evaluate(jc.load(evidence_folder), as_of=AS_OF)
    assert table(target.read_bytes()).num_rows == len(report.findings())
