"""Feeds and the watch: RSS and Atom feeds read with feedparser, their articles fetched and kept.

What was fetched is remembered in the same database as the documents, in a table of its own,
``fetch_state`` (one row per feed, site or page, by canonical URL): the ETag and Last-Modified
validators for conditional requests, the feed a site's page links to, and failures. Keeping
it in the database rather than a state file means one ``--db`` names everything a watch
needs, on SQLite and PostgreSQL alike, and it is written in transactions like the rest.

A feed's validators are saved only once all its entries are stored, given up on or failed
for good, so that an interrupted run, or an entry that failed for a passing reason, is taken
up again by the next run instead of hiding behind a 304.
"""

from __future__ import annotations

import calendar
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from strikewatch.model import Document
from strikewatch.sources.document import SourceError, SourceProblem
from strikewatch.sources.text import decode_bytes
from strikewatch.sources.web import (
    HTML_TYPES,
    FetchError,
    WebFetcher,
    WebResponse,
    canonical_url,
    check_url,
    document_from_response,
    looks_like_html,
    response_text,
)
from strikewatch.store import StoreError
from strikewatch.store.sqlite_setup import wait_on_locks_and_use_wal

# A feed entry that failed this many runs in a row is given up (reported once, then skipped).
MAX_ENTRY_FAILURES = 3
# More entries than this in one feed are left for later runs: one run stays bounded.
MAX_ENTRIES_PER_FEED = 300

_metadata = MetaData()
FETCH_STATE = Table(
    "fetch_state",
    _metadata,
    Column("url", Text, primary_key=True),  # canonical URL as asked for (a feed, a site, a page)
    Column("kind", String(8), nullable=False),  # "feed" or "page"
    Column("status", String(16), nullable=False),  # "ok", "failed" or "given_up"
    Column("etag", Text),
    Column("last_modified", Text),
    Column("feed_url", Text),  # for a site's page: the feed it links to
    Column("failures", Integer, nullable=False, default=0),
    Column("message", Text),  # why it last failed
    Column("checked_at", DateTime(timezone=True), nullable=False),
)


# ---------------------------------------------------------------------------------------------
# Feeds


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: the article's URL, its title and the date the feed gives it."""

    url: str
    title: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class Feed:
    """A parsed RSS or Atom feed."""

    url: str
    title: str | None
    entries: list[FeedEntry]


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        moment = entry.get(key)
        if moment:
            try:
                return datetime.fromtimestamp(calendar.timegm(moment), UTC).date()
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _entry_url(entry: Any) -> str | None:
    """The article an entry points to: its link, an alternate link, or a permalink guid."""
    candidates = [entry.get("link")]
    candidates += [link.get("href") for link in entry.get("links") or [] if link.get("rel", "alternate") == "alternate"]
    if entry.get("guidislink"):
        candidates.append(entry.get("id"))
    for candidate in candidates:
        if isinstance(candidate, str) and urlsplit(candidate.strip()).scheme.lower() in ("http", "https"):
            return candidate.strip()
    return None


def parse_feed(content: bytes, url: str, content_type: str | None = None) -> Feed:
    """The entries of an RSS or Atom feed (any version); SourceError when the bytes are no feed."""
    import feedparser

    # Always a stream: given a string or bytes, feedparser would try it as a URL or a file name.
    parsed = feedparser.parse(
        io.BytesIO(content),
        response_headers={"content-location": url, "content-type": content_type or "application/xml"},
        resolve_relative_uris=True,
        sanitize_html=True,
    )
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({str(reason).strip() or type(reason).__name__})" if reason else ""
        raise SourceError(f"not an RSS or Atom feed{detail}", input=url)
    entries: list[FeedEntry] = []
    for item in parsed.entries[:MAX_ENTRIES_PER_FEED]:
        link = _entry_url(item)
        if link is None:
            continue
        title = item.get("title")
        entries.append(FeedEntry(url=link, title=title.strip() if isinstance(title, str) and title.strip() else None,
                                 published=_entry_date(item)))
    title = parsed.feed.get("title")
    return Feed(url=url, title=title if isinstance(title, str) else None, entries=entries)


