"""The 56 ethnic groups with their GB/T 3304 codes (01 = 汉族 ... 56 = 基诺族).

A short fixed list in the order of the standard; 97 = 其他, 98 = 外国血统中国籍人士.
"""

from __future__ import annotations

_NAMES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]

ETHNICITIES: dict[str, str] = {f"{i:02d}": n for i, n in enumerate(_NAMES, start=1)}
ETHNICITIES["97"] = "其他"
ETHNICITIES["98"] = "外国血统中国籍人士"

HAN = "01"
_BY_NAME = {n: c for c, n in ETHNICITIES.items()} | {
    n.removesuffix("族"): c for c, n in ETHNICITIES.items() if n.endswith("族")
}


def code_for(name_or_code: str) -> str | None:
    """ "汉族", "汉" or "01" -> "01"; None when unknown."""
    value = name_or_code.strip()
    if value in ETHNICITIES:
        return value
    return _BY_NAME.get(value)


def is_known(code: str) -> bool:
    return code in ETHNICITIES
