"""Crash safety and concurrency of the store, through the real ``strikewatch ingest`` in a subprocess.

An ingest killed with SIGKILL halfway, then run again, leaves every document stored exactly once
and a database that passes SQLite's integrity check; and events can be read while an ingest is
writing (WAL journal and a busy timeout), without "database is locked".
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from strikewatch.store import Store, StoreError

GROUPS = ["Bus drivers", "Nurses", "Dock workers", "Teachers", "Miners", "Refinery workers", "Cleaners",
          "Railway staff", "Postal workers", "Steelworkers"]
ACTIONS = ["went on strike", "held a rally", "began a sit-in", "walked out", "staged a protest", "blocked the road"]
PLACES = ["outside the city hall", "at the main depot", "in front of the regional administration",
          "at the north gate of the plant", "on the central square", "at the harbour entrance"]
DEMANDS = ["demanding a pay rise of {n} percent", "over {n} days of unpaid wages", "against {n} planned layoffs",
           "demanding safer shifts after {n} accidents", "over a cut of {n} percent in bonuses"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


NEWS = [
    "Shares of company number {n} rose {p} percent on {day} after the quarterly results beat forecasts.",
    "The city council approved a budget of {n} million for road repairs in the northern districts on {day}.",
    "Light rain is expected on {day} in the eastern valleys, the {n}th wet day of the year, at about {p} degrees.",
    "The museum opened an exhibition of {n} photographs of the old harbour on {day}.",
    "The football club signed a {p}-year-old midfielder on {day}, its {n}th transfer of the season.",
]


def report(number: int) -> dict[str, object]:
    """A short, distinct report: one in ten tells of a collective action, the rest is other news (as in a feed)."""
    day = DAYS[number % len(DAYS)]
    if number % 10 == 0:
        group = GROUPS[number // 10 % len(GROUPS)]
        action = ACTIONS[number // 10 % len(ACTIONS)]
        place = PLACES[number // 70 % len(PLACES)]
        demand = DEMANDS[number // 10 % len(DEMANDS)].format(n=5 + number % 90)
        text = (f"{group} of company number {number} {action} on {day} {place}, {demand}, their union said. "
                f"About {100 + number} people took part, according to report {number}.")
    else:
        text = NEWS[number % len(NEWS)].format(n=number, p=2 + number % 40, day=day)
    published = f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}"
    return {"id": f"report-{number:04d}", "text": text, "published": published, "language": "en"}


def write_reports(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            out.write(json.dumps(report(number)) + "\n")


def ingest_command(source: Path, db: str) -> list[str]:
    return [sys.executable, "-c", "from strikewatch.cli import app; app()", "ingest", str(source), "--db", db]


def count_documents(path: Path) -> int:
    """Documents stored so far, read with plain sqlite3 as another process would (0 before the table exists)."""
    try:
        with sqlite3.connect(path, timeout=10) as connection:
            return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return 0
        raise


def wait_for(predicate: object, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        if process.poll() is not None:
            raise AssertionError(f"the ingest ended early: {process.stderr.read().decode() if process.stderr else ''}")
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the ingest did not get there in time")


def check_database(path: Path, count: int) -> None:
    """Every document exactly once, every row whole, SQLite's own checks passed."""
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        keys = [row[0] for row in connection.execute("SELECT doc_key FROM documents")]
        assert len(keys) == count and len(set(keys)) == count
        assert sorted(keys) == [f"report-{number:04d}" for number in range(count)]
        # No event without a source, no source without its event or document: each document went in whole.
        assert connection.execute(
            "SELECT count(*) FROM events WHERE id NOT IN (SELECT event_id FROM event_sources)").fetchone() == (0,)
        assert connection.execute(
            "SELECT count(*) FROM event_sources WHERE document_id NOT IN (SELECT id FROM documents) "
            "OR event_id NOT IN (SELECT id FROM events)").fetchone() == (0,)
        with_sources = {row[0] for row in connection.execute(
            "SELECT DISTINCT d.doc_key FROM documents d JOIN event_sources s ON s.document_id = d.id")}
    # A document stored without its events would be skipped as "already stored" by the next ingest.
    from strikewatch.pipeline import default_pipeline
    from strikewatch.sources import document_from_record

    pipeline = default_pipeline()
    expected = {f"report-{number:04d}" for number in range(count)
                if pipeline.extract(document_from_record(report(number)))}
    assert expected and with_sources == expected


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_an_ingest_killed_halfway_and_run_again_stores_every_document_once(tmp_path: Path) -> None:
    count = 1000
    source = tmp_path / "reports.jsonl"
    write_reports(source, count)
    path = tmp_path / "crash.db"
    db = f"sqlite:///{path}"
    process = subprocess.Popen(ingest_command(source, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: count_documents(path) >= count // 2, process, seconds=240)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    stored_at_kill = count_documents(path)
    assert count // 2 <= stored_at_kill < count

    again = subprocess.run(ingest_command(source, db), capture_output=True, text=True, timeout=600, check=False)
    assert again.returncode == 0, again.stderr
    summary = again.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"documents read: {count}, new: {count - stored_at_kill}, "
                              f"already stored: {stored_at_kill}, failed: 0"), summary
    check_database(path, count)
    with Store(db) as store:
        assert store.count_documents() == count
        assert store.count_events() > 0


def test_events_can_be_read_while_an_ingest_writes(tmp_path: Path) -> None:
    count = 200
    source = tmp_path / "reports.jsonl"
    write_reports(source, count)
    path = tmp_path / "concurrent.db"
    db = f"sqlite:///{path}"
    Store(db).close()  # the tables exist before the reader starts
    process = subprocess.Popen(ingest_command(source, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reads: list[tuple[int, int]] = []
    try:
        with Store(db) as store:
            while process.poll() is None:
                try:
                    # The whole read path of `strikewatch events`: filtered rows with children and sources.
                    events = store.events()
                    reads.append((store.count_documents(), len(events)))
                except StoreError as exc:  # "database is locked" would land here
                    raise AssertionError(f"a read failed while the ingest was writing: {exc}") from exc
                time.sleep(0.02)
        process.wait(timeout=600)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, process.stderr.read().decode() if process.stderr else ""
    documents_seen = [documents for documents, _events in reads]
    assert documents_seen == sorted(documents_seen)  # each read saw a committed state, never going back
    assert any(0 < documents < count for documents in documents_seen), "no read happened during the writes"
    assert len(reads) >= 10
    check_database(path, count)


def test_the_fetch_state_waits_for_locks_like_the_store(tmp_path: Path) -> None:
    # The store's own pragmas are checked in test_store; the fetch state opens its own connections.
    from strikewatch.sources.feeds import WatchState
    from strikewatch.store.sqlite_setup import SQLITE_BUSY_TIMEOUT_MS

    path = tmp_path / "state.db"
    with WatchState(f"sqlite:///{path}") as state, state._engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert raw.execute("PRAGMA busy_timeout").fetchone() == (SQLITE_BUSY_TIMEOUT_MS,)
