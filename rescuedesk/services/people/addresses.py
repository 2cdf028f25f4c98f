"""Compare two Chinese addresses written differently: the same household, the same village?

"哈尔滨市呼兰区石人镇某村3组" and "黑龙江省哈尔滨市呼兰区石人镇某村三组" are one place: the
province may be left out, numbers written as words or digits (三组, 3组, 第三组, 03组), a
村民小组 called 组, 社 or 队, spaces and punctuation put anywhere. An address is cut into its
levels by their suffixes (省 市 区 县 镇 乡 街道 村 社区 组 路 号 楼 单元 室 ...); the levels
above the town are compared loosely (one side may name fewer of them), the levels from the town
down must agree wherever both sides name them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import IntEnum

# Province, prefecture and county: compared as a set of names (their suffixes vary: 呼兰县
# became 呼兰区; 五常市 is a county-level city under 哈尔滨市).
_UPPER = (
    "特别行政区",
    "自治区",
    "省",
    "自治州",
    "地区",
    "盟",
    "市",
    "自治县",
    "自治旗",
    "区",
    "县",
    "旗",
)
_LEVELS: dict[str, tuple[str, ...]] = {
    "town": ("街道办事处", "街道", "镇", "乡", "苏木"),
    "village": ("村民委员会", "村委会", "居民委员会", "居委会", "社区", "嘎查", "村"),
    # One level, whatever its local name: 村民小组, 组, 社, 队, 屯 (a hamlet in the north-east).
    "group": ("村民小组", "生产队", "小组", "组", "社", "队", "屯"),
    "road": ("大街", "大道", "路", "街", "巷", "胡同", "弄"),
    "building": ("号楼", "栋", "幢"),
    "number": ("号院", "号"),
    "unit": ("单元",),
    "floor": ("层", "楼"),
    "room": ("室", "户"),
}
_SUFFIX_LEVEL = {s: "upper" for s in _UPPER} | {s: lv for lv, ss in _LEVELS.items() for s in ss}
_TOKEN = re.compile(
    # A level's name is short; bounding it keeps a long text without suffixes linear.
    "(.{1,40}?)(" + "|".join(sorted(map(re.escape, _SUFFIX_LEVEL), key=len, reverse=True)) + ")"
)
# Levels that place a household, and the levels that place its village or street.
HOUSEHOLD = ("group", "number", "building", "unit", "floor", "room")
PLACE = ("town", "village", "road")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_DIGITS |= {"七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """三 -> 3, 十二 -> 12, 二十三 -> 23, 一百零五 -> 105; None if ``text`` is not one."""
    if not text or any(c not in _DIGITS and c not in _UNITS for c in text):
        return None
    total, digit = 0, None
    for c in text:
        if c in _DIGITS:
            digit = _DIGITS[c]
        else:
            total += (1 if digit is None else digit) * _UNITS[c]
            digit = None
    return total + (digit or 0)


def _number_name(name: str) -> str:
    """第三 / 三 / 03 / ３ -> "3"; any other name unchanged."""
    bare = name.removeprefix("第")
    if bare.isdigit():
        return str(int(bare))
    value = chinese_number(bare)
    return name if value is None else str(value)


def clean(text: str) -> str:
    """NFKC, without whitespace, punctuation or symbols."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c)[0] not in "PZSC")


@dataclass(frozen=True)
class Address:
    text: str
    # The levels above the town by kind: province, prefecture, county, or "city" for a 市 that
    # may be either a prefecture or a county-level city (五常市).
    upper: dict[str, str] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)


def parse(address: str | None) -> Address:
    text = clean(address or "")
    upper: list[tuple[str, str]] = []
    levels: dict[str, str] = {}
    at = 0
    for match in _TOKEN.finditer(text):
        at = match.end()
        name, level = match.group(1), _SUFFIX_LEVEL[match.group(2)]
        if level == "upper":
            if not levels:  # a 市 or 区 after the town is part of a name, not a level
                upper.append((name, match.group(2)))
            continue
        levels.setdefault(level, _number_name(name))
    rest = text[at:]
    if rest and levels:
        # A trailing number without its word: "某村3组15" is house 15 of group 3.
        levels.setdefault("number", _number_name(rest))
    return Address(text, _upper_kinds(upper), levels)


class Match(IntEnum):
    NONE = 0
    VILLAGE = 1  # the same village, street or community
    HOUSEHOLD = 2  # the same address down to the group (组) or the house number (号)


_PROVINCE = {"省", "自治区", "特别行政区"}
_PREFECTURE = {"自治州", "地区", "盟"}
_MUNICIPALITIES = {"北京", "天津", "上海", "重庆"}


def _upper_kinds(upper: list[tuple[str, str]]) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for i, (name, suffix) in enumerate(upper):
        if suffix in _PROVINCE or (i == 0 and suffix == "市" and name in _MUNICIPALITIES):
            kind = "province"
        elif suffix in _PREFECTURE or (suffix == "市" and i + 1 < len(upper)):
            kind = "prefecture"  # 哈尔滨市 in 哈尔滨市呼兰区 or 哈尔滨市五常市
        elif suffix == "市":
            kind = "county" if "prefecture" in kinds else "city"
        else:
            kind = "county"
        kinds.setdefault(kind, name)
    return kinds


def _upper_compatible(a: dict[str, str], b: dict[str, str]) -> bool:
    """Nothing above the town says they are different places: "黑龙江省石人镇" and "哈尔滨市
    呼兰区石人镇" may be one town; "呼兰区" and "道里区" are two."""
    for kind in ("province", "prefecture", "county"):
        if kind in a and kind in b and a[kind] != b[kind]:
            return False
    for one, other in ((a, b), (b, a)):
        city = one.get("city")
        if city and "city" not in other:
            named = [other[k] for k in ("prefecture", "county") if k in other]
            if len(named) == 2 and city not in named:
                return False
        elif city and other.get("city") not in (None, city):
            return False
    return True


def compare(first: str | None, second: str | None) -> Match:
    a, b = parse(first), parse(second)
    if not a.text or not b.text:
        return Match.NONE
    if a.text == b.text:
        return Match.HOUSEHOLD
    if not _upper_compatible(a.upper, b.upper):
        return Match.NONE
    shared = [lv for lv in a.levels if lv in b.levels]
    if any(a.levels[lv] != b.levels[lv] for lv in shared if lv in PLACE):
        return Match.NONE
    if not any(lv in ("village", "road") for lv in shared):
        return Match.NONE  # nothing local in common: no telling
    if any(a.levels[lv] != b.levels[lv] for lv in shared if lv in HOUSEHOLD):
        return Match.VILLAGE
    if any(lv in ("group", "number") for lv in shared):
        return Match.HOUSEHOLD
    return Match.VILLAGE
