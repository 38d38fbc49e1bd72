"""What every request passes before a route sees it, and what no error may get past.

- Bodies are capped (64 KB; a handoff, which carries a transcript, 2 MB): 413 beyond.
- No string of the request (path, query, JSON keys and values) may hold a NUL character or a lone
  UTF-16 surrogate: PostgreSQL can't store the first, no UTF-8 encoder the second (the 422 that
  echoed one could not be sent). Such a request gets a 422 before any database work.
- JSON nested deeper than 32 levels gets a 422 (the parser would recurse into a 500).
- An unexpected exception becomes a logged 500 with a JSON body, and the HTTP connection stays
  usable: Starlette re-raises after its 500, and uvicorn then closes the connection, so the
  caller's next pooled request failed too.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
# Per route (method, path): a handoff carries the conversation's transcript (the backend keeps
# its latest part, see backend.handoffs.schemas).
LARGER_BODIES = {("POST", "/v1/handoffs"): 2 * 1024 * 1024}
MAX_JSON_DEPTH = 32


def text_problem(value: str) -> str | None:
    """Why a string can't be taken (None when it can)."""
    if "\x00" in value:
        return "must not contain a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must not contain a lone UTF-16 surrogate"
    return None


def printable(value: str) -> str:
    """`value` safe to send back in a JSON body: lone surrogates become U+FFFD."""
    return value.encode("utf-8", "replace").decode("utf-8") if text_problem(value) else value


def _problems(value: Any, loc: list[str | int]) -> Iterator[tuple[list[str | int], str]]:
    if len(loc) > MAX_JSON_DEPTH:
        yield loc[: MAX_JSON_DEPTH + 1], f"nested deeper than {MAX_JSON_DEPTH} levels"
        return
    if isinstance(value, str):
        if problem := text_problem(value):
            yield loc, problem
    elif isinstance(value, dict):
        for key, item in value.items():
            if problem := text_problem(key):
                yield [*loc, printable(key)], f"key {problem}"
            yield from _problems(item, [*loc, printable(key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _problems(item, [*loc, index])


def _url_problems(scope: Scope) -> list[tuple[list[str | int], str]]:
    found: list[tuple[list[str | int], str]] = []
    if problem := text_problem(scope.get("path", "")):
        found.append((["path"], problem))
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        for text in (name, value):
            if problem := text_problem(text):
                found.append((["query", printable(name)], problem))
    return found


def _body_problems(body: bytes) -> list[tuple[list[str | int], str]]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return [(["body"], "is not UTF-8 text")]
    try:
        parsed = json.loads(text)
    except RecursionError:
        return [(["body"], f"nested deeper than {MAX_JSON_DEPTH} levels")]
    except ValueError:
        return []  # not JSON: the route's own validation says so
    return list(_problems(parsed, ["body"]))


async def send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode()  # ensure_ascii: always encodable
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def invalid_body(problems: list[tuple[list[str | int], str]]) -> dict[str, Any]:
    """The 422 body of a refused request: the shape of FastAPI's validation errors, with a code."""
    return {
        "detail": [{"loc": loc, "msg": msg, "type": "value_error"} for loc, msg in problems],
        "code": "invalid_request",
    }


class RequestGuard:
    """Pure ASGI middleware (no extra task per request, unlike BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if problems := _url_problems(scope):
            await send_json(send, 422, invalid_body(problems))
            return
        limit = LARGER_BODIES.get((scope["method"], scope["path"].rstrip("/")), MAX_BODY_BYTES)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode("latin-1")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the caller went away before sending its body
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _too_large(send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        json_body = body and (not content_type or "json" in content_type)
        if json_body and (problems := _body_problems(body)):
            await send_json(send, 422, invalid_body(problems))
            return
        await self._call_app(scope, receive, send, body)

    async def _call_app(self, scope: Scope, receive: Receive, send: Send, body: bytes) -> None:
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, replay, watch)
        except Exception:
            log.exception("%s %s failed", scope["method"], scope["path"])
            if started:
                raise  # half a response is out: only closing the connection can tell the caller
            await send_json(
                send, 500, {"detail": "The backend failed; this is logged.", "code": "internal"}
            )


async def _too_large(send: Send, limit: int) -> None:
    await send_json(
        send,
        413,
        {"detail": f"The request body is over {limit // 1024} KB.", "code": "too_large"},
    )
