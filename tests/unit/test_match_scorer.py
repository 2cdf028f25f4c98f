"""The family-tracing scorer: one test per row of its weight table, each exclusion, and the
reasons a caseworker reads (which may be read out to a family: no word about trafficking)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from rescuedesk.documents.letter_content import FORBIDDEN_WORDS
from rescuedesk.matching import marks
from rescuedesk.matching.scorer import (
    LIKELY_FROM,
    LISTED_FROM,
    SCORER_VERSION,
    Described,
    Match,
    Sought,
    score,
)

TODAY = dt.date(2026, 11, 29)
# Beyond the letters' list: a reason never says 买 (bought) or 受害 either.
NEVER_SAID = (*FORBIDDEN_WORDS, "拐", "解救", "受害", "买")

# Nothing in common but what a test adds: no shared sex, year, accent, place, marks.
PERSON = Described(
    person_id=7, case_id=70, case_number="2026-007", names=(), sex="unknown",
    birth_year_earliest=None, birth_year_latest=None, height_cm=None, measured_on=None,
    accent_code=None, accent_text=None, features=None, found_date=None, found_place_code=None,
)  # fmt: skip
INQUIRY = Sought(
    key="Q-2026-014", names=(), nicknames=(), sex="unknown", birth_year=None, height_cm=None,
    height_measured_on=None, home_dialect_code=None, home_dialect_text=None,
    home_place_code=None, features=None, missing_date=None,
)  # fmt: skip


def scored(sought: dict[str, object], described: dict[str, object]) -> Match:
    match = score(
        dataclasses.replace(INQUIRY, **sought), dataclasses.replace(PERSON, **described), TODAY
    )
    assert match is not None
    assert not [r for r in match.reasons for w in NEVER_SAID if w in r]
    return match


def names_part(sought: dict[str, object], described: tuple[str, ...]) -> Match:
    return scored(sought, {"names": described})


def test_nothing_in_common_scores_nothing() -> None:
    match = scored({}, {})
    assert (match.points, match.reasons, match.parts) == (0, (), {})
    assert (match.person_id, match.case_id, match.case_number) == (7, 70, "2026-007")
    assert SCORER_VERSION == 3 and (LISTED_FROM, LIKELY_FROM) == (25, 60)


def test_a_name_that_shares_nothing_speaks_against() -> None:
    match = scored({"names": ("王芳",)}, {"names": ("李明",)})
    assert (match.points, match.reasons, match.parts) == (0, ("姓名、小名均不相符",), {"name": -10})
    assert scored({"nicknames": ("小梅",)}, {"names": ("李明",)}).parts == {"name": -10}


@pytest.mark.parametrize(
    ("sought", "described"),
    [
        ((), ("李明",)),  # the family gives no name
        (("王芳",), ()),  # the station has none
        (("王芳",), ("无名氏",)),
        (("王芳",), ("无名女",)),
        (("王芳",), ("站字2023-15",)),
    ],
)
def test_no_name_on_one_side_is_no_evidence(
    sought: tuple[str, ...], described: tuple[str, ...]
) -> None:
    assert "name" not in scored({"names": sought}, {"names": described}).parts


def test_a_nickname_core_ranks_above_a_stranger_of_the_same_age_and_sex() -> None:
    """A family asks for 小梅, born 2012, a girl; 王红梅 and 李明 are both girls estimated
    2011-2013, and 李明 even has the family's accent and was found in its county."""
    asked = {
        "nicknames": ("小梅",), "sex": "female", "birth_year": 2012,
        "home_dialect_code": "xinan.chuanyu", "home_place_code": "511502",
    }  # fmt: skip
    same = {"sex": "female", "birth_year_earliest": 2011, "birth_year_latest": 2013}
    core = scored(asked, {**same, "names": ("王红梅",)})
    stranger = scored(
        asked,
        {**same, "names": ("李明",), "accent_code": "xinan.chuanyu", "found_place_code": "511502"},
    )
    assert core.points > stranger.points >= 0
    assert core.reasons[0] == "小名相符：小梅—王红梅"


