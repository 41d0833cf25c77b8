"""Date expressions in a sentence, resolved against the publication date.

Month and weekday names come from dateparser's per-language data, so every language
dateparser knows has them without a list of ours; the lexicon adds what dateparser
does not hold (ordinals for "the sixth day", start markers such as "from").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from strikewatch.analysis import Token
from strikewatch.extraction.numbers import ordinal_digits, parse_digits
from strikewatch.lexicons import Lexicon
from strikewatch.memo import Memo

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


@dataclass(frozen=True)
class CalendarNames:
    """Month and weekday names of one language, lower-cased."""

    months: dict[str, int]
    weekdays: dict[str, int]
    day_first: bool


@cache
def calendar_names(language: str) -> CalendarNames:
    """Month and weekday names of a language from dateparser's locale data."""
    from dateparser.languages import default_loader

    info = default_loader.get_locale(language).info
    months: dict[str, int] = {}
    for number, key in enumerate(_MONTH_KEYS, 1):
        for name in info.get(key, []):
            name = name.lower().rstrip(".")
            if len(name) >= 3:
                months.setdefault(name, number)
    weekdays: dict[str, int] = {}
    for number, key in enumerate(_WEEKDAY_KEYS):
        for name in info.get(key, []):
            name = name.lower().rstrip(".")
            if len(name) >= 4:
                weekdays.setdefault(name, number)
    order = str(info.get("date_order", "DMY"))
    return CalendarNames(months, weekdays, not order.startswith("M"))


class DateWord(NamedTuple):
    """What a word form can be in a date."""

    month: int | None
    weekday: int | None
    in_date: bool  # it can be read in a date at all
    starts_same_day: bool  # a phrase for "the same day" may start with it
    dated: bool  # it can be read in a date other than by that phrase (a digit, a name, a number word)


@dataclass(frozen=True)
class DateMention:
    """A date expression at tokens ``[first, last)``.

    ``value`` is an ISO date, ``YYYY-MM`` or None when it cannot be resolved (no year
    and no publication date). ``role`` is "start" after "from", "since" after "since" (a start in
    the past, the action going on), "end" after
    "until", "count" for "the sixth day" (the start counted back), "dateline" for the date of a
    wire dateline opening a sentence that names a date of its own ("LONDON, March 12 (Reuters) -
    ... on Monday"), else "point".
    """

    first: int
    last: int
    value: str | None
    role: str
    explicit: bool


