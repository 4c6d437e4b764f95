"""Evaluation past one machine: the estate partitioned by office, on a Dask cluster.

:func:`evaluate_on_cluster` splits the offices of an estate into groups and evaluates each
group on a worker of a `Dask distributed <https://distributed.dask.org>`_ cluster, with the
same engine as on one machine (the columnar engine when DuckDB is installed on the worker,
else the Python one), then merges the partial reports into the report
:func:`jcp_controls.evaluate` gives, byte for byte. It works because evaluation is *office
first*: ``evaluate(..., offices=[...])`` judges the subjects of those offices only, and the
results of a set of offices are those of its parts.

Needs the ``cluster`` extra (``pip install 'jcp-controls[cluster]'``) on the machine that
submits and on every worker; nothing here imports Dask until called, and ``import
jcp_controls`` never imports this module.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import importlib.util
import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from jcp_controls.catalogue import Catalogue
from jcp_controls.controls.base import Result
from jcp_controls.engine import (
    evaluate,
    in_report_order,
    parse_date,
    plan_evaluation,
    today_in_london,
)
from jcp_controls.errors import UsageError
from jcp_controls.evidence.store import Evidence, PluginFailure
from jcp_controls.loading import load
from jcp_controls.models import RecordKind
from jcp_controls.plugins import Plugins
from jcp_controls.policy import Policy
from jcp_controls.report.model import Report
from jcp_controls.report.results import Results

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["ENGINES", "INSTALL_HINT", "cluster_client", "evaluate_on_cluster"]

#: The engines a worker can run: ``auto`` is the columnar engine when DuckDB and pyarrow
#: are installed on the worker, else the Python one.
ENGINES = ("auto", "columnar", "python")

#: What to install when Dask is missing.
INSTALL_HINT = "pip install 'jcp-controls[cluster]'"

_RESULTS_HOOK = "jcp_controls_results"


def _require_dask() -> None:
    """Raise a :class:`UsageError` naming the extra unless Dask distributed is installed."""
    if importlib.util.find_spec("distributed") is None:
        raise UsageError(f"evaluating on a cluster needs Dask distributed: {INSTALL_HINT}")


@contextlib.contextmanager
def cluster_client(address: str) -> Iterator[Client]:
    """A client of the cluster at ``address``, closed on exit.

    Args:
        address: a scheduler address (``tcp://host:8786``), or ``local`` / ``local:N`` for a
            cluster of worker processes on this machine (``N`` workers, default one per
            CPU, one thread each), started here and stopped on exit.

    Raises:
        UsageError: Dask is not installed, ``N`` is not a whole number from 1, or the
            scheduler cannot be reached.
    """
    _require_dask()
    from distributed import Client, LocalCluster

    name, colon, count = address.partition(":")
    if name == "local":
        if colon:
            if not count.isdigit() or int(count) < 1:
                raise UsageError(
                    f"--cluster {address}: local:N needs N, the number of workers, from 1"
                )
            workers = int(count)
        else:
            workers = os.cpu_count() or 1
        # Dask's constructors are not annotated
        local = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.CRITICAL,  # its start and stop: a failure is raised here
        )
        with local, Client(local) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    try:
        client = Client(address, timeout="10s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--cluster {address}: cannot reach the scheduler: {exc}") from None
    with client:
        yield client


def evaluate_on_cluster(
    *locations: str | Path,
    client: Client,
    as_of: str | dt.date | None = None,
    policy: Policy | None = None,
    only: Sequence[str] | None = None,
    offices: Sequence[str] | None = None,
    partitions: int | None = None,
    engine: str = "auto",
    plugins: Plugins | None = None,
    strict: bool = False,
) -> Report:
    """Evaluate the evidence at ``locations`` on the Dask cluster of ``client``: the report
    of ``jcp_controls.evaluate(jcp_controls.load(*locations), ...)``, byte for byte.

    The offices are split into ``partitions`` groups of neighbouring IDs; one task per group
    loads the evidence on a worker (once per worker and run) and evaluates that group's
    offices. The partial reports are merged here: results in report order, office-less
    results (``offices.csv`` missing) once, counts recomputed. When the offices cannot be
    listed (``offices.csv`` missing or rejected) the estate is one partition.

    Args:
        *locations: evidence folders or ``scheme:location`` sources, as for
            :func:`jcp_controls.load`. The workers read them: a folder must be at this path
            on every worker (a shared or replicated file system), a plugin's source must be
            installed and reachable there.
        client: a ``distributed.Client`` of the cluster (see :func:`cluster_client`).
        as_of: the evaluation date (default today in Europe/London, read once here).
        policy: the policy (default: the defaults), as for :func:`jcp_controls.evaluate`.
        only: evaluate just these control IDs.
        offices: evaluate just the subjects of these office IDs (partitioned too).
        partitions: how many groups of offices (default twice the cluster's workers; never
            more than the offices).
        engine: what each worker runs: ``columnar``, ``python`` or ``auto`` (columnar when
            DuckDB and pyarrow are installed on the worker).
        plugins: the plugins notified of the merged report (``jcp_controls_results``, once,
            here). The workers use the built-in plugins and the installed entry points, so
            a plugin supplying controls or sources must be installed on every worker.
        strict: stop before evaluating when the evidence has input errors (what the command
            line does without ``--lenient``): the report then holds the input errors and
            warnings, and no controls or results.

    Returns:
        The merged :class:`Report`.

    Raises:
        UsageError: no location, an unknown ``engine``, ``partitions`` below 1, Dask missing,
            or what :func:`jcp_controls.load` and :func:`jcp_controls.evaluate` raise for
            these arguments (raised on a worker, re-raised here).
    """
    _require_dask()
    if not locations:
        raise UsageError("no evidence source given (an evidence folder or scheme:location)")
    if engine not in ENGINES:
        raise UsageError(f"engine: {engine!r} is not one of {', '.join(ENGINES)}")
    if partitions is not None and (
        isinstance(partitions, bool) or not isinstance(partitions, int) or partitions < 1
    ):
        raise UsageError(f"partitions: {partitions!r} is not a whole number from 1")
    day = today_in_london() if as_of is None else parse_date(as_of)
    if isinstance(only, str):
        only = [only]
    if isinstance(offices, str):
        offices = [offices]
    wanted = None if offices is None else list(offices)
    if partitions is None:
        partitions = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    known = len(set(wanted)) if wanted is not None else _count_offices(locations)
    count = partitions if known is None else max(1, min(partitions, known))
    task = _Task(
        token=uuid.uuid4().hex,
        locations=tuple(str(location) for location in locations),
        count=count,
        as_of=day,
        policy=policy if policy is not None else Policy(),
        only=None if only is None else tuple(only),
        offices=None if wanted is None else tuple(wanted),
        engine=engine,
        strict=strict,
    )
    futures = [
        client.submit(_partition, task, index, key=f"jcp-controls-{task.token}-{index}")
        for index in range(count)
    ]
    try:
        parts = [future.result() for future in futures]
    finally:
        client.cancel(futures)  # type: ignore[no-untyped-call]
        with contextlib.suppress(Exception):
            client.run(_forget, task.token)
    report = merge_parts(parts)
    plugins = plugins if plugins is not None else Plugins()
    failures = plugins.notify(lambda hook: hook(report=report), _RESULTS_HOOK)
    return report.with_plugin_errors(failures) if failures else report


# -- the driver's side ---------------------------------------------------------------------


def _count_offices(locations: Sequence[str | Path]) -> int | None:
    """How many offices the folders' ``offices.csv`` list (their ``office_id`` column, read
    without loading anything else); None when some location is not a folder or a file
    cannot be read (the workers find out)."""
    found: set[str] = set()
    for location in locations:
        folder = Path(location)
        if not folder.is_dir():
            return None
        path = folder / RecordKind.OFFICES.filename
        if not path.exists():
            continue
        try:
            with path.open(encoding="utf-8-sig", newline="") as stream:
                rows = csv.reader(stream)
                header = next(rows, [])
                if "office_id" not in header:
                    return None
                column = header.index("office_id")
                found.update(row[column] for row in rows if len(row) > column and row[column])
        except (OSError, UnicodeDecodeError, csv.Error):
            return None
    return len(found)


def merge_parts(parts: Sequence[_Part]) -> Report:
    """The report of an evaluation from its partitions' parts, before any plugin sees it.

    The first part holds everything but the results of the other offices: the report's
    metadata and the office-less results (every partition has them; they are kept once).
    Control failures are named once each, in control order, as one evaluation names them.
    """
    first = parts[0]
    assert first.meta is not None, "the first partition carries the report's metadata"
    return attrs.evolve(
        first.meta,
        results=_merged_results([part.results for part in parts]),
        plugin_errors=_plugin_errors(first.meta, parts),
    )


def _merged_results(shipped: Sequence[Any]) -> Any:
    """The parts' results in report order: one Arrow table sorted column-wise (no result
    becomes a Python object), or, without pyarrow, the results sorted as the engine does."""
    if all(isinstance(part, tuple) for part in shipped):
        results: list[Result] = [result for part in shipped for result in part]
        in_report_order(results)
        return tuple(results)
    import pyarrow

    from jcp_controls.report.results import ResultTable, table_in_report_order

    tables = [part for part in shipped if not isinstance(part, tuple)]
    return ResultTable(table_in_report_order(pyarrow.concat_tables(tables)))


def _plugin_errors(meta: Report, parts: Sequence[_Part]) -> tuple[PluginFailure, ...]:
    """Failures of plugins loading (identical in every part), then each failed control's,
    once, in control order (the first partition where it failed names it)."""
    order = {f"control {control.control_id}": i for i, control in enumerate(meta.controls)}
    general: dict[PluginFailure, None] = {}
    controls: dict[tuple[str, str], PluginFailure] = {}
    for part in parts:
        for failure in part.plugin_errors:
            if failure.stage in order:
                controls.setdefault((failure.plugin, failure.stage), failure)
            else:
                general.setdefault(failure)
    failed = sorted(controls.values(), key=lambda failure: order[failure.stage])
    return tuple(dict.fromkeys((*general, *failed)))


# -- the workers' side ---------------------------------------------------------------------


@attrs.frozen
class _Task:
    """One evaluation, as every partition's task receives it."""

    token: str
    locations: tuple[str, ...]
    count: int
    as_of: dt.date
    policy: Policy
    only: tuple[str, ...] | None
    offices: tuple[str, ...] | None
    engine: str
    strict: bool


