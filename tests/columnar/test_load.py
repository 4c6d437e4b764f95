"""``load_estate`` gives what the row reader gives: the same tables as
``Estate.from_evidence(jc.load(folder))``, the same evidence metadata (sources with their
counts, digests and extract dates, issues, rejected kinds) and, evaluated, the same JSON
report as ``jc.evaluate(jc.load(folder))``; on demo folders (read by the fast path) and on
hypothesis-mutated ones (hostile cells, dropped or renamed columns, deleted or truncated
files, duplicated rows, padding, quotes, line ends, dangling references, manifests...),
most of which must fall back to the row reader."""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jcp_controls as jc
from jcp_controls.columnar import Estate, evaluate_estate, load_estate
from jcp_controls.demo import write_demo
from jcp_controls.models import RecordKind

AS_OF = dt.date(2026, 11, 23)

#: Cell values that test the readers' corners (as in ``test_fuzz.py``).
HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "01/02/2026",
        "2026-02-30",
        "2026-2-03",
        "0000-01-01",
        "0001-01-01",
        "9999-12-31",
        "10000-01-01",
        "12345678901234567890123",
        "1" * 18,
        "1" * 19,
        "-1",
        "0",
        "+1",
        "true",
        "TRUE",
        "Yes",
        "\u017fes",
        "OF001",
        "S000001",
        "lms_core",
        "LMS_CORE",
        "dormant",
        "destroyed",
        "\u202e",
        "\u00e9",
        "\x1b[31m",
        "\x0b",
        "a\u2003",
    ]
) | st.text(alphabet=st.characters(exclude_characters=",\n\r\0"), max_size=8)


@functools.cache
def demo_folder(offices: int, seed: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="jcp-load-")) / "evidence"
    write_demo(folder, offices=offices, seed=seed, as_of=AS_OF)
    return folder


def rows(estate: Estate, kind: RecordKind) -> list[tuple[object, ...]]:
    # Record kinds keep the file's order (the Python rules see records in it); learning is
    # a set of distinct completions.
    order = " ORDER BY ALL" if kind is RecordKind.LEARNING else ""
    return estate.connection.execute(f"SELECT * FROM {kind.value}{order}").fetchall()


def assert_same_as_row_reader(folder: Path, as_of: dt.date = AS_OF) -> Estate | None:
    """Everything ``load_estate`` gives equals what the row reader gives; the estate (None
    when the row reader raises, and ``load_estate`` raises the same)."""
    try:
        evidence = jc.load(folder)
    except jc.JcpControlsError as exc:
        with pytest.raises(type(exc), match=str(exc).replace("(", r"\(").replace(")", r"\)")):
            load_estate(folder)
        return None
    reference = Estate.from_evidence(evidence)
    estate = load_estate(folder)
    assert estate.present == reference.present
    assert estate.partial == reference.partial
    for kind in reference.present:
        assert rows(estate, kind) == rows(reference, kind), kind

    loaded = estate.evidence
    assert loaded.sources == evidence.sources
    assert [source.to_dict() for source in loaded.sources] == [
        source.to_dict() for source in evidence.sources
    ]
    assert loaded.issues == evidence.issues
    assert loaded.rejected == evidence.rejected
    assert loaded.plugin_failures == evidence.plugin_failures
    assert loaded.learning == evidence.learning
    assert (loaded.learning is None) == (evidence.learning is None)
    if loaded.learning is not None and evidence.learning is not None:
        assert loaded.learning.rows == evidence.learning.rows
    if estate.read_columnar:
        assert set(loaded.records) == set(evidence.records)
        for kind in evidence.records:
            assert loaded.records[kind] == evidence.records[kind], kind

    try:
        policy = jc.load_policy(folder)
    except jc.PolicyError:
        return estate
    expected = jc.evaluate(evidence, as_of=as_of, policy=policy)
    got = evaluate_estate(estate, as_of=as_of, policy=policy)
    assert got.to_json(include_passes=True) == expected.to_json(include_passes=True)
    return estate


@pytest.mark.parametrize(("offices", "seed"), [(1, 3), (2, 8)])
def test_demo_folders_take_the_fast_path_and_match_the_row_reader(offices: int, seed: int) -> None:
    estate = assert_same_as_row_reader(demo_folder(offices, seed))
    assert estate is not None
    assert estate.read_columnar
    assert estate.evidence.issues == ()


