"""Finding, registering and calling plugins.

:class:`Plugins` wraps a pluggy ``PluginManager`` for the ``jcp_controls`` project: it
registers the :data:`DEFAULT_PLUGINS` (the core eats its own hooks), loads the
``jcp_controls`` entry-point group, takes plugins given in code, and calls each plugin's hook
implementation on its own, through pluggy (a per-plugin subset hook caller, so
``manager.trace`` and ``manager.add_hookcall_monitoring`` see every call), so that a plugin
that raises, exits or returns the wrong thing is isolated and named.

Isolation covers every exception except :class:`KeyboardInterrupt`: ``SystemExit`` or
``GeneratorExit`` from a plugin is a failure of that plugin, never the end of the run.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType
from typing import Any, TypeVar

import pluggy

from jcp_controls import hookspecs
from jcp_controls.errors import PluginError
from jcp_controls.evidence.store import PluginFailure

__all__ = ["DEFAULT_PLUGINS", "ENTRY_POINT_GROUP", "Plugins"]

#: The entry-point group adapters advertise their plugin module in.
ENTRY_POINT_GROUP = "jcp_controls"

#: Built-in behaviour, registered through the same hooks as outside plugins.
DEFAULT_PLUGINS = (
    "jcp_controls.evidence.plugin",
    "jcp_controls.controls.plugin",
    "jcp_controls.report.plugin",
)

T = TypeVar("T")

#: What each list-returning hook must return a sequence of: (module, class name), imported
#: when first needed (the modules import this one).
HOOK_ITEM_TYPES = {
    "jcp_controls_sources": ("jcp_controls.evidence.sources", "EvidenceSource"),
    "jcp_controls_controls": ("jcp_controls.controls.base", "Control"),
    "jcp_controls_check_types": ("jcp_controls.controls.checks", "CheckType"),
    "jcp_controls_report_formats": ("jcp_controls.report.formats", "ReportFormat"),
}


def contained(exc: BaseException) -> bool:
    """Whether a plugin's exception is contained (reported as its failure): everything but
    :class:`KeyboardInterrupt`, which stops the run as the user asked."""
    return not isinstance(exc, KeyboardInterrupt)


def describe_value(value: object) -> str:
    """A value's type for a message about what a plugin returned (never its contents, which
    could hold claimant data)."""
    return "None" if value is None else f"a {type(value).__name__}"


class Plugins:
    """The plugins of one session: the defaults, installed entry points and ``extra``.

    Args:
        *extra: plugin objects or modules to register in code (notebooks, tests).
        entry_points: also load plugins advertised in the ``jcp_controls`` entry-point group.
    """

    def __init__(self, *extra: object, entry_points: bool = True) -> None:
        self.manager = pluggy.PluginManager("jcp_controls")
        self.manager.add_hookspecs(hookspecs)
        self.failures: list[PluginFailure] = []
        self.providers: dict[int, tuple[str, object]] = {}
        for name in DEFAULT_PLUGINS:
            self.manager.register(importlib.import_module(name), name=name)
        if entry_points:
            self._load_entry_points()
        for plugin in extra:
            self.register(plugin)

    def _load_entry_points(self) -> None:
        found = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
        for entry in sorted(found, key=lambda ep: ep.name):
            if self.manager.get_plugin(entry.name) is not None:
                continue
            try:
                plugin = entry.load()
                self.manager.register(plugin, name=entry.name)
            except BaseException as exc:
                if not contained(exc):
                    raise
                self.failures.append(PluginFailure(entry.name, "load", _describe(exc)))

    def register(self, plugin: object, name: str | None = None) -> None:
        """Register a plugin object or module in code.

        Without ``name``, a module is named by its ``__name__`` and an object by its class's
        qualified name (numbered when that name is taken), so failures name something a
        reader recognises.
        """
        if name is None:
            base = getattr(plugin, "__name__", None) if isinstance(plugin, ModuleType) else None
            base = base or type(plugin).__qualname__
            name, number = base, 1
            while self.manager.has_plugin(name):
                number += 1
                name = f"{base}#{number}"
        self.manager.register(plugin, name=name)

    def names(self) -> list[str]:
        """Registered plugin names, defaults first."""
        return [name for name, _ in self.manager.list_name_plugin()]

    def _caller(self, hook_name: str, impl: pluggy.HookImpl) -> Any:
        """A pluggy hook caller that reaches only ``impl``'s plugin."""
        others = [plugin for _, plugin in self.manager.list_name_plugin()]
        others = [plugin for plugin in others if plugin is not impl.plugin]
        try:
            caller = self.manager.subset_hook_caller(hook_name, remove_plugins=others)
            if caller.get_hookimpls() == [impl]:
                return caller
        except TypeError:  # an unhashable plugin object: pluggy cannot build a subset
            pass
        # Plugins pluggy cannot tell apart (unhashable, or equal to another): call directly.
        return lambda **kwargs: [
            result
            for result in [impl.function(*(kwargs[name] for name in impl.argnames))]
            if result is not None
        ]

    def _impls(self, hook_name: str) -> list[pluggy.HookImpl]:
        caller = getattr(self.manager.hook, hook_name)
        return sorted(caller.get_hookimpls(), key=self._order)

    def collect(self, hook_name: str) -> list[tuple[str, Any]]:
        """Call one list-returning hook on every plugin separately, through pluggy.

        Returns (plugin name, item) pairs in a stable order (default plugins first, then by
        name). A plugin that raises (anything but ``KeyboardInterrupt``), or returns
        something other than a list of the hook's item type, is recorded in
        :attr:`failures` and contributes nothing.
        """
        expected = _item_type(hook_name)
        items: list[tuple[str, Any]] = []
        for impl in self._impls(hook_name):
            try:
                returned = self._caller(hook_name, impl)()
            except BaseException as exc:
                if not contained(exc):
                    raise
                self.failures.append(PluginFailure(impl.plugin_name, hook_name, _describe(exc)))
                continue
            found = [
                item for answer in returned if answer is not None for item in _as_list(answer)
            ]
            problem = _check_items(returned, expected)
            if problem is not None:
                self.failures.append(PluginFailure(impl.plugin_name, hook_name, problem))
                continue
            for item in found:
                self.providers.setdefault(id(item), (impl.plugin_name, item))
            items.extend((impl.plugin_name, item) for item in found)
        return items

    def provider(self, item: object) -> str | None:
        """The name of the plugin whose hook returned ``item`` (None when not collected here)."""
        found = self.providers.get(id(item))
        return found[0] if found is not None and found[1] is item else None

    def notify(
        self, call: Callable[[Callable[..., Any]], None], hook_name: str
    ) -> list[PluginFailure]:
        """Call a notification hook on every plugin separately, through pluggy; return the
        failures (anything raised but ``KeyboardInterrupt``)."""
        failures: list[PluginFailure] = []
        for impl in self._impls(hook_name):
            try:
                call(self._caller(hook_name, impl))
            except BaseException as exc:
                if not contained(exc):
                    raise
                failures.append(PluginFailure(impl.plugin_name, hook_name, _describe(exc)))
        return failures

    @staticmethod
    def _order(impl: pluggy.HookImpl) -> tuple[int, str]:
        name = impl.plugin_name
        return (
            DEFAULT_PLUGINS.index(name) if name in DEFAULT_PLUGINS else len(DEFAULT_PLUGINS),
            name,
        )


