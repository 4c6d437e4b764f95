"""The package's structure: no import cycles, and the layering the docs describe.

The layering itself (CLI -> engine -> report -> controls -> plugins -> evidence -> policy ->
models; the core never imports an adapter) is written as import-linter contracts in
``pyproject.toml`` and checked by ``lint-imports`` in CI; this test runs them too, and adds
what a layers contract cannot see: cycles between modules of one package.
"""

from __future__ import annotations

import re
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


def test_nothing_cites_a_file_outside_the_repository() -> None:
    """The docs state the evidence contract and the catalogue; no docstring, message, page or
    test points at the specification files the project was written from."""
    names = ("controls", "evidence", "interface", "PERFORMANCE", "STYLE")
    pattern = re.compile(r"\b(" + "|".join(names) + r")\.md\b|\.\./" + "shared")
    cited = []
    for folder in ("src", "docs", "tests", "adapters", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in {".py", ".rst", ".md", ".toml", ".j2", ".json"}:
                continue
            if any(part in {"_build", ".cache", "__pycache__"} for part in path.parts):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    cited.append(f"{path.relative_to(ROOT)}:{number}")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert cited == []
    assert not pattern.search(readme)
