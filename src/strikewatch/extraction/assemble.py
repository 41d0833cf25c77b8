"""From sentence facts to events: which sentences tell one action, and one event per action.

Within a language block, a sentence that names an action either opens a new event
(when it is specific enough: an organisation, a date, a place, a sized demand) or
continues the one being told (same paragraph, no new organisation, place or
industry; or the next paragraph when it names nothing of its own). Sentences with no
trigger lend their demands to the event being told. Then the events of all blocks,
a report and its translation included, are merged on language-free values:
organisations, place, date, group, sector.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from strikewatch.analysis import AnalysedBlock, analyzer_for, paragraph_starts
from strikewatch.extraction.dates import DateAnchor, forward_weekday, years_in
from strikewatch.extraction.facts import KIND_PRIORITY, WEAK_KINDS, SentenceFacts, SentenceReader
from strikewatch.extraction.names import PRECISION_RANK, PlaceContext, PlaceMention, fold_name
from strikewatch.lexicons import LexiconError, available_languages, load_lexicon
from strikewatch.model import Actor, Demand, Document, Event, Place, Span
from strikewatch.places import Gazetteer

log = logging.getLogger(__name__)

# How specific a sentence must be to open an event of its own (see _specificity).
_OPENS_EVENT = 1.0
_WEAK_OPENS_EVENT = 2.25
# Places closer than this are one place (a suburb and its city, a depot and its town).
_SAME_PLACE_KM = 30.0
# Kinds of action whose effects at a site ("flights cancelled", "standstill") tell the action there.
_SITE_KINDS = ("strike", "blockade")
# Cue words that name an action or those taking part in one: a document with none tells no action.
_ACTION_CUES = frozenset({"trigger", "participant"})


@dataclass
class Draft:
    """An event being assembled from the sentences that tell it."""

    block: int
    language: str
    head: SentenceFacts
    parts: list[SentenceFacts] = field(default_factory=list)
    support: list[SentenceFacts] = field(default_factory=list)  # sentences that only lend demands
    place: PlaceMention | None = None
    place_inherited: bool = False
    sector: str | None = None
    languages: list[str] = field(default_factory=list)
    merged: list[Draft] = field(default_factory=list)
    inherited_organizations: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """The kind its opening sentences name (in a report and its translation)."""
        heads = [self.head] + [d.head for d in self.merged]
        kinds = [h.kind for h in heads if h.kind]
        strong = [k for k in kinds if k not in WEAK_KINDS]
        return min(strong or kinds, key=KIND_PRIORITY.index)

    @property
    def last_paragraph(self) -> int:
        return max(p.sentence.paragraph for p in self.parts + self.support)

    def all_parts(self) -> list[SentenceFacts]:
        return self.parts + [p for d in self.merged for p in d.parts]

    def all_support(self) -> list[SentenceFacts]:
        return self.support + [s for d in self.merged for s in d.support]

    def organizations(self) -> list[str]:
        out: list[str] = []
        for part in self.all_parts():
            for org in part.organizations:
                if not any(_same_org(org, o) for o in out):
                    out.append(org)
        return out


def _same_org(a: str, b: str) -> bool:
    fa, fb = fold_name(a), fold_name(b)
    return fa == fb or (len(fa) >= 4 and fa in fb) or (len(fb) >= 4 and fb in fa)


def _specificity(facts: SentenceFacts) -> float:
    score = 0.0
    if facts.organizations:
        score += 2
    if any(d.value and len(d.value) == 10 for d in facts.dates):
        score += 2  # a day; a month alone ("in late January") says little about which action
    if facts.places:
        best = min(PRECISION_RANK[p.precision] for p in facts.places)
        score += {0: 1.0, 1: 1.0, 2: 1.0, 3: 0.25, 4: 0.0}[best]
    if facts.size:
        score += 1
    if any(d.percent for d in facts.demands):
        score += 1
    if facts.sectors:
        score += 0.5
    if facts.group:
        score += 0.5
    if facts.fatalities or facts.arrests or facts.injuries:
        score += 1  # what was done to them makes it an event ("police fired on protesters, killing three")
    return score


class Extractor:
    """Extracts events from documents; holds the per-language readers and the gazetteer."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()
        self._readers: dict[str, SentenceReader] = {}

    def reader(self, language: str) -> SentenceReader | None:
        """The sentence reader of a language, or None when the language has no lexicon."""
        if language not in self._readers:
            if language not in available_languages():
                return None
            try:
                self._readers[language] = SentenceReader(load_lexicon(language), analyzer_for(language),
                                                         self.gazetteer)
            except LexiconError:
                raise
        return self._readers[language]

    def extract(self, document: Document) -> list[Event]:
        """The events of a document, one per action."""
        paragraphs = paragraph_starts(document.text)
        blocks: list[tuple[int, AnalysedBlock, SentenceReader, dict[int, set[str]]]] = []
        for index, block in enumerate(document.blocks):
            reader = self.reader(block.language)
            if reader is None:
                # Said every time, never skipped in silence; text in no detectable language is only noted.
                log.log(logging.INFO if block.language == "und" else logging.WARNING,
                        "document %s: no lexicon for language %r (characters %d-%d); block not read",
                        document.id, block.language, block.start, block.end)
                continue
            analysed = analyzer_for(block.language).analyse(document.text, block.start, block.end, paragraphs)
            blocks.append((index, analysed, reader, reader.cue_sentences(analysed)))
        # Most of an archive names no action at all: one look for a trigger word settles those.
        if not any(labels & _ACTION_CUES for *_, cues in blocks for labels in cues.values()):
            return []
        published = document.published or self._dateline(document)
        anchor = DateAnchor(published, published.year if published else _text_year(document))
        drafts: list[Draft] = []
        context = PlaceContext()
        for index, analysed, reader, cues in blocks:
            context.recent, context.last_date = None, None
            drafts.extend(self._block_drafts(index, analysed, reader, cues, anchor, context))
        merged = _merge_drafts(drafts)
        _share_sectors(merged)
        overviews = _overviews(merged)
        events = [self._event(d, document, anchor, context.country) for d in merged]
        _share_demands(events)
        # An overview's demands went to its sites; the overview itself is no action of its own.
        events = [e for d, e in zip(merged, events, strict=True) if d not in overviews]
        for event in events:
            event.summary = summarize(event)
        return events

    def _dateline(self, document: Document) -> date | None:
        """A report's own date when it stands alone on a line near the top ("February 15, 2022")."""
        starts = paragraph_starts(document.text)
        for number, start in enumerate(starts[:12]):
            end = starts[number + 1] if number + 1 < len(starts) else len(document.text)
            line = document.text[start:end].strip()
            if not line or len(line) > 40:
                continue
            block = next((b for b in document.blocks if b.start <= start < b.end), None)
            if block is None or self.reader(block.language) is None:
                continue
            analysed = analyzer_for(block.language).analyse(line, 0, len(line), [0])
            found = self.reader(block.language).dates.find(analysed.tokens, 0, len(analysed.tokens),
                                                          DateAnchor(None))
            if len(found) == 1 and found[0].value and len(found[0].value) == 10 and found[0].explicit:
                return date.fromisoformat(found[0].value)
        return None

    # ---- within a block -------------------------------------------------------------------

    def _block_drafts(self, index: int, block: AnalysedBlock, reader: SentenceReader, cues: dict[int, set[str]],
                      anchor: DateAnchor, context: PlaceContext) -> list[Draft]:
        drafts: list[Draft] = []
        previous_places: list[PlaceMention | None] = []
        recent: PlaceMention | None = None
        lends_to_next_paragraph: int | None = None
        for sentence in block.sentences:
            current = drafts[-1] if drafts else None
            paragraph = sentence.paragraph
            # Read in full: a sentence that may tell an action, and one that may lend to the action being
            # told. The others (most of a long report) are read for the context of what follows.
            lends = current is not None and paragraph in (current.last_paragraph, lends_to_next_paragraph)
            facts = reader.read(block, sentence, anchor, context, full=lends or sentence.index in cues)
            previous_places.append(recent)
            if facts.places:
                recent = _most_specific(facts.places, facts)
            story = next((d for d in reversed(drafts) if d.kind in _SITE_KINDS), None)
            if not facts.is_mention and facts.effect and story is not None and (facts.organizations or facts.places):
                # A strike story told site by site: "In Frankfurt the operator cancelled 1,300 flights" is the
                # story's action at that site, though it names no action; going on if the story's action is.
                going_on = any(p.status == "ongoing" for p in story.all_parts())
                facts.kind, facts.strength = story.kind, "trigger"
                facts.status = "ongoing" if going_on else "occurred"
            if not facts.is_mention:
                if lends and current is not None:  # (lends says there is one)
                    # A statement read out after a colon speaks for the action; elsewhere a sentence lends
                    # demands only when it says it claims something ("should be released", "they demand").
                    facts.lent = paragraph == lends_to_next_paragraph
                    current.support.append(facts)
                continue
            if current and self._continues(current, facts, paragraph):
                current.parts.append(facts)
            else:
                threshold = _OPENS_EVENT if facts.strength == "trigger" else _WEAK_OPENS_EVENT
                needs_actor = facts.kind in ("assembly", "other") or facts.strength != "trigger"
                # A crowd of its own size told inside a story is anchored by the story's place.
                anchored = bool(facts.organizations) \
                    or any(d.value and len(d.value) == 10 and d.role != "end" for d in facts.dates) \
                    or any(p.precision != "country" for p in facts.places) \
                    or bool(facts.size and current is not None and current.place is not None)
                actor = facts.group or facts.organizations or facts.strength == "participant"
                if not anchored or _specificity(facts) < threshold or (needs_actor and not actor):
                    continue
                for draft in self._open(index, block.language, facts, previous_places[-1], drafts):
                    drafts.append(draft)
            last_token = block.sentence_tokens(facts.sentence)[-1]
            lends_to_next_paragraph = paragraph + 1 if last_token.text == ":" else None
        return _headline_into_story(drafts, block)

    def _continues(self, draft: Draft, facts: SentenceFacts, paragraph: int) -> bool:
        """Whether a sentence goes on telling the event being told rather than a new one."""
        gap = paragraph - draft.last_paragraph
        if gap > 1:
            return False
        orgs = draft.organizations()
        # A new organisation is a new action, except where the paragraph's opening sentence named none
        # ("The underground strike went on for a third day. About 120 miners of X LLP ...").
        if facts.organizations and not any(_same_org(o, p) for o in facts.organizations for p in orgs) \
                and (orgs or gap > 0):
            return False
        if facts.sectors and draft.sector and draft.sector not in facts.sectors[:1]:
            return False
        # A nationwide action told site by site: a city where a crowd of its own gathered, or that opens a
        # paragraph of its own, is a site event ("In São Paulo, 70% of the staff joined").
        if _nationwide(draft) and _names_site(facts) and (facts.size or gap > 0):
            return False
        if facts.places and draft.place:
            mine = _most_specific(facts.places, facts)
            # Another place breaks the story when the sentence also says who acts, how many or when ("In Kano,
            # strikers ...", "In Thessaloniki 8,000 demonstrators gathered"), not in a side remark ("They protest
            # against layoffs by a firm from Cosenza").
            if not _same_place(mine, draft.place) and (facts.group or facts.organizations or facts.dates
                                                        or facts.size or gap > 0):
                return False
        # An action that ended before this one began is another action.
        ended = next((d.value for d in facts.dates if d.value and d.role == "end"), None)
        begun = _first_date(draft)
        if ended and begun and len(ended) == len(begun) and ended < begun:
            return False
        # A threat or a plan of another action ("members are prepared to authorise a strike") is not
        # the action being told.
        own_date = next((d.value for d in facts.dates if d.value and d.role != "end"), None)
        if facts.kind != draft.kind and (facts.status == "threatened" or (facts.status == "planned" and own_date)) \
                and draft.head.status in ("occurred", "ongoing") and facts.strength == "trigger":
            return False
        # Another kind of action by a crowd of its own size is another event ("About 200 strikers gathered
        # for a rally", "150 employees sent an open letter" in a hunger-strike story).
        # A picket of a strike told without a count of its own is the strike itself.
        size = next((p.size for p in draft.parts if p.size), None)
        by_them = any(m.label == f"participant:{draft.kind}" for m in facts.triggers)
        if facts.kind != draft.kind and facts.kind not in WEAK_KINDS and draft.kind not in WEAK_KINDS \
                and facts.size and ((size and facts.size != size) or by_them) and facts.strength == "trigger":
            return False
        # Another kind of action on another day is another event ("On Monday, they also blocked a road"),
        # unless it goes on ("continued their protest").
        if facts.kind != draft.kind and facts.kind not in WEAK_KINDS and draft.kind not in WEAK_KINDS \
                and facts.status != "ongoing" and own_date and own_date != _first_date(draft):
            return False
        if gap == 1 and (facts.organizations or facts.places):
            # Across a paragraph break, a sentence that names its own place goes on only with a claim or the
            # same kind of action by the same group ("drivers at the depots are demanding 12%").
            group = next((p.group for p in draft.parts if p.group), None)
            same_kind = facts.kind in WEAK_KINDS or facts.kind == draft.kind
            return same_kind and (facts.group is None or group is None or facts.group == group)
        return True

    def _open(self, index: int, language: str, facts: SentenceFacts, previous: PlaceMention | None,
              earlier: Sequence[Draft]) -> list[Draft]:
        place = _most_specific(facts.places, facts) if facts.places else None
        inherited = False
        inherited_orgs: list[str] = []
        latest = earlier[-1] if earlier else None
        # Claims by several industries ("utility workers and oilfield staff also demanded") are several claims.
        several = facts.kind == "other" and len(facts.sectors) >= 2 and facts.group_count >= 2
        sectors = facts.sectors[:2] if several else facts.sectors[:1]
        story = next((d for d in reversed(earlier) if _nationwide(d)), None)
        story_sector = next((s for p in story.all_parts() for s in p.sectors), None) if story else None
        if story is not None and _names_site(facts) and not facts.organizations and story.organizations() \
                and (not facts.sectors or story_sector is None or story_sector in facts.sectors):
            # A site of a nationwide action: the action of the organisations the story named.
            inherited_orgs = story.organizations()
            if not sectors and story.sector:
                sectors = [story.sector]
            if facts.status == "occurred" and story.head.status == "ongoing" and facts.kind == story.kind:
                facts.status = "ongoing"  # a site of a strike under way is under way
        if facts.effect and not facts.triggers and not sectors and latest is not None and latest.sector:
            # A site of the story told by its effects works in the story's industry.
            sectors = [latest.sector]
        if facts.country_wide:
            # "a nationwide strike", "lo sciopero generale": the country, whatever city the dateline names
            place = None
        if place is None and not facts.country_wide:
            # Told without a place: the story's last place, when nothing says it is another industry
            # (then its organisations too, when it names none: "further strike action from 1 March").
            if latest is not None and latest.place is not None and \
                    (not facts.sectors or latest.sector is None or latest.sector in facts.sectors):
                place, inherited = latest.place, True
                if not facts.organizations:
                    inherited_orgs = latest.organizations() or list(latest.inherited_organizations)
                    if not sectors and latest.sector:
                        sectors = [latest.sector]
            elif (facts.group or facts.organizations) and previous is not None:
                place, inherited = previous, True
        drafts = []
        for sector in sectors or [None]:
            drafts.append(Draft(block=index, language=language, head=facts, parts=[facts], place=place,
                                place_inherited=inherited, sector=sector, languages=[language],
                                inherited_organizations=inherited_orgs))
        return drafts

    # ---- to events --------------------------------------------------------------------------

    def _event(self, draft: Draft, document: Document, anchor: DateAnchor, country: str | None) -> Event:
        parts = draft.all_parts()
        kind = draft.kind
        status = draft.head.status
        if status == "occurred" and any(p.status == "ongoing" for p in parts):
            status = "ongoing"
        if any(p.status == "called_off" for p in parts[1:]):
            status = "called_off"
        start, end = _dates(draft, anchor, status, document.published)
        published = anchor.published
        if start and published and len(start) == 10:
            day = date.fromisoformat(start)
            if status in ("occurred", "ongoing") and day > published:
                status = "planned"
            elif status == "planned" and day <= published:
                # announced for a day the report has reached: it took place (or is taking place)
                status = "occurred"
        location = self._location(draft, parts, country)
        organizations = draft.organizations() or list(draft.inherited_organizations)
        unions: list[str] = []
        for p in parts:
            unions.extend(u for u in p.unions if u not in unions)
        group = next((p.group for p in parts if p.group), None)
        if group is None and kind in ("strike",):
            group = "workers"
        demands = _demands(parts + [f for f in draft.all_support() if f.lent or f.claims])
        counts = {}
        paragraphs = {p.sentence.paragraph for p in parts}
        near = parts + [f for f in draft.all_support() if f.sentence.paragraph in paragraphs]
        for key in ("fatalities", "arrests", "injuries"):
            counts[key] = next((getattr(p, key) for p in near if getattr(p, key) is not None), None)
        size = next((p.size for p in parts if p.size), None)
        sector = draft.sector or next((s for p in parts + draft.all_support() for s in p.sectors), None)
        evidence_facts = sorted(parts + draft.all_support(), key=lambda f: f.sentence.start)
        evidence = [Span(f.sentence.start, f.sentence.end, f.language) for f in evidence_facts]
        languages = []
        for f in evidence_facts:
            if f.language not in languages:
                languages.append(f.language)
        event = Event(
            kind=kind, status=status, start_date=start, end_date=end, location=location,
            actor=Actor(group=group, organizations=organizations, unions=unions, sector=sector, size=size),
            demands=demands, fatalities=counts["fatalities"], arrests=counts["arrests"],
            injuries=counts["injuries"], languages=languages, evidence=evidence,
        )
        event.summary = summarize(event)
        return event

    def _location(self, draft: Draft, parts: Sequence[SentenceFacts], country: str | None) -> Place | None:
        venue = next((p.venue for p in parts if p.venue), None)
        if draft.place is not None:
            return self.gazetteer.to_place(draft.place.entry, precision=draft.place.precision,
                                           venue=None if draft.place_inherited else venue)
        # No place of its own and no actor to tie it to an earlier one: the document's country.
        entry = self.gazetteer.country(country) if country else None
        return self.gazetteer.to_place(entry, precision="country") if entry else None


