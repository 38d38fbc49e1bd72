"""Read-only sessions: no transaction on PostgreSQL, and the pooled connection comes back clean;
pooled connections idle for a while are checked before use."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from backend import db
from backend.db import make_engine, read_session, session_factory
from backend.models import Supplier


def autocommit(session: Session) -> bool:
    return bool(getattr(session.connection().connection.dbapi_connection, "autocommit", False))


def test_reads_run_without_a_transaction_on_postgresql_only(engine: Engine):
    make = session_factory(engine)
    with read_session(make) as session:
        session.execute(select(func.count()).select_from(Supplier)).scalar_one()
        assert autocommit(session) == (engine.dialect.name == "postgresql")

    # The connection goes back to the pool transactional: a rolled-back write leaves nothing.
    with make() as session:
        assert not autocommit(session)
        session.add(Supplier(supplier_id="SUP-ROLLED-BACK", name="Gone", lead_time_days=3))
        session.flush()
        session.rollback()
    with read_session(make) as session:
        found = session.execute(select(Supplier).where(Supplier.supplier_id == "SUP-ROLLED-BACK"))
        assert found.first() is None


def test_a_connection_dropped_while_idle_is_replaced_before_use(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    if engine.dialect.name != "postgresql":
        pytest.skip("a server that drops connections: PostgreSQL")
    own = make_engine(engine.url.render_as_string(hide_password=False), pool_size=1)
    try:
        with own.connect() as connection:
            pid = connection.execute(text("select pg_backend_pid()")).scalar_one()
        with engine.begin() as admin:  # the server ends the pooled connection's backend
            admin.execute(text("select pg_terminate_backend(:pid)"), {"pid": pid})
        monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)  # it sat idle long enough
        with own.connect() as connection:
            assert connection.execute(text("select pg_backend_pid()")).scalar_one() != pid
    finally:
        own.dispose()


def test_a_connection_in_steady_use_is_not_pinged(engine: Engine, monkeypatch: pytest.MonkeyPatch):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's connections are to a file: nothing to ping")
    own = make_engine(engine.url.render_as_string(hide_password=False), pool_size=1)
    pings: list[object] = []
    ping = own.dialect.do_ping
    monkeypatch.setattr(own.dialect, "do_ping", lambda dbapi: pings.append(dbapi) or ping(dbapi))
    try:
        for _ in range(3):  # back in use at once
            with own.connect() as connection:
                connection.execute(text("select 1"))
        assert pings == []
        monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
        with own.connect() as connection:
            connection.execute(text("select 1"))
        assert len(pings) == 1
    finally:
        own.dispose()
