"""Exports: each format parsed back and checked for structure and conventions."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest

from strikewatch.exports import (
    ACLED_COLUMNS,
    FLAT_COLUMNS,
    FORMATS,
    acled_note,
    acled_row,
    write_events,
)
from strikewatch.model import Actor, Demand, Event, Place, Span
from strikewatch.store import EventSource, StoredEvent

UPDATED = datetime(2023, 3, 8, 12, 0, tzinfo=UTC)


def stored(event_id: int, event: Event, *, url: str | None = "https://www.news.example.org/a/1",
           title: str | None = "Port strike") -> StoredEvent:
    source = EventSource(document_id=event_id * 10, doc_key=f"doc-{event_id}", url=url, title=title,
                         published=date(2023, 3, 7), languages=["en"], evidence=list(event.evidence))
    return StoredEvent(id=event_id, event=event, review_state="unreviewed", sources=[source],
                       created_at=UPDATED, updated_at=UPDATED)


def port_strike(**changes: object) -> Event:
    values: dict[str, object] = {
        "kind": "strike", "status": "occurred", "start_date": "2023-03-06",
        "location": Place(name="Gyumri", admin1="Shirak", country="AM", lat=40.789_42, lon=43.847_53,
                          precision="city"),
        "actor": Actor(group="workers", organizations=["Textile Works LLC"], unions=["Light Industry Union"]),
        "demands": [Demand("wages", "a raise", 20), Demand("wage_arrears", "unpaid wages")],
        "languages": ["en"], "evidence": [Span(0, 40, "en")], "summary": "Textile workers strike",
    }
    values.update(changes)
    return Event(**values)  # type: ignore[arg-type]


def export(fmt: str, events: list[StoredEvent]) -> tuple[str, int, int]:
    out = io.StringIO()
    result = write_events(events, fmt, out)
    return out.getvalue(), result.written, result.omitted


def test_csv_has_flat_columns_and_lists_joined() -> None:
    events = [stored(1, port_strike()), stored(2, Event(kind="petition", status="planned"), url=None, title=None)]
    text, written, omitted = export("csv", events)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert (written, omitted) == (2, 0)
    assert tuple(rows[0]) == FLAT_COLUMNS
    first, second = rows
    assert first["id"] == "1" and first["kind"] == "strike" and first["location"] == "Gyumri"
    assert first["demand_categories"] == "wages; wage_arrears"
    assert first["demands"] == "a raise (20%); unpaid wages"
    assert first["organizations"] == "Textile Works LLC" and first["unions"] == "Light Industry Union"
    assert first["latitude"] == "40.78942" and first["source_count"] == "1"
    assert first["source_urls"] == "https://www.news.example.org/a/1" and first["document_ids"] == "10"
    assert second["location"] == "" and second["latitude"] == "" and second["fatalities"] == ""
    assert second["source_urls"] == ""


def test_json_and_jsonl_carry_ids_and_sources() -> None:
    events = [stored(1, port_strike()), stored(2, port_strike(kind="demonstration"))]
    text, written, _ = export("json", events)
    loaded = json.loads(text)
    assert written == 2 and [e["id"] for e in loaded] == [1, 2]
    assert loaded[0]["sources"][0] == {
        "document_id": 10, "doc_key": "doc-1", "url": "https://www.news.example.org/a/1", "title": "Port strike",
        "published": "2023-03-07", "languages": ["en"], "evidence": [{"start": 0, "end": 40, "language": "en"}],
    }
    assert loaded[1]["kind"] == "demonstration" and loaded[1]["review_state"] == "unreviewed"
    for key in Event(kind="other", status="occurred").to_dict():
        assert key in loaded[0]

    lines, written, _ = export("jsonl", events)
    assert written == 2
    assert [json.loads(line) for line in lines.splitlines()] == loaded


def test_geojson_is_a_feature_collection_of_points() -> None:
    events = [stored(1, port_strike()), stored(2, port_strike(location=None)),
              stored(3, port_strike(location=Place(name="Armenia", country="AM", precision="country")))]
    text, written, omitted = export("geojson", events)
    collection = json.loads(text)
    assert (written, omitted) == (1, 2)
    assert collection["type"] == "FeatureCollection"
    [feature] = collection["features"]
    assert feature["type"] == "Feature" and feature["id"] == 1
    assert feature["geometry"] == {"type": "Point", "coordinates": [43.847_53, 40.789_42]}  # lon, lat
    assert feature["properties"]["kind"] == "strike"
    assert feature["properties"]["organizations"] == "Textile Works LLC"


def acled(event: Event, event_id: int = 7, **source: object) -> dict[str, str]:
    text, _, _ = export("acled", [stored(event_id, event, **source)])  # type: ignore[arg-type]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == ACLED_COLUMNS
    return rows[0]


def test_acled_peaceful_protest_follows_the_conventions() -> None:
    row = acled(port_strike())
    assert row["event_id_cnty"] == "ARMSW7"
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2023-03-06", "2023", "1")
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == (
        "Demonstrations", "Protests", "Peaceful protest")
    assert row["actor1"] == "Protesters (Armenia)"
    assert row["assoc_actor_1"] == "Labor Group (Armenia); Textile Works LLC; Light Industry Union"
    assert (row["inter1"], row["actor2"], row["inter2"], row["interaction"]) == ("6", "", "0", "60")
    assert row["civilian_targeting"] == ""
    assert (row["iso"], row["region"], row["country"]) == ("51", "Caucasus and Central Asia", "Armenia")
    assert (row["admin1"], row["location"], row["latitude"], row["longitude"]) == (
        "Shirak", "Gyumri", "40.7894", "43.8475")
    assert row["geo_precision"] == "1"
    assert row["source"] == "news.example.org"
    assert row["fatalities"] == "0"  # unknown counts as none, as in ACLED
    assert row["tags"] == "crowd size=no report"
    assert row["timestamp"] == str(int(UPDATED.timestamp()))
    assert row["notes"] == (
        "On 6 March 2023, workers of Textile Works LLC went on strike in Gyumri (Shirak) "
        "demanding a 20% pay rise and payment of wage arrears."
    )


def test_acled_interventions_force_and_riots() -> None:
    arrested = acled(port_strike(arrests=12))
    assert arrested["sub_event_type"] == "Protest with intervention"
    assert (arrested["actor2"], arrested["inter2"], arrested["interaction"]) == (
        "Police Forces of Armenia", "1", "16")
    assert arrested["notes"].endswith(" 12 people were arrested.")

    killed = acled(port_strike(fatalities=2, injuries=1))
    assert killed["sub_event_type"] == "Excessive force against protesters"
    assert killed["disorder_type"] == "Political violence; Demonstrations"
    assert killed["civilian_targeting"] == "Civilian targeting"
    assert killed["fatalities"] == "2"
    assert killed["notes"].endswith(" 2 people were killed and 1 injured.")

    riot = acled(port_strike(kind="riot", injuries=4))
    assert (riot["event_type"], riot["sub_event_type"], riot["actor1"]) == (
        "Riots", "Violent demonstration", "Rioters (Armenia)")
    assert (riot["inter1"], riot["interaction"], riot["civilian_targeting"]) == ("5", "15", "")


def test_acled_partial_dates_places_and_groups() -> None:
    month = acled(port_strike(start_date="2022-11", status="ongoing", actor=Actor(group="unemployed", size=300),
                              location=Place(name="Nizhny Novgorod Oblast", admin1="Nizhny Novgorod Oblast",
                                             country="RU", lat=56.0, lon=44.0, precision="region"),
                              demands=[Demand("jobs")]),
                  url=None, title="Regional news")
    assert (month["event_date"], month["time_precision"]) == ("2022-11-15", "3")
    assert (month["country"], month["region"], month["iso"]) == ("Russia", "Europe", "643")
    assert month["geo_precision"] == "3"
    assert month["assoc_actor_1"] == "Unemployed (Russia)"
    assert month["tags"] == "crowd size=300"
    assert month["source"] == "Regional news"
    assert month["notes"] == (
        "In November 2022, about 300 unemployed people went on strike in Nizhny Novgorod Oblast "
        "demanding jobs; the strike was ongoing at the time of reporting."
    )

    nurses = acled(port_strike(actor=Actor(group="workers", sector="health"), location=None, demands=[]))
    assert nurses["assoc_actor_1"] == "Health Workers"
    assert (nurses["actor1"], nurses["country"], nurses["event_id_cnty"]) == ("Protesters", "", "XXXSW7")
    assert nurses["notes"] == "On 6 March 2023, workers went on strike."


def test_acled_leaves_out_actions_that_did_not_take_place() -> None:
    events = [stored(i, port_strike(status=status))
              for i, status in enumerate(("occurred", "ongoing", "planned", "threatened", "called_off"), 1)]
    text, written, omitted = export("acled", events)
    assert (written, omitted) == (2, 3)
    assert [row["event_id_cnty"] for row in csv.DictReader(io.StringIO(text))] == ["ARMSW1", "ARMSW2"]


@pytest.mark.parametrize(("kind", "phrase"), [
    ("demonstration", "held a demonstration"), ("hunger_strike", "went on hunger strike"),
    ("blockade", "staged a blockade"), ("other", "took collective action"),
])
def test_acled_notes_name_the_form_of_action(kind: str, phrase: str) -> None:
    note = acled_note(port_strike(kind=kind, demands=[], actor=Actor(group="students")))
    assert note == f"On 6 March 2023, students {phrase} in Gyumri (Shirak)."


def test_acled_region_follows_acled_not_the_un() -> None:
    regions = {cc: acled_row(stored(1, port_strike(location=Place(name="X", country=cc))))["region"]
               for cc in ("IR", "TR", "KZ", "GE", "MX", "VN", "NG", "US", "EG")}
    assert regions == {
        "IR": "Middle East", "TR": "Middle East", "KZ": "Caucasus and Central Asia",
        "GE": "Caucasus and Central Asia", "MX": "Central America", "VN": "Southeast Asia",
        "NG": "Western Africa", "US": "North America", "EG": "Northern Africa",
    }


def test_every_format_is_known_and_an_unknown_one_is_refused() -> None:
    assert set(FORMATS) == {"csv", "json", "jsonl", "geojson", "acled"}
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        write_events([], "xml", io.StringIO())