def _headline_into_story(drafts: list[Draft], block: AnalysedBlock) -> list[Draft]:
    """A headline (a first line without final punctuation) is the action the story below it tells."""
    if len(drafts) < 2:
        return drafts
    headline, story = drafts[0], drafts[1]
    sentence = headline.head.sentence
    first_paragraph = [s for s in block.sentences if s.paragraph == sentence.paragraph]
    if sentence is not block.sentences[0] or len(first_paragraph) != 1 or headline.merged \
            or any(p.sentence is not sentence for p in headline.parts) \
            or block.sentence_tokens(sentence)[-1].text in (".", "!", "?", "…"):
        return drafts
    if headline.kind != story.kind or (headline.organizations() and not any(
            _same_org(a, b) for a in headline.organizations() for b in story.organizations())):
        return drafts
    story.parts.extend(headline.parts)
    story.support.extend(headline.support)
    # "Strike at the Ekibastuz pit" over "... in Pavlodar region": the headline may name the town itself.
    if headline.place is not None and (story.place is None or (
            PRECISION_RANK[headline.place.precision] < PRECISION_RANK[story.place.precision]
            and _same_place(headline.place, story.place))):
        story.place, story.place_inherited = headline.place, headline.place_inherited
    return drafts[1:]


def _nationwide(draft: Draft) -> bool:
    """Whether a draft tells an action across the country (said so, or told with no place of its own)."""
    return draft.head.country_wide or draft.place is None or draft.place.precision == "country"


