"""``jcp-controls evaluate``: the main job."""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from jcp_controls.cli.common import (
    add_evidence_options,
    add_report_options,
    load_sources,
    report_and_exit_code,
)
from jcp_controls.errors import UsageError
from jcp_controls.plugins import Plugins
from jcp_controls.report.formats import ReportFormat


def configure(
    name: str, parser: argparse.ArgumentParser, registry: Mapping[str, ReportFormat]
) -> None:
    """Arguments of ``evaluate``."""
    add_evidence_options(parser)
    add_report_options(parser, registry)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, plugins: Plugins) -> int:
    """Load the sources, evaluate, write the report; exit status by ``--fail-on``."""
    if not args.sources:
        raise UsageError("evaluate needs at least one SOURCE (an evidence folder)")
    loaded = load_sources(args, plugins)
    return report_and_exit_code(
        loaded.evidence, args, plugins, lenient=args.lenient, estate=loaded.estate
    )
