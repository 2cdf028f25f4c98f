"""The tracing announcement (寻亲公告, issue #15): the platform's fields in its order, the age
as a family reads it, and what a public text may never say, whatever the record holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from rescuedesk.documents.announcement_content import (
    NEVER_WORDS,
    Contact,
    Description,
    age_text,
    compose,
)
from rescuedesk.documents.announcement_pdf import render_announcement
from rescuedesk.documents.letter_content import FORBIDDEN_WORDS
from rescuedesk.errors import RuleViolation, ValidationError

DAY = dt.date(2026, 11, 25)
GIRL = Description(
    called_names=("刘兰兰", "兰兰"),
    sex="female",
    birth_year_earliest=2012,
    birth_year_latest=2014,
    height_cm=148,
    health="身体健康",
    intellectual_state="正常",
    mental_state="胆小",
    features="左臂有一块褐色胎记",
    clothing="红色外套、蓝色运动鞋",
    found_date=dt.date(2026, 3, 5),
    found_place="四川省宜宾市叙州区火车站广场",
)
STATION = Contact(unit="宜宾市救助管理站", phone="0831-1234567", address="南岸东路12号")
SECRETS = {
    "个案编号": "YB-2026-0015",
    "公安案件编号": "宜公（刑）字〔2026〕101号",
    "身份证号": "511502201203050028",
    "户籍地代码": "511504",
}
PLATFORM = [
    "照片",
    "姓名（自称）",
    "性别",
    "年龄或目测年龄",
    "身高",
    "健康状况",
    "智力状况",
    "精神状态",
    "体貌特征",
    "发现时衣着特征",
    "发现日期",
    "发现地点",
    "救助管理机构联系方式",
]
LABEL_OF = {
    "health": "健康状况",
    "intellectual_state": "智力状况",
    "mental_state": "精神状态",
    "features": "体貌特征",
    "clothing": "发现时衣着特征",
    "found_place": "发现地点",
}
TEXT_FIELDS = tuple(LABEL_OF)


def _jpeg(size: tuple[int, int] = (300, 400)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (180, 30, 40)).save(out, "JPEG")
    return out.getvalue()


def test_the_platform_text_has_its_fields_in_order() -> None:
    content = compose(GIRL, STATION, day=DAY, period_days=30, photo=_jpeg(), never=SECRETS)
    lines = content.platform_text().splitlines()
    assert [line.split("：", 1)[0] for line in lines] == PLATFORM
    values = dict(line.split("：", 1) for line in lines)
    assert values["照片"] == "见附件"
    assert values["姓名（自称）"] == "刘兰兰、兰兰"
    assert values["年龄或目测年龄"] == "目测12至14岁"
    assert values["发现日期"] == "2026年3月5日"
    assert (
        values["救助管理机构联系方式"] == "宜宾市救助管理站，地址：南岸东路12号，电话：0831-1234567"
    )
    assert "30日" in content.closing and "安置" in content.closing
    assert "photo" in content.disclosed


def test_what_is_not_recorded_says_unknown() -> None:
    content = compose(Description(), Contact(unit="宜宾市救助管理站"), day=DAY)
    values = dict(line.split("：", 1) for line in content.platform_text().splitlines())
    assert values["照片"] == "无"
    assert all(values[k] == "不详" for k in PLATFORM[1:-1])
    assert content.disclosed == ["contact"]
    assert "自称" not in content.opening and "性受助人员" not in content.opening


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        (Description(birth_date=dt.date(2012, 11, 26)), "13岁"),  # a day before her birthday
        (Description(birth_date=dt.date(2012, 11, 25)), "14岁"),
        (Description(birth_year_earliest=2012, birth_year_latest=2012), "目测约14岁"),
        (Description(birth_year_earliest=2010, birth_year_latest=2013), "目测13至16岁"),
        (Description(birth_year_latest=2011), "目测约15岁"),
        (Description(), "不详"),
    ],
)
def test_age(description: Description, expected: str) -> None:
    assert age_text(description, DAY) == expected


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(TEXT_FIELDS),
    st.sampled_from((*FORBIDDEN_WORDS, *NEVER_WORDS, *SECRETS)),
    st.text(alphabet="胎记左臂红色外套车站", max_size=6),
)
def test_nothing_forbidden_is_ever_published(field: str, bad: str, around: str) -> None:
    value = around + SECRETS.get(bad, bad) + around
    description = dataclasses.replace(GIRL, **{field: value})
    with pytest.raises(RuleViolation) as refused:
        compose(description, STATION, day=DAY, never=SECRETS)
    message = refused.value.message
    assert LABEL_OF[field] in message
    assert bad in message  # the word, or what the secret is ...
    assert not any(secret in message for secret in SECRETS.values())  # ... never the secret


def test_a_unit_whose_name_says_too_much_is_refused() -> None:
    with pytest.raises(RuleViolation, match="解救"):
        compose(GIRL, Contact(unit="某市被解救妇女儿童救助站"), day=DAY)


def test_the_pdf_carries_the_fields_and_the_photo() -> None:
    content = compose(GIRL, STATION, day=DAY, period_days=30, photo=_jpeg())
    reader = PdfReader(io.BytesIO(render_announcement(content)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text().replace(" ", "")
    for label, _value in content.fields:
        assert label in text.replace("\n", "")
    assert "刘兰兰" in text and "左臂有一块褐色胎记" in text
    images = list(reader.pages[0].images)
    assert len(images) == 1
    width, height = Image.open(io.BytesIO(images[0].data)).size
    assert (width, height) == (300, 400)
    without = PdfReader(io.BytesIO(render_announcement(compose(GIRL, STATION, day=DAY))))
    assert list(without.pages[0].images) == []


def test_a_photo_that_is_no_image_is_refused() -> None:
    content = compose(GIRL, STATION, day=DAY, photo=b"not a picture")
    with pytest.raises(ValidationError, match="照片"):
        render_announcement(content)
