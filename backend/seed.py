"""`backorder seed`: a believable, deterministic demo data set, loaded through the CSV importer.

Dates are relative to "today" (BACKORDER_TODAY when set), so the demo always shows restock dates
ahead, one overdue purchase order and a history of supplier delays. The same today gives the same
data, row for row. The fixed rows (catalogue, suppliers, the hand-made demo orders 100042-100046
named in README.md) are in `backend.seed_data`; this module adds the seeded random rest.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from backend.imports.rows import OrderLineRow, OrderRow, ProductRow, PurchaseOrderRow, SupplierRow
from backend.imports.service import Batch
from backend.seed_data import (
    DEMO_ORDERS,
    DOMAINS,
    FIRST_NAMES,
    FIXED_STOCK,
    FIXED_SUPPLY,
    PRODUCTS,
    STORE_TZ,
    SUPPLIERS,
)


def demo_batch(today: dt.date, orders: int = 320, seed: int = 20261124) -> Batch:
    """The demo data set for `today`, with `orders` random orders besides the hand-made ones."""
    # One generator, drawn from in this order (products, then supply, then random orders): a
    # different order of calls would give a different data set for the same seed.
    rng = random.Random(seed)
    products = _products(rng)
    purchase_orders = _purchase_orders(rng, products, today)
    order_rows, line_rows = _demo_orders(today)
    random_orders, random_lines = _random_orders(rng, products, today, orders)
    return Batch.of(
        suppliers=[
            SupplierRow(supplier_id=s, name=n, lead_time_days=lead) for s, n, lead, _ in SUPPLIERS
        ],
        products=products,
        purchase_orders=purchase_orders,
        orders=order_rows + random_orders,
        order_lines=line_rows + random_lines,
    )


def _products(rng: random.Random) -> list[ProductRow]:
    """The catalogue; stock is fixed where a demo order depends on it, random elsewhere."""
    products = []
    for sku, name, category, price, supplier, attributes in PRODUCTS:
        on_hand = FIXED_STOCK.get(sku, rng.choice([0, 0, 3, 6, 10, 15, 25, 40, 60, 80]))
        products.append(
            ProductRow(
                sku=sku,
                name=name,
                category=category,
                price=Decimal(price),
                currency="EUR",
                on_hand=on_hand,
                supplier_id=supplier,
                attributes=attributes,
            )
        )
    return products


def _purchase_orders(
    rng: random.Random, products: list[ProductRow], today: dt.date
) -> list[PurchaseOrderRow]:
    """Per product: two received deliveries (the supplier's record of lateness), then the open
    supply: fixed for the demo orders' products, random for some others."""
    lateness = {s: late for s, _, _, late in SUPPLIERS}
    purchase_orders = []
    po_no = 5000
    for product in products:
        po_no += 1
        for back in (70, 40):
            expected = today - dt.timedelta(days=back)
            late = rng.randint(*lateness[product.supplier_id])
            purchase_orders.append(
                PurchaseOrderRow(
                    po_number=f"PO-{po_no}-H{back}",
                    supplier_id=product.supplier_id,
                    sku=product.sku,
                    quantity=rng.choice([10, 20, 30]),
                    expected_date=expected,
                    status="received",
                    received_date=expected + dt.timedelta(days=late),
                )
            )
        supply = FIXED_SUPPLY.get(product.sku)
        if supply is None and product.sku not in FIXED_STOCK and rng.random() < 0.6:
            supply = [("A", rng.choice([5, 10, 20, 30]), rng.randint(5, 40))]
        for suffix, quantity, days in supply or []:
            purchase_orders.append(
                PurchaseOrderRow(
                    po_number=f"PO-{po_no}-{suffix}",
                    supplier_id=product.supplier_id,
                    sku=product.sku,
                    quantity=quantity,
                    expected_date=today + dt.timedelta(days=days),
                    status="open",
                )
            )
    return purchase_orders


def _demo_orders(today: dt.date) -> tuple[list[OrderRow], list[OrderLineRow]]:
    """The hand-made orders the README walks through, placed at 10:15 store time."""
    order_rows, line_rows = [], []
    for number, email, postal, days_ago, status, lines in DEMO_ORDERS:
        placed = dt.datetime.combine(
            today - dt.timedelta(days=days_ago), dt.time(10, 15), tzinfo=STORE_TZ
        )
        order_rows.append(
            OrderRow.model_validate(
                {
                    "order_number": number,
                    "email": email,
                    "postal_code": postal,
                    "placed_at": placed,
                    "status": status,
                }
            )
        )
        for line_no, (sku, quantity, line_status) in enumerate(lines, start=1):
            line_rows.append(
                OrderLineRow.model_validate(
                    {
                        "order_number": number,
                        "line_no": line_no,
                        "sku": sku,
                        "quantity": quantity,
                        "status": line_status,
                    }
                )
            )
    return order_rows, line_rows


def _random_orders(
    rng: random.Random, products: list[ProductRow], today: dt.date, count: int
) -> tuple[list[OrderRow], list[OrderLineRow]]:
    """`count` orders from 100100 up, placed over the last 30 days; graphics cards and SSDs are
    ordered three times as often, a few orders are cancelled, older lines partly shipped."""
    order_rows, line_rows = [], []
    weights = [3 if p.category in ("graphics_cards", "ssds") else 1 for p in products]
    for index in range(count):
        number = str(100100 + index)
        days_ago = rng.randint(0, 30)
        placed = dt.datetime.combine(
            today - dt.timedelta(days=days_ago),
            dt.time(rng.randint(8, 22), rng.randint(0, 59)),
            tzinfo=STORE_TZ,
        )
        name = rng.choice(FIRST_NAMES)
        order_status = "cancelled" if rng.random() < 0.04 else "open"
        order_rows.append(
            OrderRow.model_validate(
                {
                    "order_number": number,
                    "email": f"{name}.{index}@{rng.choice(DOMAINS)}",
                    "postal_code": f"{rng.randint(1, 81):02d}{rng.randint(0, 999):03d}",
                    "placed_at": placed,
                    "status": order_status,
                }
            )
        )
        chosen = rng.choices(
            range(len(products)), weights=weights, k=rng.choice([1, 1, 1, 2, 2, 3])
        )
        for line_no, product in enumerate((products[i] for i in dict.fromkeys(chosen)), start=1):
            if order_status == "cancelled":
                line_status = "cancelled"
            elif days_ago > 7 and rng.random() < 0.5:
                line_status = "shipped"
            else:
                line_status = "open"
            line_rows.append(
                OrderLineRow.model_validate(
                    {
                        "order_number": number,
                        "line_no": line_no,
                        "sku": product.sku,
                        "quantity": rng.choice([1, 1, 1, 1, 2, 2, 3]),
                        "status": line_status,
                    }
                )
            )
    return order_rows, line_rows
