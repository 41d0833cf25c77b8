"""Inputs cut into pieces that separate processes (Spark tasks) can read on their own, in input order.

``plan_inputs`` lists the inputs as ``read_inputs`` does (files, folders, glob patterns; the
same kinds, order and ids) and cuts them into ``Piece``\\ s of about ``piece_bytes``:

- an uncompressed JSONL file larger than that is cut at line starts into byte ranges; the
  planner reads it once (at disk speed, counting newlines) to place the cuts and to know the
  line number each piece starts at, so that problems name ``path:line`` as ``read_jsonl``
  does;
- a Parquet file is cut between row groups;
- gzipped JSONL and WARC files cannot be entered in the middle and stay whole, one piece
  each (archives come as many such files: CC-NEWS as about a gigabyte of WARC each);
- a text or HTML file is one document and one piece.

``read_piece`` streams one piece with the readers of ``read_inputs`` and yields each document
or problem with its line (JSONL) or row (Parquet) number. Whether an id repeats within a
file is a question about the whole file, asked once every piece is read: ``repeated_id``
words the problem, and ``read_plan`` reads a whole plan in one process with that check, so
that it yields what ``read_inputs`` yields.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from strikewatch.model import Document
from strikewatch.sources.document import SourceError, SourceProblem, parse_published, size_label
from strikewatch.sources.files import STREAM_KINDS, _collect, _document_ids, _Input, _read_file
from strikewatch.sources.jsonl import _GZIP_MAGIC, MAX_LINE_BYTES, _lines, _open, _parse_line
from strikewatch.sources.parquet import parquet_rows
from strikewatch.sources.warc import read_warc

DEFAULT_PIECE_BYTES = 64 * 1024 * 1024
_SCAN_CHUNK = 4 * 1024 * 1024
# Kinds whose ids must not repeat within a file (WARC record ids are unique by the standard).
CHECKED_ID_KINDS = frozenset({"jsonl", "parquet"})


@dataclass(frozen=True)
class Piece:
    """A part of one input file that can be read alone: the whole file, a byte range or some row groups."""

    index: int
    path: str
    kind: str
    size: int = 0
    document_id: str | None = None
    start: int = 0
    end: int | None = None
    first_line: int = 1
    row_groups: tuple[int, ...] | None = None

    @property
    def whole(self) -> bool:
        """Whether the piece is its whole file."""
        return self.start == 0 and self.end is None and self.row_groups is None


@dataclass
class InputPlan:
    """The pieces of the inputs, in input order, and the inputs that cannot be read at all."""

    pieces: list[Piece] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        """The inputs' size on disk."""
        return sum(piece.size for piece in self.pieces)


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader says what is wrong with it


def jsonl_cuts(path: Path, piece_bytes: int) -> list[tuple[int, int]]:
    """(byte offset, line number) of each piece's start in a JSONL file; one piece when it must stay whole.

    A file that is gzipped or holds NUL bytes stays whole: it is read as ``read_jsonl`` reads it.
    """
    cuts = [(0, 1)]
    try:
        with path.open("rb") as stream:
            if stream.read(2) == _GZIP_MAGIC:
                return cuts
            stream.seek(0)
            offset = 0  # of the chunk in the file
            newlines = 0  # before the chunk
            target = piece_bytes
            while chunk := stream.read(_SCAN_CHUNK):
                if b"\x00" in chunk:
                    return [(0, 1)]  # binary data: read_jsonl stops at it, so must the single reader
                while target < offset + len(chunk):
                    found = chunk.find(b"\n", max(target - offset, 0))
                    if found < 0:
                        target = offset + len(chunk)  # the line goes on in the next chunk
                        break
                    cut = offset + found + 1
                    cuts.append((cut, newlines + chunk.count(b"\n", 0, found + 1) + 1))
                    target = cut + piece_bytes
                newlines += chunk.count(b"\n")
                offset += len(chunk)
            if len(cuts) > 1 and cuts[-1][0] >= offset:
                cuts.pop()  # a cut at the very end would make an empty piece
    except OSError:
        return [(0, 1)]  # the reader reports it
    return cuts


def _parquet_groups(path: Path, piece_bytes: int) -> list[tuple[tuple[int, ...], int]] | None:
    """Runs of row groups of about ``piece_bytes`` and their sizes; None to read the file whole."""
    try:
        import pyarrow.parquet as pq

        metadata = pq.ParquetFile(path).metadata
    except (ImportError, OSError, ValueError):
        return None  # the reader says what is wrong
    runs: list[tuple[tuple[int, ...], int]] = []
    current: list[int] = []
    size = 0
    for index in range(metadata.num_row_groups):
        group_size = metadata.row_group(index).total_byte_size
        if current and size + group_size > piece_bytes:
            runs.append((tuple(current), size))
            current, size = [], 0
        current.append(index)
        size += group_size
    if current:
        runs.append((tuple(current), size))
    return runs if len(runs) > 1 else None


