"""Loading evidence: resolve locations to the sources plugins provide, load them, and combine
what they supply. It sits above the evidence package and the plugin manager, beside the engine."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from jcp_controls.allocation import collector_paused
from jcp_controls.errors import JcpControlsError, PluginError, UsageError
from jcp_controls.evidence.batch import SourceBatch
from jcp_controls.evidence.combine import combine, merge_settings
from jcp_controls.evidence.csv import POLICY_FILE
from jcp_controls.evidence.sources import EvidenceSource, Progress
from jcp_controls.evidence.store import Evidence, LearningFacts, PluginFailure
from jcp_controls.models import RECORD_TYPES, RecordKind
from jcp_controls.plugins import Plugins, contained, describe_value, unique
from jcp_controls.policy import Policy, read_settings

__all__ = ["load", "load_policy", "sources"]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):(.*)$", re.DOTALL)


def sources(plugins: Plugins) -> list[EvidenceSource]:
    """Every evidence source the plugins provide, names unique."""
    found = unique(plugins.collect("jcp_controls_sources"), lambda s: s.name, "evidence source")
    claimed: dict[str, str] = {}
    for source in found:
        for scheme in source.schemes:
            if scheme in claimed:
                raise PluginError(
                    f"URI scheme {scheme!r} is claimed by both {claimed[scheme]} and {source.name}"
                )
            claimed[scheme] = source.name
    return found


def _resolve(location: str, available: list[EvidenceSource]) -> tuple[EvidenceSource, str]:
    by_scheme = {scheme: source for source in available for scheme in source.schemes}
    bare = next((source for source in available if source.bare_paths), None)
    match = _SCHEME.match(location)
    if match is not None and match.group(1) in by_scheme:
        return by_scheme[match.group(1)], match.group(2)
    if match is not None and not Path(location).exists():
        raise UsageError(
            f"{location}: no installed plugin claims the scheme {match.group(1)!r} "
            "(see `jcp-controls plugins`)"
        )
    if bare is None:
        raise UsageError(f"{location}: no evidence source takes plain paths")
    return bare, location


def _check_batch(batch: SourceBatch) -> None:
    """Raise :class:`TypeError` unless every record is of its kind's record class (a plugin
    source handing back something else would crash a control far from its cause)."""
    for kind, values in batch.records.items():
        if not isinstance(kind, RecordKind):
            raise TypeError(f"load returned records under {describe_value(kind)}, not a kind")
        expected = RECORD_TYPES[kind]
        if not isinstance(values, tuple | list):
            raise TypeError(f"load returned {kind.value} as {describe_value(values)}")
        for value in values:
            if not isinstance(value, expected):
                raise TypeError(
                    f"load returned {describe_value(value)} among {kind.value}, "
                    f"expected {expected.__name__}"
                )
        if kind in batch.origins and len(batch.origins[kind]) != len(values):
            raise TypeError(f"load returned {kind.value} origins that do not match its records")
    if batch.learning is not None and not isinstance(batch.learning, LearningFacts):
        raise TypeError(f"load returned learning as {describe_value(batch.learning)}")
    for day in (batch.extracted_on, *batch.kinds_extracted_on.values()):
        if day is not None and (not isinstance(day, dt.date) or isinstance(day, dt.datetime)):
            raise TypeError(f"load returned an extracted_on of {describe_value(day)}, not a date")


def _identity(location: str) -> str:
    """A folder's canonical path, so ``demo`` and ``./demo/`` are recognised as one."""
    try:
        return str(Path(location).resolve())
    except (OSError, RuntimeError):
        return location


def load(
    *locations: str | Path,
    plugins: Plugins | None = None,
    progress: Progress | None = None,
) -> Evidence:
    """Load and combine evidence from one or more locations.

    A plain path is an evidence folder (the built-in ``csv`` source); ``scheme:rest`` goes
    to the plugin source claiming ``scheme``. Input errors are collected in
    :attr:`Evidence.issues`; nothing is raised for bad rows (the caller decides between
    strict and lenient). A source whose plugin raises (anything but ``KeyboardInterrupt``)
    or returns something other than a :class:`SourceBatch` is recorded in
    :attr:`Evidence.plugin_failures` and its kinds are treated as rejected.

    Raises:
        UsageError: no location, a folder that does not exist, an unclaimed scheme, or the
            same source given twice (it would count every record twice).
        PolicyError: a folder's ``policy.toml`` is not valid TOML.
    """
    if not locations:
        raise UsageError("no evidence source given (an evidence folder or scheme:location)")
    plugins = plugins if plugins is not None else Plugins()
    available = sources(plugins)
    batches: list[SourceBatch] = []
    failures: list[PluginFailure] = list(plugins.failures)
    given: dict[tuple[str, str], str] = {}
    for location in locations:
        source, rest = _resolve(str(location), available)
        identity = (source.name, _identity(rest) if source.bare_paths else rest)
        if identity in given:
            raise UsageError(
                f"{location}: the same source is given twice (as {given[identity]} too); "
                "give each source once"
            )
        given[identity] = str(location)
        try:
            with collector_paused():
                batch = source.load(rest, progress)
            if not isinstance(batch, SourceBatch):
                raise TypeError(f"load returned {describe_value(batch)}, expected a SourceBatch")
            _check_batch(batch)
        except JcpControlsError:
            raise
        except BaseException as exc:
            if not contained(exc):
                raise
            failures.append(
                PluginFailure(
                    source.name, f"load {location}", f"{type(exc).__name__}: {exc}", source.kinds
                )
            )
            continue
        batches.append(batch)
    with collector_paused():
        return combine(batches, failures)


def load_policy(
    *locations: str | Path,
    override: str | Path | None = None,
    plugins: Plugins | None = None,
) -> Policy:
    """The policy of an evaluation: the ``policy.toml`` of each evidence folder among
    ``locations`` (in order, later over earlier), then ``override`` over them, over the
    defaults. This is the one way a folder's policy reaches the engine
    (``evaluate(policy=...)``); the command line builds it so from its SOURCEs and
    ``--policy``.

    Args:
        *locations: the evidence locations, as given to :func:`load` (only evidence folders
            can hold a ``policy.toml``; other sources carry no policy).
        override: a ``policy.toml`` layered over the folders' (``--policy``).
        plugins: which sources claim which schemes (default: built-in and installed).

    Raises:
        PolicyError: a policy file cannot be read, is not TOML, or holds an invalid setting;
            the message names the file and the key.
    """
    layers: list[dict[str, Any]] = []
    sources_given = [str(location) for location in locations]
    if sources_given:
        available = sources(plugins if plugins is not None else Plugins())
        for location in sources_given:
            source, rest = _resolve(location, available)
            path = Path(rest) / POLICY_FILE
            if source.bare_paths and path.is_file():
                layers.append(_policy_layer(path))
    if override is not None:
        layers.append(_policy_layer(Path(override)))
    return Policy.from_mapping(merge_settings(layers), source=str(override or "policy"))


def _policy_layer(path: Path) -> dict[str, Any]:
    data = read_settings(path)
    Policy.from_mapping(data, source=str(path))  # each file valid on its own, named
    return data
