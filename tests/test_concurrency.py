"""Two writers at once: concurrent ingests and concurrent first openings leave no duplicates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

import merge_set
from backends import backends, fresh_database
from strikewatch.model import Document, Event
from strikewatch.store import Store
from strikewatch.store.schema import DocumentRow, EventSourceRow

# Each worker waits for the start file, so that both write at the same moment.
WORKER = textwrap.dedent("""
    import json, sys, time
    from datetime import date
    from pathlib import Path
    from strikewatch.model import Block, Document, Event
    from strikewatch.store import Store

    url, batch, order, start = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
    rows = [json.loads(line) for line in batch.read_text(encoding="utf-8").splitlines()]
    if order == "reversed":
        rows.reverse()
    store = Store(url, encoder=None)
    deadline = time.monotonic() + 60
    while not start.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    new = 0
    for row in rows:
        d = row["document"]
        document = Document(id=d["id"], text=d["text"], url=d["url"], title=d["title"],
                            published=date.fromisoformat(d["published"]) if d["published"] else None,
                            blocks=[Block(**b) for b in d["blocks"]])
        new += store.add_document(document, [Event.from_dict(e) for e in row["events"]]).new
    store.close()
    print(new)
""")


@pytest.fixture(params=backends())
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database(backend: str, tmp_path: Path) -> Iterator[str]:
    with fresh_database(backend, tmp_path) as url:
        yield url


def write_batch(path: Path, documents: list[Document], extracted: dict[str, list[Event]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for d in documents:
            row = {
                "document": {"id": d.id, "text": d.text, "url": d.url, "title": d.title,
                             "published": d.published.isoformat() if d.published else None,
                             "blocks": [{"start": b.start, "end": b.end, "language": b.language} for b in d.blocks]},
                "events": [e.to_dict() for e in extracted[d.id]],
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def run_at_once(tmp_path: Path, *argument_lists: list[str]) -> list[str]:
    """Start one worker per argument list, release them together, and return their outputs."""
    start = tmp_path / "go"
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    workers = [
        subprocess.Popen([sys.executable, str(script), *arguments, str(start)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=environment)
        for arguments in argument_lists
    ]
    time.sleep(3)  # let both open the store and reach the start line
    start.touch()
    outputs = []
    for worker in workers:
        out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err
        outputs.append(out.strip())
    return outputs


def test_two_concurrent_ingests_leave_no_duplicates(database: str, backend: str, tmp_path: Path,
                                                    pipeline: object) -> None:
    extracted = merge_set.extracted(pipeline)
    documents = merge_set.documents()
    batch = tmp_path / "batch.jsonl"
    write_batch(batch, documents, extracted)
    Store(database, encoder=None).close()  # the schema exists before the race; its own race is tested below

    counts = run_at_once(tmp_path, [database, str(batch), "file"], [database, str(batch), "reversed"])

    assert sum(int(c) for c in counts) == len(documents)  # each report was new to exactly one writer
    with Store(database, encoder=None) as store:
        assert store.count_documents() == len(documents)
        raced = merge_set.event_set(store)
        with store._sessions() as session:
            hashes = Counter(session.scalars(select(DocumentRow.content_hash)))
            keys = Counter(session.scalars(select(EventSourceRow.mention_key)))
            mentions = session.scalar(select(func.count(EventSourceRow.id)))
    assert max(hashes.values()) == 1 and max(keys.values()) == 1
    assert mentions == sum(len(events) for events in extracted.values())
    # The events are those one writer alone would have made: no duplicate, no lost merge.
    with fresh_database(backend, tmp_path) as alone_url, Store(alone_url, encoder=None) as alone:
        merge_set.ingest(alone, documents, extracted)
        assert merge_set.event_set(alone) == raced


def test_two_first_openings_of_one_database_both_succeed(database: str, tmp_path: Path) -> None:
    opener = textwrap.dedent("""
        import sys, time
        from pathlib import Path
        start = Path(sys.argv[2])
        while not start.exists():
            time.sleep(0.01)
        from strikewatch.store import Store
        Store(sys.argv[1], encoder=None).close()
        print("opened")
    """)
    script = tmp_path / "opener.py"
    script.write_text(opener, encoding="utf-8")
    start = tmp_path / "go-open"
    workers = [subprocess.Popen([sys.executable, str(script), database, str(start)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    time.sleep(1)
    start.touch()
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0 and out.strip() == "opened", err
    engine = create_engine(database)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    finally:
        engine.dispose()
