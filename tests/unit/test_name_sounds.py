"""Name sounds for family tracing: homophones share a reading, each dialect merger folds its
pair, folding is idempotent, surnames keep their own readings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rescuedesk.reference import name_sounds as ns
from rescuedesk.reference.dialects import R_RULES

# Characters common in given names, and syllables pinyin spells.
NAME_CHARS = "兰岚蓝梅美玲林丽莉芳方凤红宏华花英莹明敏军君伟文雯强娜秀生升成程晨春山珊"
SYLLABLES = st.sampled_from(
    [
        "lan",
        "lang",
        "nan",
        "nang",
        "fang",
        "huang",
        "hu",
        "fu",
        "fei",
        "hui",
        "zhang",
        "zang",
        "chen",
        "cen",
        "shi",
        "si",
        "ren",
        "yin",
        "rou",
        "lv",
        "li",
        "nv",
        "ni",
        "yu",
        "yi",
        "ju",
        "ji",
        "xun",
        "xin",
        "ling",
        "lin",
        "neng",
        "leng",
        "niu",
        "liu",
        "sheng",
        "sen",
        "ming",
        "min",
    ]
)


def folds(name: str) -> set[tuple[str, ...]]:
    chars = ns.chars_of(name)
    assert chars
    surname, _ = ns.split(chars)
    return {f for r in ns.readings(chars, len(surname)) for f in ns.folded(r)}


def usual(name: str) -> tuple[str, ...]:
    chars = ns.chars_of(name)
    assert chars
    return ns.readings(chars, len(ns.split(chars)[0]))[0]


@given(st.lists(SYLLABLES, min_size=1, max_size=4))
def test_folding_is_idempotent(said: list[str]) -> None:
    for form in ns.folded(tuple(said)):
        assert all(ns.fold_syllable(s, r) == s for s in form for r in R_RULES[:1])
        assert ns.folded(form) >= {form} or any(s.startswith("r") for s in form)


@given(st.text(alphabet=NAME_CHARS, min_size=1, max_size=2))
def test_homophones_share_a_reading(given_name: str) -> None:
    """刘 + a given name, and 留 (also liu) + the same: one sound."""
    assert usual("刘" + given_name) == usual("留" + given_name) or set(
        ns.readings("刘" + given_name, 1)
    ) & set(ns.readings("留" + given_name, 1))


@pytest.mark.parametrize(
    ("one", "other", "rule"),
    [
        ("牛兰兰", "刘兰兰", "n_l"),
        ("方丽", "黄丽", "f_hu"),
        ("陈明", "陈名", None),  # same sound: no rule
        ("王敏", "王明", "in_ing"),
        ("沈城", "沈辰", "en_eng"),  # cheng/chen
        ("张兰", "张郎", "an_ang"),
        ("张山", "臧山", "retroflex"),
        ("荣芳", "龙芳", "r_l"),
        ("任芳", "尹芳", "r_y"),
        ("荣芳", "宗芳", "r_z"),
        ("吕丽", "李丽", "u_i"),
        ("叶伟凤", "叶伟芬", "en_eng"),  # feng folds two ways (fold_forms): hong, and hun
        ("凤英", "红英", "f_hu"),
    ],
)
def test_each_merger_folds_its_pair(one: str, other: str, rule: str | None) -> None:
    assert folds(one) & folds(other)
    pairs = zip(usual(one), usual(other), strict=True)
    found = [ns.rules_between(a, b) for a, b in pairs]
    assert None not in found
    needed = set().union(*(f for f in found if f is not None))
    assert needed == ({rule} if rule else set())


def test_different_names_do_not_fold_together() -> None:
    assert not folds("刘兰兰") & folds("王芳芳")
    assert not folds("吕丽") & folds("路丽")  # lv is not lu: ü only folds to i
    assert ns.rules_between("wang", "li") is None


@pytest.mark.parametrize(
    ("name", "reading"),
    [("单田芳", "shan"), ("曾志伟", "zeng"), ("解小东", "xie"), ("区伟", "ou"), ("仇明", "qiu"),
     ("朴树", "piao"), ("查良镛", "zha"), ("覃明", "qin"), ("任芳", "ren")],
)  # fmt: skip
def test_surnames_have_their_own_readings(name: str, reading: str) -> None:
    assert usual(name)[0] == reading


def test_a_surname_with_two_readings_gives_both() -> None:
    assert {r[0] for r in ns.readings("乐嘉", 1)} == {"yue", "le"}


def test_readings_are_capped_and_the_usual_comes_first() -> None:
    said = ns.readings("欧阳娜娜", 2)
    assert said[0] == ("ou", "yang", "na", "na")
    assert len(said) <= ns.MAX_READINGS


def test_lv_stays_lv() -> None:
    assert usual("吕小龙")[0] == "lv"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("刘兰兰", ("刘", "兰兰")), ("欧阳娜娜", ("欧阳", "娜娜")), ("丫丫", ("", "丫丫")),
     ("小红", ("", "小红")), ("王芳", ("王", "芳")), ("红梅", ("红", "梅")), ("鹏娜", ("鹏", "娜")),
     ("谯明远", ("谯", "明远"))],
)  # fmt: skip
def test_split_surname_and_given_name(name: str, expected: tuple[str, str]) -> None:
    assert ns.split(name) == expected


@pytest.mark.parametrize(
    ("name", "cores"),
    [("兰兰", {"兰"}), ("小兰", {"兰"}), ("阿花", {"花"}), ("兰儿", {"兰"}), ("小兰兰", {"兰"}),
     ("刘兰", set())],
)  # fmt: skip
def test_pet_names_and_their_cores(name: str, cores: set[str]) -> None:
    assert ns.pet_cores(name) == cores
    assert ns.is_pet_name(name) == bool(cores)


def test_chars_drop_notes_and_refuse_codes() -> None:
    assert ns.chars_of("小红（化名）") == "小红"
    assert ns.chars_of("站字2023-15") is None
    assert ns.chars_of(" 刘 兰兰 ") == "刘兰兰"
    assert ns.chars_of("") is None


def test_sound_key_has_the_name_parts_form() -> None:
    from rescuedesk.reference.name_parts import sound_key_of

    assert ns.sound_key(("liu", "lan", "lan")) == sound_key_of(["liu", "lan", "lan"])


@pytest.mark.parametrize(
    ("nickname", "cores"),
    [("小梅", {"梅"}), ("阿梅", {"梅"}), ("梅梅", {"梅"}), ("梅子", {"梅"}), ("梅儿", {"梅"}),
     ("梅", {"梅"}), ("小子", {"子"}), ("李梅", set())],
)  # fmt: skip
def test_nickname_cores(nickname: str, cores: set[str]) -> None:
    assert ns.nickname_cores(nickname) == cores


def test_heteronyms_are_the_readings_names_use() -> None:
    assert ns.char_readings("红") == ("hong",)  # not gong
    assert ns.char_readings("明") == ("ming",)
    assert set(ns.char_readings("乐")) == {"le", "yue"}
    assert set(ns.char_readings("长")) == {"chang", "zhang"}
