"""``strikewatch fetch URL...`` and ``strikewatch watch FEEDS.txt``: news from the web into the store.

Both fetch through ``strikewatch.sources.web`` (address guard, limits, timeouts, robots.txt,
per-host delay, retries) and remember validators and failures in the database's
``fetch_state`` table; each stored page goes through the same extraction as ``ingest``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from strikewatch.commands.options import DbOption, fail
from strikewatch.model import Document
from strikewatch.sources.document import SourceError, SourceProblem
from strikewatch.store import Store, StoreError, database_url

if TYPE_CHECKING:
    from strikewatch.pipeline import Pipeline
    from strikewatch.sources.feeds import Harvester, RunSummary, WatchState
    from strikewatch.sources.web import FetchSettings, WebFetcher

USAGE_ERROR = 2
INTERRUPTED = 130
MIN_INTERVAL_SECONDS = 1.0

_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmg]?i?b?)?", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024**2, "mb": 1024**2, "mib": 1024**2,
               "g": 1024**3, "gb": 1024**3, "gib": 1024**3}
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])", re.IGNORECASE)
_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_size(value: str) -> int:
    """Bytes from "10MB", "500KB", "1.5M", "2000000" (units of 1024); ValueError if malformed."""
    match = _SIZE.fullmatch(value.strip())
    if not match:
        raise ValueError(f"{value!r} is not a size: write for example 10MB, 500KB or 2000000")
    size = int(float(match.group(1)) * _SIZE_UNITS[(match.group(2) or "").lower()])
    if size <= 0:
        raise ValueError(f"{value!r} is not a positive size")
    return size


def parse_duration(value: str) -> float:
    """Seconds from "30m", "1h30m", "90s", "1d" or a plain number of seconds; ValueError if malformed."""
    text = value.strip().replace(" ", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    parts = _DURATION_PART.findall(text)
    if not parts or "".join(number + unit for number, unit in parts).lower() != text.lower():
        raise ValueError(f"{value!r} is not a duration: write for example 30m, 1h, 1h30m or 90s")
    return sum(float(number) * _DURATION_UNITS[unit.lower()] for number, unit in parts)


AllowHostOption = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-host", metavar="HOST",
        help="Fetch from this host even though it resolves to a private, loopback or other non-public "
             "address (repeat for more hosts). Only for hosts you trust.",
    ),
]
MaxSizeOption = Annotated[
    str, typer.Option("--max-size", metavar="SIZE", help="Largest page or feed to download (10MB, 500KB …)."),
]
ConnectTimeoutOption = Annotated[
    float, typer.Option("--connect-timeout", metavar="SECONDS", help="Time to connect to a server."),
]
ReadTimeoutOption = Annotated[
    float, typer.Option("--read-timeout", metavar="SECONDS", help="Time to wait for the next bytes of an answer."),
]
TimeoutOption = Annotated[
    float, typer.Option("--timeout", metavar="SECONDS", help="Total time for one request, redirects included."),
]
DelayOption = Annotated[
    float, typer.Option("--delay", metavar="SECONDS",
                        help="Pause between requests to the same host (a robots.txt Crawl-delay may lengthen it)."),
]
RetriesOption = Annotated[
    int, typer.Option("--retries", metavar="N", help="Retries after a timeout, network error or 5xx answer."),
]


def _settings(allow_host: list[str] | None, max_size: str, connect_timeout: float, read_timeout: float,
              timeout: float, delay: float, retries: int) -> FetchSettings:
    """FetchSettings from the command's options; a malformed option stops the command."""
    from strikewatch.sources.web import FetchSettings

    try:
        size = parse_size(max_size)
    except ValueError as exc:
        fail(f"--max-size: {exc}", USAGE_ERROR)
    try:
        return FetchSettings(
            allow_hosts=frozenset(allow_host or ()), max_bytes=size, connect_timeout=connect_timeout,
            read_timeout=read_timeout, total_timeout=timeout, host_delay=delay, retries=retries,
        )
    except ValueError as exc:
        fail(str(exc), USAGE_ERROR)


def _pipeline() -> Pipeline:
    # Through the core CLI's getter, so that the whole command line shares one pipeline (and one stand-in in tests).
    from strikewatch import cli

    try:
        return cli.get_pipeline()
    except Exception as exc:  # a missing model or lexicon stops every extraction: say which, once
        fail(f"cannot build the extraction pipeline: {type(exc).__name__}: {exc}")


def _keeper(store: Store) -> Callable[[Document], bool]:
    """Stores a document with its events; True when new. Extraction failures are SourceErrors naming it."""
    pipeline: Pipeline | None = None

    def keep(document: Document) -> bool:
        nonlocal pipeline
        if store.has_document(document):
            return False
        pipeline = pipeline or _pipeline()
        try:
            events = pipeline.extract(document)
        except Exception as exc:  # one page that trips the extractor must not stop the run
            raise SourceError(f"extraction failed: {type(exc).__name__}: {exc}", input=document.id) from exc
        return store.add_document(document, events).new

    return keep


