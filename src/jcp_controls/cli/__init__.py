"""The ``jcp-controls`` command line (also ``python -m jcp_controls``).

One module per command (:mod:`.evaluate`, :mod:`.catalogue`, :mod:`.demo`, :mod:`.due`,
:mod:`.sample`, :mod:`.diff`), each with a ``configure(name, parser, registry)`` and a
``run(args, plugins)``; shared pieces in :mod:`.common`.
Reports go to stdout (or ``--output``) and nothing else does; warnings, progress and errors
go to stderr, one line each. Exit status: 0 when no result is at or above ``--fail-on``,
1 when some is, 2 for a usage error, invalid evidence (strict mode) or an invalid policy.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType

from jcp_controls import __version__
from jcp_controls.cli import catalogue, demo, diff, due, evaluate, sample
from jcp_controls.cli.common import EXIT_OK, EXIT_USAGE, Parser, error
from jcp_controls.errors import JcpControlsError
from jcp_controls.plugins import Plugins
from jcp_controls.report.formats import ReportFormat, formats

__all__ = ["main"]

#: (name, help, module) of every command, in ``--help`` order.
COMMANDS: tuple[tuple[str, str, ModuleType], ...] = (
    ("evaluate", "evaluate the controls over evidence", evaluate),
    ("controls", "list the control catalogue", catalogue),
    ("plugins", "list installed plugins and what they supply", catalogue),
    ("demo", "write a synthetic evidence folder and evaluate it (--fail-on never)", demo),
    ("due", "what is overdue and falls due soon, by office and owner", due),
    ("sample", "the BCS validation sample of an office and quarter", sample),
    ("diff", "findings new, resolved and still open between two JSON reports", diff),
)


def build_parser(registry: Mapping[str, ReportFormat]) -> argparse.ArgumentParser:
    """The argument parser of every command; ``--format`` choices come from ``registry``
    (:func:`~jcp_controls.report.formats.formats`)."""
    parser = Parser(
        prog="jcp-controls",
        description="Jobcentre Plus IT and security guidance as executable, cited controls.",
    )
    parser.add_argument("--version", action="version", version=f"jcp-controls {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for name, help_text, module in COMMANDS:
        module.configure(name, commands.add_parser(name, help=help_text), registry)
    parser.set_defaults(registry=registry)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        plugins = Plugins()
        args = build_parser(formats(plugins)).parse_args(argv)
        run: Callable[[argparse.Namespace, Plugins], int] = args.run
        return run(args, plugins)
    except JcpControlsError as exc:
        error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
