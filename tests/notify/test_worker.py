"""The delivery loop with a fake outbox and fake senders: each outcome reported as it should be."""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict

import httpx

from bot.backend_client import BackendClient, Message, Outbox
from bot.notify.outcome import SENT, Outcome
from bot.notify.worker import DeliveryWorker


class FakeOutbox:
    """The backend's outbox API over httpx.MockTransport, recording every report."""

    def __init__(self, messages: list[Message], fail_reports: int = 0) -> None:
        self.pending = list(messages)
        self.reports: list[tuple[str, int, dict]] = []
        self.fail_reports = fail_reports

    def handle(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        path = request.url.path.removeprefix("/v1/outbox")
        if path == "/claim":
            batch, self.pending = self.pending[: body["limit"]], self.pending[body["limit"] :]
            return httpx.Response(200, json=[asdict(m) for m in batch])
        if self.fail_reports:
            self.fail_reports -= 1
            return httpx.Response(503)
        _, message_id, kind = path.split("/")
        self.reports.append((kind, int(message_id), body))
        return httpx.Response(204 if kind == "sent" else 200, json={})

    def client(self) -> Outbox:
        backend = BackendClient(
            "http://backend", lambda: "key", 10, transport=httpx.MockTransport(self.handle)
        )
        return backend.outbox("w1")


def message(n: int, channel: str = "telegram") -> Message:
    return Message(
        id=n,
        channel=channel,
        address=str(n),
        conversation_id=f"tg:{n}",
        text=f"update {n}",
        attempts=1,
    )


class ScriptedSender:
    def __init__(self, outcomes: dict[int, Outcome]) -> None:
        self.outcomes = outcomes
        self.sent: list[int] = []

    async def send(self, item: Message) -> Outcome:
        self.sent.append(item.id)
        outcome = self.outcomes.get(item.id, SENT)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def run(worker: DeliveryWorker) -> int:
    async def once() -> int:
        try:
            return await worker.run_once()
        finally:
            await worker.outbox.backend.aclose()

    return asyncio.run(once())


def test_each_outcome_is_reported():
    outbox = FakeOutbox([message(n) for n in range(1, 6)] + [message(6, channel="fax")])
    sender = ScriptedSender(
        {
            2: Outcome("retry", "429", 3.0),
            3: Outcome("blocked", "Forbidden: bot was blocked by the user"),
            4: Outcome("failed", "Bad Request: message is too long"),
            5: RuntimeError("bug"),
        }
    )
    worker = DeliveryWorker(outbox.client(), {"telegram": sender}, concurrency=2)
    assert run(worker) == 6
    reports = {message_id: (kind, body) for kind, message_id, body in outbox.reports}
    assert reports[1][0] == "sent"
    assert reports[2] == ("retry", {"worker": "w1", "error": "429", "after_seconds": 3.0})
    assert reports[3][0] == "failed" and reports[3][1]["blocked"] is True
    assert reports[4][0] == "failed" and reports[4][1]["blocked"] is False
    assert reports[5][0] == "retry" and "bug" in reports[5][1]["error"]
    assert reports[6][0] == "failed" and "no sender" in reports[6][1]["error"]
    assert worker.delivered == 1


def test_a_backend_blip_while_reporting_is_ridden_out():
    outbox = FakeOutbox([message(1)], fail_reports=2)
    worker = DeliveryWorker(outbox.client(), {"telegram": ScriptedSender({})})
    run(worker)
    assert outbox.reports == [("sent", 1, {"worker": "w1"})]


def test_stopping_hands_back_what_was_not_started():
    outbox = FakeOutbox([message(n) for n in range(1, 11)])

    class SlowSender(ScriptedSender):
        async def send(self, item: Message) -> Outcome:
            worker.stop()  # the stop arrives while the first message is on its way
            return await super().send(item)

    sender = SlowSender({})
    worker = DeliveryWorker(outbox.client(), {"telegram": sender}, concurrency=1)
    run(worker)
    kinds = [(kind, message_id) for kind, message_id, _ in outbox.reports]
    assert kinds[0] == ("sent", 1)
    assert sorted(message_id for kind, message_id in kinds if kind == "retry") == list(range(2, 11))
    assert sender.sent == [1]
