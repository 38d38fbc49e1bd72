"""Engine, sessions and the column types the models share."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import CursorResult, Dialect, Result
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

READ_ONLY = "backorder_read_only"  # execution option: this transaction will not write

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime stored in UTC and read back aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a timezone")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        _make_sqlite_transactional(engine)
        return engine
    engine = create_engine(url, **kwargs)
    _ping_when_idle(engine)
    return engine


PING_AFTER_IDLE_SECONDS = 10.0


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use when it sat idle for a while (the server may have
    restarted or dropped it since); a dead one is replaced before the request sees it.

    SQLAlchemy's `pool_pre_ping` does this on every checkout, one more round trip per request;
    a connection in steady use was alive milliseconds ago. If the server goes away mid-load, the
    statement that meets the broken connection fails and SQLAlchemy discards the whole pool.
    """

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError(f"idle connection failed its ping: {error}") from error


def _make_sqlite_transactional(engine: Engine) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; let SQLAlchemy
    # emit BEGIN itself, turn on foreign keys and wait for a writer rather than failing at once.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL stays consistent after a crash and loses nothing an app crash
        # could; it skips an fsync per commit, which caps SQLite at ~50 commits a second.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A transaction that may write takes the write lock up front (IMMEDIATE): a deferred one
        # that read first and writes later fails at once with "database is locked" when another
        # connection wrote in between (a WAL snapshot can't be upgraded), whatever the busy
        # timeout. Read-only transactions stay deferred, so readers never queue behind writers.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def _session(make: sessionmaker[Session], read_only: bool) -> Iterator[Session]:
    with make() as session:
        if read_only:
            options: dict[str, Any] = {READ_ONLY: True}
            bind = session.get_bind()
            if isinstance(bind, Engine) and bind.dialect.name == "postgresql":
                # Reads need no transaction: under READ COMMITTED every statement takes its own
                # snapshot anyway, and BEGIN and COMMIT cost two round trips per request.
                options["isolation_level"] = "AUTOCOMMIT"
            session.connection(execution_options=options)
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; the request commits on success and rolls back on error."""
    yield from _session(request.app.state.sessionmaker, read_only=False)


def get_read_session(request: Request) -> Iterator[Session]:
    """The same for a request that only reads (on SQLite: a deferred transaction)."""
    yield from _session(request.app.state.sessionmaker, read_only=True)


@contextmanager
def read_session(make: sessionmaker[Session]) -> Iterator[Session]:
    """`get_read_session` outside a dependency: for a route that runs its reads in one go."""
    yield from _session(make, read_only=True)


# scope="function": commit before the response leaves, so a 200 means the change is stored.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
ReadSessionDep = Annotated[Session, Depends(get_read_session, scope="function")]


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE matched (`Session.execute` is typed as returning a plain Result)."""
    assert isinstance(result, CursorResult)
    return int(result.rowcount)
