"""The gazetteer: spellings across scripts, regions, countries, namesakes, inflection, cache."""

from __future__ import annotations

import logging
import pickle
import re
from collections import defaultdict
from pathlib import Path

import pytest

from strikewatch import places
from strikewatch.model import Place
from strikewatch.places import (
    CACHE_DIR_ENV,
    Gazetteer,
    fold,
    strip_designators,
)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def _plain_ascii(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", places._strip_marks(name.casefold()))


# --------------------------------------------------------------------------- folding


@pytest.mark.parametrize(
    "spellings",
    [
        ["Zhanaozen", "Janaozen", "Жанаозен", "Жаңаөзен", "Jañaözen", "ZHANAOZEN"],
        ["Beineu", "Beyneu", "Бейнеу", "Bejneu"],
        ["Aktobe", "Aqtobe", "Актобе", "Ақтөбе", "Aktöbe"],
        ["Atyrau", "Атырау", "Atyraū", "Atyraou"],
        ["Saint-Étienne", "Saint-Etienne", "Saint Etienne", "saint-étienne"],
        ["Kyzylorda", "Qyzylorda", "Қызылорда", "Кызылорда"],
        ["Mangystau", "Mangistau", "Маңғыстау", "Mangghystaū"],
        ["Khromtau", "Hromtau", "Хромтау"],
    ],
)
def test_spellings_of_one_name_share_a_key(spellings: list[str]) -> None:
    assert len({fold(s) for s in spellings}) == 1, {s: fold(s) for s in spellings}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Aktau", "Aktobe"),
        ("Atyrau", "Astana"),
        ("Budapest I. kerület", "Budapest II. kerület"),
        ("Paris XI", "Paris I"),
        ("Santo Domingo Este", "Santo Domingo Oeste"),
        ("Oral", "Orel"),
        ("Kazan", "Kazakh"),
    ],
)
def test_different_names_keep_different_keys(one: str, other: str) -> None:
    assert fold(one) != fold(other)


def test_the_largest_cities_do_not_collide(gazetteer: Gazetteer) -> None:
    """The rewrites merge spellings, not places: no two of the 1,000 largest cities share a key."""
    cities = sorted(gazetteer.entries("city"), key=lambda e: -e.population)[:1000]
    names_by_key: dict[str, set[str]] = defaultdict(set)
    for city in cities:
        names_by_key[fold(city.name)].add(_plain_ascii(city.name))
    merged = {key: names for key, names in names_by_key.items() if len(names) > 1}
    assert merged == {}


@pytest.mark.parametrize(
    ("name", "stripped"),
    [
        ("Mangghystaū oblysy", "Mangghystaū"),
        ("Provincia di Milano", "Milano"),
        ("Murcia, Región de", "Murcia"),
        ("Rayon Bayterek", "Bayterek"),
        ("Karaganda Region", "Karaganda"),
        ("Мартукский Район", "Мартукский"),
        ("Free State", "Free State"),
        ("Маңғыстау Облысы", "Маңғыстау"),
    ],
)
def test_strip_designators(name: str, stripped: str) -> None:
    assert strip_designators(name) == stripped


# --------------------------------------------------------------------------- cities


@pytest.mark.parametrize(
    ("spellings", "name", "admin1", "admin1_code"),
    [
        (["Zhanaozen", "Janaozen", "Жанаозен", "Жаңаөзен", "Zhangaozen"], "Zhanaozen", "Mangystau", "KZ.09"),
        (["Beineu", "Beyneu", "Бейнеу"], "Beyneu", "Mangystau", "KZ.09"),
        (["Aktobe", "Aqtobe", "Актобе", "Ақтөбе", "Aktöbe"], "Aktobe", "Aktobe", "KZ.04"),
        (["Atyrau", "Атырау"], "Atyrau", "Atyrau", "KZ.06"),
        (["Oskemen", "Өскемен", "Ust-Kamenogorsk", "Усть-Каменогорск"], "Ust-Kamenogorsk", "East Kazakhstan",
         "KZ.15"),
        (["Shymkent", "Шымкент", "Chimkent"], "Shymkent", None, None),
    ],
)
def test_spelling_variants_resolve_to_one_city(
    gazetteer: Gazetteer, spellings: list[str], name: str, admin1: str | None, admin1_code: str | None
) -> None:
    found = {spelling: gazetteer.resolve(spelling) for spelling in spellings}
    assert {entry.geonameid for entry in found.values() if entry} == {found[spellings[0]].geonameid}
    entry = found[spellings[0]]
    assert (entry.name, entry.feature, entry.country) == (name, "city", "KZ")
    if admin1 is not None:
        assert (entry.admin1, entry.admin1_code) == (admin1, admin1_code)