class DateFinder:
    """Finds and resolves date expressions for one language."""

    def __init__(self, lexicon: Lexicon, analyzer=None) -> None:
        self.lexicon = lexicon
        self.names = calendar_names(lexicon.language)
        self.same_day = None
        if analyzer is not None and lexicon.same_day:
            from strikewatch.extraction.matching import PhraseMatcher

            self.same_day = PhraseMatcher(analyzer).add("same", lexicon.same_day)
        # What each word form can be in a date, remembered (see _word).
        self._words: Memo[tuple[str, str], DateWord] = Memo()

    def _month(self, token: Token) -> int | None:
        return self._word(token).month

    def _weekday(self, token: Token) -> int | None:
        return self._word(token).weekday

    def _word(self, token: Token) -> DateWord:
        """What a word can be in a date, remembered per form."""
        key = (token.lower, token.lemma)
        known = self._words.get(key)
        if known is None:
            month = self._name(token.lower.rstrip("."), token.lemma, self.names.months)
            weekday = self._find_weekday(token)
            lexicon = self.lexicon
            dated = month is not None or weekday is not None or token.lower in lexicon.relative_days \
                or any(k in lexicon.numbers or k in lexicon.ordinals for k in key) \
                or any(ch.isdigit() for ch in token.lower)
            same = self.same_day is not None and self.same_day.starts_any(token)
            known = self._words.remember(key, DateWord(month, weekday, dated or same, same, dated))
        return known

    def _find_weekday(self, token: Token) -> int | None:
        found = self._name(token.lower, token.lemma, self.names.weekdays)
        if found is None:
            # "Sonntagabend", "Dienstagmorgen": a weekday and a part of the day in one word
            for part in self.lexicon.weekday_parts:
                if token.lower.endswith(part) and len(token.lower) > len(part) + 2:
                    stem = token.lower[: -len(part)]
                    if stem in self.names.weekdays:
                        return self.names.weekdays[stem]
        return found

    def _name(self, lower: str, lemma: str, names: dict[str, int]) -> int | None:
        for key in (lower, lemma):
            if key in names:
                return names[key]
        return self._inflected(lower, names)

    def _inflected(self, word: str, names: dict[str, int]) -> int | None:
        """A name with a case ending of an agglutinative language ("наурыздан" → наурыз)."""
        for suffix in self.lexicon.place_suffixes:
            if suffix and word.endswith(suffix) and len(word) - len(suffix) >= 3:
                found = names.get(word[: -len(suffix)])
                if found is not None:
                    return found
        return None

    def find(self, tokens: Sequence[Token], start: int, stop: int, anchor: DateAnchor) -> list[DateMention]:
        """Date expressions in ``tokens[start:stop]``, resolved against ``anchor``.

        A full date with its year becomes the reference for bare dates after it in the sentence; the
        caller carries it to later sentences with ``written_reference``.
        """
        self.last_written = anchor.written
        out: list[DateMention] = []
        words = self._words
        i = start
        while i < stop:
            known = words.get((tokens[i].lower, tokens[i].lemma))
            if known is not None and not known.in_date:
                i += 1  # a word known to be no part of a date (most words)
                continue
            found = self._at(tokens, i, stop, anchor)
            if found is None:
                i += 1
                continue
            if found.explicit and found.value and self._has_year(tokens, found):
                anchor = anchor.with_written(found.value)
            role = found.role
            if role == "point" and found.value is not None:
                role = self._role_before(tokens, found.first, start)
            value = found.value
            if role == "since":
                value = anchor.in_the_past(value)
            elif role == "end" and not found.explicit and value and len(value) == 10:
                value = forward_weekday(value, anchor.published)  # "until Monday" looks ahead
            found = DateMention(found.first, found.last, value, role, found.explicit)
            # "Monday, February 14": the weekday and the date are one expression.
            if out and not out[-1].explicit and found.explicit and found.first - out[-1].last <= 2:
                prev = out.pop()
                found = DateMention(prev.first, found.last, found.value, prev.role if prev.role != "point"
                                    else found.role, True)
            out.append(found)
            i = found.last
        self.last_written = anchor.written
        if len(out) > 1 and _is_dateline(tokens, start, stop, out[0]):
            out[0] = DateMention(out[0].first, out[0].last, out[0].value, "dateline", out[0].explicit)
        return out

    @staticmethod
    def _has_year(tokens: Sequence[Token], found: DateMention) -> bool:
        return any(_YEAR.match(t.text) or _ISO.match(t.text) or _NUMERIC.match(t.text)
                   for t in tokens[found.first : found.last])

    def _role_before(self, tokens: Sequence[Token], first: int, start: int) -> str:
        window = [t for t in tokens[max(start, first - 3) : first]]
        words = {t.lower for t in window} | {t.lemma for t in window}
        joined = " ".join(t.lower for t in window)
        for marker in self.lexicon.since_markers:
            if marker in words or (" " in marker and joined.endswith(marker)):
                return "since"
        for marker in self.lexicon.start_markers:
            if marker in words or (" " in marker and joined.endswith(marker)):
                return "start"
        for marker in self.lexicon.end_markers:
            if marker in words or (" " in marker and joined.endswith(marker)):
                return "end"
        return "point"

    def _at(self, tokens: Sequence[Token], i: int, stop: int, anchor: DateAnchor) -> DateMention | None:
        tok = tokens[i]
        word = self._word(tok)
        if word.starts_same_day and self.same_day is not None:
            same = self.same_day.matches_at(tokens, i, stop)
            if same:
                # "the same day": resolved by the reader against the date last named.
                return DateMention(i, same[0].last, None, "same", False)
        if not word.dated:
            return None  # most words: no digit, no month, weekday, relative day or number word
        iso = _ISO.match(tok.text)
        if iso:
            return DateMention(i, i + 1, _valid(int(iso[1]), int(iso[2]), int(iso[3])), "point", True)
        numeric = _NUMERIC.match(tok.text)
        if numeric:
            a, b, year = int(numeric[1]), int(numeric[2]), int(numeric[3])
            day, month = (a, b) if self.names.day_first else (b, a)
            return DateMention(i, i + 1, _valid(year, month, day), "point", True)
        day = ordinal_digits(tok.text)
        if day is not None and 1 <= day <= 31 and i + 1 < stop:
            # "5 June", "5 de junio", "1º de março"
            m = self._skip_connectors(tokens, i + 1, stop)
            month = self._month(tokens[m]) if m < stop else None
            if month:
                last, year = self._year_after(tokens, m + 1, stop)
                return DateMention(i, last, anchor.resolve_day(year, month, day), "point", True)
        month = self._month(tok)
        if month and i + 1 < stop:
            nxt = tokens[i + 1]
            day = ordinal_digits(nxt.text)
            if day is not None and 1 <= day <= 31 and not _YEAR.match(nxt.text):
                last, year = self._year_after(tokens, i + 2, stop)
                return DateMention(i, last, anchor.resolve_day(year, month, day), "point", True)
            y = self._skip_connectors(tokens, i + 1, stop)
            if y < stop and _YEAR.match(tokens[y].text) and (tok.lower != "may" or tok.is_capitalized):
                # "June 2022", "junio de 2022"
                return DateMention(i, y + 1, f"{int(tokens[y].text):04d}-{month:02d}", "point", True)
        if month and i > 0 and (tokens[i - 1].lower in self.lexicon.month_markers) and len(tok.lower) >= 4 \
                and (tok.lower != "may" or tok.is_capitalized):
            # "in late January", "since March": the month, in the year nearest the reference
            return DateMention(i, i + 1, anchor.resolve_month(month), "point", True)
        weekday = self._weekday(tok)
        if weekday is not None:
            # "na quinta-feira (19)": the weekday with its day of the month in brackets
            if i + 3 < len(tokens) and i + 2 < stop and tokens[i + 1].text == "(" and tokens[i + 3].text == ")":
                day = ordinal_digits(tokens[i + 2].text)
                value = anchor.resolve_weekday_day(weekday, day) if day is not None else None
                if value is not None:
                    return DateMention(i, i + 4, value, "point", True)
            return DateMention(i, i + 1, anchor.resolve_weekday(weekday), "point", False)
        relative = self.lexicon.relative_days.get(tok.lower)
        if relative is not None:
            return DateMention(i, i + 1, anchor.shift(relative), "point", False)
        count = self._count_back(tokens, i, stop)
        if count is not None:
            n, last = count
            return DateMention(i, last, anchor.shift(-(n - 1)), "count", False)
        return None

    def _count_back(self, tokens: Sequence[Token], i: int, stop: int) -> tuple[int, int] | None:
        """'the sixth day', '6th day', 'since six days': the day count and where the expression ends."""
        tok = tokens[i]
        if i > 0 and (tokens[i - 1].lower in self.lexicon.since_markers or tokens[i - 1].lemma in
                      self.lexicon.since_markers):
            number = self.lexicon.numbers.get(tok.lower) or self.lexicon.numbers.get(tok.lemma) or (
                int(tok.text) if tok.text.isdigit() and len(tok.text) <= 3 else None)
            if number and i + 1 < stop and (tokens[i + 1].lower in self.lexicon.day_words
                                            or tokens[i + 1].lemma in self.lexicon.day_words):
                # six days since the start: today is day seven
                return number + 1, i + 2
        n = self.lexicon.ordinals.get(tok.lower) or self.lexicon.ordinals.get(tok.lemma)
        if n is None and re.match(r"^\d{1,3}(st|nd|rd|th|°|º|-?[a-zа-яё]{1,3})$", tok.text, re.IGNORECASE):
            n = ordinal_digits(tok.text)
        if not n:
            return None
        for j in range(i + 1, min(i + 3, stop)):
            if tokens[j].lower in self.lexicon.day_words or tokens[j].lemma in self.lexicon.day_words:
                return n, j + 1
        return None

    def _skip_connectors(self, tokens: Sequence[Token], j: int, stop: int) -> int:
        """Past the words a language puts inside a date ("de" in "5 de junio de 2022")."""
        while j < stop and tokens[j].lower in self.lexicon.date_connectors:
            j += 1
        return j

    def _year_after(self, tokens: Sequence[Token], j: int, stop: int) -> tuple[int, int | None]:
        if j < stop and tokens[j].text == "," and j + 1 < stop and _YEAR.match(tokens[j + 1].text):
            return j + 2, int(tokens[j + 1].text)
        k = self._skip_connectors(tokens, j, stop)
        if k < stop and _YEAR.match(tokens[k].text):
            return k + 1, int(tokens[k].text)
        return j, None


