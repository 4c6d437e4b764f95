"""``jcp-controls controls`` and ``jcp-controls plugins``: what is installed."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from jcp_controls.cli.common import EXIT_OK, write_output
from jcp_controls.controls.catalogue import Catalogue
from jcp_controls.loading import sources
from jcp_controls.plugins import Plugins
from jcp_controls.report.catalogue import render_catalogue
from jcp_controls.report.formats import formats


def configure(name: str, parser: argparse.ArgumentParser, format_names: Sequence[str]) -> None:
    """Arguments of ``controls`` and ``plugins``."""
    if name == "controls":
        parser.add_argument("--format", choices=("table", "json", "md"), default="table")
        parser.set_defaults(run=run_controls)
    else:
        parser.set_defaults(run=run_plugins)


def run_controls(args: argparse.Namespace, plugins: Plugins) -> int:
    """Print the catalogue: ID, name, severity, citation, scope."""
    write_output(render_catalogue(Catalogue.from_plugins(plugins), args.format), None)
    return EXIT_OK


def run_plugins(args: argparse.Namespace, plugins: Plugins) -> int:
    """Print the plugins, their evidence sources, report formats and catalogue size."""
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
    lines.extend(
        f"failed: {failure.plugin} ({failure.stage}): {failure.message}"
        for failure in plugins.failures
    )
    write_output("\n".join(lines) + "\n", None)
    return EXIT_OK