def test_accented_city_names(gazetteer: Gazetteer) -> None:
    entries = {gazetteer.resolve(s) for s in ("Saint-Étienne", "Saint-Etienne", "Saint Etienne")}
    assert len(entries) == 1
    (entry,) = entries
    assert (entry.name, entry.country, entry.admin1) == ("Saint-Étienne", "FR", "Auvergne-Rhône-Alpes")


def test_every_city_carries_its_region(gazetteer: Gazetteer) -> None:
    cities = list(gazetteer.entries("city"))
    with_region = [c for c in cities if c.admin1 is not None]
    assert len(with_region) / len(cities) > 0.99
    milan = gazetteer.resolve("Milano", country="IT")
    assert (milan.name, milan.admin1, milan.admin1_code) == ("Milan", "Lombardy", "IT.09")
    for city in with_region[:2000]:
        assert gazetteer.region_by_code(city.admin1_code).name == city.admin1


def test_names_that_are_not_place_names_are_not_indexed(gazetteer: Gazetteer) -> None:
    atyrau = gazetteer.resolve("Atyrau")
    # GeoNames lists the airport code GUW among the city's alternate names
    assert all(e.geonameid != atyrau.geonameid for e in gazetteer.candidates("GUW"))
    assert gazetteer.candidates("Xyzzyplugh") == []
    assert gazetteer.resolve("") is None


# --------------------------------------------------------------------------- regions


def test_region_and_city_of_one_name(gazetteer: Gazetteer) -> None:
    region = gazetteer.region("Atyrau", "KZ")
    city = gazetteer.resolve("Atyrau")
    assert (region.feature, region.name, region.admin1, region.admin1_code) == ("region", "Atyrau", "Atyrau", "KZ.06")
    assert city.feature == "city"
    assert gazetteer.resolve("Atyrau", feature="region") == region
    # a region is placed at its most populous city
    assert (region.lat, region.lon) == (city.lat, city.lon)
    assert region.population >= city.population


@pytest.mark.parametrize(
    "spelling",
    ["Mangistau", "Mangystau", "Маңғыстау", "Mangghystaū oblysy", "Мангистауская область", "Mangistau region"],
)
def test_region_by_any_of_its_names(gazetteer: Gazetteer, spelling: str) -> None:
    region = gazetteer.region(spelling)
    assert region is not None
    assert (region.name, region.admin1, region.admin1_code, region.country) == (
        "Mangystau", "Mangystau", "KZ.09", "KZ"
    )


@pytest.mark.parametrize(
    ("spelling", "country", "english"),
    [("Baviera", "DE", "Bavaria"), ("Bavière", "DE", "Bavaria"), ("Andalousie", "ES", "Andalusia"),
     ("Andaluzia", "ES", "Andalusia")],
)
def test_a_foreign_region_by_its_name_in_the_reports_language(
    gazetteer: Gazetteer, spelling: str, country: str, english: str
) -> None:
    # GeoNames' subdivision aliases lack most of these; ISO 3166-2's translations (pycountry) have them.
    region = gazetteer.region(spelling)
    assert region is not None and (region.name, region.country) == (english, country)


@pytest.mark.parametrize(
    ("spelling", "country", "english"),
    [
        ("Qostanay oblysy", "KZ", "Kostanay"),
        ("Batys Qazaqstan oblysy", "KZ", "West Kazakhstan"),
        ("Қарағанды облысы", "KZ", "Karaganda"),
        ("Aqtöbe oblysy", "KZ", "Aktobe"),
        ("Lombardia", "IT", "Lombardy"),
        ("Sicilia", "IT", "Sicily"),
        ("Bayern", "DE", "Bavaria"),
        ("Belgorodskaya oblast'", "RU", "Belgorod"),
    ],
)
def test_regions_get_a_readable_english_name(
    gazetteer: Gazetteer, spelling: str, country: str, english: str
) -> None:
    region = gazetteer.region(spelling, country)
    assert (region.name, region.admin1, region.country) == (english, english, country)
    assert gazetteer.region(english, country) == region


def test_district_only_when_asked(gazetteer: Gazetteer) -> None:
    city = gazetteer.resolve("Beineu")
    district = gazetteer.resolve("Beineu", feature="district")
    assert (city.feature, district.feature) == ("city", "district")
    assert (district.name, district.admin1, district.admin1_code) == ("Beyneu", "Mangystau", "KZ.09")


