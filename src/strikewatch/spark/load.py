"""``strikewatch load OUTPUT``: a Spark job's documents and merged events into the store (no Spark needed).

The job leaves under OUTPUT/store/ the documents the store keeps (the first of each text,
then of each URL, as ``strikewatch ingest`` keeps them) and every mention with the event
the merge put it in, mentions of one event on consecutive lines. Loading writes them in
batches, one transaction each:

- documents already in the store (same text or same URL) are skipped, with their mentions;
- into a store that held no mention when the load began, each event is written as the job
  merged it: its mentions, its fields folded from them and their history, by the store's
  own functions (``identity.write_history``); no mention is compared again, so loading
  takes time in proportion to the output;
- into a store that already held mentions, the new mentions of each batch are merged with
  the stored ones by the store's merge (``identity.regroup``), exactly as ``ingest`` would
  have done; since that merge does not depend on the order reports come in, the result is
  what ingesting every document would give.

Documents are read line by line from gzipped part files, so memory stays bounded; what is
kept across batches is the set of content hashes this load stored (8 bytes of each).
"""

from __future__ import annotations

import base64
import gzip
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from strikewatch.merge import Mention, combine
from strikewatch.model import Event
from strikewatch.spark.records import to_mention
from strikewatch.store import Store, StoreError, identity
from strikewatch.store.schema import DocumentRow, EventRow, EventSourceRow

DOCUMENTS_PER_BATCH = 500
EVENTS_PER_BATCH = 200


class LoadError(Exception):
    """The output cannot be loaded; the message says why and what to do."""


@dataclass
class LoadSummary:
    """What a load did."""

    documents: int = 0
    already_stored: int = 0
    events: int = 0
    mentions: int = 0
    merged_with_store: bool = False
    seconds: float = 0.0

    def __str__(self) -> str:
        how = "merged with the stored events" if self.merged_with_store else "as the job merged them"
        return (f"documents stored: {self.documents}, already stored: {self.already_stored}, "
                f"mentions: {self.mentions}, events: {self.events} ({how}), {self.seconds:.1f} s")


