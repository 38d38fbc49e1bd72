"""Which sites may open the web chat's socket.io: the gateway's own page, plus ALLOWED_ORIGINS."""

from __future__ import annotations

import httpx
import pytest

from bot.console.guards import same_origin
from bot.origins import socketio_origins as allowed_origins

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


# (connection scheme, Host, X-Forwarded-Host, X-Forwarded-Proto, Origin, allowed)
PROXY_CASES = [
    ("http", "chat.example:8080", None, None, "http://chat.example:8080", True),
    ("http", "chat.example:8080", None, None, "https://evil.example", False),
    ("http", "chat.example:8080", None, None, None, True),
    ("http", "10.0.0.5:8080", "help.shop.example", "https", "https://help.shop.example", True),
    (
        "http",
        "10.0.0.5:8080",
        "help.shop.example, 10.0.0.9",
        "https, http",
        "https://help.shop.example",
        True,
    ),
    ("http", "10.0.0.5:8080", "help.shop.example", "https", "https://evil.example", False),
    ("http", "10.0.0.5:8080", "help.shop.example", "https", "http://evil.example", False),
    # A proxy that forwards the host but not the scheme is taken to serve HTTPS.
    ("http", "10.0.0.5:8080", "help.shop.example", None, "https://help.shop.example", True),
    # TLS ends at a proxy that keeps the Host header.
    ("http", "help.shop.example", None, "https", "https://help.shop.example", True),
    ("https", "help.shop.example", None, None, "https://help.shop.example", True),
]


@pytest.mark.parametrize(("scheme", "host", "fwd_host", "fwd_proto", "origin", "ok"), PROXY_CASES)
def test_the_chat_and_the_console_agree_on_the_gateways_own_origin(
    scheme, host, fwd_host, fwd_proto, origin, ok
):
    environ = {"wsgi.url_scheme": scheme, "HTTP_HOST": host}
    headers = [(b"host", host.encode())]
    if fwd_host:
        environ["HTTP_X_FORWARDED_HOST"] = fwd_host
        headers.append((b"x-forwarded-host", fwd_host.encode()))
    if fwd_proto:
        environ["HTTP_X_FORWARDED_PROTO"] = fwd_proto
        headers.append((b"x-forwarded-proto", fwd_proto.encode()))
    if origin:
        headers.append((b"origin", origin.encode()))
    chat = allowed_origins("")
    assert callable(chat)
    scope = {"type": "http", "scheme": scheme, "method": "POST", "path": "/agent/api"}
    assert chat(origin, environ) is ok
    assert same_origin({**scope, "headers": headers}) is ok
