"""Tokenise, split into sentences and lemmatise a language block.

Each language gets a blank spaCy pipeline (tokenizer + rule-based sentencizer) and a
lemmatizer named by its lexicon: the lookup tables of spacy-lookups-data, or a
morphological analyser. Lemmas are looked up on the lower-cased form so that a
capitalised sentence-initial word meets its entry too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(slots=True, unsafe_hash=True)
class Token:
    """One token of a document: its text, offsets into the document, lower form and lemma.

    Treated as immutable (hashed by value), but not frozen: a document has hundreds of thousands of
    tokens, and a frozen dataclass is made five times slower.
    """

    text: str
    start: int
    end: int
    lower: str
    lemma: str
    sentence: int
    paragraph: int

    @property
    def keys(self) -> tuple[str, str]:
        return (self.lower, self.lemma)

    @property
    def is_capitalized(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Sentence:
    """A sentence: its index, its token range in the analysed block, its character span and paragraph."""

    index: int
    first: int
    last: int  # exclusive token index
    start: int
    end: int
    paragraph: int


@dataclass
class AnalysedBlock:
    """A language block as tokens and sentences, offsets in the whole document's text."""

    language: str
    tokens: list[Token]
    sentences: list[Sentence]
    text: str = ""  # the whole document's text (offsets refer to it)

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        return self.tokens[sentence.first : sentence.last]


def span_text(tokens: Sequence[Token], first: int, last: int) -> str:
    """The text of tokens ``[first, last)`` as written: one space where the text had any."""
    parts = []
    for k in range(first, last):
        if k > first and tokens[k].start > tokens[k - 1].end:
            parts.append(" ")
        parts.append(tokens[k].text)
    return "".join(parts)


def paragraph_starts(text: str) -> list[int]:
    """Character offsets at which the paragraphs of a text begin (blank-line separated)."""
    starts = [0]
    for match in _PARAGRAPH_BREAK.finditer(text):
        starts.append(match.end())
    return starts


class Analyzer:
    """Tokenises and lemmatises text of one language."""

    def __init__(self, language: str, spacy_language: str, lemmatizer: str, keep_whole: tuple[str, ...] = ()) -> None:
        self.language = language
        self.nlp: Language = spacy.blank(spacy_language)
        # Abbreviations with inner dots ("S.p.A.") stay one token, so no sentence ends inside them.
        for form in keep_whole:
            if "." in form:
                self.nlp.tokenizer.add_special_case(form, [{ORTH: form}])
        self.nlp.add_pipe("sentencizer")
        self._lemma, self._known = _make_lemmatizer(spacy_language, lemmatizer)
        self._cache: dict[str, str] = {}
        self._known_cache: dict[str, bool] = {}

    def is_word(self, lower: str) -> bool:
        """Whether a lower-cased form is a dictionary word of the language (not only a name)."""
        known = self._known_cache.get(lower)
        if known is None:
            known = self._known_cache[lower] = bool(self._known(lower))
        return known

    def lemma(self, lower: str) -> str:
        """The lemma of a lower-cased word (the word itself when unknown)."""
        cached = self._cache.get(lower)
        if cached is None:
            cached = self._lemma(lower) or lower
            if len(self._cache) < 200_000:
                self._cache[lower] = cached
        return cached

    def analyse(self, text: str, start: int, end: int, paragraphs: list[int]) -> AnalysedBlock:
        """Analyse ``text[start:end]``; offsets of the result refer to ``text``."""
        doc = self.nlp(text[start:end])
        tokens: list[Token] = []
        sentences: list[Sentence] = []
        for sent in doc.sents:
            first = len(tokens)
            # A "sentence" that starts in lower case goes on the one before (an abbreviation's dot).
            if sentences and sent[0].text[:1].islower() and tokens and tokens[-1].paragraph == \
                    bisect.bisect_right(paragraphs, start + sent[0].idx) - 1:
                last = sentences.pop()
                first = last.first
            for tok in sent:
                if tok.is_space:
                    continue
                written = tok.text
                offset = start + tok.idx
                lower = written.lower()
                # A paragraph break inside a spaCy sentence starts a new sentence of ours.
                paragraph = bisect.bisect_right(paragraphs, offset) - 1
                if tokens and len(tokens) > first and tokens[-1].paragraph != paragraph:
                    sentences.append(_sentence(len(sentences), first, len(tokens), tokens))
                    first = len(tokens)
                tokens.append(Token(written, offset, offset + len(written), lower, self.lemma(lower),
                                    len(sentences), paragraph))
            if len(tokens) > first:
                sentences.append(_sentence(len(sentences), first, len(tokens), tokens))
        return AnalysedBlock(self.language, tokens, sentences, text)


