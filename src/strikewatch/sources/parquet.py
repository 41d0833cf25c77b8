"""Parquet files of documents, read in small batches of rows with pyarrow.

The columns are those of the JSONL input (EVENTS.md): ``id`` and ``text`` are required,
``url``, ``title``, ``published`` and ``language`` are read when present, other columns
are never read. ``published`` may be a string (ISO date or timestamp), a date or a
timestamp column. Rows are read a batch at a time from one row group at a time, so memory
stays at one row group's column chunks (what the file's writer chose, typically tens of
megabytes) whatever the file's size. A bad row is reported as a SourceProblem naming
``path:row N`` (1-based) and the rest goes on; so is a second row with an id already seen.

pyarrow is the reference implementation of Parquet for Python (Apache Arrow's own); it is
an optional extra (``pip install 'strikewatch[parquet]'``, also part of ``[spark]``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from strikewatch.model import Document
from strikewatch.sources.document import SourceError, SourceProblem
from strikewatch.sources.jsonl import document_from_record

COLUMNS = ("id", "text", "url", "title", "published", "language")
# Rows decoded at once: news texts are a few kilobytes, so a batch stays well under a megabyte or two.
BATCH_ROWS = 256
NEEDS_PYARROW = "reading Parquet needs pyarrow: pip install 'strikewatch[parquet]'"


def _record(row: dict[str, Any]) -> dict[str, Any]:
    """A row as a JSONL record: dates and timestamps as ISO strings."""
    published = row.get("published")
    if isinstance(published, datetime | date):
        row["published"] = published.isoformat()
    return row


def parquet_rows(
    path: Path | str, *, row_groups: Sequence[int] | None = None,
) -> Iterator[tuple[int, Document | SourceProblem]]:
    """(row number, document or problem) for the rows of a Parquet file, or of some of its row groups.

    Ids are not checked for repeats here (``read_parquet`` does that for a whole file). Row
    numbers count from 1 at the file's first row, whichever row groups are read; a problem
    with the whole file (unreadable, no ``id`` or ``text`` column) comes with row number 0.
    """
    name = str(path)
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield 0, SourceProblem(name, NEEDS_PYARROW)
        return
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid and ArrowIOError derive from these
        yield 0, SourceProblem(name, f"not a readable Parquet file ({error})")
        return
    with parquet:
        present = set(parquet.schema_arrow.names)
        missing = [column for column in ("id", "text") if column not in present]
        if missing:
            yield 0, SourceProblem(
                name, f"no {' and '.join(repr(c) for c in missing)} column (columns: {', '.join(sorted(present))})")
            return
        columns = [column for column in COLUMNS if column in present]
        metadata = parquet.metadata
        groups = list(range(metadata.num_row_groups)) if row_groups is None else list(row_groups)
        starts = [0]
        for index in range(metadata.num_row_groups):
            starts.append(starts[-1] + metadata.row_group(index).num_rows)
        for group in groups:
            number = starts[group]
            try:
                for batch in parquet.iter_batches(batch_size=BATCH_ROWS, row_groups=[group], columns=columns,
                                                  use_threads=False):
                    for row in batch.to_pylist():
                        number += 1
                        try:
                            yield number, document_from_record(_record(row))
                        except SourceError as error:
                            yield number, SourceProblem(f"{name}:row {number}", error.message)
            except (OSError, ValueError) as error:
                yield max(number, starts[group] + 1), SourceProblem(
                    name, f"corrupt data in row group {group + 1} ({error})")


def read_parquet(path: Path | str) -> Iterator[Document | SourceProblem]:
    """Documents of a Parquet file, one a row; bad rows and repeated ids come out as SourceProblems."""
    first_row: dict[str, int] = {}
    read_any = False
    for number, item in parquet_rows(path):
        if number == 0:  # the whole file is unreadable: nothing more will come
            yield item
            return
        read_any = True
        if isinstance(item, SourceProblem):
            yield item
            continue
        if item.id in first_row:
            yield SourceProblem(f"{path}:row {number}", f'duplicate id "{item.id}" (first on row {first_row[item.id]})')
            continue
        first_row[item.id] = number
        yield item
    if not read_any:
        yield SourceProblem(str(path), "the file has no rows")
