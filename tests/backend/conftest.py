"""Backend tests run on SQLite always and on PostgreSQL too when TEST_POSTGRES_URL is set.

Each database gets the schema once, through the Alembic migrations; each test then runs inside a
transaction that is rolled back, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session, sessionmaker

from backend.app import create_app
from backend.db import make_engine
from backend.migrate import upgrade
from backorder_common.settings import Settings
from tests.conftest import API_KEY, OPERATOR_KEY, in_ci


def _postgres_params() -> list[object]:
    url = os.environ.get("TEST_POSTGRES_URL")
    if url:
        return [pytest.param(url, id="postgres", marks=pytest.mark.postgres)]
    if in_ci():
        return [pytest.param(None, id="postgres", marks=pytest.mark.postgres)]
    return []


@pytest.fixture(scope="session", params=[pytest.param("sqlite", id="sqlite"), *_postgres_params()])
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        upgrade(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()
        return
    if request.param is None:
        pytest.fail("CI is set but TEST_POSTGRES_URL is not: the PostgreSQL tests must run in CI")
    yield from _postgres_engine(request.param)


def _postgres_engine(base_url: str) -> Iterator[Engine]:
    # A schema of our own, so a run never touches another run's tables in the shared database.
    schema = f"test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base_url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means the same here
        admin.dispose()
        message = f"PostgreSQL at TEST_POSTGRES_URL is unreachable: {exc}"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    separator = "&" if "?" in base_url else "?"
    url = f"{base_url}{separator}options=-csearch_path%3D{schema}"
    try:
        upgrade(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def make_session(connection: Connection) -> sessionmaker[Session]:
    # Commits inside the code under test only release a savepoint of the test's transaction.
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def session(make_session: sessionmaker[Session]) -> Iterator[Session]:
    with make_session() as session:
        yield session


@pytest.fixture
def client(settings: Settings, make_session: sessionmaker[Session]) -> Iterator[TestClient]:
    app = create_app(settings, sessionmaker=make_session)
    with TestClient(app, headers={"Authorization": f"Bearer {API_KEY}"}) as client:
        yield client


@pytest.fixture
def operator(client: TestClient) -> TestClient:
    """The same app as `client`, with the operator's key (purchase orders, dispatch, ...)."""
    return TestClient(client.app, headers={"Authorization": f"Bearer {OPERATOR_KEY}"})
