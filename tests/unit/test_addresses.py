"""One household written many ways is one household; a neighbour's is the same village."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rescuedesk.services.people.addresses import Match, chinese_number, compare

WORDS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九"}


def number_word(n: int) -> str:
    if n < 10:
        return WORDS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else WORDS[tens]) + "十" + (WORDS[ones] if ones else "")


@given(st.integers(min_value=1, max_value=99))
def test_number_words(n: int) -> None:
    assert chinese_number(number_word(n)) == n


def group_written(draw: st.DrawFn, n: int) -> str:
    number = draw(st.sampled_from([str(n), number_word(n), f"第{number_word(n)}", f"{n:02d}"]))
    return number + draw(st.sampled_from(["组", "社", "队", "村民小组"]))


@st.composite
def household(draw: st.DrawFn, group: int) -> str:
    """黑龙江省哈尔滨市呼兰区石人镇某村N组, with its upper levels left out or not, the group
    written in any of its local ways, spaces and punctuation anywhere."""
    parts = [
        draw(st.sampled_from(["黑龙江省", ""])),
        draw(st.sampled_from(["哈尔滨市", ""])),
        draw(st.sampled_from(["呼兰区", "呼兰县", ""])),
        "石人镇",
        "某村",
        group_written(draw, group),
    ]
    sep = draw(st.sampled_from(["", " ", "，", "-", "　"]))
    return sep.join(p for p in parts if p)


@settings(max_examples=150)
@given(st.data(), st.integers(min_value=1, max_value=30))
def test_one_household_written_differently_is_one_household(data, group: int) -> None:  # type: ignore[no-untyped-def]
    a, b = data.draw(household(group)), data.draw(household(group))
    assert compare(a, b) == Match.HOUSEHOLD, (a, b)


@settings(max_examples=150)
@given(st.data(), st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=30))
def test_another_group_of_the_village_is_the_same_village(data, g1: int, g2: int) -> None:  # type: ignore[no-untyped-def]
    if g1 == g2:
        return
    a, b = data.draw(household(g1)), data.draw(household(g2))
    assert compare(a, b) == Match.VILLAGE, (a, b)


def test_other_towns_counties_and_villages_are_other_places() -> None:
    buyer = "黑龙江省哈尔滨市呼兰区石人镇某村三组"
    for other in (
        "哈尔滨市呼兰区康金镇某村3组",
        "哈尔滨市道里区石人镇某村3组",
        "哈尔滨市呼兰区石人镇另村3组",
        "吉林省长春市朝阳区某村3组",
        "",
    ):
        assert compare(buyer, other) == Match.NONE, other


def test_street_addresses() -> None:
    home = "哈尔滨市道里区中央大街12号3单元501室"
    assert compare(home, "道里区中央大街十二号3单元501室") == Match.HOUSEHOLD
    assert compare(home, "道里区中央大街十二号") == Match.HOUSEHOLD
    assert compare(home, "道里区中央大街12号3单元502室") == Match.VILLAGE
    assert compare(home, "道里区中央大街14号") == Match.VILLAGE
    assert compare(home, "道里区友谊路12号") == Match.NONE
