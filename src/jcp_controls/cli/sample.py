"""``jcp-controls sample``: which BCS checks of one office and quarter to validate (SEC §28).

The sample is :func:`jcp_controls.controls.bcs.draw_sample`: reproducible for the same
evidence, office, quarter and seed, whatever the order of the input rows. Formats:

- ``table``: a heading (office, quarter, plan, seed, how many of how many) and one line per
  chosen check;
- ``json``: ``{"office_id", "quarter", "first_day", "last_day", "seed", "plan",
  "population", "sample_size", "sample": [{"check_type", "subject_id", "performed_on",
  "performed_by", "outcome"}, ...]}``;
- ``csv``: the header ``office_id,quarter,seed,check_type,subject_id,performed_on,
  performed_by,outcome`` then one row per chosen check, RFC 4180, CRLF line ends, every cell
  neutralised against spreadsheet formula injection with the report CSV writer's
  :func:`~jcp_controls.report.csv.neutralise`.

Exit status: 0 when the sample was written; 2 for a usage error (quarter not ``YYYYQn``,
unknown office, negative seed), invalid evidence (strict, as ``evaluate``), missing
``offices.csv`` or ``checks.csv``, or an invalid policy.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Sequence

from jcp_controls.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    effective_policy,
    error,
    input_ok,
    load_evidence,
    today_in_london,
    warn,
    write_output,
)
from jcp_controls.controls.bcs import Sample, draw_sample, parse_quarter
from jcp_controls.errors import UsageError
from jcp_controls.evidence.store import EvidenceUnavailable
from jcp_controls.plugins import Plugins
from jcp_controls.report.csv import neutralise
from jcp_controls.report.text import aligned, cell, single_line

#: The formats of ``sample``.
FORMATS = ("table", "json", "csv")

#: The CSV header row.
CSV_COLUMNS = (
    "office_id",
    "quarter",
    "seed",
    "check_type",
    "subject_id",
    "performed_on",
    "performed_by",
    "outcome",
)


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value


def configure(name: str, parser: argparse.ArgumentParser, format_names: Sequence[str]) -> None:
    """Arguments of ``sample`` (``format_names`` is unused: a sample has its own formats)."""
    parser.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="evidence folder or scheme:location"
    )
    parser.add_argument("--office", required=True, metavar="ID", help="the office ID")
    parser.add_argument("--quarter", required=True, metavar="YYYYQn", help="e.g. 2026Q3")
    parser.add_argument(
        "--seed", type=_seed, default=0, metavar="S", help="non-negative integer (default 0)"
    )
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("--output", metavar="F", help="write the sample to F instead of stdout")
    parser.add_argument("--policy", metavar="F", help="policy.toml over the folder's own")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, plugins: Plugins) -> int:
    """Load the sources, draw the sample, write it; 0, or 2 for bad input."""
    parse_quarter(args.quarter)  # a bad quarter is reported before any loading
    evidence = load_evidence(args.sources, plugins)
    if not input_ok(evidence, lenient=False):
        return EXIT_USAGE
    policy = effective_policy(evidence, args.policy)
    try:
        sample = draw_sample(
            evidence, office_id=args.office, quarter=args.quarter, seed=args.seed, policy=policy
        )
    except EvidenceUnavailable as missing:
        error(f"evidence unavailable: {missing}")
        return EXIT_USAGE
    if sample.last_day >= today_in_london():
        warn(f"{sample.quarter} has not ended yet: checks recorded later are not in the sample")
    write_output(render(sample, args.format), args.output)
    return EXIT_OK


def render(sample: Sample, fmt: str) -> str:
    """The sample as ``table``, ``json`` or ``csv`` text.

    Raises:
        UsageError: an unknown format.
    """
    if fmt == "json":
        return json.dumps(sample.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(sample)
    if fmt == "table":
        return _table(sample)
    raise UsageError(f"unknown sample format {fmt!r} (choose from {', '.join(FORMATS)})")


def _csv(sample: Sample) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for check in sample.checks:
        values = (
            sample.office_id,
            sample.quarter,
            sample.seed,
            check.check_type,
            check.subject_id,
            check.performed_on,
            check.performed_by,
            check.outcome,
        )
        writer.writerow([neutralise(cell(value)) for value in values])
    return buffer.getvalue()


def _table(sample: Sample) -> str:
    heading = (
        f"BCS validation sample: office {single_line(sample.office_id)}, {sample.quarter} "
        f"({sample.first_day} to {sample.last_day})\n"
        f"plan {sample.plan}, seed {sample.seed}: validate {sample.sample_size} of "
        f"{sample.population} check{'s' if sample.population != 1 else ''} recorded in BCS\n"
    )
    if not sample.checks:
        return heading
    rows = [
        [
            str(number),
            cell(check.performed_on),
            single_line(check.check_type),
            single_line(cell(check.subject_id)),
            single_line(cell(check.performed_by)),
            cell(check.outcome),
        ]
        for number, check in enumerate(sample.checks, start=1)
    ]
    headers = ("#", "performed_on", "check_type", "subject_id", "performed_by", "outcome")
    return heading + "\n" + aligned(headers, rows, right=(0,))
