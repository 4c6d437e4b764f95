"""Opening a BCS database: URLs, engines, the schema version, ``init`` and ``upgrade``.

Every failure a user can cause (a URL that is not one, a database that does not exist, a
server that refuses the connection, a schema that is missing, old or newer than this adapter)
is a :class:`jcp_controls.UsageError` with one line naming the database (password hidden) and
what to do; the command lines turn it into exit status 2.

SQLite is the embedded default. Its writers take the database lock when their transaction
begins (``BEGIN IMMEDIATE``) and wait for it up to :data:`BUSY_TIMEOUT_S` seconds, so several
processes writing runs at once queue instead of failing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import jcp_controls as jc
import sqlalchemy as sa
from sqlalchemy import event, exc
from sqlalchemy.engine import make_url

__all__ = [
    "BUSY_TIMEOUT_S",
    "VERSION_TABLE",
    "Database",
    "connect",
    "current_revision",
    "head_revision",
    "init",
    "open_database",
    "parse_location",
    "upgrade",
]

#: The table in which Alembic records the schema revision (apart from any of BCS's own).
VERSION_TABLE = "jcp_bcs_schema_version"
#: How long a SQLite writer waits for the lock held by another process.
BUSY_TIMEOUT_S = 120

_MIGRATIONS = Path(__file__).parent / "migrations"


@attrs.frozen
class Database:
    """A BCS database location.

    Attributes:
        url: the SQLAlchemy URL to connect with (``mapping`` query parameter removed).
        shown: the URL with its password hidden, for messages and reports.
        mapping: the mapping file named by ``?mapping=``, if any.
    """

    url: sa.URL
    shown: str
    mapping: str | None = None

    @property
    def is_sqlite(self) -> bool:
        """True for a SQLite database."""
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        """The file of a SQLite database (None in memory or for another backend)."""
        database = self.url.database
        if not self.is_sqlite or not database or database == ":memory:":
            return None
        if database.startswith("file:"):
            return Path(database[5:].split("?", 1)[0])
        return Path(database)


def parse_location(location: str) -> Database:
    """The database a ``bcs:`` location names (the text after ``bcs:``).

    ``?mapping=PATH`` names a mapping file and is not passed to the database driver.

    Raises:
        jcp_controls.UsageError: the text is not a SQLAlchemy URL.
    """
    text = location.strip()
    try:
        url = make_url(text)
    except (exc.ArgumentError, ValueError):
        raise jc.UsageError(
            f"{location!r}: not a database URL (expected e.g. sqlite:///bcs.db or "
            "postgresql+psycopg://user@host:5432/bcs)"
        ) from None
    mapping = url.query.get("mapping")
    if isinstance(mapping, tuple):
        mapping = mapping[-1]
    url = url.difference_update_query(["mapping"])
    return Database(url, url.render_as_string(hide_password=True), mapping)


def _reason(error: BaseException) -> str:
    """The driver's own words for a failure, on one line."""
    original = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(original).splitlines() if line.strip()]
    reason = lines[-1] if lines else type(original).__name__
    return re.sub(r"^(FATAL|ERROR):\s*", "", reason)


def connect(database: Database, *, write: bool = False) -> sa.Engine:
    """An engine for ``database`` (no connection is made yet).

    Args:
        database: where.
        write: for SQLite, begin every transaction with ``BEGIN IMMEDIATE`` (the writer
            takes the lock at once and waits for it, instead of failing half-way).

    Raises:
        jcp_controls.UsageError: the URL names a database driver that is not installed.
    """
    connect_args: dict[str, Any] = {}
    if database.is_sqlite:
        connect_args["timeout"] = BUSY_TIMEOUT_S
    elif database.url.get_backend_name() == "postgresql":
        connect_args["connect_timeout"] = 10
    try:
        engine = sa.create_engine(
            database.url, poolclass=sa.pool.NullPool, connect_args=connect_args
        )
    except (exc.NoSuchModuleError, ImportError) as error:
        raise jc.UsageError(
            f"{database.shown}: cannot use this kind of database ({_reason(error)})"
        ) from None
    if database.is_sqlite:
        begin = "BEGIN IMMEDIATE" if write else "BEGIN"

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: sa.Connection) -> None:
            connection.exec_driver_sql(begin)

    return engine


