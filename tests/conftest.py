"""Shared fixtures: one pipeline per test session (the gazetteer and language data load once)."""

from __future__ import annotations

from pathlib import Path

import pytest

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
