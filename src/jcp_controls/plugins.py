"""Finding, registering and calling plugins.

:class:`Plugins` wraps a pluggy ``PluginManager`` for the ``jcp_controls`` project: it
registers the :data:`DEFAULT_PLUGINS` (the core eats its own hooks), loads the
``jcp_controls`` entry-point group, takes plugins given in code, and calls each hook
implementation on its own so that a plugin that raises is isolated and named.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from collections.abc import Callable, Iterable
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
            except Exception as exc:
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

    def collect(self, hook_name: str) -> list[tuple[str, Any]]:
        """Call one list-returning hook on every plugin separately.

        Returns (plugin name, item) pairs in a stable order (default plugins first, then by
        name); a plugin that raises is recorded in :attr:`failures` and contributes nothing.
        """
        caller = getattr(self.manager.hook, hook_name)
        impls = sorted(caller.get_hookimpls(), key=self._order)
        items: list[tuple[str, Any]] = []
        for impl in impls:
            try:
                returned = impl.function()
            except Exception as exc:
                self.failures.append(PluginFailure(impl.plugin_name, hook_name, _describe(exc)))
                continue
            items.extend((impl.plugin_name, item) for item in returned or ())
        return items

    def notify(
        self, call: Callable[[Callable[..., Any]], None], hook_name: str
    ) -> list[PluginFailure]:
        """Call a notification hook on every plugin separately; return the failures."""
        caller = getattr(self.manager.hook, hook_name)
        failures: list[PluginFailure] = []
        for impl in sorted(caller.get_hookimpls(), key=self._order):
            try:
                call(impl.function)
            except Exception as exc:
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


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
