"""Settings: one var/ wherever a command runs from; what refuses to start outside development."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

import backorder_common.settings as settings_module
from backend.cli import main
from backorder_common.settings import VAR_DIR, Settings
from bot import stack

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("BACKORDER_ENV", "ALLOWED_ORIGINS", "BACKORDER_NOW", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ALLOWED_ORIGINS", "*"),
        ("ALLOWED_ORIGINS", "https://shop.example, *"),
        ("BACKORDER_NOW", "2026-11-28T12:00:00+03:00"),
    ],
)
def test_production_refuses_what_only_development_needs(clean_env, name, value) -> None:
    clean_env.setenv("BACKORDER_ENV", "production")
    clean_env.setenv(name, value)
    with pytest.raises(ValidationError, match=name):
        Settings()
    clean_env.setenv("BACKORDER_ENV", "development")
    Settings()  # a developer's machine, a test, a demo: allowed
    clean_env.delenv("BACKORDER_ENV")
    Settings()  # development is the default


def test_production_takes_listed_origins_and_a_real_clock(clean_env) -> None:
    clean_env.setenv("BACKORDER_ENV", "production")
    clean_env.setenv("ALLOWED_ORIGINS", "https://shop.example,https://www.shop.example")
    settings = Settings()
    assert settings.backorder_env == "production"
    assert settings.backorder_now is None


def test_an_unknown_environment_is_refused(clean_env) -> None:
    clean_env.setenv("BACKORDER_ENV", "prod")
    with pytest.raises(ValidationError, match="backorder_env"):
        Settings()


def test_the_cli_says_why_it_refuses_to_start(clean_env, capsys) -> None:
    clean_env.setenv("BACKORDER_ENV", "production")
    clean_env.setenv("ALLOWED_ORIGINS", "*")
    clean_env.setenv("DATABASE_URL", "sqlite://")
    settings_module.get_settings.cache_clear()
    try:
        assert main(["migrate"]) == 2
    finally:
        settings_module.get_settings.cache_clear()
    assert "ALLOWED_ORIGINS=*" in capsys.readouterr().err


def test_var_is_the_repository_s_wherever_a_command_runs(clean_env, tmp_path: Path) -> None:
    clean_env.chdir(tmp_path)
    assert VAR_DIR == ROOT / "var"
    assert Settings().database_url == f"sqlite:///{ROOT / 'var' / 'backorder.db'}"
    assert Settings(database_url="sqlite:///var/other.db").database_url == (
        f"sqlite:///{ROOT / 'var' / 'other.db'}"
    )
    # Other URLs are taken as they are.
    assert Settings(database_url="sqlite:///elsewhere.db").database_url == "sqlite:///elsewhere.db"
    assert Settings(database_url="sqlite://").database_url == "sqlite://"
    # `backorder up` writes Rasa's endpoints where the generated secrets are.
    assert stack.rasa_endpoints.__defaults__ == (VAR_DIR,)


def test_generated_secrets_go_to_var_not_the_working_directory(clean_env, tmp_path: Path) -> None:
    var = tmp_path / "project" / "var"
    clean_env.setattr(settings_module, "VAR_DIR", var)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    clean_env.chdir(elsewhere)
    settings = Settings(backend_api_key=None, rasa_token=None, agent_session_secret=None)
    key = settings.api_key()
    assert (var / "backend_api_key").read_text().strip() == key
    assert settings.rasa_api_token() == (var / "rasa_token").read_text().strip()
    assert settings.session_secret() == (var / "agent_session_secret").read_text().strip()
    assert not (elsewhere / "var").exists()
    assert Settings(backend_api_key=None).api_key() == key  # read back, not generated again


CLUSTER = {
    "BACKORDER_INSTANCES": "2",
    "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/shop",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "BACKEND_API_KEY": "k1",
    "BACKEND_OPERATOR_KEY": "k2",
    "RASA_TOKEN": "k3",
    "AGENT_SESSION_SECRET": "k4",
}


@pytest.fixture
def cluster_env(clean_env) -> pytest.MonkeyPatch:
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET"):
        clean_env.delenv(name, raising=False)
    for name, value in CLUSTER.items():
        clean_env.setenv(name, value)
    return clean_env


def test_a_cluster_starts_with_shared_engines_and_secrets(cluster_env) -> None:
    assert Settings().backorder_instances == 2


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("BACKEND_API_KEY", "BACKEND_API_KEY"),
        ("BACKEND_OPERATOR_KEY", "BACKEND_OPERATOR_KEY"),
        ("RASA_TOKEN", "RASA_TOKEN"),
        ("AGENT_SESSION_SECRET", "AGENT_SESSION_SECRET"),
        ("REDIS_URL", "REDIS_URL must be set"),
        ("DATABASE_URL", "DATABASE_URL must be PostgreSQL"),
    ],
)
def test_a_cluster_refuses_a_secret_or_engine_it_would_not_share(cluster_env, name, said) -> None:
    cluster_env.delenv(name)
    with pytest.raises(ValidationError, match=said):
        Settings()
    cluster_env.delenv("BACKORDER_INSTANCES")
    Settings()  # one process of each: generated into var/, SQLite, no Redis, as before


def test_a_cluster_takes_telegram_only_by_webhook_with_a_shared_secret(cluster_env) -> None:
    cluster_env.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    with pytest.raises(ValidationError, match="TELEGRAM_WEBHOOK_URL") as refused:
        Settings()
    assert "TELEGRAM_WEBHOOK_SECRET" in str(refused.value)
    cluster_env.setenv("TELEGRAM_WEBHOOK_URL", "https://shop.example/telegram/webhook")
    cluster_env.setenv("TELEGRAM_WEBHOOK_SECRET", "s3cret")
    Settings()
