"""Web archives (WARC, gzipped or not, and WET text extracts) read record by record into Documents.

Records are read with warcio, the Webrecorder project's maintained reader, used by Common
Crawl's own examples: it streams a file record by record (a gzipped WARC is a series of
gzip members, one per record), undoes chunked and compressed HTTP bodies, and so keeps
memory to one record however large the archive.

Which records are documents:

- ``response`` and ``resource`` records whose HTTP status is 2xx (a resource has none) and
  whose content type is HTML go through ``document_from_html``, like any HTML page; plain
  text ones through ``document_from_text``;
- ``conversion`` records (WET files: the text Common Crawl extracted from a page) are text;
- everything else (requests, metadata, redirects, images, scripts) is no document and is
  passed over without a word, since it is most of any crawl.

A document's id is the record's ``WARC-Record-ID`` (``urn:uuid:…``), unique by the WARC
standard; its URL is ``WARC-Target-URI``. The publication date comes from the page's own
metadata; where the page gives none, the capture date (``WARC-Date``) stands in for it,
because news crawls (CC-NEWS among them) fetch articles within hours or days of
publication and relative dates ("on Monday") need an anchor. Bad records are reported
as SourceProblems naming ``path@offset`` (the record's byte offset) and the rest goes on.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from strikewatch.model import Document
from strikewatch.sources.document import SourceError, SourceProblem, document_from_text, parse_published, size_label
from strikewatch.sources.html import document_from_html
from strikewatch.sources.text import decode_bytes

# A record body larger than this is reported and skipped (as text and HTML files are refused beyond it).
MAX_RECORD_BYTES = 20 * 1024 * 1024
HTML_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_CONTENT_TYPES = frozenset({"text/plain"})


def _media_type(value: str | None) -> str:
    """The media type of a Content-Type header, lower case, without parameters."""
    return (value or "").split(";", 1)[0].strip().lower()


def _record_id(value: str | None) -> str | None:
    """``urn:uuid:…`` from ``<urn:uuid:…>``."""
    return value.strip().strip("<>") or None if value else None


def _capture_date(value: str | None) -> date | None:
    try:
        return parse_published(value) if value else None
    except SourceError:
        return None  # an unreadable capture date is no date: the page's own metadata may still give one


def _document(record: Any, body: bytes, published: date | None) -> Document | None:
    """The document of one record's body, or None for a record that is not a document."""
    headers = record.rec_headers
    identifier = _record_id(headers.get_header("WARC-Record-ID"))
    url = headers.get_header("WARC-Target-URI") or None
    if record.rec_type == "conversion":
        kind = "text"
    else:
        http = record.http_headers
        if http is not None and record.rec_type == "response":
            status = http.get_statuscode() or ""
            if not status.startswith("2"):
                return None
            media = _media_type(http.get_header("Content-Type"))
        else:
            media = _media_type(headers.get_header("Content-Type"))
        kind = "html" if media in HTML_CONTENT_TYPES else "text" if media in TEXT_CONTENT_TYPES else ""
    if not kind:
        return None
    if not body.strip():
        raise SourceError("the record's body is empty")
    capture = _capture_date(headers.get_header("WARC-Date"))
    if kind == "html":
        document = document_from_html(body, id=identifier, url=url, published=published)
    else:
        document = document_from_text(decode_bytes(body), id=identifier, url=url, published=published)
    if document.published is None:
        document.published = capture
    return document