def test_a_wrong_sex_is_still_excluded_whatever_the_name() -> None:
    person = dataclasses.replace(PERSON, names=("王红梅",), sex="male")
    assert (
        score(dataclasses.replace(INQUIRY, nicknames=("小梅",), sex="female"), person, TODAY)
        is None
    )
    assert (
        score(dataclasses.replace(INQUIRY, names=("王红梅",), sex="female"), person, TODAY) is None
    )


# -- names ------------------------------------------------------------------------------


def test_same_characters() -> None:
    match = names_part({"names": ("刘兰兰",)}, ("小红（化名）", "刘兰兰"))
    assert match.parts == {"name": 35}
    assert match.reasons == ("姓名同字：刘兰兰",)


def test_same_characters_against_a_called_name() -> None:
    assert names_part({"names": ("刘兰兰",)}, ("刘兰兰", "站字2023-15")).parts["name"] == 35


def test_same_sound_other_characters() -> None:
    match = names_part({"names": ("刘岚岚",)}, ("刘兰兰",))
    assert match.parts == {"name": 30}
    assert match.reasons == ("同音：刘岚岚—刘兰兰",)


def test_folded_with_the_merger_spoken_in_the_persons_accent() -> None:
    match = scored({"names": ("牛兰兰",)}, {"names": ("刘兰兰",), "accent_text": "四川口音"})
    assert match.parts["name"] == 26
    assert match.reasons[0] == "方音相近（n/l 不分，四川/重庆口音）：牛兰兰—刘兰兰"


def test_folded_with_the_merger_spoken_at_the_home_place() -> None:
    match = scored({"names": ("牛兰兰",), "home_place_code": "511502"}, {"names": ("刘兰兰",)})
    assert match.parts["name"] == 26
    assert "n/l 不分" in match.reasons[0] and "四川省" in match.reasons[0]


def test_folded_with_the_merger_spoken_nowhere_known() -> None:
    """n/l is not a north-eastern merger, and the regions of neither side speak it."""
    match = scored(
        {"names": ("王南",), "home_place_code": "230102"},
        {"names": ("王兰",), "accent_code": "dongbei"},
    )
    assert match.parts["name"] == 18
    assert match.reasons[0] == "方音相近（n/l 不分）：王南—王兰"
    assert names_part({"names": ("王南",)}, ("王兰",)).parts["name"] == 18
    # Only the surname folded: the same given name (22) is the better reading of it.
    assert names_part({"names": ("牛兰兰",)}, ("刘兰兰",)).parts["name"] == 22


def test_given_name_with_another_surname() -> None:
    match = names_part({"names": ("王兰兰",)}, ("刘兰兰",))
    assert match.parts == {"name": 22}
    assert match.reasons == ("名相同、姓不同：兰兰（可能已改姓）",)


def test_given_name_by_sound_and_folded() -> None:
    assert names_part({"names": ("王岚岚",)}, ("刘兰兰",)).parts["name"] == 18
    folded = names_part({"names": ("王南南",)}, ("刘兰兰",))
    assert folded.parts["name"] == 14
    assert folded.reasons[0].startswith("名方音相近、姓不同")


def test_nickname_against_a_called_name_and_a_real_name() -> None:
    same = names_part({"nicknames": ("丫丫",)}, ("丫丫",))
    assert (same.parts["name"], same.reasons) == (22, ("小名相符：丫丫",))
    core = names_part({"nicknames": ("小兰",)}, ("刘兰兰",))
    assert (core.parts["name"], core.reasons) == (16, ("小名相符：小兰—刘兰兰",))
    assert names_part({"nicknames": ("芳芳",)}, ("王兰芳",)).parts["name"] == 16
    sound = names_part({"nicknames": ("小岚",)}, ("刘兰兰",))
    assert (sound.parts["name"], sound.reasons) == (13, ("小名同音：小岚—刘兰兰",))
    assert names_part({"nicknames": ("小南",)}, ("刘兰兰",)).parts["name"] == 10


@pytest.mark.parametrize("nickname", ["小梅", "阿梅", "梅梅", "梅子", "梅儿", "梅"])
@pytest.mark.parametrize("name", ["李小梅", "王梅", "王红梅"])
def test_a_nickname_finds_the_given_name_it_is_made_of(nickname: str, name: str) -> None:
    match = names_part({"nicknames": (nickname,)}, (name,))
    assert match.parts["name"] >= 16
    assert match.reasons[0].startswith("小名相符：")


