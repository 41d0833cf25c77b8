"""JSONL files of documents (the input format of EVENTS.md), read line by line, gzip or not.

Each line is one object: ``id`` (a string; a whole number is taken as its string) and
``text`` are required; ``url``, ``title``, ``published`` (ISO date or timestamp) and
``language`` (a hint, any ISO 639 code or language name) may be missing or null; other
fields are ignored. A hint naming no known language counts as no hint. A line that breaks
these rules, a line that is not UTF-8 JSON, and a second line with an id already seen are
each reported as a SourceProblem naming ``path:line``; blank lines are skipped. The file is
read line by line (a compressed one through a streaming decompressor), so its size does
not matter, and a gzip file is recognised by its first bytes whatever its name.
"""

from __future__ import annotations

import codecs
import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from strikewatch.model import Document
from strikewatch.sources.document import (
    SourceError,
    SourceProblem,
    document_from_text,
    parse_published,
    size_label,
)

# A line longer than this is reported and skipped without being held in memory.
MAX_LINE_BYTES = 20 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_READ_CHUNK = 1024 * 1024


def _kind(value: Any) -> str:
    """How a JSON value reads in a message: "a list", "a number" …"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; None for a line longer than ``limit``, which is skipped unread."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(_READ_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
        else:
            yield number, line


def _optional_string(record: dict[str, Any], field: str) -> str | None:
    value = record.get(field)
    if value is None or isinstance(value, str):
        return value or None
    raise SourceError(f'"{field}" must be a string or null, found {_kind(value)}')


def document_from_record(record: Any) -> Document:
    """A Document from one decoded JSONL record; SourceError says what is wrong with it."""
    if not isinstance(record, dict):
        raise SourceError(f"not a JSON object (found {_kind(record)})")
    if "id" not in record or record["id"] is None:
        raise SourceError('no "id"')
    identifier = record["id"]
    if isinstance(identifier, bool) or not isinstance(identifier, str | int):
        raise SourceError(f'"id" must be a string, found {_kind(identifier)}')
    identifier = str(identifier).strip()
    if not identifier:
        raise SourceError('"id" is empty')
    if "text" not in record or record["text"] is None:
        raise SourceError('no "text"')
    text = record["text"]
    if not isinstance(text, str):
        raise SourceError(f'"text" must be a string, found {_kind(text)}')
    if not text.strip():
        raise SourceError('"text" is empty')
    published = record.get("published")
    if published is not None and not isinstance(published, str):
        raise SourceError(f'"published" must be an ISO date string or null, found {_kind(published)}')
    return document_from_text(
        text,
        id=identifier,
        published=parse_published(published),
        url=_optional_string(record, "url"),
        title=_optional_string(record, "title"),
        language_hint=_optional_string(record, "language"),
    )


def _open(path: Path) -> IO[bytes]:
    """The file as a byte stream, decompressed when it is gzip (by its first bytes, whatever its name)."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == _GZIP_MAGIC:
        return gzip.open(path, "rb")
    return path.open("rb")


def _parse_line(line: bytes) -> Document:
    """The document of one non-blank line; SourceError says what is wrong with it."""
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = line[error.start]
        raise SourceError(f"not valid UTF-8 (byte 0x{byte:02x} at column {error.start + 1})") from None
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as error:
        # Some messages end in "at" already ("Invalid control character at"): say it once.
        raise SourceError(f"not valid JSON ({error.msg.removesuffix(' at')} at column {error.colno})") from None
    except RecursionError:
        raise SourceError("not valid JSON (nested too deeply)") from None
    return document_from_record(record)


def read_jsonl(path: Path | str) -> Iterator[Document | SourceProblem]:
    """Documents of a JSONL file (.jsonl or .jsonl.gz), one a line; bad lines come out as SourceProblems."""
    path = Path(path)
    name = str(path)
    try:
        stream = _open(path)
    except OSError as error:
        yield SourceProblem(name, f"cannot open: {error.strerror or error}")
        return
    first_line: dict[str, int] = {}  # id -> line: ids are few next to texts, so the stream stays lean
    number = 0
    read_any = False
    with stream:
        try:
            for number, line in _lines(stream, MAX_LINE_BYTES):
                where = f"{name}:{number}"
                if line is None:
                    yield SourceProblem(where, f"line longer than the {size_label(MAX_LINE_BYTES)} limit")
                    continue
                if b"\x00" in line:
                    yield SourceProblem(where, "binary data (NUL bytes), not JSONL; the rest is not read")
                    return
                if number == 1 and line.startswith(codecs.BOM_UTF8):
                    line = line[len(codecs.BOM_UTF8) :]
                if not line.strip():
                    continue
                read_any = True
                try:
                    document = _parse_line(line)
                except SourceError as error:
                    yield SourceProblem(where, error.message)
                    continue
                if document.id in first_line:
                    yield SourceProblem(where, f'duplicate id "{document.id}" (first on line '
                                               f"{first_line[document.id]})")
                    continue
                first_line[document.id] = number
                yield document
        except (OSError, EOFError, zlib.error) as error:
            # A corrupt or truncated gzip stream: what was read stands, the rest is reported.
            yield SourceProblem(name, f"compressed data corrupt or truncated after line {number} ({error})")
            return
    if not read_any:
        yield SourceProblem(name, "the file is empty")