@dataclass(frozen=True)
class DateAnchor:
    """What relative dates are resolved against: the publication date, else a year the text states."""

    published: date | None
    year: int | None = None
    # The last full date the text wrote with its year ("On 3 January 2022 ... on 4 January"): a day
    # and month without a year belong near it rather than near the publication date.
    written: date | None = None

    def with_written(self, value: str | None) -> DateAnchor:
        """This anchor, with a date the text wrote in full as the reference for later bare dates."""
        if not value or len(value) != 10:
            return self
        return DateAnchor(self.published, self.year, date.fromisoformat(value))

    def resolve_day(self, year: int | None, month: int, day: int) -> str | None:
        if year is not None:
            return _valid(year, month, day)
        reference = self.written or self.published
        if reference is None:
            return _valid(self.year, month, day) if self.year else None
        # No year written: the year that puts the date nearest the reference.
        best: date | None = None
        for y in (reference.year - 1, reference.year, reference.year + 1):
            try:
                candidate = date(y, month, day)
            except ValueError:
                continue
            if best is None or abs((candidate - reference).days) < abs((best - reference).days):
                best = candidate
        return best.isoformat() if best else None

    def in_the_past(self, value: str | None) -> str | None:
        """A date "since" which something goes on: not after the report (a year back if the year was guessed)."""
        if value is None or self.published is None or len(value) != 10:
            return value
        day = date.fromisoformat(value)
        if day > self.published:
            try:
                return day.replace(year=day.year - 1).isoformat()
            except ValueError:
                return value
        return value

    def resolve_month(self, month: int) -> str | None:
        """A month named without a year: in the year that puts it nearest the reference."""
        found = self.resolve_day(None, month, 15)
        return found[:7] if found else None

    def resolve_weekday(self, weekday: int) -> str | None:
        """The latest such weekday on or before publication (reports mostly look back)."""
        if self.published is None:
            return None
        delta = (self.published.weekday() - weekday) % 7
        return _shifted(self.published, -delta)

    def resolve_weekday_day(self, weekday: int, day: int) -> str | None:
        """The date nearest the reference that is this day of a month and falls on this weekday."""
        reference = self.written or self.published
        if reference is None or not 1 <= day <= 31:
            return None
        found: list[date] = []
        for shift in (-1, 0, 1):
            month = (reference.month - 1 + shift) % 12 + 1
            year = reference.year + (reference.month - 1 + shift) // 12
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if candidate.weekday() == weekday:
                found.append(candidate)
        return min(found, key=lambda c: abs((c - reference).days)).isoformat() if found else None

    def shift(self, days: int) -> str | None:
        if self.published is None:
            return None
        return _shifted(self.published, days)

    def month(self) -> str | None:
        return f"{self.published.year:04d}-{self.published.month:02d}" if self.published else None


