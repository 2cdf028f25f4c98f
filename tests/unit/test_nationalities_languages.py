"""Nationalities and languages by name (issue #13): ISO codes stored, Chinese names shown."""

from __future__ import annotations

import pytest

from rescuedesk.reference import languages, nationalities


@pytest.mark.parametrize(
    "typed", ["越南", "Vietnam", "VNM", "vnm", "VN", "yuenan", "越南社会主义共和国", " 越南 "]
)
def test_a_nationality_is_found_by_name_english_code_or_pinyin(typed: str) -> None:
    assert nationalities.code_for(typed) == "VNM"


def test_everyday_names_are_shown_and_official_ones_accepted() -> None:
    assert nationalities.name("LAO") == "老挝"
    assert nationalities.name("KOR") == "韩国"
    assert nationalities.code_for("老挝人民民主共和国") == "LAO"
    assert nationalities.code_for("大韩民国") == "KOR"
    assert nationalities.code_for("朝鲜") == "PRK"
    assert nationalities.name("TWN") == "中国台湾"
    assert nationalities.code_for("台湾") == "TWN"


def test_stateless_keeps_its_code_and_an_unknown_code_is_shown_as_is() -> None:
    assert nationalities.name("XXX") == "无国籍/不明"
    assert nationalities.code_for("无国籍") == "XXX"
    assert nationalities.name("QQQ") == "QQQ"
    assert nationalities.code_for("火星") is None
    assert nationalities.code_for("") is None


def test_nationalities_rank_china_first_then_the_work_then_pinyin() -> None:
    codes = [n.code for n in nationalities.ranked()]
    assert codes[:6] == ["CHN", "VNM", "MMR", "LAO", "KHM", "PRK"]
    assert codes.index("VNM") < codes.index("DEU")
    assert len(codes) == len(set(codes)) >= 249
    rest = codes[len(nationalities.COMMON) :]
    # After the common ones, by pinyin: 阿尔巴尼亚 (a) before 德国 (d) before 英国 (y).
    assert rest.index("ALB") < rest.index("DEU") < rest.index("GBR")


def test_a_chooser_matches_pinyin_initials_and_english() -> None:
    vietnam = next(n for n in nationalities.ranked() if n.code == "VNM")
    assert vietnam.matches("yn") and vietnam.matches("yue") and vietnam.matches("viet")
    assert not vietnam.matches("德")


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("越南语", "vi"),
        ("Vietnamese", "vi"),
        ("vie", "vi"),
        ("vi", "vi"),
        ("普通话", "zh"),
        ("中文", "zh"),
        ("汉语", "zh"),
        ("zho", "zh"),
        ("缅甸语", "my"),
        ("粤语", "yue"),
        ("广东话", "yue"),
        ("苗语", "hmn"),
        ("韩语", "ko"),
    ],
)
def test_a_language_is_found_by_name_english_or_code(typed: str, code: str) -> None:
    assert languages.code_for(typed) == code


def test_languages_keep_the_codes_of_earlier_records_and_dialects_as_typed() -> None:
    assert languages.normalise(["zh", "vi"]) == ["zh", "vi"]  # the demo data's codes
    assert languages.normalise("越南语、四川话，vie") == ["vi", "四川话"]
    assert languages.names(["vi", "四川话"]) == "越南语、四川话"
    assert languages.name("zh") == "汉语（普通话）"


def test_languages_rank_chinese_first_then_the_work_then_pinyin() -> None:
    codes = [n.code for n in languages.ranked()]
    assert codes[:5] == ["zh", "vi", "my", "lo", "km"]
    assert codes.index("vi") < codes.index("de")
    assert "und" not in codes and "zxx" not in codes
