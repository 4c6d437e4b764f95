"""Fixtures of the hr adapter's tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hr_exports import Cell, write_workbook
from jcp_controls_hr import plugin

import jcp_controls as jc


@pytest.fixture
def plugins() -> jc.Plugins:
    """The hr plugin alone (entry points left out)."""
    return jc.Plugins(plugin, entry_points=False)


@pytest.fixture
def load_xlsx(
    tmp_path: Path, plugins: jc.Plugins
) -> Callable[[dict[str, list[list[Cell]]]], jc.Evidence]:
    """Write a workbook of the given sheets and load it through the ``hr`` source."""

    def load(book: dict[str, list[list[Cell]]]) -> jc.Evidence:
        path = write_workbook(tmp_path / "hr.xlsx", book)
        return jc.load(f"hr:{path}", plugins=plugins)

    return load
