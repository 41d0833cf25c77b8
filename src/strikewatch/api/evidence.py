"""Which field of an event each evidence sentence supports, found by looking for the field's values in it.

The extractor keeps which sentences tell an event, not which sentence gave which field, and
views never re-run extraction. So each sentence is searched for the values themselves: the
place's name, venue and region, the organisations, unions and targets, the demands' words,
the counts, the date (the day number with a month name, a weekday name, or a numeric form,
in the sentence's language and in English, month and weekday names from dateparser's data),
and the action (a trigger phrase of the event's kind from the language's lexicon).

Names are compared folded (case and accents aside) and transliterated to Latin letters, so
that a gazetteer's "Zhanaozen" is found in "Жанаозене"; a word matches a word that begins like
it (inflection) or differs only as two transliterations do. A value written in another way
("for the sixth day", "two hundred") is not found: such a sentence is highlighted with the
fields that are found in it, if any.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import cache

from unidecode import unidecode

from strikewatch.merge import organisation_key
from strikewatch.model import Event, Span

# The labels, in the order they are shown.
LABELS = ("kind", "date", "place", "organisation", "union", "target", "demand", "size", "arrests",
          "injuries", "fatalities")
_WORD = re.compile(r"[^\W_]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Thousands may be grouped by a comma, a dot, a space or a narrow space.
_GROUPING = "[,.\u00a0\u202f' ]?"


@dataclass(frozen=True)
class LabelledSpan:
    """An evidence span with its text, the fields it supports and the events it belongs to."""

    start: int
    end: int
    language: str
    text: str
    fields: tuple[str, ...]
    events: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The span as plain JSON values."""
        return {"start": self.start, "end": self.end, "language": self.language, "text": self.text,
                "fields": list(self.fields)}


@dataclass(frozen=True)
class Segment:
    """A run of a document's text: plain, or a highlighted span."""

    text: str
    span: LabelledSpan | None = None


def fold_latin(text: str) -> str:
    """Text folded for comparing names: NFKC, Latin letters, no accents, case folded."""
    latin = unidecode(unicodedata.normalize("NFKC", text))
    decomposed = unicodedata.normalize("NFKD", latin)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _latin_words(text: str) -> list[str]:
    return _WORD.findall(fold_latin(text))


def _same_word(wanted: str, found: str) -> bool:
    """Whether ``found`` is ``wanted`` inflected, or spelt as another transliteration would."""
    if wanted == found:
        return True
    if len(wanted) < 4 or len(found) < 4:
        return False
    stem = wanted[: max(4, len(wanted) - 2)]
    if found.startswith(stem):
        return True
    return min(len(wanted), len(found)) >= 6 and SequenceMatcher(None, wanted, found).ratio() >= 0.84


def _has_words(wanted: Sequence[str], words: Sequence[str], *, share: float = 1.0) -> bool:
    """Whether at least ``share`` of the wanted words are in ``words``."""
    if not wanted:
        return False
    found = sum(1 for w in wanted if any(_same_word(w, x) for x in words))
    return found >= max(1, round(share * len(wanted)))


def _significant(words: list[str], shortest: int) -> list[str]:
    kept = [w for w in words if len(w) >= shortest]
    return kept or words


def _name_found(name: str, words: Sequence[str], *, organisation: bool = False) -> bool:
    key = organisation_key(name) if organisation else " ".join(_latin_words(name))
    return _has_words(_significant(key.split(), 3), words)


def _number_pattern(number: int) -> re.Pattern[str]:
    digits = str(number)
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return re.compile(r"(?<![\d.,])" + _GROUPING.join(groups) + r"(?![\d])")


@cache
def _calendar(language: str) -> tuple[dict[str, int], dict[str, int]]:
    """Month and weekday names of a language (lower case) from dateparser's locale data."""
    from dateparser.languages import default_loader

    try:
        info = default_loader.get_locale(language).info
    except Exception:  # a language dateparser does not know has no names to look for
        return {}, {}
    months = {name.lower().rstrip("."): number for number, key in enumerate(_MONTH_KEYS, 1)
              for name in info.get(key, []) if len(name.rstrip(".")) >= 3}
    weekdays = {name.lower().rstrip("."): number for number, key in enumerate(_WEEKDAY_KEYS)
                for name in info.get(key, []) if len(name.rstrip(".")) >= 4}
    return months, weekdays


def _named(words: Sequence[str], names: dict[str, int], number: int) -> bool:
    """Whether a word is (or begins with, as an inflected form does) a name that stands for ``number``."""
    wanted = [name for name, n in names.items() if n == number]
    return any(word == name or (len(name) >= 4 and word.startswith(name)) for word in words for name in wanted)


def _date_found(value: str, text: str, languages: Sequence[str]) -> bool:
    parts = value.split("-")
    if text.find(value) >= 0:
        return True
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2]) if len(parts) > 2 else None
    except ValueError:
        return False
    words = _LETTERS.findall(text.casefold())
    for language in dict.fromkeys([*languages, "en"]):
        months, weekdays = _calendar(language)
        named_month = month is not None and _named(words, months, month)
        if named_month and (day is None or re.search(rf"(?<!\d)0?{day}(?!\d)", text)):
            return True
        if day is not None and month is not None:
            try:
                weekday = date(year, month, day).weekday()
            except ValueError:
                return False
            if _named(words, weekdays, weekday):
                return True
    if day is not None and month is not None:
        numeric = rf"(?<!\d)0?{day}[./]0?{month}[./](?:{year}|{year % 100:02d})(?!\d)"
        american = rf"(?<!\d)0?{month}/0?{day}/(?:{year}|{year % 100:02d})(?!\d)"
        return bool(re.search(numeric, text) or re.search(american, text))
    return month is None and re.search(rf"(?<!\d){year}(?!\d)", text) is not None


