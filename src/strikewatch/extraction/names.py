"""Proper names in a sentence: organisations found by their shape, places through the gazetteer."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from strikewatch.analysis import Analyzer, Token, span_text
from strikewatch.extraction.dates import calendar_names
from strikewatch.lexicons import Lexicon
from strikewatch.memo import Memo
from strikewatch.model import Place
from strikewatch.places import Gazetteer, GazetteerEntry

_QUOTES_OPEN = "«\"“„'‘"
_QUOTES_CLOSE = "»\"”“'’"
_NAME_CHARS = re.compile(r"^[\w&.\-–'’]+$")
# Cities this small are accepted only where the context backs them (a preposition, the document's country).
_SMALL_TOWN = 20_000
_UNRESOLVED = object()
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
    last_date_paragraph: int = -10
    written: date | None = None  # the last full date written with its year
    last_organization: str | None = None  # the organisation named last (for "the company")

    @property
    def country(self) -> str | None:
        return self.countries.most_common(1)[0][0] if self.countries else None


def is_name_token(tok: Token) -> bool:
    """Whether a token can be part of a proper name (capitalised or an acronym)."""
    return tok.text[:1].isupper() and _name_shaped(tok.text)


@lru_cache(maxsize=16_384)
def _name_shaped(text: str) -> bool:
    # "Sonn-" in "Sonn- und Feiertage": the first part of a shortened compound, not a name.
    return bool(_NAME_CHARS.match(text)) and not text.endswith(("-", "–"))


class NameFinder:
    """Finds organisations and places in the tokens of one language."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, analyzer: Analyzer) -> None:
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.analyzer = analyzer
        self.legal_forms = set(lexicon.legal_forms)
        forms = list(dict.fromkeys(lexicon.legal_forms))
        # Legal forms are found in the text, not the tokens: tokenizers cut "S.p.A." differently. The
        # look at the first letter up front lets the regex engine pass over most places at once, and the
        # forms are one trie ("S\.(?:A\.(?: de C\.V\.)?|p\.A\.)"), the longest that fits tried first.
        first_letters = "".join(sorted({re.escape(f[0]) for f in forms}))
        self.legal_form_re = re.compile(rf"(?=[{first_letters}])(?<![\w.])(?:{_trie_pattern(forms)})(?![\w])") \
            if forms else None
        self.connectors = {w.lower() for w in lexicon.name_connectors}
        self.street_words = {w.lower() for w in lexicon.street_words}
        self.org_heads = {w.lower() for w in lexicon.org_heads}
        self.units = {u.lower() for u in lexicon.org_units}
        self.of_words = {w.lower() for w in lexicon.of_words}
        self.union_words = {w.lower() for w in lexicon.union_words}
        self.region_words = {w.lower() for w in lexicon.region_words}
        self.district_words = {w.lower() for w in lexicon.district_words}
        self.prepositions = {w.lower() for w in lexicon.place_prepositions}
        self.group_words = {w.lower().lstrip("=") for words in lexicon.groups.values() for w in words
                            if " " not in w and "*" not in w}
        names = calendar_names(lexicon.language)
        self.stop = {w.lower() for w in lexicon.stop_capitals} | set(names.months) | set(names.weekdays)
        self._forms_memo: Memo[str, list[str]] = Memo()
        self._resolved: Memo[tuple[object, ...], tuple[GazetteerEntry, str] | None] = Memo()
        self._runs_of: tuple[Sequence[Token], dict[tuple[int, int, bool], list[NameSpan]]] | None = None

    # ---- proper-name runs ---------------------------------------------------------------

    def name_runs(self, tokens: Sequence[Token], start: int, stop: int, connectors: bool = True) -> list[NameSpan]:
        """Runs of capitalised tokens (hyphens inside names, connectors between names allowed)."""
        # A sentence's runs are asked for several times (organisations, demands, places, stretches after
        # a company noun): the answers for the current token list are kept, with the very list they were
        # found in (held, so that no other list can take its place).
        key = (start, stop, connectors)
        if self._runs_of is None or self._runs_of[0] is not tokens:
            self._runs_of = (tokens, {})
        known = self._runs_of[1]
        runs = known.get(key)
        if runs is None:
            runs = known[key] = self._find_runs(tokens, start, stop, connectors)
        return list(runs)

    def _find_runs(self, tokens: Sequence[Token], start: int, stop: int, connectors: bool) -> list[NameSpan]:
        runs: list[NameSpan] = []
        i = start
        while i < stop:
            if not is_name_token(tokens[i]) or tokens[i].lower in self.stop or tokens[i].text in self.legal_forms:
                i += 1
                continue
            j = i + 1
            while j < stop:
                tok = tokens[j]
                glued = tok.start == tokens[j - 1].end
                if tok.text in ("-", "–", "/") and glued and j + 1 < stop and tokens[j + 1].start == tok.end \
                        and is_name_token(tokens[j + 1]):
                    j += 2
                    continue
                if is_name_token(tok) and tok.lower not in self.stop and tok.text not in self.legal_forms:
                    j += 1
                    continue
                # "University of Leeds", "Figline e Incisa": a connector between two names.
                if connectors and tok.lower in self.connectors and j + 1 < stop and is_name_token(tokens[j + 1]) \
                        and tokens[j + 1].lower not in self.stop:
                    j += 2
                    continue
                break
            runs.append(NameSpan(i, j, span_text(tokens, i, j)))
            i = j
        return runs

    def in_name_run(self, tokens: Sequence[Token], k: int, start: int, stop: int) -> bool:
        """Whether token ``k`` is inside a proper name of two words or more ("Living Wage Foundation")."""
        return any(run.first <= k < run.last and run.last - run.first >= 2
                   for run in self.name_runs(tokens, max(start, k - 4), min(stop, k + 5)))

    # ---- organisations ------------------------------------------------------------------

    def organizations(self, tokens: Sequence[Token], start: int, stop: int, group_at: Sequence[int],
                      text: str) -> list[NameSpan]:
        """Organisations by shape: names with a legal form, quoted names, "workers of X"."""
        found: list[NameSpan] = []
        for first, last, form_end in self._legal_form_tokens(tokens, start, stop, text):
            span = self._legal_form_org(tokens, first, last, start, stop)
            overhang = tokens[last - 1].end - form_end
            if span is not None and span.last == last and overhang > 0 and span.text[-overhang] == "-":
                # A case ending glued to the form ("«Нұрлы Білім» ЖШҚ-ның") is no part of the name.
                span = NameSpan(span.first, span.last, span.text[:-overhang])
            if span and not any(f.first < span.last and span.first < f.last for f in found):
                found.append(span)
        for run in self.name_runs(tokens, start, stop):
            # "Enugu State University Teaching Hospital (ESUTH)": a name that brings its own acronym.
            if run.last - run.first >= 2 and run.last + 2 < stop and tokens[run.last].text == "(" \
                    and len(tokens[run.last + 1].text) >= 2 and tokens[run.last + 1].text.isupper() \
                    and tokens[run.last + 2].text == ")" and not self._is_place_name(run.text) \
                    and not any(f.first < run.last and run.first < f.last for f in found):
                found.append(run)
                continue
            after = tokens[run.last].lower if run.last < stop else ""
            if (after in self.union_words or self.is_union(run.text)) and \
                    not any(f.first < run.last and run.first < f.last for f in found):
                if after in self.union_words and not self.is_union(run.text):
                    run = NameSpan(run.first, run.last + 1, span_text(tokens, run.first, run.last + 1))
                found.append(run)
        # "la raffinerie Esso", "the carmaker Stellantis", "l'agence d'intérim Proman": a noun that
        # introduces a company, then its name.
        for k in range(start, stop - 1):
            if tokens[k].lower not in self.org_heads and tokens[k].lemma not in self.org_heads:
                continue
            j = k + 1
            while j < stop and (tokens[j].lower in self.of_words or tokens[j].text in ("'", "’")
                                or tokens[j].lower.endswith(("'", "’"))):
                j += 1
            # Only a run that starts right there counts: most company nouns are followed by no name at all.
            starts_run = j < stop and is_name_token(tokens[j]) and tokens[j].lower not in self.stop \
                and tokens[j].text not in self.legal_forms
            runs = self.name_runs(tokens, j, min(stop, j + 5), connectors=False) if starts_run else []
            if runs and runs[0].first == j and not self._is_place_name(runs[0].text) \
                    and not self._common_words(runs[0], tokens) \
                    and not any(f.first < runs[0].last and runs[0].first < f.last for f in found):
                found.append(runs[0])
        for g in group_at:
            span = self._org_after_group(tokens, g, stop)
            if span and not any(f.first < span.last and span.first < f.last for f in found):
                found.append(span)
        found.sort(key=lambda s: s.first)
        return [NameSpan(f.first, f.last, self._base_form(f.text)) for f in found]

    def _base_form(self, name: str) -> str:
        """An organisation's name in the nominative, where the lexicon says how its words inflect."""
        endings = self.lexicon.name_base_endings
        if not endings:
            return name

        def base(match: re.Match[str]) -> str:
            word = match.group(0)
            for ending, nominative in endings.items():
                if word[:1].isupper() and word.endswith(ending) and len(word) > len(ending) + 2:
                    return word[: -len(ending)] + nominative
            return word

        return re.sub(r"\w+", base, name)

    def _legal_form_tokens(self, tokens: Sequence[Token], start: int, stop: int, text: str
                           ) -> list[tuple[int, int, int]]:
        """Token ranges of the legal forms in a sentence, chained forms ("Ltd LLP") as one, with the text offset
        where the form ends (a token may run on past it: "ЖШҚ-ның")."""
        if self.legal_form_re is None or start >= stop:
            return []
        offset = tokens[start].start
        ranges: list[tuple[int, int, int]] = []
        for match in self.legal_form_re.finditer(text, offset, tokens[stop - 1].end):
            first = next((k for k in range(start, stop) if tokens[k].end > match.start()), None)
            if first is None or tokens[first].start != match.start():
                continue
            last = first
            while last < stop and tokens[last].start < match.end():
                last += 1
            if ranges and ranges[-1][1] == first:
                ranges[-1] = (ranges[-1][0], last, match.end())
            else:
                ranges.append((first, last, match.end()))
        return ranges

    def _legal_form_org(self, tokens: Sequence[Token], i: int, last: int, start: int, stop: int
                        ) -> NameSpan | None:
        # Name before the form: "Acme Steel Ltd", "Borovik LLP", "Autobuses del Cantábrico, S.A.".
        if i - 1 > start and tokens[i - 1].text == "," and is_name_token(tokens[i - 2]):
            span = self._legal_form_org(tokens, i - 1, last, start, stop)
            if span is not None and span.first < i - 1:
                return NameSpan(span.first, last, span_text(tokens, span.first, last))
        first = i
        while first > start and first > i - 5:
            prev = tokens[first - 1]
            if prev.text in _QUOTES_CLOSE and first - 2 >= start:
                # quoted name before the form
                q = first - 2
                while q > start and tokens[q].text not in _QUOTES_OPEN:
                    q -= 1
                if tokens[q].text in _QUOTES_OPEN and q < first - 1:
                    return NameSpan(q, last, span_text(tokens, q, last))
                break
            if is_name_token(prev) and prev.lower not in self.stop:
                # An inflected place opening the sentence is where, not part of the name ("Ыстамбұлда Hızlı
                # Paket A.Ş.-нің курьерлері": Istanbul's couriers of Hızlı Paket).
                if first - 1 == start and first < i and self._name_forms(prev.text)[0] != prev.text:
                    break
                first -= 1
                continue
            # "Logistique Rhône-Alpes SAS": a hyphen glued between two names
            if prev.text in ("-", "–") and first - 2 >= start and tokens[first - 2].end == prev.start \
                    and prev.end == tokens[first].start and is_name_token(tokens[first - 2]):
                first -= 2
                continue
            # "Têxteis Vale do Ave, S.A.": a connector between two names ("Workers of Delta Mining JSC": not
            # when the word before it says who acts)
            if prev.lower in self.connectors and first - 2 >= start and is_name_token(tokens[first - 2]) \
                    and tokens[first - 2].lower not in self.stop and first < i \
                    and not {tokens[first - 2].lower, tokens[first - 2].lemma} & self.group_words:
                first -= 2
                continue
            break
        if first < i:
            return NameSpan(first, last, span_text(tokens, first, last))
        # Name after the form: "ТОО «Name»", "JSC Name".
        j = last
        if j < stop and tokens[j].text in _QUOTES_OPEN:
            k = j + 1
            while k < stop and k < j + 8 and tokens[k].text not in _QUOTES_CLOSE:
                k += 1
            if k < stop and tokens[k].text in _QUOTES_CLOSE and k > j + 1:
                return NameSpan(i, k + 1, span_text(tokens, i, k + 1))
        k = j
        while k < stop and k < j + 4 and is_name_token(tokens[k]) and tokens[k].lower not in self.stop:
            k += 1
        if k > j:
            return NameSpan(i, k, span_text(tokens, i, k))
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
            while j < stop and steps < 3 and not is_name_token(tokens[j]) and tokens[j].lower not in self.units \
                    and tokens[j].lower not in self.of_words and tokens[j].text not in _QUOTES_OPEN \
                    and tokens[j].text.isalpha():
                j += 1
                steps += 1
            if j >= stop:
                return None
            if tokens[j].text in _QUOTES_OPEN and not _closes(tokens, j, g):
                k = j + 1
                while k < stop and k < j + 8 and tokens[k].text not in _QUOTES_CLOSE:
                    k += 1
                if k < stop and k > j + 1:
                    return NameSpan(j + 1, k, span_text(tokens, j + 1, k))
                return None
            whole = self.name_runs(tokens, j, min(stop, j + 10))
            if whole and whole[0].first == j:
                if self.is_union(whole[0].text):
                    return whole[0]  # "members of the National Union of Air Transport Employees"
                # "Students at the University of Leeds": a name whose first part is no place is one name.
                parts = self.name_runs(tokens, j, whole[0].last, connectors=False)
                if len(parts) > 1 and not self._is_place_name(parts[0].text, tokens[parts[0].first : parts[0].last]) \
                        and not self._is_place_name(whole[0].text):
                    return whole[0]
            runs = self.name_runs(tokens, j, min(stop, j + 6), connectors=False)
            if runs and runs[0].first == j and self.lexicon.nouns_capitalised and self._common_words(runs[0], tokens):
                return None  # "des insolventen Autozulieferers": a noun, not a name
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

    def _is_place_name(self, text: str, tokens: Sequence[Token] = ()) -> bool:
        # Only a town of some size, and not an everyday word: a company named like a hamlet ("Ford") is still
        # a company, and a "University of X" is an institution.
        if tokens and all(self.analyzer.is_word(t.lower) for t in tokens if t.text.isalpha()):
            return False
        return len(text) > 2 and any(e.population >= _SMALL_TOWN for e in self.gazetteer.candidates(text))

    def is_union(self, name: str) -> bool:
        """Whether an organisation's name says it is a union."""
        words = {w.lower() for w in re.findall(r"\w+", name)}
        return bool(words & self.union_words) or name.lower() in self.union_words

    # ---- places -------------------------------------------------------------------------

    def places(self, tokens: Sequence[Token], start: int, stop: int, context: PlaceContext,
               exclude: Sequence[NameSpan] = ()) -> list[PlaceMention]:
        """Places named in ``tokens[start:stop]``, resolved with the document's context."""
        out: list[PlaceMention] = []
        for run in self.name_runs(tokens, start, stop):
            if any(e.first <= run.first < e.last or run.first <= e.first < run.last for e in exclude):
                # An organisation's name may still end in a place: "University of Leeds"; and the words
                # before it may name one ("Ыстамбұлда Hızlı Paket A.Ş.": in Istanbul, Hızlı Paket).
                found = self._resolve_tails(tokens, run, start, stop, context)
                inside = min((e.first for e in exclude if run.first < e.first < run.last), default=None)
                if found is None and inside is not None:
                    found = self._resolve_run(tokens, NameSpan(run.first, inside, span_text(tokens, run.first, inside)),
                                              start, stop, context)
                if found:
                    out.append(found)
                continue
            # "Наталья К.", "Maria S.": a person named with an initial, not a place.
            if run.last - run.first >= 2 and _is_initial(tokens, run.last - 1, stop):
                continue
            # "via Cavour", "Queen Street", "Campo di Marte": a street or a square, not the town of that name.
            if (run.first > start and tokens[run.first - 1].lower in self.street_words) or \
                    (run.last < stop and tokens[run.last].lower in self.street_words) or \
                    (run.last - run.first > 1 and tokens[run.first].lower in self.street_words):
                continue
            found = self._resolve_run(tokens, run, start, stop, context)
            if found is None:
                found = self._resolve_tails(tokens, run, start, stop, context)
            if found is None:
                head = self._before_connector(tokens, run)
                if head is not None:
                    found = self._resolve_run(tokens, head, start, stop, context)
            if found is None and self.lexicon.nouns_capitalised and run.last - run.first >= 2:
                found = self._inside_run(tokens, run, start, stop, context)
            if found is None and run.last - run.first >= 2 and len(self._name_forms(tokens[run.first].text)) > 1:
                # A case ending closes a name: "Лондондағы Сент-Томас ауруханасы" (St Thomas' in London),
                # "в Москве Сергей Иванов": the inflected first word alone, when it is a town (a country in the
                # genitive qualifies what follows: "Ресейдің Алтай Республикасы", Russia's Altai Republic).
                head = self._resolve_run(tokens, NameSpan(run.first, run.first + 1, tokens[run.first].text),
                                         start, stop, context)
                found = head if head is not None and head.precision == "city" else None
            after = tokens[run.last].lower if run.last < stop else ""
            if found is None and run.last - run.first >= 2 and (after in self.region_words
                                                                 or after in self.district_words):
                # "в Шахтинске Карагандинской области": a town, then the region it lies in.
                region = self._resolve_run(tokens, NameSpan(run.last - 1, run.last, tokens[run.last - 1].text),
                                           start, stop, context)
                if region is not None:
                    context.recent = region
                    out.append(region)
                town = self._resolve_run(tokens, NameSpan(run.first, run.last - 1,
                                                          span_text(tokens, run.first, run.last - 1)),
                                         start, stop, context)
                if town is not None:
                    out.append(town)
                continue
            if found:
                out.append(found)
                if found.precision == "region":
                    context.recent = found  # a region named ranks the namesakes that follow
        return out

    def _inside_run(self, tokens: Sequence[Token], run: NameSpan, start: int, stop: int,
                    context: PlaceContext) -> PlaceMention | None:
        """A place among capitalised nouns ("am Münchner Flughafen", "Flughafen Köln/Bonn"), longest part first."""
        def edge(k: int) -> bool:
            return tokens[k].text not in ("-", "–", "/") and tokens[k].lower not in self.connectors

        def fragment(k: int) -> bool:
            """The first part of a shortened compound ("Sonn- und Feiertage")."""
            return k + 1 < len(tokens) and tokens[k + 1].text in ("-", "–") and tokens[k + 1].start == tokens[k].end \
                and (k + 2 >= len(tokens) or tokens[k + 2].start > tokens[k + 1].end)

        spans = [(i, j) for i in range(run.first, run.last) for j in range(run.last, i, -1)
                 if (i, j) != (run.first, run.last) and edge(i) and edge(j - 1) and not fragment(j - 1)]
        for i, j in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            found = self._resolve_run(tokens, NameSpan(i, j, span_text(tokens, i, j)), start, stop, context)
            if found is not None:
                return found
        return None

    def _before_connector(self, tokens: Sequence[Token], run: NameSpan) -> NameSpan | None:
        for k in range(run.first + 1, run.last - 1):
            if tokens[k].lower in self.connectors:
                return NameSpan(run.first, k, span_text(tokens, run.first, k))
        return None

    def _tails(self, tokens: Sequence[Token], run: NameSpan) -> list[NameSpan]:
        """The parts of a name after each of its connectors, longest first ("Clínicas de Porto Alegre", ...)."""
        return [NameSpan(k + 1, run.last, span_text(tokens, k + 1, run.last))
                for k in range(run.first + 1, run.last - 1) if tokens[k].lower in self.connectors]

    def _resolve_tails(self, tokens: Sequence[Token], run: NameSpan, start: int, stop: int,
                       context: PlaceContext) -> PlaceMention | None:
        """The place a name ends in: "Hospital de Clínicas de Porto Alegre" → Porto Alegre.

        The longest tail that is a place wins: "Rio Grande do Sul" from "Estado do Rio Grande do Sul".
        """
        for tail in self._tails(tokens, run):
            found = self._resolve_run(tokens, tail, start, stop, context)
            if found is not None:
                return found
        return None

    def _cues(self, tokens: Sequence[Token], run: NameSpan, start: int, stop: int) -> tuple[bool, bool, bool]:
        """(region cue, district cue, backed by a preposition or a unit word) around a name."""
        after = tokens[run.last].lower if run.last < stop else ""
        before = [t.lower for t in tokens[max(start, run.first - 3) : run.first]]

        def cue(words: set[str]) -> bool:
            return after in words or (len(before) >= 2 and before[-2] in words and before[-1] in self.of_words) \
                or bool(before and before[-1] in words)

        backed = bool(set(before[-2:]) & self.prepositions) or after in self.units
        # A dateline: "KOTHAGUDEM (Bhadradri Kothagudem district): ...", "ROMA, 29 NOV -", "München (BR) -",
        # or a first line that is only a town ("Zwickau.").
        if not before and after in (",", "(", "-", "–", "—", ":", "/", ".") and (
                run.text.isupper() or run.first == 0 or tokens[run.first - 1].paragraph != tokens[run.first].paragraph):
            backed = True
        return cue(self.region_words), cue(self.district_words), backed

    def _common_words(self, run: NameSpan, tokens: Sequence[Token]) -> bool:
        words = [t.lower for t in tokens[run.first : run.last] if t.text.isalpha()]
        return bool(words) and all(self.analyzer.is_word(w) or w in self.connectors for w in words)

    def _name_forms(self, text: str) -> list[str]:
        """The written name, and for inflected languages the base forms it may stand for, likeliest first.

        "в Перми" → Пермь, "в Гавре" → Гавр (Le Havre) before the hamlet spelt "Гавре"; in a hyphenated
        name only the first part is inflected ("Комсомольске-на-Амуре").
        """
        if not self.lexicon.place_suffixes:
            return [text]
        forms = self._forms_memo.get(text)
        if forms is None:
            forms = self._forms_memo.remember(text, self._find_name_forms(text))
        return list(forms)

    def _find_name_forms(self, text: str) -> list[str]:
        suffixes, endings = self.lexicon.place_suffixes, self.lexicon.place_endings
        forms = self.gazetteer.inflection_forms(text, suffixes, endings)
        if "-" in text:
            head, _, rest = text.partition("-")
            forms += [f"{form}-{rest}" for form in self.gazetteer.inflection_forms(head, suffixes, endings)[1:]]

        def largest(form: str) -> int:
            return max((e.population for e in self.gazetteer.candidates(form)), default=-1)

        found = [(largest(form), index, form) for index, form in enumerate(forms)]
        surface = found[0]
        rest = sorted((f for f in found[1:] if f[0] >= 0), key=lambda f: (-f[0], f[1]))
        if rest and rest[0][0] > surface[0]:
            return [f[2] for f in rest] + [text]
        return [text] + [f[2] for f in rest]

    def _resolve_run(self, tokens: Sequence[Token], run: NameSpan, start: int, stop: int,
                     context: PlaceContext) -> PlaceMention | None:
        region_cue, district_cue, backed = self._cues(tokens, run, start, stop)
        country = context.country
        admin1 = context.recent.entry.admin1_code if context.recent else None
        common = self._common_words(run, tokens)
        # A capitalised word opening a sentence ("Shaw, 24, needed ...") is as likely a person.
        opening = run.first == start and run.last - run.first == 1 and not backed
        # The answer depends on the name and these few facts of its context only: names recur, so it is
        # remembered (bounded).
        key = (run.text, region_cue, district_cue, backed, country, admin1, common, opening)
        found = self._resolved.get(key, _UNRESOLVED)
        if found is _UNRESOLVED:
            found = self._resolved.remember(key, self._resolve_name(run.text, region_cue, district_cue, backed,
                                                                    country, admin1, common, opening))
        return None if found is None else PlaceMention(run.first, run.last, found[0], found[1])

    def _resolve_name(self, text: str, region_cue: bool, district_cue: bool, backed: bool, country: str | None,
                      admin1: str | None, common: bool, opening: bool) -> tuple[GazetteerEntry, str] | None:
        names = self._name_forms(text)
        if region_cue:
            for name in names:
                entry = self.gazetteer.region(name, country)
                if entry:
                    return entry, "region"
        if district_cue:
            for name in names:
                entry = self.gazetteer.resolve(name, country=country, admin1_code=admin1)
                if entry and entry.feature in ("city", "district"):
                    return entry, "district"
        for name in names:
            entry = self.gazetteer.resolve(name, country=country, admin1_code=admin1)
            if entry is None:
                continue
            if _light(name) != _light(entry.name) and entry.feature == "city" and country is None:
                # The spelling as written over a loose variant of a like size in another country ("Matosinhos"
                # in Portugal, not "Matozinhos" in Brazil).
                written = [e for e in self.gazetteer.candidates(name) if _light(e.name) == _light(name)
                           and e.feature == "city" and e.country != entry.country
                           and e.population * 2 >= entry.population]
                if written:
                    entry = max(written, key=lambda e: e.population)
            if admin1 is not None:
                # The region last named ranks namesakes, but does not turn Le Havre into a village.
                wider = self.gazetteer.resolve(name, country=country)
                if wider is not None and wider.population > 20 * max(entry.population, 1):
                    entry = wider
            if entry.feature == "city":
                # "England", "Punjab": a region far larger than the hamlet of that name is meant.
                region = self.gazetteer.region(name)
                if region is not None and region.population > 50 * max(entry.population, 1) \
                        and (country is None or region.country == country or entry.country != country):
                    return region, "region"
            if entry.feature == "country":
                if common and not backed:
                    continue
                return entry, "country"
            in_context = country is not None and entry.country == country
            exact = _light(name) == _light(entry.name) or not _is_latin(name)
            if text.isupper() and len(text) <= 4 and not exact:
                continue  # "ELN", "ONU": acronyms, not loose spellings of a town
            # Everyday words ("Queen", "University", "Reading") are places only where a preposition
            # says so and the place is a large one.
            if common and not (backed and entry.population >= _SMALL_TOWN * 5):
                continue
            # A spelling matched only through a loose variant needs the context's support ("Kaffee" is
            # no Kafue, "Namen" no Namur).
            if not exact and not (backed or in_context):
                continue
            if entry.feature == "region":
                if backed or in_context or entry.population >= _SMALL_TOWN:
                    return entry, "region"
                continue
            if (backed or in_context or entry.population >= _SMALL_TOWN * 5) and \
                    not (opening and entry.population < _SMALL_TOWN * 5):
                precision = "district" if entry.feature == "district" else "city"
                return entry, precision
        return None

    def to_place(self, mention: PlaceMention, venue: str | None) -> Place:
        """The model's Place for a resolved mention."""
        return self.gazetteer.to_place(mention.entry, precision=mention.precision, venue=venue)


