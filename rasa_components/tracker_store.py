"""Rasa's SQL tracker store without re-reading the whole conversation on every message.

Rasa 3.6's `SQLTrackerStore` loads every event of the conversation from the database on each
message, rebuilds the tracker by replaying them, and on save counts the stored events again to
find the new ones: about a quarter of our Rasa process's CPU per message (py-spy; README, "The
conversation", Speed). This store keeps the same table and the same rows, so conversations still
survive a restart, and adds:

- a cache of the trackers it saved, so the next message of a conversation starts from the tracker
  object itself. A cached tracker is used only if the database still holds exactly the rows this
  process wrote (one indexed `count`), so another Rasa process writing the same conversation, or
  anyone deleting it, sends us back to the database;
- "lending": `retrieve` takes the tracker out of the cache, `save` puts it back. A tracker that
  was retrieved and changed but never saved (an error half-way through a message) is never seen
  again; the next message reads the database, as with Rasa's own store;
- saves that insert only the events appended since the tracker was read or last saved, in one
  statement;
- a new conversation (no rows yet) costs one `count`: no events query, and its first save
  inserts its events without Rasa's count of what is already stored;
- Core statements on a pooled connection instead of ORM queries (~0.1 ms against ~0.5 ms each);
- on SQLite, one kept connection in WAL mode with `synchronous=NORMAL` (no fsync per message).

Configure it in endpoints.yml with `type: rasa_components.tracker_store.CachedSQLTrackerStore`
and the usual SQL store keys (`dialect`, `db`, `host`, ...) plus optional `cache_size`
(trackers kept, default 10,000). The repository root must be on PYTHONPATH (`backorder up` does it).
"""

from __future__ import annotations

import itertools
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

DEFAULT_CACHE_SIZE = 10_000


@dataclass
class _Entry:
    tracker: DialogueStateTracker | None  # None: the database held no rows for it
    length: int  # tracker.events[:length] are in the database
    rows: int  # rows the database holds for this conversation when we last wrote or read it


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class CachedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, cache_size: int = DEFAULT_CACHE_SIZE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(
                url,
                poolclass=sa.pool.QueuePool,
                pool_size=1,
                max_overflow=4,
                connect_args={"check_same_thread": False},
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.cache_size = int(cache_size)
        self._saved: OrderedDict[str, _Entry] = OrderedDict()
        self._lent: OrderedDict[str, _Entry] = OrderedDict()
        table = self.SQLEvent.__table__
        self._count = (
            sa.select(sa.func.count())
            .select_from(table)
            .where(table.c.sender_id == sa.bindparam("sender_id"))
        )
        self._insert = table.insert()

    def _rows(self, sender_id: str) -> int:
        """How many events the database holds for this conversation, all sessions."""
        with self.engine.connect() as connection:
            return int(connection.execute(self._count, {"sender_id": sender_id}).scalar())

    def _keep(self, entries: OrderedDict[str, _Entry], sender_id: str, entry: _Entry) -> None:
        entries[sender_id] = entry
        entries.move_to_end(sender_id)
        while len(entries) > self.cache_size:
            entries.popitem(last=False)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session's tracker: the one this process saved last, if still current."""
        entry = self._saved.pop(sender_id, None)
        rows = self._rows(sender_id)
        if entry is not None and len(entry.tracker.events) == entry.length and rows == entry.rows:
            self._keep(self._lent, sender_id, entry)
            return entry.tracker
        if rows == 0:
            # Nothing stored: Rasa's store answers None too. Rasa creates the tracker and saves
            # it next; all of its events are new then.
            self._keep(self._lent, sender_id, _Entry(None, 0, 0))
            return None
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            self._keep(self._lent, sender_id, _Entry(tracker, len(tracker.events), rows))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Stores the events appended since `retrieve` and keeps the tracker for next time."""
        sender_id = tracker.sender_id
        entry = self._lent.pop(sender_id, None)
        if entry is None and sender_id in self._saved and self._saved[sender_id].tracker is tracker:
            entry = self._saved.pop(sender_id)  # saved again without a retrieve in between
        if entry is not None and entry.tracker is None and self._rows(sender_id) != 0:
            entry = None  # found empty, but written since by someone else
        if entry is None or not (entry.tracker is None or entry.tracker is tracker):
            # Not a tracker we handed out, nor a new conversation we found empty (one built
            # elsewhere): Rasa's own way of finding what is new.
            await super().save(tracker)
            rows = self._rows(sender_id)
        else:
            new_events = list(itertools.islice(tracker.events, entry.length, None))
            if self.event_broker is not None:
                await self._stream_new_events(self.event_broker, new_events, sender_id)
            if new_events:
                with self.engine.begin() as connection:
                    connection.execute(
                        self._insert, [self._row(sender_id, event) for event in new_events]
                    )
            rows = entry.rows + len(new_events)
        self._keep(self._saved, sender_id, _Entry(tracker, len(tracker.events), rows))

    @staticmethod
    def _row(sender_id: str, event: Event) -> dict:
        # The same columns Rasa's SQLTrackerStore.save writes.
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }

    def forget(self, sender_ids: list[str] | None = None) -> None:
        """Drops cached trackers (all, or those of `sender_ids`); the database is untouched."""
        if sender_ids is None:
            self._saved.clear()
            self._lent.clear()
            return
        for sender_id in sender_ids:
            self._saved.pop(sender_id, None)
            self._lent.pop(sender_id, None)
