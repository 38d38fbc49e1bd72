"""HAProxy's configuration for the cluster mode, written from the settings.

One frontend per service on its base port (GATEWAY_PORT, BACKEND_PORT, RASA_PORT, ACTIONS_PORT),
instance i of the service behind it on base port + i. Every instance is health-checked each
second; two failed checks (about 2 s) take it out, two good ones bring it back.

Retries. A request whose connection to an instance fails is retried on another one (it never
reached the dead one). A request an instance accepted and then died with, before answering
(`empty-response`), is replayed on another instance where replaying is safe:

- every action call (Rasa -> ACTIONS_PORT). Rasa drops the events of an action call that failed and
  carries on, so a lost `action_check_order_status` left the conversation in a state no rule knows
  ("Sorry, I didn't understand that" to every repeat). Actions are safe to repeat: what they write
  in the backend is idempotent or refused the second time.
- every message to Rasa (gateway -> RASA_PORT): Rasa saves a conversation's events only once the
  whole message is handled, so a Rasa instance that died mid-message saved nothing of it.
- the backend's GET requests and the order lookup (a read; at worst a failed verification is
  counted twice); not the other writes, which an instance may have committed before dying.

HAProxy replays only a request it still holds whole in one buffer (`tune.bufsize`): an action
call carries the conversation and Rasa's domain (tens of kB, more than the default 16 kB
buffer), hence BUFFER_BYTES and `option http-buffer-request` (the body is read before an instance
is chosen). A request that is not replayed fails as before: the gateway apologises, and the
customer can send the message again.

Web chat sessions stick to the gateway instance that served their first request (a cookie),
because socket.io's long-polling transport is a series of requests that must reach the process
that holds the session. Telegram's webhook calls go to any gateway instance.
"""

from __future__ import annotations

from dataclasses import dataclass

from backorder_common.settings import Settings

BIND = "127.0.0.1"
STICKY_COOKIE = "BACKORDER_GATEWAY"
# Room for a long conversation's action call: Rasa's domain alone is tens of kB (76 kB with the
# English and Turkish responses), the conversation's events as much again or more. HAProxy takes
# buffers from a pool as requests need them (two per request in flight), so idle connections cost
# nothing.
BUFFER_BYTES = 1024 * 1024
# What a dead instance's unanswered request may be replayed on, per service (see above).
REPLAYED = "conn-failure empty-response"
RETRIES = {
    "actions": [f"retry-on {REPLAYED} response-timeout"],
    "rasa": [f"retry-on {REPLAYED}"],
    "backend": [
        f"retry-on {REPLAYED}",
        "http-request disable-l7-retry if !METH_GET !{ path /v1/orders/lookup }",
    ],
}


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
    tune.bufsize {buffer_bytes}
    # One line per failed or retried request on HAProxy's output (`haproxy | ...` in the log);
    # the normal ones are not logged.
    log stdout format raw local0 info

defaults
    mode http
    log global
    option httplog
    option dontlog-normal
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
    parts = [GLOBAL.format(buffer_bytes=BUFFER_BYTES)]
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
        if pool.name in RETRIES:
            lines.append("    option http-buffer-request")
            lines += [f"    {line}" for line in RETRIES[pool.name]]
        if sticky:
            lines.append(f"    cookie {STICKY_COOKIE} insert indirect nocache httponly")
        for index in range(1, instances + 1):
            server = f"    server {pool.name}{index} {BIND}:{pool.instance_port(index)} check" + (
                f" cookie {pool.name}{index}" if sticky else ""
            )
            lines.append(server)
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
