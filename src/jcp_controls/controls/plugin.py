"""Default plugin: the built-in control catalogue and the SEC Annex 1 check catalogue."""

from __future__ import annotations

from collections.abc import Sequence

from jcp_controls.controls import access, annex1, bcs, jcc, learning, security
from jcp_controls.controls.base import Control
from jcp_controls.controls.checks import CheckType
from jcp_controls.hookspecs import hookimpl


@hookimpl
def jcp_controls_controls() -> Sequence[Control]:
    """ACC, LRN, JCC, SEC/INT and CHK-038; the catalogue makes CHK-001 ... CHK-037 from
    their check-catalogue entries (:func:`jcp_controls_check_types`)."""
    return (
        *access.CONTROLS,
        *learning.CONTROLS,
        *jcc.CONTROLS,
        *security.CONTROLS,
        *bcs.CONTROLS,
    )


@hookimpl
def jcp_controls_check_types() -> Sequence[CheckType]:
    """The mandatory checks of SEC Annex 1."""
    return annex1.CHECK_TYPES