# --------------------------------------------------------------------------- countries


@pytest.mark.parametrize(
    ("spelling", "code", "english"),
    [
        ("KZ", "KZ", "Kazakhstan"),
        ("kaz", "KZ", "Kazakhstan"),
        ("Kazakhstan", "KZ", "Kazakhstan"),
        ("Kazakistan", "KZ", "Kazakhstan"),
        ("Казахстан", "KZ", "Kazakhstan"),
        ("Қазақстан", "KZ", "Kazakhstan"),
        ("Kazajistán", "KZ", "Kazakhstan"),
        ("Allemagne", "DE", "Germany"),
        ("Alemania", "DE", "Germany"),
        ("Deutschland", "DE", "Germany"),
        ("Germania", "DE", "Germany"),
        ("Alemanha", "DE", "Germany"),
        ("Россия", "RU", "Russia"),
        ("Российская Федерация", "RU", "Russia"),
        ("Stati Uniti", "US", "United States"),
        ("USA", "US", "United States"),
    ],
)
def test_countries_in_several_languages(gazetteer: Gazetteer, spelling: str, code: str, english: str) -> None:
    country = gazetteer.country(spelling)
    assert country is not None
    assert (country.country, country.name, country.feature, country.admin1) == (code, english, "country", None)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    import math

    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def test_country_point_is_its_middle_not_its_capital(gazetteer: Gazetteer) -> None:
    # A country-wide event must not sit on top of an event in the capital (they are told apart by distance).
    for code, capital_name in (("KZ", "Astana"), ("NG", "Abuja"), ("FJ", "Suva")):
        country = gazetteer.country(code)
        capital = gazetteer.resolve(capital_name, country=code)
        assert _km((country.lat, country.lon), (capital.lat, capital.lon)) > 30, code
    kazakhstan = gazetteer.country("KZ")
    assert 45 < kazakhstan.lat < 52 and 60 < kazakhstan.lon < 75  # inside the country
    fiji = gazetteer.country("FJ")
    assert abs(fiji.lon) > 170  # islands on both sides of the antimeridian average to Fiji, not to 0
    assert gazetteer.country("Atlantis") is None


