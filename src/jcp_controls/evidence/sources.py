"""Evidence sources: what a plugin supplies to bring records in from a system.

A source has a name, the URI schemes it claims (``hr`` in ``hr:exports/rm.xlsx``), the
record kinds it may supply, and a ``load`` function. The built-in ``csv`` source claims the
``csv`` scheme and bare paths (evidence folders).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from jcp_controls.evidence.batch import SourceBatch
from jcp_controls.evidence.csv import Progress, read_folder
from jcp_controls.models import RecordKind

__all__ = ["CSV_SOURCE", "EvidenceSource"]

#: ``load(location, progress)``: read the evidence at ``location`` (the URI after the scheme).
LoadFunction = Callable[[str, Progress | None], SourceBatch]


@attrs.frozen
class EvidenceSource:
    """An evidence source contributed by a plugin.

    Attributes:
        name: short name shown in reports (``csv``, ``lms``, ``hr``).
        schemes: URI schemes it claims; a location ``scheme:rest`` goes to this source.
        kinds: the record kinds it may supply.
        load: reads one location and returns a :class:`SourceBatch`.
        description: one line for ``jcp-controls plugins``.
        bare_paths: True for the one source that takes plain paths (the built-in ``csv``).
    """

    name: str
    schemes: tuple[str, ...]
    kinds: frozenset[RecordKind]
    load: LoadFunction = attrs.field(eq=False, repr=False)
    description: str = ""
    bare_paths: bool = False


def _load_folder(location: str, progress: Progress | None) -> SourceBatch:
    return read_folder(location, progress=progress)


CSV_SOURCE = EvidenceSource(
    name="csv",
    schemes=("csv",),
    kinds=frozenset(RecordKind),
    load=_load_folder,
    description="evidence folder of CSV files (evidence.md)",
    bare_paths=True,
)