def forward_weekday(value: str, published: date | None) -> str:
    """Move a weekday resolved backwards to its next occurrence (for announced actions)."""
    if published is None:
        return value
    resolved = date.fromisoformat(value)
    if resolved < published:
        return _shifted(resolved, 7) or value
    return resolved.isoformat()


def _shifted(day: date, days: int) -> str | None:
    """A date moved by some days; None past the ends of the calendar."""
    try:
        return (day + timedelta(days=days)).isoformat()
    except OverflowError:
        return None


def _valid(year: int | None, month: int, day: int) -> str | None:
    if year is None:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def years_in(text: str) -> list[int]:
    """Four-digit years written in a text (to anchor dates when there is no publication date)."""
    return [int(y) for y in re.findall(r"\b(19[5-9]\d|20\d\d)\b", text)]


__all__ = ["DateAnchor", "DateFinder", "DateMention", "calendar_names", "forward_weekday", "parse_digits", "years_in"]


_DATELINE_DASHES = frozenset({"-", "–", "—", "--"})


def _is_dateline(tokens: Sequence[Token], start: int, stop: int, found: DateMention) -> bool:
    """Whether a date opens its sentence as a wire dateline: "LONDON, March 12 (Reuters) -", "TARKWA, Sept. 12 —"."""
    if found.first - start > 4 or not all(t.text == "," or t.text[:1].isupper() for t in tokens[start:found.first]):
        return False
    k = found.last
    if k < stop and tokens[k].text == "(":  # the agency
        close = next((j for j in range(k + 1, min(stop, k + 6)) if tokens[j].text == ")"), None)
        if close is None:
            return False
        k = close + 1
    return k < stop and tokens[k].text in _DATELINE_DASHES
