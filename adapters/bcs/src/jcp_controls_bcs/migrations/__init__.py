"""Alembic migrations of the BCS schema (package data; run by ``jcp-controls-bcs``)."""
