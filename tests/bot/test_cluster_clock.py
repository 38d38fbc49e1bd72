"""The handoff desk's test clock (backend/handoffs/clock.py) is one clock for every backend
instance: moved through one, every other answers by it; without Redis, one process's own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker

from backend.app import create_app
from backend.db import make_engine, session_factory
from backend.handoffs.clock import PREFIX, HandoffClock
from backend.handoffs.service import NOBODY_AVAILABLE
from backend.migrate import upgrade
from backorder_common.settings import Settings
from tests.conftest import API_KEY, OPERATOR_KEY, TODAY

TUESDAY = dt.datetime(2026, 11, 24, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))  # in hours
SATURDAY = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))  # closed


def settings(database: str, redis_url: str | None, now: dt.datetime | None = TUESDAY) -> Settings:
    return Settings(
        database_url=database,
        redis_url=redis_url,
        backend_api_key=API_KEY,
        backend_operator_key=OPERATOR_KEY,
        rasa_token="test-rasa-token",
        backorder_today=TODAY,
        backorder_now=now,
    )


@pytest.fixture
def database(tmp_path: Path) -> Iterator[sessionmaker]:  # type: ignore[type-arg]
    """One database for the instances, as in the cluster."""
    url = f"sqlite:///{tmp_path / 'backend.db'}"
    upgrade(url)
    engine = make_engine(url)
    yield session_factory(engine)
    engine.dispose()


def instance(config: Settings, database: sessionmaker) -> TestClient:  # type: ignore[type-arg]
    """One backend instance: an app of its own (its own process state), the shared database."""
    return TestClient(create_app(config, sessionmaker=database))


def in_hours(backend: TestClient, conversation: str) -> bool:
    response = backend.post(
        "/v1/handoffs",
        headers={"Authorization": f"Bearer {API_KEY}"},
        json={
            "conversation_id": conversation,
            "channel": "web",
            "reason": "asked",
            "summary": {"order_number": None, "intents": ["human_handoff"], "slots": {}},
            "transcript": [{"author": "customer", "text": "a person please"}],
        },
    )
    assert response.status_code == 201, response.text
    # No agent is on duty in this test: in support hours the customer hears the team is away,
    # out of them when it opens again.
    return response.json()["availability"]["back_at"] == NOBODY_AVAILABLE["en"]


def move(backend: TestClient, moment: dt.datetime) -> int:
    return backend.put(
        "/v1/handoffs/clock",
        headers={"Authorization": f"Bearer {OPERATOR_KEY}"},
        json={"now": moment.isoformat()},
    ).status_code


def test_a_clock_moved_through_one_instance_is_the_clock_of_every_instance(
    redis_url: str,
    database: sessionmaker,  # type: ignore[type-arg]
) -> None:
    url = str(database.kw["bind"].url)
    config = settings(url, redis_url)
    with instance(config, database) as first, instance(config, database) as second:
        assert in_hours(second, "web:before-move")
        assert move(first, SATURDAY) == 200
        assert not in_hours(second, "web:after-move1")  # the other instance's clock moved too
        assert not in_hours(first, "web:after-move2")
        assert move(second, TUESDAY) == 200
        assert in_hours(first, "web:moved-back1")
    store = redis.Redis.from_url(redis_url)
    key = PREFIX + TUESDAY.isoformat()
    assert 0 < store.ttl(key) <= 24 * 3600  # a demo left overnight starts afresh
    store.close()


def test_a_moved_clock_belongs_to_its_frozen_moment_and_a_real_clock_ignores_it(
    redis_url: str,
) -> None:
    one, other = (HandoffClock.from_settings(settings("sqlite://", redis_url)) for _ in range(2))
    one.move(SATURDAY)
    assert one.now() == other.now() == SATURDAY
    # A run frozen at another moment does not inherit this one's move.
    wednesday = TUESDAY + dt.timedelta(days=1)
    elsewhen = HandoffClock.from_settings(settings("sqlite://", redis_url, now=wednesday))
    assert elsewhen.now() == wednesday
    real = HandoffClock.from_settings(settings("sqlite://", redis_url, now=None))
    assert not real.frozen
    assert abs(real.now() - dt.datetime.now(dt.UTC)) < dt.timedelta(seconds=5)
    for clock in (one, other, elsewhen, real):
        clock.close()


def test_without_redis_the_clock_is_the_process_own(
    database: sessionmaker,  # type: ignore[type-arg]
) -> None:
    config = settings(str(database.kw["bind"].url), None)
    with instance(config, database) as backend:
        assert move(backend, SATURDAY) == 200
        assert not in_hours(backend, "web:alone1")
    real = settings(str(database.kw["bind"].url), None, now=None)
    with instance(real, database) as backend:
        assert move(backend, SATURDAY) == 404  # a real clock cannot be moved
