"""Language blocks: a document's paragraphs, grouped into runs of one language.

Reports routinely hold several languages (a report followed by its translation), so
language is decided per paragraph, never per document.

Detection uses lingua (``lingua-language-detector``): in its published comparison with
langdetect, langid, fastText and CLD it is the most accurate, most clearly so on short
texts (single lines, datelines), because it combines n-gram models of several orders with
rules on alphabets; it runs offline from models shipped inside the wheel; it knows
Kazakh, which several detectors lack or confuse with Russian; and it can be restricted
to the languages the project reads, which makes it faster and keeps look-alike
languages outside that set from winning. The detector is built once per process, on
first use, with its models loaded up front (about 0.7 s and 240 MB for the eight
languages); after that a report of a few pages takes some milliseconds.

How a text becomes blocks:

1. **Paragraphs.** Blank lines always separate paragraphs. A single line break also
   separates them, except where it looks like a hard wrap inside a paragraph: the
   line before is long (at least ``WRAP_MIN_CHARS`` characters and at least
   ``WRAP_MIN_SHARE`` of the longest line of its chunk), does not end a sentence
   (``. ! ? … : ;``, possibly followed by closing quotes or brackets), and the next
   line does not open a list item or a line of dialogue (``– — - • *``, ``1.``).
   So datelines, headings and one-line paragraphs stand alone, while text wrapped at
   70 columns is read as whole paragraphs.
2. **Clear paragraphs.** A paragraph whose language is clear (at least
   ``MIN_WORDS`` words, ``MIN_LETTERS`` letters and a detector confidence of at least
   ``MIN_CONFIDENCE``) decides its own language. Shorter or ambiguous paragraphs (a
   dateline, a one-word line, a quote of three words, a caption full of names) never
   open a block of their own.
3. **Unclear paragraphs** join their neighbours. Between two clear paragraphs of the
   same language, or at the start or end of the text, they join the only language
   around them. At a boundary between languages A (before) and B (after), the run of
   unclear paragraphs is cut in two, the first part going to A and the rest to B, at
   the cut that agrees with most of their own leanings (a paragraph with at least
   ``MIN_LEANING_LETTERS`` letters leans to A or B when the detector's confidence for
   one exceeds the other by ``LEANING_MARGIN``); on a tie, paragraphs go with what
   follows. So "15 febbraio 2022" between an English report and its Italian
   translation starts the Italian block, "February 15, 2022" closes the English one,
   and a bare "15.02.2022" or "* * *" goes with the text that follows it.
4. Adjacent paragraphs of one language merge into a ``Block`` running from the first
   character of its first paragraph to the last character of its last (end
   exclusive); the blocks together cover every non-blank paragraph.
5. **No clear paragraph at all** (a short text): the whole text is one block, in the
   language ``detect_language`` finds on the whole text, else in the hint's language
   (any ISO 639 code or language name, normalised to ISO 639-1), else ``"und"``
   (ISO 639-2 for "undetermined"). English is never assumed.

The hint never overrides a clear detection: it settles near-ties in ``detect_language``
(its confidence within ``HINT_MARGIN`` of the best) and names the language of texts too
short to detect.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from strikewatch.model import Block

if TYPE_CHECKING:
    from lingua import LanguageDetector

SUPPORTED: tuple[str, ...] = ("en", "it", "ru", "kk", "es", "fr", "de", "pt")
UNDETERMINED = "und"

# A paragraph decides its own language only when it is this long and this clear.
MIN_WORDS = 5
MIN_LETTERS = 25
MIN_CONFIDENCE = 0.8
# detect_language answers only for texts with this many letters and this confidence.
MIN_GUESS_LETTERS = 8
MIN_GUESS_CONFIDENCE = 0.5
# The hint wins when its confidence is within this margin of the best language.
HINT_MARGIN = 0.2
# An unclear paragraph leans to a neighbouring language only with this many letters and this lead.
MIN_LEANING_LETTERS = 8
LEANING_MARGIN = 0.2
# Hard-wrap detection: a line this long (absolute and relative to its chunk) that does not end a sentence.
WRAP_MIN_CHARS = 40
WRAP_MIN_SHARE = 0.6
# Detection reads at most this many characters of a paragraph: more adds time, not accuracy.
MAX_SAMPLE_CHARS = 3000

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»“«)\]]*\s*$")
_ITEM_START = re.compile(r"\s*(?:[–—\-•*·▪►]|\d{1,3}[.)]\s)")
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

_detector_lock = threading.Lock()


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    """The lingua detector for SUPPORTED, built once (models loaded up front: about a second)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in SUPPORTED]
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def detector() -> LanguageDetector:
    """The shared language detector, restricted to SUPPORTED and built on first use."""
    # The lock keeps two threads of a web server from loading the models twice at once.
    with _detector_lock:
        return _detector()


