"""Scope functions shared by several control families."""

from __future__ import annotations

from collections.abc import Iterator

from jcp_controls.controls.base import Scoped, Subject, SubjectKind
from jcp_controls.controls.context import RuleContext

__all__ = ["every_office"]


def every_office(ctx: RuleContext) -> Iterator[Scoped]:
    """Every office of offices.csv, as an ``office`` subject (the office record is the item)."""
    for office_id in sorted(ctx.offices):
        yield Scoped(Subject(SubjectKind.OFFICE, office_id, office_id), ctx.offices[office_id])
