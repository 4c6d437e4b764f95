"""The columnar engine's tests need the ``columnar`` extra (DuckDB, pyarrow), which the
development install has; without it they fail with a message saying so rather than skip."""

from __future__ import annotations

import importlib.util

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    missing = [name for name in ("duckdb", "pyarrow") if importlib.util.find_spec(name) is None]
    if missing:
        raise pytest.UsageError(
            f"tests/columnar needs {', '.join(missing)}: pip install -e '.[dev]'"
        )
