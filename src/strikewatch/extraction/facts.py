"""What one sentence says: triggers, modality, dates, places, actors, demands and counts.

Sentences are read one at a time with the language's lexicon; deciding which
sentences are one action is the job of ``assemble``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from strikewatch.analysis import AnalysedBlock, Sentence, Token, span_text
from strikewatch.extraction.dates import DateAnchor, DateFinder, DateMention
from strikewatch.extraction.matching import Match, Phrasebook, PhraseMatcher, Scan
from strikewatch.extraction.names import NameFinder, NameSpan, PlaceContext, PlaceMention, is_name_token
from strikewatch.extraction.numbers import Number, is_percent, numbers_in
from strikewatch.lexicons import Lexicon
from strikewatch.model import Demand
from strikewatch.places import Gazetteer

# Which kind a sentence is about when it names several ("meetings of striking workers" is a strike).
KIND_PRIORITY = ("hunger_strike", "strike", "occupation", "blockade", "riot", "demonstration", "boycott",
                 "petition", "assembly", "other")
# Status cues closer than this many tokens to a trigger speak of it.
WEAK_KINDS = frozenset({"assembly", "other"})
# Which kinds a sentence's context rules out ("*": all of them).
CONTEXT_CANCELS = {"military": ("strike", "blockade", "occupation", "riot"), "sport": ("*",),
                   "legal": ("petition", "other"), "disaster": ("strike", "blockade")}
_MODALITY_WINDOW = 7
_NEGATION_WINDOW = 3
# A negation at most this many tokens before a calling-off word negates the calling off ("no vamos a levantar").
_NEGATED_CUE_GAP = 2
# What a doubling can be of: an amount of money (pay, an allowance), not a condition or a right.
_DOUBLED_CATEGORIES = frozenset({"wages", "benefits", "wage_arrears"})
_COUNT_WINDOW = 3


@dataclass
class SentenceFacts:
    """Everything the extractor found in one sentence."""

    sentence: Sentence
    language: str
    kind: str | None = None
    strength: str | None = None  # "trigger", "participant" or "claim"
    triggers: list[Match] = field(default_factory=list)
    status: str = "occurred"
    negated: bool = False
    dates: list[DateMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    unions: list[str] = field(default_factory=list)
    group: str | None = None
    group_count: int = 0
    sectors: list[str] = field(default_factory=list)
    demands: list[Demand] = field(default_factory=list)
    fatalities: int | None = None
    arrests: int | None = None
    injuries: int | None = None
    size: int | None = None
    venue: str | None = None
    country_wide: bool = False  # "nationwide", "general strike": the place is the country
    claims: bool = False  # says that someone claims something ("demand", "should", "call on")
    lent: bool = False  # read out after a colon that closes the paragraph of an action
    context_date: str | None = None  # the date named last before this sentence, nearby
    effect: bool = False  # tells what an action did at a site ("cancelled 1,300 flights"), with no trigger

    @property
    def is_mention(self) -> bool:
        return self.kind is not None and not self.negated


class SentenceReader:
    """Reads sentences of one language."""

    def __init__(self, lexicon: Lexicon, analyzer, gazetteer: Gazetteer) -> None:
        self.lexicon = lexicon
        # Every phrase list of the lexicon in one book, read in one pass over each sentence.
        book = Phrasebook(analyzer)
        for kind, phrases in lexicon.triggers.items():
            book.add("events", f"trigger:{kind}", phrases)
        for kind, phrases in lexicon.participants.items():
            book.add("events", f"participant:{kind}", phrases)
        book.add("events", "claim:other", lexicon.claims)
        book.add("events", "not_event", lexicon.not_events)
        book.add("events", "generic", lexicon.generic)
        # Context words by their written form: as lemmas, Italian "partito" would meet "partita".
        for label, phrases in lexicon.contexts.items():
            book.add("contexts", label, phrases, surface_only=True)
        for section, table in (("modality", lexicon.modality), ("groups", lexicon.groups),
                               ("sectors", lexicon.sectors), ("demands", lexicon.demands),
                               ("counts", lexicon.counts)):
            for label, phrases in table.items():
                book.add(section, label, phrases)
        # Longer phrases that contain a sector word but name none ("tear gas"), matched first.
        book.add("sectors", "none", lexicon.not_sectors)
        book.add("raises", "raise", lexicon.raise_words).add("raises", "double", lexicon.doubling)
        book.add("venues", "venue", lexicon.venues)
        book.add("scope", "country", lexicon.scope_country)
        book.add("claim_markers", "claim", lexicon.claim_markers)
        book.add("org_anaphora", "company", lexicon.org_anaphora)
        book.add("effects", "effect", lexicon.effects)
        book.add("crowd", "people", lexicon.crowd_nouns)
        self.book = book
        # What may make a sentence an action or a site of one; a sentence with none of these is read
        # only for what the sentences after it need (see ``read``).
        self.cues = PhraseMatcher(analyzer)
        for phrases in lexicon.triggers.values():
            self.cues.add("trigger", phrases)
        for phrases in lexicon.participants.values():
            self.cues.add("participant", phrases)
        self.cues.add("claim", lexicon.claims).add("effect", lexicon.effects)
        # The phrases that reading for context needs: group words (organisations are found after them)
        # and words for "the company" (an organisation named before).
        self.context_book = Phrasebook(analyzer)
        for label, phrases in lexicon.groups.items():
            self.context_book.add("groups", label, phrases)
        self.context_book.add("org_anaphora", "company", lexicon.org_anaphora)
        self.dates = DateFinder(lexicon, analyzer)
        self.names = NameFinder(lexicon, gazetteer, analyzer)

    def cue_sentences(self, block: AnalysedBlock) -> dict[int, set[str]]:
        """The sentences that hold a word for an action, its people, a claim or its effect at a site.

        Keyed by sentence index, with what was found ("trigger", "participant", "claim", "effect");
        a sentence not among them is neither an action nor a site of one.
        """
        found: dict[int, set[str]] = {}
        tokens = block.tokens
        for sentence in block.sentences:
            for i in self.cues.starts(tokens, sentence.first, sentence.last):
                for match in self.cues.matches_at(tokens, i, sentence.last):
                    found.setdefault(sentence.index, set()).add(match.label)
        return found

    def read(self, block: AnalysedBlock, sentence: Sentence, anchor: DateAnchor,
             context: PlaceContext, full: bool = True) -> SentenceFacts:
        """The facts of one sentence; updates the place context with the places it names.

        With ``full`` false, only what later sentences need is read (dates, organisations, places,
        the group): the context ends up as a full reading leaves it. For a sentence that names no
        action and lends nothing to one (not in ``cue_sentences``, no action told in its paragraph).
        """
        tokens = block.tokens
        a, b = sentence.first, sentence.last
        facts = SentenceFacts(sentence=sentence, language=block.language)
        scan = (self.book if full else self.context_book).scan(tokens, a, b)
        if context.written is not None:
            anchor = DateAnchor(anchor.published, anchor.year, context.written)
        facts.dates = [self._same_day(d, context) for d in self.dates.find(tokens, a, b, anchor)]
        context.written = self.dates.last_written
        facts.context_date = context.last_date
        named = [d.value for d in facts.dates if d.value and len(d.value) == 10 and d.role != "end"]
        if named:
            context.last_date, context.last_date_paragraph = named[-1], sentence.paragraph
        facts.country_wide = bool(scan.find("scope"))
        facts.effect = bool(scan.find("effects"))
        facts.claims = bool(scan.find("claim_markers")) or any(m.label == "claim:other" for m in scan.find("events"))
        date_tokens = {k for d in facts.dates for k in range(d.first, d.last)}
        matches = [m for m in scan.find("events") if m.first not in date_tokens]
        contexts = {m.label for m in scan.find("contexts")}
        cancelled = {kind for context in contexts for kind in CONTEXT_CANCELS[context]}
        facts.triggers = [m for m in matches if ":" in m.label and m.label.split(":")[1] not in cancelled
                          and "*" not in cancelled]
        group_matches = scan.find("groups")
        facts.group_count = len(group_matches)
        orgs = self.names.organizations(tokens, a, b, [m.last - 1 for m in group_matches], block.text)
        facts.places = self.names.places(tokens, a, b, context, exclude=orgs)
        for place in facts.places:
            context.countries[place.entry.country] += 1
            context.recent = place
        for org in orgs:
            (facts.unions if self.names.is_union(org.text) else facts.organizations).append(org.text)
        if facts.organizations:
            context.last_organization = facts.organizations[-1]
        elif context.last_organization and group_matches and scan.find("org_anaphora"):
            # "at the company's Kwezi shaft": the company the story has named
            facts.organizations.append(context.last_organization)
        if group_matches:
            facts.group = group_matches[0].label
        if not full:
            return facts
        self._sectors(scan, a, facts, group_matches, orgs)
        names = [(o.first, o.last) for o in orgs] + [(p.first, p.last) for p in facts.places]
        numbers = numbers_in(tokens, a, b, self.lexicon)
        facts.demands = self.read_demands(tokens, a, b, scan, names, numbers)
        self._counts(tokens, a, b, facts, scan, numbers)
        venue = scan.find("venues")
        if venue:
            facts.venue = span_text(tokens, venue[0].first, venue[0].last)
        if facts.triggers:
            self._classify(tokens, scan, facts, date_tokens)
        return facts

    @staticmethod
    def _same_day(mention: DateMention, context: PlaceContext) -> DateMention:
        if mention.role != "same":
            return mention
        return DateMention(mention.first, mention.last, context.last_date, "point", False)

    def _classify(self, tokens: Sequence[Token], scan: Scan, facts: SentenceFacts, date_tokens: set[int]) -> None:
        # Words for an action decide the kind; people taking part ("strikers") decide it only over a
        # weak action word ("meetings of striking workers" is a strike, "strikers blocked a road" a blockade).
        actions = [m.label.split(":")[1] for m in facts.triggers if m.label.startswith("trigger:")]
        others = [m.label.split(":")[1] for m in facts.triggers if not m.label.startswith("trigger:")]
        strong = [k for k in actions if k not in WEAK_KINDS]
        facts.kind = min(strong or actions + others, key=KIND_PRIORITY.index)
        strengths = {m.label.split(":")[0] for m in facts.triggers}
        facts.strength = "trigger" if "trigger" in strengths else ("participant" if "participant" in strengths
                                                                    else "claim")
        # Modality is read around the first trigger of the kind the sentence is about.
        of_kind = [m for m in facts.triggers if m.label.split(":")[1] == facts.kind]
        heads = [m for m in of_kind if m.label.startswith("trigger:")][:1] or of_kind[:1]
        # A date is not a modal ("May 15" is no "may").
        cues = [c for c in scan.all("modality") if c.first not in date_tokens]

        def gap(cue: Match) -> int:
            """Tokens between a cue and the nearest head trigger (0 when they overlap)."""
            return min(max(h.first - cue.last + 1, cue.first - h.last + 1, 0) for h in heads)

        def before(cue: Match, window: int) -> bool:
            return any(0 <= h.first - cue.last < window for h in heads)

        def inside_other(cue: Match) -> bool:
            """A negation word that belongs to a longer cue ("did not rule out", "no descartó") or a name."""
            return any(o is not cue and o.label != "negation" and o.first <= cue.first and cue.last <= o.last
                       and o.last - o.first > cue.last - cue.first for o in cues) \
                or (tokens[cue.first].text[:1].isupper() and cue.first > facts.sentence.first)

        negations = [c for c in cues if c.label == "negation" and not inside_other(c)]
        # "We will not call off the strike", "no vamos a levantar la huelga": the negation is of the calling
        # off, and the action goes on (the sentence is no new action when the negation is also near the head).
        kept_on = [c for c in cues if c.label == "called_off"
                   and any(0 <= c.first - n.last <= _NEGATED_CUE_GAP for n in negations)]
        negated = any(before(n, _NEGATION_WINDOW) for n in negations)
        hypothetical = any(c.label == "hypothetical" and gap(c) <= _NEGATION_WINDOW for c in cues)
        facts.negated = negated or hypothetical
        status = "occurred"
        for label in ("called_off", "threatened", "planned", "ongoing"):
            # A strike "called for Thursday in Seville was called off": the verb comes late.
            window = _MODALITY_WINDOW + 3 if label == "called_off" else _MODALITY_WINDOW
            if any(c.label == label and gap(c) <= window and c not in kept_on for c in cues):
                status = label
                break
        if any(d.role in ("count", "since") for d in facts.dates) and status in ("occurred", "planned"):
            status = "ongoing"
        facts.status = status

    def _sectors(self, scan: Scan, a: int, facts: SentenceFacts, group_matches: Sequence[Match],
                 orgs: Sequence[NameSpan]) -> None:
        found = [m for m in scan.find("sectors") if m.label != "none"]
        if not found:
            return
        # Nearest to who acts: the group word, else the end of the organisation's name ("Teaching Hospital").
        anchor = group_matches[0].first if group_matches else (orgs[0].last - 1 if orgs else a)
        ordered = sorted(found, key=lambda m: (abs(m.first - anchor), m.first))
        for m in ordered:
            if m.label not in facts.sectors:
                facts.sectors.append(m.label)

    def read_demands(self, tokens: Sequence[Token], a: int, b: int, scan: Scan | None = None,
                     names: Sequence[tuple[int, int]] = (), numbers: Sequence[Number] | None = None
                     ) -> list[Demand]:
        """Demand categories named in ``tokens[a:b]``, with the percentage of a demanded raise.

        ``scan`` and ``numbers`` are what the caller has already found in those tokens, if anything.
        """
        # Words inside names ("Trade Union Congress", "Living Wage Foundation") are not demands; a
        # capitalised word is one only when names are not marked (German capitalises every noun).
        scan = scan or self.book.scan(tokens, a, b)

        def in_name(c: Match) -> bool:
            return any(first < c.last and c.first < last for first, last in names) or (
                not self.lexicon.nouns_capitalised and any(
                    tokens[k].text[:1].isupper() and k > a and is_name_token(tokens[k]) and
                    self.names.in_name_run(tokens, k, a, b) for k in range(c.first, c.last)))

        cues = [c for c in scan.find("demands") if not in_name(c)]
        demands: dict[str, Demand] = {}
        for cue in cues:
            if cue.label not in demands:
                demands[cue.label] = Demand(cue.label, span_text(tokens, cue.first, cue.last))
        raises = scan.find("raises")
        for number in numbers_in(tokens, a, b, self.lexicon) if numbers is None else numbers:
            if not is_percent(tokens, number, self.lexicon) or not 0 < number.value <= 1000:
                continue
            target = _nearest(cues, number.first, 8)
            category = target.label if target else ("wages" if _nearest(raises, number.first, 4) else None)
            if category is None:
                continue
            demand = demands.setdefault(category, Demand(category, span_text(tokens, number.first, number.last)))
            if demand.percent is None:
                demand.percent = number.value
        for r in raises:
            if r.label == "double":
                # What is to be doubled is the nearest thing claimed ("the allowance to be doubled"), else pay.
                target = _nearest([c for c in cues if c.label in _DOUBLED_CATEGORIES], r.first, 4)
                category = target.label if target else "wages"
                demand = demands.setdefault(category, Demand(category, span_text(tokens, r.first, r.last)))
                if demand.percent is None:
                    demand.percent = 100.0
        return list(demands.values())

    def _is_age(self, tokens: Sequence[Token], number: Number, stop: int) -> bool:
        """Whether a number is an age or a span of years ("a 19-year-old", "un joven de 22 años", "22 лет")."""
        k = number.last
        if k < stop and tokens[k].text in ("-", "‐", "–"):
            k += 1
        return k < stop and (tokens[k].lower in self.lexicon.age_words or tokens[k].lemma in self.lexicon.age_words)

    def _counts(self, tokens: Sequence[Token], a: int, b: int, facts: SentenceFacts, scan: Scan,
                found: Sequence[Number]) -> None:
        cues = scan.find("counts")
        connectors = self.lexicon.count_connectors
        numbers = [n for n in found if not is_percent(tokens, n, self.lexicon)
                   and not (1900 <= n.value <= 2100 and tokens[n.first].text.isdigit())
                   and not self._is_age(tokens, n, b)]
        for cue in cues:
            # "killed 225 demonstrators", "detuvo a once personas" (right after, or after a connecting word),
            # else "one protester was killed" (before), else after.
            after = [n for n in numbers if 0 <= n.first - cue.last <= _COUNT_WINDOW]
            before = [n for n in numbers if 0 <= cue.first - n.last <= _COUNT_WINDOW]
            if after and (after[0].first == cue.last or (after[0].first == cue.last + 1
                                                         and tokens[cue.last].lower in connectors)):
                best = after[0]
            elif before:
                best = before[-1]
            else:
                best = after[0] if after else None
            if best and getattr(facts, cue.label) is None:
                setattr(facts, cue.label, int(best.value))
        # Crowd size: a number right before a group word ("200 workers", "thousands of miners").
        # People taking part count as a group here ("some two hundred strikers gathered"), and so do
        # plain words for people ("3,000 people marched"), which set the size but not the group.
        group_starts = {m.first for m in scan.all("groups")} | {m.first for m in scan.all("crowd")} | \
            {m.first for m in scan.all("events") if m.label.startswith("participant:")}
        for n in numbers:
            if facts.size is not None:
                break
            for k in range(n.last, min(b, n.last + 3)):
                if k in group_starts or tokens[k].lower in self.lexicon.size_connectors:
                    if k in group_starts:
                        facts.size = int(n.value)
                        break
                    continue
                break


def _nearest(matches: Sequence[Match], position: int, window: int) -> Match | None:
    best = None
    for m in matches:
        gap = min(abs(m.first - position), abs(m.last - 1 - position))
        if gap <= window and (best is None or gap < best[0]):
            best = (gap, m)
    return best[1] if best else None

