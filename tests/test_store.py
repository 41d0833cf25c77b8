"""The store: documents with their events in one transaction, identity by content and URL, filters, sources."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from strikewatch.model import Actor, Block, Demand, Document, Event, Place, Span
from strikewatch.store import (
    AddResult,
    EventFilter,
    Store,
    StoreError,
    database_url,
    parse_date_bound,
    repository,
    sqlite_setup,
)
from strikewatch.store.schema import DemandRow, DocumentRow, EventRow, EventSourceRow, OrganizationRow
from strikewatch.store.sqlite_setup import SQLITE_BUSY_TIMEOUT_MS


def make_document(key: str, text: str | None = None, url: str | None = None,
                  published: date | None = date(2023, 3, 7)) -> Document:
    body = text or f"Report {key}. Dock workers stopped work at the port. They want higher pay."
    return Document(id=key, text=body, url=url, title=f"Title {key}", published=published,
                    blocks=[Block(0, len(body), "en")])


def make_event(**changes: object) -> Event:
    values: dict[str, object] = {
        "kind": "strike",
        "status": "occurred",
        "start_date": "2023-03-06",
        "end_date": "2023-03-07",
        "location": Place(name="Marseille", admin1="Provence-Alpes-Côte d'Azur", country="FR", lat=43.2965,
                          lon=5.3698, precision="venue", geonameid=2995469, venue="port"),
        "actor": Actor(group="workers", organizations=["Port Authority SA"], unions=["Dockers Union"],
                       sector="transport", size=400),
        "demands": [Demand("wages", "higher pay", 12.5), Demand("working_conditions", "shorter shifts")],
        "targets": ["Ministry of Transport"],
        "fatalities": None,
        "arrests": 3,
        "injuries": 1,
        "languages": ["en"],
        "evidence": [Span(0, 20, "en"), Span(21, 60, "en")],
        "summary": "Dock workers strike in Marseille for pay",
    }
    values.update(changes)
    return Event(**values)  # type: ignore[arg-type]



def table_counts(store: Store) -> dict[str, int]:
    with store._sessions() as session:
        return {
            row.__tablename__: session.scalar(select(func.count()).select_from(row)) or 0
            for row in (DocumentRow, EventRow, OrganizationRow, DemandRow, EventSourceRow)
        }


def test_an_event_reads_back_as_it_was_stored(store: Store) -> None:
    event = make_event()
    result = store.add_document(make_document("a"), [event])
    assert result.new and len(result.event_ids) == 1

    stored = store.event(result.event_ids[0])
    assert stored is not None
    assert stored.event.to_dict() == event.to_dict()
    assert stored.review_state == "unreviewed"
    as_dict = stored.to_dict()
    assert as_dict["id"] == stored.id
    assert as_dict["sources"] == [{
        "document_id": result.document_id, "doc_key": "a", "url": None, "title": "Title a",
        "published": "2023-03-07", "languages": ["en"],
        "evidence": [{"start": 0, "end": 20, "language": "en"}, {"start": 21, "end": 60, "language": "en"}],
    }]
    assert {k: v for k, v in as_dict.items() if k not in ("id", "review_state", "sources")} == event.to_dict()


def test_an_event_without_place_or_organisations_reads_back(store: Store) -> None:
    bare = Event(kind="other", status="threatened")
    result = store.add_document(make_document("bare"), [bare])
    stored = store.event(result.event_ids[0])
    assert stored is not None and stored.event.to_dict() == bare.to_dict()


def test_the_document_is_kept_whole(store: Store) -> None:
    document = make_document("kept", url="https://news.example.org/a")
    result = store.add_document(document, [])
    assert result == AddResult(document_id=result.document_id, new=True, event_ids=())
    kept = store.document(result.document_id)
    assert kept is not None
    assert kept.document == document
    assert len(kept.content_hash) == 64
    assert kept.ingested_at.tzinfo is not None
    assert store.document(result.document_id + 1) is None


def test_the_same_text_is_stored_once(store: Store) -> None:
    first = store.add_document(make_document("a", text="Same words."), [make_event()])
    again = store.add_document(make_document("b", text="Same words.", url="https://other.example/x"),
                               [make_event(), make_event()])
    assert not again.new and again.document_id == first.document_id and again.event_ids == ()
    assert store.count_documents() == 1 and store.count_events() == 1
    assert store.has_document(make_document("c", text="Same words."))


def test_the_same_url_is_stored_once(store: Store) -> None:
    url = "https://news.example.org/strike"
    first = store.add_document(make_document("a", text="First version.", url=url), [make_event()])
    again = store.add_document(make_document("b", text="Edited version.", url=url), [make_event()])
    assert not again.new and again.document_id == first.document_id
    assert store.count_documents() == 1 and store.count_events() == 1
    assert store.has_document(make_document("c", text="Third version.", url=url))
    assert not store.has_document(make_document("d", text="Third version."))


def test_documents_without_url_do_not_collide(store: Store) -> None:
    assert store.add_document(make_document("a", text="One."), []).new
    assert store.add_document(make_document("b", text="Two."), []).new
    assert store.count_documents() == 2


def test_a_failure_midway_leaves_nothing_of_that_document(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    earlier = store.add_document(make_document("earlier"), [make_event()])
    real_add_event = repository._add_event
    calls = 0

    def fail_on_second(session, document, event):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("disk gone")
        return real_add_event(session, document, event)

    monkeypatch.setattr(repository, "_add_event", fail_on_second)
    failing = make_document("failing", text="A report that cannot be stored.")
    with pytest.raises(RuntimeError, match="disk gone"):
        store.add_document(failing, [make_event(), make_event(kind="demonstration")])
    assert calls == 2  # the first event and its children had been written before the failure

    assert table_counts(store) == {
        "documents": 1, "events": 1, "event_organizations": 3, "event_demands": 2, "event_sources": 1,
    }
    assert not store.has_document(failing)
    assert store.event(earlier.event_ids[0]) is not None
    monkeypatch.undo()
    assert store.add_document(failing, [make_event()]).new


def test_a_database_error_midway_is_a_store_error(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_event(session, document, event):  # type: ignore[no-untyped-def]
        session.add(EventRow(kind=None, status="occurred"))  # NOT NULL violated inside the transaction
        session.flush()

    monkeypatch.setattr(repository, "_add_event", broken_event)
    with pytest.raises(StoreError, match="cannot store document 'x'"):
        store.add_document(make_document("x"), [make_event()])
    assert store.count_documents() == 0


def test_a_concurrent_writer_of_the_same_document_is_not_an_error(
    store: Store, monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = make_document("raced")
    first = store.add_document(document, [make_event()])
    real_find = Store._find_document
    looks = 0

    def miss_once(session, digest, url):  # type: ignore[no-untyped-def]
        nonlocal looks
        looks += 1
        return None if looks == 1 else real_find(session, digest, url)

    # The first look-up misses, as if the other writer committed just after it.
    monkeypatch.setattr(Store, "_find_document", staticmethod(miss_once))
    again = store.add_document(document, [make_event()])
    assert again == AddResult(document_id=first.document_id, new=False)
    assert store.count_events() == 1


def test_more_sources_can_be_attached_to_an_event(store: Store) -> None:
    first = store.add_document(make_document("en"), [make_event(languages=["en"])])
    other = store.add_document(make_document("it", text="Rapporto. I portuali hanno scioperato."), [])
    translated = make_event(languages=["it"], evidence=[Span(10, 38, "it")])
    store.attach_source(first.event_ids[0], other.document_id, translated)

    stored = store.event(first.event_ids[0])
    assert stored is not None
    assert [s.doc_key for s in stored.sources] == ["en", "it"]
    assert stored.sources[1].evidence == [Span(10, 38, "it")]
    assert stored.event.languages == ["en", "it"]
    assert stored.event.evidence == stored.sources[0].evidence
    with pytest.raises(StoreError, match="already a source"):
        store.attach_source(first.event_ids[0], other.document_id, translated)
    with pytest.raises(StoreError, match="no event with id 999"):
        store.attach_source(999, other.document_id, translated)


@pytest.fixture
def filled(store: Store) -> Store:
    specimens = [
        ("d1", make_event(start_date="2023-03-06")),
        ("d2", make_event(kind="demonstration", start_date="2023-02",
                          location=Place(name="Yerevan", admin1="Yerevan", country="AM", lat=40.18, lon=44.51),
                          actor=Actor(group="residents", organizations=["Завод Прогресс"]),
                          demands=[Demand("prices", "cheaper gas")])),
        ("d3", make_event(kind="hunger_strike", start_date="2022", location=None,
                          actor=Actor(group="relatives", unions=["100% Solidarity"]), demands=[])),
        ("d4", make_event(start_date=None, targets=["Ministry of Energy"],
                          location=Place(name="Lyon", admin1="AUVERGNE-RHÔNE-ALPES", country="fr"))),
        ("d5", make_event(kind="blockade", start_date="2023-04-01", end_date=None,
                          demands=[Demand("jobs", "jobs for locals")])),
    ]
    for key, event in specimens:
        store.add_document(make_document(key), [event])
    return store


def keys(store: Store, **criteria: object) -> list[str]:
    return [e.sources[0].doc_key for e in store.events(EventFilter(**criteria))]  # type: ignore[arg-type]


def test_events_come_by_date_with_undated_last(filled: Store) -> None:
    assert keys(filled) == ["d3", "d2", "d1", "d5", "d4"]
    assert filled.count_events() == 5


def test_since_and_until_compare_start_dates_as_periods(filled: Store) -> None:
    assert keys(filled, since=date(2023, 3, 1)) == ["d1", "d5"]
    # An event known only by its month reaches into any range that overlaps the month.
    assert keys(filled, since=date(2023, 2, 20)) == ["d2", "d1", "d5"]
    assert keys(filled, until=date(2023, 2, 1)) == ["d3", "d2"]
    assert keys(filled, until=date(2023, 1, 31)) == ["d3"]
    assert keys(filled, since=date(2022, 12, 31), until=date(2022, 12, 31)) == ["d3"]
    assert keys(filled, since=date(2023, 3, 6), until=date(2023, 3, 6)) == ["d1"]
    assert keys(filled, since=date(2023, 4, 2)) == []


def test_country_and_region_ignore_case(filled: Store) -> None:
    assert keys(filled, country="fr") == ["d1", "d5", "d4"]
    assert keys(filled, country="AM") == ["d2"]
    assert keys(filled, region="auvergne-rhône-alpes") == ["d4"]
    assert keys(filled, region="PROVENCE-ALPES-CÔTE D'AZUR") == ["d1", "d5"]
    assert keys(filled, region="Provence") == []


def test_kind_demand_and_organisation_filters(filled: Store) -> None:
    assert keys(filled, kind="strike") == ["d1", "d4"]
    assert keys(filled, demand="prices") == ["d2"]
    assert keys(filled, demand="wages") == ["d1", "d4"]
    assert keys(filled, org="завод") == ["d2"]  # case-insensitive beyond ASCII
    assert keys(filled, org="dockers") == ["d1", "d5", "d4"]  # unions count as organisations
    assert keys(filled, org="energy") == ["d4"]  # so do targets
    assert keys(filled, org="100%") == ["d3"]  # LIKE wildcards in the query are plain characters
    assert keys(filled, org="%") == ["d3"]
    assert keys(filled, kind="strike", country="FR", demand="working_conditions", org="port") == ["d1", "d4"]
    assert filled.count_events(EventFilter(kind="strike")) == 2


def test_limit_and_offset_page_through_events(filled: Store) -> None:
    assert keys(filled, limit=2) == ["d3", "d2"]
    assert keys(filled, limit=2, offset=2) == ["d1", "d5"]
    assert keys(filled, offset=4) == ["d4"]
    assert filled.count_events(EventFilter(limit=1)) == 5


@pytest.mark.parametrize(("criteria", "message"), [
    ({"kind": "walkout"}, "unknown kind 'walkout'"),
    ({"demand": "money"}, "unknown demand category 'money'"),
    ({"limit": -1}, "limit must be zero or more"),
    ({"since": date(2023, 2, 1), "until": date(2023, 1, 1)}, "is after until"),
])
def test_a_malformed_filter_says_what_is_wrong(criteria: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        EventFilter(**criteria)  # type: ignore[arg-type]


def test_date_bounds_cover_partial_dates() -> None:
    assert parse_date_bound("2022-02-14") == date(2022, 2, 14)
    assert parse_date_bound("2024-02") == date(2024, 2, 1)
    assert parse_date_bound("2024-02", end=True) == date(2024, 2, 29)
    assert parse_date_bound("2022", end=True) == date(2022, 12, 31)
    for bad in ("2022-13", "14.02.2022", "yesterday", "2022-02-30"):
        with pytest.raises(ValueError, match="is not a date"):
            parse_date_bound(bad)


def test_sqlite_is_set_up_for_safe_concurrent_use(tmp_path: Path) -> None:
    path = tmp_path / "pragmas.db"
    with Store(f"sqlite:///{path}") as opened, opened._engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        assert raw.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert raw.execute("PRAGMA busy_timeout").fetchone() == (SQLITE_BUSY_TIMEOUT_MS,)
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)


class _LockedCursor:
    """A cursor whose switch to WAL finds the database locked a given number of times."""

    def __init__(self, locked_times: int, error: str = "database is locked") -> None:
        self.locked_times = locked_times
        self.error = error
        self.statements: list[str] = []

    def execute(self, statement: str) -> None:
        self.statements.append(statement)
        if "journal_mode" in statement and self.locked_times > 0:
            self.locked_times -= 1
            raise sqlite3.OperationalError(self.error)


def test_switch_to_wal_is_retried_while_another_opening_holds_the_lock() -> None:
    # Two processes opening a new database at once: SQLite answers one "database is locked" at once,
    # without calling the busy handler, and the opening failed (seen in CI).
    cursor = _LockedCursor(locked_times=3)
    sqlite_setup.wait_on_locks_and_use_wal(cursor)
    assert cursor.statements[0] == f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"
    assert cursor.statements[1:] == ["PRAGMA journal_mode=WAL"] * 4


def test_switch_to_wal_gives_up_after_the_busy_timeout_and_on_other_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_setup, "SQLITE_BUSY_TIMEOUT_MS", 50)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        sqlite_setup.wait_on_locks_and_use_wal(_LockedCursor(locked_times=10_000))
    broken = _LockedCursor(locked_times=5, error="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        sqlite_setup.wait_on_locks_and_use_wal(broken)
    assert broken.statements.count("PRAGMA journal_mode=WAL") == 1


def test_the_store_survives_reopening(database: str) -> None:
    with Store(database) as first:
        first.add_document(make_document("a"), [make_event()])
    with Store(database) as second:
        assert second.count_events() == 1
        assert not second.add_document(make_document("a"), [make_event()]).new


@pytest.mark.parametrize(("url", "message"), [
    ("not a url", "cannot use database URL"),
    ("nosuchdialect://host/db", "cannot use database URL"),
    ("sqlite:////nonexistent-folder/deeper/x.db", "cannot open database"),
])
def test_a_bad_database_url_is_a_store_error(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        Store(url)


def test_database_url_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STRIKEWATCH_DB", raising=False)
    assert database_url(None) == "sqlite:///strikewatch.db"
    monkeypatch.setenv("STRIKEWATCH_DB", "sqlite:///from-env.db")
    assert database_url(None) == "sqlite:///from-env.db"
    assert database_url("sqlite:///from-cli.db") == "sqlite:///from-cli.db"
