"""The evidence-folder contract of ``evidence.md`` as data: files, columns, keys, references.

Used by the CSV source to parse and validate, by the demo generator to write, and by the
docs. One :class:`FileSchema` per record kind.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from jcp_controls.models import (
    AbsenceKind,
    CancellationReason,
    CcChannel,
    CcStatus,
    CheckOutcome,
    Course,
    DesignationKind,
    Grade,
    OfficeReviewKind,
    RecordedIn,
    RecordKind,
    Region,
    ReviewOutcome,
)

__all__ = ["SCHEMAS", "Column", "FileSchema", "Reference", "RowRule"]

#: A cell parser name: ``str``, ``date``, ``bool``, ``int`` or an enum class.
CellType = str | type[enum.StrEnum]


@attrs.frozen
class Column:
    """One column of an evidence file."""

    name: str
    type: CellType = "str"
    required: bool = False


@attrs.frozen
class Reference:
    """A column whose value must be the key of a record of ``target`` (when not null)."""

    column: str
    target: RecordKind
    when_null: str | None = None  # only checked when this other column is null


#: A rule over a parsed row: returns (column, message) when the row breaks it.
RowRule = Callable[[Mapping[str, Any]], tuple[str, str] | None]


@attrs.frozen
class FileSchema:
    """The columns, unique key and required references of one evidence file."""

    kind: RecordKind
    columns: tuple[Column, ...]
    key: str | None = None
    references: tuple[Reference, ...] = ()
    rules: tuple[RowRule, ...] = ()

    @property
    def filename(self) -> str:
        """The file name in an evidence folder."""
        return self.kind.filename

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the columns that must be present and non-empty."""
        return tuple(column.name for column in self.columns if column.required)


def _c(name: str, type_: CellType = "str", *, required: bool = False) -> Column:
    return Column(name, type_, required)


def _r(name: str, type_: CellType = "str") -> Column:
    return Column(name, type_, True)


def _lms_core_needs_role(row: Mapping[str, Any]) -> tuple[str, str] | None:
    if row["course"] is Course.LMS_CORE and row["job_role"] is None:
        return "job_role", "job_role is required for lms_core (core learning counts per role)"
    return None


def _pseudo_or_holder_office(row: Mapping[str, Any]) -> tuple[str, str] | None:
    if row["staff_id"] is None and row["office_id"] is None:
        return "office_id", "office_id is required when staff_id is empty"
    return None


def _dormant_needs_since(row: Mapping[str, Any]) -> tuple[str, str] | None:
    if row["status"] is CcStatus.DORMANT and row["dormant_since"] is None:
        return "dormant_since", "dormant_since is required when status is dormant"
    return None


def _destroyed_needs_date(row: Mapping[str, Any]) -> tuple[str, str] | None:
    if row["status"] is CcStatus.DESTROYED and row["destroyed_on"] is None:
        return "destroyed_on", "destroyed_on is required when status is destroyed"
    return None


def _positive_version(row: Mapping[str, Any]) -> tuple[str, str] | None:
    if row["version"] < 1:
        return "version", "version must be a positive integer"
    return None


