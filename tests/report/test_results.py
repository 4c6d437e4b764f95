"""The results collection: the same behaviour over Python results and over an Arrow table,
reports byte-identical whichever holds their results, and writing in bounded memory."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
import hypothesis
import pytest
from hypothesis import strategies as st

import jcp_controls as jc
from jcp_controls.report.formats import RenderOptions, formats, render_document
from jcp_controls.report.model import COLUMNS
from jcp_controls.report.results import (
    Results,
    ResultTable,
    ResultTuple,
    result_schema,
    results_to_arrow,
    to_results,
)
from jcp_controls.report.text import cell, neutralise

from .conftest import make_report, result

pa = pytest.importorskip("pyarrow")

Make = Callable[[Sequence[jc.Result]], Results]

IMPLEMENTATIONS: dict[str, Make] = {
    "tuple": ResultTuple,
    "table": lambda results: ResultTable(results_to_arrow(results)),
}


@pytest.fixture(params=sorted(IMPLEMENTATIONS))
def make(request: pytest.FixtureRequest) -> Make:
    """Builds results of one implementation (the tests run over both)."""
    return IMPLEMENTATIONS[request.param]


def with_evidence(item: jc.Result, **evidence: object) -> jc.Result:
    return jc.Result(
        control_id=item.control_id,
        status=item.status,
        severity=item.severity,
        office_id=item.office_id,
        subject_kind=item.subject_kind,
        subject_id=item.subject_id,
        staff_id=item.staff_id,
        due_on=item.due_on,
        message=item.message,
        evidence=evidence,
    )


#: Every status, two offices and none, dates, evidence of every JSON shape (ISO dates as
#: strings: the JSON form, which an Arrow row holds), in report order.
RESULTS = (
    result(
        "ACC-001",
        jc.Status.ERROR,
        office_id=None,
        subject_kind=jc.SubjectKind.OFFICE,
        subject_id=None,
        staff_id=None,
        message="evidence unavailable: offices.csv",
    ),
    with_evidence(
        result("ACC-001", jc.Status.PASS, subject_id="G1", message="authorised by S001"),
        authorised_by="S001",
        roles=["csm", "delegate"],
    ),
    with_evidence(
        result("ACC-001", jc.Status.FAIL, subject_id="G2", staff_id="S002"),
        nested={"z": 1, "a": [1.5, None, True]},
        name="Zoë «quoted»",
    ),
    result(
        "ACC-009",
        jc.Status.WARN,
        subject_id="G1",
        due_on=dt.date(2026, 12, 1),
        severity=jc.Severity.MEDIUM,
        message="access review due by 2026-12-01",
    ),
    with_evidence(
        result(
            "LRN-001",
            jc.Status.WAIVED,
            subject_kind=jc.SubjectKind.STAFF,
            subject_id="S003",
            staff_id="S003",
            due_on=dt.date(2026, 10, 1),
            message="overdue (waived)",
        ),
        waiver={"reference": "W1", "expires": "2027-01-31"},
    ),
    result(
        "ACC-001",
        jc.Status.PASS,
        office_id="OF002",
        subject_id="G7",
        staff_id="S010",
        due_on=dt.date(2026, 11, 30),
        message="=HYPERLINK(1)",
    ),
    result(
        "ACC-009",
        jc.Status.FAIL,
        office_id="OF002",
        subject_id="G7",
        staff_id="S010",
        due_on=dt.date(2026, 8, 1),
        severity=jc.Severity.MEDIUM,
        message="access review overdue since 2026-08-01",
    ),
)


def dicts(results: Sequence[jc.Result]) -> list[dict[str, object]]:
    return [item.to_dict() for item in results]


# -- the collection, over both implementations -------------------------------------------------


def test_a_sequence_of_the_results(make: Make) -> None:
    results = make(RESULTS)
    assert isinstance(results, Sequence)
    assert len(results) == len(RESULTS)
    assert dicts(list(results)) == dicts(RESULTS)
    assert results[0].to_dict() == RESULTS[0].to_dict()
    assert results[-1].to_dict() == RESULTS[-1].to_dict()
    with pytest.raises(IndexError):
        results[len(RESULTS)]
    for part in (slice(1, 4), slice(None, None, 2), slice(-2, None), slice(5, 2)):
        sliced = results[part]
        assert type(sliced) is type(results)
        assert dicts(list(sliced)) == dicts(RESULTS[part])
    assert bool(make(())) is False


def test_counts_per_control_and_status(make: Make) -> None:
    zero = {"pass": 0, "warn": 0, "fail": 0, "error": 0, "waived": 0}
    counts = make(RESULTS).counts()
    assert list(counts) == ["ACC-001", "ACC-009", "LRN-001"]  # order of first result
    assert counts == {
        "ACC-001": {**zero, "pass": 2, "fail": 1, "error": 1},
        "ACC-009": {**zero, "warn": 1, "fail": 1},
        "LRN-001": {**zero, "waived": 1},
    }
    assert list(counts["ACC-001"]) == ["pass", "warn", "fail", "error", "waived"]
    assert make(()).counts() == {}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"offices": "OF002"}, [5, 6]),
        ({"offices": ["OF001", "OF002"], "controls": "ACC-009"}, [3, 6]),
        ({"statuses": jc.Status.FAIL}, [2, 6]),
        ({"statuses": ["fail", jc.Status.ERROR]}, [0, 2, 6]),
        ({"staff": "S010"}, [5, 6]),
        ({"staff": ["S001", "S003"], "statuses": ("pass", "waived")}, [1, 4]),
        ({"due_between": (dt.date(2026, 10, 1), dt.date(2026, 11, 30))}, [4, 5]),
        ({"controls": "NONE-1"}, []),
        ({}, [0, 1, 2, 3, 4, 5, 6]),
    ],
)
def test_where(make: Make, filters: dict[str, object], expected: list[int]) -> None:
    kept = make(RESULTS).where(**filters)  # type: ignore[arg-type]
    assert type(kept) is type(make(RESULTS))
    assert dicts(list(kept)) == dicts([RESULTS[index] for index in expected])


def test_where_refuses_an_unknown_status(make: Make) -> None:
    with pytest.raises(ValueError, match="bogus"):
        make(RESULTS).where(statuses="bogus")


def test_findings_worst_offices(make: Make) -> None:
    results = make(RESULTS)
    assert dicts(list(results.findings())) == dicts(
        [r for r in RESULTS if r.status is not jc.Status.PASS]
    )
    assert results.worst() is jc.Status.ERROR
    assert results.where(offices="OF002").worst() is jc.Status.FAIL
    assert results.where(statuses="pass").worst() is jc.Status.PASS
    assert make(()).worst() is jc.Status.PASS
    assert results.offices() == {"OF001", "OF002"}


def test_to_arrow_and_back(make: Make) -> None:
    table = make(RESULTS).to_arrow()
    assert table.schema.equals(result_schema())
    assert table.num_rows == len(RESULTS)
    assert ResultTable(table) == make(RESULTS)
    assert table.column("evidence")[2].as_py() == (
        '{"nested":{"z":1,"a":[1.5,null,true]},"name":"Zoë «quoted»"}'
    )


def test_iter_dicts_is_the_json_form(make: Make) -> None:
    results = make(RESULTS)
    assert list(results.iter_dicts()) == dicts(RESULTS)
    plain = list(results.iter_dicts(evidence=False))
    assert plain == [
        {key: value for key, value in item.items() if key != "evidence"} for item in dicts(RESULTS)
    ]


def test_equal_by_content_across_implementations(make: Make) -> None:
    results = make(RESULTS)
    for other in IMPLEMENTATIONS.values():
        assert results == other(RESULTS)
        assert results != other(RESULTS[:-1])
        assert results != other((*RESULTS[:-1], result("ACC-009", jc.Status.PASS)))
    assert results == RESULTS
    assert results == list(RESULTS)
    assert results != RESULTS[1:]
    assert results != "results"
    # Evidence compares in its JSON form: a date equals its ISO text.
    dated = with_evidence(RESULTS[3], due=dt.date(2026, 12, 1))
    assert make([dated]) == ResultTuple([with_evidence(RESULTS[3], due="2026-12-01")])


def test_to_results_converts_any_iterable() -> None:
    assert isinstance(to_results(list(RESULTS)), ResultTuple)
    assert isinstance(to_results(iter(RESULTS)), ResultTuple)
    assert isinstance(to_results(results_to_arrow(RESULTS)), ResultTable)
    table = ResultTable(results_to_arrow(RESULTS))
    assert to_results(table) is table


# -- reports over either implementation --------------------------------------------------------


def reports() -> tuple[jc.Report, jc.Report]:
    """One report twice: its results as Python objects, and as an Arrow table."""
    python = make_report(RESULTS)
    return python, jc.Report(
        as_of=python.as_of,
        policy=python.policy,
        controls=python.controls,
        results=results_to_arrow(RESULTS),
    )


@pytest.mark.parametrize("include_passes", [False, True])
@pytest.mark.parametrize("name", sorted(formats(kind="report")))
def test_every_format_writes_the_same_bytes(name: str, include_passes: bool) -> None:
    python, table = reports()
    assert isinstance(python.results, ResultTuple)
    assert isinstance(table.results, ResultTable)
    expected = render_document(python, name, include_passes=include_passes)
    assert render_document(table, name, include_passes=include_passes) == expected


@pytest.mark.parametrize("name", sorted(formats(kind="due")))
def test_the_due_calendar_is_the_same(name: str) -> None:
    python, table = reports()
    assert python.due(30).entries  # something overdue and something due
    assert render_document(table.due(30), name) == render_document(python.due(30), name)


def test_report_operations_agree() -> None:
    python, table = reports()
    assert table == python
    assert table.counts() == python.counts()
    assert table.summary() == python.summary()
    assert table.worst is python.worst is jc.Status.ERROR
    for status in (None, *jc.Status):
        assert table.gate(status) == python.gate(status)
    assert table.findings() == python.findings()
    assert isinstance(table.findings(), tuple)
    assert table.failures(office="OF002") == python.failures(office="OF002")
    assert table.filter(status="pass", staff="S010") == python.filter(status="pass", staff="S010")
    assert table.to_dict(include_passes=True) == python.to_dict(include_passes=True)
    with pytest.raises(jc.UsageError, match="OF003"):
        table.filter(office="OF003")
    assert table.to_arrow().equals(python.to_arrow())
    assert table.to_arrow().num_rows == len(RESULTS)


def test_an_empty_report_gates_nothing() -> None:
    report = make_report(())
    assert report.gate(jc.Status.PASS) is False
    assert report.worst is jc.Status.PASS


def test_to_pandas_agrees() -> None:
    pandas = pytest.importorskip("pandas")
    python, table = reports()
    pandas.testing.assert_frame_equal(table.to_pandas(), python.to_pandas())
    for part in ({"office": "OF002"}, {"control": "NONE"}):
        pandas.testing.assert_frame_equal(
            table.filter(**part).to_pandas(), python.filter(**part).to_pandas()
        )


def test_json_text_is_the_document_dumped() -> None:
    """The pieces the JSON report is written in join into ``json.dumps`` of its document."""
    for report in reports():
        for passes in (False, True):
            expected = json.dumps(
                report.to_dict(include_passes=passes), indent=2, ensure_ascii=False
            )
            assert report.to_json(include_passes=passes) == expected + "\n"
            assert "".join(report.iter_json(include_passes=passes)) == expected + "\n"
    empty = make_report(())
    assert '"results": []' in empty.to_json()


def test_csv_pieces_are_the_rows() -> None:
    from jcp_controls.report import csv as csv_format

    for report in reports():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for item in report.results:
            writer.writerow(neutralise(cell(getattr(item, column))) for column in COLUMNS)
        assert "".join(csv_format.chunks(report, True)) == buffer.getvalue()


def test_parquet_is_written_as_it_always_was(tmp_path: Path) -> None:
    """The file from the results table is the one the row-by-row writer made."""
    import pyarrow.parquet as pq

    python, table = reports()
    data: dict[str, list[object]] = {column: [] for column in (*COLUMNS, "evidence")}
    for item in RESULTS:
        row = item.to_dict()
        for column in COLUMNS:
            data[column].append(getattr(item, column) if column == "due_on" else row[column])
        data["evidence"].append(json.dumps(row["evidence"], sort_keys=True, ensure_ascii=False))
    schema = pa.schema(
        [
            *((c, pa.date32() if c == "due_on" else pa.string()) for c in COLUMNS),
            ("evidence", pa.string()),
        ],
        metadata={
            "jcp_controls.as_of": python.as_of.isoformat(),
            "jcp_controls.library_version": python.library_version,
        },
    )
    sink = io.BytesIO()
    pq.write_table(
        pa.Table.from_pydict(data, schema=schema),
        sink,
        compression="snappy",
        write_statistics=False,
    )
    for report in (python, table):
        assert render_document(report, "parquet", include_passes=True) == sink.getvalue()


# -- bounded memory ---------------------------------------------------------------------------


def many_results(count: int) -> list[jc.Result]:
    return [
        with_evidence(
            result(
                "LRN-001",
                jc.Status.PASS,
                office_id=f"OF{index % 40:03d}",
                subject_kind=jc.SubjectKind.STAFF,
                subject_id=f"S{index:06d}",
                staff_id=f"S{index:06d}",
                due_on=dt.date(2027, 1, 1),
                message="dwp_foundation completed on 2026-01-01, due again by 2027-01-01",
            ),
            course="dwp_foundation",
            completed_on="2026-01-01",
            due_on="2027-01-01",
        )
        for index in range(count)
    ]


@pytest.mark.parametrize("implementation", sorted(IMPLEMENTATIONS))
def test_writing_every_pass_takes_bounded_memory(implementation: str, tmp_path: Path) -> None:
    """Writing the JSON report and the CSV (as the command line does) of a report listing
    40,000 passes peaks under 3 MB, a chunk of results, while writing 18 MB and 5 MB: never
    the whole document."""
    from jcp_controls.cli.common import write_output

    results = many_results(40_000)
    shape = make_report(results)
    make = IMPLEMENTATIONS[implementation]

    def report_of(items: Sequence[jc.Result]) -> jc.Report:
        return jc.Report(
            as_of=shape.as_of, policy=shape.policy, controls=shape.controls, results=make(items)
        )

    def write(report: jc.Report, name: str, path: Path) -> None:
        if name == "json":
            report.to_json(path, include_passes=True)
        else:
            pieces = formats(kind="report")[name].chunks(
                "report", report, RenderOptions(include_passes=True)
            )
            write_output(pieces, str(path))

    report = report_of(results)
    for name, size in (("json", 15_000_000), ("csv", 4_000_000)):
        write(report_of(results[:10]), name, tmp_path / "warm-up")  # imports, caches
        path = tmp_path / f"report.{name}"
        tracemalloc.start()
        try:
            write(report, name, path)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert path.stat().st_size > size
        assert peak < 3_000_000, f"{name}: peak {peak} bytes writing {path.stat().st_size}"
    text = (tmp_path / "report.json").read_text(encoding="utf-8")
    assert (
        text
        == json.dumps(report.to_dict(include_passes=True), indent=2, ensure_ascii=False) + "\n"
    )
    csv_text = report.render("csv", include_passes=True)
    assert (tmp_path / "report.csv").read_bytes() == csv_text.encode()


def test_a_diff_of_reports_is_the_diff_of_their_documents() -> None:
    """Passes are matched column-wise, yet the diff is the one of the full JSON documents:
    a finding resolved into a pass shows the pass's row, a key held twice its worse result."""
    later = [
        RESULTS[0],
        result("ACC-001", jc.Status.FAIL, subject_id="G1", message="no longer authorised"),
        result("ACC-001", jc.Status.PASS, subject_id="G2", staff_id="S002", message="fixed"),
        result("ACC-001", jc.Status.PASS, subject_id="G2", staff_id="S002", message="again"),
        result("ACC-001", jc.Status.WARN, subject_id="G2", staff_id="S002", message="twice"),
        *RESULTS[3:5],
        result("ACC-001", jc.Status.PASS, office_id="OF002", subject_id="G7", staff_id="S010"),
    ]
    olds = reports()
    news = (
        make_report(later),
        jc.Report(**{**attrs.asdict(olds[0], recurse=False), "results": results_to_arrow(later)}),
    )
    for old in olds:
        for new in news:
            for first, second in ((old, new), (new, old)):
                expected = jc.diff_reports(
                    first.to_dict(include_passes=True), second.to_dict(include_passes=True)
                )
                got = jc.diff_reports(first, second)
                assert got.to_dict() == expected.to_dict()
                assert got.resolved or got.new_findings


