"""Errors of the sources, and plain text to Document."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from strikewatch.language import normalise_language, split_blocks
from strikewatch.model import Document


class SourceError(Exception):
    """An input that cannot be read as a document; the message names the input and says what is wrong."""

    def __init__(self, message: str, input: str | None = None) -> None:
        self.message = message
        self.input = input
        super().__init__(f"{input}: {message}" if input else message)


@dataclass
class SourceProblem:
    """A bad input, reported while the rest of the batch goes on."""

    input: str
    message: str

    def __str__(self) -> str:
        return f"{self.input}: {self.message}"


def size_label(size: int) -> str:
    """A byte count as people read it: "20 MB", "1.5 MB", "900 bytes"."""
    if size >= 1_048_576:
        return f"{size / 1_048_576:.1f}".removesuffix(".0") + " MB"
    return f"{size} bytes"


def content_hash(text: str) -> str:
    """The sha256 hex digest of the NFC-normalised text."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def default_id(text: str) -> str:
    """The id of a document that has none: ``sha256:`` and the first 16 hex digits of its content hash."""
    return f"sha256:{content_hash(text)[:16]}"


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ].+)?")


def parse_published(value: date | str | None) -> date | None:
    """A publication date from a date, a datetime or an ISO string (YYYY-MM-DD or a full timestamp)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise SourceError(f"published must be an ISO date (YYYY-MM-DD), not {type(value).__name__}")
    text = value.strip()
    if not text:
        return None
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        if len(text) == 10:
            return date.fromisoformat(text)
        # A timestamp keeps the date as the publisher wrote it, in the publisher's own time zone.
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise SourceError(
            f"published {value!r} is not an ISO date (YYYY-MM-DD or a timestamp like 2022-02-15T10:00:00Z)"
        ) from None


# Unpaired UTF-16 surrogates: a JSON escape such as \ud83d without its pair decodes to one, and no
# encoding can write it (the language detector, the content hash and the database all fail on it).
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def writable(value: str) -> str:
    """The string with each unpaired surrogate replaced by U+FFFD, one character for one, so offsets hold."""
    return _LONE_SURROGATE.sub("\ufffd", value)


def document_from_text(
    text: str,
    *,
    id: str | None = None,
    published: date | str | None = None,
    url: str | None = None,
    title: str | None = None,
    language_hint: str | None = None,
) -> Document:
    """A Document of plain text, with its language blocks; the text is kept as given (see ``writable``)."""
    if not isinstance(text, str):
        raise SourceError(f"text must be a string, not {type(text).__name__}")
    text = writable(text)
    if not text.strip():
        raise SourceError("the text is empty", input=id)
    hint = normalise_language(language_hint)
    return Document(
        id=writable(id) if id else default_id(text),
        text=text,
        url=writable(url) if url else None,
        title=writable(title) if title else None,
        published=parse_published(published),
        language_hint=hint,
        blocks=split_blocks(text, hint),
    )