def test_a_folder_with_an_input_error_falls_back_to_the_row_reader(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(demo_folder(1, 3), tmp_path / "evidence"))
    staff = folder / "staff.csv"
    lines = staff.read_text(encoding="utf-8").split("\n")
    cells = lines[2].split(",")
    cells[lines[0].split(",").index("grade")] = "E0"
    lines[2] = ",".join(cells)
    staff.write_text("\n".join(lines), encoding="utf-8")
    estate = assert_same_as_row_reader(folder)
    assert estate is not None
    assert not estate.read_columnar
    (issue,) = [issue for issue in estate.evidence.errors if issue.file == "staff.csv"]
    assert (issue.line, issue.column, issue.value) == (3, "grade", "E0")


def test_several_locations_and_plugin_sources_are_read_as_records(tmp_path: Path) -> None:
    folder = demo_folder(1, 3)
    assert load_estate(f"csv:{folder}").read_columnar
    other = Path(shutil.copytree(folder, tmp_path / "other"))
    for name in ("staff.csv", "learning.csv"):
        (other / name).unlink()
    estate = load_estate(folder, other)
    assert not estate.read_columnar
    expected = jc.load(folder, other)
    assert estate.evidence.issues == expected.issues
    assert estate.evidence.sources == expected.sources


def test_a_manifest_and_a_policy_are_in_the_digest_and_the_sources(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(demo_folder(1, 3), tmp_path / "evidence"))
    (folder / "manifest.toml").write_text(
        'extracted_on = 2026-11-20\n[files]\n"learning.csv" = 2026-11-18\n', encoding="utf-8"
    )
    (folder / "policy.toml").write_text("[evidence]\nmax_age_days = 2\n", encoding="utf-8")
    estate = assert_same_as_row_reader(folder)
    assert estate is not None
    assert estate.read_columnar
    (source,) = estate.evidence.sources
    assert source.extracted_on == dt.date(2026, 11, 20)
    assert source.kinds_extracted_on == {"learning": dt.date(2026, 11, 18)}


#: Changes the row reader accepts silently or flags, which the fast path must not misread.
EDITS = (
    "pad",
    "quote",
    "crlf",
    "bom",
    "blank_line",
    "lone_cr",
    "dangling",
    "bad_enum",
    "lms_core_no_role",
    "version_zero",
    "duplicate_key",
    "extra_column",
    "drop_optional",
    "bad_manifest",
    "upper_bool",
    "unicode_space",
    "reorder_columns",
    "trailing_comma",
    # the fuzz test's mutations
    "delete",
    "truncate",
    "binary",
    "latin1",
    "rename_column",
    "short_row",
    "header_only",
    "swap_rows",
    "extra_cells",
)


@st.composite
def edit(draw: st.DrawFn) -> tuple[str, str, Callable[[Path], None]]:
    """(file, description, apply(folder)) for one change aimed at the fast path's checks."""
    name = draw(st.sampled_from(sorted(kind.filename for kind in RecordKind)))
    what = draw(st.sampled_from(EDITS))
    row_pick = draw(st.integers(min_value=0, max_value=10_000))
    column_pick = draw(st.integers(min_value=0, max_value=100))
    value = draw(HOSTILE)
    return name, what, functools.partial(apply_edit, name, what, row_pick, column_pick, value)