def _names_site(facts: SentenceFacts) -> bool:
    """Whether a sentence tells an action at a town of its own."""
    return facts.strength == "trigger" and not facts.country_wide \
        and any(p.precision in ("city", "district", "venue") for p in facts.places)


def _most_specific(places: Sequence[PlaceMention], facts: SentenceFacts | None = None) -> PlaceMention:
    """The most precise place; among equals, the one nearest the action's word (not the dateline)."""
    at = facts.triggers[0].first if facts is not None and facts.triggers else 0
    return min(places, key=lambda p: (PRECISION_RANK[p.precision], abs(p.first - at)))


def _same_place(a: PlaceMention, b: PlaceMention) -> bool:
    if a.entry.geonameid == b.entry.geonameid:
        return True
    # A city inside the region already named, or the region of the city already named.
    if "region" in (a.precision, b.precision):
        return bool(a.entry.admin1_code) and a.entry.admin1_code == b.entry.admin1_code
    if "country" in (a.precision, b.precision):
        return a.entry.country == b.entry.country
    return _km(a.entry.lat, a.entry.lon, b.entry.lat, b.entry.lon) <= _SAME_PLACE_KM


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _text_year(document: Document) -> int | None:
    if document.published:
        return document.published.year
    years = years_in(document.text)
    return max(years) if years else None


