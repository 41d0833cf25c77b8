"""The merge inside a store transaction: find the mentions a change touches, cluster them, write the events.

A change (new mentions, a person's merge or split) can only alter the events of the
mentions connected to it: through a pair that scores above the threshold, through a shared
event, or through a person's decision. ``connected`` follows those ties from the changed
mentions until nothing new comes in; ``regroup`` clusters exactly that set with
``strikewatch.merge`` and rewrites the events whose mentions changed. Because the set is a
whole connected part of the store, clustering it alone gives what clustering every stored
mention would give, whatever order the reports came in.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session, joinedload

from strikewatch.merge import (
    DATE_WINDOW_DAYS,
    Decisions,
    Mention,
    active_interval,
    cluster_mentions,
    combine,
    kind_family,
    score_pair,
)
from strikewatch.model import Event
from strikewatch.store.edits import apply_edits
from strikewatch.store.schema import (
    AuditRow,
    DemandRow,
    DocumentRow,
    EventRow,
    EventSourceRow,
    FieldChangeRow,
    MergeDecisionRow,
    OrganizationRow,
    fold,
    utc_now,
)

SYSTEM_ACTOR = "strikewatch"

Locker = Callable[[Iterable[str]], None]


def block_columns(item: Event, published: date | None) -> dict[str, str | None]:
    """The blocking keys of a mention: country, kind family and the days it covers."""
    place = item.location
    interval = active_interval(item, published)
    return {
        "block_country": place.country.upper() if place and place.country else None,
        "kind_family": kind_family(item.kind),
        "date_from": interval[0].isoformat() if interval else None,
        "date_to": interval[1].isoformat() if interval else None,
    }


def country_lock(country: str | None) -> str:
    """The name of the lock that guards the mentions of one country."""
    return f"block:{country or '-'}"


def write_event_fields(row: EventRow, item: Event) -> None:
    """Set an event row's columns and child rows from an ``Event``."""
    place = item.location
    row.kind = item.kind
    row.status = item.status
    row.start_date = item.start_date
    row.end_date = item.end_date
    row.location_name = place.name if place else None
    row.location_admin1 = place.admin1 if place else None
    row.location_admin1_folded = fold(place.admin1) if place and place.admin1 else None
    row.location_country = place.country.upper() if place and place.country else None
    row.location_lat = place.lat if place else None
    row.location_lon = place.lon if place else None
    row.location_precision = place.precision if place else None
    row.location_venue = place.venue if place else None
    row.location_geonameid = place.geonameid if place else None
    row.actor_group = item.actor.group
    row.actor_sector = item.actor.sector
    row.actor_size = item.actor.size
    row.fatalities = item.fatalities
    row.arrests = item.arrests
    row.injuries = item.injuries
    row.languages = list(item.languages)
    row.summary = item.summary
    named = (
        [(name, "actor") for name in item.actor.organizations]
        + [(name, "union") for name in item.actor.unions]
        + [(name, "target") for name in item.targets]
    )
    row.organizations = [
        OrganizationRow(name=name, name_folded=fold(name), role=role) for name, role in named
    ]
    row.demands = [DemandRow(category=d.category, text=d.text, percent=d.percent) for d in item.demands]


class MentionCache:
    """Mentions made from source rows once per transaction (their extracted events parsed once)."""

    def __init__(self) -> None:
        self._made: dict[int, Mention] = {}

    def __call__(self, row: EventSourceRow) -> Mention:
        made = self._made.get(row.id)
        if made is None:
            embedding = np.frombuffer(row.embedding, dtype=np.float32) if row.embedding else None
            made = Mention(
                key=row.mention_key, document_key=row.document.doc_key, published=row.document.published,
                event=Event.from_dict(row.extracted), embedding=embedding, encoder=row.encoder,
                document_id=row.document_id,
            )
            self._made[row.id] = made
        return made


