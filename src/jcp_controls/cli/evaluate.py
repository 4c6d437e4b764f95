"""``jcp-controls evaluate``: the main job."""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from jcp_controls.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    FAIL_ON,
    add_evidence_options,
    add_report_options,
    as_of_of,
    effective_policy,
    error,
    load_sources,
    planned_outputs,
    report_and_exit_code,
    warn,
    write_documents,
)
from jcp_controls.errors import UsageError
from jcp_controls.evidence.store import group_issues
from jcp_controls.plugins import Plugins
from jcp_controls.report.formats import ReportFormat


def configure(
    name: str, parser: argparse.ArgumentParser, registry: Mapping[str, ReportFormat]
) -> None:
    """Arguments of ``evaluate``."""
    add_evidence_options(parser)
    add_report_options(parser, registry)
    parser.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help=(
            "evaluate on a Dask cluster: a scheduler address, or local[:N] for N worker "
            "processes here (needs the cluster extra; default: in this process)"
        ),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, plugins: Plugins) -> int:
    """Load the sources, evaluate, write the report; exit status by ``--fail-on``."""
    if not args.sources:
        raise UsageError("evaluate needs at least one SOURCE (an evidence folder)")
    if args.cluster is not None:
        return _on_cluster(args, plugins)
    loaded = load_sources(args, plugins)
    return report_and_exit_code(
        loaded.evidence, args, plugins, lenient=args.lenient, estate=loaded.estate
    )


def _on_cluster(args: argparse.Namespace, plugins: Plugins) -> int:
    """``--cluster``: evaluate on the workers, then report here as on one machine (the same
    warnings, errors, outputs and exit status)."""
    from jcp_controls.cluster import ENGINES, cluster_client, evaluate_on_cluster

    registry: Mapping[str, ReportFormat] = args.registry
    planned_outputs(args, registry)  # a usage error is reported before evaluating
    as_of = as_of_of(args)
    policy = effective_policy(args, plugins)
    engine = getattr(args, "engine", None)
    with cluster_client(args.cluster) as client:
        report = evaluate_on_cluster(
            *args.sources,
            client=client,
            as_of=as_of,
            policy=policy,
            only=args.only,
            offices=args.office,
            engine=engine if engine in ENGINES else "auto",
            plugins=plugins,
            strict=not args.lenient,
        )
    for group in group_issues(report.input_warnings):
        warn(group.describe())
    if report.input_errors and not args.lenient:
        for group in group_issues(report.input_errors):
            error(group.describe())
        count = len(report.input_errors)
        error(
            f"{count} input error{'s' if count != 1 else ''}; nothing evaluated "
            "(--lenient evaluates what is valid)"
        )
        return EXIT_USAGE
    for failure in report.plugin_errors:
        warn(f"plugin {failure.plugin} failed ({failure.stage}): {failure.message}")
    write_documents(report, args, registry, include_passes=args.include_passes)
    return EXIT_FINDINGS if report.gate(FAIL_ON[args.fail_on]) else EXIT_OK
