"""``jcp-controls diff OLD.json NEW.json``: findings new, resolved and still open.

Both files are JSON reports (``jcp-controls evaluate --format json``, schema
``jcp-controls/report/1``); see :mod:`jcp_controls.report.diff` for how results are matched
and the ``table``, ``json`` and ``md`` formats. A warning goes to stderr when the two
reports evaluated different controls, since a finding of a control NEW did not evaluate
shows as resolved.

Exit status: 0 when no *new* finding is at or above ``--fail-on`` (default ``fail``; the
order is ``pass`` < ``waived`` < ``warn`` < ``fail`` < ``error``); 1 when some is; 2 for a
usage error or a file that is missing, not JSON or not a ``jcp-controls/report/1`` report
(one line on stderr naming the file).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from jcp_controls.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    FAIL_ON,
    add_format_options,
    planned_outputs,
    warn,
    write_documents,
)
from jcp_controls.plugins import Plugins
from jcp_controls.report.diff import diff_reports, load_report
from jcp_controls.report.formats import DocumentKind, ReportFormat


def configure(
    name: str, parser: argparse.ArgumentParser, registry: Mapping[str, ReportFormat]
) -> None:
    """Arguments of ``diff``; ``--format`` offers the formats that write diffs."""
    parser.add_argument("old", metavar="OLD.json", help="the earlier JSON report")
    parser.add_argument("new", metavar="NEW.json", help="the later JSON report")
    parser.add_argument(
        "--fail-on",
        choices=tuple(FAIL_ON),
        default="fail",
        help="exit 1 when a new finding is at or above this status (default fail)",
    )
    add_format_options(parser, registry, DocumentKind.DIFF, "the diff")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, plugins: Plugins) -> int:
    """Read both reports, compare them, write the diff; exit status by ``--fail-on``."""
    planned_outputs(args, args.registry)
    old, new = load_report(args.old), load_report(args.new)
    diff = diff_reports(old, new)
    if diff.old.controls and diff.new.controls and diff.old.controls != diff.new.controls:
        only_old = sorted(set(diff.old.controls) - set(diff.new.controls))
        only_new = sorted(set(diff.new.controls) - set(diff.old.controls))
        detail = "; ".join(
            part
            for part in (
                f"only in {args.old}: {', '.join(only_old)}" if only_old else "",
                f"only in {args.new}: {', '.join(only_new)}" if only_new else "",
            )
            if part
        )
        warn(f"the reports evaluated different controls ({detail})")
    write_documents(diff, args, args.registry)
    return EXIT_FINDINGS if diff.gate(FAIL_ON[args.fail_on]) else EXIT_OK