def _dates(draft: Draft, anchor: DateAnchor, status: str, published: date | None) -> tuple[str | None, str | None]:
    heads = [draft.head] + [d.head for d in draft.merged]
    parts = draft.all_parts()
    start: str | None = None
    for facts in heads + [p for p in parts if p not in heads]:
        dated = [d for d in facts.dates if d.value and d.role != "end"]
        if not dated:
            continue
        dated = [d for d in dated if d.role != "dateline"] or dated  # the sentence's own date first
        preferred = [d for d in dated if d.role in ("count", "start", "since")] or dated
        choice = preferred[0]
        start = choice.value
        # A weekday of an announced action is the next one ("will strike on Monday", "from Monday").
        forward = status == "planned" or (status == "threatened" and choice.role == "start")
        if not choice.explicit and forward and start and len(start) == 10:
            start = forward_weekday(start, published)
        break
    counted = [d.value for p in parts for d in p.dates if d.role == "count" and d.value]
    if counted and (start is None or min(counted) < start):
        start = min(counted)
    end = next((d.value for p in parts for d in p.dates if d.role == "end" and d.value), None)
    if end and start and len(end) == len(start) and end < start:
        end = None  # an end before the start belongs to another action
    if start is None and status in ("occurred", "ongoing"):
        # An action told without a date, right after one, happened then ("On Monday ... In Kano, ...");
        # a bare claim ("workers also demanded") is dated only to the month of the report.
        start = draft.head.context_date if draft.head.strength == "trigger" else None
        start = start or anchor.month()
    return start, end


