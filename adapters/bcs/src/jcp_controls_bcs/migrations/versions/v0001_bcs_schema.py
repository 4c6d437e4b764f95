"""The BCS schema: check results, validations, enrolments, events; evaluation runs and results.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create every table."""
    op.create_table(
        "bcs_check_result",
        sa.Column("result_id", _ID, primary_key=True, autoincrement=True),
        sa.Column("check_code", sa.String(32)),
        sa.Column("site_code", sa.String(32)),
        sa.Column("subject_ref", sa.String(64)),
        sa.Column("completed_date", sa.Date()),
        sa.Column("completed_by", sa.String(64)),
        sa.Column("outcome_code", sa.String(32)),
    )
    op.create_table(
        "bcs_validation",
        sa.Column("validation_id", _ID, primary_key=True, autoincrement=True),
        sa.Column("site_code", sa.String(32)),
        sa.Column("validated_date", sa.Date()),
        sa.Column("sampled_ref", sa.String(64)),
        sa.Column("validated_by", sa.String(64)),
        sa.Column("result_code", sa.String(32)),
    )
    op.create_table(
        "bcs_enrolment",
        sa.Column("enrolment_id", _ID, primary_key=True, autoincrement=True),
        sa.Column("check_code", sa.String(32)),
        sa.Column("subject_ref", sa.String(64)),
        sa.Column("site_code", sa.String(32)),
        sa.Column("start_date", sa.Date()),
        sa.Column("end_date", sa.Date()),
    )
    op.create_table(
        "bcs_event",
        sa.Column("event_id", _ID, primary_key=True, autoincrement=True),
        sa.Column("event_code", sa.String(32)),
        sa.Column("site_code", sa.String(32)),
        sa.Column("event_date", sa.Date()),
        sa.Column("subject_ref", sa.String(64)),
    )
    op.create_table(
        "jcp_run",
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
    )
    op.create_table(
        "jcp_result",
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


def downgrade() -> None:
    """Drop every table."""
    for table in (
        "jcp_result",
        "jcp_run",
        "bcs_event",
        "bcs_enrolment",
        "bcs_validation",
        "bcs_check_result",
    ):
        op.drop_table(table)
