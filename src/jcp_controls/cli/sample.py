"""``jcp-controls sample``: which BCS checks of one office and quarter to validate (SEC §28).

The sample is :func:`jcp_controls.controls.bcs.draw_sample`: reproducible for the same
evidence, office, quarter and seed, whatever the order of the input rows. Formats: any
that writes samples (``table``, ``json``, ``csv``, see :mod:`jcp_controls.report.sample`).

Exit status: 0 when the sample was written; 2 for a usage error (quarter not ``YYYYQn``,
unknown office, negative seed), invalid evidence (strict, as ``evaluate``), missing
``offices.csv`` or ``checks.csv``, or an invalid policy.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from jcp_controls.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    add_engine_option,
    add_format_options,
    effective_policy,
    error,
    input_ok,
    load_sources,
    planned_outputs,
    today_in_london,
    warn,
    write_documents,
)
from jcp_controls.controls.bcs import draw_sample, parse_quarter
from jcp_controls.evidence.store import EvidenceUnavailable
from jcp_controls.plugins import Plugins
from jcp_controls.report.formats import DocumentKind, ReportFormat


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value


def configure(
    name: str, parser: argparse.ArgumentParser, registry: Mapping[str, ReportFormat]
) -> None:
    """Arguments of ``sample``; ``--format`` offers the formats that write samples."""
    parser.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="evidence folder or scheme:location"
    )
    parser.add_argument("--office", required=True, metavar="ID", help="the office ID")
    parser.add_argument("--quarter", required=True, metavar="YYYYQn", help="e.g. 2026Q3")
    parser.add_argument(
        "--seed", type=_seed, default=0, metavar="S", help="non-negative integer (default 0)"
    )
    add_format_options(parser, registry, DocumentKind.SAMPLE, "the sample")
    parser.add_argument(
        "--policy",
        metavar="F",
        help="policy.toml over the folder's own (default: the folder's own, else built-in)",
    )
    add_engine_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, plugins: Plugins) -> int:
    """Load the sources, draw the sample, write it; 0, or 2 for bad input."""
    parse_quarter(args.quarter)  # a bad quarter is reported before any loading
    planned_outputs(args, args.registry)
    evidence = load_sources(args, plugins).evidence
    if not input_ok(evidence, lenient=False):
        return EXIT_USAGE
    policy = effective_policy(args, plugins)
    try:
        sample = draw_sample(
            evidence, office_id=args.office, quarter=args.quarter, seed=args.seed, policy=policy
        )
    except EvidenceUnavailable as missing:
        error(f"evidence unavailable: {missing}")
        return EXIT_USAGE
    if sample.last_day >= today_in_london():
        warn(f"{sample.quarter} has not ended yet: checks recorded later are not in the sample")
    write_documents(sample, args, args.registry)
    return EXIT_OK
