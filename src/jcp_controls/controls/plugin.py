"""Default plugin: the built-in control catalogue."""

from __future__ import annotations

from collections.abc import Sequence

from jcp_controls.controls import access, learning
from jcp_controls.controls.base import Control
from jcp_controls.hookspecs import hookimpl


@hookimpl
def jcp_controls_controls() -> Sequence[Control]:
    """ACC and LRN controls."""
    return (*access.CONTROLS, *learning.CONTROLS)
