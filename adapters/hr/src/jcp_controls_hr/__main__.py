"""``python -m jcp_controls_hr`` / ``jcp-controls-hr``: write an HR export from an evidence
folder (``export EVIDENCE_DIR OUT [--mapping FILE]``), or print the default mapping file to
copy and edit (``mapping``)."""

from __future__ import annotations

import argparse
import importlib.resources
import sys
from collections.abc import Sequence

import jcp_controls as jc
from jcp_controls_hr.export import write_export
from jcp_controls_hr.mapping import DEFAULT_MAPPING, load_mapping

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for a usage or input error)."""
    parser = argparse.ArgumentParser(
        prog="jcp-controls-hr", description="HR exports for jcp-controls."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser(
        "export",
        help="write the HR export of an evidence folder",
        description="Write offices, staff, designations, absences and learning of an "
        "evidence folder as an HR export: OUT ending .xlsx is a workbook, anything else "
        "a folder of CSV files, one per sheet.",
    )
    export.add_argument("evidence_dir", metavar="EVIDENCE_DIR")
    export.add_argument("out", metavar="OUT")
    export.add_argument("--mapping", metavar="FILE", help="mapping file (default: shipped)")
    commands.add_parser(
        "mapping",
        help="print the default mapping file",
        description="Print the default mapping file, to copy and edit: "
        "jcp-controls-hr mapping > my-hr.toml",
    )
    args = parser.parse_args(argv)
    if args.command == "mapping":
        resource = importlib.resources.files("jcp_controls_hr").joinpath(DEFAULT_MAPPING)
        sys.stdout.write(resource.read_text("utf-8"))
        return 0
    try:
        mapping = load_mapping(args.mapping)
        written = write_export(args.evidence_dir, args.out, mapping)
    except jc.JcpControlsError as exc:
        print(f"jcp-controls-hr: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"jcp-controls-hr: error: {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    for sheet, count in written.items():
        print(f"{args.out}: {sheet}: {count} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