def _demands(facts: Sequence[SentenceFacts]) -> list[Demand]:
    out: dict[str, Demand] = {}
    for f in facts:
        for d in f.demands:
            have = out.get(d.category)
            if have is None:
                out[d.category] = Demand(d.category, d.text, d.percent)
            elif have.percent is None and d.percent is not None:
                have.percent = d.percent
    return list(out.values())


# ---- across blocks ------------------------------------------------------------------------------

def _merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """Merge drafts that tell the same action (a report and its translation, a story told twice)."""
    kept: list[Draft] = []
    for draft in drafts:
        target = None
        best = 0.0
        for candidate in kept:
            score = _identity(candidate, draft)
            if score > best:
                target, best = candidate, score
        if target is None:
            kept.append(draft)
            continue
        target.merged.append(draft)
        if draft.place and (target.place is None or (target.place_inherited and not draft.place_inherited)):
            target.place, target.place_inherited = draft.place, draft.place_inherited
        if target.sector is None:
            target.sector = draft.sector
    return kept


def _identity(a: Draft, b: Draft) -> float:
    """How surely two drafts are one action (0 when they are not), on language-free values only."""
    # Drafts of one block were already told apart by the reading of that block: only the same
    # organisation's action told again ("the Delta Mining strike continued on Wednesday") is merged.
    if a.block == b.block:
        orgs_a, orgs_b = a.organizations(), b.organizations()
        if not (orgs_a and orgs_b and any(_same_org(x, y) for x in orgs_a for y in orgs_b)):
            return 0.0
        date_a, date_b = _first_date(a), _first_date(b)
        if date_a and date_b and date_a != date_b and b.head.status != "ongoing" and a.head.status != "ongoing":
            return 0.0
        # A threat or plan is not the action already under way.
        announced = {"threatened", "planned"}
        if (a.head.status in announced) != (b.head.status in announced):
            return 0.0
        # The reading of the block told another kind of action apart ("150 employees sent an open letter").
        if a.kind != b.kind and a.kind not in WEAK_KINDS and b.kind not in WEAK_KINDS:
            return 0.0
    kind_a = min((p.kind for p in a.all_parts() if p.kind), key=KIND_PRIORITY.index)
    kind_b = min((p.kind for p in b.parts if p.kind), key=KIND_PRIORITY.index)
    weak = {"assembly", "petition", "other"}
    if kind_a != kind_b and kind_a not in weak and kind_b not in weak:
        return 0.0
    orgs_a, orgs_b = a.organizations(), b.organizations()
    # A translation may write an organisation in another script or translate its name ("ТОО «Экибастузская
    # угольная компания»" and "Ekibastuz Coal Company LLP"): then place, date, kind and group decide.
    translated = a.language != b.language and bool(orgs_a) and bool(orgs_b) \
        and not {_script(x) for x in orgs_a} & {_script(y) for y in orgs_b}
    if (orgs_a or orgs_b) and not translated:
        if not (orgs_a and orgs_b):
            return 0.0
        if not any(_same_org(x, y) for x in orgs_a for y in orgs_b):
            return 0.0
        if a.place and b.place and not a.place_inherited and not b.place_inherited \
                and not _same_place(a.place, b.place):
            return 0.0
        return 3.0
    if (a.place is None) != (b.place is None):
        return 0.0
    if a.place and b.place and not _same_place(a.place, b.place):
        return 0.0
    if a.sector != b.sector and a.sector and b.sector:
        return 0.0
    date_a = _first_date(a)
    date_b = _first_date(b)
    if date_a != date_b:
        return 0.0
    group_a = next((p.group for p in a.all_parts() if p.group), None)
    group_b = next((p.group for p in b.parts if p.group), None)
    if group_a and group_b and group_a != group_b:
        return 0.0
    return 1.0 + (0.5 if a.sector == b.sector else 0.0)


