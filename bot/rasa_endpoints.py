"""Rasa's endpoints.yml, written from the settings for every `backorder up`.

The repository's endpoints.yml is the embedded default (and what `rasa test` and `rasa shell`
read): the action server on this machine, the SQL tracker store on SQLite in var/. `backorder up`
writes var/endpoints.yml from it and the settings, so nobody edits endpoints by hand:

- `action_endpoint`: ACTIONS_URL (in cluster mode the balancer's ACTIONS_PORT), else this
  machine's ACTIONS_PORT;
- `tracker_store`: the same caching SQL store, on the backend's PostgreSQL database when
  DATABASE_URL is PostgreSQL (Rasa's `events` table beside the backend's tables), else SQLite;
- `lock_store`: Redis when REDIS_URL is set (several Rasa workers or instances then take turns per
  conversation), else Rasa's in-memory one. RASA_WORKERS > 1 without REDIS_URL is refused.

Values are written quoted: Rasa expands `${VAR}` only in plain scalars, and a password must stay
as it is. The file may hold passwords, so it is readable by its owner only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from ruamel.yaml import YAML

from backorder_common.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "endpoints.yml"


class EndpointsError(Exception):
    """Settings Rasa's endpoints cannot be written from."""


def _tracker_store(settings: Settings, template: dict[str, Any]) -> dict[str, Any]:
    store = dict(template["tracker_store"])
    url = urlsplit(settings.database_url)
    if not url.scheme.startswith("postgresql"):
        return store  # the embedded SQLite store, as the repository's endpoints.yml says
    store = {"type": store["type"], "dialect": "postgresql"}
    # Rasa hands an endpoint's `url` to the store as its `host` (a `host` key would be twice).
    store["url"] = url.hostname or "127.0.0.1"
    store["port"] = url.port or 5432
    store["db"] = unquote(url.path.lstrip("/")) or "postgres"
    if url.username:
        store["username"] = unquote(url.username)
    if url.password:
        store["password"] = unquote(url.password)
    if url.query:
        store["query"] = dict(parse_qsl(url.query))
    return store


def _lock_store(redis_url: str) -> dict[str, Any]:
    url = urlsplit(redis_url)
    store: dict[str, Any] = {
        "type": "redis",
        "url": url.hostname or "127.0.0.1",
        "port": url.port or 6379,
        "db": int(url.path.strip("/") or 0),
        "key_prefix": "backorder",
    }
    if url.password:
        store["password"] = unquote(url.password)
    if url.scheme == "rediss":
        store["use_ssl"] = True
    return store


def endpoints(settings: Settings, template: Path = TEMPLATE) -> dict[str, Any]:
    """Rasa's endpoints for these settings, as a mapping."""
    if settings.rasa_workers > 1 and not settings.redis_url:
        raise EndpointsError(
            f"RASA_WORKERS={settings.rasa_workers} needs REDIS_URL: Rasa's worker processes share"
            " conversation locks through Redis (or set RASA_WORKERS=1)"
        )
    base: dict[str, Any] = YAML(typ="safe").load(template.read_text()) or {}
    written: dict[str, Any] = {
        "action_endpoint": {"url": f"{settings.actions_endpoint()}/webhook"},
        "tracker_store": _tracker_store(settings, base),
    }
    if settings.redis_url:
        written["lock_store"] = _lock_store(settings.redis_url)
    for key, value in base.items():  # anything else the template holds (the REST channel, ...)
        written.setdefault(key, value)
    return written


def render(values: dict[str, Any]) -> str:
    """YAML with every string quoted (JSON strings are YAML strings): no `${...}` expansion."""
    lines = ["# Written by `backorder up` from the settings (bot/rasa_endpoints.py); do not edit."]
    for section, body in values.items():
        if not isinstance(body, dict):
            lines.append(f"{section}:" if body is None else f"{section}: {json.dumps(body)}")
            continue
        lines.append(f"{section}:")
        for key, value in body.items():
            lines.append(f"  {key}: {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def write_endpoints(settings: Settings, var_dir: Path, template: Path = TEMPLATE) -> Path:
    """Writes var/endpoints.yml for these settings; its path, for `rasa run --endpoints`."""
    target = var_dir / "endpoints.yml"
    var_dir.mkdir(parents=True, exist_ok=True)
    target.touch(mode=0o600)
    target.chmod(0o600)
    target.write_text(render(endpoints(settings, template)))
    return target
