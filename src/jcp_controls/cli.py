"""The ``jcp-controls`` command line (also ``python -m jcp_controls``).

Reports go to stdout (or ``--output``) and nothing else does; warnings, progress and errors
go to stderr, one line each. Exit status: 0 when no result is at or above ``--fail-on``,
1 when some is, 2 for a usage error, invalid evidence (strict mode) or an invalid policy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

import pendulum

from jcp_controls import __version__
from jcp_controls.controls.base import Status
from jcp_controls.controls.catalogue import Catalogue
from jcp_controls.engine import evaluate, parse_date
from jcp_controls.errors import JcpControlsError, PolicyError, UsageError
from jcp_controls.evidence.combine import merge_settings
from jcp_controls.evidence.loading import load, sources
from jcp_controls.evidence.store import Evidence
from jcp_controls.plugins import Plugins
from jcp_controls.policy import Policy
from jcp_controls.report.catalogue import render_catalogue
from jcp_controls.report.formats import formats

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

FAIL_ON = {"fail": Status.FAIL, "warn": Status.WARN, "never": None}


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line and exits 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def today_in_london() -> dt.date:
    """Today's date in Europe/London: the default ``--as-of``."""
    now = pendulum.now("Europe/London")
    return dt.date(now.year, now.month, now.day)


def _ids(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _build_parser(format_names: Sequence[str]) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="jcp-controls",
        description="Jobcentre Plus IT and security guidance as executable, cited controls.",
    )
    parser.add_argument("--version", action="version", version=f"jcp-controls {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser("evaluate", help="evaluate the controls over evidence")
    run.add_argument(
        "sources", nargs="*", metavar="SOURCE", help="evidence folder or scheme:location"
    )
    _add_report_options(run, format_names)
    run.add_argument("--policy", metavar="F", help="policy.toml over the folder's own")
    run.add_argument("--only", metavar="IDS", type=_ids, help="comma-separated control IDs")
    run.add_argument("--office", metavar="IDS", type=_ids, help="comma-separated office IDs")
    run.add_argument(
        "--lenient",
        action="store_true",
        help="report input errors and evaluate what is valid instead of stopping",
    )

    catalogue = commands.add_parser("controls", help="list the control catalogue")
    catalogue.add_argument("--format", choices=("table", "json", "md"), default="table")

    commands.add_parser("plugins", help="list installed plugins and what they supply")

    demo = commands.add_parser("demo", help="write a synthetic evidence folder and evaluate it")
    demo.add_argument("--offices", type=int, default=6, metavar="N", help="number of offices")
    demo.add_argument("--out", default="demo-evidence", metavar="DIR", help="folder to write")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="random seed")
    _add_report_options(demo, format_names, fail_on="never")
    return parser


def _add_report_options(
    parser: argparse.ArgumentParser, format_names: Sequence[str], fail_on: str = "fail"
) -> None:
    parser.add_argument("--as-of", metavar="D", help="evaluation date YYYY-MM-DD (default today)")
    parser.add_argument("--format", choices=list(format_names), default="table")
    parser.add_argument("--output", metavar="F", help="write the report to F instead of stdout")
    parser.add_argument("--include-passes", action="store_true", help="list passing results too")
    parser.add_argument("--fail-on", choices=tuple(FAIL_ON), default=fail_on)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        plugins = Plugins()
        parser = _build_parser(sorted(formats(plugins)))
        args = parser.parse_args(argv)
        handler = {
            "evaluate": _evaluate,
            "controls": _controls,
            "plugins": _plugins,
            "demo": _demo,
        }[args.command]
        return handler(args, plugins)
    except _Exit as done:
        return done.code
    except JcpControlsError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _error(message: str) -> None:
    print(f"jcp-controls: error: {message}", file=sys.stderr)


def _warn(message: str) -> None:
    print(f"jcp-controls: warning: {message}", file=sys.stderr)


class _Progress:
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


def _load(locations: Sequence[str], plugins: Plugins) -> Evidence:
    progress = _Progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        return load(*locations, plugins=plugins, progress=progress)
    finally:
        if progress is not None:
            progress.close()


