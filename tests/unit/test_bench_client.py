"""bench/conversation.py's keep-alive HTTP client: one connection per customer, JSON answers."""

from __future__ import annotations

import asyncio
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench_conversation", ROOT / "bench/conversation.py")
assert spec is not None and spec.loader is not None
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


async def webhook(connections: list[int], status: bytes = b"200 OK") -> asyncio.Server:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connections.append(1)
        while True:
            request = await reader.readuntil(b"\r\n\r\n")
            length = next(
                int(line.split(b":")[1])
                for line in request.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
            message = json.loads(await reader.readexactly(length))
            body = json.dumps([{"recipient_id": message["sender"], "text": message["message"]}])
            writer.write(
                b"HTTP/1.1 " + status + b"\r\nContent-Type: application/json\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body.encode()
            )
            await writer.drain()

    return await asyncio.start_server(serve, "127.0.0.1", 0)


def test_a_conversation_uses_one_connection_and_reads_every_answer() -> None:
    async def run() -> tuple[list[list[str]], list[float], int]:
        connections: list[int] = []
        server = await webhook(connections)
        port = server.sockets[0].getsockname()[1]
        latencies: list[float] = []
        async with server:
            replies = await bench.converse(port, "web:1", ["hi", "where is my order?"], latencies)
        return replies, latencies, len(connections)

    replies, latencies, connections = asyncio.run(run())
    assert replies == [["hi"], ["where is my order?"]]
    assert len(latencies) == 2 and all(t > 0 for t in latencies)
    assert connections == 1


def test_an_error_status_is_an_error() -> None:
    async def run() -> None:
        server = await webhook([], status=b"500 Internal Server Error")
        port = server.sockets[0].getsockname()[1]
        async with server:
            await bench.converse(port, "web:1", ["hi"], [])

    with pytest.raises(RuntimeError, match="500"):
        asyncio.run(run())
