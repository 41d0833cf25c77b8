"""Proper names in a sentence: organisations found by their shape, places through the gazetteer."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from strikewatch.analysis import Token
from strikewatch.extract.dates import calendar_names
from strikewatch.lexicons import Lexicon
from strikewatch.model import Place
from strikewatch.places import Gazetteer, GazetteerEntry

_QUOTES_OPEN = "«\"“„'‘"
_QUOTES_CLOSE = "»\"”“'’"
_NAME_CHARS = re.compile(r"^[\w&.\-–'’]+$")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё]*[A-ZА-ЯЁ]")
# Cities this small are accepted only where the context backs them (a preposition, the document's country).
_SMALL_TOWN = 20_000
PRECISION_RANK = {"venue": 0, "city": 1, "district": 2, "region": 3, "country": 4}


@dataclass(frozen=True)
class NameSpan:
    """Tokens ``[first, last)`` of a proper name and its text as written."""

    first: int
    last: int
    text: str


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a sentence, resolved to a gazetteer entry."""

    first: int
    last: int
    entry: GazetteerEntry
    precision: str


@dataclass
class PlaceContext:
    """What the document has said so far: its countries, the latest place and date named."""

    countries: Counter[str] = field(default_factory=Counter)
    recent: PlaceMention | None = None
    last_date: str | None = None

    @property
    def country(self) -> str | None:
        return self.countries.most_common(1)[0][0] if self.countries else None


def _is_name_token(tok: Token) -> bool:
    return bool(tok.text[:1].isupper() or _ACRONYM.match(tok.text)) and bool(_NAME_CHARS.match(tok.text))


