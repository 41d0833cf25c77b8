"""Lexicon phrases meet inflected text through lemmas, prefixes and surface forms."""

from __future__ import annotations

import pytest

from strikewatch.analysis import analyzer_for
from strikewatch.extraction.matching import PhraseMatcher
from strikewatch.lexicons import LexiconError, available_languages, load_lexicon
from strikewatch.model import DEMAND_CATEGORIES, KINDS


def labels(language: str, text: str, phrases: dict[str, list[str]]) -> list[tuple[str, str]]:
    analyzer = analyzer_for(language)
    matcher = PhraseMatcher(analyzer)
    for label, items in phrases.items():
        matcher.add(label, items)
    block = analyzer.analyse(text, 0, len(text), [0])
    return [(m.label, text[block.tokens[m.first].start : block.tokens[m.last - 1].end])
            for m in matcher.find(block.tokens)]


def test_lemmas_meet_inflected_forms() -> None:
    found = labels("en", "Miners went on strike; the strikers were striking again.",
                   {"strike": ["go on strike"], "agent": ["striker"], "verb": ["strike"]})
    assert found == [("strike", "went on strike"), ("agent", "strikers"), ("verb", "striking")]


def test_italian_lemmas() -> None:
    found = labels("it", "Gli scioperanti hanno scioperato contro i licenziamenti.",
                   {"strike": ["scioperare"], "cut": ["licenziamento"]})
    assert [f[0] for f in found] == ["strike", "strike", "cut"]


def test_prefix_entries_and_longest_match_first() -> None:
    found = labels("en", "They want the renationalisation of the plant and an air strike was reported.",
                   {"nat": ["renationali*"], "negative": ["air strike"], "strike": ["strike"]})
    assert found == [("nat", "renationalisation"), ("negative", "air strike")]


@pytest.mark.parametrize("language", available_languages())
def test_every_lexicon_loads_with_closed_vocabularies(language: str) -> None:
    lexicon = load_lexicon(language)
    assert set(lexicon.triggers) <= set(KINDS)
    assert set(lexicon.demands) <= set(DEMAND_CATEGORIES)
    assert lexicon.triggers["strike"], "every language names strikes"
    assert lexicon.legal_forms and lexicon.region_words


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(LexiconError, match="no lexicon for language 'xx'"):
        load_lexicon("xx")


def test_a_clause_gap_reaches_the_particle_of_a_separable_verb() -> None:
    phrases = {"off": ["sagte … ab"]}
    found = labels("de", "Am Sonntag sagte die Gewerkschaft den angekündigten Warnstreik am Flughafen kurzfristig ab.",
                   phrases)
    assert [f[0] for f in found] == ["off"]
    # The gap stays inside its clause.
    assert labels("de", "Sie sagte, das Treffen finde ab Montag statt.", phrases) == []


def test_number_words_written_as_one_word() -> None:
    from strikewatch.extraction.numbers import numbers_in

    text = "Rund eintausendfünfhundert Beschäftigte und zweihundertfünfzig Rentner kamen."
    block = analyzer_for("de").analyse(text, 0, len(text), [0])
    assert [n.value for n in numbers_in(block.tokens, 0, len(block.tokens), load_lexicon("de"))] == [1500, 250]


def test_the_memo_of_candidate_phrases_stays_bounded_and_answers_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    from strikewatch.extraction import matching

    monkeypatch.setattr(matching, "_MEMO_MAX", 4)
    analyzer = analyzer_for("en")
    matcher = PhraseMatcher(analyzer).add("strike", ["go on strike", "walkout"])
    text = "Bus drivers in the north went on strike, then dockers staged a walkout and went on strike too."
    block = analyzer.analyse(text, 0, len(text), [0])
    first = matcher.find(block.tokens)
    assert len(matcher._memo) <= 4  # emptied whenever it filled up, never grown past its bound
    assert matcher.find(block.tokens) == first
    assert [text[block.tokens[m.first].start : block.tokens[m.last - 1].end] for m in first] == \
        ["went on strike", "walkout", "went on strike"]
