"""jcp-controls: the Jobcentre Plus guidance on IT systems and security as executable,
cited controls.

Typical use::

    import jcp_controls as jc

    evidence = jc.load("evidence/")
    report = jc.evaluate(evidence, as_of="2026-11-22")
    report.failures(office="OF001")

Everything listed in ``__all__`` is the public API; other modules are internal unless their
docstring says otherwise.
"""

from __future__ import annotations

from jcp_controls._version import __version__
from jcp_controls.calendar import add_months, is_working_day, working_days_after
from jcp_controls.catalogue import Catalogue
from jcp_controls.controls.base import (
    EVERY_EVALUATION,
    STANDING,
    Control,
    ControlSet,
    DemoFault,
    Family,
    Finding,
    Owner,
    Result,
    Scoped,
    Severity,
    Status,
    Subject,
    SubjectKind,
    canonical_owner,
)
from jcp_controls.controls.bcs import ISO2859Level2, Sample, SamplePlan, draw_sample
from jcp_controls.controls.checks import CheckScope, CheckType
from jcp_controls.controls.context import RuleContext
from jcp_controls.controls.frequency import Frequency, parse_frequency
from jcp_controls.engine import evaluate
from jcp_controls.errors import (
    EvidenceError,
    JcpControlsError,
    PluginError,
    PolicyError,
    UsageError,
)
from jcp_controls.evidence.batch import SourceBatch
from jcp_controls.evidence.sources import EvidenceSource
from jcp_controls.evidence.store import Evidence, InputIssue, LearningFacts, Origin
from jcp_controls.hookspecs import hookimpl
from jcp_controls.loading import load, load_policy
from jcp_controls.models import *  # noqa: F403 - the domain records are public
from jcp_controls.models import __all__ as _models_all
from jcp_controls.plugins import Plugins
from jcp_controls.policy import Policy
from jcp_controls.report.diff import ReportDiff, diff_reports, load_report
from jcp_controls.report.due import DueCalendar
from jcp_controls.report.formats import ReportFormat
from jcp_controls.report.model import Report
from jcp_controls.report.results import Results, ResultTable, ResultTuple
from jcp_controls.retention import RetentionRule

__all__ = [
    "Catalogue",
    "CheckScope",
    "CheckType",
    "Control",
    "ControlSet",
    "DemoFault",
    "EVERY_EVALUATION",
    "Family",
    "STANDING",
    "DueCalendar",
    "Evidence",
    "EvidenceError",
    "EvidenceSource",
    "Finding",
    "Origin",
    "Owner",
    "Frequency",
    "ISO2859Level2",
    "InputIssue",
    "JcpControlsError",
    "LearningFacts",
    "PluginError",
    "Plugins",
    "Policy",
    "PolicyError",
    "Report",
    "ReportDiff",
    "ReportFormat",
    "Result",
    "ResultTable",
    "ResultTuple",
    "Results",
    "RetentionRule",
    "RuleContext",
    "Sample",
    "SamplePlan",
    "Scoped",
    "Severity",
    "SourceBatch",
    "Status",
    "Subject",
    "SubjectKind",
    "UsageError",
    "__version__",
    "add_months",
    "canonical_owner",
    "diff_reports",
    "draw_sample",
    "evaluate",
    "hookimpl",
    "is_working_day",
    "load",
    "load_policy",
    "load_report",
    "parse_frequency",
    "working_days_after",
    *_models_all,
]


def __getattr__(name: str) -> object:
    """``jcp_controls.load_estate``: :func:`jcp_controls.columnar.load_estate`, imported
    when first used (the columnar engine needs the ``columnar`` extra; ``import
    jcp_controls`` does not import it)."""
    if name == "load_estate":
        from jcp_controls.columnar.load import load_estate

        return load_estate
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
