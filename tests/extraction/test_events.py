"""Whole-document extraction: kinds, status, places, actors, demands, and one event per action."""

from __future__ import annotations

from strikewatch.model import Event
from strikewatch.sources import document_from_text


def run(pipeline, text: str, published: str | None = "2023-03-08", hint: str | None = None) -> list[Event]:
    return pipeline.extract(document_from_text(text, published=published, language_hint=hint))


def test_a_strike_with_its_slots(pipeline) -> None:
    text = (
        "Some 300 workers of Ostrava Steel Ltd walked out on Monday in Ostrava, demanding a 15% pay rise "
        "and the payment of wage arrears. The strikers gathered at the factory gates."
    )
    [event] = run(pipeline, text)
    assert event.kind == "strike"
    assert event.status == "occurred"
    assert event.start_date == "2023-03-06"
    assert event.location and event.location.name == "Ostrava" and event.location.country == "CZ"
    assert event.location.lat is not None and event.location.precision == "city"
    assert event.actor.organizations == ["Ostrava Steel Ltd"]
    assert event.actor.size == 300
    cats = {d.category: d.percent for d in event.demands}
    assert cats.get("wages") == 15 and "wage_arrears" in cats
    # both sentences are evidence, and each span is a sentence of the text
    assert len(event.evidence) == 2
    assert text[event.evidence[0].start : event.evidence[0].end].startswith("Some 300 workers")


def test_a_crowd_counted_in_plain_words_for_people(pipeline) -> None:
    # "people" gives the crowd's size but says nothing of who they are; an article is no number.
    reports = {
        "About 3,000 people marched through central Manchester on Saturday against rent increases.": 3000,
        "Rund 3000 Menschen demonstrierten am Samstag in Hamburg gegen Mietsteigerungen.": 3000,
        "Des milliers de personnes ont manifesté samedi à Lyon contre la réforme des retraites.": 2000,
        "Uns dois mil professores marcharam na terça-feira em Porto Alegre.": 2000,
        "Около 300 человек вышли на митинг в Бишкеке в субботу.": 300,
        "Des manifestants ont bloqué la route à Lyon samedi.": None,
    }
    for text, size in reports.items():
        [event] = run(pipeline, text)
        assert event.actor.size == size, text
    [people] = run(pipeline, "About 3,000 people marched through central Manchester on Saturday.")
    assert people.actor.group is None


def test_a_foreign_companys_legal_form(pipeline) -> None:
    text = ("Couriers of Hızlı Paket Lojistik A.Ş. went on strike in Istanbul on Monday over pay. "
            "The strike continues, the union said.")
    [event] = run(pipeline, text)
    assert event.actor.organizations == ["Hızlı Paket Lojistik A.Ş."]


def test_a_crowd_of_its_own_in_another_city_is_another_event(pipeline) -> None:
    text = ("Ad Atene oltre 25.000 persone hanno sfilato oggi dal Campo di Marte fino a piazza Syntagma, davanti al "
            "Parlamento. A Salonicco circa 8.000 manifestanti si sono radunati in piazza Aristotelous.")
    events = run(pipeline, text, hint="it")
    # "Ad Atene" is Athens (a preposition opens the sentence), not the Campo di Marte, a square
    assert [(e.kind, e.location.name if e.location else None, e.actor.size) for e in events] == [
        ("demonstration", "Athens", 25000), ("demonstration", "Thessaloníki", 8000)]


def test_a_road_blocked_with_words_between_the_verb_and_the_road(pipeline) -> None:
    text = ("Un grupo de comuneros bloqueó con piedras y llantas encendidas la carretera Variante de Uchumayo, "
            "en Arequipa, el miércoles.")
    [event] = run(pipeline, text, hint="es")
    assert event.kind == "blockade"


