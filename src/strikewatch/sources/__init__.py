"""Sources: plain text, HTML pages, JSONL files and folders of them, read into Documents.

Every reader either returns Documents or says, for each bad input, what is wrong with it:
single values raise ``SourceError``; batches (``read_jsonl``, ``read_inputs``) yield a
``SourceProblem`` for the bad input and go on with the rest.
"""

from strikewatch.sources.document import (
    SourceError,
    SourceProblem,
    content_hash,
    default_id,
    document_from_text,
    parse_published,
)
from strikewatch.sources.files import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, input_kind, read_inputs
from strikewatch.sources.html import document_from_html
from strikewatch.sources.jsonl import MAX_LINE_BYTES, document_from_record, read_jsonl
from strikewatch.sources.text import decode_bytes

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_LINE_BYTES",
    "SUPPORTED_SUFFIXES",
    "SourceError",
    "SourceProblem",
    "content_hash",
    "decode_bytes",
    "default_id",
    "document_from_html",
    "document_from_record",
    "document_from_text",
    "input_kind",
    "parse_published",
    "read_inputs",
    "read_jsonl",
]
