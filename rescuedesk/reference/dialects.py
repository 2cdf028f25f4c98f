"""Accent regions and the sound mergers of Chinese dialects, for family tracing (issue #15).

A family writes the name it calls the child by; a station writes the name the person says,
heard through her accent. Where Mandarin homophones miss (牛兰兰 / 刘兰兰), the difference is
often a merger the speaker's dialect makes: n and l not told apart in south-western Mandarin,
f and hu in Hunan and Fujian, -n and -ng after e/i across the south. ``MERGERS`` says how each
merger rewrites a toneless pinyin syllable (``v`` for ü, as pypinyin writes 吕 lv) towards one
canonical side, and where it is spoken; ``ACCENTS`` is the accent picker of the description
form, each accent with the provinces (GB/T 2260 two-digit codes) where it is heard.

Sources. The broad picture (which groups, which provinces) follows 《中国语言地图集》第2版
（中国社会科学院语言研究所等，商务印书馆 2012） and 曹志耘主编《汉语方言地图集·语音卷》（商务印书馆
2008）; the syllable details follow 北京大学《汉语方音字汇》第2版重排本（语文出版社 2003） and
袁家骅《汉语方言概要》. The web summaries found while planning agree on the broad picture and
contradict each other on details (whether all of Sichuan merges n/l): the table is generous —
a merger listed for a province where only part of it speaks so costs a few false candidates,
a merger left out loses a family. It awaits a linguist's or a senior caseworker's review
(docs/plans/15-tracing.md, open question 8).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Accent:
    code: str
    label: str
    group: str  # the dialect group a merger names (MERGERS.groups)
    provinces: tuple[str, ...]  # two-digit GB/T 2260 province codes
    aliases: tuple[str, ...]  # free text a caseworker writes: "四川口音", "川音"


@dataclass(frozen=True)
class Merger:
    id: str
    label: str  # for the reason a caseworker reads: "n/l 不分"
    rewrite: Callable[[str], str]
    provinces: tuple[str, ...]
    groups: tuple[str, ...]


# Ordered: the accent picker shows them in this order.
_ACCENT_ROWS: tuple[Accent, ...] = (
    Accent("xinan.chuanyu", "四川/重庆口音", "xinan", ("51", "50"),
           ("四川", "重庆", "川渝", "成都", "川", "巴蜀")),
    Accent("xinan.yungui", "云南/贵州口音", "xinan", ("53", "52"),
           ("云南", "贵州", "云贵", "昆明", "贵阳", "滇", "黔")),
    Accent("xinan.guiliu", "广西桂柳话", "xinan", ("45",),
           ("广西", "桂柳", "桂林", "柳州", "桂")),
    Accent("xinan", "西南官话", "xinan", ("51", "50", "52", "53", "42", "45", "43"),
           ("西南官话", "西南", "湖北", "武汉")),
    Accent("xiang", "湖南话（湘语）", "xiang", ("43",), ("湖南", "湘", "长沙")),
    Accent("gan", "江西话（赣语）", "gan", ("36",), ("江西", "赣", "南昌")),
    Accent("min.nan", "闽南话", "min", ("35", "44"),
           ("闽南", "福建", "潮汕", "潮州", "汕头", "厦门", "泉州", "漳州", "闽", "台湾")),
    Accent("kejia", "客家话", "kejia", ("44", "35", "36"), ("客家", "梅州", "赣南")),
    Accent("yue", "粤语（广东话、白话）", "yue", ("44", "45"),
           ("粤", "广东", "广州", "白话", "香港", "澳门")),
    Accent("wu", "吴语（上海、江浙）", "wu", ("31", "32", "33"),
           ("吴", "上海", "浙江", "苏州", "无锡", "宁波", "温州", "杭州", "江浙")),
    Accent("jianghuai", "江淮官话（苏北、安徽）", "jianghuai", ("32", "34"),
           ("江淮", "安徽", "合肥", "南京", "扬州", "苏北", "皖")),
    Accent("zhongyuan", "河南/中原官话", "zhongyuan", ("41", "37", "61"),
           ("河南", "中原", "陕西", "关中", "西安", "豫", "郑州")),
    Accent("dongbei", "东北话", "dongbei", ("21", "22", "23"),
           ("东北", "辽宁", "吉林", "黑龙江", "沈阳", "哈尔滨")),
    Accent("jilu", "冀鲁官话（河北、山东）", "jilu", ("13", "37", "12"),
           ("冀鲁", "河北", "山东", "天津", "冀", "鲁", "石家庄", "济南")),
    Accent("jin", "山西话（晋语）", "jin", ("14",), ("山西", "晋", "太原")),
    Accent("lanyin", "兰银官话（甘肃、宁夏、新疆）", "lanyin", ("62", "64", "65"),
           ("兰银", "甘肃", "宁夏", "新疆", "兰州", "银川")),
    Accent("putonghua", "普通话（无明显口音）", "putonghua", (),
           ("普通话", "标准普通话", "无明显口音", "北京")),
    Accent("none", "不会说话", "none", (), ("不会说话", "不能说话", "哑", "无语言")),
)  # fmt: skip

ACCENTS: dict[str, Accent] = {a.code: a for a in _ACCENT_ROWS}


def accent_choices() -> list[tuple[str, str]]:
    """(code, label) for the accent picker, in the table's order."""
    return [(a.code, a.label) for a in _ACCENT_ROWS]


_SUFFIX = re.compile(r"(口音|方言|官话|土话|话|腔|音|语|人)+$")
_EXACT: dict[str, str] = {}
for _a in _ACCENT_ROWS:
    for _alias in _a.aliases:
        _EXACT.setdefault(_alias, _a.code)
    _EXACT.setdefault(_a.label, _a.code)