def decisions_for(session: Session, keys: Iterable[str]) -> Decisions:
    """The decisions people took on pairs of these mentions."""
    wanted = sorted(set(keys))
    together: set[tuple[str, str]] = set()
    apart: set[tuple[str, str]] = set()
    # In slices, so that a large group never exceeds a backend's limit on bound parameters.
    for start in range(0, len(wanted), 400):
        chunk = wanted[start : start + 400]
        rows = session.scalars(
            select(MergeDecisionRow).where(
                or_(MergeDecisionRow.mention_a.in_(chunk), MergeDecisionRow.mention_b.in_(chunk))
            )
        )
        for row in rows:
            (together if row.together else apart).add((row.mention_a, row.mention_b))
    members = set(wanted)
    return Decisions(
        together=frozenset(p for p in together if p[0] in members and p[1] in members),
        apart=frozenset(p for p in apart if p[0] in members and p[1] in members),
    )


def _with_document() -> tuple[object, ...]:
    return (joinedload(EventSourceRow.document),)


def _block_peers(session: Session, row: EventSourceRow) -> Sequence[EventSourceRow]:
    """The stored mentions that share a block with ``row``."""
    statement = select(EventSourceRow).options(*_with_document()).where(
        EventSourceRow.kind_family == row.kind_family,
        EventSourceRow.id != row.id,
    )
    if row.block_country is None:
        statement = statement.where(EventSourceRow.block_country.is_(None))
    else:
        statement = statement.where(EventSourceRow.block_country == row.block_country)
    if row.date_from is None or row.date_to is None:
        statement = statement.where(EventSourceRow.date_from.is_(None))
    else:
        window = timedelta(days=DATE_WINDOW_DAYS)
        low = (date.fromisoformat(row.date_from) - window).isoformat()
        high = (date.fromisoformat(row.date_to) + window).isoformat()
        statement = statement.where(EventSourceRow.date_from <= high, EventSourceRow.date_to >= low)
    return session.scalars(statement.order_by(EventSourceRow.id)).unique().all()


def connected(session: Session, seeds: Sequence[EventSourceRow], lock: Locker,
              mention: MentionCache) -> list[EventSourceRow]:
    """The seeds and every stored mention tied to them, directly or through others."""
    found: dict[int, EventSourceRow] = {}
    queue: deque[EventSourceRow] = deque(seeds)
    while queue:
        row = queue.popleft()
        if row.id in found:
            continue
        found[row.id] = row
        # The block is locked before it is read, so that a concurrent writer of the same block
        # either committed before (and is seen) or waits until this transaction commits.
        lock([country_lock(row.block_country)])
        here = mention(row)
        for peer in _block_peers(session, row):
            if peer.id not in found and score_pair(here, mention(peer)).linked:
                queue.append(peer)
        same_event = session.scalars(
            select(EventSourceRow).options(*_with_document()).where(EventSourceRow.event_id == row.event_id)
        ).unique()
        queue.extend(peer for peer in same_event if peer.id not in found)
        partners = session.scalars(
            select(MergeDecisionRow).where(
                MergeDecisionRow.together.is_(True),
                or_(MergeDecisionRow.mention_a == row.mention_key, MergeDecisionRow.mention_b == row.mention_key),
            )
        )
        keys = {k for d in partners for k in (d.mention_a, d.mention_b)} - {row.mention_key}
        if keys:
            queue.extend(
                session.scalars(
                    select(EventSourceRow).options(*_with_document()).where(EventSourceRow.mention_key.in_(keys))
                ).unique()
            )
    return sorted(found.values(), key=lambda r: r.mention_key)


@dataclass(frozen=True)
class Regrouped:
    """What ``regroup`` did: the event of every mention it looked at, and the events it removed."""

    event_of: dict[str, int]
    removed: tuple[int, ...]


