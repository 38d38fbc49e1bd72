"""The lock-out of order verification: atomic counters, per order number and client.

A verification is counted against counters, each a row of `verification_counters`:

- the order number *and* the client asking (the conversation id or address the caller passes):
  5 failures lock this pair for 15 minutes, so a stranger's guesses slow the stranger, and the
  customer, asking from their own conversation, still gets in;
- with a client given, also the client alone (20 failures over any order numbers: one client
  trying many orders) and the order number alone (50 failures from any clients: guesses spread
  over many made-up conversation ids);
- with no client given, the pair is the order number and "", as before there were clients.

A failure increments every counter in one atomic statement each (INSERT ... ON CONFLICT DO
UPDATE ... RETURNING, on SQLite and PostgreSQL alike), and its answer depends on the count the
statement returned: past a counter's limit the answer is 429, not 404, so however many guesses
run at once, at most `limit` of them learn anything. A right proof is answered only while no
counter is locked (read in the lookup's own statement); a success clears its pair's counter.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, case, delete, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend.db import UTCDateTime
from backend.models import VerificationCounter

WINDOW = dt.timedelta(minutes=15)  # failures count within this long of the first
KEEP = dt.timedelta(days=1)  # lapsed counters older than this are deleted
LOCK = dt.timedelta(minutes=15)  # how long a counter at its limit refuses
PER_ORDER_AND_CLIENT = 5
PER_CLIENT = 20
PER_ORDER = 50


@dataclass(frozen=True, slots=True)
class Counter:
    key: str
    limit: int


def counters(order_number: str, client: str | None) -> tuple[Counter, ...]:
    """The counters a verification of `order_number` by `client` is counted against; the first
    is the pair, which a success clears."""
    pair = Counter(f"order:{order_number} client:{client or ''}", PER_ORDER_AND_CLIENT)
    if not client:
        return (pair,)
    return (
        pair,
        Counter(f"client:{client}", PER_CLIENT),
        Counter(f"order:{order_number}", PER_ORDER),
    )


def retry_after(locked_until: dt.datetime, now: dt.datetime) -> int:
    return max(1, math.ceil((locked_until - now).total_seconds()))


# --- reading: is any counter locked now? ------------------------------------------------------


def locked_until_column(keys: Any, now: Any) -> Any:
    """A scalar subquery: the latest end of a lock among `keys` that still holds at `now`, or
    NULL. `keys` and `now` may be bound parameters (the lookup's prepared statement)."""
    return (
        select(func.max(VerificationCounter.locked_until))
        .where(VerificationCounter.key.in_(keys), VerificationCounter.locked_until > now)
        .scalar_subquery()
    )


def pending_column(pair_key: Any) -> Any:
    """Whether the pair has a counter a success should clear."""
    return select(VerificationCounter.key).where(VerificationCounter.key == pair_key).exists()


KEYS: Any = bindparam("lock_keys", expanding=True)
NOW: Any = bindparam("lock_now", type_=UTCDateTime())
PAIR: Any = bindparam("lock_pair")


def parameters(found: Sequence[Counter], now: dt.datetime) -> dict[str, Any]:
    """Values of KEYS, NOW and PAIR for a statement built with them."""
    return {"lock_keys": [c.key for c in found], "lock_now": now, "lock_pair": found[0].key}


def locked_until(
    session: Session, found: Sequence[Counter], now: dt.datetime
) -> dt.datetime | None:
    """The same read on its own (an unknown order number reads no order row to carry it)."""
    value: dt.datetime | None = session.execute(
        select(locked_until_column(KEYS, NOW)), parameters(found, now)
    ).scalar()
    return value


# --- writing: count a failure, clear a success ---------------------------------------------------


def record_failure(session: Session, found: Sequence[Counter], now: dt.datetime) -> int | None:
    """Count a failed verification against each counter; the seconds to wait when this attempt
    was past a limit (answer 429), None when it was within them (answer 404)."""
    wait = None
    started = False
    for counter in found:
        attempts, until = _increment(session, counter, now)
        started = started or attempts == 1
        if attempts > counter.limit and until is not None:
            wait = max(wait or 0, retry_after(until, now))
    if started:
        _prune(session, now)
    return wait


def _prune(session: Session, now: dt.datetime) -> None:
    """Delete counters that lapsed long ago: guesses at made-up numbers from made-up clients
    would otherwise leave a row each forever. Run when a failure starts a counter, so the table
    holds about a day of failures."""
    session.execute(
        delete(VerificationCounter).where(
            VerificationCounter.window_start < now - KEEP,
            (VerificationCounter.locked_until.is_(None)) | (VerificationCounter.locked_until < now),
        )
    )


def _increment(session: Session, counter: Counter, now: dt.datetime) -> tuple[int, Any]:
    table = VerificationCounter.__table__
    at = literal(now, UTCDateTime())
    lock_at = literal(now + LOCK, UTCDateTime())
    # A lapsed counter starts again at 1: its lock is over, or (unlocked) its window passed.
    lapsed = case(
        (table.c.locked_until.is_not(None), table.c.locked_until <= at),
        else_=table.c.window_start <= literal(now - WINDOW, UTCDateTime()),
    )
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(
        key=counter.key, attempts=1, window_start=now, locked_until=None
    )
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "attempts": case((lapsed, 1), else_=table.c.attempts + 1),
            "window_start": case((lapsed, at), else_=table.c.window_start),
            "locked_until": case(
                (lapsed, None),
                (
                    table.c.attempts + 1 >= counter.limit,
                    func.coalesce(table.c.locked_until, lock_at),
                ),
                else_=table.c.locked_until,
            ),
        },
    ).returning(table.c.attempts, table.c.locked_until)
    attempts, until = session.execute(statement).one()
    return int(attempts), until


def clear(session: Session, pair: Counter) -> None:
    """A success: the pair starts afresh (the client-wide and order-wide counters don't)."""
    session.execute(delete(VerificationCounter).where(VerificationCounter.key == pair.key))
