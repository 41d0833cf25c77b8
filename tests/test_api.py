"""The REST API through the real application: filters, sorting, pages, details, counts, downloads, review."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backends import backends, fresh_database
from strikewatch.api import create_app
from strikewatch.cli import app as cli
from strikewatch.model import Actor, Block, Demand, Document, Event, Place, Span
from strikewatch.store import Reviewers, Store
from web_support import fill_store, reports


@pytest.fixture(scope="module", params=backends())
def filled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict]]:
    """A database holding the hand-made reports (read by the tests of this module, never written)."""
    with fresh_database(request.param, tmp_path_factory.mktemp("api")) as url:
        with Store(url, encoder=None) as store:
            ids = fill_store(store)
        yield url, ids


@pytest.fixture(scope="module")
def client(filled: tuple[str, dict]) -> Iterator[TestClient]:
    with TestClient(create_app(filled[0])) as made:
        yield made


@pytest.fixture
def ids(filled: tuple[str, dict]) -> dict[str, int]:
    return filled[1]


@pytest.fixture
def writable(tmp_path: Path) -> Iterator[tuple[TestClient, Store, str]]:
    """A fresh database served with review on, a store on it, and a reviewer's token."""
    url = f"sqlite:///{tmp_path / 'review.db'}"
    store = Store(url, encoder=None)
    fill_store(store)
    token = Reviewers(store).create_token("ana")
    with TestClient(create_app(url, review=True)) as made:
        yield made, store, token
    store.close()


