"""What the Spark job does to each piece, block and group of mentions, as plain Python (no pyspark here).

Every function takes and returns plain values (dicts, tuples, bytes), so that Spark can
pickle them between stages and a test can call them without a cluster:

- ``extract_piece``: one input piece → one row per document (its results line, the record
  the store keeps, its mentions) and one per problem;
- ``block_entries`` and ``block_edges``: the blocking of ``strikewatch.merge`` (country,
  kind family, dates within ``DATE_WINDOW_DAYS``) as keys a shuffle can group by, and the
  pairs of one block that ``score_pair`` links;
- ``merge_component``: one connected group of mentions → its events, by ``cluster_mentions``
  and ``combine``, the very functions the store runs.
"""

from __future__ import annotations

import base64
import gc
import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import numpy as np

from strikewatch.merge import (
    DATE_WINDOW_DAYS,
    Mention,
    SentenceEncoder,
    cluster_mentions,
    combine,
    embed,
    evidence_sentences,
    mention_key,
    publication_order,
    score_pair,
)
from strikewatch.model import Document, DocumentResult, Event
from strikewatch.sources.document import SourceProblem, content_hash
from strikewatch.sources.pieces import CHECKED_ID_KINDS, Piece, read_piece
from strikewatch.store.identity import block_columns

Row = dict[str, Any]
# A block: country ("" for none), kind family, and a window of DATE_WINDOW_DAYS days (UNDATED for undated
# mentions). No None in keys: Spark sorts keys when a grouping spills to disk.
BlockKey = tuple[str, str, int]
UNDATED = -(2**31)


class Extractor:
    """What a partition needs to turn documents into rows: the pipeline and the sentence encoder, built once."""

    def __init__(self, *, similarity: bool = True, warm: bool = False) -> None:
        """Build (or reuse, within one worker process) the extraction pipeline and, if wanted, the encoder.

        ``warm`` loads every language's analyser at once, with the cyclic garbage collector
        paused, and then freezes what was loaded (``gc.freeze``): the language data are
        millions of long-lived objects, which every full collection would otherwise walk
        again, and a Spark worker runs a full collection after every task.
        """
        from strikewatch.merge import default_encoder
        from strikewatch.pipeline import default_pipeline

        paused = warm and gc.isenabled()
        if paused:
            gc.disable()
        try:
            self.pipeline = default_pipeline()
            self.encoder: SentenceEncoder | None = default_encoder() if similarity else None
            if warm:
                from strikewatch.analysis import analyzer_for
                from strikewatch.lexicons import available_languages

                for language in available_languages():
                    analyzer_for(language)
        finally:
            if paused:
                gc.enable()
        if warm:
            settle()


def settle() -> None:
    """Exempt every object alive now (loaded models, lexicons, lemma caches) from later garbage collections."""
    gc.collect()
    gc.freeze()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def stored_document(document: Document) -> Row:
    """The document as the store keeps it (``documents`` table), as plain values."""
    return {
        "doc_key": document.id, "content_hash": content_hash(document.text), "url": document.url or None,
        "title": document.title, "published": document.published.isoformat() if document.published else None,
        "languages": document.languages,
        "blocks": [{"start": b.start, "end": b.end, "language": b.language} for b in document.blocks],
        "text": document.text,
    }


def mention_record(document: Document, digest: str, ordinal: int, item: Event,
                   encoder: SentenceEncoder | None) -> Row:
    """The ordinal-th event of a document as a mention, with its embedding, as plain values."""
    vector = embed(encoder, evidence_sentences(document.text, item)) if encoder is not None else None
    return {
        "key": mention_key(digest, ordinal), "hash": digest, "ordinal": ordinal, "doc": document.id,
        "published": document.published.isoformat() if document.published else None,
        "url": document.url or None, "title": document.title, "event": item.to_dict(),
        "embedding": vector.tobytes() if vector is not None else None,
        "encoder": encoder.name if vector is not None and encoder is not None else None,
    }


def extract_piece(piece: Piece, extractor: Extractor) -> Iterator[Row]:
    """One row per document of the piece ("doc") and per problem ("problem"), in input order.

    A document row holds its position (piece, ordinal), the scope within which its id must
    not repeat, its line of results exactly as ``strikewatch extract`` writes it, whether
    extraction failed, the record the store keeps and its mentions.
    """
    for ordinal, (number, item) in enumerate(read_piece(piece)):
        position = (piece.index, ordinal)
        if isinstance(item, SourceProblem):
            yield {"type": "problem", "position": position, "input": item.input, "message": item.message}
            continue
        failed = None
        try:
            events = extractor.pipeline.extract(item)
        except Exception as exc:  # one report that trips the extractor must not stop the job
            failed = f"extraction failed: {type(exc).__name__}: {exc}"
            events = []
        record = stored_document(item)
        digest = record["content_hash"]
        mentions = [] if failed else [
            mention_record(item, digest, ordinal_in_document, event, extractor.encoder)
            for ordinal_in_document, event in enumerate(events)
        ]
        yield {
            "type": "doc", "position": position, "number": number, "id": item.id, "kind": piece.kind,
            "scope": piece.path if piece.kind in CHECKED_ID_KINDS else None,
            "line": _json(DocumentResult(document=item, events=events).to_dict()),
            "failed": failed, "hash": digest, "url": record["url"], "document": record, "mentions": mentions,
        }


