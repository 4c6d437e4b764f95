"""Eight processes recording runs at once lose nothing: on PostgreSQL, and on SQLite where
writers queue on the database lock (``BEGIN IMMEDIATE``, busy timeout, retries)."""

from __future__ import annotations

import multiprocessing

import attrs
import jcp_controls as jc
import pytest
import sqlalchemy as sa

from jcp_controls_bcs.database import parse_location
from jcp_controls_bcs.results import read_runs, write_run

PROCESSES = 8
RUNS_EACH = 3
RESULTS_EACH = 300


def _write(url: str, report: jc.Report, runs: int) -> None:
    for _ in range(runs):
        write_run(parse_location(url), report)


def test_eight_writers_at_once_lose_nothing(bcs_url: str, demo_report: jc.Report) -> None:
    report = attrs.evolve(demo_report, results=demo_report.results[:RESULTS_EACH])
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_write, args=(bcs_url, report, RUNS_EACH)) for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0] * PROCESSES

    runs = read_runs(parse_location(bcs_url))
    assert len(runs) == PROCESSES * RUNS_EACH
    assert len({run.run_id for run in runs}) == PROCESSES * RUNS_EACH
    engine = sa.create_engine(bcs_url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        per_run = dict(
            connection.exec_driver_sql(
                "SELECT run_id, COUNT(*) FROM jcp_result GROUP BY run_id"
            ).all()
        )
    engine.dispose()
    assert per_run == {run.run_id: RESULTS_EACH for run in runs}


@pytest.mark.usefixtures("no_results_env")
def test_a_run_is_written_whole_or_not_at_all(bcs_url: str, demo_report: jc.Report) -> None:
    """The run row goes in first; a result the database refuses takes it back out."""
    broken = attrs.evolve(demo_report.results[1], message=None)  # jcp_result.message NOT NULL
    report = attrs.evolve(demo_report, results=(demo_report.results[0], broken))
    with pytest.raises(sa.exc.IntegrityError):
        write_run(parse_location(bcs_url), report)
    assert read_runs(parse_location(bcs_url)) == []
