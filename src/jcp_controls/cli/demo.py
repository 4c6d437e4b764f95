"""``jcp-controls demo``: write a synthetic evidence folder and evaluate it.

The folder (``--out``) is written when it does not exist or is empty. Without ``--out`` it is
``demo-evidence``, and that default folder is replaced (stderr says so) when it holds exactly
what an earlier ``demo`` wrote there, unchanged (recognised by its ``demo-manifest.json``), so
the README's first command works when run again. Any other non-empty folder, and any
non-empty folder named with ``--out``, is written into only with ``--force``. The demo
generator is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from jcp_controls.cli.common import (
    add_engine_option,
    add_report_options,
    as_of_of,
    load_sources,
    report_and_exit_code,
)
from jcp_controls.errors import UsageError
from jcp_controls.plugins import Plugins
from jcp_controls.report.formats import ReportFormat

#: The folder ``demo`` writes when no ``--out`` is given.
DEFAULT_OUT = "demo-evidence"
#: The most offices a demo may have (the national estate is about 640).
MAX_OFFICES = 10_000


def configure(
    name: str, parser: argparse.ArgumentParser, registry: Mapping[str, ReportFormat]
) -> None:
    """Arguments of ``demo``."""
    parser.description = (
        "Write a synthetic evidence folder and evaluate it. Unlike evaluate, --fail-on "
        "defaults to never: demo exits 0 even though its estate has failures."
    )
    parser.add_argument(
        "--offices",
        type=int,
        default=6,
        metavar="N",
        help=f"number of offices, 1 to {MAX_OFFICES:,} (default 6; national: 640)",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        help=f"folder to write (default {DEFAULT_OUT}, replaced when an earlier demo wrote it); "
        "a non-empty folder needs --force",
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty folder (its evidence files are overwritten, other "
        "files are left alone; default off)",
    )
    add_report_options(parser, registry, fail_on="never")
    add_engine_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, plugins: Plugins) -> int:
    """Write the folder (deterministic for seed and date), then evaluate it like ``evaluate``."""
    from jcp_controls.demo import FIRST_AS_OF, LAST_AS_OF, is_demo_folder, write_demo

    if not 1 <= args.offices <= MAX_OFFICES:
        raise UsageError(f"--offices {args.offices}: must be from 1 to {MAX_OFFICES:,}")
    as_of = as_of_of(args)
    if not FIRST_AS_OF <= as_of <= LAST_AS_OF:
        raise UsageError(
            f"--as-of {as_of}: the demo can be made for dates from {FIRST_AS_OF} to {LAST_AS_OF}"
        )
    if args.out == "":
        raise UsageError("--out: empty folder name")
    out = Path(args.out if args.out is not None else DEFAULT_OUT)
    # only the default folder is replaced unasked: a folder the user names is theirs
    if args.out is None:
        replacing = _check_out(out, force=args.force, is_demo_folder=is_demo_folder)
    else:
        replacing = _check_out(out, force=args.force, is_demo_folder=None)
    try:
        counts = write_demo(out, offices=args.offices, seed=args.seed, as_of=as_of)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(out) else ""
        raise UsageError(f"--out {out}: cannot write the folder: {reason}{where}") from None
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
    verb = "replaced" if replacing else "wrote"
    print(f"jcp-controls: {verb} {out}/ ({summary})", file=sys.stderr)
    args.as_of = as_of.isoformat()
    args.sources = [str(out)]  # what is evaluated, as if given as the SOURCE
    loaded = load_sources(args, plugins)
    return report_and_exit_code(
        loaded.evidence, args, plugins, lenient=False, estate=loaded.estate
    )


def _check_out(out: Path, *, force: bool, is_demo_folder: Callable[[Path], bool] | None) -> bool:
    """Refuse an ``--out`` that is not a folder, or a non-empty folder (unless ``force``, or
    the default folder that ``is_demo_folder`` recognises); whether that folder is being
    replaced."""
    if not out.exists():
        if out.is_symlink():
            raise UsageError(f"--out {out}: a broken symbolic link, not a folder")
        return False
    if not out.is_dir():
        raise UsageError(f"--out {out}: not a folder")
    try:
        empty = next(out.iterdir(), None) is None
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot read the folder: {exc.strerror}") from None
    if empty:
        return False
    if is_demo_folder is not None and is_demo_folder(out):
        return True
    if force:
        return False
    if is_demo_folder is None:
        raise UsageError(
            f"--out {out}: the folder is not empty; choose another folder or add --force to "
            "write into it"
        )
    raise UsageError(
        f"{out}: the default demo folder is not empty and not as an earlier demo left it; "
        "choose another folder with --out, or add --force to write into it"
    )