@attrs.frozen
class _Part:
    """What one partition sends back: its results (an Arrow table, or results without
    pyarrow), its plugin failures, and, for the first partition, the report without
    results (as of, policy, controls, sources, input issues, names)."""

    results: Any
    plugin_errors: tuple[PluginFailure, ...]
    meta: Report | None = None


class _Quiet(Plugins):
    """The plugins of a worker: the results hook is not called for a partial report (the
    driver notifies once, with the merged one)."""

    def notify(
        self, call: Callable[[Callable[..., Any]], None], hook_name: str
    ) -> list[PluginFailure]:
        if hook_name == _RESULTS_HOOK:
            return []
        return super().notify(call, hook_name)


@attrs.frozen
class _Loaded:
    plugins: Plugins
    catalogue: Catalogue
    evidence: Evidence
    evaluate: Callable[..., Report]


#: The evidence each worker process has loaded, by run (one run at a time is kept).
_LOADED: dict[str, _Loaded] = {}
#: One partition at a time per worker process: a task loads or evaluates alone.
_LOCK = threading.Lock()


def _forget(token: str) -> None:
    """Drop what a worker loaded for the run ``token`` (called on every worker at its end;
    without the lock, so a task still running never holds up the worker's event loop)."""
    _LOADED.pop(token, None)


