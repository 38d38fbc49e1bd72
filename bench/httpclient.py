"""A keep-alive HTTP/1.1 JSON client in a few lines of asyncio, for the load generators.

The benchmarks' load client shares the 2 cores with what it measures: httpx cost ~3.6 ms of CPU
per request, this ~1 ms. One `Connection` is one client: requests go one after another on one
socket, as a browser tab or a bot's backend client would send them.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any


class Connection:
    def __init__(self, port: int, headers: dict[str, str] | None = None):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
        self._head = f"Host: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n{extra}"

    async def post(self, path: str, payload: Any) -> tuple[int, bytes]:
        """POST `payload` as JSON; the status code and the body of the answer."""
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        body = json.dumps(payload).encode()
        self.writer.write(
            f"POST {path} HTTP/1.1\r\n{self._head}Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        status = (await self.reader.readline()).split(maxsplit=2)
        headers = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" not in headers:
            raise RuntimeError(f"{path}: no Content-Length in the answer {status}")
        data = await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        if len(status) < 2 or not status[1].isdigit():
            raise RuntimeError(f"{path}: not an HTTP answer: {status}")
        return int(status[1]), data

    async def post_json(self, path: str, payload: Any) -> Any:
        """POST and decode the JSON answer; any status but 200 is an error."""
        status, data = await self.post(path, payload)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}: {data[:500]!r}")
        return json.loads(data)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None
