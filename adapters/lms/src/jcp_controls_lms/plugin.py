"""The ``lms`` evidence source: Labour Market System access exports (LMS2 and LMS1).

``jcp-controls evaluate lms:EXPORT`` where ``EXPORT`` is the export folder, or one of its
files (then read as the LMS2 listing, its siblings as the other tables). Append
``?mapping=FILE`` to use an edited mapping, or set ``JCP_CONTROLS_LMS_MAPPING``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import jcp_controls as jc
from jcp_controls_lms.mapping import MAPPING_ENV, ExportMapping, load_mapping
from jcp_controls_lms.reader import Table, read_table
from jcp_controls_lms.records import SOURCE, build_records

__all__ = ["LMS_SOURCE", "jcp_controls_sources", "load_export", "parse_location"]

#: ``progress(file name, bytes done, bytes in all)``, as the core's sources call it.
Progress = Callable[[str, int, int], None]
#: Tables the export must hold; the others are read when present.
_NEEDED = ("lms2", "lms1")


def parse_location(location: str) -> tuple[Path, Path | None, Path | None]:
    """Split ``EXPORT[?mapping=FILE]`` into the export folder, the LMS2 file when a file was
    named, and the mapping file (from the location, else the environment, else None).

    Raises:
        jcp_controls.UsageError: an unknown option, or an export that does not exist.
    """
    path_text, _, query = location.partition("?")
    mapping: Path | None = None
    for part in filter(None, query.split("&")):
        key, sep, value = part.partition("=")
        if key != "mapping" or not sep or not value:
            raise jc.UsageError(
                f"{SOURCE}:{location}: unknown option {part!r} (expected ?mapping=FILE)"
            )
        mapping = Path(value)
    if mapping is None and os.environ.get(MAPPING_ENV):
        mapping = Path(os.environ[MAPPING_ENV])
    path = Path(path_text)
    if not path_text or not path.exists():
        raise jc.UsageError(f"{SOURCE}:{location}: no such export file or folder")
    if path.is_file():
        return path.parent, path, mapping
    return path, None, mapping


def load_export(
    folder: Path,
    mapping: ExportMapping,
    *,
    lms2_file: Path | None = None,
    uri: str = "",
    progress: Progress | None = None,
) -> jc.SourceBatch:
    """Read the export in ``folder`` with ``mapping``; never raises for bad data."""
    tables: dict[str, Table | None] = {}
    issues: list[jc.InputIssue] = []
    digest = hashlib.sha256()
    for name, table_mapping in mapping.tables.items():
        path = folder / table_mapping.file
        if name == "lms2" and lms2_file is not None:
            path = lms2_file
        if not path.is_file():
            if name in _NEEDED:
                tables[name] = None
                issues.append(
                    jc.InputIssue(SOURCE, f"not in the export folder {folder}", path.name)
                )
            continue
        table, found = read_table(path, table_mapping, mapping.format, SOURCE)
        issues.extend(found)
        tables[name] = table
        if table is not None:
            digest.update(f"{name}\0{table.sha256}\n".encode())
            if progress is not None:
                size = path.stat().st_size
                progress(path.name, size, size)
    lms1 = tables.get("lms1")
    lms1_file = lms1.file if lms1 is not None else mapping.tables["lms1"].file
    out = build_records(tables, mapping.format, lms1_file, issues)
    return jc.SourceBatch.from_records(
        SOURCE,
        uri,
        out.records,
        origins=out.origins,
        issues=out.issues,
        rejected=out.rejected,
        sha256=digest.hexdigest(),
    )


def _load(location: str, progress: Progress | None) -> jc.SourceBatch:
    folder, lms2_file, mapping_file = parse_location(location)
    mapping = load_mapping(mapping_file)
    return load_export(
        folder, mapping, lms2_file=lms2_file, uri=f"{SOURCE}:{location}", progress=progress
    )


#: The source this plugin contributes.
LMS_SOURCE = jc.EvidenceSource(
    name=SOURCE,
    schemes=(SOURCE,),
    kinds=frozenset({jc.RecordKind.ACCESS_GRANTS, jc.RecordKind.ACCESS_REVIEWS}),
    load=_load,
    description="Labour Market System access exports (LMS2 user groups, LMS1 forms)",
)


@jc.hookimpl
def jcp_controls_sources() -> Sequence[jc.EvidenceSource]:
    """The ``lms`` source."""
    return (LMS_SOURCE,)
