"""The ``sccs`` evidence source: Security Checks system exports (SEC §24-25, §30).

``jcp-controls evaluate sccs:EXPORT`` where ``EXPORT`` is the export folder, or one of its
files (then read as the security check results, its sibling as the test checks). Append
``?mapping=FILE`` to use an edited mapping, or set ``JCP_CONTROLS_SCCS_MAPPING``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import jcp_controls as jc
from jcp_controls_sccs.mapping import MAPPING_ENV, ExportMapping, load_mapping
from jcp_controls_sccs.reader import Table, read_table
from jcp_controls_sccs.records import SOURCE, build_records

__all__ = ["SCCS_SOURCE", "jcp_controls_sources", "load_export", "parse_location"]

#: ``progress(file name, bytes done, bytes in all)``, as the core's sources call it.
Progress = Callable[[str, int, int], None]
#: Tables the export must hold; the others are read when present.
_NEEDED = ("checks", "test_checks")
#: The table a location naming one file reads from that file.
_NAMED = "checks"


def parse_location(location: str) -> tuple[Path, Path | None, Path | None]:
    """Split ``EXPORT[?mapping=FILE]`` into the export folder, the checks file when a file was
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
    named_file: Path | None = None,
    uri: str = "",
    progress: Progress | None = None,
) -> jc.SourceBatch:
    """Read the export in ``folder`` with ``mapping``; never raises for bad data."""
    tables: dict[str, Table | None] = {}
    issues: list[jc.InputIssue] = []
    digest = hashlib.sha256()
    for name, table_mapping in mapping.tables.items():
        path = (
            named_file
            if name == _NAMED and named_file is not None
            else folder / table_mapping.file
        )
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
    out = build_records(tables, mapping.format, issues)
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
    folder, named_file, mapping_file = parse_location(location)
    mapping = load_mapping(mapping_file)
    return load_export(
        folder, mapping, named_file=named_file, uri=f"{SOURCE}:{location}", progress=progress
    )


#: The source this plugin contributes.
SCCS_SOURCE = jc.EvidenceSource(
    name=SOURCE,
    schemes=(SOURCE,),
    kinds=frozenset({jc.RecordKind.CHECKS, jc.RecordKind.TEST_CHECKS}),
    load=_load,
    description="Security Checks system exports (security check results, test checks)",
)


@jc.hookimpl
def jcp_controls_sources() -> Sequence[jc.EvidenceSource]:
    """The ``sccs`` source."""
    return (SCCS_SOURCE,)
