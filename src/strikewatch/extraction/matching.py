"""Find lexicon phrases in analysed tokens, by lemma or surface form."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from strikewatch.analysis import Analyzer, Token
from strikewatch.memo import DEFAULT_LIMIT, Memo


@dataclass(frozen=True)
class Match:
    """A phrase found at tokens ``[first, last)`` with the label it was listed under."""

    label: str
    first: int
    last: int
    phrase: str


# Stems ("nationali*") and tails ("*streik") are indexed by this many letters (stems are never shorter).
_AFFIX = 3
# A phrase token "..." stands for up to this many tokens of any kind ("block ... road").
_GAP = "..."
_GAP_MAX = 5
# A phrase token "…" stands for the rest of a clause, up to this many tokens and no punctuation: the particle
# of a German separable verb closes the clause ("sagte Verdi den Warnstreik am Sonntag kurzfristig ab").
_CLAUSE_GAP = "…"
_CLAUSE_GAP_MAX = 12
_CLAUSE_ENDS = frozenset(",;:.!?()[]«»\"„“”")
# Candidate phrases are remembered per word form (most words of a text start no phrase), for up to this
# many forms (see strikewatch.memo).
_MEMO_MAX = DEFAULT_LIMIT


@dataclass(frozen=True)
class _Keys:
    """What a token must show at one place of a phrase, sorted by the kind of test."""

    exact: frozenset[str] = frozenset()  # its lower form or its lemma (its text, when case-sensitive)
    surface: frozenset[str] = frozenset()  # "=strikers": its lower form only, not its lemma's other forms
    prefixes: tuple[str, ...] = ()  # "nationali*"
    suffixes: tuple[str, ...] = ()  # "*streik": the end of a compound ("Warnstreik", "Generalstreik")
    gap: str | None = None  # _GAP or _CLAUSE_GAP: tokens of any kind

    @classmethod
    def of(cls, keys: Iterable[str], case_sensitive: bool) -> _Keys:
        keys = set(keys)
        gap = next((k for k in keys if k in (_GAP, _CLAUSE_GAP)), None)
        if case_sensitive:
            return cls(exact=frozenset(keys - {_GAP, _CLAUSE_GAP}), gap=gap)
        return cls(
            exact=frozenset(k for k in keys if not (k.startswith("=") and len(k) > 1) and not k.endswith("*")
                            and not (k.startswith("*") and len(k) > 1) and k not in (_GAP, _CLAUSE_GAP)),
            surface=frozenset(k[1:] for k in keys if k.startswith("=") and len(k) > 1),
            prefixes=tuple(k[:-1] for k in keys if k.endswith("*") and not (k.startswith("*") and len(k) > 1)),
            suffixes=tuple(k[1:] for k in keys if k.startswith("*") and len(k) > 1),
            gap=gap,
        )

    def written_as(self, token: Token) -> bool:
        """Whether the token meets this place by its written form (not only by its lemma)."""
        return token.lower in self.exact or token.lower in self.surface


@dataclass(frozen=True)
class _Pattern:
    label: str
    phrase: str
    keys: tuple[_Keys, ...]
    case_sensitive: bool

    @cached_property
    def second_words(self) -> frozenset[str] | None:
        """The forms or lemmas its second token must have, when that is all it asks (a quick first check)."""
        if len(self.keys) < 2 or self.case_sensitive:
            return None
        second = self.keys[1]
        if second.gap is not None or second.surface or second.prefixes or second.suffixes:
            return None
        return second.exact


def _token_matches(keys: _Keys, token: Token, case_sensitive: bool) -> bool:
    if case_sensitive:
        return token.text in keys.exact
    lower, lemma = token.lower, token.lemma
    if lower in keys.exact or lemma in keys.exact or lower in keys.surface:
        return True
    for stem in keys.prefixes:
        if lower.startswith(stem) or lemma.startswith(stem):
            return True
    return any(lower.endswith(tail) or lemma.endswith(tail) for tail in keys.suffixes)


def _match_from(pattern: _Pattern, k: int, tokens: Sequence[Token], i: int, stop: int) -> int | None:
    """Where the pattern's keys from ``k`` on match tokens from ``i``: the end, or None."""
    while k < len(pattern.keys):
        keys = pattern.keys[k]
        if keys.gap is not None:
            # The shortest gap that lets the rest match (within the clause for a clause gap).
            clause = keys.gap == _CLAUSE_GAP
            for skip in range(_CLAUSE_GAP_MAX + 1 if clause else _GAP_MAX + 1):
                if clause and skip and (i + skip - 1 >= stop or tokens[i + skip - 1].text in _CLAUSE_ENDS):
                    return None
                end = _match_from(pattern, k + 1, tokens, i + skip, stop)
                if end is not None:
                    return end
            return None
        if i >= stop or not _token_matches(keys, tokens[i], pattern.case_sensitive):
            return None
        k += 1
        i += 1
    return i


