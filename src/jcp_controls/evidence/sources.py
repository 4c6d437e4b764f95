"""Evidence sources: the contract a plugin fulfils to bring records in from a system.

A source has a name, the URI schemes it claims (``hr`` in ``hr:exports/rm.xlsx``), the
record kinds it may supply, and a ``load`` function returning a
:class:`~jcp_controls.evidence.batch.SourceBatch`. This module is the contract only: the
built-in ``csv`` source (evidence folders; the ``csv`` scheme and bare paths) is a default
plugin like any other (:mod:`jcp_controls.evidence.plugin`).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from jcp_controls.evidence.batch import SourceBatch
from jcp_controls.models import RecordKind

__all__ = ["EvidenceSource", "LoadFunction", "Progress"]

#: ``progress(file name, bytes done, bytes in all)``: how far a source has read, for a
#: progress display (the command line shows it on a terminal only).
Progress = Callable[[str, int, int], None]
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
