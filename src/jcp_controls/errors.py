"""The exception hierarchy: every error a user can cause derives from :class:`JcpControlsError`.

The CLI turns these into one line on stderr and exit status 2; it never shows a traceback
for them.
"""

from __future__ import annotations

__all__ = [
    "EvidenceError",
    "JcpControlsError",
    "PluginError",
    "PolicyError",
    "UsageError",
]


class JcpControlsError(Exception):
    """Root of every error raised deliberately by jcp-controls."""


class UsageError(JcpControlsError):
    """The library or CLI was called in a way that cannot work (bad date, unknown ID, ...)."""


class PolicyError(JcpControlsError):
    """A policy setting is unknown, of the wrong type or out of range.

    The message names the file (when there is one) and the dotted key.
    """


class EvidenceError(JcpControlsError):
    """Evidence was rejected in strict mode.

    Attributes:
        issues: every input error found, each naming file, line, column and value.
    """

    def __init__(self, issues: tuple[object, ...]) -> None:
        self.issues = issues
        count = len(issues)
        super().__init__(f"{count} input error{'s' if count != 1 else ''} in the evidence")


class PluginError(JcpControlsError):
    """A plugin misbehaved in a way that stops the run (e.g. two plugins claim one scheme)."""
