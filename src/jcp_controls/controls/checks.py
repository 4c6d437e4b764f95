"""The mandatory-check catalogue (SEC Annex 1) as data: one :class:`CheckType` per row.

Plugins add entries through :func:`~jcp_controls.hookspecs.jcp_controls_check_types`. The
frequency engine that turns entries into CHK controls is built on these entries.
"""

from __future__ import annotations

import attrs

__all__ = ["CheckType"]


@attrs.frozen
class CheckType:
    """One mandatory check.

    Attributes:
        check_type: the slug written in ``checks.csv`` (``gpc_statement``).
        category: the Annex 1 row it encodes (``Government Procurement Card``).
        frequency: how often, as written in controls.md (``calendar(month)``,
            ``interval(12)``, ``start_then_interval(24)``, ``on_event(leaver)``, ``ongoing``).
        owner: who performs it (``Line manager of card holder``).
        scope: ``office``, ``enrolled``, ``staff`` or ``all_staff``.
        event: the event type that makes an "as required" check due, if any.
        guidance: what the check is for, in the guidance's words.
        citation: where it comes from (``SEC Annex 1 (Government Procurement Card)``).
    """

    check_type: str
    category: str
    frequency: str
    owner: str
    scope: str
    event: str | None = None
    guidance: str = ""
    citation: str = "SEC Annex 1"
