"""Supplier screening: which names in a supplier list belong to a registry vendor?

Every name a vendor goes or went by (its display name, aliases, legal entities, brands, and
the subsidiaries recorded as presence in a country) is indexed once per registry. A supplier
name is then tried, in this order, and the first rule that fires is reported:

1. ``exact``: the name as written (case and surrounding space aside) is a registry name;
2. ``ticker``: a stock code of a listed vendor (``002415``, ``SZSE:000063``, ``763.HK``);
3. ``chinese``: the Chinese characters, without legal forms (有限公司...), equal a Chinese
   registry name, or begin with a vendor's distinctive Chinese name (华为, 海康威视, 中兴通讯,
   同方威视, 大华技术, 浙江大华): a bare 大华 or 中兴 is a common word in Chinese firm names
   (大华银行 is Singapore's UOB) and is not enough;
4. ``normalised``: equal after rigour's legal-form stripping (``"HUAWEI TECHNOLOGIES CO LTD"``,
   ``"Huawei Technologies GmbH"``), also ignoring spaces (``"Hua Wei Technologies"``);
5. ``fuzzy``: blocking first, so rapidfuzz compares only candidates: the name must hold an
   *anchor*, a word no other company uses (``huawei``, ``hikvision``, ``nuctech``, ``zte``...),
   as a whole word (long anchors allow one typo: ``Hikvison``). Names with a *weak* anchor, a
   word that is also an ordinary Chinese given or firm name (``dahua``, ``zhongxing``), must
   besides be close to a registry name as a whole (token-set similarity >= 0.9), so
   "Dahua Technology UK Ltd" matches and "Dahua Trading Co" does not. A name close to a
   registry name but for a place word ("Dahua Technology UK" beside "Dahua Technology USA")
   is another company: it is reported as unrecorded, not as the registry one. A name built on
   a brand's or an affiliate's anchor ("Lorex Technology Inc.", "H3C Technologies") takes
   that brand's or affiliate's dates, so it turns ``former`` when the vendor sold it.

What does not match, by design: a vendor's name split into syllables with other words
("Hua Wei Restaurant", "Da Hua Trading"), ordinary words that are also brand names
("Honor Guard Security" is not Huawei's former Honor brand; only the exact name is), and
names that merely sound alike. These choices are pinned by ``tests/test_screening.py`` and
measured on a labelled list (``tests/fixtures/screening/labelled_suppliers.csv``).

``as_of`` reads the dates of legal entities and brands: a name the vendor sold before that
day is reported as ``former`` with its end date, one it acquired later as ``not yet``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from techrisk.asof import parse_as_of
from techrisk.data.models import Evidence, Presence, Vendor
from techrisk.data.names import cjk_key, compact_key, has_cjk, name_key, ticker_key
from techrisk.data.vocab import BRAND_KINDS

if TYPE_CHECKING:
    import pandas as pd

    from techrisk.data.registry import Registry

# Words that name one vendor and no other company in procurement data. Strong anchors
# suffice alone; weak ones are also ordinary Chinese names and need the rest of the name.
ANCHORS: dict[str, tuple[str, bool]] = {
    "huawei": ("huawei", True), "hisilicon": ("huawei", True), "h3c": ("huawei", True),
    "hikvision": ("hikvision", True), "ezviz": ("hikvision", True), "hiwatch": ("hikvision", True),
    "hilook": ("hikvision", True),
    "dahua": ("dahua", False), "lorex": ("dahua", True),
    "zte": ("zte", True), "zhongxing": ("zte", False), "ztesoft": ("zte", True),
    "nuctech": ("nuctech", True),
}
# Chinese prefixes distinctive enough to match a longer Chinese name (see rule 3).
CJK_PREFIXES: dict[str, str] = {
    "华为": "huawei", "華為": "huawei", "海思": "huawei", "海康威视": "hikvision", "海康威視": "hikvision",
    "杭州海康": "hikvision", "萤石": "hikvision", "大华技术": "dahua", "大華技術": "dahua", "浙江大华": "dahua",
    "浙江大華": "dahua", "中兴通讯": "zte", "中興通訊": "zte", "同方威视": "nuctech", "同方威視": "nuctech",
}
# A word of five letters or more within this rapidfuzz ratio of an anchor may be a typo of it
# ("Hikvison", "Huawie"); it counts only if the whole name is then close to a registry name.
TYPO_MIN_LENGTH = 5
TYPO_MIN_RATIO = 80.0
# token_sort_ratio at or above which a name is a registry name written differently.
WHOLE_NAME_MIN = 90.0
# Words a vendor's own companies put beside a weak anchor ("Dahua Technology Poland", "Dahua
# Security Europe"); with anything else ("Dahua Trading", "Dahua County Hospital") a weak anchor
# is not enough. Country names (English, from pycountry) count as companions too.
_VENDOR_WORDS = frozenset((
    # what the vendors' own companies are called
    "technology", "technologies", "tech", "security", "vision", "systems", "system", "digital", "international",
    "holding", "holdings", "group", "telecom", "telecommunication", "telecommunications", "equipment",
    "semiconductor", "branch", "office", "representative",
    # legal-form words rigour leaves inside a name ("Dahua Technology Co., Ltd. Beijing Branch")
    "co", "ltd", "limited", "company", "corp", "corporation", "inc", "llc", "fze", "fzco", "fz", "sl", "sa", "srl",
    "bv", "nv", "ag", "sas", "spa", "kft", "ltda", "pty", "pte", "pvt", "oy", "ab", "as", "gmbh", "plc", "sro",
))
_PLACE_WORDS = frozenset((
    # regions
    "europe", "european", "asia", "pacific", "middle", "east", "africa", "america", "americas", "latin", "north",
    "south", "west", "central", "iberia", "nordic", "nordics", "benelux", "dach", "baltic", "balkans", "gulf",
    "caribbean", "oceania", "emea", "apac", "latam", "mena", "uk", "usa", "us", "uae",
    # Chinese provinces and cities that vendor companies are named after
    "zhejiang", "hangzhou", "shenzhen", "beijing", "shanghai", "guangzhou", "guangdong", "jiangsu", "nanjing",
    "wuhan", "chengdu", "chongqing", "tianjin", "xian", "hong", "kong", "macau",
    # countries as companies name themselves in procurement notices (TED, national portals):
    # endonyms and older English names that pycountry's names do not give
    "deutschland", "españa", "espana", "italia", "polska", "brasil", "méxico", "turkey", "türkiye", "nederland",
    "belgique", "belgië", "schweiz", "suisse", "svizzera", "österreich", "osterreich", "magyarország", "česko",
    "ceska", "sverige", "norge", "danmark", "suomi", "hellas", "românia", "srbija", "hrvatska", "slovensko",
    "slovenija", "ukraina", "россия", "rossiya", "kazakstan", "qazaqstan", "misr", "maroc", "algérie", "tunisie",
    "perú", "columbia", "venezuela", "uzbekistan", "kyrgyzstan", "tajikistan", "vietnam", "korea", "iran",
))
COMPANION_WORDS = _VENDOR_WORDS | _PLACE_WORDS

ROLE_LABELS = {"vendor": "vendor name", "alias": "alias", "parent": "legal entity (parent)",
               "subsidiary": "subsidiary", "affiliate": "affiliate", "brand": "brand", "oem": "OEM brand",
               "relabelled": "relabelled brand", "unrecorded": "unrecorded entity bearing the vendor's name",
               "unrecorded_brand": "unrecorded brand company",
               "unrecorded_affiliate": "unrecorded company bearing an affiliate's name"}
COLUMNS = ("input", "vendor_id", "vendor", "matched_name", "role", "status", "since", "until",
           "match_kind", "similarity", "evidence")


@dataclass(frozen=True)
class NameEntry:
    """One name a vendor goes or went by."""

    name: str
    vendor: Vendor
    role: str  # a key of ROLE_LABELS
    since: str | None = None
    until: str | None = None
    evidence: tuple[Evidence, ...] = ()
    via: str | None = None  # for an unrecorded brand or affiliate company, the registry name it is named after

    def status(self, day: dt.date) -> str:
        from techrisk.data.models.fields import earliest_date, latest_date

        if self.until and (end := latest_date(self.until)) is not None and day > end:
            return "former"
        if self.since and (start := earliest_date(self.since)) is not None and day < start:
            return "not yet"
        return "current"


@dataclass(frozen=True)
class Match:
    entry: NameEntry
    kind: str
    similarity: float


class ScreenIndex:
    """Every registry name under each key screening compares on. Build it with :func:`index_for`."""

    def __init__(self, vendors: Iterable[Vendor], presence: Iterable[Presence] = ()):
        vendors = tuple(vendors)
        self.vendors = {v.id: v for v in vendors}
        self.entries: list[NameEntry] = []
        for vendor in vendors:
            # Legal entities and brands first: where a name is also a plain alias, the entry
            # with dates and evidence is the one reported.
            for e in vendor.legal_entities:
                self.entries += [NameEntry(name, vendor, e.role, e.since, e.until, e.evidence)
                                 for name in _entity_names(e.name)]
            self.entries += [NameEntry(b.name, vendor, b.kind, b.since, b.until, b.evidence) for b in vendor.brands]
            self.entries += [NameEntry(n, vendor, "vendor") for n in (vendor.name, vendor.id)]
            self.entries += [NameEntry(a, vendor, "alias") for a in vendor.aliases]
        # Subsidiaries recorded as presence in a country ("Huawei Technologies Azerbaijan LLC"),
        # with their own evidence. Offices and listed affiliates are named descriptively there
        # ("Huawei affiliate in Chile (US Entity List)"), so they are not screening names.
        for record in presence:
            if record.kind == "subsidiary" and record.name and len(record.vendors) == 1 \
                    and record.vendors[0] in self.vendors:
                since = record.start if record.start != "unknown" else None
                self.entries.append(NameEntry(record.name, self.vendors[record.vendors[0]], "subsidiary", since,
                                              None, record.evidence))
        self.exact: dict[str, NameEntry] = {}
        self.normalised: dict[str, NameEntry] = {}
        self.compact: dict[str, NameEntry] = {}
        self.chinese: dict[str, NameEntry] = {}
        self.tickers: dict[str, NameEntry] = {}
        self.by_anchor: dict[str, list[tuple[str, NameEntry]]] = {}
        for entry in self.entries:
            self.exact.setdefault(entry.name.strip().casefold(), entry)
            if (ticker := ticker_key(entry.name)) is not None:
                self.tickers.setdefault(ticker, entry)
                continue
            if has_cjk(entry.name):
                self.chinese.setdefault(cjk_key(entry.name), entry)
                continue
            key = name_key(entry.name)
            self.normalised.setdefault(key, entry)
            self.compact.setdefault(compact_key(key), entry)
            for token in set(key.split()):
                if token in ANCHORS and ANCHORS[token][0] == entry.vendor.id:
                    self.by_anchor.setdefault(token, []).append((key, entry))
        # Blocking: a name can match only if its letters (spaces and punctuation removed)
        # contain one of these; everything else is rejected with one regex search.
        # Typos are caught by any anchor's first three letters (hik, hua, nuc, dah...).
        needles = {compact_key(k) for k in self.normalised} | set(ANCHORS) | {a[:3] for a in ANCHORS if len(a) >= 5}
        self._block = re.compile("|".join(sorted((re.escape(n) for n in needles if n), key=len, reverse=True)))
        self._letters = re.compile(r"[\W_]+")
        self._typo_anchors = [a for a in ANCHORS if len(a) >= TYPO_MIN_LENGTH]

    def match(self, name: str) -> Match | None:
        """The best match for one supplier name, or ``None``."""
        text = name.strip()
        if not text:
            return None
        if (entry := self.exact.get(text.casefold())) is not None:
            return Match(entry, "exact", 1.0)
        if (ticker := ticker_key(text)) is not None:
            entry = self.tickers.get(ticker)
            return Match(entry, "ticker", 1.0) if entry else None
        if has_cjk(text):
            return self._match_chinese(text)
        if not self._block.search(self._letters.sub("", text.casefold())):
            return None
        key = name_key(text)
        if (entry := self.normalised.get(key)) is not None:
            return Match(entry, "normalised", 1.0)
        if (entry := self.compact.get(compact_key(key))) is not None:
            return Match(entry, "normalised", 1.0)
        return self._match_fuzzy(key, text)

    def _match_chinese(self, text: str) -> Match | None:
        key = cjk_key(text)
        if not key:
            return None
        if (entry := self.chinese.get(key)) is not None:
            return Match(entry, "chinese", 1.0)
        for prefix, vendor_id in CJK_PREFIXES.items():
            if key.startswith(prefix) and vendor_id in self.vendors:
                best = self._closest(key, [(k, e) for k, e in self.chinese.items() if e.vendor.id == vendor_id])
                if best is not None:
                    score, entry = best
                    return Match(NameEntry(text, entry.vendor, "unrecorded"), "chinese", round(score / 100, 3))
        return None

    def _match_fuzzy(self, key: str, text: str) -> Match | None:
        from rapidfuzz import fuzz, process

        tokens = key.split()
        found: list[tuple[str, str]] = []  # (anchor, the token of the name that holds it)
        for token in tokens:
            if token in ANCHORS:
                found.append((token, token))
            elif len(token) >= TYPO_MIN_LENGTH:
                hit = process.extractOne(token, self._typo_anchors, scorer=fuzz.ratio, score_cutoff=TYPO_MIN_RATIO)
                if hit is not None:
                    found.append((hit[0], token))
        for anchor, token in found:
            vendor_id, strong = ANCHORS[anchor]
            candidates = self.by_anchor.get(anchor, [])
            if vendor_id not in self.vendors or not candidates:
                continue
            # The registry name closest to the whole name (typo corrected), word order aside.
            corrected = " ".join(anchor if t == token else t for t in tokens)
            whole, _, entry_key, entry = max(((fuzz.token_sort_ratio(corrected, k), -len(k), k, e)
                                              for k, e in candidates), key=lambda c: (c[0], c[1]))
            typo = token != anchor
            if typo and fuzz.token_sort_ratio(key, entry_key) < WHOLE_NAME_MIN:
                continue  # a misspelt anchor counts only in a name close to a registry name
            rest = [t for t in tokens if t != token]
            if not strong and whole < WHOLE_NAME_MIN and not all(t in _companions() for t in rest):
                continue  # "Dahua Trading": an ordinary Chinese name, not the vendor
            if whole >= WHOLE_NAME_MIN and not _places_differ(corrected, entry_key):
                # the registry name itself, differently written or misspelt
                return Match(entry, "fuzzy", round(fuzz.token_sort_ratio(key, entry_key) / 100, 3))
            # A name not in the registry that bears the vendor's name ("ZTE Hungary", and
            # "Dahua Technology UK", which is not "Dahua Technology USA"): its similarity to the
            # closest registry name, weighted as rapidfuzz's WRatio does.
            similarity = round(fuzz.WRatio(corrected, entry_key) / 100, 3)
            brand = self.normalised.get(anchor)
            if brand is not None and brand.role in (*BRAND_KINDS, "subsidiary", "affiliate"):
                # The anchor is a brand's or an affiliate's name, not the vendor's ("Lorex
                # Technology Inc.", "H3C Technologies"): the name is tied to the vendor only
                # through that brand or affiliate, so it takes its dates.
                role = "unrecorded_brand" if brand.role in BRAND_KINDS else "unrecorded_affiliate"
                unrecorded = NameEntry(text, entry.vendor, role, brand.since, brand.until, brand.evidence,
                                       via=brand.name)
                return Match(unrecorded, "fuzzy", similarity)
            return Match(NameEntry(text, entry.vendor, "unrecorded"), "fuzzy", similarity)
        return None

    @staticmethod
    def _closest(key: str, candidates: list[tuple[str, NameEntry]]) -> tuple[float, NameEntry] | None:
        from rapidfuzz import fuzz

        scored = [(fuzz.token_set_ratio(key, k), -len(k), i) for i, (k, _) in enumerate(candidates)]
        if not scored:
            return None
        score, _, index = max(scored)
        return score, candidates[index][1]


_PARENTHESIS = re.compile(r"^(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*$")


def _entity_names(name: str) -> list[str]:
    """A legal entity's name, and its two parts when it is written "Name (Other Name)" with
    at least two words in the brackets ("Tsinghua Tongfang (Tongfang Co., Ltd.)"); a bracketed
    country ("Huawei Technologies (UK) Co Ltd") is part of the name."""
    match = _PARENTHESIS.match(name)
    if match and len(match.group("inner").split()) >= 2:
        return [name, match.group("outer"), match.group("inner")]
    return [name]


def _places_differ(name: str, registry_name: str) -> bool:
    """True when two names differ by a place word ("dahua technology uk" and "dahua technology
    usa"): similar as strings, they are two companies in two countries."""
    different = set(name.split()) ^ set(registry_name.split())
    return any(word in _places() for word in different)


@lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    """The words of pycountry's English country names ("kingdom", "kazakhstan"...)."""
    import pycountry

    words = {w for c in pycountry.countries for w in re.split(r"[\W_]+", c.name.casefold()) if len(w) > 2}
    return frozenset(words - {"and", "the", "republic", "islands", "of"})


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Country and region words: the country-name words (less a few that are also ordinary
    company words) and :data:`_PLACE_WORDS` (``uk``, ``usa``, ``europe``, ``deutschland``...)."""
    return (_country_words() - {"united", "new", "saint"}) | _PLACE_WORDS


@lru_cache(maxsize=1)
def _companions() -> frozenset[str]:
    return COMPANION_WORDS | _country_words()


def index_for(registry: Registry) -> ScreenIndex:
    """The screening index of a registry, built on first use and kept with it."""
    return registry.derived("screen_index", lambda r: ScreenIndex(r.vendors, r.presence))


def evidence_text(entry: NameEntry) -> str:
    """The evidence behind a matched name, in one line."""
    if not entry.evidence:
        if entry.role == "unrecorded":
            return f"not in the registry; the name contains {entry.vendor.name}'s name"
        return f"listed as a name of {entry.vendor.name} in the vendor record (no evidence item of its own)"
    first = entry.evidence[0]
    more = f" (+{len(entry.evidence) - 1} more)" if len(entry.evidence) > 1 else ""
    where = f", {first.url}" if first.url else ""
    cited = f"{first.publisher}, \u201c{first.title}\u201d ({first.date}){where}: \u201c{first.quote}\u201d{more}"
    if entry.role in ("unrecorded_brand", "unrecorded_affiliate"):
        what = "brand" if entry.role == "unrecorded_brand" else "affiliate"
        return f"not in the registry; the name contains {entry.vendor.name}'s {what} {entry.via}, recorded as: {cited}"
    return cited


def screen_rows(index: ScreenIndex, names: Iterable[Any], day: dt.date) -> Iterator[dict[str, Any]]:
    """One row per name (``None`` and blank names give an empty match)."""
    cache: dict[str, dict[str, Any]] = {}
    for raw in names:
        text = "" if raw is None or (isinstance(raw, float) and raw != raw) else str(raw)
        row = cache.get(text)
        if row is None:
            match = index.match(text)
            row = _row(match, day)
            if len(cache) < 200_000:
                cache[text] = row
        yield {"input": text, **row}


def _row(match: Match | None, day: dt.date) -> dict[str, Any]:
    if match is None:
        return dict.fromkeys(COLUMNS[1:]) | {"match_kind": "none", "similarity": 0.0}
    entry = match.entry
    status = entry.status(day)
    role = ROLE_LABELS[entry.role]
    return {
        "vendor_id": entry.vendor.id, "vendor": entry.vendor.name, "matched_name": entry.name,
        "role": f"former {role}" if status == "former" else role, "status": status,
        "since": entry.since, "until": entry.until, "match_kind": match.kind,
        "similarity": match.similarity, "evidence": evidence_text(entry),
    }


def screen(names_or_frame: Any, column: str | None = None, as_of: Any = None, *,
           registry: Registry | None = None, ocds: bool = False) -> pd.DataFrame:
    """Screen supplier names against the registry's vendors, subsidiaries and brands.

    Args:
        names_or_frame: a list (or pandas Series) of names; a DataFrame (give ``column``
            unless it has one column); or a path to a CSV, Excel, Parquet or JSON file.
            A JSON file is read as an Open Contracting (OCDS) release or record package
            (its suppliers and tenderers); so is any file with ``ocds=True``.
        column: the column holding supplier names (a DataFrame or a table file).
        as_of: the day to screen on (date or text, as everywhere in techrisk): a name the
            vendor sold before it is a ``former`` one. Default: today.
        registry: a registry from :func:`techrisk.load` with user vendors; default bundled.
        ocds: read the file as OCDS.

    Returns:
        One row per input name (for OCDS, per supplier or tenderer per release), with the
        vendor, the matched name, its role (``subsidiary``, ``former brand``...), status,
        dates, match kind (``exact``, ``ticker``, ``chinese``, ``normalised``, ``fuzzy`` or
        ``none``), similarity (0-1) and evidence. Extra input columns are kept in front.

    Example:
        >>> import techrisk
        >>> techrisk.screen(["HIKVISION DIGITAL TECHNOLOGY CO LTD", "Acme Ltd"])["vendor_id"].tolist()
        ['hikvision', None]
    """
    import pandas as pd

    from techrisk.data.licence import DATA_LICENCE
    from techrisk.data.load import load
    from techrisk.data.tables import read_names

    registry = registry or load()
    index = index_for(registry)
    day = parse_as_of(as_of)
    frames = []
    for names, context in read_names(names_or_frame, column, ocds=ocds):
        frame = pd.DataFrame(list(screen_rows(index, names, day)), columns=list(COLUMNS))
        if context is not None:  # the other columns of the input rows, in front
            frame = pd.concat([context.reset_index(drop=True), frame], axis=1)
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS))
    frame.attrs["license"] = DATA_LICENCE
    frame.attrs["as_of"] = day.isoformat()
    return frame
