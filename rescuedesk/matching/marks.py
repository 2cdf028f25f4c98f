"""Distinguishing marks in free text (体貌特征): "左臂有胎记，右眉上方有痣" -> {(左臂, 胎记),
(右眉, 痣)}.

Each clause (split at punctuation) pairs the marks it names with the body part named before
them in the clause (or after, "胎记在左臂"); a mark with no part in its clause is paired with
"" and compares by its kind only. A family says 胎记 where a station writes 红色胎记: the kinds
are canonical words, each with the words that mean it.
"""

from __future__ import annotations

import re
from functools import lru_cache

KINDS: dict[str, tuple[str, ...]] = {
    "胎记": ("胎记", "青记", "红记"),
    "痣": ("痣", "黑痣", "红痣", "美人痣"),
    "疤痕": ("疤痕", "伤疤", "疤", "伤痕", "刀疤"),
    "烫伤": ("烫伤", "烧伤", "烫疤", "烧伤疤痕"),
    "六指": ("六指", "多指", "六个手指", "枝指"),
    "唇裂": ("唇裂", "兔唇", "豁嘴", "兔嘴"),
    "斜视": ("斜视", "斜眼", "对眼", "斗鸡眼"),
    "耳洞": ("耳洞", "耳朵眼"),
    "文身": ("文身", "纹身", "刺青"),
    "缺牙": ("缺牙", "少颗牙", "掉牙", "门牙缺"),
    "龅牙": ("龅牙", "暴牙"),
    "跛": ("跛", "瘸", "跛脚", "跛行", "走路不稳"),
    "聋": ("聋", "耳聋", "听力障碍"),
    "哑": ("哑", "不会说话"),
    "驼背": ("驼背", "罗锅"),
    "酒窝": ("酒窝", "酒靥"),
    "雀斑": ("雀斑",),
    "白癜风": ("白癜风", "白斑"),
    "残缺": ("缺指", "断指", "截肢", "残疾"),
}
PARTS: dict[str, tuple[str, ...]] = {
    "额头": ("额头", "前额", "额"),
    "眉": ("眉毛", "眉", "眉心"),
    "眼": ("眼睛", "眼角", "眼皮", "眼"),
    "鼻": ("鼻子", "鼻梁", "鼻翼", "鼻"),
    "嘴": ("嘴角", "嘴唇", "嘴", "唇"),
    "耳": ("耳朵", "耳垂", "耳后", "耳"),
    "脸": ("脸颊", "面颊", "面部", "脸", "颊"),
    "下巴": ("下巴", "下颌", "下颚"),
    "颈": ("脖子", "颈部", "颈"),
    "肩": ("肩膀", "肩"),
    "胸": ("胸口", "胸前", "胸部", "胸"),
    "背": ("后背", "背部", "背"),
    "腰": ("腰部", "腰"),
    "腹": ("肚子", "腹部", "肚脐", "腹"),
    "臂": ("手臂", "胳膊", "上臂", "前臂", "臂"),
    "肘": ("胳膊肘", "肘部", "肘"),
    "腕": ("手腕", "腕"),
    "手": ("手背", "手掌", "手心", "手"),
    "手指": ("手指", "指头"),
    "腿": ("大腿", "小腿", "腿部", "腿"),
    "膝": ("膝盖", "膝"),
    "脚": ("脚踝", "脚背", "脚掌", "脚", "足"),
    "头": ("头顶", "头皮", "后脑", "头部", "头"),
    "臀": ("屁股", "臀部", "臀"),
}

_CLAUSE = re.compile(r"[，,；;。.、\s]+")
_WORDS: list[tuple[str, str, str]] = sorted(
    [(w, "kind", k) for k, ws in KINDS.items() for w in ws]
    + [(w, "part", p) for p, ws in PARTS.items() for w in ws],
    key=lambda t: -len(t[0]),
)
_SIDES = ("左", "右")


_WORD = re.compile("|".join(re.escape(w) for w, _, _ in _WORDS))
_MEANING = {w: (what, canonical) for w, what, canonical in _WORDS}


def _tokens(clause: str) -> list[tuple[str, str]]:
    """("part", "左臂") and ("kind", "胎记") in the order the clause names them."""
    out: list[tuple[str, str]] = []
    for found in _WORD.finditer(clause):
        what, canonical = _MEANING[found.group()]
        if what == "part":
            # 左手臂, 左侧脸颊, 右边眉毛: the side a few characters before the part.
            before = clause[max(0, found.start() - 2) : found.start()]
            canonical = next((s for s in _SIDES if s in before), "") + canonical
        out.append((what, canonical))
    return out


@lru_cache(maxsize=65536)
def marks_of(text: str | None) -> frozenset[tuple[str, str]]:
    """(part, kind) pairs; part "" when the clause names none."""
    if not text:
        return frozenset()
    found: set[tuple[str, str]] = set()
    for clause in _CLAUSE.split(text):
        tokens = _tokens(clause)
        parts = [v for w, v in tokens if w == "part"]
        last_part = ""
        for what, value in tokens:
            if what == "part":
                last_part = value
            else:
                found.add((last_part or (parts[0] if parts else ""), value))
    return frozenset(found)


PAIR_POINTS = 8
KIND_POINTS = 4
MAX_EACH = 2
MAX_POINTS = 16


def shared(
    one: frozenset[tuple[str, str]], other: frozenset[tuple[str, str]]
) -> tuple[list[tuple[str, str]], list[str]]:
    """The (part, kind) pairs both name (with a part), and the kinds both name that no such
    pair covers; each sorted, at most MAX_EACH."""
    pairs = sorted(p for p in one & other if p[0])
    covered = {k for _, k in pairs}
    kinds = sorted(({k for _, k in one} & {k for _, k in other}) - covered)
    return pairs[:MAX_EACH], kinds[:MAX_EACH]


def points(pairs: list[tuple[str, str]], kinds: list[str]) -> int:
    return min(MAX_POINTS, PAIR_POINTS * len(pairs) + KIND_POINTS * len(kinds))
