"""The `backorder up` supervisor: ports checked first, a dying process stops the rest."""

from __future__ import annotations

import socket
import sys
import time

import pytest

from backorder_common.settings import Settings
from bot import stack


def test_a_port_in_use_is_named_with_its_setting():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        service = stack.Service("gateway", port, "true", "http://unused", "GATEWAY_PORT")
        with pytest.raises(stack.StackError) as error:
            stack.check_ports_free([service])
    assert f"port {port} (gateway) is already in use" in str(error.value)
    assert "GATEWAY_PORT" in str(error.value)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_process_dying_on_start_stops_the_others(monkeypatch, capsys, settings: Settings):
    monkeypatch.setattr(stack, "check_model", lambda: None)
    python = sys.executable
    services = [
        stack.Service(
            "sleeper",
            free_port(),
            f"{python} -c 'import time; time.sleep(60)'",
            "http://127.0.0.1:9/none",
            "SLEEPER_PORT",
        ),
        stack.Service(
            "crasher",
            free_port(),
            f"{python} -c 'import sys; sys.exit(3)'",
            "http://127.0.0.1:9/none",
            "CRASHER_PORT",
        ),
    ]
    started = time.monotonic()
    code = stack.run(settings, services, timeout=30)
    assert code != 0
    assert time.monotonic() - started < 20, "the sleeper should have been stopped at once"
    captured = capsys.readouterr()
    assert "crasher stopped (rc=3)" in captured.out
    assert "the stack did not come up" in captured.err


def test_a_service_never_healthy_stops_everything(monkeypatch, capsys, settings: Settings):
    monkeypatch.setattr(stack, "check_model", lambda: None)
    services = [
        stack.Service(
            "mute",
            free_port(),
            f"{sys.executable} -c 'import time; time.sleep(60)'",
            "http://127.0.0.1:9/none",
            "MUTE_PORT",
        )
    ]
    assert stack.run(settings, services, timeout=2) == 1
    captured = capsys.readouterr()
    assert "not ready after 2 s: mute" in captured.out


def test_the_backend_runs_as_many_uvicorn_workers_as_backend_workers_says(settings: Settings):
    assert "--workers 1 " in stack.services(settings)[0].command
    busier = settings.model_copy(update={"backend_workers": 2})
    backend = next(s for s in stack.services(busier) if s.name == "backend")
    assert "--workers 2 " in backend.command


def test_the_embedded_endpoints_are_the_repositorys_with_this_machines_action_port(
    settings: Settings, tmp_path
):
    from ruamel.yaml import YAML

    written = stack.rasa_endpoints(settings.model_copy(update={"actions_port": 5999}), tmp_path)
    assert written == tmp_path / "endpoints.yml"
    assert written.stat().st_mode & 0o777 == 0o600
    endpoints = YAML(typ="safe").load(written.read_text())
    ours = YAML(typ="safe").load((stack.ROOT / "endpoints.yml").read_text())
    assert endpoints["tracker_store"] == ours["tracker_store"]  # SQLite in var/
    assert endpoints["action_endpoint"] == {"url": "http://127.0.0.1:5999/webhook"}
    assert "lock_store" not in endpoints
    assert set(endpoints) == set(ours)
    rasa = next(s for s in stack.services(settings) if s.name == "rasa")
    assert rasa.command.startswith("env SANIC_WORKERS=1 ")


def test_on_postgresql_and_redis_rasa_shares_trackers_locks_and_the_balancer(
    settings: Settings, tmp_path
):
    from ruamel.yaml import YAML

    cluster = settings.model_copy(
        update={
            "database_url": "postgresql+psycopg://shop:p%40ss%24word@db.internal:5433/shop"
            "?sslmode=require",
            "redis_url": "redis://127.0.0.1:6379/2",
            "actions_url": "http://127.0.0.1:5055/",
        }
    )
    written = stack.rasa_endpoints(cluster, tmp_path)
    assert "p@ss$word" in written.read_text()  # quoted: Rasa expands no ${...} in it
    endpoints = YAML(typ="safe").load(written.read_text())
    assert endpoints["tracker_store"] == {
        "type": "rasa_components.tracker_store.CachedSQLTrackerStore",
        "dialect": "postgresql",
        "url": "db.internal",
        "port": 5433,
        "db": "shop",
        "username": "shop",
        "password": "p@ss$word",
        "query": {"sslmode": "require"},
    }
    assert endpoints["lock_store"]["type"] == "redis"
    assert endpoints["lock_store"]["db"] == 2
    assert endpoints["action_endpoint"] == {"url": "http://127.0.0.1:5055/webhook"}


def test_several_rasa_workers_need_redis_for_their_locks(settings: Settings, tmp_path):
    busier = settings.model_copy(update={"rasa_workers": 2, "redis_url": None})
    with pytest.raises(stack.StackError, match="RASA_WORKERS=2 needs REDIS_URL"):
        stack.rasa_endpoints(busier, tmp_path)


def test_several_rasa_workers_share_a_redis_lock_store(settings: Settings, tmp_path):
    from ruamel.yaml import YAML

    busier = settings.model_copy(
        update={"rasa_workers": 2, "redis_url": "redis://:s%40cret@cache.internal:6380/3"}
    )
    written = stack.rasa_endpoints(busier, tmp_path)
    assert written == tmp_path / "endpoints.yml"
    endpoints = YAML(typ="safe").load(written.read_text())
    assert endpoints["lock_store"] == {
        "type": "redis",
        "url": "cache.internal",
        "port": 6380,
        "db": 3,
        "key_prefix": "backorder",
        "password": "s@cret",
    }
    ours = YAML(typ="safe").load((stack.ROOT / "endpoints.yml").read_text())
    assert endpoints["tracker_store"] == ours["tracker_store"]
    assert endpoints["action_endpoint"] == {"url": "http://127.0.0.1:5055/webhook"}
