"""Numbers written in digits or words, and percentages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from strikewatch.analysis import Token
from strikewatch.lexicons import Lexicon

_DIGITS = re.compile(r"^\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+$|^\d+(?:[.,]\d+)?$")
_ORDINAL_DIGITS = re.compile(r"^(\d{1,3})(?:st|nd|rd|th|°|º|-?[a-zа-яёәғқңөұүһі]{1,3})?\.?$", re.IGNORECASE)
# Case endings glued to digits in agglutinative languages: "500-ден", "68%-ға".
_CASE_ENDING = re.compile(r"^(\d+(?:[.,]\d+)?%?)-[^\W\d_]{1,6}$")
_PERCENT_IN_TOKEN = re.compile(r"^(\d+(?:[.,]\d+)?)%$")


@dataclass(frozen=True)
class Number:
    """A number found at tokens ``[first, last)``."""

    value: float
    first: int
    last: int


def parse_digits(text: str) -> float | None:
    """The value of a digit string such as "10,000", "10 000", "1.5" or "68"."""
    if not _DIGITS.match(text):
        return None
    if re.match(r"^\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+$", text):
        return float(re.sub(r"\D", "", text))
    return float(text.replace(",", "."))


def ordinal_digits(text: str) -> int | None:
    """The value of "6th", "1°", "11" as a day or ordinal number."""
    match = _ORDINAL_DIGITS.match(text)
    return int(match.group(1)) if match else None


def number_at(tokens: Sequence[Token], i: int, lexicon: Lexicon) -> Number | None:
    """A number starting at token ``i`` ("10,000", "10 mila", "two hundred", "thousands"), or None."""
    tok = tokens[i]
    text = tok.text
    ending = _CASE_ENDING.match(text)
    if ending:
        text = ending.group(1)
    value = parse_digits(text)
    if value is None:
        match = _PERCENT_IN_TOKEN.match(text)
        if match:
            return Number(float(match.group(1).replace(",", ".")), i, i + 1)
        word = lexicon.numbers.get(tok.lower)
        if word is None:
            word = lexicon.numbers.get(tok.lemma)
        if word is None:
            return None
        value = float(word)
        # "thirty-five", "twenty one"
        if i + 2 < len(tokens) and tokens[i + 1].text == "-" and tokens[i + 2].lower in lexicon.numbers:
            return _with_multipliers(tokens, i, i + 3, value + lexicon.numbers[tokens[i + 2].lower], lexicon)
        # "он екі", "двадцать пять": tens then units
        if value in (10, 20, 30, 40, 50, 60, 70, 80, 90) and i + 1 < len(tokens):
            unit = lexicon.numbers.get(tokens[i + 1].lower) or lexicon.numbers.get(tokens[i + 1].lemma)
            if unit is not None and 1 <= unit <= 9:
                return _with_multipliers(tokens, i, i + 2, value + unit, lexicon)
    return _with_multipliers(tokens, i, i + 1, value, lexicon)


def _with_multipliers(tokens: Sequence[Token], i: int, last: int, value: float, lexicon: Lexicon) -> Number:
    """Apply "thousand", "mila", "million" after a number."""
    while last < len(tokens):
        mult = lexicon.multipliers.get(tokens[last].lower)
        if mult is None:
            break
        value *= mult
        last += 1
    return Number(value, i, last)


def numbers_in(tokens: Sequence[Token], start: int, stop: int, lexicon: Lexicon) -> list[Number]:
    """Every number in ``tokens[start:stop]``."""
    out = []
    i = start
    while i < stop:
        found = number_at(tokens, i, lexicon)
        if found:
            out.append(found)
            i = found.last
        else:
            i += 1
    return out


def is_percent(tokens: Sequence[Token], number: Number, lexicon: Lexicon) -> bool:
    """Whether a number is a percentage ("68%", "68 %", "68 percent")."""
    if tokens[number.first].text.endswith("%") or re.match(r"^\d+(?:[.,]\d+)?%-", tokens[number.first].text):
        return True
    if number.last < len(tokens):
        nxt = tokens[number.last]
        return nxt.text in ("%", "％") or nxt.lower in lexicon.percent_words or nxt.lemma in lexicon.percent_words
    return False
