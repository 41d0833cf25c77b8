"""Shared fixtures: one pipeline per test session (the gazetteer and language data load once), stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backends import backends, fresh_database
from strikewatch.store import Store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pipeline():
    from strikewatch.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "eval" / "score.py").exists():
        raise RuntimeError(f"the shared folder is expected beside the project at {SHARED}")
    return SHARED


@pytest.fixture(params=backends())
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend (SQLite, and PostgreSQL when one is given)."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(database: str) -> Iterator[Store]:
    """A store on that database, closed after the test."""
    opened = Store(database)
    yield opened
    opened.close()