def discover_feeds(html: str, page_url: str) -> list[str]:
    """The feeds a site's page links to (<link rel="alternate"> first, then links that look like feeds)."""
    from trafilatura.feeds import FeedParameters, determine_feed

    parts = urlsplit(page_url)
    base = f"{parts.scheme}://{parts.netloc}"
    try:
        return determine_feed(html, FeedParameters(base, parts.hostname or "", page_url))
    except Exception:  # a third-party parser on an arbitrary page: no feed found, never a crash
        return []


def read_feed_list(path: Path | str) -> tuple[list[str], list[SourceProblem]]:
    """The URLs of a feed list (one a line, # comments), each once, and a problem for each bad line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read the feed list: {exc.strerror or exc}", input=str(path)) from None
    try:
        text = decode_bytes(data) if data.strip() else ""
    except SourceError as exc:
        raise SourceError(f"the feed list is not text: {exc.message}", input=str(path)) from None
    urls: list[str] = []
    problems: list[SourceProblem] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            url = check_url(line)
        except FetchError as exc:
            problems.append(SourceProblem(f"{path}:{number}", exc.message))
            continue
        if canonical_url(url) not in seen:
            seen.add(canonical_url(url))
            urls.append(url)
    if not urls and not problems:
        problems.append(SourceProblem(str(path), "the feed list names no URL (one feed or site a line)"))
    return urls, problems


# ---------------------------------------------------------------------------------------------
# What was fetched, remembered


@dataclass(frozen=True)
class FetchRecord:
    """What is remembered of one feed, site or page."""

    url: str
    kind: str
    status: str
    checked_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    feed_url: str | None = None
    failures: int = 0
    message: str | None = None


def _sqlite_waits_for_locks(dbapi_connection: Any, _record: Any) -> None:
    """Readers beside a writer (WAL) and waiting on locks instead of failing at once."""
    cursor = dbapi_connection.cursor()
    try:
        wait_on_locks_and_use_wal(cursor)
    finally:
        cursor.close()


class WatchState:
    """The ``fetch_state`` table: validators, discovered feeds and failures, by canonical URL."""

    def __init__(self, url: str) -> None:
        """Open the state in the database at ``url`` (the documents' database), creating its table."""
        try:
            self.shown_url = make_url(url).render_as_string(hide_password=True)
            self._engine: Engine = create_engine(url)
        except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot use database URL {url!r}: {exc}") from exc
        if self._engine.dialect.name == "sqlite":
            event.listen(self._engine, "connect", _sqlite_waits_for_locks)
        try:
            _metadata.create_all(self._engine)
        except SQLAlchemyError as exc:
            self._engine.dispose()
            raise StoreError(f"cannot open the fetch state in {self.shown_url}: {_reason(exc)}") from exc

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> WatchState:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def get(self, url: str) -> FetchRecord | None:
        """What is remembered of this URL (canonicalised), or None."""
        try:
            with self._engine.connect() as connection:
                row = connection.execute(
                    select(FETCH_STATE).where(FETCH_STATE.c.url == canonical_url(url))
                ).mappings().first()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the fetch state in {self.shown_url}: {_reason(exc)}") from exc
        if row is None:
            return None
        checked = row["checked_at"]
        return FetchRecord(
            url=row["url"], kind=row["kind"], status=row["status"],
            checked_at=checked if checked.tzinfo else checked.replace(tzinfo=UTC),
            etag=row["etag"], last_modified=row["last_modified"], feed_url=row["feed_url"],
            failures=row["failures"] or 0, message=row["message"],
        )

    def save(self, record: FetchRecord) -> None:
        """Remember a record, replacing what was remembered of its URL."""
        values = {
            "kind": record.kind, "status": record.status, "etag": record.etag,
            "last_modified": record.last_modified, "feed_url": record.feed_url, "failures": record.failures,
            "message": record.message, "checked_at": record.checked_at,
        }
        key = canonical_url(record.url)
        try:
            for _attempt in range(2):
                try:
                    with self._engine.begin() as connection:
                        changed = connection.execute(
                            update(FETCH_STATE).where(FETCH_STATE.c.url == key).values(**values)
                        ).rowcount
                        if not changed:
                            connection.execute(insert(FETCH_STATE).values(url=key, **values))
                    return
                except IntegrityError:
                    continue  # another watcher inserted the same URL in between: update it instead
            raise StoreError(f"cannot save the fetch state of {key}: it keeps changing under us")
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot write the fetch state in {self.shown_url}: {_reason(exc)}") from exc

    def records(self) -> list[FetchRecord]:
        """Everything remembered, by URL."""
        try:
            with self._engine.connect() as connection:
                urls = connection.execute(select(FETCH_STATE.c.url).order_by(FETCH_STATE.c.url)).scalars().all()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read the fetch state in {self.shown_url}: {_reason(exc)}") from exc
        return [record for url in urls if (record := self.get(url)) is not None]


def _reason(exc: Exception) -> str:
    original = getattr(exc, "orig", None)
    return str(original if original is not None else exc).strip().splitlines()[0]


def _now() -> datetime:
    return datetime.now(UTC)


# ---------------------------------------------------------------------------------------------
# Runs


@dataclass
class RunSummary:
    """What one run did: bodies fetched, documents new, things unchanged, failures."""

    fetched: int = 0
    new: int = 0
    unchanged: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"fetched: {self.fetched}, new: {self.new}, unchanged: {self.unchanged}, failed: {self.failed}"


# Stores a document; True when it was new, False when it was already stored.
Keep = Callable[[Document], bool]


class Harvester:
    """Fetches pages and feeds into Documents, hands them to ``keep`` and remembers what it did."""

    def __init__(
        self,
        fetcher: WebFetcher,
        state: WatchState,
        keep: Keep,
        *,
        report: Callable[[SourceProblem], None] | None = None,
        progress: Callable[[RunSummary, str], None] | None = None,
        max_failures: int = MAX_ENTRY_FAILURES,
    ) -> None:
        """``report`` hears of every failure, ``progress`` of every step (the summary so far and a URL)."""
        self.fetcher = fetcher
        self.state = state
        self.keep = keep
        self.report = report or (lambda _problem: None)
        self.progress = progress or (lambda _summary, _url: None)
        self.max_failures = max_failures

    def fetch_pages(self, urls: Iterable[str]) -> RunSummary:
        """Fetch pages given by their URLs (again, conditionally, when fetched before) and keep new ones."""
        summary = RunSummary()
        for url in urls:
            self._page(url, summary, entry=None)
        return summary

    def watch(self, feed_urls: Iterable[str]) -> RunSummary:
        """One run over feeds (or sites that link to a feed): new entries are fetched and kept."""
        summary = RunSummary()
        for url in feed_urls:
            self._feed(url, summary)
        return summary

    # -- steps --------------------------------------------------------------------------------

    def _fail(self, summary: RunSummary, url: str, message: str) -> None:
        summary.failed += 1
        self.report(SourceProblem(url, message))
        self.progress(summary, url)

    def _remember_failure(self, key: str, kind: str, previous: FetchRecord | None, message: str,
                          give_up: bool) -> str:
        """Record a failure; the status it ends in ("failed" or "given_up")."""
        failures = (previous.failures if previous and previous.status != "ok" else 0) + 1
        status = "given_up" if give_up and failures >= self.max_failures else "failed"
        self._save(FetchRecord(
            url=key, kind=kind, status=status, checked_at=_now(), failures=failures, message=message,
            feed_url=previous.feed_url if previous else None,
        ))
        return status

    def _save(self, record: FetchRecord) -> None:
        try:
            self.state.save(record)
        except StoreError as exc:
            self.report(SourceProblem(record.url, str(exc)))

    def _get_record(self, key: str) -> FetchRecord | None:
        try:
            return self.state.get(key)
        except StoreError as exc:
            self.report(SourceProblem(key, str(exc)))
            return None

    def _page(self, url: str, summary: RunSummary, entry: FeedEntry | None) -> bool:
        """Fetch one page and keep it; whether it ended well (stored, known or given up)."""
        try:
            asked = check_url(url)
        except FetchError as exc:
            self._fail(summary, url, exc.message)
            return False
        key = canonical_url(asked)
        record = self._get_record(key)
        if entry is not None and record is not None and record.status in ("ok", "given_up"):
            # A feed lists the same articles run after run: those already seen are not asked for again.
            summary.unchanged += 1
            self.progress(summary, url)
            return True
        known = record if record is not None and record.status == "ok" else None
        try:
            response = self.fetcher.get(
                asked, kind="page", etag=known.etag if known else None,
                last_modified=known.last_modified if known else None,
            )
            if response.not_modified:
                summary.unchanged += 1
                if known is not None:
                    self._save(replace(known, checked_at=_now()))
                self.progress(summary, url)
                return True
            summary.fetched += 1
            document = document_from_response(
                response, published=entry.published if entry else None, title=entry.title if entry else None,
            )
            new = self.keep(document)
        except (SourceError, StoreError) as exc:
            message = exc.message if isinstance(exc, SourceError) else str(exc)
            return self._page_failed(summary, asked, key, record, message, entry is not None)
        # A weeks-long watch must not stop for one page that trips a bug: report it and go on.
        except Exception as exc:
            message = f"unexpected error: {type(exc).__name__}: {exc}"
            return self._page_failed(summary, asked, key, record, message, entry is not None)
        if new:
            summary.new += 1
        else:
            summary.unchanged += 1
        now = _now()
        self._save(FetchRecord(url=key, kind="page", status="ok", checked_at=now, etag=response.etag,
                               last_modified=response.last_modified))
        if document.url and document.url != key:
            # The page's own address (after redirects, or its canonical link) is known as well.
            self._save(FetchRecord(url=document.url, kind="page", status="ok", checked_at=now))
        self.progress(summary, url)
        return True

    def _page_failed(self, summary: RunSummary, asked: str, key: str, record: FetchRecord | None, message: str,
                     from_feed: bool) -> bool:
        status = self._remember_failure(key, "page", record, message, give_up=from_feed)
        if status == "given_up":
            message += f" (failed {self.max_failures} runs in a row: not tried again)"
        self._fail(summary, asked, message)
        return status == "given_up"

    def _feed(self, url: str, summary: RunSummary) -> None:
        try:
            asked = check_url(url)
        except FetchError as exc:
            self._fail(summary, url, exc.message)
            return
        key = canonical_url(asked)
        record = self._get_record(key)
        known = record if record is not None and record.status == "ok" else None
        feed_url = record.feed_url if record and record.feed_url else None
        try:
            response = self.fetcher.get(
                feed_url or asked, kind="feed", etag=known.etag if known else None,
                last_modified=known.last_modified if known else None,
            )
            if response.not_modified:
                summary.unchanged += 1
                if known is not None:
                    self._save(replace(known, checked_at=_now()))
                self.progress(summary, url)
                return
            summary.fetched += 1
            if _is_html(response):
                response, feed_url = self._discovered(response, summary)
            feed = parse_feed(response.content, response.final_url, response.content_type)
        except (SourceError, StoreError) as exc:
            message = exc.message if isinstance(exc, SourceError) else str(exc)
            self._remember_failure(key, "feed", record, message, give_up=False)
            self._fail(summary, asked, message)
            return
        except Exception as exc:  # one feed that trips a bug must not stop the watch
            message = f"unexpected error: {type(exc).__name__}: {exc}"
            self._remember_failure(key, "feed", record, message, give_up=False)
            self._fail(summary, asked, message)
            return
        self.progress(summary, url)
        settled = True
        for entry in feed.entries:
            settled = self._page(entry.url, summary, entry) and settled
        # Validators only once every entry is settled: otherwise the next run would get a 304 and
        # never retry the entries that failed for a passing reason, or that an interruption skipped.
        self._save(FetchRecord(
            url=key, kind="feed", status="ok", checked_at=_now(), feed_url=feed_url,
            etag=response.etag if settled else None, last_modified=response.last_modified if settled else None,
        ))

    def _discovered(self, page: WebResponse, summary: RunSummary) -> tuple[WebResponse, str]:
        """The feed a site's page links to, fetched; FetchError when it links to none."""
        candidates = discover_feeds(response_text(page), page.final_url)
        if not candidates:
            raise FetchError("an HTML page that links to no RSS or Atom feed", page.final_url)
        feed_url = candidates[0]
        response = self.fetcher.get(feed_url, kind="feed")
        summary.fetched += 1
        if _is_html(response):
            raise FetchError("the feed the page links to is an HTML page, not a feed", feed_url)
        return response, feed_url


def _is_html(response: WebResponse) -> bool:
    if response.content_type in HTML_TYPES:
        return True
    return response.content_type is None and looks_like_html(response.content)


__all__ = [
    "FETCH_STATE",
    "MAX_ENTRY_FAILURES",
    "Feed",
    "FeedEntry",
    "FetchRecord",
    "Harvester",
    "RunSummary",
    "WatchState",
    "discover_feeds",
    "parse_feed",
    "read_feed_list",
]
