"""Which sites may open the web chat's socket.io: the gateway's own page, plus ALLOWED_ORIGINS."""

from __future__ import annotations

import httpx

from bot.app import allowed_origins

ENVIRON = {"wsgi.url_scheme": "http", "HTTP_HOST": "chat.example:8080"}


def test_only_the_gateways_own_origin_by_default():
    allowed = allowed_origins("")
    assert callable(allowed)
    assert allowed("http://chat.example:8080", ENVIRON)
    assert not allowed("https://shop.example", ENVIRON)
    assert allowed(None, ENVIRON)  # no Origin: not a cross-site browser request


def test_listed_sites_may_embed_the_widget():
    allowed = allowed_origins(" https://shop.example/, https://www.shop.example ")
    assert callable(allowed)
    assert allowed("https://shop.example", ENVIRON)
    assert allowed("https://www.shop.example", ENVIRON)
    assert allowed("http://chat.example:8080", ENVIRON)
    assert not allowed("https://evil.example", ENVIRON)
    assert allowed_origins("*") == "*"


def test_behind_a_proxy_the_forwarded_host_is_own():
    allowed = allowed_origins("")
    assert callable(allowed)
    proxied = {
        **ENVIRON,
        "HTTP_X_FORWARDED_HOST": "help.shop.example",
        "HTTP_X_FORWARDED_PROTO": "https",
    }
    assert allowed("https://help.shop.example", proxied)


def test_a_foreign_page_cannot_open_a_socket(gateway):
    handshake = f"{gateway.url}/socket.io/?EIO=4&transport=polling"
    own = gateway.url
    assert httpx.get(handshake, headers={"Origin": own}).status_code == 200
    assert httpx.get(handshake, headers={"Origin": "https://evil.example"}).status_code == 400
