"""Dates resolved against the publication date, in English and Italian."""

from __future__ import annotations

from datetime import date

import pytest

from strikewatch.analysis import analyzer_for
from strikewatch.extraction.dates import DateAnchor, DateFinder, forward_weekday
from strikewatch.lexicons import load_lexicon
from strikewatch.sources import document_from_text

TUESDAY = date(2022, 2, 15)


def find(language: str, text: str, published: date | None = TUESDAY):
    block = analyzer_for(language).analyse(text, 0, len(text), [0])
    finder = DateFinder(load_lexicon(language))
    return finder.find(block.tokens, 0, len(block.tokens), DateAnchor(published, published.year if published else None))


@pytest.mark.parametrize(
    ("language", "text", "value", "role"),
    [
        ("en", "Workers walked out on Monday.", "2022-02-14", "point"),
        ("en", "On Monday, February 14, at a meeting, the strikers spoke.", "2022-02-14", "point"),
        ("en", "They plan to strike from March 1.", "2022-03-01", "start"),
        ("en", "On February 11 workers struck.", "2022-02-11", "point"),
        ("en", "On 11 February 2021 workers struck.", "2021-02-11", "point"),
        ("en", "For the sixth day, meetings continue.", "2022-02-10", "count"),
        ("en", "The strike entered its 3rd day.", "2022-02-13", "count"),
        ("en", "Nurses rallied yesterday.", "2022-02-14", "point"),
        ("en", "Dockers struck in December 2021.", "2021-12", "point"),
        ("it", "Lunedì 14 febbraio gli scioperanti hanno parlato.", "2022-02-14", "point"),
        ("it", "Hanno dichiarato di scioperare dal 1° marzo.", "2022-03-01", "start"),
        ("it", "Così, l'11 febbraio, i lavoratori hanno scioperato.", "2022-02-11", "point"),
        ("it", "Per il sesto giorno continuano le assemblee.", "2022-02-10", "count"),
        ("it", "Ieri i lavoratori hanno scioperato.", "2022-02-14", "point"),
        # A weekday with its day of the month in brackets: the next Thursday, the 17th, not the last one.
        ("pt", "A greve começa na quinta-feira (17).", "2022-02-17", "point"),
        ("pt", "Os carteiros pararam na segunda-feira (31).", "2022-01-31", "point"),
        ("de", "Der Ausstand hatte am Sonntagabend begonnen.", "2022-02-13", "point"),
    ],
)
def test_dates_resolve_against_publication(language: str, text: str, value: str, role: str) -> None:
    found = find(language, text)
    assert [(d.value, d.role) for d in found] == [(value, role)]


def test_year_is_chosen_nearest_to_publication() -> None:
    # A December date in a January report is last December, not next.
    found = find("en", "Miners struck on December 28.", published=date(2022, 1, 5))
    assert found[0].value == "2021-12-28"


def test_no_publication_date_leaves_relative_dates_unresolved() -> None:
    found = find("en", "Workers walked out on Monday and again on March 3.", published=None)
    assert [d.value for d in found] == [None, None]


def test_may_the_verb_is_not_a_month() -> None:
    assert find("en", "Workers may strike in 2022 if talks fail.") == []


def test_announced_weekday_moves_forward() -> None:
    assert forward_weekday("2022-02-14", TUESDAY) == "2022-02-21"
    assert forward_weekday("2022-02-15", TUESDAY) == "2022-02-15"


def test_a_bracketed_day_that_is_not_that_weekday_is_not_trusted() -> None:
    # 16 February 2022 was a Wednesday: "quinta-feira (16)" cannot be resolved as written.
    [found] = find("pt", "A greve começa na quinta-feira (16).")
    assert found.explicit is False


def test_a_wire_dateline_gives_way_to_the_sentences_own_date() -> None:
    # TUESDAY is 2022-02-15: "on Monday" is the 14th, the dateline's day the 15th.
    found = find("en", "LONDON, Feb 15 (Reuters) - Thousands of nurses went on strike on Monday over pay.")
    assert [(d.value, d.role) for d in found] == [("2022-02-15", "dateline"), ("2022-02-14", "point")]
    alone = find("en", "LONDON, Feb 15 (Reuters) - Thousands of nurses went on strike over pay.")
    assert [(d.value, d.role) for d in alone] == [("2022-02-15", "point")]


def test_the_event_takes_the_sentences_date_not_the_datelines(pipeline) -> None:
    text = "TARKWA, Feb 15 — One person died on Monday when police dispersed youths who had blocked a road in Tarkwa."
    [event] = pipeline.extract(document_from_text(text, published="2022-02-15"))
    assert event.start_date == "2022-02-14"
