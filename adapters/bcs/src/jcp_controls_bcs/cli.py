"""The ``jcp-controls-bcs`` command line: create, migrate, fill and read a BCS database.

::

    jcp-controls-bcs init URL                  create the database and its schema
    jcp-controls-bcs upgrade URL               migrate its schema to this adapter's revision
    jcp-controls-bcs export EVIDENCE_DIR URL   write an evidence folder's BCS records into it
    jcp-controls-bcs history URL               list the evaluation runs stored in it
    jcp-controls-bcs diff URL                  compare the last two runs stored in it

``URL`` is a SQLAlchemy URL, with or without the ``bcs:`` prefix of the evidence location.
A user mistake (bad URL, missing database, old schema, ...) prints one line on standard
error and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import jcp_controls as jc
from sqlalchemy import exc

from jcp_controls_bcs import __version__
from jcp_controls_bcs.database import Database, init, parse_location, upgrade

__all__ = ["build_parser", "main"]

PROG = "jcp-controls-bcs"
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def _database(text: str) -> Database:
    return parse_location(text.removeprefix("bcs:"))


def _init(args: argparse.Namespace) -> int:
    database = _database(args.url)
    revision = init(database, revision=args.revision)
    print(f"{PROG}: created the BCS schema (revision {revision}) in {database.shown}")
    return EXIT_OK


def _upgrade(args: argparse.Namespace) -> int:
    database = _database(args.url)
    before, after = upgrade(database, revision=args.to)
    if before == after:
        print(f"{PROG}: {database.shown} is already at revision {after}")
    else:
        print(f"{PROG}: upgraded {database.shown} from revision {before} to {after}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from jcp_controls_bcs.export import export_folder, write_rest
    from jcp_controls_bcs.mapping import load_mapping

    database = _database(args.url)
    mapping = load_mapping(args.mapping or database.mapping)
    counts = export_folder(args.folder, database, mapping=mapping, replace=args.replace)
    written = ", ".join(f"{count} {table}" for table, count in counts.items())
    print(f"{PROG}: wrote {written} to {database.shown}")
    if args.rest:
        write_rest(args.folder, args.rest)
        print(f"{PROG}: wrote the rest of the evidence to {args.rest}")
    return EXIT_OK


def _history(args: argparse.Namespace) -> int:
    from jcp_controls_bcs.results import read_runs

    if args.limit is not None and args.limit < 1:
        raise jc.UsageError(f"--limit must be at least 1, not {args.limit}")
    runs = read_runs(_database(args.url), limit=args.limit)
    if args.format == "json":
        print(json.dumps([run.to_dict() for run in runs], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not runs:
        print("no runs stored")
        return EXIT_OK
    header = ("seq", "run_id", "recorded_at", "as_of", "version", "results", "findings")
    rows = [
        (
            str(run.seq),
            run.run_id,
            run.recorded_at,
            run.as_of,
            run.library_version,
            str(run.result_count),
            str(run.finding_count),
        )
        for run in runs
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from jcp_controls_bcs.results import read_runs, run_document

    database = _database(args.url)
    runs = read_runs(database)
    by_id = {run.run_id: run for run in runs}
    if args.old or args.new:
        missing = [run_id for run_id in (args.old, args.new) if run_id and run_id not in by_id]
        if missing:
            raise jc.UsageError(f"{database.shown}: no stored run {missing[0]!r}")
    if len(runs) < 2 and not (args.old and args.new):
        raise jc.UsageError(f"{database.shown}: {len(runs)} run(s) stored; a diff needs two")
    new = by_id[args.new] if args.new else runs[-1]
    older = [run for run in runs if run.seq < new.seq]
    if args.old:
        old = by_id[args.old]
    elif older:
        old = older[-1]
    else:
        raise jc.UsageError(f"{database.shown}: no run stored before {new.run_id}")
    diff = jc.diff_reports(run_document(database, old), run_document(database, new))
    sys.stdout.write(diff.render(args.format))
    fail_on = None if args.fail_on == "never" else jc.Status(args.fail_on)
    return EXIT_FINDINGS if diff.gate(fail_on) else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``jcp-controls-bcs``."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Create, migrate, fill and read a Business Controls System database "
        "for jcp-controls.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    url_help = "SQLAlchemy URL, e.g. sqlite:///bcs.db (the bcs: prefix is optional)"

    command = commands.add_parser("init", help="create the database and its schema")
    command.add_argument("url", metavar="URL", help=url_help)
    command.add_argument(
        "--revision", default="head", help="schema revision to create (default: newest)"
    )
    command.set_defaults(run=_init)

    command = commands.add_parser("upgrade", help="migrate the schema to this adapter's")
    command.add_argument("url", metavar="URL", help=url_help)
    command.add_argument("--to", default="head", help="target revision (default: newest)")
    command.set_defaults(run=_upgrade)

    command = commands.add_parser(
        "export", help="write an evidence folder's BCS records into the database"
    )
    command.add_argument("folder", metavar="EVIDENCE_DIR")
    command.add_argument("url", metavar="URL", help=url_help)
    command.add_argument("--mapping", help="mapping file whose codes to write")
    command.add_argument("--replace", action="store_true", help="empty the BCS tables first")
    command.add_argument(
        "--rest",
        metavar="DIR",
        help="also copy the folder to DIR without what BCS now holds",
    )
    command.set_defaults(run=_export)

    command = commands.add_parser("history", help="list the runs stored in the database")
    command.add_argument("url", metavar="URL", help=url_help)
    command.add_argument("--limit", type=int, help="only the last N runs")
    command.add_argument("--format", choices=("table", "json"), default="table")
    command.set_defaults(run=_history)

    command = commands.add_parser("diff", help="compare the last two runs stored")
    command.add_argument("url", metavar="URL", help=url_help)
    command.add_argument(
        "--old", metavar="RUN_ID", help="the earlier run (default: the one before --new)"
    )
    command.add_argument("--new", metavar="RUN_ID", help="the later run (default: the last)")
    command.add_argument("--format", choices=("table", "json", "md"), default="table")
    command.add_argument(
        "--fail-on",
        choices=("fail", "warn", "never"),
        default="never",
        help="exit 1 when a new finding is at or above this status",
    )
    command.set_defaults(run=_diff)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        status: int = args.run(args)
    except jc.JcpControlsError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except exc.SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()
        print(f"{PROG}: database error: {reason[-1] if reason else error}", file=sys.stderr)
        return EXIT_USAGE
    return status
