"""The ``hr`` evidence source: the hook implementation registered by the entry point."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import parse_qs

import jcp_controls as jc
from jcp_controls_hr.mapping import KINDS, load_mapping
from jcp_controls_hr.reader import SOURCE_NAME, read_export
from jcp_controls_hr.sheets import open_export

__all__ = ["HR_SOURCE", "jcp_controls_sources", "load", "split_location"]


def split_location(location: str) -> tuple[str, str | None]:
    """The export path and mapping file of a location ``PATH[?mapping=FILE]``.

    Raises:
        jcp_controls.UsageError: the location has a parameter other than ``mapping``.
    """
    path, _, query = location.partition("?")
    params = parse_qs(query, keep_blank_values=True) if query else {}
    unknown = sorted(set(params) - {"mapping"})
    if unknown:
        raise jc.UsageError(
            f"hr:{location}: unknown parameter {unknown[0]!r} (the only one is mapping=FILE)"
        )
    mapping = params.get("mapping", [None])[-1]
    if not path:
        raise jc.UsageError(f"hr:{location}: no export path (hr:PATH[?mapping=FILE])")
    return path, mapping or None


def load(location: str, progress: Callable[[str, int, int], None] | None = None) -> jc.SourceBatch:
    """Read the HR export at ``location`` (``PATH[?mapping=FILE]``).

    ``PATH`` is an ``.xlsx`` workbook or a folder of ``.csv`` files (one per sheet). The
    mapping is ``FILE``, else ``$JCP_CONTROLS_HR_MAPPING``, else the default shipped with
    the package.

    Raises:
        jcp_controls.UsageError: the export or the mapping file cannot be read.
    """
    path, mapping_file = split_location(location)
    mapping = load_mapping(mapping_file)
    return read_export(open_export(path), mapping, location, progress)


#: The source: scheme ``hr``, the five record kinds of an HR export.
HR_SOURCE = jc.EvidenceSource(
    name=SOURCE_NAME,
    schemes=("hr",),
    kinds=frozenset(KINDS),
    load=load,
    description="HR / resource-management export (.xlsx or a folder of .csv)",
)


@jc.hookimpl
def jcp_controls_sources() -> Sequence[jc.EvidenceSource]:
    """The ``hr`` source."""
    return (HR_SOURCE,)