def test_a_country_name_means_the_country(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Georgia").feature == "country"
    assert gazetteer.resolve("Georgia", country="US", feature="region").admin1_code == "US.GA"


# --------------------------------------------------------------------------- ranking


def test_namesakes_ranked_by_country_region_and_distance(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Paris").country == "FR"
    in_us = gazetteer.resolve("Paris", country="US")
    assert (in_us.country, in_us.admin1) == ("US", "Texas")  # the largest Paris in the US
    in_tennessee = gazetteer.resolve("Paris", admin1_code="US.TN")
    assert (in_tennessee.name, in_tennessee.admin1) == ("Paris", "Tennessee")
    near_tennessee = gazetteer.resolve("Paris", near=(36.3, -88.3))
    assert near_tennessee == in_tennessee


def test_town_resolved_within_its_region(gazetteer: Gazetteer) -> None:
    pavlodar = gazetteer.region("Pavlodar", "KZ")
    aqmola = gazetteer.region("Aqmola", "KZ")
    in_pavlodar = gazetteer.resolve("Aksu", admin1_code=pavlodar.admin1_code)
    in_aqmola = gazetteer.resolve("Aksu", admin1_code=aqmola.admin1_code)
    assert (in_pavlodar.name, in_pavlodar.admin1_code) == ("Aksu", pavlodar.admin1_code)
    assert (in_aqmola.name, in_aqmola.admin1_code) == ("Aksu", aqmola.admin1_code)
    assert in_pavlodar.geonameid != in_aqmola.geonameid
    mangystau = gazetteer.region("Mangystau", "KZ")
    beyneu = gazetteer.resolve("Beineu", admin1_code=mangystau.admin1_code, country="KZ")
    assert (beyneu.name, beyneu.feature, beyneu.admin1) == ("Beyneu", "city", "Mangystau")


def test_rank_rejects_unknown_features(gazetteer: Gazetteer) -> None:
    with pytest.raises(ValueError, match="unknown feature 'town'"):
        gazetteer.resolve("Paris", feature="town")


# --------------------------------------------------------------------------- inflection


@pytest.mark.parametrize(
    ("word", "strip", "endings", "name"),
    [
        ("Жанаозене", ("е",), ("",), "Zhanaozen"),  # Russian prepositional
        ("Актобе", ("е",), ("",), "Aktobe"),  # indeclinable: the word itself matches first
        ("Атырау", ("у", "е"), ("",), "Atyrau"),
        ("Бейнеуде", ("е", "де", "те"), ("",), "Beyneu"),  # Kazakh locative: "-е" fails, "-де" is stripped
        ("Москвы", ("ы",), ("а",), "Moscow"),  # Russian genitive: ending swapped
        ("Актюбинске", ("е",), ("",), "Aktobe"),  # the city's Soviet name, inflected
        ("Қарағандыда", ("да", "та", "де", "те"), ("",), "Karagandy"),
    ],
)
def test_lookup_inflected(
    gazetteer: Gazetteer, word: str, strip: tuple[str, ...], endings: tuple[str, ...], name: str
) -> None:
    entries = gazetteer.lookup_inflected(word, strip, endings)
    assert entries and entries[0].name == name


def test_lookup_inflected_finds_nothing_for_other_words(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup_inflected("бастовали", ("и", "ли")) == []


# --------------------------------------------------------------------------- places


def test_to_place(gazetteer: Gazetteer) -> None:
    city = gazetteer.resolve("Janaozen")
    place = gazetteer.to_place(city)
    assert place == Place(
        name="Zhanaozen", country="KZ", admin1="Mangystau", lat=city.lat, lon=city.lon,
        precision="city", geonameid=city.geonameid, venue=None,
    )
    assert round(place.lat, 2) == 43.34 and round(place.lon, 2) == 52.86
    at_venue = gazetteer.to_place(city, precision="venue", venue="bus station")
    assert (at_venue.precision, at_venue.venue) == ("venue", "bus station")
    region = gazetteer.to_place(gazetteer.region("Mangystau", "KZ"))
    assert (region.precision, region.name, region.admin1) == ("region", "Mangystau", "Mangystau")
    country = gazetteer.to_place(gazetteer.country("Kazakhstan"))
    assert (country.precision, country.admin1, country.country) == ("country", None, "KZ")
    district = gazetteer.to_place(gazetteer.resolve("Beineu", feature="district"))
    assert district.precision == "district" and district.lat is not None
    with pytest.raises(ValueError, match="unknown precision"):
        gazetteer.to_place(city, precision="street")


# --------------------------------------------------------------------------- cache


def test_default_is_shared(gazetteer: Gazetteer) -> None:
    assert Gazetteer.default() is gazetteer
    assert len(gazetteer) > 250_000


@pytest.fixture
def counted_builds(gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Builds are counted, and return the shared index instead of spending half a minute each."""
    builds: list[int] = []

    def build(self: places._Builder) -> places._Index:
        builds.append(self.min_population)
        return gazetteer._index

    monkeypatch.setattr(places._Builder, "build", build)
    return builds


def test_cache_is_written_read_and_rebuilt_when_corrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted_builds: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path))
    first = Gazetteer.load()
    (cache,) = tmp_path.glob("gazetteer-*.pickle")
    assert counted_builds == [places.DEFAULT_MIN_POPULATION]
    assert Gazetteer.load().resolve("Beyneu") == first.resolve("Beyneu")
    assert len(counted_builds) == 1  # the second load read the cache

    cache.write_bytes(b"\x80\x05 not a pickle")
    with caplog.at_level(logging.WARNING, logger="strikewatch.places"):
        rebuilt = Gazetteer.load()
    assert len(counted_builds) == 2
    assert "unreadable" in caplog.text
    assert rebuilt.resolve("Beyneu").name == "Beyneu"
    with cache.open("rb") as stream:
        assert isinstance(pickle.load(stream), places._Index)  # rewritten whole
    Gazetteer.load()
    assert len(counted_builds) == 2


def test_cache_of_other_sources_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted_builds: list[int], gazetteer: Gazetteer
) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path))
    Gazetteer.load()
    (cache,) = tmp_path.glob("gazetteer-*.pickle")
    stale = places._Index(**{**vars(gazetteer._index), "signature": "other package versions"})
    cache.write_bytes(pickle.dumps(stale))
    Gazetteer.load()
    assert len(counted_builds) == 2


def test_unwritable_cache_keeps_the_index_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted_builds: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocker / "cache"))
    with caplog.at_level(logging.WARNING, logger="strikewatch.places"):
        loaded = Gazetteer.load()
    assert loaded.resolve("Актобе").name == "Aktobe"
    assert CACHE_DIR_ENV in caplog.text
    assert counted_builds == [places.DEFAULT_MIN_POPULATION]
