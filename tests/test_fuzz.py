"""Fuzzing: mutated evidence folders never crash, hang, or let a control pass on evidence that
was rejected.

Each example copies a one-office demo folder, applies a few random mutations (a cell replaced
by hostile text, a column dropped or renamed, a file deleted, truncated, made binary or not
UTF-8, rows duplicated or widened, ...) and then:

* runs ``jcp-controls evaluate --lenient --format json`` in-process: it must return 0, 1 or 2
  (no exception escapes, so no traceback), within a time limit per case;
* evaluates through the Python API: no control whose evidence was rejected reports ``pass``
  (or ``warn``/``fail``/``waived``: it cannot have judged anything), and the JSON report is
  valid JSON.

CI runs :data:`EXAMPLES` examples (well under a minute). A longer, nightly-style run sets
``JCP_FUZZ_EXAMPLES``, e.g. ``JCP_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py``; it then
draws fresh random cases instead of the fixed CI sequence.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jcp_controls as jc
from jcp_controls.cli import main
from jcp_controls.demo import write_demo

AS_OF = "2026-11-22"
#: Examples per CI run; ``JCP_FUZZ_EXAMPLES`` overrides it (and then randomises).
EXAMPLES = int(os.environ.get("JCP_FUZZ_EXAMPLES", "30"))
#: The time one case may take (load and evaluate twice, at most a few thousand rows).
SECONDS_PER_CASE = 20.0

_DEMO = Path(tempfile.mkdtemp(prefix="jcp-fuzz-")) / "evidence"
write_demo(_DEMO, offices=1, seed=3, as_of=dt.date(2026, 11, 22))
FILES = sorted(path.name for path in _DEMO.glob("*.csv"))

HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "01/02/2026",
        "2026-02-30",
        "20260102",
        "2026-W47-7",
        "9999-12-31",
        "0001-01-01",
        "10000000",
        "12345678901234567890123",
        "-1",
        "0",
        "NaN",
        "true",
        "=HYPERLINK(1)",
        "\x1b[31m",
        "a\nb",
        '"',
        "x" * 5000,
        "9" * 5000,
        "1" * 19,
        "OF001",
        "S000001",
        "lms",
        "jcc_folder",
        "dormant",
        "destroyed",
        "maternity_leave",
        "\u202e",
        "é",
    ]
) | st.text(max_size=12)

Rows = list[list[str]]


def _read(path: Path) -> Rows:
    """The rows of a file, or none when an earlier mutation made it unreadable as CSV."""
    try:
        return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        return []


def _write(path: Path, rows: Rows) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, str, Callable[[Path], None]]:
    """(file, description, apply(folder)) for one random change to one file."""
    name = draw(st.sampled_from(FILES))
    kind = draw(
        st.sampled_from(
            [
                "cell", "cell", "cell", "cell", "drop_column", "rename_column", "delete",
                "truncate", "binary", "latin1", "duplicate_row", "extra_cells", "short_row",
                "header_only", "swap_rows",
            ]
        )
    )  # fmt: skip
    row_pick = draw(st.integers(min_value=0, max_value=10_000))
    column_pick = draw(st.integers(min_value=0, max_value=100))
    value = draw(HOSTILE)

    def apply(folder: Path) -> None:
        path = folder / name
        if not path.exists():
            return
        if kind == "delete":
            path.unlink()
            return
        if kind == "binary":
            path.write_bytes(path.read_bytes()[:200] + b"\0\x01\x02")
            return
        if kind == "latin1":
            path.write_bytes(path.read_bytes() + "caf\u00e9\n".encode("latin-1"))
            return
        if kind == "truncate":
            raw = path.read_bytes()
            path.write_bytes(raw[: len(raw) * row_pick // 10_001])
            return
        rows = _read(path)
        if not rows:
            return
        header, body = rows[0], rows[1:]
        column = column_pick % len(header)
        row = row_pick % len(body) if body else None
        if kind == "cell" and row is not None:
            body[row][column] = value
        elif kind == "drop_column":
            rows = [r[:column] + r[column + 1 :] for r in rows]
            _write(path, rows)
            return
        elif kind == "rename_column":
            header[column] = value or "renamed"
        elif kind == "duplicate_row" and row is not None:
            body.append(list(body[row]))
        elif kind == "extra_cells" and row is not None:
            body[row] = [*body[row], value, "QQ123456C"]
        elif kind == "short_row" and row is not None:
            body[row] = body[row][:column]
        elif kind == "header_only":
            body = []
        elif kind == "swap_rows" and body:
            body.reverse()
        _write(path, [header, *body])

    return name, kind, apply


_settings = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="JCP_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


@_settings
@given(changes=st.lists(mutation(), min_size=1, max_size=4))
def test_mutated_evidence_never_crashes_hangs_or_passes_on_rejected_evidence(
    changes: list[tuple[str, str, Callable[[Path], None]]],
) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = Path(shutil.copytree(_DEMO, Path(root) / "evidence"))
        for _, _, apply in changes:
            apply(folder)
        started = time.perf_counter()

        # The command line: an exit status, never an escaping exception (a traceback).
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(
                ["evaluate", str(folder), "--as-of", AS_OF, "--lenient", "--format", "json"]
            )
        assert code in (0, 1, 2), err.getvalue()
        if code != 2:
            document = json.loads(out.getvalue())
            assert document["schema"] == "jcp-controls/report/1"
        assert "QQ123456C" not in err.getvalue()

        # The Python API: nothing passes on evidence that was rejected.
        try:
            evidence = jc.load(folder)
        except jc.JcpControlsError:
            return
        report = jc.evaluate(evidence, as_of=AS_OF)
        rejected = set(evidence.rejected)
        judged = {jc.Status.PASS, jc.Status.WARN, jc.Status.FAIL, jc.Status.WAIVED}
        for control in report.controls:
            if rejected & set(control.needs):
                statuses = {r.status for r in report.results if r.control_id == control.control_id}
                assert not statuses & judged, (control.control_id, rejected, statuses)
        json.loads(report.to_json(include_passes=True))
        assert time.perf_counter() - started < SECONDS_PER_CASE


def test_the_fuzzed_folder_is_a_valid_starting_point() -> None:
    """Without mutations the demo folder loads cleanly, so every failure above is a mutation's."""
    evidence = jc.load(_DEMO)
    assert evidence.issues == ()
    assert len(FILES) == 17


@pytest.fixture(scope="module", autouse=True)
def _remove_demo() -> object:
    yield
    shutil.rmtree(_DEMO.parent, ignore_errors=True)
