"""``jcp-controls evaluate``: the main job."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from jcp_controls.cli.common import add_report_options, ids, load_evidence, report_and_exit_code
from jcp_controls.errors import UsageError
from jcp_controls.plugins import Plugins


def configure(name: str, parser: argparse.ArgumentParser, format_names: Sequence[str]) -> None:
    """Arguments of ``evaluate``."""
    parser.add_argument(
        "sources", nargs="*", metavar="SOURCE", help="evidence folder or scheme:location"
    )
    add_report_options(parser, format_names)
    parser.add_argument("--policy", metavar="F", help="policy.toml over the folder's own")
    parser.add_argument("--only", metavar="IDS", type=ids, help="comma-separated control IDs")
    parser.add_argument("--office", metavar="IDS", type=ids, help="comma-separated office IDs")
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="report input errors and evaluate what is valid instead of stopping",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, plugins: Plugins) -> int:
    """Load the sources, evaluate, write the report; exit status by ``--fail-on``."""
    if not args.sources:
        raise UsageError("evaluate needs at least one SOURCE (an evidence folder)")
    evidence = load_evidence(args.sources, plugins)
    return report_and_exit_code(evidence, args, plugins, lenient=args.lenient)
