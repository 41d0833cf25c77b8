"""Checks that an event (or a results line) has the shape of the interchange format (shared/spec/EVENTS.md).

``event_problems`` lists every way an event breaks the format: missing or extra-typed fields,
values outside the closed vocabularies, malformed dates, impossible counts, coordinates off
the globe, evidence spans outside the document's text. An empty list means the event is valid.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from strikewatch.model import DEMAND_CATEGORIES, GROUPS, KINDS, PRECISIONS, SECTORS, STATUSES, Event

EVENT_FIELDS = (
    "kind", "status", "start_date", "end_date", "location", "actor", "demands", "targets",
    "fatalities", "arrests", "injuries", "languages", "evidence", "summary",
)
LOCATION_FIELDS = ("name", "admin1", "country", "lat", "lon", "precision", "venue")
ACTOR_FIELDS = ("group", "organizations", "unions", "sector", "size")
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_COUNTRY = re.compile(r"[A-Z]{2}")


class InvalidEvent(ValueError):
    """An event that breaks the interchange format; the message lists every problem."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)) and math.isfinite(value)


def date_problem(value: Any) -> str | None:
    """Why a value is not an ISO date of the format (YYYY-MM-DD, YYYY-MM, YYYY or null), or None."""
    if value is None:
        return None
    if not isinstance(value, str):
        return f"is {type(value).__name__}, not a date string"
    match = _PARTIAL_DATE.fullmatch(value)
    if not match:
        return f"{value!r} is not YYYY-MM-DD, YYYY-MM or YYYY"
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        return f"{value!r} is not a calendar date ({exc})"
    return None


def _strings(value: Any, where: str, problems: list[str], *, allow_empty_items: bool = False) -> None:
    if not isinstance(value, list):
        problems.append(f"{where} must be a list of strings")
        return
    for index, item in enumerate(value):
        if not isinstance(item, str) or (not allow_empty_items and not item.strip()):
            problems.append(f"{where}[{index}] must be a non-empty string, not {item!r}")


def _count(value: Any, where: str, problems: list[str]) -> None:
    if value is not None and (not _is_int(value) or value < 0):
        problems.append(f"{where} must be a whole number of zero or more, or null, not {value!r}")


def _choice(value: Any, where: str, allowed: tuple[str, ...], problems: list[str], *, nullable: bool) -> None:
    if value is None and nullable:
        return
    if value not in allowed:
        problems.append(f"{where} {value!r} is not one of {', '.join(allowed)}" + (" or null" if nullable else ""))


def _location(value: Any, problems: list[str]) -> None:
    if value is None:
        return
    if not isinstance(value, Mapping):
        problems.append("location must be an object or null")
        return
    for name in LOCATION_FIELDS:
        if name not in value:
            problems.append(f"location has no {name!r}")
    if not isinstance(value.get("name"), str) or not value.get("name", "").strip():
        problems.append("location.name must be a non-empty string")
    for name in ("admin1", "venue"):
        if value.get(name) is not None and not isinstance(value.get(name), str):
            problems.append(f"location.{name} must be a string or null")
    country = value.get("country")
    if country is not None and (not isinstance(country, str) or not _COUNTRY.fullmatch(country)):
        problems.append(f"location.country {country!r} is not an ISO 3166-1 alpha-2 code")
    lat, lon = value.get("lat"), value.get("lon")
    if (lat is None) != (lon is None):
        problems.append("location.lat and location.lon must both be given or both be null")
    if lat is not None and (not _is_number(lat) or not -90 <= lat <= 90):
        problems.append(f"location.lat {lat!r} is not a latitude")
    if lon is not None and (not _is_number(lon) or not -180 <= lon <= 180):
        problems.append(f"location.lon {lon!r} is not a longitude")
    _choice(value.get("precision"), "location.precision", PRECISIONS, problems, nullable=False)


def _actor(value: Any, problems: list[str]) -> None:
    if not isinstance(value, Mapping):
        problems.append("actor must be an object")
        return
    for name in ACTOR_FIELDS:
        if name not in value:
            problems.append(f"actor has no {name!r}")
    _choice(value.get("group"), "actor.group", GROUPS, problems, nullable=True)
    _choice(value.get("sector"), "actor.sector", SECTORS, problems, nullable=True)
    _strings(value.get("organizations", []), "actor.organizations", problems)
    _strings(value.get("unions", []), "actor.unions", problems)
    _count(value.get("size"), "actor.size", problems)


