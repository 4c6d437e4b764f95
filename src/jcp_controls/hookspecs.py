"""The hook specifications: everything a plugin can contribute to jcp-controls.

Implement any of these in a module or object, mark each function with
:data:`jcp_controls.hookimpl`, and either register the object in code
(``jc.Plugins(my_plugin)``) or advertise it through the ``jcp_controls`` entry-point group::

    [project.entry-points.jcp_controls]
    lms = "jcp_lms_adapter.plugin"

The built-in CSV source, controls and report formats are registered through these same
hooks (see :data:`jcp_controls.plugins.DEFAULT_PLUGINS`). Each hook implementation is called
on its own: one that raises is named in the report and does not stop the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from jcp_controls.controls.base import Control
    from jcp_controls.controls.checks import CheckType
    from jcp_controls.evidence.sources import EvidenceSource
    from jcp_controls.report.formats import ReportFormat
    from jcp_controls.report.model import Report

__all__ = [
    "hookimpl",
    "hookspec",
    "jcp_controls_check_types",
    "jcp_controls_controls",
    "jcp_controls_report_formats",
    "jcp_controls_results",
    "jcp_controls_sources",
]

#: Marks a hook specification (used by this module only).
hookspec = pluggy.HookspecMarker("jcp_controls")
#: Marks a plugin's implementation of a hook.
hookimpl = pluggy.HookimplMarker("jcp_controls")


@hookspec
def jcp_controls_sources() -> Sequence[EvidenceSource]:  # type: ignore[empty-body]
    """Return the evidence sources this plugin provides.

    Called once when evidence is loaded. Each
    :class:`~jcp_controls.evidence.sources.EvidenceSource` claims URI schemes; a location
    ``scheme:rest`` given to :func:`jcp_controls.load` (or on the command line) is passed,
    without its scheme, to the ``load`` function of the source claiming ``scheme``. A
    source may supply any subset of record kinds; the evidence of several sources is
    combined, and two sources supplying one key with different contents is an input error.
    If ``load`` raises, the report names the plugin and every control that needed one of
    the source's kinds reports ``error``.
    """


@hookspec
def jcp_controls_controls() -> Sequence[Control]:  # type: ignore[empty-body]
    """Return the controls this plugin adds to the catalogue.

    Called once when the catalogue is built. Control IDs must be unique across all plugins;
    a duplicate stops the run with an error naming both. If a control's scope or rule
    function raises during an evaluation, that control reports ``error`` (one result per
    office when the scope itself failed) and the others run as usual.
    """


@hookspec
def jcp_controls_check_types() -> Sequence[CheckType]:  # type: ignore[empty-body]
    """Return mandatory-check catalogue entries (SEC Annex 1 style) this plugin adds.

    Called once when the check catalogue is built. Each entry's ``check_type`` slug must be
    unique; it is the value written in ``checks.csv``.
    """


@hookspec
def jcp_controls_report_formats() -> Sequence[ReportFormat]:  # type: ignore[empty-body]
    """Return the formats (``--format NAME``) this plugin provides.

    Called whenever the format registry is built (:func:`jcp_controls.report.formats.formats`):
    once per command-line run, and when a document is rendered in Python. A
    :class:`~jcp_controls.report.formats.ReportFormat` declares the document kinds it writes
    (a report, a due calendar, a diff, a BCS sample, the catalogue), each with its render
    function; one made the original way, ``ReportFormat(name, description, render)``, writes
    reports only. Every command writing a kind offers the formats that write it. Format names
    must be unique across plugins; a duplicate stops the run with an error naming both.
    """


@hookspec
def jcp_controls_results(report: Report) -> None:
    """Receive the report of a finished evaluation (e.g. to record outcomes in BCS).

    Called once per :func:`jcp_controls.evaluate`, after every control has run. The report
    is immutable; the return value is ignored. If the hook raises, the failure is added to
    the report's plugin errors and the run goes on.
    """