def test_a_strike_that_will_not_be_called_off_goes_on(pipeline) -> None:
    text = ("Some 2,000 workers of Acme Mining Ltd were on the third day of an indefinite strike in Leeds on "
            "Thursday. \"We will not call off the strike until the company negotiates seriously,\" the union said.")
    [event] = run(pipeline, text)
    assert event.status == "ongoing"
    spanish = ("Unos dos mil trabajadores de Minera Andina S.A. cumplieron este jueves el tercer día de una huelga "
               "en Arequipa. \"No vamos a levantar la huelga mientras la empresa no negocie\", declaró el sindicato.")
    [event] = run(pipeline, spanish, hint="es")
    assert (event.status, event.actor.size) == ("ongoing", 2000)  # "unos" is no number
    [called_off] = run(pipeline, "The union called off the strike planned for Monday at Acme Ltd in Leeds.")
    assert called_off.status == "called_off"


def test_a_person_with_an_initial_is_no_place(pipeline) -> None:
    text = ("Третьи сутки продолжают голодовку жёны горняков шахты «Южная». «Денег нет с августа», "
            "— рассказала одна из участниц голодовки Наталья К.")
    [event] = run(pipeline, text, hint="ru")
    assert event.kind == "hunger_strike" and event.location is None  # not Natal


def test_counts_ages_and_numbers_written_with_spaces(pipeline) -> None:
    [spanish] = run(pipeline, "La Policía despejó la carretera en Arequipa el miércoles tras el bloqueo: resultaron "
                              "heridos siete agentes y cinco manifestantes, y detuvo a once personas.", hint="es")
    assert spanish.arrests == 11  # the number after "detuvo a", not the one before
    [portuguese] = run(pipeline, "Um manifestante de 19 anos ficou ferido durante o bloqueio da estrada em Luanda na "
                                 "segunda-feira; o tribunal condenou um organizador a 3 anos de prisão.", hint="pt")
    assert portuguese.fatalities is None and portuguese.arrests is None  # ages and sentences are no counts
    [french] = run(pipeline, "Plus de 3 000 agents ont manifesté samedi à Lyon contre la réforme.", hint="fr")
    assert french.actor.size == 3000


def test_a_site_told_by_its_effects_goes_on_with_the_story(pipeline) -> None:
    text = ("Bus drivers across Britain continued their nationwide strike for a third day on Wednesday, the union "
            "said.\n\nIn Leeds, the depots stood idle and commuters were stranded.")
    events = run(pipeline, text)
    leeds = [e for e in events if e.location and e.location.name == "Leeds"]
    assert [e.status for e in leeds] == ["ongoing"]


def test_what_is_doubled_and_a_case_ending_after_a_legal_form(pipeline) -> None:
    [allowance] = run(pipeline, "Teachers in Quetta went on strike on Monday; they want their hardship allowance "
                                "to be doubled.")
    assert [(d.category, d.percent) for d in allowance.demands] == [("benefits", 100.0)]
    [pay] = run(pipeline, "Drivers in Leeds went on strike on Monday demanding that their wages be doubled.")
    assert [(d.category, d.percent) for d in pay.demands] == [("wages", 100.0)]
    [kazakh] = run(pipeline, "Ошта «Нұрлы Білім» ЖШҚ-ның мұғалімдері дүйсенбі күні ереуілге шықты.", hint="kk")
    assert kazakh.actor.organizations == ["«Нұрлы Білім» ЖШҚ"]
    [istanbul] = run(pipeline, "Ыстамбұлда Hızlı Paket Lojistik A.Ş.-нің курьерлері дүйсенбі күні ереуілге шықты.",
                     hint="kk")
    assert istanbul.actor.organizations == ["Hızlı Paket Lojistik A.Ş."]
    assert istanbul.location is not None and istanbul.location.name == "Istanbul"


