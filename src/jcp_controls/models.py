"""The domain records of ``evidence.rst``: one frozen, slotted attrs class per record kind.

Field names are the CSV column names; enum values are the slugs written in the CSV and the
JSON report. Records carry no behaviour beyond small, pure predicates on dates
("active on", "current on") that every control would otherwise repeat.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

__all__ = [
    "Absence",
    "AbsenceKind",
    "AccessGrant",
    "AccessReview",
    "CancellationReason",
    "CcChannel",
    "CcStatus",
    "CheckOutcome",
    "CheckRecord",
    "ClaimantCommitment",
    "Course",
    "Designation",
    "DesignationKind",
    "Enrolment",
    "Event",
    "Grade",
    "Incident",
    "InterviewCancellation",
    "LearningRecord",
    "Office",
    "OfficeReview",
    "OfficeReviewKind",
    "RecordKind",
    "RecordedIn",
    "Region",
    "ReviewOutcome",
    "RoleMatrixEntry",
    "Staff",
    "TestCheck",
    "Waiver",
]

Date = dt.date


class Grade(enum.StrEnum):
    """Civil Service grades, ordered lowest first (``Grade.AA < Grade.EO``)."""

    AA = "aa"
    AO = "ao"
    EO = "eo"
    HEO = "heo"
    SEO = "seo"
    G7 = "g7"
    G6 = "g6"
    SCS = "scs"

    @property
    def rank(self) -> int:
        """Position in the grade order, 0 for ``aa``."""
        return _GRADE_RANK[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            return NotImplemented
        return self.rank >= other.rank


_GRADE_RANK = {grade: index for index, grade in enumerate(Grade)}


class Region(enum.StrEnum):
    """Whose bank holidays make an office's working days."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern_ireland"


class DesignationKind(enum.StrEnum):
    """Appointments held on top of a job role (``designations.csv``)."""

    LMS_DELEGATE = "lms_delegate"
    LMS_OPERATOR = "lms_operator"
    HEALTH_SAFETY_REP = "health_safety_rep"
    INCIDENT_CONTROL_OFFICER = "incident_control_officer"
    CERTIFYING_OFFICER = "certifying_officer"


class AbsenceKind(enum.StrEnum):
    """Kinds of absence (``absences.csv``)."""

    MATERNITY_LEAVE = "maternity_leave"
    CAREER_BREAK = "career_break"
    LONG_TERM_SICK = "long_term_sick"
    SICK = "sick"
    SPECIAL_LEAVE = "special_leave"
    SECONDMENT = "secondment"
    OTHER = "other"


class Course(enum.StrEnum):
    """Learning and read-and-understood attestations (``learning.csv``)."""

    DWP_FOUNDATION = "dwp_foundation"
    LMS_CORE = "lms_core"
    SECURITY_AWARENESS = "security_awareness"
    LMS_USER_GUIDE_CHAPTER_B = "lms_user_guide_chapter_b"
    DATA_HANDLING = "data_handling"


class ReviewOutcome(enum.StrEnum):
    """Outcome of a review of one access grant."""

    RETAIN = "retain"
    CHANGE = "change"
    REMOVE = "remove"


class OfficeReviewKind(enum.StrEnum):
    """Periodic office-level reviews (``reviews.csv``)."""

    JCC_FOLDER_ACCESS = "jcc_folder_access"
    JCC_INFORMATION_ASSETS = "jcc_information_assets"


class CheckOutcome(enum.StrEnum):
    """Outcome of a mandatory check."""

    PASS = "pass"
    FAIL = "fail"
    EXCEPTION = "exception"


class RecordedIn(enum.StrEnum):
    """Where a mandatory check was recorded."""

    BCS = "bcs"
    SCCS = "sccs"
    LOCAL = "local"


class CcChannel(enum.StrEnum):
    """How a JSA Claimant Commitment was created."""

    SCS = "scs"
    TACTICAL = "tactical"
    CLERICAL = "clerical"


class CcStatus(enum.StrEnum):
    """Life-cycle state of a Claimant Commitment."""

    ACTIVE = "active"
    DORMANT = "dormant"
    DESTROYED = "destroyed"


