"""Numbers written in digits or words, and percentages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from strikewatch.analysis import Token
from strikewatch.lexicons import Lexicon
from strikewatch.memo import Memo

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
    """A number starting at token ``i`` ("10,000", "10 mila", "two hundred", "mil cuatrocientos"), or None."""
    tok = tokens[i]
    text = tok.text
    ending = _CASE_ENDING.match(text)
    if ending:
        text = ending.group(1)
    value = parse_digits(text)
    if value is not None:
        # "3 000", "12 500 000": thousands set off by plain spaces, which the tokenizer splits apart.
        last = i + 1
        if len(text) <= 3 and text.isdecimal():
            while last < len(tokens) and len(tokens[last].text) == 3 and tokens[last].text.isdecimal() \
                    and tokens[last].start == tokens[last - 1].end + 1:
                value = value * 1000 + int(tokens[last].text)
                last += 1
        return _with_multipliers(tokens, i, last, value, lexicon)
    match = _PERCENT_IN_TOKEN.match(text)
    if match:
        return Number(float(match.group(1).replace(",", ".")), i, i + 1)
    return _number_words(tokens, i, lexicon)


def _word_value(token: Token, lexicon: Lexicon) -> tuple[int, bool] | None:
    """A number word's value and whether it multiplies what comes before ("thousand", "mil")."""
    if token.lower in lexicon.not_numbers:
        return None
    for key in (token.lower, token.lemma):
        if key in lexicon.multipliers and key not in lexicon.numbers:
            return lexicon.multipliers[key], True
        if key in lexicon.numbers:
            return lexicon.numbers[key], key in lexicon.multipliers
    return None


# What long words were found to be (a number in parts, or not), per language: most long words recur.
_GLUED: Memo[tuple[str, str], list[tuple[int, bool]] | None] = Memo()


def _glued_parts(word: str, lexicon: Lexicon) -> list[tuple[int, bool]] | None:
    """A number written as one word of number words ("eintausendfünfhundert", "dreiundzwanzig"), in parts."""
    if len(word) < 8 or not word.isalpha():
        return None
    key = (lexicon.language, word)
    if key in _GLUED:
        return _GLUED[key]
    return _GLUED.remember(key, _split_glued(word, lexicon))


def _split_glued(word: str, lexicon: Lexicon) -> list[tuple[int, bool]] | None:
    joints = set(lexicon.number_connectors)

    def split(rest: str) -> list[tuple[int, bool]] | None:
        if not rest:
            return []
        for end in range(len(rest), 2, -1):
            head = rest[:end]
            if head in lexicon.numbers or head in lexicon.multipliers or head in joints:
                tail = split(rest[end:])
                if tail is not None:
                    if head in joints:
                        return tail if tail else None
                    value = lexicon.numbers.get(head, lexicon.multipliers.get(head, 0))
                    return [(value, head in lexicon.multipliers), *tail]
        return None

    parts = split(word)
    return parts if parts and len(parts) >= 2 else None


def _accumulate(parts: Sequence[tuple[int, bool]]) -> int:
    total, current = 0, 0
    for value, multiplies in parts:
        if multiplies and (current or total):
            # "two hundred" multiplies the units; "two hundred thousand" the whole
            if value >= 1000:
                total, current = (total + current) * value, 0
            else:
                current = max(current, 1) * value
        else:
            current += value
    return total + current


def _number_words(tokens: Sequence[Token], i: int, lexicon: Lexicon) -> Number | None:
    """Number words read together: "two hundred", "thirty-five", "mil cuatrocientos", "cento e vinte"."""
    if _word_value(tokens[i], lexicon) is None:
        glued = _glued_parts(tokens[i].lower, lexicon)
        return Number(float(_accumulate(glued)), i, i + 1) if glued else None
    parts: list[tuple[int, bool]] = []
    last, k = i, i
    while k < len(tokens):
        tok = tokens[k]
        if k > i and (tok.text in ("-", "‐") or tok.lower in lexicon.number_connectors):
            # a joint counts only between two number words
            if k + 1 < len(tokens) and _word_value(tokens[k + 1], lexicon) is not None:
                k += 1
                continue
            break
        found = _word_value(tok, lexicon)
        if found is None:
            break
        parts.append(found)
        last = k + 1
        k += 1
    return Number(float(_accumulate(parts)), i, last)


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
        if nxt.text in ("%", "％") or nxt.lower in lexicon.percent_words or nxt.lemma in lexicon.percent_words:
            return True
        # "20 por ciento", "20 per cent"
        following = " ".join(t.lower for t in tokens[number.last : number.last + 3])
        return any(" " in w and following.startswith(w) for w in lexicon.percent_words)
    return False
