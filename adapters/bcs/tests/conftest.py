"""Fixtures: a throwaway PostgreSQL server, a BCS database on SQLite and on PostgreSQL, and a
small demo evidence folder.

The PostgreSQL server is started once per session from the system's PostgreSQL binaries
(Debian's ``postgresql`` package), in a temporary folder, on a free localhost port, and
stopped at the end. As root it runs as the ``postgres`` user. Without PostgreSQL installed
the PostgreSQL tests fail with a message saying what to install: they are never skipped.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import jcp_controls as jc
import pytest
import sqlalchemy as sa

AS_OF = "2026-11-30"
_PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
_COUNTER = itertools.count(1)


def _pg_bin(name: str) -> str:
    for folder in _PG_BIN_DIRS:
        if (folder / name).is_file():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"PostgreSQL's {name} not found: the BCS tests need a PostgreSQL server "
            "(apt-get install postgresql)",
            pytrace=False,
        )
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server of its own; yields its URL without a database name."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    folder = Path(tempfile.mkdtemp(prefix="jcp-bcs-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    port = _free_port()
    subprocess.run(
        _as_server_user(
            [initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "-N"]
        ),
        check=True,
        capture_output=True,
    )
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
    )
    started = subprocess.run(
        _as_server_user(
            [pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"]
        ),
        capture_output=True,
        text=True,
    )
    if started.returncode != 0:
        log = (folder / "log").read_text() if (folder / "log").exists() else ""
        pytest.fail(f"PostgreSQL did not start: {started.stderr}{log}", pytrace=False)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a BCS database that does not exist yet, on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bcs.db'}"
    server: str = request.getfixturevalue("postgres_server")
    return f"{server}/bcs_{os.getpid()}_{next(_COUNTER)}"


@pytest.fixture(scope="session")
def postgres_template(postgres_server: str) -> str:
    """The name of a PostgreSQL database with the current BCS schema, to copy from."""
    from jcp_controls_bcs.database import init, parse_location

    init(parse_location(f"{postgres_server}/bcs_template"))
    return "bcs_template"


@pytest.fixture
def bcs_url(db_url: str, request: pytest.FixtureRequest) -> str:
    """The URL of a new BCS database with the current schema and no rows."""
    from jcp_controls_bcs.database import init, parse_location

    if not db_url.startswith("postgresql"):
        init(parse_location(db_url))
        return db_url
    template: str = request.getfixturevalue("postgres_template")
    server, name = db_url.rsplit("/", 1)
    _copy(server, template, name)
    return db_url


def _copy(server: str, template: str, name: str) -> None:
    engine = sa.create_engine(f"{server}/postgres", poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            f"CREATE DATABASE {name} TEMPLATE {template}"
        )
    engine.dispose()


@pytest.fixture
def postgres_bcs_url(postgres_server: str, postgres_template: str) -> str:
    """A new BCS database with the current schema on the PostgreSQL server only."""
    name = f"bcs_{os.getpid()}_{next(_COUNTER)}"
    _copy(postgres_server, postgres_template, name)
    return f"{postgres_server}/{name}"


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-office demo evidence folder, as ``jcp-controls demo`` writes it."""
    folder = tmp_path_factory.mktemp("demo") / "evidence"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jcp_controls",
            "demo",
            "--offices",
            "2",
            "--seed",
            "11",
            "--out",
            str(folder),
            "--as-of",
            AS_OF,
            "--output",
            os.devnull,
        ],
        check=True,
        capture_output=True,
    )
    return folder


@pytest.fixture(scope="session")
def demo_report(demo_folder: Path) -> jc.Report:
    """The demo folder evaluated by the core alone (no adapter registered)."""
    plugins = jc.Plugins(entry_points=False)
    return jc.evaluate(jc.load(demo_folder, plugins=plugins), as_of=AS_OF, plugins=plugins)


@pytest.fixture
def no_results_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ``JCP_BCS_RESULTS_URL`` or ``JCP_BCS_MAPPING`` from the environment."""
    monkeypatch.delenv("JCP_BCS_RESULTS_URL", raising=False)
    monkeypatch.delenv("JCP_BCS_MAPPING", raising=False)
