"""Merge the batches of several sources into one :class:`Evidence` and check references.

* A kind supplied by any source is present; a kind supplied by none stays missing.
* Keyed records (``office_id``, ``staff_id``, ``grant_id``, ...) supplied by two sources
  must be identical; different contents under one key is an input error. Identical copies
  are kept once.
* Required references (``staff.office_id`` → offices, ...) must resolve once everything is
  merged; a row whose reference does not resolve is rejected with file, line, column, value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from jcp_controls.evidence.batch import SourceBatch
from jcp_controls.evidence.schema import SCHEMAS
from jcp_controls.evidence.store import (
    Evidence,
    InputIssue,
    LearningFacts,
    Origin,
    PluginFailure,
    SourceInfo,
    raw_value,
)
from jcp_controls.models import RecordKind

__all__ = ["combine", "merge_settings"]


def combine(batches: Sequence[SourceBatch], failures: Iterable[PluginFailure] = ()) -> Evidence:
    """One :class:`Evidence` from the batches of every source, in the order given."""
    failures = tuple(failures)
    issues: list[InputIssue] = []
    rejected: set[RecordKind] = set()
    records: dict[RecordKind, list[Any]] = {}
    origins: dict[RecordKind, list[Origin]] = {}
    keyed: dict[RecordKind, dict[str, tuple[Any, Origin, str]]] = {}
    learning_parts: list[LearningFacts] = []
    learning_staff: dict[str, Origin] = {}
    learning_rows: dict[str, int] = {}
    for batch in batches:
        issues.extend(batch.issues)
        rejected.update(batch.rejected)
        for kind, values in batch.records.items():
            key = SCHEMAS[kind].key
            bucket = records.setdefault(kind, [])
            where = origins.setdefault(kind, [])
            index = keyed.setdefault(kind, {})
            batch_origins = batch.origins.get(kind) or tuple(
                Origin(batch.name) for _ in range(len(values))
            )
            for record, origin in zip(values, batch_origins, strict=True):
                if key is not None:
                    ident = getattr(record, key)
                    earlier = index.get(ident)
                    if earlier is not None:
                        if not _same_record(earlier[0], record):
                            rejected.add(kind)
                            issues.append(
                                _issue(
                                    origin,
                                    f"{key} {ident!r} in {batch.uri} is also supplied by "
                                    f"{_where(earlier[1], earlier[2])} with different contents",
                                    column=key,
                                    value=ident,
                                )
                            )
                        continue
                    index[ident] = (record, origin, batch.uri)
                bucket.append(record)
                where.append(origin)
        if batch.learning is not None:
            learning_parts.append(batch.learning)
            for staff_id, origin in batch.learning_staff.items():
                learning_staff.setdefault(staff_id, origin)
            for staff_id, count in batch.learning_staff_rows.items():
                learning_rows[staff_id] = learning_rows.get(staff_id, 0) + count
    for failure in failures:
        rejected.update(failure.kinds)
    learning = LearningFacts.merge(learning_parts) if learning_parts else None
    _check_references(records, origins, learning_staff, learning_rows, issues, rejected)
    sources = tuple(
        SourceInfo(
            batch.name,
            batch.uri,
            _counts(batch),
            batch.sha256,
            batch.extracted_on,
            {kind.value: day for kind, day in batch.kinds_extracted_on.items()},
        )
        for batch in batches
    )
    return Evidence(
        records={kind: tuple(values) for kind, values in records.items()},
        learning=learning,
        issues=tuple(issues),
        rejected=frozenset(rejected),
        sources=sources,
        plugin_failures=failures,
    )


def merge_settings(layers: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Deep-merge policy settings; later layers win key by key."""
    merged: dict[str, Any] = {}
    for layer in layers:
        for key, value in layer.items():
            earlier = merged.get(key)
            if isinstance(earlier, Mapping) and isinstance(value, Mapping):
                merged[key] = merge_settings((earlier, value))
            else:
                merged[key] = value
    return merged


def _same_record(first: Any, second: Any) -> bool:
    """Equal field by field as stored (a record from a file without a decisive column raises
    when that field is read; see :func:`~jcp_controls.evidence.store.without_columns`)."""
    if not attrs.has(type(first)) or not attrs.has(type(second)):
        return bool(first == second)
    if attrs.fields(type(first)) != attrs.fields(type(second)):
        return False
    return all(
        raw_value(first, field.name) == raw_value(second, field.name)
        for field in attrs.fields(type(first))
    )


def _counts(batch: SourceBatch) -> Mapping[str, int]:
    counts = {kind.value: len(values) for kind, values in batch.records.items()}
    if batch.learning is not None:
        counts[RecordKind.LEARNING.value] = batch.learning.rows
    return counts


def _where(origin: Origin, uri: str) -> str:
    if origin.file is None:
        return f"source {origin.source} ({uri})"
    if origin.line is None:
        return f"{origin.source} {uri} ({origin.file})"
    return f"{origin.source} {uri} ({origin.file} line {origin.line})"


def _issue(origin: Origin, message: str, *, column: str, value: str) -> InputIssue:
    return InputIssue(origin.source, message, origin.file, origin.line, column, value)


def _check_references(
    records: dict[RecordKind, list[Any]],
    origins: dict[RecordKind, list[Origin]],
    learning_staff: Mapping[str, Origin],
    learning_rows: Mapping[str, int],
    issues: list[InputIssue],
    rejected: set[RecordKind],
) -> None:
    """Reject rows whose required reference does not resolve (targets that are present).

    A target that is missing, or that already lost rows to input errors, is not checked
    against: its own errors are reported, and checking against what is left would blame
    rows that name a record which is in the file but was rejected. Keys are taken before any
    row is rejected here, so one dangling reference does not cascade.
    """
    unusable = set(rejected)
    keys: dict[RecordKind, frozenset[str]] = {}
    for kind, values in records.items():
        key = SCHEMAS[kind].key
        if key is not None and kind not in unusable:
            keys[kind] = frozenset(getattr(record, key) for record in values)

    for kind, schema in SCHEMAS.items():
        if not schema.references:
            continue
        if kind is RecordKind.LEARNING:
            known = keys.get(RecordKind.STAFF)
            if known is not None:
                for staff_id, origin in sorted(learning_staff.items(), key=_origin_order):
                    if staff_id not in known:
                        rejected.add(kind)
                        count = learning_rows.get(staff_id, 1)
                        more = f" ({count} rows name it; this is the first)" if count > 1 else ""
                        issues.append(
                            _issue(
                                origin,
                                f"staff_id is not in staff.csv{more}",
                                column="staff_id",
                                value=staff_id,
                            )
                        )
            continue
        if kind not in records:
            continue
        kept: list[Any] = []
        kept_origins: list[Origin] = []
        for record, origin in zip(records[kind], origins[kind], strict=True):
            ok = True
            for reference in schema.references:
                value = raw_value(record, reference.column)
                if value is None:
                    continue
                if reference.when_null is not None and raw_value(record, reference.when_null):
                    continue
                known = keys.get(reference.target)
                if known is not None and value not in known:
                    ok = False
                    issues.append(
                        _issue(
                            origin,
                            f"{reference.column} is not in {reference.target.filename}",
                            column=reference.column,
                            value=value,
                        )
                    )
            if ok:
                kept.append(record)
                kept_origins.append(origin)
            else:
                rejected.add(kind)
        records[kind] = kept
        origins[kind] = kept_origins


def _origin_order(item: tuple[str, Origin]) -> tuple[str, str, int]:
    origin = item[1]
    return (origin.source, origin.file or "", origin.line or 0)
