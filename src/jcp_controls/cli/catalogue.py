"""``jcp-controls controls`` and ``jcp-controls plugins``: what is installed."""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from jcp_controls.catalogue import Catalogue
from jcp_controls.cli.common import (
    EXIT_OK,
    add_format_options,
    planned_outputs,
    write_documents,
    write_output,
)
from jcp_controls.loading import sources
from jcp_controls.plugins import Plugins
from jcp_controls.report.formats import DocumentKind, ReportFormat


def configure(
    name: str, parser: argparse.ArgumentParser, registry: Mapping[str, ReportFormat]
) -> None:
    """Arguments of ``controls`` and ``plugins``."""
    if name == "controls":
        add_format_options(parser, registry, DocumentKind.CATALOGUE, "the catalogue")
        parser.set_defaults(run=run_controls)
    else:
        parser.set_defaults(run=run_plugins)


def run_controls(args: argparse.Namespace, plugins: Plugins) -> int:
    """Print the catalogue: ID, name, severity, citation, scope."""
    planned_outputs(args, args.registry)
    write_documents(Catalogue.from_plugins(plugins), args, args.registry)
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
    for fmt in args.registry.values():
        kinds = ", ".join(kind.value for kind in DocumentKind if kind in fmt.kinds)
        lines.append(f"  {fmt.name}: {fmt.description} ({kinds})")
    lines.append(f"controls: {len(catalogue.controls)}")
    lines.append(f"check types: {len(catalogue.check_types)}")
    lines.extend(
        f"failed: {failure.plugin} ({failure.stage}): {failure.message}"
        for failure in plugins.failures
    )
    write_output("\n".join(lines) + "\n", None)
    return EXIT_OK
