"""Language detection and language blocks."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest

from strikewatch.language import (
    SUPPORTED,
    UNDETERMINED,
    detect_language,
    detector,
    normalise_language,
    paragraph_spans,
    split_blocks,
)
from strikewatch.model import Block

CORPUS_REPORT = Path("/work/shared/corpus/kz-mangystau-2022-02-15.txt")

SAMPLES = {
    "en": "Workers at the steel plant have been on strike for the third day in a row, demanding a thirty "
          "percent pay rise. They gathered outside the city administration building and demanded the "
          "resignation of the union leadership.",
    "it": "I lavoratori del porto hanno proclamato uno sciopero di otto ore per chiedere il rinnovo del "
          "contratto e più sicurezza sulle banchine. Il sindacato ha annunciato un presidio davanti alla "
          "prefettura per venerdì mattina.",
    "ru": "Рабочие металлургического комбината третий день подряд продолжают забастовку, требуя повышения "
          "заработной платы на тридцать процентов. Они собрались у здания городской администрации и "
          "потребовали отставки руководства профсоюза.",
    "kk": "Қаладағы металлургия зауытының жұмысшылары жалақыны көтеруді талап етіп, үшінші күн қатарынан "
          "ереуіл жариялап отыр. Олар әкімдік ғимаратының алдына жиналып, кәсіподақ басшыларының "
          "орнынан кетуін талап етті.",
    "es": "Los trabajadores del puerto iniciaron ayer una huelga indefinida para exigir un aumento salarial "
          "del quince por ciento y mejores condiciones de seguridad. El sindicato convocó una manifestación "
          "frente al ayuntamiento para el próximo lunes.",
    "fr": "Les salariés de l'usine automobile sont en grève depuis mardi pour réclamer une hausse des "
          "salaires et l'embauche des intérimaires. Une manifestation est prévue samedi devant la "
          "préfecture, à l'appel de plusieurs syndicats.",
    "de": "Die Beschäftigten der städtischen Verkehrsbetriebe sind am Montag in einen unbefristeten Streik "
          "getreten. Die Gewerkschaft fordert eine Lohnerhöhung von zehn Prozent und kürzere Arbeitszeiten "
          "für das Fahrpersonal.",
    "pt": "Os trabalhadores da fábrica de calçado entraram em greve nesta segunda-feira para exigir o "
          "pagamento dos salários em atraso. O sindicato afirma que a paralisação vai continuar até que a "
          "empresa apresente uma proposta concreta.",
}

RU_REPORT = (
    "Забастовка на руднике продолжается\n\n"
    "14 марта 2023 года\n\n"
    "Горняки подземного рудника вторую неделю отказываются спускаться в шахту. Они требуют выплатить "
    "задолженность по зарплате за три месяца и улучшить условия труда.\n\n"
    "«Мы требуем!» — скандировали собравшиеся.\n\n"
    "Руководство компании заявило, что не намерено вести переговоры, пока рабочие не вернутся на свои "
    "места. Местные власти пообещали создать комиссию для урегулирования конфликта."
)
EN_TRANSLATION = (
    "Strike at the mine continues\n\n"
    "March 14, 2023\n\n"
    "Miners at the underground mine have refused to go down the shaft for the second week. They demand "
    "the payment of three months of wage arrears and better working conditions.\n\n"
    "“We demand!” chanted the crowd.\n\n"
    "The company's management said it would not negotiate until the workers returned to their jobs. "
    "Local authorities promised to set up a commission to settle the conflict."
)


def text_of(text: str, block: Block) -> str:
    return text[block.start : block.end]


def assert_cover(text: str, blocks: list[Block]) -> None:
    """Blocks are ordered, do not overlap, and cover every non-blank paragraph."""
    for block in blocks:
        assert 0 <= block.start < block.end <= len(text)
        assert not text[block.start].isspace() and not text[block.end - 1].isspace()
    for before, after in itertools.pairwise(blocks):
        assert before.end <= after.start
        assert not text[before.end : after.start].strip()
    for start, end in paragraph_spans(text):
        assert any(block.start <= start and end <= block.end for block in blocks)
    assert not text[: blocks[0].start].strip() and not text[blocks[-1].end :].strip()


@pytest.mark.skipif(not CORPUS_REPORT.exists(), reason="the shared corpus is not mounted")
def test_report_and_its_italian_translation_make_two_blocks() -> None:
    text = CORPUS_REPORT.read_text(encoding="utf-8")
    blocks = split_blocks(text)
    assert [block.language for block in blocks] == ["en", "it"]
    assert text_of(text, blocks[1]).startswith("Riportiamo")
    assert blocks[0].start == 0 and blocks[1].end == len(text.rstrip())
    assert_cover(text, blocks)


@pytest.mark.skipif(not CORPUS_REPORT.exists(), reason="the shared corpus is not mounted")
def test_split_blocks_is_fast_once_the_detector_is_built() -> None:
    detector()
    text = CORPUS_REPORT.read_text(encoding="utf-8")
    started = time.perf_counter()
    split_blocks(text)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("language", SUPPORTED)
def test_each_supported_language_is_one_block(language: str) -> None:
    text = SAMPLES[language] + "\n\n" + SAMPLES[language]
    assert split_blocks(text) == [Block(0, len(text), language)]
    assert detect_language(SAMPLES[language]) == language


def test_russian_report_then_english_translation() -> None:
    text = RU_REPORT + "\n\n" + EN_TRANSLATION
    blocks = split_blocks(text)
    assert [block.language for block in blocks] == ["ru", "en"]
    # The English headline and dateline lean English: they open the translation, not close the report.
    assert text_of(text, blocks[1]).startswith("Strike at the mine continues")
    assert text_of(text, blocks[0]).startswith("Забастовка на руднике")
    assert_cover(text, blocks)


def test_short_lines_never_make_their_own_block() -> None:
    text = "\n\n".join([
        "Update",                      # one word
        SAMPLES["es"],
        "Foto: archivo",               # a two-word caption
        "«No nos rendiremos»",         # a quote of three words
        "15.03.2023",                  # no letters at all
        SAMPLES["es"],
        "Reuters",
    ])
    assert split_blocks(text) == [Block(0, len(text), "es")]


def test_italian_dateline_at_the_boundary_opens_the_italian_block() -> None:
    text = SAMPLES["en"] + "\n\n15 febbraio 2022\n\n" + SAMPLES["it"]
    blocks = split_blocks(text)
    assert [block.language for block in blocks] == ["en", "it"]
    assert text_of(text, blocks[1]).startswith("15 febbraio 2022")


def test_english_dateline_at_the_boundary_closes_the_english_block() -> None:
    text = SAMPLES["en"] + "\n\nFebruary 15, 2022\n\n" + SAMPLES["it"]
    blocks = split_blocks(text)
    assert [block.language for block in blocks] == ["en", "it"]
    assert text_of(text, blocks[0]).endswith("February 15, 2022")
    assert text_of(text, blocks[1]).startswith("I lavoratori")


def test_neutral_lines_at_the_boundary_go_with_what_follows() -> None:
    text = SAMPLES["de"] + "\n\n* * *\n\n15.02.2022\n\n" + SAMPLES["fr"]
    blocks = split_blocks(text)
    assert [block.language for block in blocks] == ["de", "fr"]
    assert text_of(text, blocks[1]).startswith("* * *")


def test_a_clear_paragraph_in_another_language_makes_its_own_block() -> None:
    text = SAMPLES["en"] + "\n\n" + SAMPLES["pt"] + "\n\n" + SAMPLES["en"]
    assert [block.language for block in split_blocks(text)] == ["en", "pt", "en"]


def test_kazakh_is_told_from_russian() -> None:
    text = SAMPLES["kk"] + "\n\n" + SAMPLES["ru"]
    blocks = split_blocks(text)
    assert [block.language for block in blocks] == ["kk", "ru"]
    assert text_of(text, blocks[1]) == SAMPLES["ru"]


def test_single_newlines_separate_paragraphs_in_one_line_paragraph_text() -> None:
    text = SAMPLES["ru"] + "\n" + SAMPLES["en"] + "\n"
    blocks = split_blocks(text)
    assert blocks == [Block(0, len(SAMPLES["ru"]), "ru"), Block(len(SAMPLES["ru"]) + 1, len(text) - 1, "en")]


def test_hard_wrapped_lines_are_one_paragraph() -> None:
    wrapped = (
        "Workers at the steel plant have been on strike for the third day in\n"
        "a row, demanding a thirty percent pay rise. They gathered outside the\n"
        "city administration building.\n"
        "- First demand\n"
        "- Second demand"
    )
    spans = paragraph_spans(wrapped)
    assert [wrapped[start:end] for start, end in spans] == [
        wrapped[: wrapped.index("\n- First")], "- First demand", "- Second demand",
    ]


def test_paragraph_spans_handle_windows_line_breaks_and_surrounding_blanks() -> None:
    text = "\r\n  \r\nFirst paragraph here.\r\n\r\nSecond one.  \r\n\r\n"
    paragraphs = [text[start:end] for start, end in paragraph_spans(text)]
    assert paragraphs == ["First paragraph here.", "Second one."]


def test_short_text_takes_the_detected_language_then_the_hint_then_und() -> None:
    assert split_blocks("Забастовка продолжается.") == [Block(0, 24, "ru")]
    assert split_blocks("Забастовка продолжается.", hint="en") == [Block(0, 24, "ru")]
    assert split_blocks("№ 12, 2023", hint="kk") == [Block(0, 10, "kk")]
    assert split_blocks("12.03.2023") == [Block(0, 10, UNDETERMINED)]
    assert split_blocks("OK") == [Block(0, 2, UNDETERMINED)]


def test_a_clear_detection_wins_over_the_hint() -> None:
    text = SAMPLES["fr"] + "\n\n" + SAMPLES["fr"]
    assert split_blocks(text, hint="en") == [Block(0, len(text), "fr")]
    assert detect_language(SAMPLES["fr"], hint="en") == "fr"


def test_the_hint_settles_near_ties() -> None:
    assert detect_language("Am 14. Februar 2022") is None
    assert detect_language("Am 14. Februar 2022", hint="de") == "de"
    assert detect_language("Am 14. Februar 2022", hint="German") == "de"


def test_detect_language_returns_none_for_short_or_empty_text() -> None:
    assert detect_language("") is None
    assert detect_language("Hello") is None
    assert detect_language("2022-02-15 10:00") is None


def test_blank_text_has_no_blocks() -> None:
    assert split_blocks("") == []
    assert split_blocks(" \n\n\t \n") == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [("EN", "en"), ("en-GB", "en"), ("pt_BR", "pt"), ("ita", "it"), ("rus", "ru"), ("ger", "de"),
     ("Kazakh", "kk"), ("zh", "zh"), ("und", None), ("", None), ("xx", None), ("Klingonese", None),
     (None, None)],
)
def test_normalise_language(code: str | None, expected: str | None) -> None:
    assert normalise_language(code) == expected


def test_an_unsupported_hint_names_an_undetectable_text() -> None:
    assert split_blocks("2023", hint="zh-Hans") == [Block(0, 4, "zh")]


def test_long_paragraphs_are_read_from_a_sample() -> None:
    text = (SAMPLES["es"] + " ") * 400
    started = time.perf_counter()
    assert split_blocks(text) == [Block(0, len(text) - 1, "es")]
    assert time.perf_counter() - started < 0.5