def test_a_nickname_of_the_first_character_alone_is_not_enough() -> None:
    """红梅 is called 小梅 or 梅梅; only the last character counts (names.given_cores)."""
    assert names_part({"nicknames": ("小红",)}, ("王红梅",)).parts["name"] == -10


def test_a_called_name_of_two_characters_is_also_a_given_name() -> None:
    """The station wrote down 红梅 (what she calls herself); the family asks for 王红梅."""
    match = names_part({"names": ("王红梅",)}, ("红梅",))
    assert (match.parts["name"], match.reasons) == (22, ("名相同：王红梅—红梅",))
    other_way = names_part({"names": ("红梅",)}, ("王红梅",))
    assert (other_way.parts["name"], other_way.reasons) == (22, ("名相同：红梅—王红梅",))
    assert names_part({"names": ("王宏梅",)}, ("红梅",)).parts["name"] == 18
    # Read as surname + given name it still is one: 王南—王兰 folds (test above).
    assert names_part({"names": ("红梅",)}, ("红梅",)).parts["name"] == 35


def test_heteronyms_only_where_names_use_them() -> None:
    """红 is hong in a name, never gong: 红梅 and 宫梅 are not the same sound."""
    assert names_part({"names": ("刘宫梅",)}, ("刘红梅",)).parts["name"] == 10  # one off
    assert names_part({"names": ("王月",)}, ("王乐",)).parts["name"] == 30  # 乐 yue


def test_a_family_name_finds_the_pet_name_the_station_wrote() -> None:
    match = names_part({"names": ("刘兰芳",)}, ("小芳",))
    assert (match.parts["name"], match.reasons) == (16, ("小名相符：刘兰芳—小芳",))


def test_two_full_names_sharing_only_the_last_character_do_not_match() -> None:
    assert names_part({"names": ("王兰芳",)}, ("李小芳",)).parts["name"] == -10


def test_feng_folds_with_fen_and_with_hong() -> None:
    """芬 fen respelt 凤 feng by a family that does not tell -n from -ng; 凤 said hong by
    one that does not tell f from h."""
    fen = scored({"names": ("叶伟凤",), "home_place_code": "420323"}, {"names": ("叶伟芬",)})
    assert fen.parts["name"] == 26 and "前后鼻音不分（en/eng）" in fen.reasons[0]
    assert names_part({"nicknames": ("奉奉",)}, ("苏芬",)).parts["name"] == 10
    assert names_part({"names": ("凤英",)}, ("红英",)).parts["name"] > 0


def test_all_syllables_but_one() -> None:
    match = names_part({"names": ("刘兰芳",)}, ("刘兰兰",))
    assert match.parts == {"name": 10}
    assert match.reasons == ("姓名仅一字读音不同：刘兰芳—刘兰兰",)


def test_the_best_name_counts_once() -> None:
    match = names_part({"names": ("刘岚岚", "刘兰兰"), "nicknames": ("兰兰",)}, ("刘兰兰",))
    assert match.parts == {"name": 35} and len(match.reasons) == 1


# -- the other factors ------------------------------------------------------------------


def test_sex_same_scores_and_different_excludes() -> None:
    assert scored({"sex": "female"}, {"sex": "female"}).parts == {"sex": 8}
    assert scored({"sex": "female"}, {"sex": "female"}).reasons == ("性别相同",)
    assert scored({"sex": "female"}, {"sex": "unknown"}).parts == {}
    s = dataclasses.replace(INQUIRY, sex="female")
    assert score(s, dataclasses.replace(PERSON, sex="male"), TODAY) is None