def unique(items: Iterable[tuple[str, T]], key: Callable[[T], str], what: str) -> list[T]:
    """The items, refusing two with one key (naming both plugins)."""
    seen: dict[str, str] = {}
    result: list[T] = []
    for plugin, item in items:
        ident = key(item)
        if ident in seen:
            raise PluginError(f"{what} {ident!r} is provided by both {seen[ident]} and {plugin}")
        seen[ident] = plugin
        result.append(item)
    return result


def _item_type(hook_name: str) -> type[Any] | None:
    where = HOOK_ITEM_TYPES.get(hook_name)
    if where is None:
        return None
    item_type: type[Any] = getattr(importlib.import_module(where[0]), where[1])
    return item_type


def _as_list(answer: object) -> list[Any]:
    if isinstance(answer, Sequence) and not isinstance(answer, str | bytes):
        return list(answer)
    return []


def _check_items(returned: list[Any], expected: type[Any] | None) -> str | None:
    """Why a hook's answers are unusable, or None when each is a list of ``expected``."""
    name = expected.__name__ if expected is not None else "items"
    for answer in returned:
        if answer is None:
            continue
        if not isinstance(answer, Sequence) or isinstance(answer, str | bytes):
            return f"returned {describe_value(answer)}, expected a list of {name}"
        for item in answer:
            if expected is not None and not isinstance(item, expected):
                return f"returned a list holding {describe_value(item)}, expected {name}"
    return None


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
