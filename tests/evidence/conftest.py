"""Fixtures for the evidence-folder tests: a writer of evidence folders (``folders.py``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from .folders import Content, write_folder

WriteFolder = Callable[..., Path]


@pytest.fixture
def evidence_folder(tmp_path: Path) -> WriteFolder:
    """``evidence_folder({"staff.csv": rows_or_text_or_None, ...}, name="ev")`` writes the
    valid example with those files replaced (None leaves a file out) and returns its path."""

    def write(
        files: Mapping[str, Content] | None = None, *, name: str = "evidence", newline: str = "\n"
    ) -> Path:
        return write_folder(tmp_path / name, files, newline=newline)

    return write