def normalise_language(code: str | None) -> str | None:
    """An ISO 639-1 code for a language code or name ("EN", "en-GB", "ita", "Italian"), or None."""
    if code is None:
        return None
    value = code.strip()
    if not value:
        return None
    if value.lower() == UNDETERMINED:
        return None
    primary = re.split(r"[-_]", value, maxsplit=1)[0].lower()
    if primary in SUPPORTED:
        return primary
    import pycountry

    found = None
    if len(primary) == 2:
        found = pycountry.languages.get(alpha_2=primary)
    elif len(primary) == 3:
        found = pycountry.languages.get(alpha_3=primary) or pycountry.languages.get(bibliographic=primary)
    else:
        try:
            found = pycountry.languages.lookup(value)
        except LookupError:
            found = None
    return getattr(found, "alpha_2", None) if found is not None else None


def _letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


def _words(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


def _sample(text: str) -> str:
    if len(text) <= MAX_SAMPLE_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_SAMPLE_CHARS)
    return text[: cut if cut > MAX_SAMPLE_CHARS // 2 else MAX_SAMPLE_CHARS]


def _confidences(text: str) -> dict[str, float]:
    """Detector confidence (0..1, summing to 1) for each supported language."""
    values = detector().compute_language_confidence_values(_sample(text))
    return {value.language.iso_code_639_1.name.lower(): value.value for value in values}


def _best(confidences: dict[str, float]) -> tuple[str | None, float]:
    """The most likely language and its confidence."""
    if not confidences:
        return None, 0.0
    best = max(confidences, key=confidences.__getitem__)
    return best, confidences[best]


def detect_language(text: str, hint: str | None = None) -> str | None:
    """The ISO 639-1 code of the text's language among SUPPORTED, or None when too short or unclear."""
    if _letters(text) < MIN_GUESS_LETTERS:
        return None
    confidences = _confidences(text)
    best, confidence = _best(confidences)
    hint = normalise_language(hint)
    # The hint settles near-ties (Spanish or Portuguese? Russian or Kazakh?) but never a clear answer.
    if hint in confidences and confidences[hint] >= confidence - HINT_MARGIN:
        return hint
    return best if confidence >= MIN_GUESS_CONFIDENCE else None


@dataclass
class _Paragraph:
    start: int
    end: int
    confidences: dict[str, float]
    language: str | None  # set when the paragraph is clear enough to decide its own language
    letters: int

    def leaning(self, before: str, after: str) -> int:
        """+1 if the paragraph reads as ``before``, -1 as ``after``, 0 if it cannot tell."""
        if self.letters < MIN_LEANING_LETTERS:
            return 0
        difference = self.confidences.get(before, 0.0) - self.confidences.get(after, 0.0)
        if difference > LEANING_MARGIN:
            return 1
        if difference < -LEANING_MARGIN:
            return -1
        return 0


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, line breaks excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _LINE_BREAKS.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _is_wrapped(line: str, next_line: str, longest: int) -> bool:
    """Whether the break after ``line`` is a hard wrap inside a paragraph."""
    length = len(line.strip())
    return (
        length >= WRAP_MIN_CHARS
        and length >= WRAP_MIN_SHARE * longest
        and not _SENTENCE_END.search(line)
        and not _ITEM_START.match(next_line)
    )


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph, surrounding whitespace excluded (see the module notes)."""
    chunks: list[list[tuple[int, int]]] = [[]]
    for start, end in _lines(text):
        if text[start:end].strip():
            chunks[-1].append((start, end))
        elif chunks[-1]:
            chunks.append([])
    spans: list[tuple[int, int]] = []
    for chunk in chunks:
        if not chunk:
            continue
        longest = max(len(text[start:end].strip()) for start, end in chunk)
        first = chunk[0]
        for (start, end), following in zip(chunk, [*chunk[1:], None], strict=True):
            wrapped = following is not None and _is_wrapped(
                text[start:end], text[following[0] : following[1]], longest
            )
            if not wrapped:
                spans.append(_strip(text, first[0], end))
                if following is not None:
                    first = following
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _read_paragraph(text: str, start: int, end: int) -> _Paragraph:
    content = text[start:end]
    letters = _letters(content)
    confidences = _confidences(content) if letters else {}
    language = None
    if letters >= MIN_LETTERS and _words(content) >= MIN_WORDS:
        best, confidence = _best(confidences)
        if confidence >= MIN_CONFIDENCE:
            language = best
    return _Paragraph(start, end, confidences, language, letters)


def _cut(run: Sequence[_Paragraph], before: str, after: str) -> int:
    """How many paragraphs of an unclear run go to the language before it; the rest go after."""
    leanings = [paragraph.leaning(before, after) for paragraph in run]
    # agreement(k) = paragraphs before the cut leaning back + paragraphs after it leaning forward
    agreement = sum(1 for leaning in leanings if leaning < 0)
    best_cut, best_agreement = 0, agreement
    for index, leaning in enumerate(leanings):
        agreement += (leaning > 0) - (leaning < 0)
        if agreement > best_agreement:  # strictly better: on a tie, more paragraphs go with what follows
            best_cut, best_agreement = index + 1, agreement
    return best_cut


def _assign(paragraphs: list[_Paragraph]) -> list[str] | None:
    """A language for every paragraph, or None when no paragraph is clear."""
    clear = [index for index, paragraph in enumerate(paragraphs) if paragraph.language]
    if not clear:
        return None
    languages: list[str] = [paragraph.language or "" for paragraph in paragraphs]
    # The unclear runs: before the first clear paragraph, between two, after the last.
    bounds = [-1, *clear, len(paragraphs)]
    for left, right in itertools.pairwise(bounds):
        run = range(left + 1, right)
        if not run:
            continue
        before = languages[left] if left >= 0 else None
        after = languages[right] if right < len(paragraphs) else None
        if before is None or after is None or before == after:
            fill = before or after or ""
            for index in run:
                languages[index] = fill
            continue
        cut = _cut([paragraphs[index] for index in run], before, after)
        for offset, index in enumerate(run):
            languages[index] = before if offset < cut else after
    return languages


def split_blocks(text: str, hint: str | None = None) -> list[Block]:
    """The text's language blocks: runs of paragraphs in one language (see the module notes)."""
    spans = paragraph_spans(text)
    if not spans:
        return []
    paragraphs = [_read_paragraph(text, start, end) for start, end in spans]
    languages = _assign(paragraphs)
    if languages is None:
        language = detect_language(text, hint) or normalise_language(hint) or UNDETERMINED
        return [Block(spans[0][0], spans[-1][1], language)]
    blocks: list[Block] = []
    for (start, end), language in zip(spans, languages, strict=True):
        if blocks and blocks[-1].language == language:
            blocks[-1] = Block(blocks[-1].start, end, language)
        else:
            blocks.append(Block(start, end, language))
    return blocks