class CancellationReason(enum.StrEnum):
    """Why CMS cancelled a new-claim interview."""

    CMS_REBUILD = "cms_rebuild"
    OTHER = "other"


class RecordKind(enum.StrEnum):
    """Every kind of evidence record; the value is the evidence-folder file stem."""

    OFFICES = "offices"
    STAFF = "staff"
    DESIGNATIONS = "designations"
    ABSENCES = "absences"
    LEARNING = "learning"
    ACCESS_GRANTS = "access_grants"
    ACCESS_REVIEWS = "access_reviews"
    ACCESS_ROLE_MATRIX = "access_role_matrix"
    REVIEWS = "reviews"
    CHECKS = "checks"
    ENROLMENTS = "enrolments"
    EVENTS = "events"
    CLAIMANT_COMMITMENTS = "claimant_commitments"
    INCIDENTS = "incidents"
    TEST_CHECKS = "test_checks"
    INTERVIEW_CANCELLATIONS = "interview_cancellations"
    WAIVERS = "waivers"

    @property
    def filename(self) -> str:
        """The evidence-folder file that holds this kind, e.g. ``staff.csv``."""
        return f"{self.value}.csv"


def _in_range(start: Date, end: Date | None, day: Date) -> bool:
    return start <= day and (end is None or end >= day)


@attrs.frozen
class Office:
    """A jobcentre (``offices.csv``)."""

    office_id: str
    name: str
    csm_staff_id: str | None = None
    security_advisor: str | None = None
    iam_staff_id: str | None = None
    iai_submitted_on: Date | None = None
    scs_live_on: Date | None = None
    region: Region | None = None


@attrs.frozen
class Staff:
    """A member of staff (``staff.csv``)."""

    staff_id: str
    name: str
    office_id: str
    grade: Grade
    job_role: str
    role_since: Date | None = None
    line_manager_id: str | None = None
    started_on: Date | None = None
    left_on: Date | None = None

    def is_current(self, day: Date) -> bool:
        """True when in service on ``day`` (started on or before it, not left before it)."""
        return (self.started_on is None or self.started_on <= day) and (
            self.left_on is None or self.left_on >= day
        )


@attrs.frozen
class Designation:
    """An appointment on top of a job role (``designations.csv``); ``to_on`` is inclusive."""

    staff_id: str
    designation: DesignationKind
    from_on: Date
    to_on: Date | None = None
    appointed_by: str | None = None

    def is_active(self, day: Date) -> bool:
        """True when the appointment covers ``day``."""
        return _in_range(self.from_on, self.to_on, day)


@attrs.frozen
class Absence:
    """An absence (``absences.csv``); ``end_on`` null means it has not ended."""

    staff_id: str
    kind: AbsenceKind
    start_on: Date
    expected_end_on: Date | None = None
    end_on: Date | None = None

    def covers(self, day: Date) -> bool:
        """True when the member of staff is absent on ``day``."""
        return _in_range(self.start_on, self.end_on, day)


@attrs.frozen
class LearningRecord:
    """A completed course or attestation (``learning.csv``)."""

    staff_id: str
    course: Course
    completed_on: Date
    job_role: str | None = None


@attrs.frozen
class AccessGrant:
    """One entitlement held on a system (``access_grants.csv``)."""

    grant_id: str
    system: str
    account_id: str
    entitlement: str
    granted_on: Date
    staff_id: str | None = None
    office_id: str | None = None
    authorised_by: str | None = None
    form_ref: str | None = None
    pseudo: bool = False
    pseudo_reason: str | None = None
    pseudo_end_on: Date | None = None
    removed_on: Date | None = None

    def is_active(self, day: Date) -> bool:
        """Active on ``day``: granted on or before it and not removed on or before it."""
        return self.granted_on <= day and (self.removed_on is None or self.removed_on > day)


@attrs.frozen
class AccessReview:
    """A review of one grant (``access_reviews.csv``)."""

    grant_id: str
    reviewed_on: Date
    reviewer_id: str | None = None
    outcome: ReviewOutcome | None = None