@cache
def _triggers(language: str, kind: str) -> tuple[tuple[str, ...], ...]:
    """The trigger phrases of a kind in a language, as folded words ("go on strike" → go, on, strike)."""
    from strikewatch.lexicons import load_lexicon

    try:
        phrases = load_lexicon(language).triggers.get(kind, [])
    except Exception:  # no lexicon for this language: the kind is not looked for
        return ()
    made = []
    for phrase in phrases:
        words = tuple(w for w in _latin_words(phrase.replace("...", " ").lstrip("=")) if len(w) >= 3)
        if words:
            made.append(words)
    return tuple(made)


def _kind_found(kind: str, words: Sequence[str], languages: Sequence[str]) -> bool:
    for language in dict.fromkeys([*languages, "en"]):
        for phrase in _triggers(language, kind):
            if all(any(_same_word(w, x) for x in words) for w in phrase):
                return True
    return False


def sentence_fields(sentence: str, language: str, events: Iterable[Event]) -> tuple[str, ...]:
    """The fields of the given events (one event as told by several reports) that ``sentence`` supports."""
    words = _latin_words(sentence)
    languages = [language] if language else []
    found: set[str] = set()
    for event in events:
        if "kind" not in found and _kind_found(event.kind, words, languages):
            found.add("kind")
        if "date" not in found:
            for value in (event.start_date, event.end_date):
                if value and _date_found(value, sentence, languages):
                    found.add("date")
                    break
        place = event.location
        if place is not None and "place" not in found:
            names = [n for n in (place.name, place.venue, place.admin1) if n]
            if any(_name_found(name, words) for name in names):
                found.add("place")
        for label, names in (("organisation", event.actor.organizations), ("union", event.actor.unions),
                             ("target", event.targets)):
            if label not in found and any(_name_found(name, words, organisation=True) for name in names):
                found.add(label)
        if "demand" not in found:
            for demand in event.demands:
                wanted = _significant(_latin_words(demand.text), 4)
                if demand.text and _has_words(wanted, words, share=0.6):
                    found.add("demand")
                    break
        for label, number in (("size", event.actor.size), ("arrests", event.arrests),
                              ("injuries", event.injuries), ("fatalities", event.fatalities)):
            if label not in found and number and _number_pattern(number).search(sentence):
                found.add(label)
    return tuple(label for label in LABELS if label in found)


def label_spans(text: str, spans: Sequence[Span], events: Sequence[Event], *,
                event_ids: tuple[int, ...] = ()) -> list[LabelledSpan]:
    """The evidence spans of a document with their text and the fields they support."""
    labelled = []
    for span in spans:
        start, end = max(0, span.start), min(len(text), span.end)
        if start >= end:
            continue
        sentence = text[start:end]
        labelled.append(LabelledSpan(start=start, end=end, language=span.language, text=sentence,
                                     fields=sentence_fields(sentence, span.language, events), events=event_ids))
    return labelled


def segments(text: str, spans: Iterable[LabelledSpan], start: int = 0, end: int | None = None) -> list[Segment]:
    """``text[start:end]`` cut into plain runs and highlighted spans (overlapping spans joined, cut at the ends)."""
    end = len(text) if end is None else end
    joined: list[LabelledSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        lo, hi = max(span.start, start), min(span.end, end)
        if lo >= hi:
            continue
        if joined and lo < joined[-1].end:
            last = joined[-1]
            hi = max(last.end, hi)
            fields = tuple(label for label in LABELS if label in last.fields or label in span.fields)
            events = tuple(sorted(set(last.events) | set(span.events)))
            joined[-1] = LabelledSpan(start=last.start, end=hi, language=last.language, text=text[last.start:hi],
                                      fields=fields, events=events)
        else:
            joined.append(LabelledSpan(start=lo, end=hi, language=span.language, text=text[lo:hi],
                                       fields=span.fields, events=span.events))
    out: list[Segment] = []
    position = start
    for span in joined:
        if span.start > position:
            out.append(Segment(text=text[position:span.start]))
        out.append(Segment(text=span.text, span=span))
        position = span.end
    if position < end:
        out.append(Segment(text=text[position:end]))
    return out


@dataclass(frozen=True)
class Passage:
    """Paragraphs of a document in a row: with highlighted evidence, or a run without any."""

    highlighted: bool
    paragraphs: list[list[Segment]]


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def passages(text: str, spans: Sequence[LabelledSpan]) -> list[Passage]:
    """The document's paragraphs, each cut into segments, grouped into runs with and without evidence."""
    bounds: list[tuple[int, int]] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > position:
            bounds.append((position, match.start()))
        position = match.end()
    if position < len(text):
        bounds.append((position, len(text)))
    out: list[Passage] = []
    for start, end in bounds:
        cut = segments(text, spans, start, end)
        highlighted = any(segment.span is not None for segment in cut)
        if out and out[-1].highlighted == highlighted:
            out[-1].paragraphs.append(cut)
        else:
            out.append(Passage(highlighted=highlighted, paragraphs=[cut]))
    return out
