"""Alembic environment of the BCS schema: runs on the connection the adapter hands over."""

from __future__ import annotations

from alembic import context

from jcp_controls_bcs.database import VERSION_TABLE

connection = context.config.attributes["connection"]
context.configure(connection=connection, version_table=VERSION_TABLE)
with context.begin_transaction():
    context.run_migrations()
