"""The catalogue: every control and mandatory-check entry the plugins provide, by ID."""

from __future__ import annotations

import attrs

from jcp_controls.controls.base import Control
from jcp_controls.controls.checks import CheckType
from jcp_controls.errors import UsageError
from jcp_controls.plugins import Plugins, unique

__all__ = ["Catalogue"]


@attrs.frozen
class Catalogue:
    """Controls ordered by ID, and mandatory-check entries ordered by slug."""

    controls: tuple[Control, ...]
    check_types: tuple[CheckType, ...] = ()

    @classmethod
    def from_plugins(cls, plugins: Plugins | None = None) -> Catalogue:
        """Build the catalogue from every registered plugin.

        Raises:
            PluginError: two plugins provide the same control ID or check type.
        """
        plugins = plugins if plugins is not None else Plugins()
        controls = unique(
            plugins.collect("jcp_controls_controls"), lambda c: c.control_id, "control"
        )
        checks = unique(
            plugins.collect("jcp_controls_check_types"), lambda c: c.check_type, "check type"
        )
        return cls(
            tuple(sorted(controls, key=lambda c: c.control_id)),
            tuple(sorted(checks, key=lambda c: c.check_type)),
        )

    def get(self, control_id: str) -> Control:
        """The control with ``control_id``; :class:`UsageError` when there is none."""
        for control in self.controls:
            if control.control_id == control_id:
                return control
        raise UsageError(f"unknown control {control_id!r} (see `jcp-controls controls`)")

    def select(self, control_ids: list[str] | None) -> tuple[Control, ...]:
        """The controls named (all of them for None), in ID order."""
        if control_ids is None:
            return self.controls
        wanted = {self.get(control_id).control_id for control_id in control_ids}
        return tuple(control for control in self.controls if control.control_id in wanted)
