from rescuedesk.reference import divisions, ethnicities
from rescuedesk.reference.pinyin import search_keys


def test_division_names_and_hierarchy() -> None:
    assert divisions.full_name("130102") == "河北省石家庄市长安区"
    assert divisions.province_code("130102") == "130000"
    assert divisions.region_of("230102") == "northeast"
    assert divisions.is_known("230102")
    assert not divisions.is_known("990101")
    assert len(divisions.county_codes()) > 2500


def test_ethnicity_codes() -> None:
    assert ethnicities.code_for("汉族") == "01"
    assert ethnicities.code_for("汉") == "01"
    assert ethnicities.code_for("基诺族") == "56"
    assert ethnicities.code_for("09") == "09"
    assert ethnicities.code_for("火星族") is None
    assert len([c for c in ethnicities.ETHNICITIES if int(c) <= 56]) == 56


def test_pinyin_keys() -> None:
    assert search_keys("张晓梅") == ("zhangxiaomei", "zxm")
    assert search_keys(None) == (None, None)
    assert search_keys("Anna") == (None, None) or search_keys("Anna")[0] is not None
