"""Language knowledge as data: one TOML file per language, loaded and checked here.

Every file has the same sections (see ``en.toml`` for the commented reference).
Adding a language means adding a file and fixtures, not touching the extractor.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from strikewatch.model import DEMAND_CATEGORIES, GROUPS, KINDS, SECTORS

MODALITIES = ("threatened", "planned", "ongoing", "called_off", "occurred", "negation", "hypothetical")
COUNTS = ("fatalities", "arrests", "injuries")
# Sentences about war, sport or a court case: what their trigger words do not mean there.
CONTEXTS = ("military", "sport", "legal", "disaster")


class LexiconError(ValueError):
    """A lexicon file is missing or does not have the expected shape."""


@dataclass(frozen=True)
class Lexicon:
    """The phrases and settings of one language, by section."""

    language: str
    spacy_language: str
    lemmatizer: str
    triggers: dict[str, list[str]]
    participants: dict[str, list[str]]
    claims: list[str]
    claim_markers: list[str]
    not_events: list[str]
    contexts: dict[str, list[str]]
    not_sectors: list[str]
    generic: list[str]
    modality: dict[str, list[str]]
    groups: dict[str, list[str]]
    sectors: dict[str, list[str]]
    demands: dict[str, list[str]]
    raise_words: list[str]
    doubling: list[str]
    legal_forms: list[str]
    org_units: list[str]
    of_words: list[str]
    org_anaphora: list[str]
    union_words: list[str]
    region_words: list[str]
    district_words: list[str]
    place_prepositions: list[str]
    place_suffixes: list[str]
    venues: list[str]
    numbers: dict[str, int]
    multipliers: dict[str, int]
    percent_words: list[str]
    ordinals: dict[str, int]
    day_words: list[str]
    relative_days: dict[str, int]
    start_markers: list[str]
    end_markers: list[str]
    same_day: list[str]
    month_markers: list[str]
    date_connectors: list[str]
    counts: dict[str, list[str]]
    stop_capitals: list[str] = field(default_factory=list)
    name_connectors: list[str] = field(default_factory=list)
    street_words: list[str] = field(default_factory=list)
    scope_country: list[str] = field(default_factory=list)
    place_endings: list[str] = field(default_factory=lambda: [""])
    size_connectors: list[str] = field(default_factory=list)
    crowd_nouns: list[str] = field(default_factory=list)
    not_numbers: frozenset[str] = frozenset()
    age_words: frozenset[str] = frozenset()
    count_connectors: frozenset[str] = frozenset()
    number_connectors: list[str] = field(default_factory=list)
    nouns_capitalised: bool = False
    org_heads: list[str] = field(default_factory=list)
    since_markers: list[str] = field(default_factory=list)
    effects: list[str] = field(default_factory=list)
    name_base_endings: dict[str, str] = field(default_factory=dict)
    weekday_parts: list[str] = field(default_factory=list)


def _strings(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{where}: '{key}' must be a list of strings")
    return value


def _lowered(data: dict[str, Any], key: str, where: str) -> frozenset[str]:
    """A list of words as a set of their lower-case forms (looked up against tokens' lower forms)."""
    return frozenset(w.lower() for w in _strings(data, key, where))


def _by_label(data: dict[str, Any], key: str, allowed: tuple[str, ...] | None, where: str) -> dict[str, list[str]]:
    table = data.get(key, {})
    if not isinstance(table, dict):
        raise LexiconError(f"{where}: [{key}] must be a table")
    out: dict[str, list[str]] = {}
    for label in table:
        if allowed is not None and label not in allowed:
            raise LexiconError(f"{where}: [{key}] has unknown label {label!r} (allowed: {', '.join(allowed)})")
        out[label] = _strings(table, label, f"{where} [{key}]")
    return out


def _ints(data: dict[str, Any], key: str, where: str) -> dict[str, int]:
    table = data.get(key, {})
    if not isinstance(table, dict) or not all(isinstance(v, int) and not isinstance(v, bool) for v in table.values()):
        raise LexiconError(f"{where}: [{key}] must map words to integers")
    return {str(k): int(v) for k, v in table.items()}


def _str_map(data: dict[str, Any], key: str, where: str) -> dict[str, str]:
    table = data.get(key, {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise LexiconError(f"{where}: '{key}' must map endings to endings")
    return {str(k): v for k, v in table.items()}


@cache
def shared_legal_forms() -> tuple[str, ...]:
    """Companies' legal forms of many countries (``strikewatch/data/legal_forms.toml``), read in every language."""
    path = resources.files("strikewatch").joinpath("data/legal_forms.toml")
    try:
        table = tomllib.loads(path.read_text("utf-8")).get("forms", {})
    except (FileNotFoundError, tomllib.TOMLDecodeError) as exc:
        raise LexiconError(f"cannot read the shared legal forms in {path}: {exc}") from None
    forms: dict[str, None] = {}
    for country in table:
        forms.update(dict.fromkeys(_strings(table, country, "legal_forms.toml [forms]")))
    return tuple(forms)


def _with_shared_legal_forms(own: list[str]) -> list[str]:
    """A lexicon's own legal forms, then those of other countries that it does not list."""
    return list(dict.fromkeys([*own, *shared_legal_forms()]))


def available_languages() -> list[str]:
    """The languages that have a lexicon file."""
    return sorted(p.name[:-5] for p in resources.files(__package__).iterdir() if p.name.endswith(".toml"))


@cache
def load_lexicon(language: str) -> Lexicon:
    """Read and check the lexicon of one language."""
    where = f"lexicon {language}.toml"
    try:
        raw = tomllib.loads(resources.files(__package__).joinpath(f"{language}.toml").read_text("utf-8"))
    except FileNotFoundError:
        raise LexiconError(f"no lexicon for language {language!r} (have: {', '.join(available_languages())})") from None
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{where}: {exc}") from None
    orgs = raw.get("organizations", {})
    places = raw.get("places", {})
    dates = raw.get("dates", {})
    numbers = raw.get("numbers", {})
    return Lexicon(
        language=language,
        spacy_language=str(raw.get("spacy_language", language)),
        lemmatizer=str(raw.get("lemmatizer", "lookup")),
        triggers=_by_label(raw, "triggers", KINDS, where),
        participants=_by_label(raw, "participants", KINDS, where),
        claims=_strings(raw.get("claims", {}), "phrases", where),
        claim_markers=_strings(raw.get("claims", {}), "markers", where),
        not_events=_strings(raw.get("not_events", {}), "phrases", where),
        contexts=_by_label(raw, "contexts", CONTEXTS, where),
        not_sectors=_strings(raw.get("not_events", {}), "not_sectors", where),
        generic=_strings(raw.get("generic", {}), "phrases", where),
        modality=_by_label(raw, "modality", MODALITIES, where),
        groups=_by_label(raw, "groups", GROUPS, where),
        sectors=_by_label(raw, "sectors", SECTORS, where),
        demands=_by_label(raw, "demands", DEMAND_CATEGORIES, where),
        raise_words=_strings(raw.get("raises", {}), "words", where),
        doubling=_strings(raw.get("raises", {}), "doubling", where),
        legal_forms=_with_shared_legal_forms(_strings(orgs, "legal_forms", where)),
        org_units=_strings(orgs, "units", where),
        of_words=_strings(orgs, "of_words", where),
        org_anaphora=_strings(orgs, "anaphora", where),
        union_words=_strings(orgs, "union_words", where),
        region_words=_strings(places, "region_words", where),
        district_words=_strings(places, "district_words", where),
        place_prepositions=_strings(places, "prepositions", where),
        place_suffixes=_strings(places, "inflection_suffixes", where),
        place_endings=_strings(places, "inflection_endings", where) or [""],
        size_connectors=[w.lower() for w in _strings(numbers, "size_connectors", where)],
        crowd_nouns=_strings(numbers, "crowd_nouns", where),
        not_numbers=_lowered(numbers, "not_numbers", where),
        age_words=_lowered(numbers, "age_words", where),
        count_connectors=_lowered(numbers, "count_connectors", where),
        number_connectors=[w.lower() for w in _strings(numbers, "connectors", where)],
        nouns_capitalised=bool(raw.get("names", {}).get("nouns_capitalised", False)),
        org_heads=_strings(orgs, "heads", where),
        since_markers=[w.lower() for w in _strings(dates, "since_markers", where)],
        effects=_strings(raw.get("effects", {}), "phrases", where),
        name_base_endings=_str_map(orgs, "base_endings", where),
        weekday_parts=[w.lower() for w in _strings(dates, "weekday_parts", where)],
        venues=_strings(raw.get("venues", {}), "phrases", where),
        numbers=_ints(numbers, "words", where),
        multipliers=_ints(numbers, "multipliers", where),
        percent_words=_strings(numbers, "percent_words", where),
        ordinals=_ints(dates, "ordinals", where),
        day_words=_strings(dates, "day_words", where),
        relative_days=_ints(dates, "relative_days", where),
        start_markers=_strings(dates, "start_markers", where),
        end_markers=_strings(dates, "end_markers", where),
        same_day=_strings(dates, "same_day", where),
        month_markers=[w.lower() for w in _strings(dates, "month_markers", where)],
        date_connectors=[w.lower() for w in _strings(dates, "connectors", where)],
        counts=_by_label(raw, "counts", COUNTS, where),
        stop_capitals=_strings(raw.get("names", {}), "stop_capitals", where),
        name_connectors=_strings(raw.get("names", {}), "connectors", where),
        street_words=_strings(places, "street_words", where),
        scope_country=_strings(places, "scope_country", where),
    )
