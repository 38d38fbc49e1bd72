"""A customer who leaves the path, over Telegram (the Bot API a local double), on the whole stack:
a wrong email, a question in the middle, a correction, then products of a catalogue imported
while the stack runs (`backorder import`), found without retraining, and a follow-up about the
other size. Every fact is checked against the backend."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from actions.formatting import format_day
from tests.e2e.conftest import BIN, ROOT, Stack
from tests.telegram_double import TelegramDouble

pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 11, 24)

ANOTHER_SHOP = {
    "suppliers.csv": "supplier_id,name,lead_time_days\nSUP-DEPO,Depo Bilisim,10\n",
    "products.csv": (
        "sku,name,category,price,currency,on_hand,supplier_id,attributes\n"
        'HDD-IW-PRO-8TB,Seagate IronWolf Pro 8 TB,storage,289.00,EUR,4,SUP-DEPO,"{}"\n'
        'HDD-IW-PRO-12TB,Seagate IronWolf Pro 12 TB,storage,399.00,EUR,0,SUP-DEPO,"{}"\n'
    ),
    "purchase_orders.csv": (
        "po_number,supplier_id,sku,quantity,expected_date,status,received_date\n"
        "PO-DEPO-1,SUP-DEPO,HDD-IW-PRO-12TB,6,2026-12-16,open,\n"
    ),
    "orders.csv": "order_number,email,postal_code,placed_at,status\n",
    "order_lines.csv": "order_number,line_no,sku,quantity,status\n",
}


def import_catalogue(stack: Stack, directory: Path) -> None:
    for name, content in ANOTHER_SHOP.items():
        (directory / name).write_text(content, encoding="utf-8")
    subprocess.run(
        [BIN / "backorder", "import", str(directory)],
        env=stack.env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def test_wrong_email_question_in_between_correction_then_an_imported_product(
    stack: Stack, telegram: TelegramDouble, tmp_path: Path
) -> None:
    with stack.backend() as backend:
        order = backend.post(
            "/v1/orders/lookup",
            json={"order_number": "100044", "email": "grace.hopper@example.com"},
        ).json()
    chat = telegram.chat(first_name="Grace")

    asked = " ".join(chat.ask("hi where's my order 100044"))
    assert "email" in asked.lower() and "order number" not in asked.lower()

    refused = " ".join(chat.ask("grace.hopper@exmaple.com")).lower()
    assert "doesn't look like" not in refused
    assert "100044" in refused or "email" in refused, refused
    assert "rtx 4090" not in refused  # nothing of the order is shown to a wrong email

    digression = " ".join(chat.ask("wait, do you ship abroad?")).lower()
    # Answered (where we deliver: within Turkey and to EU countries), then the form asks again.
    assert "eu countries" in digression and "doesn't look like" not in digression

    answer = "\n".join(chat.ask("sorry typo, its grace.hopper@example.com"))
    assert "100044" in answer
    for line in order["lines"]:
        assert line["name"] in answer
    waiting = next(line for line in order["lines"] if line["status"] == "backordered")
    assert f"number {waiting['queue_position']} in the queue" in answer

    import_catalogue(stack, tmp_path)
    with stack.backend() as backend:
        big = backend.get("/v1/products/HDD-IW-PRO-12TB/availability").json()
        small = backend.get("/v1/products/HDD-IW-PRO-8TB/availability").json()

    out = "\n".join(chat.ask("do u have the ironwolf pro 12tb?"))
    assert "Seagate IronWolf Pro 12 TB" in out
    assert "out of stock" in out
    restock = big["next_restock"]
    assert format_day(dt.date.fromisoformat(restock["date"]), TODAY) in out

    follow_up = "\n".join(chat.ask("and the 8 tb one?"))
    assert "Seagate IronWolf Pro 8 TB" in follow_up
    assert f"{small['available']} available" in follow_up
