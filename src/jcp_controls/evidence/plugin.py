"""Default plugin: the built-in ``csv`` evidence source (evidence folders).

It is registered through the same hook as any adapter
(:data:`jcp_controls.plugins.DEFAULT_PLUGINS`).
"""

from __future__ import annotations

from collections.abc import Sequence

from jcp_controls.evidence.batch import SourceBatch
from jcp_controls.evidence.csv import read_folder
from jcp_controls.evidence.sources import EvidenceSource, Progress
from jcp_controls.hookspecs import hookimpl
from jcp_controls.models import RecordKind

__all__ = ["CSV_SOURCE", "jcp_controls_sources"]


def _load_folder(location: str, progress: Progress | None) -> SourceBatch:
    return read_folder(location, progress=progress)


#: The evidence-folder source: the ``csv`` scheme and bare paths.
CSV_SOURCE = EvidenceSource(
    name="csv",
    schemes=("csv",),
    kinds=frozenset(RecordKind),
    load=_load_folder,
    description="evidence folder of CSV files",
    bare_paths=True,
)


@hookimpl
def jcp_controls_sources() -> Sequence[EvidenceSource]:
    """The evidence-folder source."""
    return (CSV_SOURCE,)