@pytest.mark.parametrize(
    ("year", "points", "said"),
    [(2011, 18, "在估计范围内"), (2009, 15, "差1年"), (2014, 12, "差2年"), (2007, 9, "差3年"),
     (2006, 3, "差4年"), (2005, 3, "差5年"), (2004, 0, None), (2002, 0, None)],
)  # fmt: skip
def test_birth_year_gap(year: int, points: int, said: str | None) -> None:
    match = scored({"birth_year": year}, {"birth_year_earliest": 2010, "birth_year_latest": 2012})
    assert match.parts.get("birth_year", 0) == points
    if said:
        assert match.reasons == (f"年龄相符：查询出生年份{year}，估计2010–2012（{said}）",)
    else:
        assert match.reasons == ()


def test_birth_year_gap_over_eight_excludes() -> None:
    person = dataclasses.replace(PERSON, birth_year_earliest=2010, birth_year_latest=2012)
    assert score(dataclasses.replace(INQUIRY, birth_year=2001), person, TODAY) is None
    assert score(dataclasses.replace(INQUIRY, birth_year=2021), person, TODAY) is None
    assert score(dataclasses.replace(INQUIRY, birth_year=2020), person, TODAY) is not None


ADULTS = (
    {"birth_year": 1990, "height_measured_on": dt.date(2015, 3, 1)},
    {"birth_year_earliest": 1989, "birth_year_latest": 1991, "measured_on": dt.date(2025, 1, 1)},
)


@pytest.mark.parametrize(
    ("theirs", "points"), [(160, 8), (163, 8), (166, 5), (170, 2), (173, 0), (176, -6)]
)
def test_height_of_adults(theirs: int, points: int) -> None:
    match = scored({**ADULTS[0], "height_cm": 160}, {**ADULTS[1], "height_cm": theirs})
    assert match.parts.get("height", 0) == points
    if points > 0:
        assert f"身高相近：相差{theirs - 160}厘米" in match.reasons
    if points < 0:
        assert "身高相差16厘米" in match.reasons


def test_height_of_a_child_is_not_compared() -> None:
    child = {"birth_year": 2012, "height_measured_on": dt.date(2020, 3, 1), "height_cm": 120}
    match = scored(child, {**ADULTS[1], "birth_year_latest": 2012, "height_cm": 120})
    assert "height" not in match.parts
    assert "走失时未成年，身高不比对" in match.reasons


@pytest.mark.parametrize(
    ("sought", "described", "points", "reason"),
    [({"home_dialect_text": "四川话"}, {"accent_code": "xinan.chuanyu"}, 12,
      "口音相同：四川/重庆口音"),
     ({"home_place_code": "511502"}, {"accent_text": "四川口音"}, 8,
      "口音相符：四川/重庆口音—走失地四川省宜宾市翠屏区"),
     ({"home_dialect_code": "xinan"}, {"accent_code": "xinan.chuanyu"}, 8,
      "口音相近：西南官话—四川/重庆口音"),
     ({"home_place_code": "230102"}, {"accent_code": "xinan.chuanyu"}, 0, None),
     ({"home_dialect_code": "none"}, {"accent_code": "none"}, 0, None)],
)  # fmt: skip
def test_accent_against_home(
    sought: dict[str, object], described: dict[str, object], points: int, reason: str | None
) -> None:
    match = scored(sought, described)
    assert match.parts.get("accent", 0) == points
    assert match.reasons == ((reason,) if reason else ())


def test_marks_pairs_and_kinds() -> None:
    two = scored({"features": "左臂有胎记，右眉上方有痣"}, {"features": "胎记在左手臂；右眉有黑痣"})
    assert two.parts == {"marks": 16}
    assert two.reasons == ("特征相符：右眉痣、左臂胎记",)
    kind = scored({"features": "脸上有疤"}, {"features": "额头有伤疤"})
    assert (kind.parts, kind.reasons) == ({"marks": 4}, ("特征相符：疤痕",))
    capped = scored({"features": "胎记，痣，疤，六指"}, {"features": "胎记、痣、疤、六指"})
    assert capped.parts == {"marks": 8}


def test_marks_vocabulary_and_parsing() -> None:
    assert marks.marks_of("右侧脸颊有一块疤痕、左脚跛") == {("右脸", "疤痕"), ("左脚", "跛")}
    assert marks.marks_of("聋哑") == {("", "聋"), ("", "哑")}
    assert marks.marks_of(None) == frozenset()


