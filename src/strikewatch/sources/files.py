"""Files, folders and glob patterns to Documents (text, HTML, JSONL, WARC, Parquet), bad inputs reported one by one."""

from __future__ import annotations

import glob
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from strikewatch.model import Document
from strikewatch.sources.document import (
    SourceError,
    SourceProblem,
    document_from_text,
    parse_published,
    size_label,
)
from strikewatch.sources.html import document_from_html
from strikewatch.sources.jsonl import read_jsonl
from strikewatch.sources.parquet import read_parquet
from strikewatch.sources.text import decode_bytes
from strikewatch.sources.warc import read_warc

# Text and HTML files are read whole, so they are refused beyond this size; JSONL, WARC and Parquet are streamed.
MAX_FILE_BYTES = 20 * 1024 * 1024

_KINDS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".jsonl.gz": "jsonl",
    ".warc": "warc", ".warc.gz": "warc", ".wet": "warc", ".wet.gz": "warc",
    ".parquet": "parquet",
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_KINDS)
# Kinds whose files hold many documents, each with its own id; text and HTML files are one document each.
STREAM_KINDS = frozenset({"jsonl", "warc", "parquet"})


def input_kind(path: Path) -> str | None:
    """"text", "html", "jsonl", "warc" or "parquet" by the file's extension (any case), or None when unsupported."""
    name = path.name.lower()
    for suffix, kind in _KINDS.items():
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    return None


def _suffix(path: Path) -> str:
    name = path.name.lower()
    # The longest known suffix (".jsonl.gz" rather than ".gz"), else the last one.
    known = [suffix for suffix in _KINDS if name.endswith(suffix) and len(name) > len(suffix)]
    return max(known, key=len) if known else path.suffix.lower()


@dataclass(frozen=True)
class _Input:
    path: Path
    kind: str


def _folder_files(folder: Path) -> list[Path]:
    """The supported files under a folder, recursively, hidden ones left out, sorted by relative path."""
    found: list[Path] = []
    for root, folders, files in os.walk(folder):  # does not follow symlinked folders: no cycles
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            path = Path(root, name)
            if not name.startswith(".") and input_kind(path) is not None:
                found.append(path)
    return sorted(found, key=lambda path: path.relative_to(folder).parts)


def _collect(paths: Iterable[Path | str]) -> list[_Input | SourceProblem]:
    """The inputs in order, each file once; problems for missing paths and unsupported named files."""
    items: list[_Input | SourceProblem] = []
    seen: set[Path] = set()

    def add(path: Path, kind: str) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            items.append(_Input(path, kind))

    for raw in paths:
        path = Path(raw)
        if not path.exists() and glob.has_magic(str(raw)):
            # A pattern the shell did not expand (quoted, or given through spark-submit): expanded here,
            # its matches taken as a folder's files are (unsupported and hidden files passed over).
            matches = sorted(glob.glob(str(raw), recursive=True))
            if not matches:
                items.append(SourceProblem(str(raw), "no file or folder matches this pattern"))
            for match in map(Path, matches):
                found = _folder_files(match) if match.is_dir() else [match] if input_kind(match) else []
                for file in found:
                    add(file, input_kind(file) or "")
            continue
        if path.is_dir():
            found = _folder_files(path)
            if not found:
                # Said, not passed over: a mistyped folder or a folder of PDFs would otherwise read as nothing.
                items.append(SourceProblem(
                    str(path), f"no files to read in this folder (supported: {', '.join(SUPPORTED_SUFFIXES)})"))
            for file in found:
                add(file, input_kind(file) or "")
        elif not path.exists():
            items.append(SourceProblem(str(path), "no such file or folder"))
        else:
            kind = input_kind(path)
            if kind is None:
                items.append(SourceProblem(
                    str(path),
                    f"unsupported file type {_suffix(path) or '(no extension)'} "
                    f"(supported: {', '.join(SUPPORTED_SUFFIXES)})",
                ))
            else:
                add(path, kind)
    return items


def _document_ids(items: list[_Input | SourceProblem]) -> dict[Path, str]:
    """Text and HTML files are named by their file name without extension, or by their path when ambiguous."""
    inputs = [item for item in items if isinstance(item, _Input) and item.kind not in STREAM_KINDS]

    def stem(path: Path) -> str:
        return path.name[: len(path.name) - len(_suffix(path))]

    counts = Counter(stem(item.path) for item in inputs)
    return {
        item.path: stem(item.path) if counts[stem(item.path)] == 1 else item.path.as_posix()
        for item in inputs
    }


def _read_bytes(path: Path) -> bytes:
    """The whole file, after checks that it is a regular, non-empty file under the size limit."""
    try:
        status = path.stat()
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from None
    if not stat.S_ISREG(status.st_mode):
        raise SourceError("not a regular file")
    if status.st_size > MAX_FILE_BYTES:
        raise SourceError(
            f"file of {status.st_size:,} bytes is over the {size_label(MAX_FILE_BYTES)} limit "
            "for text and HTML files (split it, or give it as JSONL)"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from None
    if not data.strip():
        raise SourceError("the file is empty")
    return data


def _read_file(item: _Input, document_id: str, published: date | None, url: str | None,
               title: str | None) -> Document:
    data = _read_bytes(item.path)
    if item.kind == "html":
        document = document_from_html(data, id=document_id, url=url, published=published)
        return replace(document, title=title) if title else document
    text = decode_bytes(data)
    # Line breaks as in Python's text mode, so that offsets do not depend on the system that wrote the file.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError("the file is empty")
    return document_from_text(text, id=document_id, published=published, url=url, title=title)


def _read(items: list[_Input | SourceProblem], published: date | None, url: str | None,
          title: str | None) -> Iterator[Document | SourceProblem]:
    ids = _document_ids(items)
    for item in items:
        if isinstance(item, SourceProblem):
            yield item
        elif item.kind in STREAM_KINDS:
            reader = {"jsonl": read_jsonl, "warc": read_warc, "parquet": read_parquet}[item.kind]
            for result in reader(item.path):
                if isinstance(result, Document) and result.published is None and published is not None:
                    result.published = published
                yield result
        else:
            try:
                yield _read_file(item, ids[item.path], published, url, title)
            except SourceError as error:
                yield SourceProblem(str(item.path), error.message)


def read_inputs(
    paths: Iterable[Path | str],
    *,
    published: date | str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Iterator[Document | SourceProblem]:
    """Documents of files, folders and glob patterns (text, HTML, JSONL, WARC, Parquet); bad inputs as SourceProblems.

    Folders are read recursively in sorted order; their hidden and unsupported files are skipped,
    and so are those a glob pattern (``archive/**/*.warc.gz``) matches. ``published``, ``url``
    and ``title`` apply to text and HTML files (``published`` and ``url`` win over a page's
    metadata); ``published`` also fills JSONL, WARC and Parquet documents that have no date.
    A text or HTML file's id is its name without extension, or its path as given when another
    input has the same name. A bad ``published`` raises SourceError at once.
    """
    default_date = parse_published(published)
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    return _read(_collect(paths), default_date, url, title)
