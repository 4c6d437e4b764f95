"""The adapter's hook implementations: the ``bcs`` evidence source and the results writer.

Registered through the ``jcp_controls`` entry point ``bcs``. SQLAlchemy and Alembic are
imported only when a ``bcs:`` location is loaded or results are written, so installing the
adapter does not slow other runs down.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import jcp_controls as jc

__all__ = ["BCS_SOURCE", "jcp_controls_results", "jcp_controls_sources"]

_RESULTS_ENV = "JCP_BCS_RESULTS_URL"


def _load(location: str, progress: Callable[[str, int, int], None] | None) -> jc.SourceBatch:
    from jcp_controls_bcs.reader import read_bcs

    return read_bcs(location, progress)


#: The ``bcs:`` source: ``bcs:`` followed by a SQLAlchemy URL.
BCS_SOURCE = jc.EvidenceSource(
    name="bcs",
    schemes=("bcs",),
    kinds=frozenset({jc.RecordKind.CHECKS, jc.RecordKind.ENROLMENTS, jc.RecordKind.EVENTS}),
    load=_load,
    description="Business Controls System database (bcs:SQLALCHEMY_URL); records results",
)


@jc.hookimpl
def jcp_controls_sources() -> Sequence[jc.EvidenceSource]:
    """The ``bcs`` evidence source."""
    return (BCS_SOURCE,)


@jc.hookimpl
def jcp_controls_results(report: jc.Report) -> None:
    """Record the run in BCS: in ``$JCP_BCS_RESULTS_URL``, else in every ``bcs:`` database
    the evidence came from; a run with neither writes nothing."""
    if _RESULTS_ENV not in os.environ and not any(
        source.name == BCS_SOURCE.name for source in report.sources
    ):
        return
    from jcp_controls_bcs.results import targets, write_run

    for database in targets(report):
        write_run(database, report)
