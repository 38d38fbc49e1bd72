"""The backend benchmark's generator and steps on a small data set, so `make bench` cannot rot."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from backend.db import make_engine, session_factory
from backend.migrate import upgrade
from backend.models import LineEvent, Order, OrderLine
from bench.backend import (
    HOT_SKU,
    bench_allocation,
    bench_import,
    generate,
    postgres_url,
    vacuum,
)


def test_bench_generates_imports_and_allocates(tmp_path: Path) -> None:
    data = generate(tmp_path / "csv", lines=2000, hot_lines=200, products=50)
    assert (data.lines, data.orders, data.hot_lines) == (2000, 800, 200)
    assert data.lookups

    url = f"sqlite:///{tmp_path / 'bench.db'}"
    upgrade(url)
    engine = make_engine(url)
    results: list[tuple[str, str, str]] = []
    bench_import(engine, data, results)
    bench_allocation(engine, data, results)

    notes = dict((name, note) for name, _, note in results)
    assert notes["import: load (check, write, allocate all SKUs)"].startswith("2,000 lines new")
    assert notes["re-import, same files: load (check, write, allocate all SKUs)"].startswith(
        "0 lines new, 0 changed"
    )
    assert "200 queued" in notes["allocation, one SKU: first allocation"]
    with session_factory(engine)() as session:
        unallocated = session.scalar(
            select(func.count())
            .select_from(OrderLine)
            .join(Order)
            .where(
                Order.status == "open",
                OrderLine.status == "open",
                OrderLine.allocation.is_(None),
            )
        )
        moved = session.scalar(select(func.count()).select_from(LineEvent))
    assert unallocated == 0  # every queued line has a verdict
    assert moved  # the re-dated purchase order and the receipt told the waiting lines
    assert HOT_SKU in (tmp_path / "csv" / "products.csv").read_text()
    engine.dispose()


def test_bench_vacuums_its_own_schema_on_postgresql() -> None:
    base = os.environ.get("TEST_POSTGRES_URL")
    if not base:
        pytest.skip("TEST_POSTGRES_URL is not set")
    with postgres_url(base) as url:
        upgrade(url)
        engine = make_engine(url)
        results: list[tuple[str, str, str]] = []
        vacuum(engine, results)
        with engine.connect() as connection:
            vacuumed = connection.execute(
                text(
                    "select count(*) from pg_stat_user_tables"
                    " where schemaname = current_schema() and last_vacuum is not null"
                )
            ).scalar_one()
        engine.dispose()
    assert [name for name, _, _ in results] == ["VACUUM ANALYZE after the import and allocation"]
    assert vacuumed == 6
