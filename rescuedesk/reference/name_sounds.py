"""How a Chinese name sounds, for family tracing (issue #15): the keys two spellings of one
name share.

- ``chars_of``: the name as written (NFKC, the note of "小红（化名）" left out, spaces and
  punctuation dropped). A station's code ("站字2023-15") is not a name: ``None``.
- ``readings``: the toneless syllables, one tuple per reading, the usual one first (tones
  differ by dialect anyway; ``v`` stays ``v``: 吕 lv is not 路 lu). A surname table overrides
  the first character (单 shan, 曾 zeng); a given-name character read two ways in names
  (``NAME_READINGS``: 乐 le/yue, 长 chang/zhang) gives more tuples, at most ``MAX_READINGS``.
  Other heteronyms pypinyin knows (红 gong, 明 meng, 平 bing) are not name readings: they only
  made false candidates. Each character is looked up once (``lru_cache``): a
  name costs about a microsecond once warm, against ~20 µs for ``lazy_pinyin`` of the name.
- ``folded``: a reading with every dialect merger of ``reference.dialects`` applied (the most
  folded form); the r rules conflict, so a name with an r syllable has one form per r rule.
- ``split``: surname and given name (a compound surname, else the first character; none
  for a pet name); ``is_pet_name``: 丫丫, 小红, 阿花, 老三, 兰儿 — what a family calls a
  child, not a surname + given name; ``pet_cores``: 兰兰 -> 兰, 小兰 -> 兰, 兰儿 -> 兰.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from rescuedesk.reference.dialects import FOLD_ORDER, MERGERS, NASAL_FIRST_ORDER, R_RULES

MAX_READINGS = 4
SYLLABLE_END = "'"

_NOTE = re.compile(r"[（(【\[].*?[）)】\]]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KEEP = re.compile(r"[\u3400-\u9fff\uf900-\ufaffa-z]")

# Surnames read otherwise than the character's usual reading (乐: both are surnames).
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "单": ("shan",), "曾": ("zeng",), "解": ("xie",), "区": ("ou",), "仇": ("qiu",),
    "朴": ("piao",), "查": ("zha",), "盖": ("ge",), "覃": ("qin",), "缪": ("miao",),
    "种": ("chong",), "秘": ("bi",), "员": ("yun",), "乐": ("yue", "le"), "任": ("ren",),
    "尉": ("yu",), "万俟": ("mo", "qi"), "长孙": ("zhang", "sun"), "尉迟": ("yu", "chi"),
}  # fmt: skip

COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "令狐",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "端木",
        "南宫",
        "独孤",
        "西门",
        "百里",
        "呼延",
        "万俟",
        "钟离",
        "闻人",
        "东郭",
        "申屠",
        "澹台",
        "公冶",
        "太史",
        "单于",
    ]
)
# Characters read two ways in given names (the usual reading first comes from pypinyin); a
# short list chosen by hand from names as registered, not pypinyin's every heteronym.
NAME_READINGS: dict[str, tuple[str, ...]] = {
    "乐": ("le", "yue"), "长": ("chang", "zhang"), "朝": ("chao", "zhao"),
    "重": ("chong", "zhong"), "行": ("xing", "hang"), "柏": ("bai", "bo"),
    "茜": ("qian", "xi"), "晟": ("sheng", "cheng"), "蔚": ("wei", "yu"),
    "单": ("dan", "shan"), "曾": ("zeng", "ceng"), "觉": ("jue", "jiao"),
}  # fmt: skip

_PET_PREFIXES = ("小", "阿", "老")
_PET_SUFFIX = "儿"


_PLAIN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def chars_of(name: str | None) -> str | None:
    if not name:
        return None
    if _PLAIN.fullmatch(name):  # the usual case, and a name is looked at 100,000 times a run
        return name
    text = unicodedata.normalize("NFKC", _NOTE.sub("", name)).lower()
    if any(c.isdigit() for c in text):
        return None
    kept = "".join(_KEEP.findall(text))
    return kept or None


def is_han(chars: str) -> bool:
    """Does the name start with a Chinese character (else it is Latin: 'nguyenthi')."""
    first = chars[:1]
    return "\u3400" <= first <= "\u9fff" or "\uf900" <= first <= "\ufaff"


@lru_cache(maxsize=16384)
def char_readings(char: str) -> tuple[str, ...]:
    """The readings of one character, the usual one first."""
    usual = lazy_pinyin(char, style=Style.NORMAL, v_to_u=False, errors="ignore")
    if not usual:
        return ()
    others = [r for r in NAME_READINGS.get(char, ()) if r != usual[0]]
    return (usual[0], *others)


def split(chars: str) -> tuple[str, str]:
    """(surname, given name); the surname is "" for a pet name (丫丫, 小红) and a single
    character."""
    if not is_han(chars) or len(chars) < 2 or is_pet_name(chars):
        return "", chars
    if len(chars) >= 3 and chars[:2] in COMPOUND_SURNAMES:
        return chars[:2], chars[2:]
    # Two characters are a surname and a given name even when the first is not a listed
    # surname: a name written by ear may spell the surname with a homophone (鹏娜 for 彭娜).
    return chars[0], chars[1:]


def is_pet_name(chars: str) -> bool:
    if not is_han(chars) or not 2 <= len(chars) <= 3:
        return False
    if len(chars) == 2 and chars[0] == chars[1]:
        return True
    return chars.startswith(_PET_PREFIXES) or chars.endswith(_PET_SUFFIX)


def pet_cores(chars: str) -> frozenset[str]:
    """What is left of a pet name without its 小/阿/老, 儿 and doubling: 小兰 -> 兰."""
    core = chars
    if len(core) >= 2 and core.startswith(_PET_PREFIXES):
        core = core[1:]
    if len(core) >= 2 and core.endswith(_PET_SUFFIX):
        core = core[:-1]
    if len(core) == 2 and core[0] == core[1]:
        core = core[0]
    return frozenset({core}) if core != chars else frozenset()


def nickname_cores(chars: str) -> frozenset[str]:
    """The character a family's nickname is made of: 小梅, 阿梅, 梅梅, 梅儿, 梅子 -> 梅; a
    nickname of one character is its own core (梅子 only as a nickname: 李子 is a name)."""
    if len(chars) == 1:
        return frozenset({chars})
    if len(chars) == 2 and chars[1] == "子" and chars[0] not in _PET_PREFIXES:
        return frozenset({chars[0]})
    return pet_cores(chars)


@lru_cache(maxsize=65536)
def readings(chars: str, surname_len: int = 0) -> tuple[tuple[str, ...], ...]:
    """The name's toneless syllables, one tuple per reading (the usual first), at most
    MAX_READINGS; a Latin name is one syllable as written."""
    if not is_han(chars):
        return ((chars,),)
    surname = chars[:surname_len]
    head: list[tuple[str, ...]]
    if surname in SURNAME_READINGS:
        said = SURNAME_READINGS[surname]
        head = [said] if len(surname) == 2 else [(s,) for s in said]
    else:
        head = [tuple(r[0] for r in map(char_readings, surname) if r)]
    options = [o for o in map(char_readings, chars[surname_len:]) if o]
    if len(head) == 1 and all(len(o) == 1 for o in options):  # most names: one reading
        return ((*head[0], *(o[0] for o in options)),)
    out: list[tuple[str, ...]] = []
    for start in head:
        for rest in itertools.product(*options):
            out.append((*start, *rest))
            if len(out) >= MAX_READINGS:
                return tuple(out)
    return tuple(out)


def sound_key(syllables: tuple[str, ...]) -> str:
    """ "liu'lan'lan'": the form name_parts.sound_key_of writes."""
    return SYLLABLE_END.join(syllables) + SYLLABLE_END if syllables else ""


@lru_cache(maxsize=4096)
def fold_syllable(
    syllable: str,
    r_rule: str = "r_l",
    rules: frozenset[str] | None = None,
    nasal_first: bool = False,
) -> str:
    """The syllable with the mergers applied (all of them when ``rules`` is None); of the
    three r rules only ``r_rule``; the nasal mergers before f/h when ``nasal_first``."""
    out = syllable
    if rules is None or r_rule in rules:
        out = MERGERS[r_rule].rewrite(out)
    for rule in NASAL_FIRST_ORDER if nasal_first else FOLD_ORDER:
        if rules is None or rule in rules:
            out = MERGERS[rule].rewrite(out)
    return out


@lru_cache(maxsize=4096)
def fold_forms(syllable: str, r_rule: str = "r_l") -> tuple[str, ...]:
    """The folded forms of a syllable: one, or two where the order of f/h and the nasal
    mergers matters (feng: hong by f/h first, hun by en/eng first)."""
    first = fold_syllable(syllable, r_rule)
    second = fold_syllable(syllable, r_rule, nasal_first=True)
    return (first,) if first == second else (first, second)


@lru_cache(maxsize=65536)
def folded(syllables: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """Every most-folded form of a reading: one per r rule when it has an r, and each
    syllable in each of its forms (fold_forms)."""
    rules = R_RULES if any(s[:1] == "r" for s in syllables) else R_RULES[:1]
    out: set[tuple[str, ...]] = set()
    for r in rules:
        out.update(itertools.product(*(fold_forms(s, r) for s in syllables)))
    return frozenset(out)


@lru_cache(maxsize=16384)
def rules_between(a: str, b: str) -> frozenset[str] | None:
    """The fewest mergers that make syllable ``a`` and ``b`` one (empty when they are
    already); None when no set of them does."""
    if a == b:
        return frozenset()
    names = [*R_RULES, *FOLD_ORDER]
    for size in range(1, 4):
        for combo in itertools.combinations(names, size):
            if sum(r in R_RULES for r in combo) > 1:
                continue
            chosen = frozenset(combo)
            r_rule = next((r for r in combo if r in R_RULES), "r_l")
            for nasal_first in (False, True):
                if fold_syllable(a, r_rule, chosen, nasal_first) == fold_syllable(
                    b, r_rule, chosen, nasal_first
                ):
                    return chosen
    return None