def warc_documents(stream: IO[bytes], name: str, *,
                   published: date | str | None = None) -> Iterator[Document | SourceProblem]:
    """Documents of a WARC stream (gzipped or not), record by record; bad records as SourceProblems."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    default_date = parse_published(published)
    # A body the decoders reject (a bad chunked or gzip encoding) spoils that record only.
    records = ArchiveIterator(stream, ensure_http_headers=False)
    read_any = False
    try:
        for record in records:
            read_any = True
            if record.rec_type not in ("response", "resource", "conversion"):
                continue
            try:
                body = record.content_stream().read(MAX_RECORD_BYTES + 1)
            except (OSError, EOFError, ValueError) as error:
                yield SourceProblem(f"{name}@{records.get_record_offset()}", f"unreadable record body ({error})")
                continue
            # Asked only once the body is read: asking before would make the reader skip the record.
            where = f"{name}@{records.get_record_offset()}"
            try:
                if len(body) > MAX_RECORD_BYTES:
                    raise SourceError(f"record body over the {size_label(MAX_RECORD_BYTES)} limit")
                document = _document(record, body, default_date)
            except SourceError as error:
                yield SourceProblem(where, error.message)
                continue
            if document is not None:
                yield document
    except ArchiveLoadFailed as error:
        yield SourceProblem(name, f"not a readable WARC file, or corrupt after the records read ({error})")
        return
    except (OSError, EOFError) as error:
        yield SourceProblem(name, f"compressed data corrupt or truncated ({error})")
        return
    if not read_any:
        yield SourceProblem(name, "the file is empty")


def _head(path: Path, gzipped: bool) -> bytes:
    """The first bytes of the archive, decompressed."""
    try:
        with gzip.open(path, "rb") if gzipped else path.open("rb") as stream:
            return stream.read(64)
    except (EOFError, zlib.error, gzip.BadGzipFile):
        return b"WARC/"  # damaged at once: the reader says how


class _Watched:
    """A decompressing stream that notes, instead of raising, that it ended before its gzip member did.

    warcio takes an EOFError inside a record for the end of the archive, so a truncated file
    would end in silence; this lets the reader say that the archive is cut.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.truncated: str | None = None

    def read(self, size: int = -1) -> bytes:
        if self.truncated:
            return b""
        try:
            # read1: what is decompressed so far, so that the bytes before a cut are not lost with it.
            return self.stream.read1(size)  # type: ignore[attr-defined]
        except (EOFError, OSError, zlib.error) as error:
            self.truncated = str(error) or type(error).__name__
            return b""

    def readline(self, size: int = -1) -> bytes:
        if self.truncated:
            return b""
        try:
            return self.stream.readline(size)
        except (EOFError, OSError, zlib.error) as error:
            self.truncated = str(error) or type(error).__name__
            return b""

    def close(self) -> None:
        self.stream.close()


def read_warc(path: Path | str, *, published: date | str | None = None) -> Iterator[Document | SourceProblem]:
    """Documents of a WARC or WET file (.warc, .warc.gz, .wet.gz), one per HTML or text record.

    A gzipped file is decompressed here (all its members as one stream), so that record
    offsets in problems count bytes of the uncompressed archive.
    """
    name = str(path)
    try:
        with Path(path).open("rb") as probe:
            gzipped = probe.read(2) == b"\x1f\x8b"
        head = _head(Path(path), gzipped)
    except OSError as error:
        yield SourceProblem(name, f"cannot open: {error.strerror or error}")
        return
    if not head.strip():
        yield SourceProblem(name, "the file is empty")
        return
    if not head.lstrip().startswith(b"WARC/"):
        # warcio would read anything as a run of malformed records: say plainly what the file is not.
        yield SourceProblem(name, "not a WARC file (a WARC file starts with a WARC/1.0 or WARC/1.1 header)")
        return
    try:
        # Closed below, once the records are read.
        stream: IO[bytes] | _Watched = (
            _Watched(gzip.open(path, "rb")) if gzipped else Path(path).open("rb"))  # noqa: SIM115
    except OSError as error:
        yield SourceProblem(name, f"cannot open: {error.strerror or error}")
        return
    try:
        yield from warc_documents(stream, name, published=published)  # type: ignore[arg-type]
        if isinstance(stream, _Watched) and stream.truncated:
            yield SourceProblem(name, f"compressed data corrupt or truncated ({stream.truncated}); "
                                      "the records before the damage were read")
    finally:
        stream.close()
