"""Alembic's entry point: runs the migrations on the connection ``Store`` hands over.

``Store`` opens a transaction, takes the schema lock and puts the connection in
``config.attributes["connection"]``. Run by hand (``alembic -x url=... upgrade head`` with
``script_location = strikewatch.store:migrations``), the URL comes from ``-x url=`` or
``sqlalchemy.url``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from strikewatch.store.schema import Base

config = context.config


def _run(connection: object) -> None:
    # Batch mode rebuilds SQLite tables for the changes SQLite cannot ALTER; PostgreSQL alters in place.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


handed = config.attributes.get("connection")
if handed is not None:
    _run(handed)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database: pass -x url=DATABASE_URL or set sqlalchemy.url")
    engine = create_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()
