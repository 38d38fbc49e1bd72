"""`backorder import`: all or nothing, row-numbered errors, idempotent, re-allocates."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from backend.imports.service import ImportFailed, load, read_dir
from backend.models import Order, OrderLine, Product, Supplier
from backend.seed import demo_batch
from tests.conftest import TODAY

GOOD = {
    "suppliers.csv": "supplier_id,name,lead_time_days\nS1,Nova,7\n",
    "products.csv": (
        "sku,name,category,price,currency,on_hand,supplier_id,attributes\n"
        'gpu-1,RTX 4070,graphics_cards,619.00,EUR,1,S1,"{""vram_gb"": 12}"\n'
    ),
    "purchase_orders.csv": (
        "po_number,supplier_id,sku,quantity,expected_date,status,received_date\n"
        "PO-1,S1,GPU-1,5,2026-12-09,open,\n"
        "PO-0,S1,GPU-1,5,2026-10-01,received,2026-10-04\n"
    ),
    "orders.csv": (
        "order_number,email,postal_code,placed_at,status\n"
        "100001,a@example.com,34710,2026-11-03T10:15:00+03:00,open\n"
        "100002,b@example.com,34710,2026-11-03T11:15:00+03:00,open\n"
    ),
    "order_lines.csv": (
        "order_number,line_no,sku,quantity,status\n100001,1,GPU-1,1,open\n100002,1,GPU-1,2,open\n"
    ),
}


def write(directory: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        (directory / name).write_text(content, encoding="utf-8")
    return directory


def count(session: Session, model) -> int:  # noqa: ANN001
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_import_loads_and_allocates_and_is_idempotent(tmp_path: Path, session: Session):
    directory = write(tmp_path, GOOD)
    summary = load(session, read_dir(directory))
    assert summary.created["order_lines"] == 2
    lines = {line.quantity: line for line in session.execute(select(OrderLine)).scalars()}
    assert lines[1].allocation == "ready"
    assert lines[2].allocation == "backordered" and str(lines[2].restock_date) == "2026-12-09"
    # PO-0 came 3 days late: the supplier's stored slip, which order lookups quote, says so
    assert session.execute(select(Supplier.slip_days)).scalar_one() == 3

    again = load(session, read_dir(directory))
    assert sum(again.created.values()) == 0 and sum(again.updated.values()) == 0
    assert again.reallocated_skus == 0


def test_a_change_updates_and_reallocates(tmp_path: Path, session: Session):
    load(session, read_dir(write(tmp_path, GOOD)))
    changed = dict(GOOD, **{"products.csv": GOOD["products.csv"].replace(",EUR,1,", ",EUR,3,")})
    summary = load(session, read_dir(write(tmp_path, changed)))
    assert summary.updated["products"] == 1 and summary.reallocated_skus == 1
    assert {line.allocation for line in session.execute(select(OrderLine)).scalars()} == {"ready"}


def test_any_bad_row_rejects_the_whole_batch_with_row_numbers(tmp_path: Path, session: Session):
    bad = dict(GOOD)
    bad["orders.csv"] = GOOD["orders.csv"] + "100003,not-an-email,1,2026-11-03T10:15:00,open\n"
    bad["order_lines.csv"] = (
        GOOD["order_lines.csv"] + "100001,2,NOPE,1,open\n100001,1,GPU-1,1,open\n"
    )
    with pytest.raises(ImportFailed) as failed:
        load(session, read_dir(write(tmp_path, bad)))
    text = "\n".join(failed.value.errors)
    assert "orders.csv line 4: email" in text
    assert "orders.csv line 4: placed_at: needs a UTC offset" in text
    assert count(session, Order) == 0


def test_reference_errors_are_found_before_anything_is_written(tmp_path: Path, session: Session):
    bad = dict(GOOD)
    bad["order_lines.csv"] = (
        GOOD["order_lines.csv"] + "100001,2,NOPE,1,open\n100001,1,GPU-1,1,open\n"
    )
    with pytest.raises(ImportFailed) as failed:
        load(session, read_dir(write(tmp_path, bad)))
    assert failed.value.errors == [
        "order_lines.csv line 5: duplicate of line 2 (100001, 1)",
        "order_lines.csv line 4: sku 'NOPE' is unknown",
    ]
    assert count(session, Product) == 0


def test_wrong_header_and_missing_files(tmp_path: Path):
    with pytest.raises(ImportFailed) as nothing:
        read_dir(tmp_path)
    assert "none of suppliers.csv" in nothing.value.errors[0]
    write(tmp_path, {"suppliers.csv": "id,name\nS1,Nova\n"})
    with pytest.raises(ImportFailed) as failed:
        read_dir(tmp_path)
    assert (
        "suppliers.csv line 1: header must be supplier_id,name,lead_time_days"
        in failed.value.errors[0]
    )


def test_demo_seed_is_deterministic_and_loads(session: Session):
    assert demo_batch(TODAY) == demo_batch(TODAY)
    summary = load(session, demo_batch(TODAY))
    assert summary.created["products"] >= 60 and summary.created["orders"] >= 300
    backordered = session.execute(
        select(func.count()).where(
            OrderLine.allocation == "backordered", OrderLine.status == "open"
        )
    ).scalar_one()
    assert backordered > 0


def test_an_import_refreshes_postgresqls_statistics(session: Session):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite plans without statistics")

    def estimated_rows(table: str) -> float:
        return session.execute(
            text("select reltuples from pg_class where oid = cast(:table as regclass)"),
            {"table": table},
        ).scalar_one()

    load(session, demo_batch(TODAY))
    # the planner's estimate is the table's real size, not "never analysed" (-1) or empty
    assert estimated_rows("order_lines") == count(session, OrderLine) > 300
    assert estimated_rows("orders") == count(session, Order)
