"""What a control is, and what it yields.

A :class:`Control` is declared data: ID, slug, family, severity, citation, scope, frequency,
owner, the record kinds it reads, a scope function that lists the subjects it judges, a rule
function that judges one subject and returns a :class:`Finding`, and the faults the demo
evidence plants to show it failing. Everything about a control is on its declaration, so the
catalogue, the docs and the demo read it from there.

A family module declares its controls next to their rules with a :class:`ControlSet`::

    ACCESS = ControlSet(Family("ACC", "ACC — access to LMS and the JSA CC folder"))

    @ACCESS.control(
        "ACC-002",
        name="no-self-authorisation",
        severity=Severity.HIGH,
        citation="SEC §1, §7",
        ...,
    )
    def no_self_authorisation(ctx: RuleContext, grant: AccessGrant) -> Finding: ...

    CONTROLS = ACCESS.controls

The engine (:mod:`jcp_controls.engine`) turns findings into :class:`Result` objects, applies
waivers and turns unavailable evidence into ``error``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from jcp_controls.converters import converter
from jcp_controls.models import RecordKind

if TYPE_CHECKING:
    from jcp_controls.controls.context import RuleContext
    from jcp_controls.controls.sql.context import SqlRule

__all__ = [
    "EVERY_EVALUATION",
    "STANDING",
    "Control",
    "ControlSet",
    "DemoFault",
    "Family",
    "Finding",
    "Owner",
    "Result",
    "Scoped",
    "Severity",
    "Status",
    "Subject",
    "SubjectKind",
    "canonical_owner",
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


class Owner(enum.StrEnum):
    """Who acts on a control's findings: the fixed vocabulary of the shipped catalogue.

    ``jcp-controls due`` groups by owner, so one role has one spelling. A declaration may give
    another text (a plugin's own role); :func:`canonical_owner` maps the spellings the
    guidance uses for one role ("Line managers", "All line managers", "Line manager of card
    holder") to its name here.
    """

    CSM = "Jobcentre Customer Service Manager"
    LINE_MANAGER = "Line manager"
    TEAM_LEADER = "Team Leader"
    IAM = "Information Asset Manager"
    IAM_AND_WCTL = "Information Asset Manager and Work Coach Team Leader"
    APPROVING_MANAGER = "Approving manager"
    APPROVING_OFFICER = "Approving officer"
    CERTIFYING_OFFICER = "Certifying officer"
    FUNCTION_HEAD = "Function Head"
    SITE_MANAGER = "Site manager"
    HEALTH_SAFETY_REP = "Health & Safety representative"
    NOMINATED_OFFICER = "Nominated officer"
    QUALITY_TEAM = "Central Quality Team"
    STAFF_MEMBER = "Member of staff concerned"


#: The guidance's other spellings of an owner, lower case, by the owner they mean.
_OWNER_ALIASES: Mapping[str, Owner] = {
    "all line managers": Owner.LINE_MANAGER,
    "line managers": Owner.LINE_MANAGER,
    "line manager of card holder": Owner.LINE_MANAGER,
    "team leaders": Owner.TEAM_LEADER,
    "any manager who considers approving a business journey which entails a member of staff "
    "driving": Owner.APPROVING_MANAGER,
    "any manager who considers approving the use of a private motor vehicle for a business "
    "journey": Owner.APPROVING_MANAGER,
    "any officer approving an expenses claim": Owner.APPROVING_OFFICER,
    "officer approving the advance": Owner.APPROVING_OFFICER,
    "officer with “approver role” on rm for cost centre": Owner.APPROVING_OFFICER,
    "nominated health & safety rep": Owner.HEALTH_SAFETY_REP,
    "officer nominated": Owner.NOMINATED_OFFICER,
    "member of staff the check was generated for (the csm ensures it)": Owner.STAFF_MEMBER,
    "csm": Owner.CSM,
    "customer service manager": Owner.CSM,
}


def canonical_owner(text: str) -> str:
    """The owner ``text`` means, in the catalogue's vocabulary (:class:`Owner`).

    Matching ignores case and surrounding spaces; a text that is no spelling of a known owner
    (a plugin's own role) is kept, trimmed.
    """
    cleaned = " ".join(str(text).split())
    folded = cleaned.casefold()
    for owner in Owner:
        if owner.value.casefold() == folded:
            return owner.value
    alias = _OWNER_ALIASES.get(folded)
    return alias.value if alias is not None else cleaned


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
class Family:
    """A family of controls: the ID prefix and the title of its section in the catalogue.

    Attributes:
        prefix: the ID prefix, e.g. ``ACC`` (``INT-001`` belongs to the ``SEC`` family).
        title: the section title in the docs, e.g. ``ACC — access to LMS and the JSA CC folder``.
        order: where the family's section comes in the docs (lower first; then by prefix).
    """

    prefix: str
    title: str
    order: int = 100

    @classmethod
    def of_id(cls, control_id: str) -> Family:
        """The default family of a control that declares none: its ID prefix."""
        prefix = control_id.split("-")[0]
        return cls(prefix, f"{prefix} controls")


@attrs.frozen
class DemoFault:
    """A fault the demo evidence plants to show a control failing (or warning).

    The demo generator (``jcp-controls demo``) implements each named fault; a control's
    declaration says which of them break it, in what share of offices and how many times at
    least in the whole folder.

    Attributes:
        name: the fault, e.g. ``self_authorised``; a ``W_`` prefix marks a fault that falls
            due within the warning window (or is met late) instead of failing.
        share: the share of offices that get one (0..1).
        minimum: the least number of them in the whole demo folder.
    """

    name: str
    share: float
    minimum: int = 1


#: How often a standing condition is judged: on ``as_of``.
STANDING = "Standing condition: judged on ``as_of``"
#: The ``frequency`` of a control judged afresh on every evaluation, with no due date.
EVERY_EVALUATION = f"{STANDING} for every subject in scope; no due date."


#: The fields of a catalogue entry (``jcp-controls controls --format json``), in order.
CATALOGUE_FIELDS = ("control_id", "name", "severity", "citation", "scope")


def _faults(faults: Iterable[DemoFault]) -> tuple[DemoFault, ...]:
    return tuple(faults)


def _default_family(control: Control) -> Family:
    return Family.of_id(control.control_id)


@attrs.frozen
class Control:
    """A declared control.

    Declare one with keyword arguments (or with :meth:`ControlSet.control` next to its rule);
    the first eleven may also be given in order.

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
        owner: who acts on its findings (for ``due``), in the vocabulary of :class:`Owner`
            (another spelling of a known owner is mapped to it by :func:`canonical_owner`).
        family: the family it is listed under (default: its ID prefix).
        frequency: how often the obligation falls due, in words, for the docs (a mandatory
            check's control takes it from its check-catalogue entry).
        faults: the faults the demo evidence plants to show it failing.
        sql: its set-based implementation (:mod:`jcp_controls.controls.sql`), which the
            columnar engine runs instead of ``select`` and ``judge`` for every subject at
            once; None (a plugin's control, say) runs the Python rule there too.
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
    owner: str = attrs.field(default=Owner.CSM.value, converter=canonical_owner)
    family: Family = attrs.field(
        default=attrs.Factory(_default_family, takes_self=True), kw_only=True
    )
    frequency: str = attrs.field(default="", kw_only=True)
    faults: tuple[DemoFault, ...] = attrs.field(default=(), kw_only=True, converter=_faults)
    sql: SqlRule | None = attrs.field(default=None, kw_only=True, eq=False, repr=False)

    def to_dict(self) -> dict[str, str]:
        """The catalogue entry as in ``jcp-controls controls --format json``."""
        return {name: converter.unstructure(getattr(self, name)) for name in CATALOGUE_FIELDS}


class ControlSet:
    """The controls one family module declares, each next to its rule.

    Args:
        family: the family of every control declared here.
    """

    def __init__(self, family: Family) -> None:
        self.family = family
        self._controls: list[Control] = []

    def control(
        self,
        control_id: str,
        *,
        name: str,
        severity: Severity,
        citation: str,
        scope: str,
        subject_kind: SubjectKind,
        rule: str,
        needs: tuple[RecordKind, ...],
        select: ScopeFunction,
        frequency: str,
        owner: str = Owner.CSM.value,
        faults: Iterable[DemoFault] = (),
        sql: SqlRule | None = None,
    ) -> Callable[[RuleFunction], RuleFunction]:
        """Declare the control whose rule is the decorated function.

        The function is returned unchanged (tests call it by name); the control is added to
        :attr:`controls`. The keyword arguments are the :class:`Control` attributes of the same
        names (``rule`` is ``rule_text``).
        """

        def declare(judge: RuleFunction) -> RuleFunction:
            self.add(
                control_id,
                name=name,
                severity=severity,
                citation=citation,
                scope=scope,
                subject_kind=subject_kind,
                rule=rule,
                needs=needs,
                select=select,
                judge=judge,
                frequency=frequency,
                owner=owner,
                faults=faults,
                sql=sql,
            )
            return judge

        return declare

    def add(
        self,
        control_id: str,
        *,
        name: str,
        severity: Severity,
        citation: str,
        scope: str,
        subject_kind: SubjectKind,
        rule: str,
        needs: tuple[RecordKind, ...],
        select: ScopeFunction,
        judge: RuleFunction,
        frequency: str,
        owner: str = Owner.CSM.value,
        faults: Iterable[DemoFault] = (),
        sql: SqlRule | None = None,
    ) -> Control:
        """Declare a control whose rule a factory makes (``judge=annual(...)``)."""
        if any(known.control_id == control_id for known in self._controls):
            raise ValueError(f"control {control_id} is declared twice")
        control = Control(
            control_id=control_id,
            name=name,
            severity=severity,
            citation=citation,
            scope=scope,
            subject_kind=subject_kind,
            rule_text=rule,
            needs=needs,
            select=select,
            judge=judge,
            owner=owner,
            family=self.family,
            frequency=frequency,
            faults=tuple(faults),
            sql=sql,
        )
        self._controls.append(control)
        return control

    @property
    def controls(self) -> tuple[Control, ...]:
        """Every control declared so far, in ID order."""
        return tuple(sorted(self._controls, key=lambda control: control.control_id))


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
        """The JSON report form (``results`` entries), through the package's one converter."""
        unstructured: dict[str, Any] = converter.unstructure(self)
        return unstructured
