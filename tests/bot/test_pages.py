"""The store page, the widget bundle and the health check, over HTTP without a server."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest

from backorder_common.settings import Settings
from bot.app import create_app
from bot.rasa_client import RasaClient
from bot.store_page import WEBCHAT_BUNDLE

pytestmark = pytest.mark.anyio


def http_client(bundle: Path = WEBCHAT_BUNDLE) -> httpx.AsyncClient:
    settings = Settings(rasa_url="http://rasa.test", redis_url=None)
    app = create_app(settings, RasaClient("http://rasa.test", 1.0), webchat_bundle=bundle)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw.test")


async def test_healthz() -> None:
    async with http_client() as client:
        response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_store_page_loads_the_widget() -> None:
    async with http_client() as client:
        response = await client.get("/")
        init = await client.get("/static/chat.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "Byte Bazaar" in page
    assert "10:00–18:00" in page and "Istanbul" in page
    assert '<script src="/static/webchat.js"></script>' in page
    assert init.status_code == 200
    assert "WebChat.default" in init.text
    assert 'socketPath: "/socket.io/"' in init.text


@pytest.mark.skipif(
    not WEBCHAT_BUNDLE.is_file(), reason="rasa-webchat is not installed: run `npm ci`"
)
async def test_widget_bundle_is_served_from_node_modules() -> None:
    async with http_client() as client:
        response = await client.get("/static/webchat.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert response.content == WEBCHAT_BUNDLE.read_bytes()


async def test_missing_bundle_still_serves_the_page_and_says_why(tmp_path, caplog) -> None:
    caplog.set_level(logging.ERROR, logger="bot.store_page")
    async with http_client(tmp_path / "missing.js") as client:
        page = await client.get("/")
        bundle = await client.get("/static/webchat.js")
    assert page.status_code == 200
    assert bundle.status_code == 404
    assert any("npm ci" in r.getMessage() for r in caplog.records)


def test_the_gateway_logs_its_own_info_but_not_each_backend_poll() -> None:
    from bot.app import configure_logging

    root, httpx_logger = logging.getLogger(), logging.getLogger("httpx")
    before = root.level, httpx_logger.level
    try:
        configure_logging()
        # basicConfig leaves the root level alone here (pytest has given it handlers already);
        # in the gateway it sets INFO.
        root.setLevel(logging.INFO)
        assert logging.getLogger("bot.notify.worker").isEnabledFor(logging.INFO)
        assert not httpx_logger.isEnabledFor(logging.INFO)
        assert httpx_logger.isEnabledFor(logging.WARNING)
    finally:
        root.setLevel(before[0])
        httpx_logger.setLevel(before[1])