def listed(client: TestClient, **params: object) -> dict:
    answer = client.get("/api/events", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def places(page: dict) -> list[str]:
    return [event["location"]["name"] if event["location"] else "" for event in page["events"]]


# ---- listing -------------------------------------------------------------------------------


def test_events_come_with_their_total_and_sources(client: TestClient) -> None:
    page = listed(client)
    assert page["total"] == len(reports())
    assert page["next"] is None
    first = page["events"][0]
    assert {"id", "kind", "status", "start_date", "location", "actor", "demands", "evidence", "review_state",
            "sources", "updated_at"} <= set(first)
    assert first["sources"][0]["doc_key"].startswith("web-")


def test_events_sort_by_date_either_way_with_undated_last(client: TestClient) -> None:
    ascending = [e["start_date"] for e in listed(client, sort="start_date")["events"]]
    assert ascending == sorted(ascending)
    descending = [e["start_date"] for e in listed(client, sort="-start_date")["events"]]
    assert descending == sorted(descending, reverse=True)
    by_country = [e["location"]["country"] for e in listed(client, sort="country")["events"]]
    assert by_country == sorted(by_country)


def test_pages_follow_each_other(client: TestClient) -> None:
    first = listed(client, limit=2, sort="id")
    assert first["total"] == 5 and len(first["events"]) == 2
    assert first["next"].startswith("/api/events?")
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert third["next"] is None
    seen = [e["id"] for page in (first, second, third) for e in page["events"]]
    assert seen == sorted(seen) and len(set(seen)) == 5


@pytest.mark.parametrize(("params", "expected"), [
    ({"kind": "demonstration"}, ["Turin"]),
    ({"status": "threatened"}, ["Silesia"]),
    ({"country": "FRA"}, ["Marseille"]),
    ({"country": "ru"}, ["Samara"]),
    ({"region": "PIEDMONT"}, ["Turin"]),
    ({"sector": "mining"}, ["Silesia"]),
    ({"demand": "wage_arrears"}, ["Samara"]),
    ({"org": "phocéenne"}, ["Marseille"]),
    ({"since": "2024-03-12", "until": "2024-03-31"}, ["Turin", "Leeds <img src=x onerror=alert('xss-img')>"]),
    ({"since": "2024-04"}, ["Silesia"]),
    ({"q": "dockers pay"}, ["Marseille"]),
    ({"q": "ВОЛГАТРАНС"}, ["Samara"]),
    ({"q": "salari"}, ["Turin"]),
    ({"q": "Insegnanti"}, ["Turin"]),
    ({"bbox": "0,40,10,50"}, ["Marseille", "Turin"]),
    ({"bbox": "40,50,-170,60"}, ["Samara"]),
    ({"kind": "strike", "country": "FR"}, ["Marseille"]),
])
def test_every_filter_selects_its_events(client: TestClient, params: dict, expected: list[str]) -> None:
    page = listed(client, sort="start_date", **params)
    assert places(page) == expected
    assert page["total"] == len(expected)


@pytest.mark.parametrize(("params", "message"), [
    ({"country": "XYZ"}, "unknown country code"),
    ({"since": "March"}, "since"),
    ({"since": "2024-05-01", "until": "2024-01-01"}, "after until"),
    ({"bbox": "1,2,3"}, "bbox"),
    ({"bbox": "0,60,10,50"}, "south"),
    ({"sort": "password"}, ""),
    ({"kind": "war"}, ""),
    ({"limit": 100000}, ""),
])
def test_a_malformed_filter_says_what_is_wrong(client: TestClient, params: dict, message: str) -> None:
    answer = client.get("/api/events", params=params)
    assert answer.status_code in (400, 422)
    assert message in json.dumps(answer.json())


# ---- one event, one document ---------------------------------------------------------------


def test_an_event_comes_with_labelled_evidence_and_history(client: TestClient, ids: dict[str, int]) -> None:
    answer = client.get(f"/api/events/{ids['web-marseille-dockers']}")
    assert answer.status_code == 200
    event = answer.json()
    assert event["actor"]["organizations"] == ["Portuaire Phocéenne"]
    evidence = event["sources"][0]["evidence"]
    assert evidence[0]["text"].startswith("On Monday, March 4, 2024")
    assert {"date", "place", "organisation", "demand", "size"} <= set(evidence[0]["fields"])
    assert "arrests" in evidence[1]["fields"]
    assert {step["field"] for step in event["history"]} >= {"kind", "start_date"}
    assert event["edits"] == [] and event["audit"] == []


def test_evidence_in_another_script_is_labelled(client: TestClient, ids: dict[str, int]) -> None:
    event = client.get(f"/api/events/{ids['web-samara-drivers']}").json()
    fields = event["sources"][0]["evidence"][0]["fields"]
    # The gazetteer's "Samara" is found in "Самаре", the date in "11 марта", the strike in "забастовку".
    assert {"kind", "date", "place", "organisation", "demand"} <= set(fields)


def test_a_missing_event_or_document_is_404(client: TestClient) -> None:
    assert client.get("/api/events/99999").status_code == 404
    assert client.get("/api/documents/99999").status_code == 404
    assert client.get("/api/events/abc").status_code == 422


def test_a_document_comes_with_its_text_and_events(client: TestClient, ids: dict[str, int]) -> None:
    event = client.get(f"/api/events/{ids['web-torino-insegnanti']}").json()
    document = client.get(f"/api/documents/{event['sources'][0]['document_id']}").json()
    assert document["text"].startswith("Insegnanti in piazza a Torino")
    assert document["published"] == "2024-03-17"
    assert document["blocks"] == [{"start": 0, "end": len(document["text"]), "language": "it"}]
    (told,) = document["events"]
    assert told["event_id"] == event["id"]
    assert "date" in told["evidence"][0]["fields"]


# ---- counts and points -------------------------------------------------------------------


def test_stats_count_by_week_and_by_facet(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["total"] == 5
    weeks = {(row["period"], row["kind"]): row["count"] for row in stats["by_period"]}
    # Weeks are named by their Monday: 4 March, 11 March, 11 March (the 16th), 18 March (the 20th).
    assert weeks == {("2024-03-04", "strike"): 1, ("2024-03-11", "strike"): 1,
                     ("2024-03-11", "demonstration"): 1, ("2024-03-18", "occupation"): 1}
    assert stats["imprecise"] == 1 and stats["undated"] == 0
    assert {row["kind"]: row["count"] for row in stats["by_kind"]} == {
        "strike": 3, "demonstration": 1, "occupation": 1}
    assert stats["by_kind"][0] == {"kind": "strike", "count": 3}
    assert {row["country"] for row in stats["by_country"]} == {"FR", "IT", "RU", "PL", "GB"}
    assert {"country": "IT", "region": "Piedmont", "count": 1} in stats["by_region"]
    assert {row["demand"]: row["count"] for row in stats["by_demand"]}["wages"] == 3
    assert {row["sector"] for row in stats["by_sector"]} >= {"transport", "education", "mining"}
    assert stats["by_review_state"] == [{"review_state": "unreviewed", "count": 5}]


def test_stats_by_month_follow_the_filters(client: TestClient) -> None:
    stats = client.get("/api/stats", params={"interval": "month", "kind": "strike"}).json()
    assert stats["total"] == 3
    assert {(r["period"], r["count"]) for r in stats["by_period"]} == {("2024-03", 2), ("2024-04", 1)}
    assert stats["imprecise"] == 0


def test_points_are_the_located_events(client: TestClient) -> None:
    answer = client.get("/api/points").json()
    assert answer["total"] == 4  # the region known only by name has no coordinates
    marseille = next(p for p in answer["points"] if p[3] == "strike" and p[4] == "2024-03-04")
    assert marseille[1:3] == [43.2965, 5.3698]
    assert client.get("/api/points", params={"kind": "demonstration"}).json()["total"] == 1


# ---- downloads ----------------------------------------------------------------------------


def test_csv_download_has_the_filtered_events(client: TestClient) -> None:
    answer = client.get("/api/export", params={"format": "csv", "country": "FR"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert 'filename="strikewatch-events.csv"' in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [row["location"] for row in rows] == ["Marseille"]
    assert rows[0]["organizations"] == "Portuaire Phocéenne"


def test_geojson_download_leaves_out_unlocated_events(client: TestClient) -> None:
    answer = client.get("/api/export", params={"format": "geojson"})
    collection = answer.json()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 4
    assert answer.headers["x-strikewatch-omitted"].startswith("1 (without coordinates")


def test_acled_download_keeps_actions_that_took_place(client: TestClient) -> None:
    answer = client.get("/api/export", params={"format": "acled", "kind": "strike"})
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert sorted(row["location"] for row in rows) == ["Marseille", "Samara"]
    assert rows[0]["event_type"] == "Protests"
    assert 'strikewatch-events-acled.csv' in answer.headers["content-disposition"]


def test_downloads_can_be_limited_to_reviewed_events(writable: tuple[TestClient, Store, str]) -> None:
    client, store, _token = writable
    chosen = store.events()[0]
    store.set_review_state(chosen.id, "accepted", who="ana")
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export",
                                                      params={"format": "csv", "review": "reviewed"}).text)))
    assert [int(row["id"]) for row in rows] == [chosen.id]
    assert listed(client, review="unreviewed")["total"] == 4


