"""What a control is, and what it yields.

A :class:`Control` is declared data: ID, slug, severity, citation, a scope function that
lists the subjects it judges, and a rule function that judges one subject and returns a
:class:`Finding`. The engine (:mod:`jcp_controls.engine`) turns findings into
:class:`Result` objects, applies waivers and turns unavailable evidence into ``error``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from jcp_controls.models import RecordKind

if TYPE_CHECKING:
    from jcp_controls.controls.context import RuleContext

__all__ = [
    "Control",
    "Finding",
    "Result",
    "Scoped",
    "Severity",
    "Status",
    "Subject",
    "SubjectKind",
]


class Status(enum.StrEnum):
    """Result status, ordered ``pass`` < ``waived`` < ``warn`` < ``fail`` < ``error``."""

    PASS = "pass"
    WAIVED = "waived"
    WARN = "warn"
    FAIL = "fail"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Position in the gate order (``--fail-on``)."""
        return _STATUS_RANK[self]


_STATUS_RANK = {status: index for index, status in enumerate(Status)}

#: The order statuses are counted and shown in.
COUNT_ORDER = (Status.PASS, Status.WARN, Status.FAIL, Status.ERROR, Status.WAIVED)


class Severity(enum.StrEnum):
    """How much a failure of the control matters."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class SubjectKind(enum.StrEnum):
    """What one result is about."""

    GRANT = "grant"
    STAFF = "staff"
    OFFICE = "office"
    CLAIMANT = "claimant"
    CC = "cc"
    INCIDENT = "incident"
    TEST_CHECK = "test_check"
    CANCELLATION = "cancellation"


@attrs.frozen
class Subject:
    """The thing judged: its kind and ID, its office and, when one person is concerned, them."""

    kind: SubjectKind
    subject_id: str | None
    office_id: str | None
    staff_id: str | None = None


@attrs.frozen
class Finding:
    """What a rule decided about one subject.

    Attributes:
        status: ``pass``, ``warn`` or ``fail`` (``error`` when the rule itself cannot judge).
        message: one sentence a manager can act on; no claimant data beyond references.
        due_on: the date the obligation falls (or fell) due, when it has one.
        evidence: the facts that decided it (JSON-ready: strings, numbers, lists, dicts).
    """

    status: Status
    message: str
    due_on: dt.date | None = None
    evidence: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Scoped:
    """One subject in a control's scope, with the record(s) the rule will judge."""

    subject: Subject
    item: Any


#: Lists the subjects of a control.
ScopeFunction = Callable[["RuleContext"], Iterable[Scoped]]
#: Judges one subject.
RuleFunction = Callable[["RuleContext", Any], Finding]


@attrs.frozen
class Control:
    """A declared control.

    Attributes:
        control_id: stable ID, e.g. ``ACC-001``.
        name: slug, e.g. ``access-authorised-by-eligible-manager``.
        severity: ``low``, ``medium`` or ``high``.
        citation: the paragraphs enforced, e.g. ``IT §3, §4; SEC §36``.
        scope: what one result is about, in words (``active grant``).
        subject_kind: the kind of subject of its results.
        rule_text: the rule, in words, for the catalogue and docs.
        needs: every record kind the control may read; the first is the one whose
            absence leaves the scope undefined.
        select: the scope function.
        judge: the rule function.
        owner: who owns the obligation (for ``due``); free text.
    """

    control_id: str
    name: str
    severity: Severity
    citation: str
    scope: str
    subject_kind: SubjectKind
    rule_text: str
    needs: tuple[RecordKind, ...]
    select: ScopeFunction = attrs.field(eq=False, repr=False)
    judge: RuleFunction = attrs.field(eq=False, repr=False)
    owner: str = "Jobcentre Customer Service Manager"

    def to_dict(self) -> dict[str, str]:
        """The catalogue entry as in ``jcp-controls controls --format json``."""
        return {
            "control_id": self.control_id,
            "name": self.name,
            "severity": self.severity.value,
            "citation": self.citation,
            "scope": self.scope,
        }


@attrs.frozen
class Result:
    """One control's verdict on one subject, as reported."""

    control_id: str
    status: Status
    severity: Severity
    office_id: str | None
    subject_kind: SubjectKind
    subject_id: str | None
    staff_id: str | None
    due_on: dt.date | None
    message: str
    evidence: Mapping[str, Any] = attrs.field(factory=dict)

    def sort_key(self) -> tuple[str, str, str, str, int, str]:
        """Office, control, subject: the report order (nulls first)."""
        return (
            self.office_id or "",
            self.control_id,
            self.subject_kind.value,
            self.subject_id or "",
            self.status.rank,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON report form (``results`` entries)."""
        return {
            "control_id": self.control_id,
            "status": self.status.value,
            "severity": self.severity.value,
            "office_id": self.office_id,
            "subject_kind": self.subject_kind.value,
            "subject_id": self.subject_id,
            "staff_id": self.staff_id,
            "due_on": None if self.due_on is None else self.due_on.isoformat(),
            "message": self.message,
            "evidence": _jsonable(self.evidence),
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value
