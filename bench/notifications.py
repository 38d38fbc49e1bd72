"""Notification delivery benchmark: sustained rate against Telegram's limit, receipt to notice.

    .venv/bin/python bench/notifications.py            # 1,500 notices (~1.5 min)
    .venv/bin/python bench/notifications.py --quick    # 300 notices

A real backend (uvicorn, SQLite in a temp file) and the Telegram Bot API double, which here
enforces Telegram's limits (30 messages a second in all, one a second per chat) and answers 429
to a bot that sends faster. The delivery worker is the one the gateway runs, with its defaults.

- sustained rate: N notices to N chats already in the outbox; rate = messages accepted by the
  double per second between its first and last send; the goal is at least 95% of 30/s with no
  429 caused by us;
- receipt to first notice: 20 waiting orders whose customers subscribed; a purchase order is
  received through the API; the time until the double holds the first "in stock now" message.
  It includes the outbox's gathering window (several changes to one order go out as one).

The table is printed and written to test-output/bench/notifications.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    # Run as a script, this folder would shadow the `backend` package: use the repository root.
    _here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
    sys.path.insert(0, str(_here.parent))

import argparse
import asyncio
import datetime as dt
import tempfile
import time
from contextlib import contextmanager

from backend.allocation.service import reallocate
from backend.db import make_engine, session_factory
from backend.notifications.outbox import GATHER_WINDOW
from bot.backend_client import BackendClient
from bot.notify.setup import build_worker
from tests.backend import factories as f
from tests.notify.conftest import LiveBackend, fill_outbox, serve_backend
from tests.telegram_double import TelegramDouble, telegram_double

TELEGRAM_LIMIT = 30
OUTPUT = Path(__file__).resolve().parent.parent / "test-output" / "bench" / "notifications.md"


def waiting_customers(backend: LiveBackend, double: TelegramDouble, count: int) -> None:
    engine = make_engine(backend.settings.database_url)
    with session_factory(engine)() as session:
        supplier = f.supplier(session, supplier_id="SUP-BENCH")
        gpu = f.product(
            session, sku="GPU-BENCH", name="RTX Bench", on_hand=0, supplier_id=supplier.id
        )
        f.purchase_order(session, gpu, po_number="PO-BENCH", quantity=count)
        orders = [f.order(session, [(gpu, 1)]) for _ in range(count)]
        reallocate(session, {gpu.id})
        session.commit()
        proofs = [(o.order_number, o.email) for o in orders]
    engine.dispose()
    with backend.client() as api:
        for chat, (number, email) in enumerate(proofs, start=50_001):
            api.post(
                "/v1/subscriptions",
                json={
                    "conversation_id": f"tg:{chat}",
                    "channel": "telegram",
                    "address": str(chat),
                    "order_number": number,
                    "email": email,
                },
            ).raise_for_status()


def telegram_messages(double: TelegramDouble) -> list[float]:
    return sorted(call.at for call in double.calls_of("sendMessage"))


async def deliver(backend: LiveBackend, double: TelegramDouble, until, timeout: float) -> None:  # noqa: ANN001
    settings = backend.settings.model_copy(
        update={"telegram_bot_token": double.token, "telegram_api_base_url": double.base_url}
    )
    worker = build_worker(settings, BackendClient.from_settings(settings))
    task = asyncio.create_task(worker.run())
    deadline = time.monotonic() + timeout
    try:
        while not until() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
    finally:
        worker.stop()
        await task
        await worker.outbox.backend.aclose()


def run(notices: int) -> list[tuple[str, str, str]]:
    rows = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        contextmanager(serve_backend)(f"sqlite:///{tmp}/bench.db") as backend,
    ):
        fill_outbox(backend.settings.database_url, notices)
        with telegram_double() as double:
            double.enforce_limits(per_second=TELEGRAM_LIMIT, per_chat_interval=1.0)
            asyncio.run(
                deliver(backend, double, lambda: len(double.messages) >= notices, notices / 10 + 60)
            )
            sent = telegram_messages(double)
            accepted = sum(len(m) for m in double.messages.values())
            span = sent[-1] - sent[0] if len(sent) > 1 else float("nan")
            rate = (accepted - 1) / span
            rows.append(
                (
                    "sustained delivery rate",
                    f"{rate:.1f} msg/s ({rate / TELEGRAM_LIMIT:.0%} of {TELEGRAM_LIMIT}/s)",
                    "≥ 95% of 30/s",
                )
            )
            rows.append(("429 answers caused by sending too fast", str(double.rate_limited), "0"))
            rows.append(("notices delivered", f"{accepted} of {notices}", "all"))

        with telegram_double() as double:
            double.enforce_limits(per_second=TELEGRAM_LIMIT, per_chat_interval=1.0)
            waiting_customers(backend, double, 20)
            started = time.monotonic()

            async def receipt_then_deliver() -> None:
                with backend.operator() as ops:
                    ops.post(
                        "/v1/purchase-orders/PO-BENCH/GPU-BENCH/receive", json={}
                    ).raise_for_status()
                await deliver(
                    backend, double, lambda: len(double.calls_of("sendMessage")) >= 20, 120
                )

            asyncio.run(receipt_then_deliver())
            sent = telegram_messages(double)
            first, last = sent[0] - started, sent[-1] - started
            window = GATHER_WINDOW.total_seconds()
            rows.append(
                (
                    "receipt → first notice sent",
                    f"{first:.1f} s (of which {window:g} s gathering window)",
                    "—",
                )
            )
            rows.append(("receipt → all 20 notices sent", f"{last:.1f} s", "—"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 notices instead of 1,500")
    args = parser.parse_args()
    notices = 300 if args.quick else 1500
    rows = run(notices)
    table = ["| measurement | result | goal |", "|---|---|---|"]
    table += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    report = "\n".join(
        [f"Notification delivery, {notices} notices, {dt.date.today()}", "", *table, ""]
    )
    print(report)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(report)


if __name__ == "__main__":
    main()
