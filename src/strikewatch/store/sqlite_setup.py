"""What every SQLite connection of strikewatch turns on: waiting on locks and write-ahead logging."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

SQLITE_BUSY_TIMEOUT_MS = 10_000
_FIRST_RETRY_S = 0.005
_LONGEST_RETRY_S = 0.25


def wait_on_locks_and_use_wal(cursor: Any) -> None:
    """Set the busy timeout, then WAL mode, retrying the switch while another connection holds the lock.

    Switching a database to WAL takes an exclusive lock. When two processes open a new database at
    the same moment both hold a shared lock and want the exclusive one; SQLite then answers "database
    is locked" at once instead of calling the busy handler (waiting could deadlock), so the busy
    timeout alone does not cover it. Retrying from scratch does: the other connection finishes its
    switch, and the pragma then finds the database in WAL mode already.
    """
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = _FIRST_RETRY_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, _LONGEST_RETRY_S)