@hypothesis.settings(max_examples=60, deadline=None)
@hypothesis.given(
    rows=st.lists(
        st.tuples(
            st.sampled_from([None, "", "OF001", "OF002"]),
            st.sampled_from(["ACC-001", "CHK-002"]),
            st.sampled_from([None, "S1", "S2"]),
            st.sampled_from(list(jc.Status)),
            st.sampled_from(["a", "b", "é"]),
            st.sampled_from([None, dt.date(2026, 1, 2), dt.date(2025, 12, 31)]),
            st.sampled_from([{}, {"k": 1}, {"k": "ü"}, {"a": [1, 2]}]),
        ),
        max_size=40,
    )
)
def test_the_arrow_sort_puts_results_in_the_engines_report_order(rows: list[Any]) -> None:
    """Two implementations of report order (the engine's, over Python results, and the
    column-wise one the cluster merge uses) agree, ties on evidence included."""
    from jcp_controls.controls.base import Severity, SubjectKind
    from jcp_controls.engine import in_report_order
    from jcp_controls.report.results import (
        results_from_arrow,
        results_to_arrow,
        table_in_report_order,
    )

    made = [
        jc.Result(
            control,
            status,
            Severity.LOW,
            office,
            SubjectKind.STAFF,
            subject,
            None,
            due,
            message,
            evidence,
        )
        for office, control, subject, status, message, due, evidence in rows
    ]
    expected = list(made)
    in_report_order(expected)
    got = list(results_from_arrow(table_in_report_order(results_to_arrow(made))))
    assert [r.to_dict() for r in got] == [r.to_dict() for r in expected]
