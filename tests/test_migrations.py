"""Alembic migrations: the same schema as the models on both backends, and stores from before them upgraded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from backends import backends, fresh_database
from strikewatch.model import Actor, Block, Document, Event, Place, Span
from strikewatch.store import Store, StoreError
from strikewatch.store.repository import MIGRATIONS
from strikewatch.store.schema import Base

TURIN = Place(name="Turin", admin1="Piedmont", country="IT", lat=45.07, lon=7.69, geonameid=3165524)


@pytest.fixture(params=backends())
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


def config() -> Config:
    made = Config()
    made.set_main_option("script_location", MIGRATIONS)
    return made


def test_migrations_build_exactly_the_models_schema(database: str) -> None:
    Store(database, encoder=None).close()
    engine = create_engine(database)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            revision = MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
    assert differences == []
    assert revision == ScriptDirectory.from_config(config()).get_current_head()


def test_migrations_go_down_and_up_again(database: str) -> None:
    Store(database, encoder=None).close()
    engine = create_engine(database)
    try:
        with engine.begin() as connection:
            settings = config()
            settings.attributes["connection"] = connection
            command.downgrade(settings, "0001")
            assert "merge_decisions" not in inspect(connection).get_table_names()
            command.upgrade(settings, "head")
            assert "merge_decisions" in inspect(connection).get_table_names()
    finally:
        engine.dispose()


def old_event(day: str, organisation: str) -> Event:
    return Event(kind="strike", status="occurred", start_date=day, location=TURIN,
                 actor=Actor(group="workers", organizations=[organisation], sector="manufacturing"),
                 languages=["en"], evidence=[Span(0, 30, "en")], summary=f"{organisation} strike")


def test_a_store_made_before_migrations_is_upgraded_and_merged(database: str) -> None:
    """A database with the first tables and no version table, as the store made them before migrations."""
    engine = create_engine(database)
    try:
        with engine.begin() as connection:
            settings = config()
            settings.attributes["connection"] = connection
            command.upgrade(settings, "0001")
            connection.execute(text("DROP TABLE alembic_version"))
            for number, (day, organisation) in enumerate(
                [("2024-04-09", "Torino Motori SpA"), ("2024-04-09", "Torino Motori SpA"),
                 ("2024-04-20", "Fonderie Sabaude SpA")], start=1,
            ):
                item = old_event(day, organisation)
                now = "2024-04-10 08:00:00+00:00"
                document_id = connection.execute(text(
                    "INSERT INTO documents (doc_key, content_hash, url, title, published, languages, blocks, "
                    "text, ingested_at) VALUES (:key, :hash, NULL, NULL, :published, '[\"en\"]', '[]', :text, "
                    ":now) RETURNING id"
                ), {"key": f"old-{number}", "hash": f"{number:064d}", "published": date(2024, 4, 9),
                    "text": f"Report {number}: car workers struck in Turin.", "now": now}).scalar_one()
                event_id = connection.execute(text(
                    "INSERT INTO events (kind, status, start_date, location_name, location_country, location_lat, "
                    "location_lon, location_precision, location_geonameid, actor_group, languages, summary, "
                    "review_state, created_at, updated_at) VALUES ('strike', 'occurred', :day, 'Turin', 'IT', "
                    "45.07, 7.69, 'city', 3165524, 'workers', '[\"en\"]', :summary, 'unreviewed', :now, :now) "
                    "RETURNING id"
                ), {"day": day, "summary": item.summary, "now": now}).scalar_one()
                connection.execute(text(
                    "INSERT INTO event_organizations (event_id, name, name_folded, role) "
                    "VALUES (:id, :name, :folded, 'actor')"
                ), {"id": event_id, "name": organisation, "folded": organisation.casefold()})
                connection.execute(text(
                    "INSERT INTO event_sources (event_id, document_id, languages, evidence, extracted, added_at) "
                    "VALUES (:event, :document, '[\"en\"]', '[]', :extracted, :now)"
                ), {"event": event_id, "document": document_id, "extracted": json.dumps(item.to_dict()), "now": now})
    finally:
        engine.dispose()

    with Store(database, encoder=None) as store:
        assert store.count_events() == 3  # upgraded as they were: one event per source
        first = store.events()[0]
        assert first.sources[0].mention_key == f"{1:064d}:0"
        assert store.rebuild_events() == 2  # the two reports of one strike are merged
        merged = [e for e in store.events() if len(e.sources) == 2]
        assert len(merged) == 1 and merged[0].event.actor.organizations == ["Torino Motori SpA"]
        assert store.history(merged[0].id)
        added = store.add_document(
            Document(id="new", text="Car workers of Torino Motori SpA struck in Turin.", published=date(2024, 4, 9),
                     blocks=[Block(0, 49, "en")]),
            [old_event("2024-04-09", "Torino Motori SpA")],
        )
        assert added.merged == (merged[0].id,)


def test_a_database_newer_than_the_code_is_refused(database: str) -> None:
    Store(database, encoder=None).close()
    engine = create_engine(database)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        engine.dispose()
    with pytest.raises(StoreError, match="not one this strikewatch knows"):
        Store(database, encoder=None)
