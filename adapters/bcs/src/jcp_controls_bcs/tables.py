"""The BCS schema at the newest migration, as SQLAlchemy Core tables.

The migrations (``migrations/versions``) create and change the schema; these definitions
mirror the result, for writing: the export command fills the ``bcs_*`` tables and the results
hook appends to ``jcp_run`` and ``jcp_result``. Reading the ``bcs_*`` tables goes through the
mapping instead, so a site may point it at its own tables or views.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "CHECK_RESULT",
    "ENROLMENT",
    "EVENT",
    "METADATA",
    "RESULT",
    "RUN",
    "VALIDATION",
]

METADATA = sa.MetaData()
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

#: Mandatory-check results.
CHECK_RESULT = sa.Table(
    "bcs_check_result",
    METADATA,
    sa.Column("result_id", _ID, primary_key=True, autoincrement=True),
    sa.Column("check_code", sa.String(32)),
    sa.Column("site_code", sa.String(32)),
    sa.Column("subject_ref", sa.String(64)),
    sa.Column("completed_date", sa.Date()),
    sa.Column("completed_by", sa.String(64)),
    sa.Column("outcome_code", sa.String(32)),
)

#: BCS validations (SEC §28).
VALIDATION = sa.Table(
    "bcs_validation",
    METADATA,
    sa.Column("validation_id", _ID, primary_key=True, autoincrement=True),
    sa.Column("site_code", sa.String(32)),
    sa.Column("validated_date", sa.Date()),
    sa.Column("sampled_ref", sa.String(64)),
    sa.Column("validated_by", sa.String(64)),
    sa.Column("result_code", sa.String(32)),
)

#: Enrolments in subject-level checks.
ENROLMENT = sa.Table(
    "bcs_enrolment",
    METADATA,
    sa.Column("enrolment_id", _ID, primary_key=True, autoincrement=True),
    sa.Column("check_code", sa.String(32)),
    sa.Column("subject_ref", sa.String(64)),
    sa.Column("site_code", sa.String(32)),
    sa.Column("start_date", sa.Date()),
    sa.Column("end_date", sa.Date()),
)

#: Events that make an "as required" check due.
EVENT = sa.Table(
    "bcs_event",
    METADATA,
    sa.Column("event_id", _ID, primary_key=True, autoincrement=True),
    sa.Column("event_code", sa.String(32)),
    sa.Column("site_code", sa.String(32)),
    sa.Column("event_date", sa.Date()),
    sa.Column("subject_ref", sa.String(64)),
)

#: One row per evaluation written back.
RUN = sa.Table(
    "jcp_run",
    METADATA,
    sa.Column("run_seq", _ID, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.String(36), nullable=False, unique=True),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("as_of", sa.Date(), nullable=False),
    sa.Column("library_version", sa.String(32), nullable=False),
    sa.Column("adapter_version", sa.String(32), nullable=False),
    sa.Column("policy_digest", sa.String(64), nullable=False),
    sa.Column("sources", sa.Text(), nullable=False),
    sa.Column("result_count", sa.Integer(), nullable=False),
    sa.Column("finding_count", sa.Integer(), nullable=False),
    sa.Column("controls", sa.Text(), nullable=False),
    sa.Column("input_error_count", sa.Integer(), nullable=False),
)

#: One row per result of a run.
RESULT = sa.Table(
    "jcp_result",
    METADATA,
    sa.Column("result_seq", _ID, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.String(36), sa.ForeignKey("jcp_run.run_id"), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False),
    sa.Column("control_id", sa.String(32), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("severity", sa.String(16), nullable=False),
    sa.Column("office_id", sa.String()),
    sa.Column("subject_kind", sa.String(), nullable=False),
    sa.Column("subject_id", sa.String()),
    sa.Column("staff_id", sa.String()),
    sa.Column("due_on", sa.Date()),
    sa.Column("message", sa.Text(), nullable=False),
    sa.Column("evidence", sa.Text(), nullable=False),
)
