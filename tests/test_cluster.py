"""Evaluation on a Dask cluster gives the report one machine gives, byte for byte.

One real cluster (two worker processes, one thread each) serves the whole module; the
evidence is a four-office demo folder, which the workers read from the same path.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client, LocalCluster, get_task_stream

import jcp_controls as jc
from jcp_controls.cli import main
from jcp_controls.cluster import evaluate_on_cluster, group, merge_parts
from jcp_controls.demo import write_demo
from jcp_controls.evidence.store import PluginFailure

AS_OF = dt.date(2026, 11, 23)
OFFICES = ["OF001", "OF002", "OF003", "OF004"]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cluster") / "evidence"
    write_demo(path, offices=4, seed=8, as_of=AS_OF)
    return path


@pytest.fixture(scope="module")
def everything(folder: Path) -> jc.Report:
    return jc.evaluate(jc.load(folder), as_of=AS_OF)


def assert_same(report: jc.Report, expected: jc.Report) -> None:
    """Identical JSON reports, with and without passes (and not trivially: results exist)."""
    assert report.results
    assert report.to_json(include_passes=True) == expected.to_json(include_passes=True)
    assert report.to_json() == expected.to_json()


def test_the_catalogue_on_the_cluster_is_the_report_of_one_machine(
    client: Client, folder: Path, everything: jc.Report
) -> None:
    with get_task_stream(client) as stream:
        report = evaluate_on_cluster(folder, client=client, as_of=AS_OF)
    assert_same(report, everything)
    assert {result.office_id for result in report.results} == set(OFFICES)
    # the default: twice the workers, each a task of its own
    tasks = {task["key"] for task in stream.data if "jcp-controls-" in str(task["key"])}
    assert len(tasks) == 4


def test_the_python_engine_and_uneven_partitions_give_the_same_report(
    client: Client, folder: Path, everything: jc.Report
) -> None:
    report = evaluate_on_cluster(folder, client=client, as_of=AS_OF, engine="python", partitions=3)
    assert_same(report, everything)


class _Listener:
    def __init__(self) -> None:
        self.seen: list[int] = []

    @jc.hookimpl
    def jcp_controls_results(self, report: jc.Report) -> None:
        self.seen.append(len(report.results))


def test_only_some_controls_and_plugins_notified_once_with_the_merged_report(
    client: Client, folder: Path
) -> None:
    only = ["ACC-001", "LRN-001", "SEC-005", "CHK-001"]
    listener = _Listener()
    report = evaluate_on_cluster(
        folder,
        client=client,
        as_of=AS_OF,
        only=only,
        engine="python",
        plugins=jc.Plugins(listener, entry_points=False),
    )
    expected = jc.evaluate(jc.load(folder), as_of=AS_OF, only=only)
    assert_same(report, expected)
    assert [control.control_id for control in report.controls] == sorted(only)
    assert listener.seen == [len(expected.results)]


def test_some_offices_are_partitioned_too(client: Client, folder: Path) -> None:
    offices = ["OF004", "OF002"]
    report = evaluate_on_cluster(
        folder, client=client, as_of=AS_OF, offices=offices, engine="python"
    )
    expected = jc.evaluate(jc.load(folder), as_of=AS_OF, offices=offices)
    assert_same(report, expected)
    assert {result.office_id for result in report.results} <= {None, *offices}


def test_an_unknown_office_is_the_usage_error_of_one_machine(client: Client, folder: Path) -> None:
    with pytest.raises(jc.UsageError) as one:
        jc.evaluate(jc.load(folder), as_of=AS_OF, offices=["OF001", "of003"])
    with pytest.raises(jc.UsageError) as cluster:
        evaluate_on_cluster(
            folder, client=client, as_of=AS_OF, offices=["OF001", "of003"], engine="python"
        )
    assert str(cluster.value) == str(one.value)
    assert "did you mean 'OF003'" in str(cluster.value)


@pytest.fixture(scope="module")
def rejected(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo folder with one staff row whose start date is not a date."""
    copy = tmp_path_factory.mktemp("rejected") / "evidence"
    shutil.copytree(folder, copy)
    staff = copy / "staff.csv"
    lines = staff.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[5].split(",")
    fields[7] = "2026-13-45"
    lines[5] = ",".join(fields)
    staff.write_text("".join(lines), encoding="utf-8")
    return copy


def test_lenient_with_a_rejected_file_is_the_report_of_one_machine(
    client: Client, rejected: Path
) -> None:
    report = evaluate_on_cluster(rejected, client=client, as_of=AS_OF, engine="python")
    expected = jc.evaluate(jc.load(rejected), as_of=AS_OF)
    assert expected.input_errors
    assert_same(report, expected)
    assert any(result.message.startswith("evidence unavailable") for result in report.results)


