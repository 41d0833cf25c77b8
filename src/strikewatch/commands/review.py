"""Correcting the merge by hand: ``strikewatch merge ID ID`` and ``strikewatch split EVENT_ID SOURCE_ID``.

Each act is recorded in the audit log (who, when, the events before and after) and kept as a
decision on the reports themselves, so later ingests, which merge events afresh, honour it.
"""

from __future__ import annotations

from typing import Annotated

import typer

from strikewatch.commands.options import DbOption, fail
from strikewatch.store import (
    Store,
    StoredEvent,
    StoreError,
    current_user,
    database_url,
)

WhoOption = Annotated[
    str | None,
    typer.Option("--who", metavar="NAME", help="Who makes the correction, for the audit log; default the OS user."),
]


def _open(db: str | None) -> Store:
    try:
        # Corrections never embed sentences: only new mentions need it.
        return Store(database_url(db), encoder=None)
    except StoreError as exc:
        fail(str(exc))


def _described(stored: StoredEvent) -> str:
    item = stored.event
    place = item.location.name if item.location else "no place"
    count = len(stored.sources)
    return (f"event {stored.id}: {item.kind}, {item.start_date or 'no date'}, {place}, "
            f"{count} source{'s' if count != 1 else ''}")


def merge(
    first: Annotated[int, typer.Argument(metavar="ID", help="One event's id.")],
    second: Annotated[int, typer.Argument(metavar="ID", help="The other event's id.")],
    db: DbOption = None,
    who: WhoOption = None,
) -> None:
    """Merge two events into one: they tell the same action."""
    store = _open(db)
    try:
        merged = store.merge_events(first, second, who=who or current_user())
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    typer.echo(f"merged events {first} and {second} into {_described(merged)}")


def split(
    event_id: Annotated[int, typer.Argument(metavar="EVENT_ID", help="The event's id.")],
    source_id: Annotated[
        int, typer.Argument(metavar="SOURCE_ID", help="The document id of the source to take out (see `show`)."),
    ],
    db: DbOption = None,
    who: WhoOption = None,
) -> None:
    """Take one source out of an event: that report tells another action."""
    store = _open(db)
    try:
        result = store.split_source(event_id, source_id, who=who or current_user())
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    typer.echo(f"split document {source_id} from event {event_id}")
    typer.echo(f"  stays: {_described(result.remaining)}")
    typer.echo(f"  now:   {_described(result.split_off)}")


def register(app: typer.Typer) -> None:
    """Add the merge and split commands."""
    app.command("merge")(merge)
    app.command("split")(split)