# ---- mentions and blocks ----------------------------------------------------------------------


def to_mention(record: Row) -> Mention:
    """The ``Mention`` of a mention record."""
    raw = record["embedding"]
    return Mention(
        key=record["key"], document_key=record["doc"],
        published=date.fromisoformat(record["published"]) if record["published"] else None,
        event=Event.from_dict(record["event"]),
        embedding=np.frombuffer(raw, dtype=np.float32) if raw else None, encoder=record["encoder"],
    )


def _ranges(interval: tuple[date, date] | None) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The windows a mention lives in (its own days) and reaches (its days and DATE_WINDOW_DAYS around).

    ``interval`` is the mention's first and last day, as the store's blocking columns have them
    (``Mention.interval``, ``active_interval``).
    """
    if interval is None:
        return None
    low, high = interval[0].toordinal(), interval[1].toordinal()
    width = DATE_WINDOW_DAYS
    return (low // width, high // width), ((low - width) // width, (high + width) // width)


def block_entries(record: Row) -> Iterator[tuple[BlockKey, tuple[bool, Row]]]:
    """(block, (whether the mention lives there, the record)) for every block a mention reaches.

    Two mentions whose days are at most DATE_WINDOW_DAYS apart always meet in a block where
    one of them lives and the other reaches, so pairs need only be looked for there.
    """
    published = date.fromisoformat(record["published"]) if record["published"] else None
    columns = block_columns(Event.from_dict(record["event"]), published)
    country, family = columns["block_country"] or "", columns["kind_family"]
    days = None if columns["date_from"] is None or columns["date_to"] is None else (
        date.fromisoformat(columns["date_from"]), date.fromisoformat(columns["date_to"]))
    ranges = _ranges(days)
    if ranges is None:
        yield (country, family, UNDATED), (True, record)
        return
    (home_low, home_high), (reach_low, reach_high) = ranges
    for window in range(reach_low, reach_high + 1):
        yield (country, family, window), (home_low <= window <= home_high, record)


def _first_meeting(a: tuple[tuple[int, int], tuple[int, int]] | None,
                   b: tuple[tuple[int, int], tuple[int, int]] | None) -> int | None:
    """The first window where one of two mentions lives and the other reaches; None when undated or never."""
    if a is None or b is None:
        return None
    starts = []
    for home, reach in ((a[0], b[1]), (b[0], a[1])):
        low, high = max(home[0], reach[0]), min(home[1], reach[1])
        if low <= high:
            starts.append(low)
    return min(starts) if starts else None


def block_edges(block: BlockKey, entries: Iterable[tuple[bool, Row]]) -> Iterator[tuple[str, str]]:
    """The pairs (smaller key, larger key) of one block that ``score_pair`` links, each pair in one block only."""
    members = sorted(entries, key=lambda entry: entry[1]["key"])
    mentions = [to_mention(record) for _, record in members]
    ranges = [_ranges(mention.interval) for mention in mentions]
    window = block[2]
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            if not (members[i][0] or members[j][0]):
                continue  # two visitors: they meet (if at all) where one of them lives
            if window != UNDATED and _first_meeting(ranges[i], ranges[j]) != window:
                continue  # scored in the block where they first meet
            if score_pair(mentions[i], mentions[j]).linked:
                yield mentions[i].key, mentions[j].key


# ---- events from a connected group of mentions ----------------------------------------------


def _source(record: Row) -> Row:
    event = record["event"]
    return {
        "id": record["doc"], "url": record["url"], "title": record["title"], "published": record["published"],
        "mention": record["key"], "languages": list(event.get("languages") or []),
        "evidence": list(event.get("evidence") or []),
    }


def merge_component(records: Iterable[Row]) -> Iterator[Row]:
    """The events of one connected group of mentions: clustered and folded as the store does.

    Each event row has the event's id (its smallest mention key), the event in the
    interchange format, its sources in publication order, and the mention records (for
    ``strikewatch load``).
    """
    by_key = {record["key"]: record for record in records}
    mentions = [to_mention(record) for record in by_key.values()]
    for cluster in cluster_mentions(mentions):
        event, _history = combine(cluster)
        ordered = sorted(cluster, key=publication_order)
        members = [by_key[m.key] for m in ordered]
        yield {
            "id": min(m.key for m in cluster), "event": event.to_dict(),
            "sources": [_source(record) for record in members], "mentions": members,
        }


def event_line(row: Row) -> str:
    """A merged event as one JSONL line: its id, the fields of EVENTS.md, and its sources."""
    return _json({"id": row["id"], **row["event"], "sources": row["sources"]})


def mention_line(event_id: str, record: Row) -> str:
    """A mention as one line of the store's input (OUTPUT/store/mentions), its embedding in base64."""
    raw = record["embedding"]
    return _json({**record, "event_id": event_id,
                  "embedding": base64.b64encode(raw).decode("ascii") if raw else None})


def document_line(row: Row) -> str:
    """A document as one line of the store's input (OUTPUT/store/documents)."""
    return _json(row["document"])
