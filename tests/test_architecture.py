"""The package's structure: no import cycles, and the layering the docs describe.

The layering itself (CLI -> engine -> report -> controls -> plugins -> evidence -> policy ->
models; the core never imports an adapter) is written as import-linter contracts in
``pyproject.toml`` and checked by ``lint-imports`` in CI; this test runs them too, and adds
what a layers contract cannot see: cycles between modules of one package.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("jcp_controls", exclude_type_checking_imports=True)


def test_no_module_imports_one_that_imports_it_back(graph: grimp.ImportGraph) -> None:
    cycles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported == "jcp_controls" or module == "jcp_controls":
                continue  # the package's face re-exports the public API
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            if chain is not None and "jcp_controls" not in chain:
                cycles.append(" -> ".join((module, *chain)))
    assert cycles == []


def test_submodules_never_import_the_package_face(graph: grimp.ImportGraph) -> None:
    """``import jcp_controls`` loads the API; no submodule imports it back (httpx-style)."""
    importers = sorted(graph.find_modules_that_directly_import("jcp_controls"))
    assert [name for name in importers if not name.startswith("jcp_controls.cli")] == []


def test_the_import_linter_contracts_hold() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