def test_modalities(pipeline) -> None:
    threatened = run(pipeline, "Teachers in Lyon threatened to go on strike from March 20 unless salaries are raised.")
    planned = run(pipeline, "Dockers in Antwerp will strike on Friday, the union announced.")
    ongoing = run(pipeline, "Bus drivers in Leeds continued their strike for the fourth day on Wednesday.")
    assert [(e.status, e.start_date) for e in threatened] == [("threatened", "2023-03-20")]
    assert [(e.status, e.start_date) for e in planned] == [("planned", "2023-03-10")]
    assert [(e.status, e.start_date) for e in ongoing] == [("ongoing", "2023-03-05")]


def test_not_events(pipeline) -> None:
    negatives = [
        "An air strike hit a convoy near Aleppo on Monday, killing 12 people.",
        "The two firms struck a deal in London on Tuesday to merge their operations.",
        "Hunger for change was palpable in Manchester, the mayor said on Monday.",
        "She bowled a strike in the final frame at the Chicago tournament on Sunday.",
        "Workers at Acme Ltd in Leeds did not strike on Monday, despite earlier warnings.",
    ]
    for text in negatives:
        assert run(pipeline, text) == [], text


def test_a_region_named_as_such_and_a_country_alone(pipeline) -> None:
    [region_event] = run(pipeline, "On March 2, miners in the Karaganda region went on strike over unpaid wages.")
    assert region_event.location and region_event.location.precision == "region"
    assert region_event.location.country == "KZ" and region_event.location.admin1


def test_one_event_per_action_within_a_document(pipeline) -> None:
    text = (
        "Workers of Delta Mining JSC went on strike in Karaganda on March 6, demanding higher wages.\n\n"
        "The strikers held a rally on Tuesday and said they would not return to work.\n\n"
        "Meanwhile, nurses at the city hospital in Almaty held a protest on March 7 over unpaid bonuses.\n\n"
        "The Delta Mining JSC strike continued on Wednesday, the company said."
    )
    events = run(pipeline, text)
    # The strikers' rally on another day is an action of its own, in the strike's place and by its workers;
    # the strike told again in the last paragraph is the same strike, now ongoing.
    assert sorted(e.kind for e in events) == ["demonstration", "demonstration", "strike"]
    strike = next(e for e in events if e.kind == "strike")
    assert strike.actor.organizations == ["Delta Mining JSC"]
    assert strike.status == "ongoing" and strike.start_date == "2023-03-06"
    assert len(strike.evidence) == 2
    rally = next(e for e in events if e.start_date == "2023-03-07" and e.location.name == strike.location.name)
    assert rally.actor.organizations == ["Delta Mining JSC"]


def test_a_report_and_its_translation_are_one_set_of_events(pipeline) -> None:
    english = (
        "On March 6, workers of Omega Steel LLP went on strike in Temirtau, demanding a 30% wage increase.\n\n"
        "On the same day, unemployed residents held a rally near the akimat in Karaganda, demanding jobs."
    )
    italian = (
        "Il 6 marzo, i lavoratori della Omega Steel LLP sono entrati in sciopero a Temirtau, chiedendo un aumento "
        "dei salari del 30%.\n\n"
        "Lo stesso giorno, i disoccupati hanno tenuto una manifestazione vicino all'akimat di Karaganda, chiedendo "
        "posti di lavoro."
    )
    events = run(pipeline, english + "\n\n" + italian)
    assert len(events) == 2
    assert all(e.languages == ["en", "it"] for e in events)
    strike = next(e for e in events if e.kind == "strike")
    assert [d.percent for d in strike.demands if d.category == "wages"] == [30]


