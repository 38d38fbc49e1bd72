"""Every setting of the project, read from the environment in one place.

Backend, action server, gateway and CLI all call `get_settings()`; nothing else reads
`os.environ`. Names and defaults are fixed by shared/CONTRACT.md.

`var/` (generated secrets, the default SQLite database, Rasa's tracker store) is the repository's
`var/` wherever a command runs from: `VAR_DIR`, the one place it is resolved.
Outside development (BACKORDER_ENV=production) settings that only make sense on a developer's
machine refuse to start.
"""

from __future__ import annotations

import datetime as dt
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal, Self
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The repository's var/ (the project is installed editable, `make setup`): the same directory for
# the CLI run from anywhere and for the services `backorder up` starts from the repository root.
VAR_DIR = Path(__file__).resolve().parent.parent / "var"
DEFAULT_DATABASE_URL = "sqlite:///var/backorder.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    # development (the default: `make run`, tests, demos) or production, where the settings
    # that freeze time or open the web chat to every site refuse to start.
    backorder_env: Literal["development", "production"] = "development"

    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    backend_url: str = "http://127.0.0.1:8000"
    backend_api_key: str | None = None
    # The operations key (purchase orders, receipts, dispatch, reports, dead letters, agents, the
    # test clock); generated into var/ when unset. The customer-facing key above can't call them.
    backend_operator_key: str | None = None
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str | None = None  # for Rasa's HTTP API; generated into var/ when unset
    # Where Rasa reaches the action server (`backorder up` writes it into Rasa's endpoints); by
    # default this machine's ACTIONS_PORT.
    actions_url: str | None = None

    # Cluster mode (`BACKORDER_INSTANCES=N backorder up`): N instances of every service behind
    # HAProxy, on PostgreSQL and Redis. Unset: one process of each, as `make run` starts them.
    backorder_instances: int | None = Field(default=None, ge=1, le=16)

    gateway_port: int = 8080
    backend_port: int = 8000
    rasa_port: int = 5005
    actions_port: int = 5055
    # uvicorn processes serving the backend (`backorder up`): one Python process tops out at one
    # core; 2 roughly doubled lookups per second on the 2-core benchmark machine.
    backend_workers: int = Field(default=1, ge=1)
    # Rasa worker processes (`backorder up`). More than 1 needs REDIS_URL: the workers share
    # conversation locks through Redis (Rasa's RedisLockStore).
    rasa_workers: int = Field(default=1, ge=1)

    telegram_bot_token: str | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    # Other sites that may embed the web chat widget: comma-separated origins
    # ("https://shop.example,https://www.shop.example") or "*"; the gateway's own origin always.
    allowed_origins: str = ""

    smtp_url: str | None = None
    mail_from: str = "Byte Bazaar support <support@bytebazaar.example>"
    # Delivery of notifications: Telegram's limit is about 30 messages a second in all.
    telegram_messages_per_second: float = Field(default=29.5, gt=0)
    delivery_worker: bool = True  # run the delivery worker inside the gateway
    # How long a claimed message stays with its worker; a dead worker's messages wait this long.
    delivery_lease_seconds: int = Field(default=60, ge=5, le=3600)

    support_hours: str = "Mon-Fri 10:00-18:00 Europe/Istanbul"
    handling_days: int = Field(default=1, ge=0, le=30)
    backorder_today: dt.date | None = None
    # Days without agents on duty (dates in the shop's time zone): "2026-12-31,2027-01-01".
    support_holidays: str = ""
    # Freezes "now" (ISO 8601 with offset) for support hours and queue waits: tests and demos.
    backorder_now: dt.datetime | None = None
    # Signs the agent console's session cookies; generated into var/ when unset.
    agent_session_secret: str | None = None
    # How long an agent stays logged in to the console.
    agent_session_hours: float = Field(default=12, gt=0, le=24 * 30)

    # Seconds the actions and the gateway wait for the backend and Rasa before giving up.
    backend_timeout: float = Field(default=5.0, gt=0)
    rasa_timeout: float = Field(default=8.0, gt=0)

    @field_validator("backorder_today", "backorder_now", mode="before")
    @classmethod
    def _empty_today_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("database_url")
    @classmethod
    def _sqlite_in_var(cls, value: str) -> str:
        # "sqlite:///var/..." (the default) means the project's var/, not var/ under whatever
        # directory a command runs from.
        prefix = "sqlite:///var/"
        return (
            f"sqlite:///{VAR_DIR / value.removeprefix(prefix)}"
            if value.startswith(prefix)
            else value
        )

    @model_validator(mode="after")
    def _refuse_what_a_cluster_cannot_share(self) -> Self:
        if self.backorder_instances is None:
            return self
        problems = cluster_problems(self)
        if problems:
            raise ValueError(
                f"BACKORDER_INSTANCES={self.backorder_instances} (cluster mode): "
                + "; ".join(problems)
            )
        return self

    @model_validator(mode="after")
    def _refuse_unsafe_outside_development(self) -> Self:
        if self.backorder_env == "development":
            return self
        if any(o.strip() == "*" for o in self.allowed_origins.split(",")):
            raise ValueError(
                "ALLOWED_ORIGINS=* lets every website embed the chat and talk to the gateway as"
                " its visitors; list the sites (outside BACKORDER_ENV=development)"
            )
        if self.backorder_now is not None:
            raise ValueError(
                "BACKORDER_NOW freezes the clock of support hours and queue waits (and lets"
                " PUT /v1/handoffs/clock move it); it is for tests and demos only"
                " (outside BACKORDER_ENV=development)"
            )
        return self

    def actions_endpoint(self) -> str:
        """The action server's base URL as Rasa should call it."""
        return (self.actions_url or f"http://127.0.0.1:{self.actions_port}").rstrip("/")

    def now(self) -> dt.datetime:
        """The current moment (aware), unless BACKORDER_NOW freezes it."""
        return self.backorder_now or dt.datetime.now(dt.UTC)

    def session_secret(self) -> str:
        """The agent console's cookie signing key: the setting, else the one in var/."""
        return self.agent_session_secret or secret_file("agent_session_secret")

    def api_key(self) -> str:
        """The bearer token for /v1: the setting, else the one generated into var/ on first use."""
        return self.backend_api_key or secret_file("backend_api_key")

    def operator_key(self) -> str:
        """The bearer token of operator routes: the setting, else the one generated into var/."""
        return self.backend_operator_key or secret_file("backend_operator_key")

    def rasa_api_token(self) -> str:
        """The token of Rasa's HTTP API: the setting, else the one generated into var/."""
        return self.rasa_token or secret_file("rasa_token")

    def store_timezone(self) -> ZoneInfo:
        """The shop's time zone: the last word of SUPPORT_HOURS."""
        return ZoneInfo(self.support_hours.split()[-1])

    def today(self) -> dt.date:
        """Today in the shop's time zone, unless BACKORDER_TODAY freezes it."""
        return self.backorder_today or dt.datetime.now(self.store_timezone()).date()