def _sentence(index: int, first: int, last: int, tokens: list[Token]) -> Sentence:
    # Tokens were numbered with the sentence count at the time; renumber to the final index.
    for i in range(first, last):
        if tokens[i].sentence != index:
            t = tokens[i]
            tokens[i] = Token(t.text, t.start, t.end, t.lower, t.lemma, index, t.paragraph)
    return Sentence(index, first, last, tokens[first].start, tokens[last - 1].end, tokens[first].paragraph)


def _make_lemmatizer(spacy_language: str, kind: str) -> tuple[Callable[[str], str], Callable[[str], bool]]:
    """A lemma function and a dictionary-word test for the named lemmatizer."""
    if kind == "lookup":
        table = _lookup_table(spacy_language)

        def base(value: object) -> str:
            # Some tables (French) give a list of lemmas: the first is the usual one.
            return str(value[0] if isinstance(value, list) and value else value).lower()

        # Inflected forms are the keys, base forms the values: together, the language's common words.
        # (Distinct values first: a few hundred thousand forms share far fewer base forms.)
        plain = {v for v in table.values() if isinstance(v, str)}
        words = {v.lower() for v in plain} | {base(v) for v in table.values() if not isinstance(v, str)}
        return (lambda word: base(table.get(word, word))), (lambda word: word in words or word in table)
    if kind == "pymorphy3":
        import pymorphy3

        morph = pymorphy3.MorphAnalyzer(lang=spacy_language)
        # Place and person names are in the dictionary too ("Буйнакска"): a word all of whose readings
        # are names is not an everyday word.
        names = {"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"}

        def known(word: str) -> bool:
            return morph.word_is_known(word) and any(not (names & p.tag.grammemes) for p in morph.parse(word))

        return (lambda word: morph.parse(word)[0].normal_form), known
    if kind == "none":
        return (lambda word: word), (lambda word: False)
    raise ValueError(f"unknown lemmatizer {kind!r}: use lookup, pymorphy3 or none")


def _lookup_table(spacy_language: str) -> dict[str, str | list[str]]:
    """The lemma lookup table of spacy-lookups-data for a language: inflected form → base form(s)."""
    from spacy.util import load_language_data, registry

    # spacy-lookups-data is installed as a package: this reads its files, never the network. Read as a
    # plain dict, not as spaCy's Table, which would hash every one of the hundreds of thousands of keys
    # into the string store first (seconds per language at every start).
    if spacy_language not in registry.lookups:
        raise ValueError(f"spacy-lookups-data has no tables for {spacy_language!r}")
    tables = registry.lookups.get(spacy_language)
    if "lemma_lookup" not in tables:
        raise ValueError(f"spacy-lookups-data has no lemma lookup table for {spacy_language!r}")
    return load_language_data(tables["lemma_lookup"])


@cache
def analyzer_for(language: str) -> Analyzer:
    """The analyser of a language, configured by that language's lexicon file."""
    from strikewatch.lexicons import load_lexicon

    lexicon = load_lexicon(language)
    return Analyzer(language, lexicon.spacy_language, lexicon.lemmatizer, tuple(lexicon.legal_forms))
