"""What one evidence source hands back: records per kind, their origins, issues and a digest.

Sources build a :class:`SourceBatch`; :func:`jcp_controls.evidence.combine.combine` merges the
batches of every source into one :class:`~jcp_controls.evidence.store.Evidence`, checking
duplicate keys across sources and required references.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from jcp_controls.evidence.store import InputIssue, LearningFacts, Origin
from jcp_controls.models import LearningRecord, RecordKind

__all__ = ["SourceBatch"]


@attrs.frozen(eq=False)
class SourceBatch:
    """The evidence of one source.

    Attributes:
        name: the source's name (``csv``, or the plugin's).
        uri: where it was read from.
        records: records of each kind the source supplied (learning excluded).
        origins: for each kind in ``records``, the origin of each record, same order.
        learning: learning facts, when the source supplied learning.
        learning_staff: for learning, the first origin of each staff ID (reference checks).
        issues: input errors and warnings.
        rejected: kinds with at least one rejected row or header.
        sha256: a digest of the raw input, when the source can give one.
        learning_staff_rows: for learning, how many rows name each staff ID (so an error about
            an unknown staff ID can say how many rows it rejects); optional.
        extracted_on: the day the source's evidence was extracted, when it declares one
            (a folder's ``manifest.toml``); a source without one is never judged stale.
        kinds_extracted_on: for a kind extracted on another day than ``extracted_on``, that
            day (a ``[files]`` entry of ``manifest.toml``).
    """

    name: str
    uri: str
    records: Mapping[RecordKind, tuple[Any, ...]] = attrs.field(factory=dict)
    origins: Mapping[RecordKind, tuple[Origin, ...]] = attrs.field(factory=dict)
    learning: LearningFacts | None = None
    learning_staff: Mapping[str, Origin] = attrs.field(factory=dict)
    issues: tuple[InputIssue, ...] = ()
    rejected: frozenset[RecordKind] = frozenset()
    sha256: str | None = None
    learning_staff_rows: Mapping[str, int] = attrs.field(factory=dict)
    extracted_on: dt.date | None = None
    kinds_extracted_on: Mapping[RecordKind, dt.date] = attrs.field(factory=dict)

    def extracted_on_of(self, kind: RecordKind) -> dt.date | None:
        """The day ``kind`` was extracted, or None when the source does not say."""
        return self.kinds_extracted_on.get(kind, self.extracted_on)

    @classmethod
    def from_records(
        cls,
        name: str,
        uri: str,
        records: Mapping[RecordKind | str, Iterable[Any]],
        *,
        origins: Mapping[RecordKind | str, Sequence[Origin]] | None = None,
        issues: Iterable[InputIssue] = (),
        rejected: Iterable[RecordKind | str] = (),
        sha256: str | None = None,
        extracted_on: dt.date | None = None,
        kinds_extracted_on: Mapping[RecordKind | str, dt.date] | None = None,
    ) -> SourceBatch:
        """The batch of a source that builds records (the way an adapter usually does).

        Args:
            name: the source's name.
            uri: where it read them from.
            records: the records of each kind it supplies (a kind with no records is present
                and empty; a kind not given is missing). ``learning`` takes
                :class:`~jcp_controls.models.LearningRecord` objects: they become facts.
            origins: for a kind, where each of its records came from (same order), so that
                a message about a record (a duplicate key, an unknown reference) names the
                file or sheet and line of the source.
            issues: the input errors and warnings the source found (a row it could not
                map is an error naming file, line, column and value; it is never dropped
                silently).
            rejected: kinds with at least one rejected row: controls that need them report
                ``error``.
            sha256: a digest of the raw input, shown in the report's ``sources``.
            extracted_on: the day the source's records were extracted (e.g. the date of the
                HR extract the adapter read), shown in the report's ``sources``; a control
                whose evidence is older than the policy's ``evidence.max_age_days`` warns,
                and errors past ``evidence.max_age_error_days``. None (the default): the
                source is never judged stale.
            kinds_extracted_on: per kind, a day that overrides ``extracted_on`` (a source
                whose kinds come from extracts of different days).
        """
        by_kind = {RecordKind(kind): tuple(values) for kind, values in records.items()}
        where = {RecordKind(kind): tuple(found) for kind, found in (origins or {}).items()}
        for kind, found in where.items():
            if len(found) != len(by_kind.get(kind, ())):
                raise ValueError(f"{kind.value}: {len(found)} origins for the records given")
        has_learning = RecordKind.LEARNING in by_kind
        learning_rows: tuple[LearningRecord, ...] = by_kind.pop(RecordKind.LEARNING, ())
        learning_staff: dict[str, Origin] = {}
        learning_counts: dict[str, int] = {}
        for index, record in enumerate(learning_rows):
            learning_counts[record.staff_id] = learning_counts.get(record.staff_id, 0) + 1
            origin = where.get(RecordKind.LEARNING, ())
            learning_staff.setdefault(
                record.staff_id, origin[index] if origin else Origin(name, uri)
            )
        where.pop(RecordKind.LEARNING, None)
        return cls(
            name=name,
            uri=uri,
            records=by_kind,
            origins=where,
            learning=LearningFacts.from_records(learning_rows) if has_learning else None,
            learning_staff=learning_staff,
            learning_staff_rows=learning_counts,
            issues=tuple(issues),
            rejected=frozenset(RecordKind(kind) for kind in rejected),
            sha256=sha256,
            extracted_on=extracted_on,
            kinds_extracted_on={
                RecordKind(kind): day for kind, day in (kinds_extracted_on or {}).items()
            },
        )

    @property
    def kinds(self) -> frozenset[RecordKind]:
        """Every kind this batch supplies."""
        kinds = set(self.records)
        if self.learning is not None:
            kinds.add(RecordKind.LEARNING)
        return frozenset(kinds)
