"""What a verified customer may change: cancel a line or the order, swap to an alternative;
and the lock-out after repeated failed verifications."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.allocation.service import reallocate
from backend.models import LineEvent, OrderLine, Product
from tests.backend import factories as f


def setup_waiting_gpu(session: Session):  # noqa: ANN201
    gpu = f.product(session, sku="GPU-A", price=Decimal("600"), on_hand=1)
    rival = f.product(session, sku="GPU-B", price=Decimal("552"), on_hand=5)
    f.purchase_order(session, gpu, quantity=10, expected_date=dt.date(2026, 12, 9))
    first = f.order(session, [(gpu, 1)])
    mine = f.order(session, [(gpu, 2), (rival, 1)])
    reallocate(session, {gpu.id, rival.id})
    session.commit()
    return gpu, rival, first, mine


def proof(order) -> dict[str, str]:  # noqa: ANN001
    return {"email": order.email}


def test_cancel_a_backordered_line_frees_its_place(client: TestClient, session: Session):
    gpu, _, _, mine = setup_waiting_gpu(session)
    later = f.order(session, [(gpu, 1)])
    reallocate(session, {gpu.id})
    session.commit()
    response = client.post(f"/v1/orders/{mine.order_number}/lines/1/cancel", json=proof(mine))
    assert response.status_code == 200
    lines = response.json()["lines"]
    assert [line["status"] for line in lines] == ["cancelled", "ready"]
    assert response.json()["status"] == "open"
    after = client.post(
        "/v1/orders/lookup", json={"order_number": later.order_number, **proof(later)}
    ).json()
    assert after["lines"][0]["queue_position"] == 1
    again = client.post(f"/v1/orders/{mine.order_number}/lines/1/cancel", json=proof(mine))
    assert again.status_code == 409 and again.json()["code"] == "already_cancelled"


def test_a_shipped_line_cannot_be_cancelled(client: TestClient, session: Session):
    item = f.product(session, on_hand=3)
    order = f.order(session, [(item, 1)])
    session.execute(
        select(OrderLine).where(OrderLine.order_id == order.id)
    ).scalar_one().status = "shipped"
    session.commit()
    response = client.post(f"/v1/orders/{order.order_number}/lines/1/cancel", json=proof(order))
    assert response.status_code == 409
    assert response.json()["code"] == "line_shipped"
    assert "returned" in response.json()["detail"]


def test_cancel_the_order_cancels_open_lines_only(client: TestClient, session: Session):
    _, _, _, mine = setup_waiting_gpu(session)
    response = client.post(f"/v1/orders/{mine.order_number}/cancel", json=proof(mine))
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    again = client.post(f"/v1/orders/{mine.order_number}/cancel", json=proof(mine))
    assert again.status_code == 409 and again.json()["code"] == "nothing_to_cancel"


def test_changes_need_the_proof(client: TestClient, session: Session):
    _, _, _, mine = setup_waiting_gpu(session)
    response = client.post(
        f"/v1/orders/{mine.order_number}/cancel", json={"email": "someone@else.com"}
    )
    assert response.status_code == 404
    assert session.execute(
        select(OrderLine.status).where(OrderLine.order_id == mine.id)
    ).scalars().all() == ["open", "open"]


def test_swap_a_backordered_line_to_an_alternative(client: TestClient, session: Session):
    gpu, rival, _, mine = setup_waiting_gpu(session)
    response = client.post(
        f"/v1/orders/{mine.order_number}/lines/1/swap", json={**proof(mine), "sku": "gpu-b"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["old_sku"], body["new_sku"]) == ("GPU-A", "GPU-B")
    assert body["price_difference"] == "-96.00" and body["currency"] == "EUR"
    line = body["order"]["lines"][0]
    assert (line["sku"], line["status"]) == ("GPU-B", "ready")
    event = session.execute(select(LineEvent).where(LineEvent.kind == "swapped")).scalar_one()
    assert event.detail["new_sku"] == "GPU-B"


def test_swap_refusals(client: TestClient, session: Session):
    gpu, rival, _, mine = setup_waiting_gpu(session)
    url = f"/v1/orders/{mine.order_number}/lines"
    ready = client.post(f"{url}/2/swap", json={**proof(mine), "sku": "GPU-A"})
    assert ready.status_code == 409 and ready.json()["code"] == "not_backordered"
    same = client.post(f"{url}/1/swap", json={**proof(mine), "sku": "GPU-A"})
    assert same.status_code == 422
    unknown = client.post(f"{url}/1/swap", json={**proof(mine), "sku": "NOPE"})
    assert unknown.status_code == 404
    session.execute(select(Product).where(Product.sku == "GPU-B")).scalar_one().on_hand = 2
    session.commit()
    short = client.post(f"{url}/1/swap", json={**proof(mine), "sku": "GPU-B"})  # 1 claimed, 1 left
    assert short.status_code == 409 and short.json()["code"] == "not_enough_stock"


def test_a_swap_keeps_the_kind_of_product(client: TestClient, session: Session):
    # Set BE #48: a waiting processor line was swapped for SSDs. Nothing changes.
    _, _, _, mine = setup_waiting_gpu(session)
    f.product(session, sku="SSD-X", category="ssds", price=Decimal("179"), on_hand=9)
    session.commit()
    url = f"/v1/orders/{mine.order_number}/lines"
    other = client.post(f"{url}/1/swap", json={**proof(mine), "sku": "SSD-X"})
    assert other.status_code == 422 and other.json()["code"] == "different_kind"
    lookup = {"order_number": mine.order_number, **proof(mine)}
    lines = client.post("/v1/orders/lookup", json=lookup)
    assert lines.json()["lines"][0]["sku"] == "GPU-A"


def test_five_failed_verifications_lock_the_order_number(client: TestClient, session: Session):
    order = f.order(session, [(f.product(session, on_hand=1), 1)])
    session.commit()
    wrong = {"order_number": order.order_number, "email": "guess@example.com"}
    for _ in range(5):
        assert client.post("/v1/orders/lookup", json=wrong).status_code == 404
    locked = client.post(
        "/v1/orders/lookup", json={"order_number": order.order_number, **proof(order)}
    )
    assert locked.status_code == 429
    assert locked.json()["code"] == "too_many_attempts"
    assert 0 < locked.json()["retry_after_seconds"] <= 900
    assert locked.headers["Retry-After"] == str(locked.json()["retry_after_seconds"])
    other = f.order(session, [(f.product(session, on_hand=1), 1)])
    session.commit()
    assert (
        client.post(
            "/v1/orders/lookup", json={"order_number": other.order_number, **proof(other)}
        ).status_code
        == 200
    )


def test_restock_history_tells_how_the_date_moved(client: TestClient, session: Session):
    gpu = f.product(session, on_hand=0)
    po = f.purchase_order(session, gpu, quantity=5, expected_date=dt.date(2026, 12, 3))
    order = f.order(session, [(gpu, 1)])
    reallocate(session, {gpu.id})
    po.expected_date = dt.date(2026, 12, 9)
    session.flush()
    reallocate(session, {gpu.id})
    session.commit()
    line = client.post(
        "/v1/orders/lookup", json={"order_number": order.order_number, **proof(order)}
    ).json()["lines"][0]
    assert [(c["from"], c["to"]) for c in line["restock_history"]] == [("2026-12-03", "2026-12-09")]


def test_restock_history_keeps_each_lines_latest_five_moves(client: TestClient, session: Session):
    gpu, ssd, ram = (f.product(session, sku=sku, on_hand=0) for sku in ("GPU-H", "SSD-H", "RAM-H"))
    order = f.order(session, [(gpu, 1), (ssd, 2), (ram, 1)])
    lines = session.scalars(
        select(OrderLine).where(OrderLine.order_id == order.id).order_by(OrderLine.line_no)
    ).all()
    start = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)

    def move(line: OrderLine, index: int, kind: str = "restock_moved") -> None:
        session.add(
            LineEvent(
                order_line_id=line.id,
                kind=kind,
                old_date=dt.date(2026, 12, 1) + dt.timedelta(days=index),
                new_date=dt.date(2026, 12, 2) + dt.timedelta(days=index),
                created_at=start + dt.timedelta(hours=index),
            )
        )

    for index in (6, 0, 3, 1, 5, 2, 4):  # stored out of order: 7 moves, the latest 5 are shown
        move(lines[0], index)
    move(lines[1], 10)
    move(lines[1], 11, kind="swapped")  # not a restock change
    move(lines[1], 12)
    session.commit()
    view = client.post(
        "/v1/orders/lookup", json={"order_number": order.order_number, **proof(order)}
    ).json()
    assert [line["line_no"] for line in view["lines"]] == [1, 2, 3]

    def starts(line: dict) -> list[str]:
        return [change["from"] for change in line["restock_history"]]

    assert starts(view["lines"][0]) == [f"2026-12-0{day}" for day in (3, 4, 5, 6, 7)]
    assert starts(view["lines"][1]) == ["2026-12-11", "2026-12-13"]
    assert view["lines"][2]["restock_history"] == []


def test_cancel_part_of_a_line_keeps_the_rest_and_its_place(client: TestClient, session: Session):
    gpu, _, first, mine = setup_waiting_gpu(session)
    url = f"/v1/orders/{mine.order_number}/lines/1/cancel"
    response = client.post(url, json={**proof(mine), "quantity": 1})
    assert response.status_code == 200, response.text
    lines = {line["line_no"]: line for line in response.json()["lines"]}
    # Line 1 keeps one unit, still waiting behind the first customer; line 3 is the cancelled unit.
    assert lines[1]["quantity"] == 1 and lines[1]["status"] == "backordered"
    assert lines[1]["queue_position"] == 1
    assert lines[3]["quantity"] == 1 and lines[3]["status"] == "cancelled"
    assert lines[3]["sku"] == "GPU-A"
    events = session.execute(select(LineEvent).where(LineEvent.kind == "cancelled")).scalars()
    assert [event.detail.get("part_of") for event in events] == [1]
    # More units than the line has, or none: a clear error, nothing changed.
    too_many = client.post(url, json={**proof(mine), "quantity": 5})
    assert too_many.status_code == 422 and "1 unit" in too_many.json()["detail"]
    assert client.post(url, json={**proof(mine), "quantity": 0}).status_code == 422
    # The whole (remaining) line, as before.
    whole = client.post(url, json={**proof(mine), "quantity": 1}).json()
    assert [line["status"] for line in whole["lines"]] == ["cancelled", "ready", "cancelled"]
