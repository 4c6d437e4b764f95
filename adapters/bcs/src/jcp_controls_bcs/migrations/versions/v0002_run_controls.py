"""Runs keep their controls and counts (so a stored run rebuilds as a report); results are
indexed by run.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``jcp_run.controls`` and ``input_error_count``; index ``jcp_result.run_id``."""
    op.add_column("jcp_run", sa.Column("controls", sa.Text(), nullable=False, server_default="[]"))
    op.add_column(
        "jcp_run",
        sa.Column("input_error_count", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_jcp_result_run_id", "jcp_result", ["run_id", "position"])


def downgrade() -> None:
    """Remove what :func:`upgrade` added."""
    op.drop_index("ix_jcp_result_run_id", table_name="jcp_result")
    with op.batch_alter_table("jcp_run") as batch:
        batch.drop_column("input_error_count")
        batch.drop_column("controls")
