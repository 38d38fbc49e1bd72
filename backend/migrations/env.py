"""Alembic environment: the URL comes from backend.migrate, never from an ini file."""

from __future__ import annotations

from alembic import context

import backend.models  # noqa: F401  (registers the tables on Base.metadata)
from backend.db import Base, make_engine

config = context.config
url = config.attributes["database_url"]
engine = make_engine(url)

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=url.startswith("sqlite"),  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