def _policy(evidence: Evidence, policy_file: str | None) -> Policy:
    layers: list[dict[str, Any]] = []
    if evidence.policy_settings:
        Policy.from_mapping(evidence.policy_settings, source="policy.toml in the evidence folder")
        layers.append(dict(evidence.policy_settings))
    if policy_file is not None:
        path = Path(policy_file)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise PolicyError(f"{policy_file}: policy file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise PolicyError(f"{policy_file}: cannot read policy: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(f"{policy_file}: not valid TOML: {exc}") from None
        Policy.from_mapping(data, source=policy_file)
        layers.append(data)
    return Policy.from_mapping(merge_settings(layers), source=policy_file or "policy")


def _write(text: str, output: str | None) -> None:
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


def _report_and_exit_code(
    evidence: Evidence, args: argparse.Namespace, plugins: Plugins, *, lenient: bool
) -> int:
    for issue in evidence.warnings:
        _warn(issue.describe())
    if evidence.errors and not lenient:
        for issue in evidence.errors:
            _error(issue.describe())
        count = len(evidence.errors)
        _error(
            f"{count} input error{'s' if count != 1 else ''}; nothing evaluated "
            "(--lenient evaluates what is valid)"
        )
        return EXIT_USAGE
    as_of = parse_date(args.as_of, "--as-of") if args.as_of else today_in_london()
    policy = _policy(evidence, getattr(args, "policy", None))
    report = evaluate(
        evidence,
        as_of=as_of,
        policy=policy,
        plugins=plugins,
        only=getattr(args, "only", None),
        offices=getattr(args, "office", None),
    )
    for failure in report.plugin_errors:
        _warn(f"plugin {failure.plugin} failed ({failure.stage}): {failure.message}")
    _write(formats(plugins)[args.format].render(report, args.include_passes), args.output)
    return EXIT_FINDINGS if report.gate(FAIL_ON[args.fail_on]) else EXIT_OK


def _evaluate(args: argparse.Namespace, plugins: Plugins) -> int:
    if not args.sources:
        raise UsageError("evaluate needs at least one SOURCE (an evidence folder)")
    evidence = _load(args.sources, plugins)
    return _report_and_exit_code(evidence, args, plugins, lenient=args.lenient)


def _controls(args: argparse.Namespace, plugins: Plugins) -> int:
    catalogue = Catalogue.from_plugins(plugins)
    _write(render_catalogue(catalogue, args.format), None)
    return EXIT_OK


def _plugins(args: argparse.Namespace, plugins: Plugins) -> int:
    catalogue = Catalogue.from_plugins(plugins)
    lines = ["plugins:"]
    lines.extend(f"  {name}" for name in plugins.names())
    lines.append("evidence sources:")
    for source in sources(plugins):
        schemes = ", ".join(f"{scheme}:" for scheme in source.schemes)
        if source.bare_paths:
            schemes += ", plain paths"
        kinds = ", ".join(sorted(kind.value for kind in source.kinds))
        lines.append(f"  {source.name} ({schemes}): {source.description}")
        lines.append(f"    kinds: {kinds}")
    lines.append("report formats:")
    lines.extend(f"  {fmt.name}: {fmt.description}" for fmt in formats(plugins).values())
    lines.append(f"controls: {len(catalogue.controls)}")
    lines.append(f"check types: {len(catalogue.check_types)}")
    for failure in plugins.failures:
        lines.append(f"failed: {failure.plugin} ({failure.stage}): {failure.message}")
    _write("\n".join(lines) + "\n", None)
    return EXIT_OK


def _demo(args: argparse.Namespace, plugins: Plugins) -> int:
    from jcp_controls.demo import write_demo

    if args.offices < 1:
        raise UsageError("--offices must be at least 1")
    as_of = parse_date(args.as_of, "--as-of") if args.as_of else today_in_london()
    out = Path(args.out)
    counts = write_demo(out, offices=args.offices, seed=args.seed, as_of=as_of)
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
    print(f"jcp-controls: wrote {out}/ ({summary})", file=sys.stderr)
    args.as_of = as_of.isoformat()
    evidence = _load([str(out)], plugins)
    return _report_and_exit_code(evidence, args, plugins, lenient=False)