def _loaded(task: _Task) -> _Loaded:
    """The evidence of ``task``, loaded once per worker and run, with its engine."""
    found = _LOADED.get(task.token)
    if found is not None:
        return found
    _LOADED.clear()  # another run's: done, or abandoned
    plugins = _Quiet()
    evidence = load(*task.locations, plugins=plugins)
    catalogue = Catalogue.from_plugins(plugins)
    if _columnar(task.engine):
        from jcp_controls.columnar import Estate, evaluate_estate

        estate = Estate.from_evidence(evidence)

        def run(**arguments: Any) -> Report:
            return evaluate_estate(estate, **arguments)

        found = _Loaded(plugins, catalogue, estate.evidence, run)
    else:

        def run(**arguments: Any) -> Report:
            return evaluate(evidence, **arguments)

        found = _Loaded(plugins, catalogue, evidence, run)
    _LOADED[task.token] = found
    return found


def _columnar(engine: str) -> bool:
    """Whether a worker runs the columnar engine for ``engine``."""
    installed = all(importlib.util.find_spec(name) is not None for name in ("duckdb", "pyarrow"))
    if engine == "columnar" and not installed:
        raise UsageError(
            "engine columnar: DuckDB is not installed on a worker "
            "(pip install 'jcp-controls[columnar]')"
        )
    return engine != "python" and installed


