"""``jcp-controls demo``: write a synthetic evidence folder and evaluate it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

from jcp_controls.cli.common import (
    add_report_options,
    load_evidence,
    report_and_exit_code,
    today_in_london,
)
from jcp_controls.engine import parse_date
from jcp_controls.errors import UsageError
from jcp_controls.plugins import Plugins
from jcp_controls.report.formats import ReportFormat


def configure(
    name: str, parser: argparse.ArgumentParser, registry: Mapping[str, ReportFormat]
) -> None:
    """Arguments of ``demo``."""
    parser.description = (
        "Write a synthetic evidence folder and evaluate it. Unlike evaluate, --fail-on "
        "defaults to never: demo exits 0 even though its estate has failures."
    )
    parser.add_argument(
        "--offices", type=int, default=6, metavar="N", help="number of offices (default 6)"
    )
    parser.add_argument(
        "--out",
        default="demo-evidence",
        metavar="DIR",
        help="folder to write (default demo-evidence)",
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    add_report_options(parser, registry, fail_on="never")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, plugins: Plugins) -> int:
    """Write the folder (deterministic for seed and date), then evaluate it like ``evaluate``."""
    from jcp_controls.demo import write_demo

    if args.offices < 1:
        raise UsageError("--offices must be at least 1")
    as_of = parse_date(args.as_of, "--as-of") if args.as_of else today_in_london()
    out = Path(args.out)
    counts = write_demo(out, offices=args.offices, seed=args.seed, as_of=as_of)
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
    print(f"jcp-controls: wrote {out}/ ({summary})", file=sys.stderr)
    args.as_of = as_of.isoformat()
    evidence = load_evidence([str(out)], plugins)
    return report_and_exit_code(evidence, args, plugins, lenient=False)
