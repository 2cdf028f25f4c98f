"""How the ledger reads the recognition columns (issue #15): estimated birth years as one
year or a range, heights as people write them, descriptions as typed, and the headers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rescuedesk.ledger import normalize
from rescuedesk.ledger.mapping import Kind, detect_kind, propose


@given(st.integers(1900, 2026), st.integers(0, normalize.WIDEST_BIRTH_YEARS))
def test_a_range_is_read_with_its_ends_and_kept_as_its_middle(first: int, width: int) -> None:
    for typed in (
        f"{first}-{first + width}",
        f"{first}年至{first + width}年",
        f"约{first}～{first + width}",
    ):
        assert normalize.birth_years(typed) == (first, first + width)
        assert normalize.birth_year(typed) == first + width // 2


@pytest.mark.parametrize(
    "typed", ["2009", "2009年", "约2009年", "2009左右", 2009, 2009.0, "２００９"]
)
def test_one_year(typed: object) -> None:
    assert normalize.birth_years(typed) == (2009, 2009)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("十五岁", "年份范围"),
        ("2008-05", "年份范围"),
        ("2010-2008", "晚于"),
        ("1990-2010", "超过15年"),
    ],
)
def test_what_is_no_birth_year(typed: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        normalize.birth_years(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "152",
        "152cm",
        "152 厘米",
        "152公分",
        "约152",
        "152左右",
        "1.52米",
        "1.52m",
        "1米52",
        1.52,
        152,
        152.0,
        "１５２",
    ],
)
def test_heights(typed: object) -> None:
    assert normalize.height(typed) == 152


@pytest.mark.parametrize("typed", ["高个", "一米五", "152斤"])
def test_what_is_no_height(typed: str) -> None:
    with pytest.raises(ValueError, match="厘米数"):
        normalize.height(typed)


def test_descriptions_keep_their_punctuation() -> None:
    values, problems, _ = normalize.normalise_row(
        {"体貌特征": " 左臂胎记，（约2厘米）  右眉有痣 ", "化名": "小红（化名）"},
        {"distinguishing_features": "体貌特征", "alias": "化名"},
        ["distinguishing_features", "alias"],
    )
    assert not problems
    assert values["distinguishing_features"] == "左臂胎记，（约2厘米） 右眉有痣"
    assert values["alias"] == "小红(化名)"  # a name is compared, so folded as before


def test_headers_and_their_variants() -> None:
    assert propose(
        ["化名", "出生年份", "身高（厘米）", "体态", "衣着特征", "方言", "发现时间"]
    ) == {
        "alias": "化名",
        "birth_year_estimated": "出生年份",
        "height_cm": "身高（厘米）",
        "build": "体态",
        "clothing_when_found": "衣着特征",
        "accent_region": "方言",
        "found_date": "发现时间",
    }
    # 健康状况 is a visit's wellbeing, never the person's description.
    assert "health" not in propose(["姓名", "健康状况"])


def test_a_visits_sheet_noting_the_state_of_mind_stays_a_visits_sheet() -> None:
    headers = ["个案编号", "姓名", "回访日期", "回访人", "精神状况", "身高"]
    assert detect_kind(headers) == Kind.VISITS
    assert detect_kind(["姓名", "语言", "回访日期"]) == Kind.CASES  # as before issue #15