class NameFinder:
    """Finds organisations and places in the tokens of one language."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer) -> None:
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.legal_forms = set(lexicon.legal_forms)
        self.units = {u.lower() for u in lexicon.org_units}
        self.of_words = {w.lower() for w in lexicon.of_words}
        self.union_words = {w.lower() for w in lexicon.union_words}
        self.region_words = {w.lower() for w in lexicon.region_words}
        self.district_words = {w.lower() for w in lexicon.district_words}
        self.prepositions = {w.lower() for w in lexicon.place_prepositions}
        names = calendar_names(lexicon.language)
        self.stop = {w.lower() for w in lexicon.stop_capitals} | set(names.months) | set(names.weekdays)

    # ---- proper-name runs ---------------------------------------------------------------

    def name_runs(self, tokens: Sequence[Token], start: int, stop: int) -> list[NameSpan]:
        """Runs of capitalised tokens (hyphens and apostrophes inside names allowed)."""
        runs: list[NameSpan] = []
        i = start
        while i < stop:
            if not _is_name_token(tokens[i]) or tokens[i].lower in self.stop or tokens[i].text in self.legal_forms:
                i += 1
                continue
            j = i + 1
            while j < stop:
                tok = tokens[j]
                glued = tok.start == tokens[j - 1].end
                if tok.text in "-–" and glued and j + 1 < stop and tokens[j + 1].start == tok.end:
                    j += 2
                    continue
                if _is_name_token(tok) and tok.lower not in self.stop and tok.text not in self.legal_forms:
                    j += 1
                    continue
                break
            runs.append(NameSpan(i, j, _text(tokens, i, j)))
            i = j
        return runs

    # ---- organisations ------------------------------------------------------------------

    def organizations(self, tokens: Sequence[Token], start: int, stop: int, group_at: Sequence[int]
                      ) -> list[NameSpan]:
        """Organisations by shape: names with a legal form, quoted names, "workers of X"."""
        found: list[NameSpan] = []
        i = start
        while i < stop:
            tok = tokens[i]
            if tok.text in self.legal_forms and (tok.text[:1].isupper() or "." in tok.text):
                span = self._legal_form_org(tokens, i, start, stop)
                if span:
                    found = [f for f in found if f.last <= span.first or f.first >= span.last]
                    found.append(span)
                    i = span.last
                    continue
            i += 1
        for g in group_at:
            span = self._org_after_group(tokens, g, stop)
            if span and not any(f.first < span.last and span.first < f.last for f in found):
                found.append(span)
        found.sort(key=lambda s: s.first)
        return found

    def _legal_form_org(self, tokens: Sequence[Token], i: int, start: int, stop: int) -> NameSpan | None:
        # Legal forms may chain ("Ltd LLP"): extend to the last one.
        last = i + 1
        while last < stop and tokens[last].text in self.legal_forms:
            last += 1
        # Name before the form: "Burgylau LLP", "Acme Steel Ltd".
        first = i
        while first > start and first > i - 5:
            prev = tokens[first - 1]
            if prev.text in _QUOTES_CLOSE and first - 2 >= start:
                # quoted name before the form
                q = first - 2
                while q > start and tokens[q].text not in _QUOTES_OPEN:
                    q -= 1
                if tokens[q].text in _QUOTES_OPEN and q < first - 1:
                    return NameSpan(q, last, _text(tokens, q, last))
                break
            if _is_name_token(prev) and prev.lower not in self.stop:
                first -= 1
                continue
            break
        if first < i:
            return NameSpan(first, last, _text(tokens, first, last))
        # Name after the form: "ТОО «Name»", "JSC Name".
        j = last
        if j < stop and tokens[j].text in _QUOTES_OPEN:
            k = j + 1
            while k < stop and k < j + 8 and tokens[k].text not in _QUOTES_CLOSE:
                k += 1
            if k < stop and tokens[k].text in _QUOTES_CLOSE and k > j + 1:
                return NameSpan(i, k + 1, _text(tokens, i, k + 1))
        k = j
        while k < stop and k < j + 4 and _is_name_token(tokens[k]) and tokens[k].lower not in self.stop:
            k += 1
        if k > j:
            return NameSpan(i, k, _text(tokens, i, k))
        return None

    def _org_after_group(self, tokens: Sequence[Token], g: int, stop: int) -> NameSpan | None:
        """"workers of [the] [Place] branch of [the] X": X, skipping units and places."""
        j = g + 1
        hops = 0
        while j < stop and hops < 4:
            if tokens[j].lower not in self.of_words:
                return None
            j += 1
            # skip articles and lower-case modifiers ("the", "some", "veterinary")
            steps = 0
            while j < stop and steps < 3 and not _is_name_token(tokens[j]) and tokens[j].lower not in self.units \
                    and tokens[j].lower not in self.of_words and tokens[j].text not in _QUOTES_OPEN \
                    and tokens[j].text.isalpha():
                j += 1
                steps += 1
            if j >= stop:
                return None
            if tokens[j].text in _QUOTES_OPEN:
                k = j + 1
                while k < stop and k < j + 8 and tokens[k].text not in _QUOTES_CLOSE:
                    k += 1
                if k < stop and k > j + 1:
                    return NameSpan(j + 1, k, _text(tokens, j + 1, k))
                return None
            runs = self.name_runs(tokens, j, min(stop, j + 6))
            if runs and runs[0].first == j:
                run = runs[0]
                after = tokens[run.last].lower if run.last < stop else ""
                if after in self.units or after in self.region_words or after in self.district_words \
                        or self._is_place_name(run.text):
                    j = run.last + (1 if after in self.units or after in self.region_words
                                    or after in self.district_words else 0)
                    hops += 1
                    continue
                return run
            if tokens[j].lower in self.units:
                j += 1
                hops += 1
                continue
            return None
        return None

    def _is_place_name(self, text: str) -> bool:
        return bool(self.gazetteer.candidates(text)) and len(text) > 2

    def is_union(self, name: str) -> bool:
        """Whether an organisation's name says it is a union."""
        words = {w.lower() for w in re.findall(r"\w+", name)}
        return bool(words & self.union_words)

    # ---- places -------------------------------------------------------------------------

    def places(self, tokens: Sequence[Token], start: int, stop: int, context: PlaceContext,
               exclude: Sequence[NameSpan] = ()) -> list[PlaceMention]:
        """Places named in ``tokens[start:stop]``, resolved with the document's context."""
        out: list[PlaceMention] = []
        for run in self.name_runs(tokens, start, stop):
            if any(e.first <= run.first < e.last or run.first <= e.first < run.last for e in exclude):
                continue
            found = self._resolve_run(tokens, run, start, stop, context)
            if found:
                out.append(found)
        return out

    def _resolve_run(self, tokens: Sequence[Token], run: NameSpan, start: int, stop: int,
                     context: PlaceContext) -> PlaceMention | None:
        after = tokens[run.last].lower if run.last < stop else ""
        before = [t.lower for t in tokens[max(start, run.first - 3) : run.first]]
        near_before = before[-2:]
        country = context.country
        admin1 = context.recent.entry.admin1_code if context.recent else None
        region_cue = after in self.region_words or (len(before) >= 2 and before[-2] in self.region_words
                                                     and before[-1] in self.of_words) \
            or (before[-1:] and before[-1] in self.region_words)
        district_cue = after in self.district_words or (len(before) >= 2 and before[-2] in self.district_words
                                                         and before[-1] in self.of_words) \
            or (before[-1:] and before[-1] in self.district_words)
        names = [run.text]
        if self.lexicon.place_suffixes:
            names.extend(e.name for e in self.gazetteer.lookup_inflected(run.text, self.lexicon.place_suffixes))
        if region_cue:
            for name in names:
                entry = self.gazetteer.region(name, country)
                if entry:
                    return PlaceMention(run.first, run.last, entry, "region")
        if district_cue:
            for name in names:
                entry = self.gazetteer.resolve(name, country=country, admin1_code=admin1)
                if entry and entry.feature in ("city", "district"):
                    return PlaceMention(run.first, run.last, entry, "district")
        for name in names:
            entry = self.gazetteer.resolve(name, country=country, admin1_code=admin1)
            if entry is None:
                continue
            if entry.feature == "country":
                return PlaceMention(run.first, run.last, entry, "country")
            backed = bool(set(near_before) & self.prepositions) or after in self.units \
                or (country is not None and entry.country == country)
            if entry.feature == "region":
                if backed or entry.population >= _SMALL_TOWN:
                    return PlaceMention(run.first, run.last, entry, "region")
                continue
            if backed or entry.population >= _SMALL_TOWN * 5:
                precision = "district" if entry.feature == "district" else "city"
                return PlaceMention(run.first, run.last, entry, precision)
        return None

    def to_place(self, mention: PlaceMention, venue: str | None) -> Place:
        """The model's Place for a resolved mention."""
        return self.gazetteer.to_place(mention.entry, precision=mention.precision, venue=venue)


def fold_name(name: str) -> str:
    """A key under which spellings of one organisation meet (case, accents, quotes, legal forms aside)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"\w+", text))


def _text(tokens: Sequence[Token], first: int, last: int) -> str:
    parts = []
    for k in range(first, last):
        if k > first and tokens[k].start > tokens[k - 1].end:
            parts.append(" ")
        parts.append(tokens[k].text)
    return "".join(parts)