def plan_inputs(paths: Iterable[Path | str] | Path | str, *, piece_bytes: int = DEFAULT_PIECE_BYTES) -> InputPlan:
    """The inputs (files, folders, glob patterns) as pieces of about ``piece_bytes``, in ``read_inputs``'s order."""
    if piece_bytes < 1:
        raise ValueError(f"piece_bytes must be positive, not {piece_bytes}")
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    items = _collect(paths)
    ids = _document_ids(items)
    plan = InputPlan()

    def add(path: Path, kind: str, size: int, **where: object) -> None:
        plan.pieces.append(Piece(index=len(plan.pieces), path=str(path), kind=kind, size=size, **where))  # type: ignore[arg-type]

    for item in items:
        if isinstance(item, SourceProblem):
            plan.problems.append(item)
            continue
        size = _file_size(item.path)
        if item.kind == "jsonl" and size > piece_bytes:
            cuts = jsonl_cuts(item.path, piece_bytes)
            for number, (start, line) in enumerate(cuts):
                end = cuts[number + 1][0] if number + 1 < len(cuts) else None
                add(item.path, "jsonl", (end or size) - start, start=start, end=end, first_line=line)
        elif item.kind == "parquet" and size > piece_bytes and (runs := _parquet_groups(item.path, piece_bytes)):
            for groups, run_size in runs:
                add(item.path, "parquet", run_size, row_groups=groups)
        else:
            add(item.path, item.kind, size, document_id=ids.get(item.path))
    return plan


class _Range:
    """A byte stream that ends after ``length`` bytes (a piece's end)."""

    def __init__(self, stream: IO[bytes], length: int) -> None:
        self.stream = stream
        self.left = length

    def readline(self, limit: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        line = self.stream.readline(self.left if limit < 0 else min(limit, self.left))
        self.left -= len(line)
        return line


def jsonl_piece(piece: Piece) -> Iterator[tuple[int, Document | SourceProblem]]:
    """(line number, document or problem) for each line of a JSONL piece, as ``read_jsonl`` reads, ids unchecked."""
    import zlib

    name = piece.path
    try:
        # Closed below, once the piece is read.
        stream = _open(Path(piece.path)) if piece.whole else Path(piece.path).open("rb")  # noqa: SIM115
    except OSError as error:
        yield piece.first_line, SourceProblem(name, f"cannot open: {error.strerror or error}")
        return
    number = piece.first_line - 1
    read_any = False
    with stream:
        source: IO[bytes] | _Range = stream
        if not piece.whole:
            stream.seek(piece.start)
            if piece.end is not None:
                source = _Range(stream, piece.end - piece.start)
        try:
            for relative, line in _lines(source, MAX_LINE_BYTES):  # type: ignore[arg-type]
                number = piece.first_line - 1 + relative
                where = f"{name}:{number}"
                if line is None:
                    yield number, SourceProblem(where, f"line longer than the {size_label(MAX_LINE_BYTES)} limit")
                    continue
                if b"\x00" in line:
                    yield number, SourceProblem(where, "binary data (NUL bytes), not JSONL; the rest is not read")
                    return
                if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                    line = line[3:]
                if not line.strip():
                    continue
                read_any = True
                try:
                    yield number, _parse_line(line)
                except SourceError as error:
                    yield number, SourceProblem(where, error.message)
        except (OSError, EOFError, zlib.error) as error:
            yield number, SourceProblem(name, f"compressed data corrupt or truncated after line {number} ({error})")
            return
    if piece.whole and not read_any:
        yield number, SourceProblem(name, "the file is empty")


def read_piece(
    piece: Piece, *, published: date | str | None = None,
) -> Iterator[tuple[int | None, Document | SourceProblem]]:
    """(line or row number, or None, and the document or problem) for what one piece holds, in order.

    ``published`` fills the documents that have no date, and is the date of text and HTML
    files, as in ``read_inputs``.
    """
    default_date = parse_published(published)
    if piece.kind in ("text", "html"):
        try:
            yield None, _read_file(_Input(Path(piece.path), piece.kind), piece.document_id or Path(piece.path).stem,
                                   default_date, None, None)
        except SourceError as error:
            yield None, SourceProblem(piece.path, error.message)
        return
    found: Iterable[tuple[int | None, Document | SourceProblem]]
    if piece.kind == "jsonl":
        found = jsonl_piece(piece)
    elif piece.kind == "parquet":
        found = parquet_rows(piece.path, row_groups=piece.row_groups)
    elif piece.kind == "warc":
        found = ((None, item) for item in read_warc(piece.path))
    else:
        raise ValueError(f"unknown kind of input {piece.kind!r}")
    for number, item in found:
        if isinstance(item, Document) and item.published is None and default_date is not None:
            item.published = default_date
        yield number, item


def repeated_id(piece: Piece, number: int | None, document_id: str, first: int | None) -> SourceProblem:
    """The problem of a document whose id an earlier line (row) of the same file had."""
    if piece.kind == "parquet":
        return SourceProblem(f"{piece.path}:row {number}", f'duplicate id "{document_id}" (first on row {first})')
    return SourceProblem(f"{piece.path}:{number}", f'duplicate id "{document_id}" (first on line {first})')


def read_plan(plan: InputPlan, *, published: date | str | None = None) -> Iterator[Document | SourceProblem]:
    """Every document and problem of a plan, piece after piece in one process, repeated ids reported."""
    yield from plan.problems
    first: dict[tuple[str, str], int | None] = {}
    for piece in plan.pieces:
        for number, item in read_piece(piece, published=published):
            if isinstance(item, Document) and piece.kind in CHECKED_ID_KINDS:
                key = (piece.path, item.id)
                if key in first:
                    yield repeated_id(piece, number, item.id, first[key])
                    continue
                first[key] = number
            yield item


__all__ = [
    "CHECKED_ID_KINDS",
    "DEFAULT_PIECE_BYTES",
    "STREAM_KINDS",
    "InputPlan",
    "Piece",
    "jsonl_cuts",
    "plan_inputs",
    "read_piece",
    "read_plan",
    "repeated_id",
]
