"""Read-only sessions: no transaction on PostgreSQL, and the pooled connection comes back clean."""

from __future__ import annotations

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from backend.db import read_session, session_factory
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
