"""The vocabulary every stage speaks: documents in, events out (see shared/spec/EVENTS.md).

These are plain dataclasses so that the same values travel through the CLI, a web
request and a Spark partition. ``Event.to_dict`` writes exactly the interchange
format; the store keeps more (ids, sources, review state) around it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

KINDS = (
    "strike", "demonstration", "assembly", "hunger_strike", "occupation",
    "blockade", "petition", "riot", "boycott", "other",
)
STATUSES = ("occurred", "ongoing", "planned", "threatened", "called_off")
PRECISIONS = ("venue", "city", "district", "region", "country")
GROUPS = (
    "workers", "unemployed", "residents", "students", "farmers",
    "pensioners", "relatives", "activists", "other",
)
SECTORS = (
    "oil_gas", "mining", "energy_utilities", "construction", "manufacturing",
    "transport", "aviation", "health", "education", "public_admin",
    "agriculture", "retail_services", "media", "other",
)
DEMAND_CATEGORIES = (
    "wages", "wage_arrears", "benefits", "working_conditions", "jobs",
    "job_security", "nationalization", "union_rights", "release_detainees",
    "resignation", "political", "prices", "other",
)


@dataclass(frozen=True)
class Span:
    """A stretch of a document's text, end exclusive, in one language."""

    start: int
    end: int
    language: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "language": self.language}


@dataclass(frozen=True)
class Block:
    """A run of paragraphs in one language: ``text[start:end]``."""

    start: int
    end: int
    language: str


@dataclass
class Document:
    """A report as read from a source, before any extraction."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: date | None = None
    language_hint: str | None = None
    blocks: list[Block] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        """The languages of the blocks, in order of first appearance."""
        seen: list[str] = []
        for block in self.blocks:
            if block.language not in seen:
                seen.append(block.language)
        return seen


@dataclass
class Place:
    """A resolved place: a gazetteer entry (or a region or a country) and an optional venue."""

    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str = "city"
    geonameid: int | None = None
    venue: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "admin1": self.admin1, "country": self.country,
            "lat": self.lat, "lon": self.lon, "precision": self.precision,
            "venue": self.venue, "geonameid": self.geonameid,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        return cls(
            name=data.get("name") or "", country=data.get("country"), admin1=data.get("admin1"),
            lat=data.get("lat"), lon=data.get("lon"), precision=data.get("precision") or "city",
            geonameid=data.get("geonameid"), venue=data.get("venue"),
        )


@dataclass
class Actor:
    """Who acted: a social group, the organisations they work for, their unions, sector and size."""

    group: str | None = None
    organizations: list[str] = field(default_factory=list)
    unions: list[str] = field(default_factory=list)
    sector: str | None = None
    size: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Actor:
        data = data or {}
        return cls(
            group=data.get("group"), organizations=list(data.get("organizations") or []),
            unions=list(data.get("unions") or []), sector=data.get("sector"), size=data.get("size"),
        )


@dataclass
class Demand:
    """One claim: its category from the closed vocabulary, the words, and a demanded raise in percent."""

    category: str
    text: str = ""
    percent: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.category, "text": self.text, "percent": self.percent}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Demand:
        return cls(category=data.get("category") or "other", text=data.get("text") or "",
                   percent=data.get("percent"))


@dataclass
class Event:
    """One collective action as found in one document (or gathered from many by the store)."""

    kind: str
    status: str
    start_date: str | None = None
    end_date: str | None = None
    location: Place | None = None
    actor: Actor = field(default_factory=Actor)
    demands: list[Demand] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    fatalities: int | None = None
    arrests: int | None = None
    injuries: int | None = None
    languages: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The event in the interchange format of EVENTS.md."""
        return {
            "kind": self.kind,
            "status": self.status,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "location": self.location.to_dict() if self.location else None,
            "actor": self.actor.to_dict(),
            "demands": [d.to_dict() for d in self.demands],
            "targets": list(self.targets),
            "fatalities": self.fatalities,
            "arrests": self.arrests,
            "injuries": self.injuries,
            "languages": list(self.languages),
            "evidence": [s.to_dict() for s in self.evidence],
            "summary": self.summary,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Read an event back from the interchange format."""
        location = data.get("location")
        return cls(
            kind=data.get("kind") or "other",
            status=data.get("status") or "occurred",
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
            location=Place.from_dict(location) if location else None,
            actor=Actor.from_dict(data.get("actor")),
            demands=[Demand.from_dict(d) for d in data.get("demands") or []],
            targets=list(data.get("targets") or []),
            fatalities=data.get("fatalities"),
            arrests=data.get("arrests"),
            injuries=data.get("injuries"),
            languages=list(data.get("languages") or []),
            evidence=[Span(s["start"], s["end"], s.get("language") or "") for s in data.get("evidence") or []],
            summary=data.get("summary") or "",
        )


@dataclass
class DocumentResult:
    """What extraction made of one document: one line of the results JSONL."""

    document: Document
    events: list[Event]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.document.id, "events": [e.to_dict() for e in self.events]}