@contextmanager
def opened(database: Database, engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection, with connection failures turned into one :class:`UsageError` line."""
    try:
        connection = engine.connect()
    except exc.DBAPIError as error:
        reason = _reason(error)
        hint = ""
        if "does not exist" in reason or "unable to open" in reason:
            hint = f" (create it with `jcp-controls-bcs init {database.shown}`)"
        raise jc.UsageError(
            f"{database.shown}: cannot open the BCS database: {reason}{hint}"
        ) from None
    try:
        yield connection
    finally:
        connection.close()


def _config(connection: sa.Connection | None = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _revisions() -> list[str]:
    """Every revision of the shipped migrations, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    """The newest schema revision this adapter ships."""
    return _revisions()[-1]


def current_revision(connection: sa.Connection) -> str | None:
    """The schema revision recorded in the database (None when it has none)."""
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    revision: str | None = context.get_current_revision()
    return revision


def _missing(database: Database) -> jc.UsageError:
    return jc.UsageError(
        f"{database.shown}: BCS database not found "
        f"(create it with `jcp-controls-bcs init {database.shown}`)"
    )


def open_database(database: Database, *, write: bool = False) -> sa.Engine:
    """An engine on an existing BCS database whose schema is at this adapter's revision.

    Raises:
        jcp_controls.UsageError: the database does not exist or cannot be reached, has no
            BCS schema, or its schema is older (run ``jcp-controls-bcs upgrade``) or newer
            (upgrade the adapter) than this adapter's.
    """
    path = database.sqlite_path
    if path is not None and not path.is_file():
        raise _missing(database)
    engine = connect(database, write=write)
    with opened(database, engine) as connection:
        try:
            current = current_revision(connection)
        except exc.DBAPIError as error:
            raise jc.UsageError(
                f"{database.shown}: cannot read the BCS schema version: {_reason(error)}"
            ) from None
        connection.rollback()
    _check_revision(database, current)
    return engine


def _check_revision(database: Database, current: str | None) -> None:
    known = _revisions()
    head = known[-1]
    if current == head:
        return
    if current is None:
        raise jc.UsageError(
            f"{database.shown}: not a BCS database for jcp-controls (no schema version; "
            f"create the schema with `jcp-controls-bcs init {database.shown}`)"
        )
    if current in known:
        raise jc.UsageError(
            f"{database.shown}: the BCS schema is at revision {current}, this adapter needs "
            f"{head}: run `jcp-controls-bcs upgrade {database.shown}`"
        )
    raise jc.UsageError(
        f"{database.shown}: the BCS schema is at revision {current}, unknown to this adapter "
        f"(newest {head}): upgrade jcp-controls-bcs"
    )


def _create_postgresql_database(database: Database) -> None:
    """Create the database named in a PostgreSQL URL, from the server's ``postgres`` one."""
    name = database.url.database
    if not name:
        raise jc.UsageError(f"{database.shown}: the URL names no database")
    server = attrs.evolve(database, url=database.url.set(database="postgres"))
    engine = connect(server)
    with opened(server, engine) as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        exists = connection.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if exists is None:
            quoted = connection.dialect.identifier_preparer.quote(name)
            connection.exec_driver_sql(f"CREATE DATABASE {quoted}")
    engine.dispose()


def _migrate(database: Database, engine: sa.Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_config(connection), revision)


def init(database: Database, *, revision: str = "head") -> str:
    """Create a BCS database (file or PostgreSQL database as needed) and its schema.

    Args:
        database: where.
        revision: the schema revision to create (the newest by default; an older one is for
            testing upgrades).

    Returns:
        The revision created.

    Raises:
        jcp_controls.UsageError: the database already holds a BCS schema, or cannot be
            created.
    """
    _check_target_revision(revision)
    path = database.sqlite_path
    if path is not None and not path.parent.is_dir():
        raise jc.UsageError(f"{database.shown}: folder {path.parent} does not exist")
    if database.url.get_backend_name() == "postgresql":
        _create_postgresql_database(database)
    engine = connect(database, write=True)
    try:
        with opened(database, engine) as connection:
            current = current_revision(connection)
            connection.rollback()
        if current is not None:
            raise jc.UsageError(
                f"{database.shown}: already holds a BCS schema (revision {current}); "
                f"use `jcp-controls-bcs upgrade {database.shown}`"
            )
        if path is not None:
            _use_wal(path)
        _migrate(database, engine, revision)
        with opened(database, engine) as connection:
            created = current_revision(connection) or ""
    finally:
        engine.dispose()
    return created


def _use_wal(path: Path) -> None:
    """Put a SQLite file in write-ahead-log mode (readers do not block the writer)."""
    import sqlite3

    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()


def _check_target_revision(revision: str) -> None:
    known = _revisions()
    if revision != "head" and revision not in known:
        raise jc.UsageError(
            f"unknown BCS schema revision {revision!r} (one of {', '.join(known)} or head)"
        )


def upgrade(database: Database, *, revision: str = "head") -> tuple[str, str]:
    """Migrate an existing BCS database's schema to ``revision`` (the newest by default).

    Returns:
        The revisions before and after.

    Raises:
        jcp_controls.UsageError: the database does not exist or has no BCS schema.
    """
    _check_target_revision(revision)
    path = database.sqlite_path
    if path is not None and not path.is_file():
        raise _missing(database)
    engine = connect(database, write=True)
    try:
        with opened(database, engine) as connection:
            before = current_revision(connection)
            connection.rollback()
        if before is None:
            raise jc.UsageError(
                f"{database.shown}: not a BCS database for jcp-controls (no schema version; "
                f"create the schema with `jcp-controls-bcs init {database.shown}`)"
            )
        if before not in _revisions():
            _check_revision(database, before)
        _migrate(database, engine, revision)
        with opened(database, engine) as connection:
            after = current_revision(connection) or ""
    finally:
        engine.dispose()
    return before, after


def is_locked(error: BaseException) -> bool:
    """True for SQLite's "database is locked" (another writer held the lock too long)."""
    return "database is locked" in str(getattr(error, "orig", error))


def ensure(database: Database) -> None:
    """Make sure ``database`` exists with the current BCS schema: create what is missing
    (the SQLite file or PostgreSQL database, the schema); refuse an older or unknown one.

    Raises:
        jcp_controls.UsageError: the schema is at another revision, or the database cannot be
            created or reached.
    """
    path = database.sqlite_path
    if path is not None and not path.exists():
        init(database)
        return
    if database.url.get_backend_name() == "postgresql":
        _create_postgresql_database(database)
    engine = connect(database, write=True)
    try:
        with opened(database, engine) as connection:
            current = current_revision(connection)
            connection.rollback()
        if current is None:
            _migrate(database, engine, "head")
        else:
            _check_revision(database, current)
    finally:
        engine.dispose()
