"""Progress on a terminal: a bar per file while evidence is read, then one for the controls.

Drawn with tqdm on standard error, and only when standard error is a terminal and the
``CI`` environment variable is not set: piped output, files and CI logs stay free of it (the
report itself goes to standard output or ``--output``, never mixed with progress).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any, TextIO

__all__ = ["TerminalProgress", "terminal_progress"]


class TerminalProgress:
    """Progress bars for one command: :meth:`reading` is a source's ``progress`` callback,
    :meth:`evaluating` the engine's; :meth:`close` clears what is still shown."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._bar: Any = None
        self._label = ""

    @staticmethod
    def wanted(stream: TextIO) -> bool:
        """True on an interactive terminal outside CI."""
        return stream.isatty() and not os.environ.get("CI")

    def reading(self, name: str, done: int, total: int) -> None:
        """``progress(file, rows done, rows in all)`` while a source reads a file."""
        self._advance(f"reading {name}", done, total, "rows")

    def evaluating(self, control_id: str, done: int, total: int) -> None:
        """``progress(control, controls done, controls in all)`` while the engine runs."""
        self._advance("evaluating", done, total, "controls", postfix=control_id)

    def _advance(
        self, label: str, done: int, total: int, unit: str, postfix: str | None = None
    ) -> None:
        if self._bar is None or label != self._label:
            self.close()
            from tqdm import tqdm

            self._bar = tqdm(
                total=max(total, 1), desc=label, unit=f" {unit}", file=self.stream, leave=False
            )
            self._label = label
        self._bar.update(max(0, done - self._bar.n))
        if postfix is not None:
            self._bar.set_postfix_str(postfix, refresh=False)

    def close(self) -> None:
        """Remove the bar shown, if any."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


@contextlib.contextmanager
def terminal_progress(stream: TextIO) -> Iterator[TerminalProgress | None]:
    """Bars on ``stream`` when it is a terminal outside CI (else None), cleared on the way
    out whatever happens."""
    if not TerminalProgress.wanted(stream):
        yield None
        return
    progress = TerminalProgress(stream)
    try:
        yield progress
    finally:
        progress.close()
