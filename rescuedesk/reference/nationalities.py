"""Nationalities as ISO 3166-1 alpha-3 codes; the ones the work meets most are named."""

from __future__ import annotations

import re

COMMON: dict[str, str] = {
    "CHN": "中国",
    "VNM": "越南",
    "MMR": "缅甸",
    "LAO": "老挝",
    "KHM": "柬埔寨",
    "PRK": "朝鲜",
    "THA": "泰国",
    "NPL": "尼泊尔",
    "PAK": "巴基斯坦",
    "IDN": "印度尼西亚",
    "PHL": "菲律宾",
    "MNG": "蒙古",
    "RUS": "俄罗斯",
    "UKR": "乌克兰",
    "XXX": "无国籍/不明",
}
_ALPHA3 = re.compile(r"^[A-Z]{3}$")


def is_valid_code(code: str) -> bool:
    return bool(_ALPHA3.match(code))
