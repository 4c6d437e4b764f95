"""Command line: ``jcp-controls-sccs`` (or ``python -m jcp_controls_sccs``).

``export EVIDENCE_DIR OUT [--mapping F] [--remainder DIR]`` writes an SCCS export from an
evidence folder; ``mapping`` prints the default mapping file to copy and edit.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import jcp_controls as jc
from jcp_controls_sccs.export import export_folder
from jcp_controls_sccs.mapping import default_mapping_text, load_mapping

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jcp-controls-sccs", description="Security Checks system exports for jcp-controls"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write an SCCS export from an evidence folder")
    export.add_argument("evidence", type=Path, help="evidence folder (jcp-controls demo --out)")
    export.add_argument("out", type=Path, help="folder to write the export into")
    export.add_argument("--mapping", type=Path, help="mapping file (default: the shipped one)")
    export.add_argument(
        "--remainder",
        type=Path,
        metavar="DIR",
        help="also copy the evidence folder without what the export carries into DIR",
    )
    commands.add_parser("mapping", help="print the default mapping file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for a usage error)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "mapping":
            sys.stdout.write(default_mapping_text())
            return 0
        if not args.evidence.is_dir():
            raise jc.UsageError(f"{args.evidence}: not an evidence folder")
        counts = export_folder(
            args.evidence, args.out, load_mapping(args.mapping), remainder=args.remainder
        )
    except jc.UsageError as exc:
        print(f"jcp-controls-sccs: {exc}", file=sys.stderr)
        return 2
    written = ", ".join(f"{count} {table}" for table, count in counts.items())
    print(f"jcp-controls-sccs: wrote {args.out}/ ({written})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
