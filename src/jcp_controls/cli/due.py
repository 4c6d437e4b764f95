"""``jcp-controls due``: what is overdue and what falls due in the next DAYS days.

Evaluates like ``evaluate`` (same sources, ``--as-of``, ``--policy``, ``--only``,
``--office``, ``--lenient``), then writes the report's calendar
(:meth:`~jcp_controls.report.model.Report.due`, :mod:`jcp_controls.report.due`) grouped by
office and owner, in any format that writes calendars (``table``, ``json``, ``csv``,
``md``, ``html``, ``ics``, or a plugin's).

Exit status: 0 when the calendar was written and no entry is at or above ``--fail-on``
(default ``never``: the calendar is for acting on, not a gate); 1 when some is; 2 for a
usage error (``--within`` negative or over 3660, no SOURCE), invalid evidence (strict mode) or an
invalid policy.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from jcp_controls.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    FAIL_ON,
    add_evidence_options,
    add_format_options,
    build_report,
    input_ok,
    load_sources,
    planned_outputs,
    write_documents,
)
from jcp_controls.errors import UsageError
from jcp_controls.plugins import Plugins
from jcp_controls.report.formats import DocumentKind, ReportFormat

#: ``--within`` when it is not given: the default ``warn_days``.
DEFAULT_WITHIN = 30
#: The longest look-ahead, in days (about ten years, the range of policy day settings).
MAX_WITHIN = 3660


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    if value > MAX_WITHIN:
        raise argparse.ArgumentTypeError(f"{text!r} is more than {MAX_WITHIN} days")
    return value


def configure(
    name: str, parser: argparse.ArgumentParser, registry: Mapping[str, ReportFormat]
) -> None:
    """Arguments of ``due``; ``--format`` offers the formats that write calendars."""
    add_evidence_options(parser)
    parser.add_argument(
        "--within",
        type=_days,
        default=DEFAULT_WITHIN,
        metavar="DAYS",
        help=f"days to look ahead from --as-of, both ends included (default {DEFAULT_WITHIN})",
    )
    parser.add_argument("--as-of", metavar="D", help="evaluation date YYYY-MM-DD (default today)")
    add_format_options(parser, registry, DocumentKind.DUE, "the calendar")
    parser.add_argument(
        "--fail-on",
        choices=tuple(FAIL_ON),
        default="never",
        help="exit 1 when a listed entry is at or above this status (default never)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, plugins: Plugins) -> int:
    """Load the sources, evaluate, write the calendar; exit status by ``--fail-on``."""
    if not args.sources:
        raise UsageError("due needs at least one SOURCE (an evidence folder)")
    planned_outputs(args, args.registry)
    loaded = load_sources(args, plugins)
    if not input_ok(loaded.evidence, lenient=args.lenient):
        return EXIT_USAGE
    report = build_report(loaded.evidence, args, plugins, estate=loaded.estate)
    calendar = report.due(within=args.within)
    write_documents(calendar, args, args.registry)
    return EXIT_FINDINGS if calendar.gate(FAIL_ON[args.fail_on]) else EXIT_OK