def test_found_within_a_year_of_going_missing() -> None:
    match = scored({"missing_date": dt.date(2023, 6, 1)}, {"found_date": dt.date(2024, 4, 1)})
    assert (match.parts, match.reasons) == ({"found_date": 4}, ("走失后发现：相隔10个月",))
    later = scored({"missing_date": dt.date(2021, 1, 15)}, {"found_date": dt.date(2023, 4, 20)})
    assert (later.parts, later.reasons) == ({}, ("走失后发现：相隔2年3个月",))


def test_found_long_before_going_missing_excludes() -> None:
    s = dataclasses.replace(INQUIRY, missing_date=dt.date(2023, 6, 1))
    early = dataclasses.replace(PERSON, found_date=dt.date(2023, 4, 1))
    assert score(s, early, TODAY) is None
    close = dataclasses.replace(PERSON, found_date=dt.date(2023, 5, 10))
    assert score(s, close, TODAY) is not None


@pytest.mark.parametrize(
    ("found", "home", "points", "said"),
    [("511502", "511502", 6, "同县（区）"), ("511503", "511502", 4, "同市"),
     ("511500", "511502", 4, "同市"), ("513401", "511502", 2, "同省"),
     ("511502", "510000", 2, "同省"), ("440305", "511502", 0, None)],
)  # fmt: skip
def test_found_place_against_the_missing_place(
    found: str, home: str, points: int, said: str | None
) -> None:
    match = scored({"home_place_code": home}, {"found_place_code": found})
    assert match.parts.get("place", 0) == points
    assert match.reasons == ((f"发现地与走失地{said}",) if said else ())


def test_the_done_when_inquiry_is_listed_with_its_reasons() -> None:
    """The issue's example: 牛兰兰 from 宜宾, born three years off, against 刘兰兰 (四川口音)."""
    girl = dataclasses.replace(
        PERSON, names=("刘兰兰",), sex="female", birth_year_earliest=2012,
        birth_year_latest=2014, accent_text="四川口音", found_date=dt.date(2025, 3, 2),
    )  # fmt: skip
    inquiry = dataclasses.replace(
        INQUIRY, names=("牛兰兰",), sex="female", birth_year=2009, home_place_code="511502",
        missing_date=dt.date(2024, 8, 1),
    )  # fmt: skip
    match = score(inquiry, girl, TODAY)
    assert match is not None and match.points >= LISTED_FROM
    assert match.reasons[:3] == (
        "方音相近（n/l 不分，四川/重庆口音）：牛兰兰—刘兰兰",
        "性别相同",
        "年龄相符：查询出生年份2009，估计2012–2014（差3年）",
    )


def test_points_are_clamped() -> None:
    everything = scored(
        {"names": ("刘兰兰",), "sex": "female", "birth_year": 1990, "height_cm": 160,
         "height_measured_on": dt.date(2015, 1, 1), "home_dialect_code": "xinan.chuanyu",
         "home_place_code": "511502", "features": "左臂胎记，右眉痣",
         "missing_date": dt.date(2024, 1, 1)},
        {"names": ("刘兰兰",), "sex": "female", "birth_year_earliest": 1990,
         "birth_year_latest": 1990, "height_cm": 160, "measured_on": dt.date(2024, 5, 1),
         "accent_code": "xinan.chuanyu", "features": "左臂胎记，右眉痣",
         "found_date": dt.date(2024, 5, 1), "found_place_code": "511502"},
    )  # fmt: skip
    assert sum(everything.parts.values()) > 100 and everything.points == 100


def test_found_where_the_home_dialect_is_spoken_when_the_home_place_is_unknown() -> None:
    found_in_yibin = {"found_place_code": "511502"}
    match = scored({"home_dialect_code": "xinan.chuanyu"}, found_in_yibin)
    assert (match.parts, match.reasons) == ({"place": 2}, ("发现地在四川/重庆口音通行的省份",))
    assert "place" not in scored({"home_dialect_code": "dongbei"}, found_in_yibin).parts
    # A home place given is compared itself, not through its dialect.
    home_elsewhere = {"home_dialect_code": "xinan.chuanyu", "home_place_code": "230102"}
    assert "place" not in scored(home_elsewhere, found_in_yibin).parts
