"""Which `Origin` is the gateway's own: one answer for the web chat's socket.io handshake and the
agent console's state-changing requests.

A browser sends the origin of the page it shows. Reached directly, that is the connection's scheme
and `Host`; behind a reverse proxy, the public one the proxy forwards (`X-Forwarded-Host`,
`X-Forwarded-Proto`; a proxy that forwards the host without the scheme is taken to serve HTTPS).
Forged forwarding headers gain nothing: a page on another site cannot make the customer's browser
send them, and they only ever name the gateway itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _first(value: str) -> str:
    """The first of a comma-separated header (a chain of proxies appends its own)."""
    return value.split(",")[0].strip()


def own_origins(
    scheme: str, host: str, forwarded_host: str | None = None, forwarded_proto: str | None = None
) -> set[str]:
    proto = _first(forwarded_proto or "")
    secure_scheme = "https" if proto == "https" else scheme
    origins = {f"{scheme}://{_first(host)}", f"{secure_scheme}://{_first(host)}"}
    if forwarded_host:
        public = _first(forwarded_host)
        origins |= {f"{proto or 'https'}://{public}", f"{secure_scheme}://{public}"}
    return origins


def is_own(origin: str | None, own: set[str]) -> bool:
    # No Origin: not a cross-site browser request (SameSite=Strict cookies cover old browsers).
    return origin is None or origin in own


def extra_origins(setting: str) -> set[str]:
    """ALLOWED_ORIGINS: sites that embed the widget, as the browser writes them."""
    return {o.strip().rstrip("/") for o in setting.split(",") if o.strip()}


def socketio_origins(setting: str) -> Callable[[str | None, dict[str, Any]], bool] | str:
    """socket.io's origin check: the gateway's own origin, plus ALLOWED_ORIGINS (sites that
    embed the widget); "*" allows any."""
    extra = extra_origins(setting)
    if "*" in extra:
        return "*"

    def allowed(origin: str | None, environ: dict[str, Any]) -> bool:
        own = own_origins(
            environ.get("wsgi.url_scheme", "http"),
            environ.get("HTTP_HOST", ""),
            environ.get("HTTP_X_FORWARDED_HOST"),
            environ.get("HTTP_X_FORWARDED_PROTO"),
        )
        return is_own(origin, own) or origin in extra

    return allowed
