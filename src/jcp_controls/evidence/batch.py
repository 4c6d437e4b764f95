"""What one evidence source hands back: records per kind, their origins, issues and a digest.

Sources build a :class:`SourceBatch`; :func:`jcp_controls.evidence.combine.combine` merges the
batches of every source into one :class:`~jcp_controls.evidence.store.Evidence`, checking
duplicate keys across sources and required references.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from jcp_controls.evidence.store import InputIssue, LearningFacts, Origin
from jcp_controls.models import RecordKind

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
        policy: policy settings the source carries (an evidence folder's ``policy.toml``).
        learning_staff_rows: for learning, how many rows name each staff ID (so an error about
            an unknown staff ID can say how many rows it rejects); optional.
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
    policy: Mapping[str, Any] | None = None
    learning_staff_rows: Mapping[str, int] = attrs.field(factory=dict)

    @property
    def kinds(self) -> frozenset[RecordKind]:
        """Every kind this batch supplies."""
        kinds = set(self.records)
        if self.learning is not None:
            kinds.add(RecordKind.LEARNING)
        return frozenset(kinds)