def test_strict_stops_at_input_errors_before_evaluating(client: Client, rejected: Path) -> None:
    report = evaluate_on_cluster(rejected, client=client, as_of=AS_OF, strict=True)
    assert report.input_errors == jc.load(rejected).errors
    assert [issue.line for issue in report.input_errors] == [6]
    assert report.results == ()


def test_without_offices_csv_the_estate_is_one_partition(
    client: Client, folder: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "evidence"
    shutil.copytree(folder, copy)
    (copy / "offices.csv").unlink()
    report = evaluate_on_cluster(
        copy, client=client, as_of=AS_OF, only=["ACC-001", "ACC-013"], engine="python"
    )
    expected = jc.evaluate(jc.load(copy), as_of=AS_OF, only=["ACC-001", "ACC-013"])
    assert_same(report, expected)
    officeless = [result for result in report.results if result.office_id is None]
    assert len(officeless) == len([r for r in expected.results if r.office_id is None]) >= 1


def test_the_command_line_on_a_local_cluster(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "evidence"
    write_demo(folder, offices=2, seed=8, as_of=AS_OF)
    arguments = [
        "evaluate",
        str(folder),
        "--as-of",
        AS_OF.isoformat(),
        "--only",
        "ACC-001,LRN-002,JCC-003",
        "--format",
        "json",
        "--include-passes",
    ]
    alone = main(arguments)
    expected = capsys.readouterr()
    code = main([*arguments, "--cluster", "local:2"])
    captured = capsys.readouterr()
    assert (code, captured.out, captured.err) == (alone, expected.out, expected.err)
    assert code == 1
    assert json.loads(captured.out)["results"]


def test_a_missing_extra_is_a_usage_error_naming_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any, **kwargs: Any) -> Any:
        return None if name == "distributed" else real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert main(["evaluate", str(folder), "--cluster", "local:2"]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "jcp-controls: error: evaluating on a cluster needs Dask distributed: "
        "pip install 'jcp-controls[cluster]'"
    ]


@pytest.mark.parametrize("address", ["local:0", "local:two", "nonsense"])
def test_a_bad_cluster_address_is_a_usage_error(
    folder: Path, address: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", str(folder), "--cluster", address]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"jcp-controls: error: --cluster {address}: ")
    assert len(err.splitlines()) == 1


def test_bad_arguments_are_refused_before_submitting(client: Client, folder: Path) -> None:
    with pytest.raises(jc.UsageError, match="engine: 'spark' is not one of"):
        evaluate_on_cluster(folder, client=client, engine="spark")
    with pytest.raises(jc.UsageError, match="partitions: 0 is not a whole number"):
        evaluate_on_cluster(folder, client=client, partitions=0)
    with pytest.raises(jc.UsageError, match="no evidence source given"):
        evaluate_on_cluster(client=client)


@pytest.mark.parametrize(("offices", "count"), [(7, 3), (4, 4), (2, 4), (1, 2), (0, 2)])
def test_groups_are_neighbours_covering_every_office_once(offices: int, count: int) -> None:
    ids = [f"OF{n:03d}" for n in range(offices, 0, -1)]
    groups = [group(ids, count, index) for index in range(count)]
    assert [office for part in groups for office in part] == sorted(ids)
    sizes = [len(part) for part in groups]
    assert sizes == sorted(sizes, reverse=True)
    assert max(sizes) - min(sizes) <= 1
    assert (sizes[0] > 0) == (offices > 0)


def test_a_failed_control_is_named_once_in_control_order(everything: jc.Report) -> None:
    from jcp_controls.cluster import _Part

    loading = PluginFailure("acme", "load acme:x", "OSError: gone")
    late = PluginFailure("acme", f"control {everything.controls[5].control_id}", "boom at OF004")
    early = PluginFailure("acme", f"control {everything.controls[1].control_id}", "boom at OF003")
    first = _Part((), (loading,), meta=everything)
    second = _Part((), (loading, late, early), meta=None)
    third = _Part((), (loading, PluginFailure("acme", early.stage, "boom again")), meta=None)
    merged = merge_parts([first, second, third])
    assert merged.plugin_errors == (loading, early, late)
    assert merged.results == ()


def test_import_and_help_never_load_dask() -> None:
    code = (
        "import contextlib, io, sys\n"
        "import jcp_controls\n"
        "from jcp_controls.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['evaluate', '--help'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'dask', 'distributed'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_the_command_line_at_a_scheduler_address_stops_at_input_errors_as_alone(
    client: Client, rejected: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["evaluate", str(rejected), "--as-of", AS_OF.isoformat(), "--format", "json"]
    alone = main(arguments)
    expected = capsys.readouterr()
    code = main([*arguments, "--cluster", str(client.scheduler_info()["address"])])
    captured = capsys.readouterr()
    assert (code, captured.out, captured.err) == (alone, expected.out, expected.err)
    assert code == 2
    assert "staff.csv" in captured.err
    assert captured.err.endswith("nothing evaluated (--lenient evaluates what is valid)\n")