@contextmanager
def _harvester(db: str | None, settings: FetchSettings, progress: Callable[[RunSummary, str], None],
               ) -> Iterator[tuple[Harvester, WatchState]]:
    """A harvester on the store and fetch state of ``db``; an unopenable database stops the command."""
    from strikewatch.sources.feeds import Harvester, WatchState
    from strikewatch.sources.web import WebFetcher

    url = database_url(db)
    try:
        store = Store(url)
    except StoreError as exc:
        fail(str(exc))
    try:
        state = WatchState(url)
    except StoreError as exc:
        store.close()
        fail(str(exc))
    fetcher: WebFetcher = WebFetcher(settings)
    try:
        yield Harvester(fetcher, state, _keeper(store), report=_report, progress=progress), state
    finally:
        fetcher.close()
        state.close()
        store.close()


def _report(problem: SourceProblem) -> None:
    typer.echo(str(problem), err=True)


@contextmanager
def _progress_display(label: str, total: int | None = None) -> Iterator[Callable[[RunSummary, str], None]]:
    """A progress line on stderr (when it is a terminal): counts so far and the URL at hand."""
    console = Console(stderr=True)
    progress = Progress(
        SpinnerColumn(), TextColumn(label), TextColumn("{task.fields[counts]}"),
        TextColumn("[dim]{task.fields[url]}"), TimeElapsedColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    )
    task = progress.add_task(label, total=total, counts="", url="")

    def show(summary: RunSummary, url: str) -> None:
        progress.update(task, counts=str(summary), url=escape(url[:80]))

    progress.start()
    try:
        yield show
    finally:
        progress.stop()


def fetch(
    urls: Annotated[list[str], typer.Argument(metavar="URL...", help="Pages to fetch (http or https).")],
    db: DbOption = None,
    allow_host: AllowHostOption = None,
    max_size: MaxSizeOption = "10MB",
    connect_timeout: ConnectTimeoutOption = 10.0,
    read_timeout: ReadTimeoutOption = 20.0,
    timeout: TimeoutOption = 60.0,
    delay: DelayOption = 2.0,
    retries: RetriesOption = 2,
) -> None:
    """Fetch web pages, extract their events and store them; pages already stored are not stored again."""
    settings = _settings(allow_host, max_size, connect_timeout, read_timeout, timeout, delay, retries)
    try:
        with _progress_display("fetching") as show, _harvester(db, settings, show) as (harvester, _state):
            summary = harvester.fetch_pages(urls)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        raise typer.Exit(INTERRUPTED) from None
    typer.echo(str(summary))
    if summary.failed:
        raise typer.Exit(1)


def watch(
    feeds: Annotated[Path, typer.Argument(metavar="FEEDS.txt",
                                          help="Feeds or sites to watch, one URL a line (# for comments).")],
    every: Annotated[str, typer.Option("--every", metavar="INTERVAL",
                                       help="Time between the starts of runs: 30m, 1h, 1h30m, 90s …")] = "30m",
    runs: Annotated[int | None, typer.Option("--runs", metavar="N",
                                             help="Stop after N runs (default: run until interrupted).")] = None,
    db: DbOption = None,
    allow_host: AllowHostOption = None,
    max_size: MaxSizeOption = "10MB",
    connect_timeout: ConnectTimeoutOption = 10.0,
    read_timeout: ReadTimeoutOption = 20.0,
    timeout: TimeoutOption = 60.0,
    delay: DelayOption = 2.0,
    retries: RetriesOption = 2,
) -> None:
    """Watch RSS/Atom feeds (or sites that link to one): fetch new articles, extract and store them, every INTERVAL."""
    from strikewatch.sources.feeds import read_feed_list

    try:
        interval = parse_duration(every)
    except ValueError as exc:
        fail(f"--every: {exc}", USAGE_ERROR)
    if interval < MIN_INTERVAL_SECONDS:
        fail(f"--every: {every!r} is too short (at least {MIN_INTERVAL_SECONDS:g} s)", USAGE_ERROR)
    if runs is not None and runs < 1:
        fail(f"--runs must be 1 or more, not {runs}", USAGE_ERROR)
    settings = _settings(allow_host, max_size, connect_timeout, read_timeout, timeout, delay, retries)
    number = 0
    summary = None
    try:
        with _progress_display("watching") as show, _harvester(db, settings, show) as (harvester, _state):
            while True:
                number += 1
                started = time.monotonic()
                # Read afresh each run, so that feeds can be added or removed without a restart.
                try:
                    urls, problems = read_feed_list(feeds)
                except SourceError as exc:
                    fail(str(exc))
                for problem in problems:
                    _report(problem)
                summary = harvester.watch(urls)
                summary.failed += len(problems)
                stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                typer.echo(f"{stamp} run {number}: {summary}")
                if runs is not None and number >= runs:
                    break
                time.sleep(max(0.0, started + interval - time.monotonic()))
    except KeyboardInterrupt:
        typer.echo(f"interrupted during run {number}; what was stored stays stored", err=True)
        raise typer.Exit(INTERRUPTED) from None
    if summary is not None and summary.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``fetch`` and ``watch`` to the command line."""
    app.command("fetch")(fetch)
    app.command("watch")(watch)


__all__ = ["fetch", "parse_duration", "parse_size", "register", "watch"]