def write_history(session: Session, event_row: EventRow, cluster: Sequence[Mention]) -> None:
    combined, history = combine(cluster)
    # People's corrections of the fields outlive the fold: they are laid over it every time. (No
    # autoflush while they are read: a new event row has no fields yet and must not be written so.)
    with session.no_autoflush:
        combined = apply_edits(session, combined, [m.key for m in cluster])
    write_event_fields(event_row, combined)
    session.flush()
    session.execute(delete(FieldChangeRow).where(FieldChangeRow.event_id == event_row.id))
    session.add_all(
        FieldChangeRow(
            event_id=event_row.id, position=position, field=change.field, value=change.value,
            previous=change.previous, mention_key=change.mention.key, document_id=change.mention.document_id,
            published=change.mention.published,
        )
        for position, change in enumerate(history)
    )


def regroup(session: Session, seeds: Sequence[EventSourceRow], lock: Locker, *, fresh: Iterable[int] = (),
            keep: Iterable[int] = (), actor: str = SYSTEM_ACTOR) -> Regrouped:
    """Cluster the mentions connected to ``seeds`` and rewrite the events whose mentions changed.

    ``fresh`` names events made in this transaction, written in full whatever happens. Each
    group keeps the event id most of its mentions had (an id in ``keep`` first), so ids stay put
    where groups stay put; events left without mentions are deleted, and the audit log says
    where theirs went.
    """
    mention = MentionCache()
    rows = connected(session, seeds, lock, mention)
    by_key = {row.mention_key: row for row in rows}
    decisions = decisions_for(session, by_key)
    clusters = cluster_mentions([mention(row) for row in rows], decisions)
    members: dict[int, set[str]] = defaultdict(set)
    for row in rows:
        members[row.event_id].add(row.mention_key)
    fresh_ids = set(fresh)
    kept_ids = set(keep)

    taken: set[int] = set()
    plan: list[tuple[list[Mention], int | None]] = []
    for cluster in sorted(clusters, key=lambda c: (-len(c), c[0].key)):
        counts = Counter(by_key[m.key].event_id for m in cluster)
        ranked = sorted(counts, key=lambda e: (e not in kept_ids, -counts[e], e))
        target = next((e for e in ranked if e not in taken), None)
        if target is not None:
            taken.add(target)
        plan.append((cluster, target))

    event_of: dict[str, int] = {}
    for cluster, target in plan:
        keys = {m.key for m in cluster}
        if target is not None and members[target] == keys and target not in fresh_ids:
            event_of.update((k, target) for k in keys)
            continue
        if target is None:
            event_row = EventRow(review_state="unreviewed")
            session.add(event_row)
        else:
            event_row = session.get_one(EventRow, target)
        for m in cluster:
            by_key[m.key].event = event_row
        write_history(session, event_row, cluster)
        event_of.update((k, event_row.id) for k in keys)

    session.flush()
    removed = sorted(set(members) - taken)
    for event_id in removed:
        gone = session.get(EventRow, event_id)
        if gone is None:
            continue
        # Its mentions have moved (flushed above): reload the emptied collection so that the
        # delete cascades to nothing but the event's own organisations, demands and history.
        session.expire(gone, ["sources"])
        session.delete(gone)
        if event_id not in fresh_ids:
            into = sorted({event_of[k] for k in members[event_id]})
            session.add(AuditRow(actor=actor, action="absorbed", event_id=event_id, before=None,
                                 after={"merged_into": into}))
    session.flush()
    return Regrouped(event_of=event_of, removed=tuple(removed))


def set_decisions(session: Session, pairs: Iterable[tuple[str, str]], *, together: bool, who: str) -> None:
    """Record a person's decision on each pair of mentions, replacing any earlier one on that pair."""
    for a, b in pairs:
        low, high = (a, b) if a < b else (b, a)
        existing = session.scalars(
            select(MergeDecisionRow).where(MergeDecisionRow.mention_a == low, MergeDecisionRow.mention_b == high)
        ).first()
        if existing is None:
            session.add(MergeDecisionRow(mention_a=low, mention_b=high, together=together, who=who))
        else:
            existing.together = together
            existing.who = who
            existing.at = utc_now()
    session.flush()


def document_row(session: Session, document_id: int) -> DocumentRow | None:
    """A stored document row by id."""
    return session.get(DocumentRow, document_id)
