"""Backend benchmark: CSV import, allocation of one busy SKU, order lookup latency.

    .venv/bin/python bench/backend.py            # full size: 1,000,000 order lines (a few minutes)
    .venv/bin/python bench/backend.py --quick    # 50,000 lines, for a smoke run (~30 s)
    BENCH_LINES=200000 BENCH_DB=sqlite .venv/bin/python bench/backend.py

For each database (SQLite in a temp file; PostgreSQL at TEST_POSTGRES_URL or the local default,
in a schema of its own that is dropped at the end) it generates a synthetic data set as the
contract's CSV files, then measures:

- import: `backend.imports.service.read_dir` (parse + validate) and `load` (check, insert,
  allocate every SKU) + commit, what `backorder import DIR` does; then the same files again
  (idempotent re-import: nothing changes);
- allocation of the busy SKU (50,000 queued lines): first allocation, a re-run with nothing
  changed, a purchase order re-dated, a receipt (every back-ordered line moves up the queue);
- PostgreSQL only: VACUUM ANALYZE of the loaded tables, what autovacuum does on a production
  server (the import and the allocation leave ~1M dead row versions behind; this machine's
  server runs with autovacuum off, so nothing else would clean them);
- order lookup: uvicorn serving `backend.app:app` (`--workers`, default 2: BACKEND_WORKERS=2),
  8 concurrent clients POSTing /v1/orders/lookup with the bearer key; the load client runs on
  the same 2 cores as the server.

The table is printed and written to test-output/bench/backend.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    # Run as a script, this file's folder comes first on sys.path and its name would shadow the
    # `backend` package it measures: look modules up from the repository root instead.
    _here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
    sys.path.insert(0, str(_here.parent))

import argparse
import asyncio
import csv
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine, select, text, update

from backend.allocation.service import reallocate
from backend.db import make_engine, session_factory
from backend.imports.service import load, read_dir
from backend.migrate import upgrade
from backend.models import OrderLine, Product, PurchaseOrder
from bench.httpclient import Connection
from bench.proc import process_table

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
API_KEY = "bench-api-key"
OPERATOR_KEY = "bench-operator-key"
HOT_SKU = "GPU-HOT-4070"
CATEGORIES = ["graphics_cards", "cpus", "ssds", "memory", "laptops", "monitors", "software"]
START = dt.datetime(2026, 5, 1, tzinfo=dt.timezone(dt.timedelta(hours=3)))
TODAY = dt.date(2026, 11, 24)


# --- the synthetic data set -------------------------------------------------------------------


@dataclass
class Dataset:
    directory: Path
    lines: int
    orders: int
    hot_lines: int
    hot_sku: str = HOT_SKU
    # (order_number, email) of orders to look up: half hold a line of the busy SKU.
    lookups: list[tuple[str, str]] = field(default_factory=list)


def email_of(number: int) -> str:
    return f"Customer.{number}@Example.com"


def generate(
    directory: Path, lines: int = 1_000_000, hot_lines: int = 50_000, products: int = 2000
) -> Dataset:
    """Write the five CSV files of a deterministic data set with `lines` order lines.

    Orders have 1-4 lines (2.5 on average); every k-th order's first line is the busy SKU, open in
    an open order, so exactly `hot_lines` lines queue for it. Other lines spread over `products`
    SKUs with a long tail (a few SKUs are popular); 85% are open, 10% shipped, 5% cancelled.
    """
    rng = random.Random(20261124)
    directory.mkdir(parents=True, exist_ok=True)
    suppliers = [f"SUP-{i:02d}" for i in range(1, 21)]
    with (directory / "suppliers.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["supplier_id", "name", "lead_time_days"])
        for i, sid in enumerate(suppliers):
            out.writerow([sid, f"Supplier {i + 1}", 5 + (i * 7) % 50])

    skus = [HOT_SKU] + [f"SKU-{i:05d}" for i in range(1, products)]
    with (directory / "products.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["sku", "name", "category", "price", "currency", "on_hand", "supplier_id", "attributes"]
        )
        for i, sku in enumerate(skus):
            on_hand = hot_lines // 50 if sku == HOT_SKU else rng.randrange(0, 300)
            attributes = json.dumps({"model": i % 97, "size_gb": 2 ** (i % 8)})
            out.writerow(
                [
                    sku,
                    f"Product {sku}",
                    CATEGORIES[i % len(CATEGORIES)],
                    f"{rng.randrange(1000, 200000) / 100:.2f}",
                    "EUR",
                    on_hand,
                    suppliers[i % len(suppliers)],
                    attributes,
                ]
            )

    with (directory / "purchase_orders.csv").open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "po_number",
                "supplier_id",
                "sku",
                "quantity",
                "expected_date",
                "status",
                "received_date",
            ]
        )
        for i, sku in enumerate(skus):
            supplier = suppliers[i % len(suppliers)]
            # The busy SKU (50,000 lines: 1,000 on hand): 20 open purchase orders of 1,500 units
            # a week apart cover ~30,000 of its missing units; the rest has no restock date.
            count = 20 if sku == HOT_SKU else 4
            for n in range(count):
                expected = TODAY + dt.timedelta(days=7 * n - 14)
                if sku == HOT_SKU or n >= 2:
                    status, received = "open", ""
                    quantity = (
                        hot_lines * 3 // 100 or 1 if sku == HOT_SKU else rng.randrange(20, 400)
                    )
                else:
                    status = "received"
                    received = (expected + dt.timedelta(days=rng.randrange(-2, 9))).isoformat()
                    quantity = rng.randrange(20, 400)
                po = f"PO-{i:05d}-{n:02d}"
                out.writerow([po, supplier, sku, quantity, expected.isoformat(), status, received])

    orders = -(-lines * 2 // 5)  # ceil(lines / 2.5)
    every = max(1, orders // hot_lines) if hot_lines else 0
    hot_orders = {k * every for k in range(hot_lines)} if hot_lines else set()
    if hot_lines and max(hot_orders) >= orders:
        raise ValueError("hot_lines must be at most lines / 2.5")
    # Cumulative weights of a Zipf-like popularity over the other SKUs.
    weights = [1 / (rank**0.7) for rank in range(1, len(skus))]
    cumulative, total = [], 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    others = skus[1:]
    span = (TODAY - START.date()).days * 86400
    written = made = 0
    lookups: list[tuple[str, str]] = []
    with (
        (directory / "orders.csv").open("w", newline="") as order_file,
        (directory / "order_lines.csv").open("w", newline="") as line_file,
    ):
        order_out, line_out = csv.writer(order_file), csv.writer(line_file)
        order_out.writerow(["order_number", "email", "postal_code", "placed_at", "status"])
        line_out.writerow(["order_number", "line_no", "sku", "quantity", "status"])
        for k in range(orders):
            if written >= lines:
                break
            number = 1_000_000 + k
            hot = k in hot_orders
            placed = START + dt.timedelta(seconds=span * k // orders)
            cancelled = not hot and rng.random() < 0.03
            order_out.writerow(
                [
                    number,
                    email_of(number),
                    f"{10000 + number % 89999}",
                    placed.isoformat(timespec="seconds"),
                    "cancelled" if cancelled else "open",
                ]
            )
            count = min(1 + k % 4, lines - written)  # 2.5 lines per order on average
            chosen = rng.choices(others, cum_weights=cumulative, k=count)
            for line_no, sku in enumerate(chosen, start=1):
                if hot and line_no == 1:
                    sku, status = HOT_SKU, "open"
                else:
                    roll = rng.random()
                    status = "open" if roll < 0.85 else "shipped" if roll < 0.95 else "cancelled"
                line_out.writerow([number, line_no, sku, rng.choice((1, 1, 1, 2)), status])
            written += count
            made += 1
            if k % 211 == 0 or (hot and k % (every * 50) == 0):
                lookups.append((str(number), email_of(number)))
    return Dataset(directory, written, made, len(hot_orders), lookups=lookups)


# --- the measurements --------------------------------------------------------------------------


Row = tuple[str, str, str]  # (measurement, result, note)


@contextmanager
def timed(results: list[Row], name: str, note: str = "") -> Iterator[dict[str, float]]:
    box: dict[str, float] = {}
    start = time.perf_counter()
    yield box
    box["seconds"] = time.perf_counter() - start
    results.append((name, f"{box['seconds']:.2f} s", box.get("note", note)))  # type: ignore[arg-type]
    print(f"  {name}: {box['seconds']:.2f} s", flush=True)


def bench_import(engine: Engine, data: Dataset, results: list[Row], again: bool = True) -> None:
    make = session_factory(engine)
    for label in ("import", "re-import, same files") if again else ("import",):
        with timed(results, f"{label}: read + validate CSV"):
            batch = read_dir(data.directory)
        with make() as session:
            with timed(results, f"{label}: load (check, write, allocate all SKUs)") as box:
                summary = load(session, batch)
                box["note"] = (  # type: ignore[assignment]
                    f"{summary.created.get('order_lines', 0):,} lines new, "
                    f"{summary.updated.get('order_lines', 0):,} changed, "
                    f"{summary.reallocated_skus:,} SKUs allocated"
                )
            with timed(results, f"{label}: commit"):
                session.commit()
        del batch


def bench_allocation(engine: Engine, data: Dataset, results: list[Row]) -> float:
    """Time `reallocate` of the busy SKU (plus its commit) after four kinds of change."""
    make = session_factory(engine)
    with make() as session:
        product_id = session.execute(
            select(Product.id).where(Product.sku == data.hot_sku)
        ).scalar_one()
        queued = session.execute(
            text("SELECT count(*) FROM order_lines WHERE product_id = :p AND status = 'open'"),
            {"p": product_id},
        ).scalar_one()

    def step(name: str, change: Callable[[object], None]) -> float:
        with make() as session:
            change(session)
            session.commit()
        with make() as session:
            start = time.perf_counter()
            result = reallocate(session, {product_id})[product_id]
            session.commit()
            seconds = time.perf_counter() - start
        ready = sum(1 for line in result.lines if line.status == "ready")
        note = f"{queued:,} queued, {ready:,} ready"
        results.append((f"allocation, one SKU: {name}", f"{seconds * 1000:.0f} ms", note))
        print(f"  allocation {name}: {seconds * 1000:.0f} ms", flush=True)
        return seconds

    def forget(session) -> None:  # type: ignore[no-untyped-def]
        session.execute(
            update(OrderLine)
            .where(OrderLine.product_id == product_id)
            .values(
                allocation=None,
                allocated_quantity=0,
                queue_rank=None,
                restock_date=None,
                eta_estimated=False,
            )
        )

    def redate(session) -> None:  # type: ignore[no-untyped-def]
        po_id, expected = session.execute(
            select(PurchaseOrder.id, PurchaseOrder.expected_date)
            .where(PurchaseOrder.product_id == product_id, PurchaseOrder.status == "open")
            .order_by(PurchaseOrder.expected_date, PurchaseOrder.po_number)
            .limit(1)
        ).one()
        session.execute(
            update(PurchaseOrder)
            .where(PurchaseOrder.id == po_id)
            .values(expected_date=expected + dt.timedelta(days=10))
        )

    def receive(session) -> None:  # type: ignore[no-untyped-def]
        session.execute(
            update(Product).where(Product.id == product_id).values(on_hand=Product.on_hand + units)
        )

    units = max(1, data.hot_lines // 100)

    worst = step("first allocation", forget)
    worst = max(worst, step("re-run, nothing changed", lambda session: None))
    worst = max(worst, step("purchase order re-dated", redate))
    worst = max(worst, step(f"receipt of {units:,} units (whole queue moves)", receive))
    return worst


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(url: str, workers: int = 1) -> Iterator[tuple[str, int]]:
    """uvicorn serving backend.app:app against `url` with `workers` processes: (URL, pid)."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BACKEND_API_KEY": API_KEY,
        "BACKEND_OPERATOR_KEY": OPERATOR_KEY,
        "BACKORDER_TODAY": TODAY.isoformat(),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "backend.app:app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log",
         "--workers", str(workers)],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start (exit code {process.poll()})")
            time.sleep(0.2)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _load(
    base: str, lookups: list[tuple[str, str]], clients: int, requests: int
) -> list[float]:
    latencies: list[float] = []
    queue = [lookups[i % len(lookups)] for i in range(requests)]
    random.Random(7).shuffle(queue)
    port = int(base.rsplit(":", 1)[1])
    headers = {"Authorization": f"Bearer {API_KEY}"}

    async def worker(index: int) -> None:
        # Clients connect a few milliseconds apart, as they would over time: a burst of connects
        # all lands on whichever uvicorn worker wakes first, and a keep-alive connection stays
        # with its worker, so one process would serve all 8 clients while the other idles.
        await asyncio.sleep(index * 0.01)
        connection = Connection(port, headers)
        try:
            while queue:
                number, email = queue.pop()
                body = {"order_number": number, "email": f"  {email.upper()} "}
                start = time.perf_counter()
                status, answer = await connection.post("/v1/orders/lookup", body)
                latencies.append(time.perf_counter() - start)
                if status != 200:
                    raise RuntimeError(f"lookup {number}: {status} {answer[:300]!r}")
        finally:
            await connection.close()

    await asyncio.gather(*(worker(i) for i in range(clients)))
    return latencies