# ---- documentation ------------------------------------------------------------------------


def test_openapi_describes_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/stats", "/api/points", "/api/documents/{document_id}",
            "/api/export", "/api/events/{event_id}/review", "/api/events/{event_id}/merge",
            "/api/events/{event_id}/split"} <= set(spec["paths"])
    assert "patch" in spec["paths"]["/api/events/{event_id}"]
    kinds = spec["components"]["schemas"]["EventPatch"]["properties"]["kind"]
    assert "strike" in json.dumps(kinds)


def test_the_docs_page_loads_swagger_from_this_application(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert '/static/vendor/swagger-ui-dist/swagger-ui-bundle.js' in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    assert client.get("/static/vendor/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200


# ---- review through the API --------------------------------------------------------------


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_patch_corrects_fields_and_writes_the_audit_log(writable: tuple[TestClient, Store, str]) -> None:
    client, store, token = writable
    target = store.events()[0]
    answer = client.patch(f"/api/events/{target.id}", headers=bearer(token), json={
        "start_date": "2024-03-05", "actor": {"size": 650, "unions": ["Port Workers Union"]},
        "location": {"venue": "container terminal"}, "arrests": None,
    })
    assert answer.status_code == 200, answer.text
    edited = answer.json()
    assert edited["start_date"] == "2024-03-05"
    assert edited["actor"]["size"] == 650 and edited["actor"]["unions"] == ["Port Workers Union"]
    assert edited["actor"]["organizations"] == ["Portuaire Phocéenne"]  # untouched
    assert edited["location"]["venue"] == "container terminal" and edited["location"]["name"] == "Marseille"
    assert edited["arrests"] is None
    assert edited["review_state"] == "edited"
    (entry,) = store.audit(target.id)
    assert entry.actor == "ana" and entry.action == "edit"
    assert entry.before["start_date"] == "2024-03-04" and entry.after["start_date"] == "2024-03-05"
    assert entry.before["actor.size"] == 600 and entry.after["actor.size"] == 650
    detail = client.get(f"/api/events/{target.id}").json()
    assert {edit["field"] for edit in detail["edits"]} == {"start_date", "actor.size", "actor.unions", "location",
                                                          "arrests"}
    assert all(edit["who"] == "ana" for edit in detail["edits"])


def test_corrections_survive_a_later_report_and_a_rebuild(writable: tuple[TestClient, Store, str]) -> None:
    client, store, token = writable
    target = next(e for e in store.events() if e.event.location and e.event.location.name == "Marseille")
    client.patch(f"/api/events/{target.id}", headers=bearer(token),
                 json={"status": "ongoing", "actor": {"size": 650}})
    # A later report of the same strike: merged into the event, which the merge then folds afresh.
    text = ("Marseille port strike goes on.\n\nThe dockers of Portuaire Phocéenne at the port of Marseille "
            "continued their strike on March 6, 2024, demanding a 12% pay rise.")
    sentence = text.split("\n\n")[1]
    later = Document(id="web-marseille-later", text=text, url="https://news.example.org/marseille-later",
                     title="Marseille port strike goes on", published=date(2024, 3, 6),
                     blocks=[Block(0, len(text), "en")])
    event = Event(kind="strike", status="ongoing", start_date="2024-03-04",
                  location=Place(name="Marseille", admin1="Provence-Alpes-Côte d'Azur", country="FR", lat=43.2965,
                                 lon=5.3698, precision="venue", geonameid=2995469, venue="port"),
                  actor=Actor(group="workers", organizations=["Portuaire Phocéenne"], sector="transport", size=800),
                  demands=[Demand("wages", "pay rise", 12.0)], languages=["en"],
                  evidence=[Span(text.index(sentence), len(text), "en")], summary="Dockers strike goes on")
    result = store.add_document(later, [event])
    assert result.event_ids == (target.id,)
    merged = store.event(target.id)
    assert len(merged.sources) == 2
    assert merged.event.actor.size == 650  # the reviewer's figure, not the later report's 800
    assert merged.event.status == "ongoing"
    store.rebuild_events()
    rebuilt = next(e for e in store.events() if len(e.sources) == 2)
    assert rebuilt.event.actor.size == 650


def test_a_correction_holds_on_both_parts_of_a_split(writable: tuple[TestClient, Store, str]) -> None:
    client, store, token = writable
    events = store.events()
    first, second = events[0], events[1]
    merged = client.post(f"/api/events/{first.id}/merge", headers=bearer(token), json={"other_id": second.id})
    assert merged.status_code == 200, merged.text
    assert len(merged.json()["sources"]) == 2
    client.patch(f"/api/events/{first.id}", headers=bearer(token), json={"summary": "Corrected by hand"})
    document_id = merged.json()["sources"][1]["document_id"]
    split = client.post(f"/api/events/{first.id}/split", headers=bearer(token), json={"document_id": document_id})
    assert split.status_code == 200, split.text
    parts = split.json()
    assert parts["remaining"]["summary"] == parts["split_off"]["summary"] == "Corrected by hand"
    assert [entry.action for entry in store.audit(first.id)][:3] == ["merge", "edit", "split"]


def test_review_accepts_and_rejects(writable: tuple[TestClient, Store, str]) -> None:
    client, store, token = writable
    target = store.events()[0]
    answer = client.post(f"/api/events/{target.id}/review", headers=bearer(token), json={"state": "accepted"})
    assert answer.json()["review_state"] == "accepted"
    answer = client.post(f"/api/events/{target.id}/review", headers=bearer(token), json={"state": "rejected"})
    assert answer.json()["review_state"] == "rejected"
    assert [(e.actor, e.after) for e in store.audit(target.id)] == [
        ("ana", {"review_state": "accepted"}), ("ana", {"review_state": "rejected"})]
    assert client.get("/api/reviewer", headers=bearer(token)).json() == {"name": "ana"}


@pytest.mark.parametrize(("patch", "status", "message"), [
    ({"start_date": "the 5th"}, 400, "not a date"),
    ({"start_date": "2024-02-30"}, 400, "not a date"),
    ({"end_date": "2024-01-01"}, 400, "before start_date"),
    ({"location": {"country": "Atlantis"}}, 400, "unknown country code"),
    ({"location": {"lat": 120, "lon": 5}}, 400, "between"),
    ({"location": {"lat": 45, "lon": None}}, 400, "both lat and lon"),
    ({"arrests": -1}, 422, ""),
    ({"kind": "picnic"}, 422, ""),
    ({"colour": "red"}, 422, ""),
    ({"actor": None}, 400, "actor cannot be removed"),
])
def test_a_bad_correction_says_what_is_wrong(writable: tuple[TestClient, Store, str], patch: dict, status: int,
                                             message: str) -> None:
    client, store, token = writable
    target = store.events()[0]
    answer = client.patch(f"/api/events/{target.id}", headers=bearer(token), json=patch)
    assert answer.status_code == status, answer.text
    assert message in answer.text
    assert store.audit(target.id) == []


def test_corrections_of_a_missing_event_or_bad_merges_are_refused(writable: tuple[TestClient, Store, str]) -> None:
    client, store, token = writable
    assert client.patch("/api/events/99999", headers=bearer(token), json={"kind": "riot"}).status_code == 404
    target = store.events()[0].id
    answer = client.post(f"/api/events/{target}/merge", headers=bearer(token), json={"other_id": target})
    assert answer.status_code == 409 and "itself" in answer.json()["detail"]
    answer = client.post(f"/api/events/{target}/split", headers=bearer(token), json={"document_id": 99999})
    assert answer.status_code == 409 and "not a source" in answer.json()["detail"]


def test_a_read_only_server_refuses_writes(client: TestClient, ids: dict[str, int]) -> None:
    answer = client.patch(f"/api/events/{ids['web-marseille-dockers']}", json={"kind": "riot"},
                          headers=bearer("swr_anything"))
    assert answer.status_code == 403 and "--review" in answer.json()["detail"]
    assert client.get("/signin").status_code == 404


# ---- the commands -----------------------------------------------------------------------


def test_token_create_prints_a_token_stored_only_as_a_digest(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tokens.db'}"
    result = CliRunner().invoke(cli, ["token", "create", "maria", "--db", url])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[0]
    assert token.startswith("swr_") and len(token) > 40
    with Store(url, encoder=None) as store:
        assert Reviewers(store).for_token(token).name == "maria"
    assert token.encode() not in (tmp_path / "tokens.db").read_bytes()
    again = CliRunner().invoke(cli, ["token", "create", "maria", "--db", url])
    with Store(url, encoder=None) as store:
        assert Reviewers(store).for_token(token) is None  # replaced by the new one
        assert Reviewers(store).for_token(again.stdout.strip().splitlines()[0]).name == "maria"
    revoked = CliRunner().invoke(cli, ["token", "revoke", "maria", "--db", url])
    assert revoked.exit_code == 0
    listed_tokens = CliRunner().invoke(cli, ["token", "list", "--db", url])
    assert "maria" in listed_tokens.stdout and "revoked" in listed_tokens.stdout


def test_token_create_refuses_an_empty_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["token", "create", "  ", "--db", f"sqlite:///{tmp_path / 't.db'}"])
    assert result.exit_code == 1 and "must not be empty" in result.stderr


def test_serve_says_what_is_wrong_with_its_options(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", "nosuchdb://x"])
    assert result.exit_code == 1 and "cannot use database URL" in result.stderr
    result = CliRunner().invoke(cli, ["serve", "--db", f"sqlite:///{tmp_path / 's.db'}", "--tiles", "ftp://x"])
    assert result.exit_code == 1 and "tiles URL" in result.stderr
    assert "--review" in CliRunner().invoke(cli, ["serve", "--help"]).stdout
