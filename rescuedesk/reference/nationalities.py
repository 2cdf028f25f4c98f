"""Nationalities, stored as ISO 3166-1 alpha-3 codes and shown by their everyday Chinese names.

The codes come from pycountry (ISO 3166-1), the names from the Unicode CLDR through babel:
CLDR gives the names people say (老挝, 韩国) where ISO's own Chinese list gives the official
ones (老挝人民民主共和国, 大韩民国), which are still accepted when typed. ``XXX`` (ISO/IEC 7501-1,
as in travel documents) stands for stateless or unknown.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from babel import Locale

from rescuedesk.reference import named_codes

STATELESS = "XXX"
# The ones the work meets most, in that order (foreign women from the neighbouring countries
# first): offered before all others, which follow by pinyin.
COMMON: tuple[str, ...] = (
    "CHN",
    "VNM",
    "MMR",
    "LAO",
    "KHM",
    "PRK",
    "THA",
    "NPL",
    "PAK",
    "IDN",
    "PHL",
    "MNG",
    "RUS",
    "UKR",
    STATELESS,
)
# Where the program's users write a name CLDR words otherwise (a Chinese government program).
_NAMES = {"TW": "中国台湾", "HK": "中国香港", "MO": "中国澳门"}
_ALIASES: dict[str, tuple[str, ...]] = {
    STATELESS: ("无国籍", "不明", "国籍不明", "stateless", "unknown"),
    "CHN": ("中华人民共和国", "中国籍"),
    "KOR": ("南韩", "南朝鲜"),
    "PRK": ("北韩",),
    "MMR": ("缅", "burma"),
    "VNM": ("越",),
    "LAO": ("寮国",),
}
_ALPHA3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class Nationality:
    code: str  # ISO 3166-1 alpha-3
    alpha2: str
    name: str  # the everyday Chinese name
    english: str
    search: str  # what a chooser matches what is typed against: names, pinyin, codes

    def matches(self, typed: str) -> bool:
        return named_codes.key(typed) in self.search


def is_valid_code(code: str) -> bool:
    return bool(_ALPHA3.match(code))


def name(code: str | None) -> str:
    """The Chinese name of a code; a code no table knows is shown as it is."""
    if not code:
        return ""
    entry = _by_code().get(code.upper())
    return entry.name if entry else code


def code_for(text: str | None) -> str | None:
    """The alpha-3 code of what someone typed: 越南, Vietnam, VNM, VN, yuenan; None if unknown."""
    if not text:
        return None
    key = named_codes.key(text)
    return _index().get(key) if key else None


def ranked() -> tuple[Nationality, ...]:
    """中国 first, then the ones the work meets most, then all others by pinyin."""
    return _ranked()


@lru_cache(maxsize=1)
def _ranked() -> tuple[Nationality, ...]:
    return named_codes.ranked(_by_code(), COMMON)


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Nationality]:
    zh = Locale("zh").territories
    en = Locale("en").territories
    iso_zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    out: dict[str, Nationality] = {}
    for country in pycountry.countries:
        a2, a3 = country.alpha_2, country.alpha_3
        chinese = _NAMES.get(a2) or zh.get(a2) or iso_zh.gettext(country.name)
        english = en.get(a2) or getattr(country, "common_name", None) or country.name
        words = {
            chinese,
            zh.get(a2, ""),
            iso_zh.gettext(country.name),
            iso_zh.gettext(getattr(country, "official_name", country.name)),
            english,
            country.name,
            getattr(country, "common_name", ""),
            getattr(country, "official_name", ""),
            a2,
            a3,
            *_ALIASES.get(a3, ()),
        }
        out[a3] = _entry(a3, a2, chinese, english, words)
    out[STATELESS] = _entry(
        STATELESS, "", "无国籍/不明", "Stateless or unknown", _ALIASES[STATELESS]
    )
    return out


def _entry(code: str, alpha2: str, chinese: str, english: str, words: Iterable[str]) -> Nationality:
    search = named_codes.search_text(chinese, [*words, code])
    return Nationality(code, alpha2, chinese, english, search)


def _own_keys(entry: Nationality) -> list[str]:
    """Codes always win over another country's initials."""
    return [entry.code.lower(), *([entry.alpha2.lower()] if entry.alpha2 else [])]


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    return named_codes.spelling_index(_ranked(), _own_keys)
