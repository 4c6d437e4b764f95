"""Shared pieces of the command line: parser, evidence loading, policy, output, exit codes.

Reports go to stdout (or ``--output``) and nothing else does; warnings, progress and errors
go to stderr, one line each. Exit status: 0 when no result is at or above ``--fail-on``,
1 when some is, 2 for a usage error, invalid evidence (strict mode) or an invalid policy.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from jcp_controls.controls.base import Status
from jcp_controls.engine import evaluate, parse_date, today_in_london
from jcp_controls.errors import JcpControlsError, PluginError, UsageError
from jcp_controls.evidence.combine import merge_settings
from jcp_controls.evidence.loading import load
from jcp_controls.evidence.store import Evidence, group_issues
from jcp_controls.plugins import Plugins, describe_value
from jcp_controls.policy import Policy, read_settings
from jcp_controls.report.formats import ReportFormat, formats
from jcp_controls.report.model import Report

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "FAIL_ON",
    "Parser",
    "Progress",
    "add_evidence_options",
    "add_report_options",
    "build_report",
    "effective_policy",
    "error",
    "ids",
    "input_ok",
    "load_evidence",
    "report_and_exit_code",
    "today_in_london",
    "warn",
    "write_output",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

FAIL_ON = {"fail": Status.FAIL, "warn": Status.WARN, "never": None}


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line and exits 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def ids(text: str) -> list[str]:
    """Comma-separated IDs; at least one (an empty list would silently select nothing)."""
    found = [part.strip() for part in text.split(",") if part.strip()]
    if not found:
        raise argparse.ArgumentTypeError(f"{text!r} names no ID")
    return found


def add_evidence_options(parser: argparse.ArgumentParser) -> None:
    """SOURCE ..., ``--policy``, ``--only``, ``--office`` and ``--lenient``: what to evaluate."""
    parser.add_argument(
        "sources", nargs="*", metavar="SOURCE", help="evidence folder or scheme:location"
    )
    parser.add_argument("--policy", metavar="F", help="policy.toml over the folder's own")
    parser.add_argument("--only", metavar="IDS", type=ids, help="comma-separated control IDs")
    parser.add_argument("--office", metavar="IDS", type=ids, help="comma-separated office IDs")
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="report input errors and evaluate what is valid instead of stopping",
    )


def add_report_options(
    parser: argparse.ArgumentParser, format_names: Sequence[str], fail_on: str = "fail"
) -> None:
    parser.add_argument("--as-of", metavar="D", help="evaluation date YYYY-MM-DD (default today)")
    parser.add_argument("--format", choices=list(format_names), default="table")
    parser.add_argument("--output", metavar="F", help="write the report to F instead of stdout")
    parser.add_argument("--include-passes", action="store_true", help="list passing results too")
    parser.add_argument("--fail-on", choices=tuple(FAIL_ON), default=fail_on)


def error(message: str) -> None:
    print(f"jcp-controls: error: {message}", file=sys.stderr)


def warn(message: str) -> None:
    print(f"jcp-controls: warning: {message}", file=sys.stderr)


class Progress:
    """A one-line progress indicator on a terminal's stderr."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, name: str, done: int, total: int) -> None:
        percent = min(100, done * 100 // max(total, 1))
        self.stream.write(f"\rreading {name} {percent:3d}%")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def load_evidence(locations: Sequence[str], plugins: Plugins) -> Evidence:
    progress = Progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        return load(*locations, plugins=plugins, progress=progress)
    finally:
        if progress is not None:
            progress.close()


def effective_policy(evidence: Evidence, policy_file: str | None) -> Policy:
    layers: list[dict[str, Any]] = []
    if evidence.policy_settings:
        Policy.from_mapping(evidence.policy_settings, source="policy.toml in the evidence folder")
        layers.append(dict(evidence.policy_settings))
    if policy_file is not None:
        data = read_settings(policy_file)
        Policy.from_mapping(data, source=policy_file)
        layers.append(data)
    return Policy.from_mapping(merge_settings(layers), source=policy_file or "policy")


def write_output(text: str, output: str | None) -> None:
    if output is None:
        buffer = getattr(sys.stdout, "buffer", None)
        sys.stdout.flush()
        if buffer is None:  # a text-only stream (e.g. redirected in a notebook)
            sys.stdout.write(text)
        else:  # bytes as rendered: no newline translation, UTF-8 whatever the locale
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        return
    try:
        Path(output).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"{output}: cannot write report: {exc.strerror}") from None


def input_ok(evidence: Evidence, *, lenient: bool) -> bool:
    """Print input warnings; in strict mode print every input error and return False.

    Issues repeating one problem in one file and column are printed as one line with their
    count and first lines (:func:`~jcp_controls.evidence.store.group_issues`)."""
    for group in group_issues(evidence.warnings):
        warn(group.describe())
    if evidence.errors and not lenient:
        for group in group_issues(evidence.errors):
            error(group.describe())
        count = len(evidence.errors)
        error(
            f"{count} input error{'s' if count != 1 else ''}; nothing evaluated "
            "(--lenient evaluates what is valid)"
        )
        return False
    return True


def build_report(evidence: Evidence, args: argparse.Namespace, plugins: Plugins) -> Report:
    """Evaluate as the common flags ask (``--as-of``, ``--policy``, ``--only``, ``--office``)."""
    as_of = parse_date(args.as_of, "--as-of") if args.as_of is not None else today_in_london()
    policy = effective_policy(evidence, getattr(args, "policy", None))
    report = evaluate(
        evidence,
        as_of=as_of,
        policy=policy,
        plugins=plugins,
        only=getattr(args, "only", None),
        offices=getattr(args, "office", None),
    )
    for group in group_issues(report.input_warnings[len(evidence.warnings) :]):
        warn(group.describe())
    for failure in report.plugin_errors:
        warn(f"plugin {failure.plugin} failed ({failure.stage}): {failure.message}")
    return report


def _render(fmt: ReportFormat, report: Report, include_passes: bool) -> str:
    """The report in ``fmt``; a format that fails or returns no text is a :class:`PluginError`
    naming it (one line, exit 2), never a traceback or an empty report."""
    try:
        text = fmt.render(report, include_passes)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | JcpControlsError):
            raise
        raise PluginError(
            f"report format {fmt.name!r} failed: {type(exc).__name__}: {exc}"
        ) from None
    if not isinstance(text, str):
        raise PluginError(f"report format {fmt.name!r} returned {describe_value(text)}, not text")
    return text


def report_and_exit_code(
    evidence: Evidence, args: argparse.Namespace, plugins: Plugins, *, lenient: bool
) -> int:
    """Evaluate, write the report in ``--format`` and return the exit status."""
    if not input_ok(evidence, lenient=lenient):
        return EXIT_USAGE
    report = build_report(evidence, args, plugins)
    write_output(_render(formats(plugins)[args.format], report, args.include_passes), args.output)
    return EXIT_FINDINGS if report.gate(FAIL_ON[args.fail_on]) else EXIT_OK