def cpu_seconds_of_children(parent: int) -> dict[int, float]:
    """CPU time (user + system) of each child process of `parent`."""
    return {pid: cpu for pid, (ppid, cpu) in process_table().items() if ppid == parent}


def bench_lookup(
    url: str, data: Dataset, results: list[Row], requests: int, clients: int = 8, workers: int = 1
) -> float:
    with serve(url, workers) as (base, pid):
        asyncio.run(_load(base, data.lookups, clients, min(200, requests)))  # warm up
        # One client alone: the time one lookup costs the server, without queueing.
        alone = sorted(asyncio.run(_load(base, data.lookups, 1, max(50, requests // 10))))
        before = cpu_seconds_of_children(pid)
        start = time.perf_counter()
        latencies = asyncio.run(_load(base, data.lookups, clients, requests))
        elapsed = time.perf_counter() - start
        used = {
            child: seconds - before.get(child, 0.0)
            for child, seconds in cpu_seconds_of_children(pid).items()
        }
    # What each uvicorn worker spent: shows how evenly the clients' connections were spread.
    busy = sorted((s for s in used.values() if s > 0.05), reverse=True)
    server_ms = sum(used.values()) / len(latencies) * 1000
    shares = " / ".join(f"{s / sum(busy):.0%}" for s in busy) if busy else "n/a"
    results.append(
        (
            "order lookup latency p50 / p95, 1 client",
            f"{statistics.median(alone) * 1000:.1f} / "
            f"{alone[int(len(alone) * 0.95) - 1] * 1000:.1f} ms",
            f"{len(alone):,} requests one after another",
        )
    )
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    note = (
        f"{clients} clients, {workers} uvicorn worker{'s' if workers > 1 else ''},"
        f" {len(latencies):,} requests, {len(latencies) / elapsed:.0f} req/s, p99 {p99:.1f} ms,"
        f" server CPU {server_ms:.1f} ms per lookup, workers' shares {shares}"
    )
    results.append(
        (f"order lookup latency p50 / p95, {clients} clients", f"{p50:.1f} / {p95:.1f} ms", note)
    )
    print(f"  lookup p50 {p50:.1f} ms, p95 {p95:.1f} ms ({note})", flush=True)
    return p95


# --- databases and the report -----------------------------------------------------------------


@contextmanager
def postgres_url(base_url: str) -> Iterator[str]:
    """A schema of our own in the shared database, dropped afterwards (never touch others)."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base_url else "?"
    try:
        yield f"{base_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def sqlite_url(work: Path) -> Iterator[str]:
    yield f"sqlite:///{work / 'bench.db'}"


def vacuum(engine: Engine, results: list[Row]) -> None:
    """VACUUM ANALYZE, as autovacuum would after a load this size (it is off on this machine)."""
    tables = "suppliers, products, purchase_orders, orders, order_lines, line_events"
    connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    with timed(results, "VACUUM ANALYZE after the import and allocation", "as autovacuum would"):
        connection.exec_driver_sql(f"VACUUM ANALYZE {tables}")  # this schema's tables only
    connection.close()


def run_database(name: str, url: str, data: Dataset, requests: int, workers: int) -> list[Row]:
    print(f"{name}:", flush=True)
    results: list[Row] = []
    upgrade(url)
    engine = make_engine(url)
    try:
        bench_import(engine, data, results)
        bench_allocation(engine, data, results)
        if engine.dialect.name == "postgresql":
            vacuum(engine, results)
        bench_lookup(url, data, results, requests, workers=workers)
    finally:
        engine.dispose()
    return results


def report(data: Dataset, tables: dict[str, list[Row]], started: float) -> str:
    names = list(tables)
    rows = [name for name, _, _ in next(iter(tables.values()))]
    lines = [
        f"Backend benchmark: {data.lines:,} order lines in {data.orders:,} orders, busy SKU with"
        f" {data.hot_lines:,} queued lines; {os.cpu_count()} cores shared by server, database and"
        f" load client; {dt.date.today().isoformat()}.",
        "",
        "| measurement | " + " | ".join(names) + " | notes |",
        "|---|" + "---|" * len(names) + "---|",
    ]
    for i, row in enumerate(rows):
        cells = [tables[n][i][1] if i < len(tables[n]) else "" for n in names]
        note = "; ".join(
            dict.fromkeys(tables[n][i][2] for n in names if i < len(tables[n]) and tables[n][i][2])
        )
        lines.append(f"| {row} | " + " | ".join(cells) + f" | {note} |")
    lines += [
        "",
        "Goals: allocation of the busy SKU under 1 s, lookup p95 under 20 ms on PostgreSQL."
        f" Total run {time.perf_counter() - started:.0f} s.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        default=bool(os.environ.get("BENCH_QUICK")),
        help="50,000 lines, 2,500 busy-SKU lines, 500 lookups (smoke run)",
    )
    parser.add_argument("--lines", type=int, default=int(os.environ.get("BENCH_LINES", 0)) or None)
    parser.add_argument("--hot-lines", type=int, default=None)
    parser.add_argument("--requests", type=int, default=None, help="lookups to time")
    parser.add_argument(
        "--db", choices=["sqlite", "postgres", "both"], default=os.environ.get("BENCH_DB", "both")
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("BENCH_WORKERS", 2)),
        help="uvicorn worker processes serving the lookups (BACKEND_WORKERS of `backorder up`)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "test-output" / "bench" / "backend.md")
    args = parser.parse_args(argv)
    lines = args.lines or (50_000 if args.quick else 1_000_000)
    hot_lines = args.hot_lines or min(50_000, lines // 20 if args.quick else 50_000, lines // 3)
    requests = args.requests or (500 if args.quick else 3000)

    started = time.perf_counter()
    tables: dict[str, list[Row]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-backend-") as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        data = generate(work / "csv", lines=lines, hot_lines=hot_lines)
        print(
            f"generated {data.lines:,} order lines in {time.perf_counter() - t:.1f} s", flush=True
        )
        if args.db in ("sqlite", "both"):
            with sqlite_url(work) as url:
                tables["SQLite"] = run_database("SQLite", url, data, requests, args.workers)
        if args.db in ("postgres", "both"):
            base = os.environ.get("TEST_POSTGRES_URL") or DEFAULT_POSTGRES
            with postgres_url(base) as url:
                tables["PostgreSQL"] = run_database("PostgreSQL", url, data, requests, args.workers)
    table = report(data, tables, started)
    print()
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
