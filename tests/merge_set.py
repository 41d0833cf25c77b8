"""The multilingual merge set: reports of the same actions in several languages, and how to score a store on it.

``tests/fixtures/merge/documents.jsonl`` holds the reports; ``gold.jsonl`` names, for each
report, the actions it tells (an action id, its kind, country, place and dates). An extracted
event stands for the gold action of its report with the same kind family and country; events
that stand for none are extraction noise, counted apart; so are the extra events of a report
that the extractor told twice (the merge must keep a report's events apart). A store is then
scored on the mentions that stand for a gold action: pairs of mentions of one action that
share an event (recall) and pairs that share an event and are of one action (precision).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from strikewatch.merge import kind_family
from strikewatch.model import Document, Event
from strikewatch.sources import read_jsonl
from strikewatch.store import Store

MERGE_SET = Path(__file__).resolve().parent / "fixtures" / "merge"


def documents() -> list[Document]:
    """The reports of the set, in file order."""
    found = [d for d in read_jsonl(MERGE_SET / "documents.jsonl") if isinstance(d, Document)]
    if len(found) < 30:
        raise RuntimeError(f"the merge set has {len(found)} readable reports; expected at least 30")
    return found


def gold() -> dict[str, list[dict[str, str | None]]]:
    """For each report id, the actions it tells."""
    with (MERGE_SET / "gold.jsonl").open(encoding="utf-8") as lines:
        return {row["id"]: row["events"] for row in map(json.loads, lines)}


def action_of(doc_id: str, item: Event, actions: dict[str, list[dict[str, str | None]]]) -> str | None:
    """The gold action an extracted event of a report stands for, or None for extraction noise."""
    country = item.location.country.upper() if item.location and item.location.country else None
    for told in actions.get(doc_id, []):
        if kind_family(str(told["kind"])) == kind_family(item.kind) and country in (None, told["country"]):
            return str(told["action"])
    return None


@dataclass(frozen=True)
class Score:
    """How a store's events compare with the gold actions of the set."""

    expected: int  # gold actions told by at least one report
    events: int  # events in the store
    matched_events: int  # events holding at least one mention of a gold action
    noise_mentions: int  # extracted events that stand for no gold action
    twice_told: int  # further events of a report for an action it already gave an event for
    pairs_gold: int  # pairs of mentions of one action, from different reports
    pairs_found: int  # pairs of mentions in one event
    pairs_right: int  # pairs in one event and of one action
    split_actions: tuple[str, ...]  # actions whose mentions are in more than one event
    mixed_events: tuple[int, ...]  # events holding mentions of more than one action

    @property
    def precision(self) -> float:
        return self.pairs_right / self.pairs_found if self.pairs_found else 1.0

    @property
    def recall(self) -> float:
        return self.pairs_right / self.pairs_gold if self.pairs_gold else 1.0

    def line(self) -> str:
        """The score on one line."""
        return (
            f"expected {self.expected} actions; {self.events} events ({self.matched_events} with a gold action); "
            f"pairwise precision {self.precision:.2f}, recall {self.recall:.2f} "
            f"({self.pairs_right}/{self.pairs_found} found, {self.pairs_right}/{self.pairs_gold} expected); "
            f"split: {', '.join(self.split_actions) or 'none'}; mixed: {len(self.mixed_events)}; "
            f"noise mentions: {self.noise_mentions}; told twice by the extractor: {self.twice_told}"
        )


def score(store: Store, extracted: dict[str, list[Event]]) -> Score:
    """Score the store's events against the gold actions."""
    actions = gold()
    mention_action: dict[tuple[str, int], str | None] = {}
    for doc_id, items in extracted.items():
        for ordinal, item in enumerate(items):
            mention_action[(doc_id, ordinal)] = action_of(doc_id, item, actions)
    placed: list[tuple[int, str, str]] = []  # (event id, doc id, action)
    noise = 0
    for stored in store.events():
        for source in stored.sources:
            ordinal = int(source.mention_key.rsplit(":", 1)[1])
            action = mention_action.get((source.doc_key, ordinal))
            if action is None:
                noise += 1
            else:
                placed.append((stored.id, source.doc_key, action))
    # Where a report gave one action two events, keep the one in the action's biggest event.
    size = defaultdict(int)
    for event_id, _, action in placed:
        size[(event_id, action)] += 1
    kept: dict[tuple[str, str], tuple[int, str, str]] = {}
    for item in sorted(placed, key=lambda p: (-size[(p[0], p[2])], p[0])):
        kept.setdefault((item[1], item[2]), item)
    twice = len(placed) - len(kept)
    placed = sorted(kept.values())
    by_action: dict[str, set[int]] = defaultdict(set)
    by_event: dict[int, set[str]] = defaultdict(set)
    for event_id, _, action in placed:
        by_action[action].add(event_id)
        by_event[event_id].add(action)
    gold_pairs = found = right = 0
    for (ea, da, aa), (eb, db, ab) in combinations(placed, 2):
        if da == db:
            continue  # one report's events are distinct actions by construction
        gold_pairs += aa == ab
        found += ea == eb
        right += aa == ab and ea == eb
    return Score(
        expected=len({str(t["action"]) for told in actions.values() for t in told}),
        events=store.count_events(), matched_events=len(by_event), noise_mentions=noise, twice_told=twice,
        pairs_gold=gold_pairs, pairs_found=found, pairs_right=right,
        split_actions=tuple(sorted(a for a, events in by_action.items() if len(events) > 1)),
        mixed_events=tuple(sorted(e for e, acts in by_event.items() if len(acts) > 1)),
    )


def ingest(store: Store, reports: Sequence[Document], extracted: dict[str, list[Event]]) -> dict[str, int]:
    """Add the reports with their extracted events, in the given order; each report's stored document id."""
    return {document.id: store.add_document(document, extracted[document.id]).document_id for document in reports}


def event_set(store: Store) -> set[tuple[frozenset[str], str]]:
    """The store's events as values that do not depend on ids: their sources' mention keys and fields."""
    out: set[tuple[frozenset[str], str]] = set()
    for stored in store.events():
        if not stored.sources:
            raise AssertionError(f"event {stored.id} has no source left")
        fields = json.dumps(stored.event.to_dict(), sort_keys=True, ensure_ascii=False)
        out.add((frozenset(s.mention_key for s in stored.sources), fields))
    return out


def events_with(store: Store, doc_ids: Iterable[str]) -> list[set[str]]:
    """For each event holding a mention of one of these reports, the reports it holds."""
    wanted = set(doc_ids)
    return [
        {s.doc_key for s in stored.sources}
        for stored in store.events()
        if wanted & {s.doc_key for s in stored.sources}
    ]


_EXTRACTED: dict[str, list[Event]] = {}


def extracted(pipeline: object) -> dict[str, list[Event]]:
    """Each report's events as the extractor gives them, extracted once per test session."""
    if not _EXTRACTED:
        for document in documents():
            _EXTRACTED[document.id] = pipeline.extract(document)  # type: ignore[attr-defined]
    return _EXTRACTED