def _script(name: str) -> str:
    """The script a name is written in, by its letters: "cyrillic" or "latin" (and other)."""
    return "cyrillic" if any("\u0400" <= c <= "\u04ff" for c in name) else "latin"


def _first_date(d: Draft) -> str | None:
    for f in [d.head, *d.parts]:
        for m in f.dates:
            if m.value and m.role != "end":
                return m.value
    return None


def _share_sectors(drafts: list[Draft]) -> None:
    """An organisation's industry, said once, holds for its other actions in the document."""
    for draft in drafts:
        if draft.sector is not None:
            continue
        orgs = draft.organizations() or draft.inherited_organizations
        for other in drafts:
            if other is not draft and other.sector and any(
                    _same_org(a, b) for a in orgs for b in other.organizations() or other.inherited_organizations):
                draft.sector = other.sector
                break


def _overviews(drafts: Sequence[Draft]) -> list[Draft]:
    """Opening drafts that sum up a story then told site by site ("oil workers in three regions struck").

    A block's first draft that names no organisation is an overview when two or more later drafts of that
    block tell the same kind of action by named organisations at places of their own.
    """
    out: list[Draft] = []
    for index, draft in enumerate(drafts):
        if draft.merged or draft.organizations() or draft.inherited_organizations or draft.place_inherited:
            continue
        if any(d.block == draft.block for d in drafts[:index]):
            continue
        sites = [d for d in drafts[index + 1:] if d.block == draft.block and d.kind == draft.kind
                 and d.organizations() and d.place is not None and not d.place_inherited]
        places: list[PlaceMention] = []
        for site in sites:
            if not any(_same_place(site.place, p) for p in places):
                places.append(site.place)
        if len(places) >= 2:
            out.append(draft)
    return out


