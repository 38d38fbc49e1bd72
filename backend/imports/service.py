"""CSV import: validate every row of every file, then load all of it or nothing.

Rows are matched to what the database holds by natural key (supplier_id, sku, po_number + sku,
order_number, order_number + line_no): new keys are inserted, changed rows updated, identical rows
left alone, so importing the same files twice changes nothing. Every SKU a change touched is then
re-allocated inside the same transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import JSON, Table, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from backend.allocation.service import reallocate
from backend.imports.rows import (
    FILES,
    OrderLineRow,
    OrderRow,
    ProductRow,
    PurchaseOrderRow,
    SupplierRow,
    describe,
)
from backend.models import LineEvent, Order, OrderLine, Product, PurchaseOrder, Supplier
from backend.supply.record import refresh_slip_days

CHUNK = 5000
COPY_AT = 1000  # rows from which PostgreSQL's COPY beats a pipelined INSERT per row


class ImportFailed(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} problem(s); nothing was imported")
        self.errors = errors


@dataclass
class Batch:
    """Validated rows, each with the line of its file it came from."""

    suppliers: list[tuple[int, SupplierRow]] = field(default_factory=list)
    products: list[tuple[int, ProductRow]] = field(default_factory=list)
    purchase_orders: list[tuple[int, PurchaseOrderRow]] = field(default_factory=list)
    orders: list[tuple[int, OrderRow]] = field(default_factory=list)
    order_lines: list[tuple[int, OrderLineRow]] = field(default_factory=list)

    @classmethod
    def of(cls, **rows: Sequence[BaseModel]) -> Batch:
        """A batch from rows made in code (the demo seed); lines count from 2 as in a file."""
        return cls(**{name: list(enumerate(items, start=2)) for name, items in rows.items()})  # type: ignore[arg-type]


@dataclass
class Summary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    reallocated_skus: int = 0

    def __str__(self) -> str:
        parts = [
            f"{table}: {self.created.get(table, 0)} new, {self.updated.get(table, 0)} changed"
            for table in ("suppliers", "products", "purchase_orders", "orders", "order_lines")
        ]
        return "; ".join(parts) + f"; {self.reallocated_skus} SKU(s) re-allocated"


def read_dir(directory: Path, today: dt.date | None = None) -> Batch:
    """Parse and validate the contract's CSV files found in `directory`; dates may lie up to
    5 years after `today` (default: the machine's)."""
    context = {"today": today or dt.date.today()}
    if not directory.is_dir():
        raise ImportFailed([f"{directory}: not a directory"])
    present = [name for name in FILES if (directory / name).exists()]
    if not present:
        raise ImportFailed([f"{directory}: none of {', '.join(FILES)} found"])
    errors: list[str] = []
    batch = Batch()
    for name in present:
        model = FILES[name]
        target: list[tuple[int, Any]] = getattr(batch, name.removesuffix(".csv"))
        expected = list(model.model_fields)
        try:
            with (directory / name).open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                header = [column.strip() for column in reader.fieldnames or []]
                missing = [c for c in expected if c not in header]
                unknown = [c for c in header if c not in expected]
                if missing or unknown:
                    errors.append(
                        f"{name} line 1: header must be {','.join(expected)}"
                        + (f"; missing {', '.join(missing)}" if missing else "")
                        + (f"; unknown {', '.join(unknown)}" if unknown else "")
                    )
                    continue
                for raw in reader:
                    line = reader.line_num
                    if None in raw or any(value is None for value in raw.values()):
                        errors.append(f"{name} line {line}: expected {len(expected)} columns")
                        continue
                    values = {key.strip(): value for key, value in raw.items()}
                    try:
                        target.append((line, model.model_validate(values, context=context)))
                    except ValidationError as exc:
                        errors.extend(f"{name} line {line}: {p}" for p in describe(exc))
        except UnicodeDecodeError:
            errors.append(f"{name}: not UTF-8 text")
        except csv.Error as exc:  # e.g. a field over the csv module's 128 KiB
            errors.append(f"{name} line {reader.line_num + 1}: {exc}")
    if errors:
        raise ImportFailed(errors)
    return batch


def _duplicates(name: str, rows: Iterable[tuple[int, Any]], key: Any) -> list[str]:
    seen: dict[Any, int] = {}
    errors = []
    for line, row in rows:
        k = key(row)
        if k in seen:
            shown = ", ".join(map(str, k)) if isinstance(k, tuple) else k
            errors.append(f"{name} line {line}: duplicate of line {seen[k]} ({shown})")
        else:
            seen[k] = line
    return errors


def check(session: Session, batch: Batch) -> list[str]:
    """Duplicate keys within a file and references to nothing, in the batch or the database."""
    errors = (
        _duplicates("suppliers.csv", batch.suppliers, lambda r: r.supplier_id)
        + _duplicates("products.csv", batch.products, lambda r: r.sku)
        + _duplicates("purchase_orders.csv", batch.purchase_orders, lambda r: (r.po_number, r.sku))
        + _duplicates("orders.csv", batch.orders, lambda r: r.order_number)
        + _duplicates("order_lines.csv", batch.order_lines, lambda r: (r.order_number, r.line_no))
    )
    suppliers = {r.supplier_id for _, r in batch.suppliers} | set(
        session.execute(select(Supplier.supplier_id)).scalars()
    )
    skus = {r.sku for _, r in batch.products} | set(session.execute(select(Product.sku)).scalars())
    orders = {r.order_number for _, r in batch.orders}
    wanted_orders = {r.order_number for _, r in batch.order_lines} - orders
    if wanted_orders:
        orders |= set(
            session.execute(
                select(Order.order_number).where(Order.order_number.in_(wanted_orders))
            ).scalars()
        )
    for line, p in batch.products:
        if p.supplier_id not in suppliers:
            errors.append(f"products.csv line {line}: supplier_id {p.supplier_id!r} is unknown")
    for line, po in batch.purchase_orders:
        if po.supplier_id not in suppliers:
            errors.append(
                f"purchase_orders.csv line {line}: supplier_id {po.supplier_id!r} is unknown"
            )
        if po.sku not in skus:
            errors.append(f"purchase_orders.csv line {line}: sku {po.sku!r} is unknown")
    for line, ol in batch.order_lines:
        if ol.order_number not in orders:
            errors.append(
                f"order_lines.csv line {line}: order_number {ol.order_number!r} is unknown"
            )
        if ol.sku not in skus:
            errors.append(f"order_lines.csv line {line}: sku {ol.sku!r} is unknown")
    return errors


@dataclass
class _Synced:
    inserted: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    before: list[Any] = field(default_factory=list)  # the changed rows as they were

    def values(self, column: str) -> set[Any]:
        return {r[column] for r in self.inserted + self.changed} | {
            getattr(r, column) for r in self.before
        }


def _sync(
    session: Session,
    model: Any,
    key: tuple[str, ...],
    rows: list[dict[str, Any]],
    scope: Any = None,
) -> _Synced:
    """Insert rows with new keys and update changed ones; identical rows are left alone."""
    result = _Synced()
    if not rows:
        return result
    columns = [getattr(model, name) for name in rows[0]]
    query = select(model.id, *columns)
    if scope is not None:
        query = query.where(scope)
    existing = {tuple(getattr(r, k) for k in key): r for r in session.execute(query)}
    for row in rows:
        current = existing.get(tuple(row[k] for k in key))
        if current is None:
            result.inserted.append(row)
        elif any(getattr(current, name) != value for name, value in row.items()):
            result.changed.append({**row, "id": current.id})
            result.before.append(current)
    _insert(session, model, result.inserted)
    for start in range(0, len(result.changed), CHUNK):
        session.execute(update(model), result.changed[start : start + CHUNK])
    return result


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert new rows: through COPY on PostgreSQL when there are many, else in chunks."""
    if not rows:
        return
    connection = session.connection()
    table: Table = model.__table__
    columns = list(rows[0])
    missing = [c for c in table.columns if c.name not in columns and not c.primary_key]
    defaults = {c.name: getattr(c.default, "arg", None) for c in missing}
    simple = all(c.default is None or c.default.is_scalar for c in missing)
    if connection.dialect.name != "postgresql" or len(rows) < COPY_AT or not simple:
        for start in range(0, len(rows), CHUNK):
            session.execute(insert(model), rows[start : start + CHUNK])
        return
    # COPY skips SQLAlchemy's defaults and type processing: fill in the columns' scalar
    # defaults and encode JSON here; the other types (text, numbers, dates, aware datetimes)
    # psycopg writes as they are.
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    names = columns + list(defaults)
    fill = list(defaults.values())
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor, cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            values = [json.dumps(row[c]) if c in json_columns else row[c] for c in columns]
            copy.write_row(values + fill)


def load(session: Session, batch: Batch) -> Summary:
    """Write a checked batch and re-allocate what it touched. The caller commits (or, on
    ImportFailed, rolls back)."""
    errors = check(session, batch)
    if errors:
        raise ImportFailed(errors)
    try:
        return _write(session, batch)
    except DBAPIError as refused:
        # Validation lets no such row through; should one get past it, the operator gets one
        # line, not a traceback, and the caller's rollback leaves nothing written.
        first = str(refused.orig).splitlines()[0] if refused.orig else type(refused).__name__
        raise ImportFailed([f"the database refused the batch: {first}"]) from refused


def _write(session: Session, batch: Batch) -> Summary:
    summary = Summary()
    touched: set[int] = set()

    def note(table: str, synced: _Synced) -> _Synced:
        summary.created[table] = len(synced.inserted)
        summary.updated[table] = len(synced.changed)
        return synced

    note(
        "suppliers",
        _sync(session, Supplier, ("supplier_id",), [r.model_dump() for _, r in batch.suppliers]),
    )
    supplier_ids = dict(session.execute(select(Supplier.supplier_id, Supplier.id)).all())

    product_rows = [
        {**r.model_dump(exclude={"supplier_id"}), "supplier_id": supplier_ids[r.supplier_id]}
        for _, r in batch.products
    ]
    synced = note("products", _sync(session, Product, ("sku",), product_rows))
    product_ids = dict(session.execute(select(Product.sku, Product.id)).all())
    touched |= {product_ids[sku] for sku in synced.values("sku")}

    po_rows = [
        {
            **r.model_dump(exclude={"supplier_id", "sku"}),
            "supplier_id": supplier_ids[r.supplier_id],
            "product_id": product_ids[r.sku],
        }
        for _, r in batch.purchase_orders
    ]
    synced = note(
        "purchase_orders", _sync(session, PurchaseOrder, ("po_number", "product_id"), po_rows)
    )
    touched |= synced.values("product_id")
    refresh_slip_days(session, synced.values("supplier_id"))  # receipts may be among them

    synced = note(
        "orders",
        _sync(session, Order, ("order_number",), [r.model_dump() for _, r in batch.orders]),
    )
    if synced.changed:  # a cancelled or re-opened order changes the queue of each of its SKUs
        touched |= set(
            session.execute(
                select(OrderLine.product_id).where(
                    OrderLine.order_id.in_([c["id"] for c in synced.changed])
                )
            ).scalars()
        )

    numbers = {r.order_number for _, r in batch.order_lines}
    order_ids: dict[str, int] = {}
    number_list = sorted(numbers)
    for start in range(0, len(number_list), CHUNK):
        order_ids.update(
            session.execute(
                select(Order.order_number, Order.id).where(
                    Order.order_number.in_(number_list[start : start + CHUNK])
                )
            ).all()
        )
    line_rows = [
        {
            "order_id": order_ids[r.order_number],
            "line_no": r.line_no,
            "product_id": product_ids[r.sku],
            "quantity": r.quantity,
            "status": r.status,
        }
        for _, r in batch.order_lines
    ]
    synced = note(
        "order_lines",
        _sync(
            session,
            OrderLine,
            ("order_id", "line_no"),
            line_rows,
            scope=OrderLine.order_id.in_(set(order_ids.values()))
            if len(order_ids) < 1000
            else None,
        ),
    )
    touched |= synced.values("product_id")  # old and new SKU of a line that changed SKU

    reallocate(session, touched)
    summary.reallocated_skus = len(touched)
    if any(summary.created.values()) or any(summary.updated.values()):
        refresh_statistics(session)
    return summary


# What an import writes, directly or by re-allocating (line events, notifications' source).
_IMPORTED_TABLES = (Supplier, Product, PurchaseOrder, Order, OrderLine, LineEvent)


def refresh_statistics(session: Session) -> None:
    """PostgreSQL: refresh the planner's statistics of the tables an import wrote.

    Autovacuum gets to it only a minute or more later; until then the planner believes a table
    of a million fresh rows is empty, and the order lookup, planned on that belief, scans every
    restock change instead of its line's few. ANALYZE samples (about 30,000 rows per table), so
    it costs well under a second at any size, and it is part of the import's transaction.
    SQLite plans by its indexes without statistics.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    names = ", ".join(model.__tablename__ for model in _IMPORTED_TABLES)
    session.execute(text(f"ANALYZE {names}"))
