"""HAProxy's configuration for the cluster mode, written from the settings.

One frontend per service on its base port (GATEWAY_PORT, BACKEND_PORT, RASA_PORT, ACTIONS_PORT),
instance i of the service behind it on base port + i. Every instance is health-checked each
second; two failed checks (about 2 s) take it out, two good ones bring it back. A request whose
connection to an instance fails is retried on another one (it never reached the dead one, so the
retry is safe); a request an instance accepted and then died with is not replayed (the gateway
apologises, the widget's customer can send it again), except an action call, which is.

Web chat sessions stick to the gateway instance that served their first request (a cookie),
because socket.io's long-polling transport is a series of requests that must reach the process
that holds the session. Telegram's webhook calls go to any gateway instance.
"""

from __future__ import annotations

from dataclasses import dataclass

from backorder_common.settings import Settings

BIND = "127.0.0.1"
STICKY_COOKIE = "BACKORDER_GATEWAY"


@dataclass(frozen=True)
class Pool:
    name: str  # the service
    port: int  # the balancer's front, the service's base port
    health_path: str

    def instance_port(self, index: int) -> int:
        """Instance `index` (1..N) listens on the base port + index."""
        return self.port + index


def pools(settings: Settings) -> list[Pool]:
    return [
        Pool("gateway", settings.gateway_port, "/healthz"),
        Pool("backend", settings.backend_port, "/healthz"),
        Pool("rasa", settings.rasa_port, "/"),  # Rasa's greeting; /status needs the token
        Pool("actions", settings.actions_port, "/health"),
    ]


GLOBAL = """\
# Written by `BACKORDER_INSTANCES=N backorder up` from the settings (bot/cluster/haproxy.py).
global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    timeout queue 10s
    # socket.io's websockets: an idle open socket is not an error
    timeout tunnel 1h
    # a health check may take this long to answer: an instance busy with a queue of messages (Rasa
    # under 50 conversations) is slow, not dead; a dead one refuses the connection at once
    timeout check 5s
    # a connection refused by a dead instance is retried on another
    retries 3
    retry-on conn-failure
    option redispatch 1
    default-server inter 1s fastinter 500ms downinter 1s fall 2 rise 2
"""


def config(settings: Settings, instances: int) -> str:
    parts = [GLOBAL]
    for pool in pools(settings):
        sticky = pool.name == "gateway"
        lines = [
            f"frontend {pool.name}",
            f"    bind {BIND}:{pool.port}",
            f"    default_backend {pool.name}_instances",
            "",
            f"backend {pool.name}_instances",
            "    balance roundrobin",
            f"    option httpchk GET {pool.health_path}",
            "    http-check expect status 200",
        ]
        if pool.name == "actions":
            # An action call cut off by its instance's death is sent to another instance: Rasa
            # drops a failed action's events, which can leave a form half-started, and the
            # conversation stuck. Actions are safe to repeat (the backend's writes they make are
            # idempotent or refused the second time).
            lines.append("    retry-on conn-failure empty-response response-timeout")
        if sticky:
            lines.append(f"    cookie {STICKY_COOKIE} insert indirect nocache httponly")
        for index in range(1, instances + 1):
            server = f"    server {pool.name}{index} {BIND}:{pool.instance_port(index)} check" + (
                f" cookie {pool.name}{index}" if sticky else ""
            )
            lines.append(server)
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
