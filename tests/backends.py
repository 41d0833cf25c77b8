"""The databases the store tests run on: SQLite always, PostgreSQL where a server is given.

``scripts/test`` starts a throw-away PostgreSQL server and exports its URL as
``STRIKEWATCH_TEST_POSTGRES``. Each test gets a fresh database: a new SQLite file, or a new
schema on that server (dropped afterwards). In CI (``CI=true``) the PostgreSQL cases always
run, so a missing server fails them; elsewhere, without the variable, they are left out with
a warning that says how to run them.
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

POSTGRES_ENV = "STRIKEWATCH_TEST_POSTGRES"


def in_ci() -> bool:
    """Whether the tests run in CI, where nothing may be left out."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def backends() -> list[str]:
    """The backends to run on: sqlite, and postgresql where a server is given (always in CI)."""
    if os.environ.get(POSTGRES_ENV) or in_ci():
        return ["sqlite", "postgresql"]
    warnings.warn(
        f"PostgreSQL cases deselected: ${POSTGRES_ENV} is not set "
        "(run scripts/test, or start a server with scripts/test-postgres and export its URL)",
        stacklevel=2,
    )
    return ["sqlite"]


def postgres_url() -> str:
    """The test server's URL; an error that says how to get one when it is missing."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        raise RuntimeError(
            f"${POSTGRES_ENV} is not set: scripts/test starts a PostgreSQL server and sets it "
            "(in CI the PostgreSQL tests must run)"
        )
    return url


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database on ``backend``, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'store-{uuid.uuid4().hex[:8]}.db'}"
        return
    base = make_url(postgres_url())
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()
