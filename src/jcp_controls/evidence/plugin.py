"""Default plugin: the built-in ``csv`` evidence source (evidence folders)."""

from __future__ import annotations

from collections.abc import Sequence

from jcp_controls.evidence.sources import CSV_SOURCE, EvidenceSource
from jcp_controls.hookspecs import hookimpl


@hookimpl
def jcp_controls_sources() -> Sequence[EvidenceSource]:
    """The evidence-folder source."""
    return (CSV_SOURCE,)