@attrs.frozen
class RoleMatrixEntry:
    """Permits holders of ``job_role`` to hold ``entitlement`` on ``system`` (SEC §44)."""

    system: str
    job_role: str
    entitlement: str


@attrs.frozen
class OfficeReview:
    """A periodic office-level review (``reviews.csv``)."""

    office_id: str
    kind: OfficeReviewKind
    reviewed_on: Date
    reviewer_id: str | None = None
    second_reviewer_id: str | None = None


@attrs.frozen
class CheckRecord:
    """The result of a mandatory check (``checks.csv``)."""

    check_type: str
    office_id: str
    performed_on: Date
    subject_id: str | None = None
    performed_by: str | None = None
    outcome: CheckOutcome | None = None
    recorded_in: RecordedIn | None = None


@attrs.frozen
class Enrolment:
    """Puts a subject in scope of a subject-level check (``enrolments.csv``)."""

    check_type: str
    subject_id: str
    office_id: str
    from_on: Date | None = None
    to_on: Date | None = None


@attrs.frozen
class Event:
    """An occurrence that makes an "as required" check due (``events.csv``)."""

    event_type: str
    office_id: str
    occurred_on: Date
    subject_id: str | None = None


@attrs.frozen
class ClaimantCommitment:
    """An electronic JSA Claimant Commitment (``claimant_commitments.csv``)."""

    cc_id: str
    claimant_ref: str
    office_id: str
    version: int
    created_on: Date
    channel: CcChannel
    status: CcStatus
    dormant_since: Date | None = None
    destroyed_on: Date | None = None
    work_programme: bool = False


@attrs.frozen
class Incident:
    """A security incident (``incidents.csv``)."""

    incident_id: str
    office_id: str
    kind: str
    occurred_on: Date | None = None
    reported_on: Date | None = None
    escalated_on: Date | None = None
    remedial_action: str | None = None
    closed_on: Date | None = None


@attrs.frozen
class TestCheck:
    """A system-generated test check (``test_checks.csv``, SEC §30)."""

    __test__ = False  # not a pytest test class

    test_check_id: str
    staff_id: str
    office_id: str
    generated_on: Date
    form_completed_on: Date | None = None


@attrs.frozen
class InterviewCancellation:
    """A new-claim interview cancelled by CMS (``interview_cancellations.csv``, IT §24)."""

    claimant_ref: str
    office_id: str
    cancelled_on: Date
    reason: CancellationReason
    rebooked_on: Date | None = None


@attrs.frozen
class Waiver:
    """An accepted exception: a ``fail``/``warn`` of ``control_id`` for ``subject_id`` is
    reported ``waived`` until the end of ``expires_on``."""

    control_id: str
    subject_id: str
    reason: str
    approved_by: str
    expires_on: Date
    approved_on: Date | None = None

    def applies_on(self, day: Date) -> bool:
        """True while unexpired on ``day`` (and approved, when an approval date is given)."""
        return day <= self.expires_on and (self.approved_on is None or self.approved_on <= day)


#: The record class of each kind.
RECORD_TYPES: dict[RecordKind, type[Any]] = {
    RecordKind.OFFICES: Office,
    RecordKind.STAFF: Staff,
    RecordKind.DESIGNATIONS: Designation,
    RecordKind.ABSENCES: Absence,
    RecordKind.LEARNING: LearningRecord,
    RecordKind.ACCESS_GRANTS: AccessGrant,
    RecordKind.ACCESS_REVIEWS: AccessReview,
    RecordKind.ACCESS_ROLE_MATRIX: RoleMatrixEntry,
    RecordKind.REVIEWS: OfficeReview,
    RecordKind.CHECKS: CheckRecord,
    RecordKind.ENROLMENTS: Enrolment,
    RecordKind.EVENTS: Event,
    RecordKind.CLAIMANT_COMMITMENTS: ClaimantCommitment,
    RecordKind.INCIDENTS: Incident,
    RecordKind.TEST_CHECKS: TestCheck,
    RecordKind.INTERVIEW_CANCELLATIONS: InterviewCancellation,
    RecordKind.WAIVERS: Waiver,
}