# Longest first, so 闽南 wins over 南 inside 西南 or 南京; one-character aliases only exactly.
_CONTAINED = sorted(((al, code) for al, code in _EXACT.items() if len(al) >= 2),
                    key=lambda p: -len(p[0]))  # fmt: skip


def accent_of(text: str | None) -> str | None:
    """The accent code a free text names ("四川口音", "四川话", "川音" -> xinan.chuanyu);
    None when it names none the table knows."""
    if not text:
        return None
    said = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not said:
        return None
    if said in ACCENTS:
        return said
    for candidate in (said, _SUFFIX.sub("", said)):
        if candidate in _EXACT:
            return _EXACT[candidate]
    for alias, code in _CONTAINED:
        if alias in said:
            return code
    return None


# -- mergers: each rewrites one syllable towards its canonical side --------------------


def _n_l(s: str) -> str:
    return "l" + s[1:] if s.startswith("n") and s != "ng" else s


_F_TO_HU = {"fu": "hu", "fei": "hui", "fen": "hun", "fo": "huo", "fou": "hou", "feng": "hong"}


def _f_hu(s: str) -> str:
    if not s.startswith("f"):
        return s
    return _F_TO_HU.get(s, "hu" + s[1:])


def _en_eng(s: str) -> str:
    return s[:-1] if s.endswith("eng") else s


def _in_ing(s: str) -> str:
    return s[:-1] if s.endswith("ing") else s


def _an_ang(s: str) -> str:
    return s[:-1] if s.endswith("ang") else s


def _retroflex(s: str) -> str:
    return s[0] + s[2:] if s[:2] in ("zh", "ch", "sh") else s


def _r_l(s: str) -> str:
    return "l" + s[1:] if s.startswith("r") else s


_R_TO_Y = {"ren": "yin", "reng": "ying", "re": "ye", "ri": "yi", "rui": "yui", "run": "yun",
           "ruan": "yuan", "ruo": "yue"}  # fmt: skip


def _r_y(s: str) -> str:
    if not s.startswith("r"):
        return s
    return _R_TO_Y.get(s, "y" + s[1:])


def _r_z(s: str) -> str:
    return "z" + s[1:] if s.startswith("r") else s


_U_TO_I = {"yu": "yi", "ju": "ji", "qu": "qi", "xu": "xi", "lv": "li", "nv": "ni",
           "yun": "yin", "jun": "jin", "qun": "qin", "xun": "xin"}  # fmt: skip


def _u_i(s: str) -> str:
    return _U_TO_I.get(s, s)


_SW = ("51", "50", "52", "53", "42", "45")  # 西南官话: 四川 重庆 贵州 云南 湖北 广西
MERGERS: dict[str, Merger] = {
    m.id: m
    for m in (
        Merger("r_l", "r/l 不分", _r_l, ("32", "35"), ("jianghuai", "min")),
        Merger("r_y", "r 读 y", _r_y, ("21", "22", "23"), ("dongbei",)),
        Merger("r_z", "r 读 z", _r_z, ("51",), ("xinan",)),
        Merger("retroflex", "平翘舌不分",  _retroflex,
               (*_SW[:5], "31", "32", "33", "35", "71", "44", "45", "43", "36", "34", "21"),
               ("xinan", "wu", "min", "yue", "kejia", "xiang", "gan", "jianghuai", "dongbei")),
        Merger("n_l", "n/l 不分", _n_l,
               (*_SW, "43", "36", "32", "34", "62", "64", "35"),
               ("xinan", "xiang", "gan", "jianghuai", "lanyin", "min")),
        Merger("f_hu", "f/h 不分", _f_hu, ("43", "35", "44", "36", "45", "51", "42", "52"),
               ("xiang", "min", "kejia", "yue", "xinan", "gan")),
        Merger("u_i", "ü/i 不分", _u_i, ("53", "52", "45", "35"), ("xinan", "min")),
        Merger("en_eng", "前后鼻音不分（en/eng）", _en_eng,
               (*_SW, "32", "34", "31", "33", "43", "36", "14", "62", "64", "61"),
               ("xinan", "jianghuai", "wu", "xiang", "gan", "jin", "lanyin", "zhongyuan")),
        Merger("in_ing", "前后鼻音不分（in/ing）", _in_ing,
               (*_SW, "32", "34", "31", "33", "43", "36", "14", "62", "64", "61"),
               ("xinan", "jianghuai", "wu", "xiang", "gan", "jin", "lanyin", "zhongyuan")),
        Merger("an_ang", "前后鼻音不分（an/ang）", _an_ang, ("31", "32", "33", "34", "43", "36"),
               ("wu", "jianghuai", "xiang", "gan")),
    )
}  # fmt: skip

# r can go three ways (l, y, z) that cannot all be folded into one key: a name with an r
# syllable gets one folded form for each.
R_RULES = ("r_l", "r_y", "r_z")
# Applied in this order after the r rule, each once: the later ones never make a syllable
# an earlier one would rewrite again, so a folded syllable folds to itself.
FOLD_ORDER = ("retroflex", "n_l", "f_hu", "u_i", "en_eng", "in_ing", "an_ang")
# f/h and the nasal mergers do not commute on feng and fen: f/h alone makes 凤 feng one with
# 红 hong, en/eng makes it one with 芬 fen, whose f/h form is hun. A syllable whose fold
# depends on the order has a second folded form, the nasals first (name_sounds.folded).
NASAL_FIRST_ORDER = ("retroflex", "n_l", "en_eng", "in_ing", "an_ang", "f_hu", "u_i")


def provinces_of(code: str | None) -> frozenset[str]:
    accent = ACCENTS.get(code or "")
    return frozenset(accent.provinces) if accent else frozenset()