_SCHEMAS = (
    FileSchema(
        RecordKind.OFFICES,
        (
            _r("office_id"),
            _r("name"),
            _c("csm_staff_id"),
            _c("security_advisor"),
            _c("iam_staff_id"),
            _c("iai_submitted_on", "date"),
            _c("scs_live_on", "date"),
            _c("region", Region),
        ),
        key="office_id",
    ),
    FileSchema(
        RecordKind.STAFF,
        (
            _r("staff_id"),
            _r("name"),
            _r("office_id"),
            _r("grade", Grade),
            _r("job_role"),
            _c("role_since", "date"),
            _c("line_manager_id"),
            _c("started_on", "date"),
            _c("left_on", "date"),
        ),
        key="staff_id",
        references=(Reference("office_id", RecordKind.OFFICES),),
    ),
    FileSchema(
        RecordKind.DESIGNATIONS,
        (
            _r("staff_id"),
            _r("designation", DesignationKind),
            _r("from_on", "date"),
            _c("to_on", "date"),
            _c("appointed_by"),
        ),
        references=(Reference("staff_id", RecordKind.STAFF),),
    ),
    FileSchema(
        RecordKind.ABSENCES,
        (
            _r("staff_id"),
            _r("kind", AbsenceKind),
            _r("start_on", "date"),
            _c("expected_end_on", "date"),
            _c("end_on", "date"),
        ),
        references=(Reference("staff_id", RecordKind.STAFF),),
    ),
    FileSchema(
        RecordKind.LEARNING,
        (_r("staff_id"), _r("course", Course), _r("completed_on", "date"), _c("job_role")),
        references=(Reference("staff_id", RecordKind.STAFF),),
        rules=(_lms_core_needs_role,),
    ),
    FileSchema(
        RecordKind.ACCESS_GRANTS,
        (
            _r("grant_id"),
            _r("system"),
            _r("account_id"),
            _c("staff_id"),
            _c("office_id"),
            _r("entitlement"),
            _r("granted_on", "date"),
            _c("authorised_by"),
            _c("form_ref"),
            _c("pseudo", "bool"),
            _c("pseudo_reason"),
            _c("pseudo_end_on", "date"),
            _c("removed_on", "date"),
        ),
        key="grant_id",
        references=(Reference("office_id", RecordKind.OFFICES, when_null="staff_id"),),
        rules=(_pseudo_or_holder_office,),
    ),
    FileSchema(
        RecordKind.ACCESS_REVIEWS,
        (
            _r("grant_id"),
            _r("reviewed_on", "date"),
            _c("reviewer_id"),
            _c("outcome", ReviewOutcome),
        ),
        references=(Reference("grant_id", RecordKind.ACCESS_GRANTS),),
    ),
    FileSchema(
        RecordKind.ACCESS_ROLE_MATRIX,
        (_r("system"), _r("job_role"), _r("entitlement")),
    ),
    FileSchema(
        RecordKind.REVIEWS,
        (
            _r("office_id"),
            _r("kind", OfficeReviewKind),
            _r("reviewed_on", "date"),
            _c("reviewer_id"),
            _c("second_reviewer_id"),
        ),
        references=(Reference("office_id", RecordKind.OFFICES),),
    ),
    FileSchema(
        RecordKind.CHECKS,
        (
            _r("check_type"),
            _r("office_id"),
            _c("subject_id"),
            _r("performed_on", "date"),
            _c("performed_by"),
            _c("outcome", CheckOutcome),
            _c("recorded_in", RecordedIn),
        ),
        references=(Reference("office_id", RecordKind.OFFICES),),
    ),
    FileSchema(
        RecordKind.ENROLMENTS,
        (
            _r("check_type"),
            _r("subject_id"),
            _r("office_id"),
            _c("from_on", "date"),
            _c("to_on", "date"),
        ),
        references=(Reference("office_id", RecordKind.OFFICES),),
    ),
    FileSchema(
        RecordKind.EVENTS,
        (_r("event_type"), _c("subject_id"), _r("office_id"), _r("occurred_on", "date")),
        references=(Reference("office_id", RecordKind.OFFICES),),
    ),
    FileSchema(
        RecordKind.CLAIMANT_COMMITMENTS,
        (
            _r("cc_id"),
            _r("claimant_ref"),
            _r("office_id"),
            _r("version", "int"),
            _r("created_on", "date"),
            _r("channel", CcChannel),
            _r("status", CcStatus),
            _c("dormant_since", "date"),
            _c("destroyed_on", "date"),
            _c("work_programme", "bool"),
        ),
        key="cc_id",
        references=(Reference("office_id", RecordKind.OFFICES),),
        rules=(_positive_version, _dormant_needs_since, _destroyed_needs_date),
    ),
    FileSchema(
        RecordKind.INCIDENTS,
        (
            _r("incident_id"),
            _r("office_id"),
            _r("kind"),
            _c("occurred_on", "date"),
            _c("reported_on", "date"),
            _c("escalated_on", "date"),
            _c("remedial_action"),
            _c("closed_on", "date"),
        ),
        key="incident_id",
        references=(Reference("office_id", RecordKind.OFFICES),),
    ),
    FileSchema(
        RecordKind.TEST_CHECKS,
        (
            _r("test_check_id"),
            _r("staff_id"),
            _r("office_id"),
            _r("generated_on", "date"),
            _c("form_completed_on", "date"),
        ),
        key="test_check_id",
        references=(
            Reference("staff_id", RecordKind.STAFF),
            Reference("office_id", RecordKind.OFFICES),
        ),
    ),
    FileSchema(
        RecordKind.INTERVIEW_CANCELLATIONS,
        (
            _r("claimant_ref"),
            _r("office_id"),
            _r("cancelled_on", "date"),
            _r("reason", CancellationReason),
            _c("rebooked_on", "date"),
        ),
        references=(Reference("office_id", RecordKind.OFFICES),),
    ),
    FileSchema(
        RecordKind.WAIVERS,
        (
            _r("control_id"),
            _r("subject_id"),
            _r("reason"),
            _r("approved_by"),
            _c("approved_on", "date"),
            _r("expires_on", "date"),
        ),
    ),
)

#: The schema of every record kind, in evidence.md order.
SCHEMAS: Mapping[RecordKind, FileSchema] = {schema.kind: schema for schema in _SCHEMAS}
