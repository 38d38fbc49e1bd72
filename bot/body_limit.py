"""A cap on request bodies, in front of everything the gateway serves over HTTP.

Nothing the gateway accepts is large: a chat message is at most a few KB, a console reply 4,000
characters, a Telegram update well under 256 KB. A body over its path's limit is answered 413
before any of it reaches the app, so a 10 MB post costs at most the limit in memory. The body is
read here (up to the limit) and handed on whole; socket.io's long polling and the Telegram
webhook read it the same way.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024


class BodyLimit:
    def __init__(
        self, app: ASGIApp, limit: int = MAX_BODY_BYTES, *, larger: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.limit)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _refuse(send, 400, "Content-Length is not a number.")
                return
            if int(declared) > limit:
                await _refuse(send, 413, f"The request body is over {limit // 1024} KB.")
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away before sending its body
            body = message.get("body", b"")
            size += len(body)
            if size > limit:
                await _refuse(send, 413, f"The request body is over {limit // 1024} KB.")
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        whole: Message = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        handed = False

        async def replay() -> Message:
            nonlocal handed
            if not handed:
                handed = True
                return whole
            return await receive()  # after the body: only the disconnect is left to wait for

        await self.app(scope, replay, send)


async def _refuse(send: Send, status: int, detail: str) -> None:
    logger.warning("request refused with %s: %s", status, detail)
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
