"""Languages a person speaks: ISO 639 codes shown by their Chinese names, or a dialect as typed.

Codes are those of BCP 47, as the demo data and earlier records hold them: ISO 639-1 where one
exists (zh, vi), ISO 639-3 otherwise (hmn, yue). Names come from the Unicode CLDR through
babel, checked against pycountry's ISO 639-3 table; 639-2/639-3 codes (vie, chi) and English
names are accepted when typed. A dialect no table names (四川话, 潮汕话) is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from babel import Locale

from rescuedesk.reference import named_codes

# The ones the work meets most, in that order: Chinese, the languages of the neighbouring
# countries foreign women come from, the minority languages of the south-west and west, the
# great dialect groups; all others follow by pinyin.
COMMON: tuple[str, ...] = (
    "zh",
    "vi",
    "my",
    "lo",
    "km",
    "ko",
    "th",
    "hmn",
    "za",
    "ii",
    "bo",
    "ug",
    "yue",
    "nan",
    "hak",
    "wuu",
    "kac",
    "shn",
    "ne",
    "ur",
    "id",
    "fil",
    "mn",
    "ru",
    "uk",
    "en",
)
# Where the work says it otherwise than CLDR (中文 is the written language; 韩语 is the South's).
_NAMES = {"zh": "汉语（普通话）", "ko": "朝鲜语", "ii": "彝语", "kac": "景颇语"}
_ALIASES: dict[str, tuple[str, ...]] = {
    "zh": ("汉语", "普通话", "中文", "国语", "华语", "mandarin", "cmn"),
    "ko": ("韩语", "韩国语", "朝鲜话"),
    "ii": ("凉山彝语",),
    "kac": ("克钦语",),
    "yue": ("广东话", "白话", "广府话"),
    "nan": ("闽南话",),
    "hak": ("客家话",),
    "wuu": ("上海话",),
    "my": ("缅语", "缅甸话"),
    "vi": ("越南话", "京语"),
    "lo": ("老挝话", "寮语"),
    "km": ("柬埔寨语", "柬语"),
    "hmn": ("苗话",),
    "ug": ("维语",),
}
# Codes for no language at all (und, mul, zxx, mis) are never offered.
_NOT_LANGUAGES = frozenset({"und", "mul", "zxx", "mis"})
SEPARATORS = re.compile(r"[、,，;；/／|]+")


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # Chinese
    english: str
    search: str  # names, pinyin, codes: what a chooser matches what is typed against

    def matches(self, typed: str) -> bool:
        return named_codes.key(typed) in self.search


def name(code: str | None) -> str:
    """The Chinese name of a code; a dialect or other text is shown as it is."""
    if not code:
        return ""
    entry = _by_code().get(code)
    return entry.name if entry else code


def names(codes: list[str] | None) -> str:
    """A person's languages as a line: 越南语、粤语."""
    return "、".join(name(c) for c in codes or [] if c)


def code_for(text: str | None) -> str | None:
    """The code of a language named, in Chinese, English, pinyin or as a code; None if unknown."""
    if not text:
        return None
    key = named_codes.key(text)
    return _index().get(key) if key else None


def normalise(items: list[str] | str | None) -> list[str]:
    """Names and codes as codes, a dialect no table knows as written; "越南语、粤语" is two."""
    if items is None:
        return []
    if isinstance(items, str):
        items = SEPARATORS.split(items)
    out: list[str] = []
    for item in items:
        text = item.strip() if isinstance(item, str) else item
        if not text:
            continue
        value = code_for(text) or text
        if value not in out:
            out.append(value)
    return out


def ranked() -> tuple[Language, ...]:
    """汉语 first, then the ones the work meets most, then all others by pinyin."""
    return _ranked()


@lru_cache(maxsize=1)
def _ranked() -> tuple[Language, ...]:
    return named_codes.ranked(_by_code(), COMMON)


def _iso(code: str):  # type: ignore[no-untyped-def]
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code)
    return pycountry.languages.get(alpha_3=code)


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Language]:
    zh = Locale("zh").languages
    en = Locale("en").languages
    out: dict[str, Language] = {}
    for code, cldr_name in zh.items():
        if "_" in code or code in _NOT_LANGUAGES:
            continue  # regional variants (en_US) and "no language" codes
        iso = _iso(code)
        if iso is None:
            continue  # only ISO 639 languages
        chinese = _NAMES.get(code, cldr_name)
        english = en.get(code) or iso.name
        words = {
            chinese,
            cldr_name,
            english,
            iso.name,
            code,
            iso.alpha_3,
            getattr(iso, "bibliographic", ""),
            *_ALIASES.get(code, ()),
        }
        out[code] = Language(code, chinese, english, named_codes.search_text(chinese, words))
    return out


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    # A code always means its own language.
    return named_codes.spelling_index(_ranked(), lambda entry: [entry.code])