# Secrets every instance must share: one generated into each process's var/ would differ between
# machines (a key one backend accepts and another refuses, cookies one gateway signed and another
# rejects), so in cluster mode they come from the environment or nothing starts.
CLUSTER_SECRETS = (
    "backend_api_key",
    "backend_operator_key",
    "rasa_token",
    "agent_session_secret",
)


def cluster_problems(settings: Settings) -> list[str]:
    """Why these settings cannot run as several instances; empty when they can."""
    problems = []
    if not settings.database_url.startswith("postgresql"):
        problems.append("DATABASE_URL must be PostgreSQL (postgresql+psycopg://...), not SQLite")
    if not settings.redis_url:
        problems.append("REDIS_URL must be set (locks, sessions, rate budget, socket.io rooms)")
    unset = [name.upper() for name in CLUSTER_SECRETS if not getattr(settings, name)]
    if settings.telegram_bot_token and not settings.telegram_webhook_secret:
        unset.append("TELEGRAM_WEBHOOK_SECRET")
    if unset:
        problems.append(f"set the shared secrets {', '.join(unset)} (each instance must agree)")
    if settings.telegram_bot_token and not settings.telegram_webhook_url:
        problems.append(
            "Telegram needs webhook mode (TELEGRAM_WEBHOOK_URL): only one process may long-poll"
        )
    return problems


def secret_file(name: str, directory: Path | None = None) -> str:
    """Read a generated secret from var/, creating it (readable by the owner only) when missing."""
    path = (directory or VAR_DIR) / name
    if path.exists():
        key = path.read_text().strip()
        if key:
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key


@lru_cache
def get_settings() -> Settings:
    return Settings()