def _share_demands(events: list[Event]) -> None:
    """Sites of one dispute told without their own demands share the first demands told ("site by site")."""
    first = next((e for e in events if e.demands), None)
    if first is None:
        return
    for event in events:
        if not event.demands and event.kind not in ("other",) and set(event.languages) & set(first.languages):
            event.demands = [Demand(d.category, d.text, d.percent) for d in first.demands]


def summarize(event: Event) -> str:
    """A one-line English summary built from the fields."""
    who = ", ".join(event.actor.organizations) or ""
    group = event.actor.group or "people"
    actor = f"{who} {group}".strip() if who else group.capitalize()
    verb = {
        "strike": "strike", "demonstration": "demonstrate", "assembly": "hold a meeting",
        "hunger_strike": "go on hunger strike", "occupation": "occupy a site", "blockade": "blockade",
        "petition": "petition", "riot": "riot", "boycott": "boycott", "other": "press claims",
    }[event.kind]
    if event.status == "threatened":
        verb = f"threaten to {verb}"
    elif event.status == "planned":
        verb = f"plan to {verb}"
    elif event.status == "called_off":
        verb = f"call off plans to {verb}"
    where = f" in {event.location.name}" if event.location else ""
    demands = [d.category.replace("_", " ") for d in event.demands[:3]]
    why = f" over {', '.join(demands)}" if demands else ""
    return f"{actor} {verb}{where}{why}".strip()