def group(office_ids: Sequence[str], count: int, index: int) -> list[str]:
    """The ``index``-th of ``count`` groups of neighbouring office IDs (sorted, sizes
    differing by at most one, the larger first, so the first group is empty only when there
    are no offices)."""
    ordered = sorted(set(office_ids))
    size, extra = divmod(len(ordered), count)
    start = index * size + min(index, extra)
    return ordered[start : start + size + (1 if index < extra else 0)]


def _partition(task: _Task, index: int) -> _Part:
    """Evaluate partition ``index`` of ``task`` on this worker."""
    with _LOCK:
        loaded = _loaded(task)
        evidence = loaded.evidence
        if task.strict and evidence.errors:
            return _stopped(task, evidence) if index == 0 else _Part((), ())
        office_ids = _partition_offices(task, evidence)
        if office_ids is None:  # one partition: the first evaluates everything asked for
            if index != 0:
                return _Part((), ())
            chosen = None if task.offices is None else list(task.offices)
        else:
            chosen = group(office_ids, task.count, index)
            if not chosen:
                return _Part((), ())
        arguments: dict[str, Any] = {
            "as_of": task.as_of,
            "policy": task.policy,
            "plugins": loaded.plugins,
            "catalogue": loaded.catalogue,
            "only": None if task.only is None else list(task.only),
        }
        if task.offices is not None:  # the whole selection checked, as one evaluation does
            plan_evaluation(evidence, offices=list(task.offices), **arguments)
        report = loaded.evaluate(offices=chosen, **arguments)
    # office-less results are in every partition: the first sends them
    shipped = _shipped(report.results, office_less=index == 0)
    meta = attrs.evolve(report, results=()) if index == 0 else None
    return _Part(shipped, report.plugin_errors, meta)


def _partition_offices(task: _Task, evidence: Evidence) -> list[str] | None:
    """The offices to split between partitions: those asked for, else every office of the
    evidence; None when they cannot be listed (``offices.csv`` missing or rejected, or
    listing none), and the estate is one partition."""
    if task.offices is not None:
        return list(task.offices) or None
    kind = RecordKind.OFFICES
    if kind not in evidence.records or kind in evidence.rejected:
        return None
    return [office.office_id for office in evidence.records[kind]] or None


def _stopped(task: _Task, evidence: Evidence) -> _Part:
    """The report of an evaluation stopped at input errors (``strict``)."""
    meta = Report(
        as_of=task.as_of,
        policy=task.policy,
        controls=(),
        results=(),
        sources=evidence.sources,
        input_errors=evidence.errors,
        input_warnings=evidence.warnings,
        plugin_errors=tuple(evidence.plugin_failures),
    )
    return _Part((), (), meta)


def _shipped(results: Results, *, office_less: bool) -> Any:
    """Results as an Arrow table (compact to send), or as a tuple without pyarrow; without
    the office-less ones unless ``office_less``."""
    if importlib.util.find_spec("pyarrow") is None:
        return tuple(r for r in results if office_less or r.office_id is not None)
    import pyarrow.compute as pc

    table = results.to_arrow()
    if not office_less:
        table = table.filter(pc.is_valid(table.column("office_id")))
    return table