class PhraseMatcher:
    """Labelled phrases compiled with a language's analyser so that inflected forms meet."""

    def __init__(self, analyzer: Analyzer, case_sensitive: bool = False, surface_only: bool = False) -> None:
        self._analyzer = analyzer
        self._case_sensitive = case_sensitive
        self._surface_only = surface_only
        self._by_first: dict[str, list[_Pattern]] = defaultdict(list)
        self._by_prefix: dict[str, list[_Pattern]] = defaultdict(list)
        self._by_suffix: dict[str, list[_Pattern]] = defaultdict(list)
        self._memo: Memo[object, tuple[_Pattern, ...]] = Memo(_MEMO_MAX)

    def add(self, label: str, phrases: Iterable[str]) -> PhraseMatcher:
        """Add phrases under a label; returns self for chaining."""
        self._memo.clear()
        for phrase in phrases:
            pattern = self._compile(label, phrase)
            if pattern is None:
                continue
            # Index by what a token must show: its form or lemma, or the first/last letters of a stem,
            # so that each token tries only the phrases that can start there.
            first = pattern.keys[0]
            for key in first.exact | first.surface:
                self._by_first[key].append(pattern)
            for stem in first.prefixes:
                self._by_prefix[stem[:_AFFIX]].append(pattern)
            for tail in first.suffixes:
                self._by_suffix[tail[-_AFFIX:]].append(pattern)
        return self

    def _compile(self, label: str, phrase: str) -> _Pattern | None:
        words: list[str] = []
        for t in self._analyzer.nlp.tokenizer(phrase.replace("_", " ")):
            if t.is_space:
                continue
            # "nationali*" is one prefix entry, though the tokenizer splits the star off ("*streik" a suffix one).
            if t.text == "*" and words and t.idx > 0 and not phrase[t.idx - 1].isspace():
                words[-1] += "*"
            elif t.text in ("*", "=") and t.idx + 1 < len(phrase) and not phrase[t.idx + 1].isspace():
                words.append(t.text)
            elif t.text == "." and words and words[-1] in ("", "."):
                words[-1] += "."
                if words[-1] == _GAP:
                    continue
            elif t.text == _GAP:
                words.append(_GAP)
            elif t.text == _CLAUSE_GAP:
                words.append(_CLAUSE_GAP)
            elif words and words[-1] in ("*", "="):
                words[-1] += t.text
            else:
                words.append(t.text)
        words = [w for w in words if w not in ("", ".", "..") or w == _GAP]
        if not words or words[0] in (_GAP, _CLAUSE_GAP) or words[-1] in (_GAP, _CLAUSE_GAP):
            return None
        if self._case_sensitive:
            keys = tuple(_Keys.of({w}, True) for w in words)
        else:
            keys = tuple(
                frozenset({w}) if w in (_GAP, _CLAUSE_GAP)
                else frozenset({"=" + w[1:].lower()}) if w.startswith("=") and len(w) > 1
                else frozenset({w.lower()}) if w.endswith("*") or (w.startswith("*") and len(w) > 1)
                else frozenset({"=" + w.lower()}) if self._surface_only
                else frozenset({w.lower(), self._analyzer.lemma(w.lower())})
                for w in words
            )
            keys = tuple(_Keys.of(k, False) for k in keys)
        return _Pattern(label, phrase, keys, self._case_sensitive)

    def _candidates(self, token: Token) -> tuple[_Pattern, ...]:
        """The phrases that can start at a token (those whose first word it may be)."""
        key = token.text if self._case_sensitive else (token.lower, token.lemma)
        found = self._memo.get(key)
        if found is None:
            found = self._memo.remember(key, self._index_lookup(token))
        return found

    def starts_any(self, token: Token) -> bool:
        """Whether some phrase may start at a token (a cheap look before ``matches_at``)."""
        return bool(self._candidates(token))

    def starts(self, tokens: Sequence[Token], start: int, stop: int) -> list[int]:
        """The tokens of ``tokens[start:stop]`` at which some phrase may start (most tokens start none)."""
        memo, case_sensitive = self._memo, self._case_sensitive
        out = []
        for i in range(start, stop):
            token = tokens[i]
            found = memo.get(token.text if case_sensitive else (token.lower, token.lemma))
            if found is None:
                found = self._candidates(token)
            if found:
                out.append(i)
        return out

    def _index_lookup(self, token: Token) -> tuple[_Pattern, ...]:
        if self._case_sensitive:
            return tuple(self._by_first.get(token.text, ()))
        found: dict[int, _Pattern] = {}
        for form in (token.lower, token.lemma) if token.lemma != token.lower else (token.lower,):
            for table, key in ((self._by_first, form), (self._by_prefix, form[:_AFFIX]),
                               (self._by_suffix, form[-_AFFIX:])):
                patterns = table.get(key)
                if patterns:
                    for pattern in patterns:
                        found.setdefault(id(pattern), pattern)
        return tuple(found.values())

    def matches_at(self, tokens: Sequence[Token], i: int, stop: int | None = None) -> list[Match]:
        """Every phrase that starts at token ``i`` (and ends before ``stop``), longest first."""
        candidates = self._candidates(tokens[i])
        if not candidates:
            return []
        stop = len(tokens) if stop is None else stop
        out = []
        surface: dict[Match, bool] = {}
        following = tokens[i + 1] if i + 1 < stop else None
        for pattern in candidates:
            second = pattern.second_words
            if second is not None and (following is None or (following.lower not in second
                                                              and following.lemma not in second)):
                continue  # most phrases that start with a common word fail at the next one
            end = _match_from(pattern, 0, tokens, i, stop)
            if end is not None:
                match = Match(pattern.label, i, end, pattern.phrase)
                out.append(match)
                surface[match] = pattern.keys[0].written_as(tokens[i])
        # Longest first; of equal length, the phrase written as the text writes it ("striking" the participle
        # before "strike" the lemma).
        out.sort(key=lambda m: (m.first - m.last, not surface[m]))
        return out

    def find(self, tokens: Sequence[Token], start: int = 0, stop: int | None = None) -> list[Match]:
        """Non-overlapping matches in ``tokens[start:stop]``, preferring the longest at each place."""
        stop = len(tokens) if stop is None else stop
        out: list[Match] = []
        i = start
        while i < stop:
            found = self.matches_at(tokens, i, stop)
            if found:
                out.append(found[0])
                i = found[0].last
            else:
                i += 1
        return out

    def find_all(self, tokens: Sequence[Token], start: int = 0, stop: int | None = None) -> list[Match]:
        """Every match in ``tokens[start:stop]``, overlaps included."""
        stop = len(tokens) if stop is None else stop
        out: list[Match] = []
        for i in range(start, stop):
            out.extend(self.matches_at(tokens, i, stop))
        return out


