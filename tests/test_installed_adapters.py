"""An installed adapter that is broken is isolated, as the hookspecs promise: one that fails
to import is named and the run goes on; one whose source fails to load is named, and every
control that needed what it would have supplied reports ``error``, never ``pass``.

The adapters are installed for real, as distributions with an entry point in the
``jcp_controls`` group (a ``.dist-info`` folder on the path of the process that runs the
command line)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jcp_controls.demo import write_demo

FLAKY = """
import jcp_controls as jc


def _load(location, progress=None):
    raise OSError(f"cannot reach {location}")


SOURCE = jc.EvidenceSource(
    name="flaky",
    schemes=("flaky",),
    kinds=frozenset({jc.RecordKind.ACCESS_GRANTS}),
    load=_load,
    description="an LMS adapter whose server is down",
)


@jc.hookimpl
def jcp_controls_sources():
    return (SOURCE,)
"""


def _install(site: Path, name: str, module: str, source: str) -> None:
    """A distribution ``name`` whose entry point in ``jcp_controls`` is ``module``."""
    (site / f"{module}.py").write_text(source, encoding="utf-8")
    info = site / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[jcp_controls]\n{name} = {module}\n", encoding="utf-8"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    _install(site, "broken-adapter", "broken_adapter", 'raise RuntimeError("broken at import")\n')
    _install(site, "flaky-adapter", "flaky_adapter", FLAKY)
    write_demo(site / "evidence", offices=2, seed=3, as_of=dt.date(2026, 11, 30))
    return site


def _cli(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, "-m", "jcp_controls", *args],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_plugins_lists_the_adapters_and_names_the_broken_one(site: Path) -> None:
    done = _cli(site, "plugins")
    assert done.returncode == 0, done.stderr
    assert "flaky (flaky:): an LMS adapter whose server is down" in done.stdout
    assert "kinds: access_grants" in done.stdout
    assert "failed: broken-adapter (load): RuntimeError: broken at import" in done.stdout


def test_a_source_that_fails_is_named_and_its_controls_report_error(site: Path) -> None:
    done = _cli(
        site, "evaluate", "evidence", "flaky:lms.example", "--as-of", "2026-11-30",
        "--only", "ACC-001,SEC-001", "--format", "json",
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # errors are at or above --fail-on fail
    report = json.loads(done.stdout)
    named = {(error["source"], error["message"]) for error in report["input_errors"]}
    assert (
        "flaky",
        "plugin failed (load flaky:lms.example): OSError: cannot reach lms.example",
    ) in named
    assert any(source == "broken-adapter" for source, _ in named)
    counts = {control["control_id"]: control["counts"] for control in report["controls"]}
    assert counts["ACC-001"]["pass"] == 0
    assert counts["ACC-001"]["error"] > 0
    assert counts["SEC-001"]["error"] == 0  # what the failed source would not supply is fine
    assert "plugin flaky failed" in done.stderr