def _demands(value: Any, problems: list[str]) -> None:
    if not isinstance(value, list):
        problems.append("demands must be a list")
        return
    for index, demand in enumerate(value):
        where = f"demands[{index}]"
        if not isinstance(demand, Mapping):
            problems.append(f"{where} must be an object")
            continue
        _choice(demand.get("category"), f"{where}.category", DEMAND_CATEGORIES, problems, nullable=False)
        if not isinstance(demand.get("text"), str):
            problems.append(f"{where}.text must be a string")
        percent = demand.get("percent")
        if percent is not None and (not _is_number(percent) or percent < 0):
            problems.append(f"{where}.percent must be a number of zero or more, or null, not {percent!r}")


def _evidence(value: Any, text_length: int | None, problems: list[str]) -> None:
    if not isinstance(value, list):
        problems.append("evidence must be a list")
        return
    for index, span in enumerate(value):
        where = f"evidence[{index}]"
        if not isinstance(span, Mapping):
            problems.append(f"{where} must be an object")
            continue
        start, end = span.get("start"), span.get("end")
        if not _is_int(start) or not _is_int(end):
            problems.append(f"{where} start and end must be whole numbers")
            continue
        if not 0 <= start < end:
            problems.append(f"{where} [{start}, {end}) is empty or starts before 0")
        if text_length is not None and end > text_length:
            problems.append(f"{where} [{start}, {end}) ends past the text ({text_length} characters)")
        if not isinstance(span.get("language"), str) or not span.get("language"):
            problems.append(f"{where}.language must be a non-empty string")


def event_problems(event: Event | Mapping[str, Any], text: str | None = None) -> list[str]:
    """Every way the event breaks the interchange format (empty when valid); spans are checked against ``text``."""
    data: Any = event.to_dict() if isinstance(event, Event) else event
    if not isinstance(data, Mapping):
        return ["an event must be an object"]
    problems: list[str] = [f"no {name!r}" for name in EVENT_FIELDS if name not in data]
    try:
        json.dumps(data, allow_nan=False)
    except (TypeError, ValueError) as exc:
        problems.append(f"not plain JSON: {exc}")
    _choice(data.get("kind"), "kind", KINDS, problems, nullable=False)
    _choice(data.get("status"), "status", STATUSES, problems, nullable=False)
    for name in ("start_date", "end_date"):
        problem = date_problem(data.get(name))
        if problem:
            problems.append(f"{name} {problem}")
    start, end = data.get("start_date"), data.get("end_date")
    if isinstance(start, str) and isinstance(end, str) and not date_problem(start) and not date_problem(end) \
            and end[: len(start)] < start[: len(end)]:
        problems.append(f"end_date {end} is before start_date {start}")
    _location(data.get("location"), problems)
    _actor(data.get("actor"), problems)
    _demands(data.get("demands", []), problems)
    _strings(data.get("targets", []), "targets", problems)
    for name in ("fatalities", "arrests", "injuries"):
        _count(data.get(name), name, problems)
    _strings(data.get("languages", []), "languages", problems)
    _evidence(data.get("evidence", []), len(text) if text is not None else None, problems)
    if not isinstance(data.get("summary"), str):
        problems.append("summary must be a string")
    return problems


def check_event(event: Event | Mapping[str, Any], text: str | None = None) -> None:
    """Raise InvalidEvent listing every problem, unless the event is valid."""
    problems = event_problems(event, text)
    if problems:
        raise InvalidEvent("; ".join(problems))


def result_problems(line: Mapping[str, Any], text: str | None = None) -> list[str]:
    """Every way a results line ``{"id", "events"}`` breaks the format, events included."""
    problems: list[str] = []
    if not isinstance(line.get("id"), str) or not line.get("id"):
        problems.append('"id" must be a non-empty string')
    events = line.get("events")
    if not isinstance(events, list):
        return [*problems, '"events" must be a list']
    for index, item in enumerate(events):
        problems += [f"events[{index}]: {problem}" for problem in event_problems(item, text)]
    return problems