def test_a_strike_told_site_by_site(pipeline) -> None:
    text = (
        "Kiel (dpa) - Ein Warnstreik der Gewerkschaft Verdi hat am Montag den Fährverkehr an mehreren "
        "norddeutschen Häfen weitgehend zum Erliegen gebracht. Die Gewerkschaft fordert 7 Prozent mehr Lohn.\n\n"
        "In Rostock strich der Betreiber Nordkai AG alle Abfahrten. Auch am Hamburger Hafen ging nichts mehr: "
        "Die Elbkai GmbH sprach von einem Stillstand.\n\n"
        "In Lübeck legten Beschäftigte der Ostseekai GmbH ebenfalls die Arbeit nieder."
    )
    events = run(pipeline, text, published="2024-05-13", hint="de")
    # One event per site, each with its operator; the opening overview is no event of its own, but its
    # demands hold for every site. "am Hamburger Hafen": the place adjective of a city.
    sites = {e.location.name: e for e in events}
    assert set(sites) == {"Rostock", "Hamburg", "Lübeck"}
    assert sites["Rostock"].actor.organizations == ["Nordkai AG"]
    assert sites["Hamburg"].actor.organizations == ["Elbkai GmbH"]
    assert all(e.kind == "strike" and e.start_date == "2024-05-13" for e in events)
    assert all([(d.category, d.percent) for d in e.demands] == [("wages", 7.0)] for e in events)


def test_a_nationwide_strike_and_its_sites(pipeline) -> None:
    text = (
        "Os trabalhadores da Transportes Vale Verde, S.A. entraram em greve por tempo indeterminado na "
        "terça-feira (17). A categoria reivindica reajuste salarial de 8%.\n\n"
        "Em Recife, metade dos trabalhadores aderiu ao movimento.\n\n"
        "Em Fortaleza, a paralisação está marcada para começar na quinta-feira (19)."
    )
    events = run(pipeline, text, published="2024-09-18", hint="pt")
    by_place = {e.location.name: e for e in events}
    assert set(by_place) == {"Brazil", "Recife", "Fortaleza"}
    # The sites are the strike of the company the story named, under way where it is under way.
    assert all(e.actor.organizations == ["Transportes Vale Verde, S.A."] for e in events)
    assert (by_place["Recife"].status, by_place["Recife"].start_date) == ("ongoing", "2024-09-17")
    assert (by_place["Fortaleza"].status, by_place["Fortaleza"].start_date) == ("planned", "2024-09-19")


def test_another_action_by_a_crowd_of_its_own_is_its_own_event(pipeline) -> None:
    text = ("About 40 workers of Acme Ltd in Leeds have been on hunger strike since Monday over unpaid wages. "
            "Last week, 150 employees of the company sent an open letter to the minister.")
    events = run(pipeline, text)
    assert sorted(e.kind for e in events) == ["hunger_strike", "petition"]
    assert all(e.actor.organizations == ["Acme Ltd"] for e in events)


def test_a_headline_is_the_action_its_story_tells(pipeline) -> None:
    text = ("Strike at a coal pit in Shakhtinsk: miners demand a 40% pay rise\n\n"
            "A strike at the North pit of Acme Mining LLP in Karaganda region continued for a second day on "
            "Wednesday. About 300 miners refused to go underground.\n\nThe company called the strike illegal.")
    [event] = run(pipeline, text, published="2023-03-09", hint="en")
    # The headline names the town inside the region the story names: one event, at the town.
    assert event.actor.organizations == ["Acme Mining LLP"]
    assert (event.location.name, event.location.precision) == ("Shakhtinsk", "city")
    assert event.status == "ongoing" and [(d.category, d.percent) for d in event.demands] == [("wages", 40.0)]


def test_kazakh_everyday_words_are_not_foreign_towns() -> None:
    from strikewatch.analysis import analyzer_for
    from strikewatch.extraction.names import NameFinder, PlaceContext
    from strikewatch.lexicons import load_lexicon
    from strikewatch.places import Gazetteer

    finder = NameFinder(load_lexicon("kk"), Gazetteer.default(), analyzer_for("kk"))
    text = "Жерге қатысты дау басталды, Жаңаөзенде тұрғындар жиналды."
    block = analyzer_for("kk").analyse(text, 0, len(text), [0])
    places = finder.places(block.tokens, 0, len(block.tokens), PlaceContext())
    assert [p.entry.name for p in places] == ["Zhanaozen"]