def _closes(tokens: Sequence[Token], j: int, since: int) -> bool:
    """Whether a straight quote at ``j`` closes one opened earlier in the sentence (an odd count before it)."""
    if tokens[j].text not in ('"', "'"):
        return False
    k = since
    while k > 0 and tokens[k - 1].sentence == tokens[j].sentence:
        k -= 1
    return sum(1 for t in tokens[k:j] if t.text == tokens[j].text) % 2 == 1


@lru_cache(maxsize=16_384)
def _light(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"\w+", text))


def _is_latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name if c.isalpha())


def fold_name(name: str) -> str:
    """A key under which spellings of one organisation meet (case, accents, quotes, legal forms aside)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"\w+", text))


def _is_initial(tokens: Sequence[Token], k: int, stop: int) -> bool:
    """Whether token ``k`` is a person's initial: one capital letter with a full stop ("К.", "S.")."""
    text = tokens[k].text
    if len(text) == 2 and text[0].isupper() and text[1] == ".":
        return True
    return len(text) == 1 and text.isupper() and k + 1 < stop and tokens[k + 1].text == "." \
        and tokens[k + 1].start == tokens[k].end


def _trie_pattern(words: Sequence[str]) -> str:
    """One regular expression for literal words, as a trie: at each letter the longer words are tried first."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)