def apply_edit(
    name: str, what: str, row_pick: int, column_pick: int, value: str, folder: Path
) -> None:
    """Apply the edit ``what`` to the file ``name`` of ``folder``."""
    path = folder / name
    if what == "bad_manifest":
        (folder / "manifest.toml").write_text(f"extracted_on = {value!r}\n", encoding="utf-8")
        return
    if not path.exists():
        return
    raw = path.read_bytes()
    if what == "delete":
        path.unlink()
        return
    if what == "binary":
        path.write_bytes(raw[:200] + b"\0\x01\x02")
        return
    if what == "latin1":
        path.write_bytes(raw + "caf\u00e9\n".encode("latin-1"))
        return
    if what == "truncate":
        path.write_bytes(raw[: len(raw) * row_pick // 10_001])
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    lines = text.split("\n")
    header = lines[0].split(",")
    body = [index for index in range(1, len(lines)) if lines[index]]
    column = column_pick % len(header)
    row = body[row_pick % len(body)] if body else None

    def set_cell(index: int, at: int, cell: str) -> None:
        cells = lines[index].split(",")
        if at < len(cells):
            cells[at] = cell
        lines[index] = ",".join(cells)

    def cell(index: int, at: int) -> str:
        cells = lines[index].split(",")
        return cells[at] if at < len(cells) else ""

    if what == "pad" and row is not None:
        set_cell(row, column, f" {cell(row, column)}")
    elif what == "unicode_space" and row is not None:
        set_cell(row, column, f"{cell(row, column)}\u00a0")
    elif what == "quote" and row is not None:
        set_cell(row, column, f'"{cell(row, column)}"')
    elif what == "crlf":
        lines = [line + "\r" if line else line for line in lines]
    elif what == "bom":
        lines[0] = "\ufeff" + lines[0]
    elif what == "blank_line" and row is not None:
        lines.insert(row, "")
    elif what == "lone_cr" and row is not None:
        lines[row] += "\r"
    elif what == "dangling" and row is not None:
        for reference in ("office_id", "staff_id", "grant_id"):
            if reference in header and name != f"{reference[:-3]}s.csv":
                set_cell(row, header.index(reference), "ZZ999")
                break
    elif what == "bad_enum" and row is not None:
        set_cell(row, column, value)
    elif what == "lms_core_no_role" and "course" in header and row is not None:
        set_cell(row, header.index("course"), "lms_core")
        if "job_role" in header:
            set_cell(row, header.index("job_role"), "")
    elif what == "version_zero" and "version" in header and row is not None:
        set_cell(row, header.index("version"), value if value in ("0", "-1", "") else "0")
    elif what == "duplicate_key" and row is not None:
        lines.insert(row, lines[row])
    elif what == "extra_column":
        extra = value.replace(",", "").replace("\n", "").replace("\r", "") or "extra"
        lines = [f"{line},x" if line else line for line in lines]
        lines[0] = ",".join([*header, extra])
    elif what == "drop_optional":
        lines = [
            ",".join(part for index, part in enumerate(line.split(",")) if index != column)
            if line
            else line
            for line in lines
        ]
    elif what == "upper_bool" and row is not None:
        for flag in ("pseudo", "work_programme"):
            if flag in header:
                set_cell(row, header.index(flag), value or "TRUE")
    elif what == "rename_column":
        header[column] = value.replace(",", "") or "renamed"
        lines[0] = ",".join(header)
    elif what == "short_row" and row is not None:
        lines[row] = ",".join(lines[row].split(",")[:column])
    elif what == "header_only":
        lines = lines[:1]
    elif what == "swap_rows":
        lines = [lines[0], *reversed(lines[1:])]
    elif what == "trailing_comma" and row is not None:
        lines[row] += ","
    elif what == "extra_cells" and row is not None:
        lines[row] += f",{value.replace(',', '')},QQ123456C"
    elif what == "reorder_columns":
        lines = [",".join(reversed(line.split(","))) if line else line for line in lines]
    path.write_bytes("\n".join(lines).encode("utf-8"))


_settings = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


@_settings
@given(changes=st.lists(edit(), min_size=1, max_size=3))
def test_mutated_folders_give_what_the_row_reader_gives(
    changes: list[tuple[str, str, Callable[[Path], None]]],
) -> None:
    with tempfile.TemporaryDirectory() as root:
        folder = Path(shutil.copytree(demo_folder(1, 3), Path(root) / "evidence"))
        for _, _, apply in changes:
            apply(folder)
        assert_same_as_row_reader(folder)


@pytest.mark.parametrize("what", EDITS)
@pytest.mark.parametrize("row_pick", [0, 7])
def test_each_edit_gives_what_the_row_reader_gives(
    what: str, row_pick: int, tmp_path: Path
) -> None:
    """Every edit on every file, at two rows: deterministic, beside the random mixes."""
    folder = Path(shutil.copytree(demo_folder(1, 3), tmp_path / "evidence"))
    for kind in RecordKind:
        apply_edit(kind.filename, what, row_pick, row_pick + 1, "TRUE", folder)
    assert_same_as_row_reader(folder)


def test_the_notebook_example_of_the_docs_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/columnar.rst, "From Python or a notebook", run as written."""
    page = (Path(__file__).parents[2] / "docs" / "columnar.rst").read_text(encoding="utf-8")
    block = page.split(".. code-block:: python\n", 1)[1].split("\n\n:func:", 1)[0]
    code = "\n".join(line[3:] for line in block.splitlines())
    shutil.copytree(demo_folder(2, 8), tmp_path / "evidence")
    monkeypatch.chdir(tmp_path)
    names: dict[str, object] = {}
    exec(compile(code, "columnar.rst", "exec"), names)
    report, lrn = names["report"], names["lrn"]
    assert isinstance(report, jc.Report)
    assert isinstance(lrn, jc.Report)
    assert {result.control_id for result in lrn.results} == {"LRN-001"}
    assert {result.office_id for result in lrn.results} <= {"OF002", None}
