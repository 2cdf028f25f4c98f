"""What each part of the case file asks for: its fields, their labels and their widgets.

Declarative, so a form, its table and its conflict view are built from one description. The
vocabulary (FieldSpec, SectionSpec, PageSpec) and each record type's section live in the core
(services/casefile/form_layout.py, services/casefile/record_types.py); this module adds the
person's and the case's sections and names the sections the UI picks out. Labels are Chinese
source strings, translated through the "fields" context.
"""

from __future__ import annotations

from rescuedesk.models import Case, Person
from rescuedesk.models.enums import IntakeChannel, Sex
from rescuedesk.reference.accent_choices import ACCENT_CHOICES
from rescuedesk.reference.ethnicities import ETHNICITIES
from rescuedesk.services.casefile import record_types
from rescuedesk.services.casefile.form_layout import (
    TODAY,
    E,
    F,
    FieldSpec,
    Kind,
    PageSpec,
    SectionSpec,
)
from rescuedesk.services.casefile.record_types import NEEDS, PAGES, REGISTRATION_SECTIONS

__all__ = [
    "NEEDS",
    "PAGES",
    "REGISTRATION_SECTIONS",
    "TODAY",
    "F",
    "FieldSpec",
    "Kind",
    "PageSpec",
    "SectionSpec",
]


def section_of(model: type) -> SectionSpec:
    """The form of a record type, as its registry entry declares it."""
    entry = record_types.get(model)
    if entry is None:
        raise KeyError(f"{model.__name__} is not a registered record type")
    return entry.section


PERSON = SectionSpec(
    Person,
    "受助人",
    (
        F("real_name", "姓名"),
        F("alias", "化名"),
        F("identity_known", "身份已知", "bool"),
        E("sex", "性别", Sex),
        F("birth_date", "出生日期", "date?"),
        F("birth_year_estimated", "估计出生年份", "int"),
        F("id_number", "身份证号"),
        F("ethnicity", "民族", "lookup", choices=tuple(ETHNICITIES.items())),
        F("nationality", "国籍", "nationality"),
        F("languages", "语言", "languages"),
        F("household_registration_code", "户籍地", "place"),
        F("phone", "电话"),
        F("current_address", "现住址"),
        F("health_description", "健康状况", "multiline"),
        F("has_disability", "有残疾", "bool"),
        F("disability_description", "残疾情况"),
    ),
    "保存受助人信息",
)
BUILDS = tuple((b, b) for b in ("偏瘦", "中等", "偏胖", "魁梧"))
# What a family recognises, in the fields of the national family-tracing website (全国救助
# 寻亲网): shown while her identity is unknown, and in the registration dialog then. The
# languages and health stay with the person's own fields (an identified woman has them too).
DESCRIPTION = SectionSpec(
    Person,
    "体貌特征（供寻亲比对）",
    (
        F("estimated_age", "估计年龄", "age_range"),
        F("height_cm", "身高（厘米）", "int"),
        F("build", "体型", "suggest", choices=BUILDS),
        F("distinguishing_features", "体貌特征", "multiline",
          placeholder="胎记、痣、疤痕等：部位和样子"),
        F("clothing_when_found", "发现时衣着", "multiline"),
        F("accent_code", "口音", "lookup", choices=ACCENT_CHOICES),
        F("accent_region", "口音（具体描述）", placeholder="如：宜宾一带口音"),
        F("called_names", "自称姓名/小名", "names", placeholder="几个名字用、分开"),
        F("found_date", "发现日期", "date?"),
        F("found_place", "发现地点"),
        F("intellectual_state", "智力状况"),
        F("mental_state", "精神状况"),
    ),
    "保存体貌特征",
)  # fmt: skip
CASE = SectionSpec(
    Case,
    "个案",
    (
        E("intake_channel", "来源", IntakeChannel),
        F("referring_police_unit", "移交公安机关"),
        F("police_reference", "公安案件编号"),
        F("rescue_date", "解救日期", "date?"),
        F("rescue_place", "解救地点"),
        F("rescue_place_code", "解救地区", "place"),
        F("intake_date", "接收日期", "date"),
        F("summary", "案情摘要", "multiline"),
    ),
    "保存个案信息",
)


def all_sections() -> tuple[SectionSpec, ...]:
    return REGISTRATION_SECTIONS + tuple(s for p in PAGES for s in p.sections)