def read_manifest(output: Path) -> dict[str, Any]:
    """The summary the job wrote last; LoadError when the output is not a finished job's."""
    parts = sorted((output / "manifest").glob("part-*"))
    lines = [line for part in parts for line in part.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines:
        raise LoadError(f"{output} is not the output of a finished `strikewatch spark` run (no manifest): run it again")
    return json.loads(lines[0])


def _lines(folder: Path) -> Iterator[dict[str, Any]]:
    """The JSON lines of a folder of part files (gzipped or not), in part order."""
    if not folder.is_dir():
        raise LoadError(f"{folder} is missing: the output is incomplete; run `strikewatch spark` again")
    for part in sorted(folder.glob("part-*")):
        opener = gzip.open if part.suffix == ".gz" else open
        with opener(part, "rt", encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    yield json.loads(line)


def _short(digest: str) -> int:
    return int(digest[:16], 16)


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _events(mentions: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """The mention records grouped by event (an event's mentions come on consecutive lines)."""
    current: list[dict[str, Any]] = []
    for record in mentions:
        if current and record["event_id"] != current[0]["event_id"]:
            yield current
            current = []
        current.append(record)
    if current:
        yield current


def _document_row(record: dict[str, Any]) -> DocumentRow:
    return DocumentRow(
        doc_key=record["doc_key"], content_hash=record["content_hash"], url=record["url"], title=record["title"],
        published=date.fromisoformat(record["published"]) if record["published"] else None,
        languages=record["languages"], blocks=record["blocks"], text=record["text"],
    )


def _source_row(record: dict[str, Any], document_id: int) -> EventSourceRow:
    """A mention row as ``Store.add_document`` makes one, with the job's embedding."""
    item = Event.from_dict(record["event"])
    published = date.fromisoformat(record["published"]) if record["published"] else None
    return EventSourceRow(
        document_id=document_id, ordinal=record["ordinal"], mention_key=record["key"], origin="extracted",
        languages=list(item.languages), evidence=[span.to_dict() for span in item.evidence],
        extracted=item.to_dict(), embedding=record["embedding"], encoder=record["encoder"],
        **identity.block_columns(item, published),
    )


def load_output(output: Path | str, store: Store, *,
                progress: Callable[[LoadSummary], None] | None = None) -> LoadSummary:
    """Put a job's documents and events into the store; see the module's docs for how."""
    started = time.perf_counter()
    folder = Path(output)
    read_manifest(folder)
    summary = LoadSummary()
    report = progress or (lambda _summary: None)
    write = store.run_in_transaction  # one transaction per batch, retried after a deadlock like every store write
    locker = store.advisory_locker

    def held_mentions(session: Session) -> bool:
        return bool(session.scalar(select(func.count(EventSourceRow.id)).limit(1)))

    with store.read_session() as session:
        summary.merged_with_store = held_mentions(session)
    mine: set[int] = set()
    events: set[int] = set()
    gone: set[int] = set()

    for batch in _batches(_lines(folder / "store" / "documents"), DOCUMENTS_PER_BATCH):
        def add_documents(session: Session, batch: list[dict[str, Any]] = batch) -> tuple[list[str], int]:
            hashes = [record["content_hash"] for record in batch]
            urls = [record["url"] for record in batch if record["url"]]
            lock = locker(session)
            lock([f"document:{digest}" for digest in hashes] + [f"url:{url}" for url in urls])
            condition = DocumentRow.content_hash.in_(hashes)
            if urls:
                condition = or_(condition, DocumentRow.url.in_(urls))
            held = session.execute(select(DocumentRow.content_hash, DocumentRow.url).where(condition)).all()
            seen_hashes = {row[0] for row in held}
            seen_urls = {row[1] for row in held if row[1]}
            added: list[str] = []
            for record in batch:
                if record["content_hash"] in seen_hashes or (record["url"] and record["url"] in seen_urls):
                    continue
                session.add(_document_row(record))
                seen_hashes.add(record["content_hash"])
                if record["url"]:
                    seen_urls.add(record["url"])
                added.append(record["content_hash"])
            session.flush()
            return added, len(batch) - len(added)

        added, skipped = write("store documents", add_documents)
        # Only the documents this load stored bring their mentions: a skipped one is told by the store already.
        mine.update(_short(digest) for digest in added)
        summary.documents += len(added)
        summary.already_stored += skipped
        report(summary)

    for batch in _batches(_events(_lines(folder / "store" / "mentions")), EVENTS_PER_BATCH):
        def add_events(session: Session, batch: list[list[dict[str, Any]]] = batch) -> tuple[set[int], int]:
            wanted = {record["hash"] for group in batch for record in group if _short(record["hash"]) in mine}
            document_of = dict(session.execute(
                select(DocumentRow.content_hash, DocumentRow.id).where(DocumentRow.content_hash.in_(wanted))).all())
            held_keys = set(session.scalars(select(EventSourceRow.mention_key).where(
                EventSourceRow.mention_key.in_([r["key"] for group in batch for r in group]))))
            mentions = 0
            made_events: set[int] = set()
            sources: list[EventSourceRow] = []
            fresh: list[int] = []
            for group in batch:
                records = [r for r in group if r["hash"] in document_of and r["key"] not in held_keys]
                if not records:
                    continue
                for record in records:
                    raw = record["embedding"]
                    record["embedding"] = base64.b64decode(raw) if raw else None
                cluster: list[Mention] = []
                for record in records:
                    mention = to_mention(record)
                    cluster.append(Mention(
                        key=mention.key, document_key=mention.document_key, published=mention.published,
                        event=mention.event, embedding=mention.embedding, encoder=mention.encoder,
                        document_id=document_of[record["hash"]],
                    ))
                row = EventRow(review_state="unreviewed")
                # Complete before it enters the session, which may flush it while the history is written.
                identity.write_event_fields(row, combine(cluster)[0])
                made = [_source_row(record, document_of[record["hash"]]) for record in records]
                row.sources.extend(made)
                session.add(row)
                identity.write_history(session, row, cluster)
                sources.extend(made)
                fresh.append(row.id)
                made_events.add(row.id)
                mentions += len(records)
            if summary.merged_with_store and sources:
                # Merged with the stored mentions by the store's own merge, as ingest would.
                regrouped = identity.regroup(session, sources, locker(session), fresh=fresh)
                made_events = {regrouped.event_of[source.mention_key] for source in sources}
                gone.update(regrouped.removed)
            session.flush()
            return made_events, mentions

        made, mentions = write("store events", add_events)
        events.update(made)
        summary.events = len(events - gone)
        summary.mentions += mentions
        report(summary)
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


__all__ = ["LoadError", "LoadSummary", "StoreError", "load_output", "read_manifest"]