class Scan:
    """The phrases of every section found in one stretch of tokens."""

    def __init__(self, matches: dict[str, list[Match]]) -> None:
        self._all = matches
        self._greedy: dict[str, list[Match]] = {}

    def all(self, section: str) -> list[Match]:
        """Every match of a section, overlaps included, in text order (longest first at a place)."""
        return self._all.get(section, [])

    def find(self, section: str) -> list[Match]:
        """Non-overlapping matches of a section, the longest at each place (as ``PhraseMatcher.find``)."""
        found = self._greedy.get(section)
        if found is None:
            found, cursor = [], -1
            for match in self._all.get(section, []):
                if match.first >= cursor:
                    found.append(match)
                    cursor = match.last
            self._greedy[section] = found
        return found


class Phrasebook:
    """Several labelled phrase lists ("sections") matched in one pass over the tokens."""

    def __init__(self, analyzer: Analyzer) -> None:
        self._matcher = PhraseMatcher(analyzer)

    def add(self, section: str, label: str, phrases: Iterable[str], surface_only: bool = False) -> Phrasebook:
        """Add phrases to a section under a label; ``surface_only`` matches written forms, not lemmas."""
        if surface_only:
            phrases = [" ".join(w if w in (_GAP, _CLAUSE_GAP) or "*" in w or w.startswith("=") else "=" + w
                                for w in p.split()) for p in phrases]
        self._matcher.add(f"{section}\t{label}", phrases)
        return self

    def scan(self, tokens: Sequence[Token], start: int = 0, stop: int | None = None) -> Scan:
        """Every section's matches in ``tokens[start:stop]``."""
        stop = len(tokens) if stop is None else stop
        by_section: dict[str, list[Match]] = {}
        for i in self._matcher.starts(tokens, start, stop):
            for match in self._matcher.matches_at(tokens, i, stop):
                section, label = match.label.split("\t", 1)
                by_section.setdefault(section, []).append(Match(label, match.first, match.last, match.phrase))
        return Scan(by_section)
