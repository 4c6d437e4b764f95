"""Shared pieces of the command line: parser, evidence loading, policy, output, exit codes.

Reports go to stdout (or ``--output``) and nothing else does; warnings, progress and errors
go to stderr, one line each. Exit status: 0 when no result is at or above ``--fail-on``,
1 when some is, 2 for a usage error, invalid evidence (strict mode) or an invalid policy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import attrs

from jcp_controls.cli.progress import terminal_progress
from jcp_controls.controls.base import Status
from jcp_controls.engine import evaluate, parse_date, today_in_london
from jcp_controls.errors import JcpControlsError, PluginError, UsageError
from jcp_controls.evidence.store import Evidence, group_issues
from jcp_controls.loading import load, load_policy
from jcp_controls.plugins import Plugins, describe_value
from jcp_controls.policy import Policy
from jcp_controls.report.formats import DocumentKind, RenderOptions, ReportFormat
from jcp_controls.report.model import Report

if TYPE_CHECKING:
    from jcp_controls.columnar import Estate

__all__ = [
    "ENGINES",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "FAIL_ON",
    "Loaded",
    "Parser",
    "add_engine_option",
    "add_evidence_options",
    "add_format_options",
    "add_report_options",
    "as_of_of",
    "build_report",
    "effective_policy",
    "engine_of",
    "error",
    "ids",
    "input_ok",
    "load_evidence",
    "load_sources",
    "planned_outputs",
    "report_and_exit_code",
    "today_in_london",
    "warn",
    "write_documents",
    "write_output",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

FAIL_ON = {"fail": Status.FAIL, "warn": Status.WARN, "never": None}

#: The choices of ``--engine``.
ENGINES = ("auto", "python", "columnar")


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
    parser.add_argument(
        "--policy",
        metavar="F",
        help="policy.toml over the folder's own (default: the folder's own, else built-in)",
    )
    parser.add_argument(
        "--only", metavar="IDS", type=ids, help="comma-separated control IDs (default all)"
    )
    parser.add_argument(
        "--office", metavar="IDS", type=ids, help="comma-separated office IDs (default all)"
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="report input errors and evaluate what is valid (default: stop at input errors)",
    )
    add_engine_option(parser)


def add_engine_option(parser: argparse.ArgumentParser) -> None:
    """``--engine auto|python|columnar``: which engine loads and evaluates (same output)."""
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="evaluate with the Python engine or the columnar one, DuckDB (same output; "
        "default auto: columnar when the columnar extra is installed)",
    )


def engine_of(args: argparse.Namespace) -> str:
    """``python`` or ``columnar``: the engine ``--engine`` asks for, ``auto`` resolved.

    Raises:
        UsageError: ``--engine columnar`` without the ``columnar`` extra installed.
    """
    choice = getattr(args, "engine", "python")
    if choice == "python":
        return "python"
    installed = all(importlib.util.find_spec(name) is not None for name in ("duckdb", "pyarrow"))
    if choice == "columnar" and not installed:
        raise UsageError(
            "--engine columnar needs the columnar extra: pip install 'jcp-controls[columnar]'"
        )
    return "columnar" if installed else "python"


def add_report_options(
    parser: argparse.ArgumentParser, registry: Mapping[str, ReportFormat], fail_on: str = "fail"
) -> None:
    """``--as-of``, ``--format``/``--output``, ``--include-passes`` and ``--fail-on``."""
    parser.add_argument("--as-of", metavar="D", help="evaluation date YYYY-MM-DD (default today)")
    add_format_options(parser, registry, DocumentKind.REPORT, "the report")
    parser.add_argument(
        "--include-passes",
        action="store_true",
        help="list passing results too (default: findings only)",
    )
    parser.add_argument(
        "--fail-on",
        choices=tuple(FAIL_ON),
        default=fail_on,
        help=f"exit 1 when a result is at or above this status (default {fail_on})",
    )


#: One ``--format NAME[:PATH]``: the format's name and the file to write (None: stdout).
Output = tuple[str, str | None]


def add_format_options(
    parser: argparse.ArgumentParser,
    registry: Mapping[str, ReportFormat],
    kind: DocumentKind,
    what: str,
) -> None:
    """``--format NAME[:PATH]`` (repeatable) and ``--output F`` for a command writing
    documents of ``kind``; the choices are the registered formats that write that kind."""
    names = sorted(name for name, fmt in registry.items() if fmt.renders(kind))

    def output(text: str) -> Output:
        name, colon, path = text.partition(":")
        if name not in names:
            raise argparse.ArgumentTypeError(
                f"unknown format {name!r} for {kind.value} (one of {', '.join(names)})"
            )
        if colon and not path:
            raise argparse.ArgumentTypeError(f"{text!r}: the PATH after ':' is empty")
        return (name, path or None)

    parser.add_argument(
        "--format",
        action="append",
        type=output,
        metavar="NAME[:PATH]",
        help=(
            f"write {what} as NAME, one of {', '.join(names)} (default table); "
            "repeat to write several, each to its PATH, at most one to stdout"
        ),
    )
    parser.add_argument(
        "--output",
        metavar="F",
        help="write the output that has no PATH to F (default stdout)",
    )
    parser.set_defaults(document_kind=kind)


def planned_outputs(
    args: argparse.Namespace, registry: Mapping[str, ReportFormat]
) -> list[Output]:
    """The outputs ``--format`` and ``--output`` ask for, checked.

    Raises:
        UsageError: two outputs for stdout, a binary format for stdout, one file twice, or
            ``--output`` when every ``--format`` has its own PATH.
    """
    requested: list[Output] = list(args.format or [("table", None)])
    to_stdout = [index for index, (_, path) in enumerate(requested) if path is None]
    if len(to_stdout) > 1:
        names = ", ".join(requested[index][0] for index in to_stdout)
        raise UsageError(
            f"--format: {names} would all go to stdout; give all but one a PATH (NAME:PATH)"
        )
    if args.output is not None:
        if not to_stdout:
            raise UsageError(f"--output {args.output}: every --format already has a PATH")
        requested[to_stdout[0]] = (requested[to_stdout[0]][0], args.output)
    seen: set[str] = set()
    for name, path in requested:
        if path is None and registry[name].binary:
            raise UsageError(
                f"--format {name} writes a binary file: give it a PATH ({name}:FILE or --output)"
            )
        if path is not None:
            if path in seen:
                raise UsageError(f"--format: {path} is named as the output of two formats")
            seen.add(path)
    return requested


def write_documents(
    document: object,
    args: argparse.Namespace,
    registry: Mapping[str, ReportFormat],
    *,
    include_passes: bool = False,
) -> None:
    """Render ``document`` in every format asked for, then write each output.

    Everything is rendered before anything is written, so a format that cannot run (a
    missing optional dependency) leaves no partial set of files behind; a format that
    writes the document in pieces (JSON and CSV reports, :meth:`ReportFormat.chunks`) is
    written a chunk at a time instead, after the others are rendered.
    """
    outputs = planned_outputs(args, registry)
    options = RenderOptions(include_passes=include_passes)
    kind = args.document_kind
    rendered = [
        (
            _streamed(fmt, kind, document, options)
            if (fmt := registry[name]).streamed(kind)
            else _rendered(fmt, kind, document, options),
            path,
        )
        for name, path in outputs
    ]
    for content, path in rendered:
        write_output(content, path)


def _streamed(
    fmt: ReportFormat, kind: DocumentKind, document: object, options: RenderOptions
) -> Iterator[str | bytes]:
    """``document`` in ``fmt``, piece by piece; a failure is a :class:`PluginError` as in
    :func:`_rendered`."""
    try:
        yield from fmt.chunks(kind, document, options)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | JcpControlsError | GeneratorExit):
            raise
        raise PluginError(f"format {fmt.name!r} failed: {type(exc).__name__}: {exc}") from None


def _rendered(
    fmt: ReportFormat, kind: DocumentKind, document: object, options: RenderOptions
) -> str | bytes:
    """``document`` in ``fmt``; a format that fails or returns neither text nor bytes is a
    :class:`PluginError` naming it (one line, exit 2), never a traceback or an empty report."""
    try:
        content = fmt.write(kind, document, options)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | JcpControlsError):
            raise
        raise PluginError(f"format {fmt.name!r} failed: {type(exc).__name__}: {exc}") from None
    if not isinstance(content, str | bytes):
        raise PluginError(f"format {fmt.name!r} returned {describe_value(content)}, not text")
    return content


def error(message: str) -> None:
    print(f"jcp-controls: error: {message}", file=sys.stderr)


def warn(message: str) -> None:
    print(f"jcp-controls: warning: {message}", file=sys.stderr)


def load_evidence(locations: Sequence[str], plugins: Plugins) -> Evidence:
    """The evidence of ``locations``, with progress bars on a terminal."""
    with terminal_progress(sys.stderr) as progress:
        return load(
            *locations, plugins=plugins, progress=None if progress is None else progress.reading
        )


@attrs.frozen
class Loaded:
    """What a command loaded: the evidence, and the estate when the columnar engine runs."""

    evidence: Evidence
    estate: Estate | None = None


def load_sources(args: argparse.Namespace, plugins: Plugins) -> Loaded:
    """The evidence of ``args.sources`` by the engine ``--engine`` asks for, with progress
    bars on a terminal (the columnar engine's loader falls back to the Python one for
    anything but a clean evidence folder: input errors and warnings are the same)."""
    if engine_of(args) == "python":
        return Loaded(load_evidence(args.sources, plugins))
    from jcp_controls.columnar import load_estate

    with terminal_progress(sys.stderr) as progress:
        estate = load_estate(
            *args.sources,
            plugins=plugins,
            progress=None if progress is None else progress.reading,
        )
    return Loaded(estate.evidence, estate)


def effective_policy(args: argparse.Namespace, plugins: Plugins) -> Policy:
    """The policy of this run, in one step: each evidence folder's ``policy.toml`` among the
    SOURCEs, then ``--policy`` over them (:func:`jcp_controls.loading.load_policy`)."""
    return load_policy(*args.sources, override=getattr(args, "policy", None), plugins=plugins)


def write_output(text: str | bytes | Iterable[str | bytes], output: str | None) -> None:
    """Write ``text`` (UTF-8) or bytes, or the pieces of an iterable of them one by one, to
    the file ``output``, or to stdout when None."""
    pieces = [text] if isinstance(text, str | bytes) else text
    datas = (piece.encode("utf-8") if isinstance(piece, str) else piece for piece in pieces)
    if output is None:
        buffer = getattr(sys.stdout, "buffer", None)
        sys.stdout.flush()
        for data in datas:
            if buffer is None:  # a text-only stream (e.g. redirected in a notebook)
                sys.stdout.write(data.decode("utf-8"))
            else:  # bytes as rendered: no newline translation, UTF-8 whatever the locale
                buffer.write(data)
        if buffer is not None:
            buffer.flush()
        return
    try:
        with Path(output).open("wb") as file:
            for data in datas:
                file.write(data)
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


def as_of_of(args: argparse.Namespace) -> dt.date:
    """The evaluation date ``--as-of`` gives, or today in Europe/London."""
    return parse_date(args.as_of, "--as-of") if args.as_of is not None else today_in_london()


def build_report(
    evidence: Evidence,
    args: argparse.Namespace,
    plugins: Plugins,
    *,
    estate: Estate | None = None,
) -> Report:
    """Evaluate as the common flags ask (``--as-of``, ``--policy``, ``--only``, ``--office``);
    over ``estate`` with the columnar engine when one is given (its evidence is
    ``evidence``)."""
    as_of = as_of_of(args)
    policy = effective_policy(args, plugins)
    with terminal_progress(sys.stderr) as progress:
        options: dict[str, Any] = {
            "as_of": as_of,
            "policy": policy,
            "plugins": plugins,
            "only": getattr(args, "only", None),
            "offices": getattr(args, "office", None),
            "progress": None if progress is None else progress.evaluating,
        }
        if estate is not None:
            from jcp_controls.columnar import evaluate_estate

            report = evaluate_estate(estate, **options)
        else:
            report = evaluate(evidence, **options)
    for group in group_issues(report.input_warnings[len(evidence.warnings) :]):
        warn(group.describe())
    for failure in report.plugin_errors:
        warn(f"plugin {failure.plugin} failed ({failure.stage}): {failure.message}")
    return report


def report_and_exit_code(
    evidence: Evidence,
    args: argparse.Namespace,
    plugins: Plugins,
    *,
    lenient: bool,
    estate: Estate | None = None,
) -> int:
    """Evaluate (over ``estate`` when given), write the report in ``--format`` and return
    the exit status."""
    if not input_ok(evidence, lenient=lenient):
        return EXIT_USAGE
    registry: Mapping[str, ReportFormat] = args.registry
    planned_outputs(args, registry)  # a usage error is reported before evaluating
    report = build_report(evidence, args, plugins, estate=estate)
    write_documents(report, args, registry, include_passes=args.include_passes)
    return EXIT_FINDINGS if report.gate(FAIL_ON[args.fail_on]) else EXIT_OK
