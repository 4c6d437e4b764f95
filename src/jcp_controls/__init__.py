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

__version__ = "0.1.0"

from jcp_controls.calendar import add_months, is_working_day, working_days_after
from jcp_controls.controls.base import (
    Control,
    Finding,
    Result,
    Scoped,
    Severity,
    Status,
    Subject,
    SubjectKind,
)
from jcp_controls.controls.catalogue import Catalogue
from jcp_controls.controls.checks import CheckType
from jcp_controls.controls.context import RuleContext
from jcp_controls.engine import evaluate
from jcp_controls.errors import (
    EvidenceError,
    JcpControlsError,
    PluginError,
    PolicyError,
    UsageError,
)
from jcp_controls.evidence.batch import SourceBatch
from jcp_controls.evidence.loading import load
from jcp_controls.evidence.sources import EvidenceSource
from jcp_controls.evidence.store import Evidence, InputIssue, LearningFacts
from jcp_controls.hookspecs import hookimpl
from jcp_controls.models import *  # noqa: F403 - the domain records are public
from jcp_controls.models import __all__ as _models_all
from jcp_controls.plugins import Plugins
from jcp_controls.policy import Policy
from jcp_controls.report.formats import ReportFormat
from jcp_controls.report.model import Report

__all__ = [
    "Catalogue",
    "CheckType",
    "Control",
    "Evidence",
    "EvidenceError",
    "EvidenceSource",
    "Finding",
    "InputIssue",
    "JcpControlsError",
    "LearningFacts",
    "PluginError",
    "Plugins",
    "Policy",
    "PolicyError",
    "Report",
    "ReportFormat",
    "Result",
    "RuleContext",
    "Scoped",
    "Severity",
    "SourceBatch",
    "Status",
    "Subject",
    "SubjectKind",
    "UsageError",
    "__version__",
    "add_months",
    "evaluate",
    "hookimpl",
    "is_working_day",
    "load",
    "working_days_after",
    *_models_all,
]
