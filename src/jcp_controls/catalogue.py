"""The catalogue: every control and mandatory-check entry the plugins provide, by ID.

A mandatory-check entry (:class:`~jcp_controls.controls.checks.CheckType`, hook
``jcp_controls_check_types``) is judged by the control whose ID is its ``control_id``. When no
plugin provides a control with that ID, the catalogue generates one from the entry
(:func:`~jcp_controls.controls.checks.check_control`): a plugin adding a check type needs no
control of its own. Its ID is the entry's ``control_id``, by default ``CHK-`` + the slug in
upper case with ``-`` for ``_`` (``fire_drill`` -> ``CHK-FIRE-DRILL``); give ``control_id``
explicitly to choose another. A control provided under that ID (the built-in ``CHK-038`` for
``bcs_validation``) judges the entry instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import attrs

from jcp_controls.controls.base import Control
from jcp_controls.controls.checks import CheckType, check_control
from jcp_controls.errors import PluginError, PolicyError, UsageError
from jcp_controls.plugins import Plugins, unique
from jcp_controls.policy import Policy

__all__ = ["Catalogue"]


@attrs.frozen
class Catalogue:
    """Controls ordered by ID, and mandatory-check entries ordered by slug."""

    #: The kind of document it is, for the format registry.
    document_kind: ClassVar[str] = "catalogue"

    controls: tuple[Control, ...]
    check_types: tuple[CheckType, ...] = ()

    @classmethod
    def from_plugins(cls, plugins: Plugins | None = None) -> Catalogue:
        """Build the catalogue from every registered plugin.

        Every check type whose ``control_id`` no plugin's control has gets a generated
        control (see the module documentation).

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
        return cls(tuple(controls)).with_check_types(checks)

    def with_check_types(self, entries: Iterable[CheckType]) -> Catalogue:
        """This catalogue plus mandatory-check entries, each with a control to judge it.

        An entry whose ``control_id`` is already a control of the catalogue is judged by that
        control; any other gets the control :func:`check_control` builds from it.

        Raises:
            PluginError: an entry's ``check_type`` is already in the catalogue, or two new
                entries share a generated control ID.
        """
        known = {entry.check_type for entry in self.check_types}
        controls = self.by_id()
        generated: dict[str, str] = {}
        added: list[CheckType] = []
        for entry in entries:
            if entry.check_type in known:
                raise PluginError(f"check type {entry.check_type!r} is already in the catalogue")
            known.add(entry.check_type)
            added.append(entry)
            if entry.control_id in generated:
                raise PluginError(
                    f"check types {generated[entry.control_id]!r} and {entry.check_type!r} "
                    f"both name control {entry.control_id}"
                )
            if entry.control_id not in controls:
                generated[entry.control_id] = entry.check_type
        provided = dict(controls)
        for entry in added:
            if entry.control_id in generated:
                controls[entry.control_id] = check_control(entry, provided)
        return Catalogue(
            tuple(sorted(controls.values(), key=lambda c: c.control_id)),
            tuple(sorted((*self.check_types, *added), key=lambda c: c.check_type)),
        )

    def by_id(self) -> dict[str, Control]:
        """Every control by its ID."""
        return {control.control_id: control for control in self.controls}

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

    def with_policy(self, policy: Policy) -> Catalogue:
        """This catalogue plus the check types the policy adds (``[[checks.types]]``).

        Raises:
            PolicyError: an entry is incomplete or invalid, naming ``checks.types[N]``.
            PluginError: an entry repeats a check type or control of the catalogue.
        """
        if not policy.checks.types:
            return self
        entries: list[CheckType] = []
        for index, table in enumerate(policy.checks.types, 1):
            try:
                entries.append(CheckType(**table))
            except (TypeError, ValueError) as exc:
                raise PolicyError(f"policy: checks.types[{index}]: {exc}") from None
        return self.with_check_types(entries)

    def _repr_html_(self) -> str:
        """The catalogue as an HTML table in Jupyter."""
        from jcp_controls.report.html import render_catalogue_fragment

        return render_catalogue_fragment(self)
