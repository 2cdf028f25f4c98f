"""What each part of the case file asks for: its fields, their labels and their widgets.

Declarative, so a form, its table and its conflict view are built from one description.
Labels are Chinese source strings, translated through the "fields" context.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from rescuedesk.models import (
    Assistance,
    Case,
    CaseBuyer,
    Consent,
    DisabilityAssessment,
    Employment,
    FollowUpVisit,
    LegalAid,
    MedicalCare,
    NeedsAssessment,
    Person,
    Placement,
    Referral,
    Schooling,
    TracingAction,
    Training,
)
from rescuedesk.models.enums import (
    ActivityStatus,
    AgencyType,
    AssistanceKind,
    CareKind,
    ConsentGiver,
    ConsentPurpose,
    DisabilityCategory,
    EmploymentKind,
    IntakeChannel,
    LegalAidKind,
    PlacementStatus,
    PlacementType,
    ReferralStatus,
    RiskLevel,
    SchoolingKind,
    Sex,
    TracingKind,
    TracingOutcome,
    VisitMode,
    Wellbeing,
)
from rescuedesk.reference.ethnicities import ETHNICITIES
from rescuedesk.reference.labels import AGENCY_TYPE_LABELS

Kind = Literal[
    "text", "multiline", "date", "date?", "enum", "enum?", "int", "money", "bool", "agency",
    "carers", "choices", "lookup",
]  # fmt: skip

NEEDS = {
    "medical": "医疗",
    "lodging": "住宿",
    "food": "饮食",
    "tracing": "寻亲",
    "return_home": "返乡",
    "psychological": "心理",
    "legal": "法律",
    "schooling": "就学",
    "training": "培训",
    "employment": "就业",
    "financial": "经济",
    "disability": "残疾",
    "interpreter": "翻译",
    "guardianship": "监护",
}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind = "text"
    enum: type[Enum] | None = None
    choices: tuple[tuple[str, str], ...] = ()
    in_table: bool = False
    placeholder: str = ""
    default: Any = None
    # Shown in the table only (a label the service derives, e.g. the visitor's name).
    table_only: bool = False


@dataclass(frozen=True)
class SectionSpec:
    model: type
    title: str
    fields: tuple[FieldSpec, ...]
    # The action a form's "add" button says, e.g. 新增救助.
    add_text: str = "新增"

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    sections: tuple[SectionSpec, ...]


def F(name: str, label: str, kind: Kind = "text", **kw: Any) -> FieldSpec:
    return FieldSpec(name, label, kind, **kw)


def _e(name: str, label: str, enum: type[Enum], **kw: Any) -> FieldSpec:
    return FieldSpec(name, label, "enum", enum=enum, **kw)


def _eo(name: str, label: str, enum: type[Enum], **kw: Any) -> FieldSpec:
    return FieldSpec(name, label, "enum?", enum=enum, **kw)


TODAY: Any = dt.date  # marker: a date field that starts at today

CONSENT = SectionSpec(
    Consent,
    "同意记录",
    (
        _e("purpose", "用途", ConsentPurpose, in_table=True),
        F(
            "recipients",
            "可共享给",
            "choices",
            choices=tuple(AGENCY_TYPE_LABELS.items()),
            in_table=True,
        ),
        _e("given_by", "同意人", ConsentGiver, in_table=True),
        F("guardian_name", "监护人姓名"),
        F("guardian_relation", "与受助人关系"),
        F("given_on", "同意日期", "date", in_table=True, default=TODAY),
        F("withdrawn_on", "撤回日期", "date?", in_table=True),
        F("withdrawal_reason", "撤回原因"),
    ),
    "新增同意",
)
NEEDS_ASSESSMENT = SectionSpec(
    NeedsAssessment,
    "需求评估",
    (
        F("assessed_on", "评估日期", "date", in_table=True, default=TODAY),
        F("needs", "需求", "choices", choices=tuple(NEEDS.items()), in_table=True),
        _e("risk_level", "风险等级", RiskLevel, in_table=True),
        F("health_summary", "健康状况", "multiline"),
        F("summary", "评估意见", "multiline"),
    ),
    "新增评估",
)
ASSISTANCE = SectionSpec(
    Assistance,
    "救助服务",
    (
        _e("kind", "救助类型", AssistanceKind, in_table=True),
        F("start_date", "开始日期", "date", in_table=True, default=TODAY),
        F("end_date", "结束日期", "date?", in_table=True),
        F("amount", "金额（元）", "money", in_table=True),
        F("provider", "提供方", in_table=True),
        F("description", "说明", "multiline"),
    ),
    "新增救助",
)
TRACING = SectionSpec(
    TracingAction,
    "寻亲行动",
    (
        _e("kind", "方式", TracingKind, in_table=True),
        F("action_date", "日期", "date", in_table=True, default=TODAY),
        F("police_unit", "公安机关"),
        F(
            "police_reference",
            "公安编号（案件或文书编号）",
            in_table=True,
            placeholder="只填公安机关的案件或文书编号；DNA 分型和样本编号只由公安机关保存",
        ),
        F("announcement_published_on", "公告发布日期", "date?"),
        F("announcement_period_days", "公告期（天）", "int"),
        F("announcement_medium", "公告媒体"),
        _e("outcome", "结果", TracingOutcome, in_table=True),
        F("family_contact", "家人联系方式"),
        F("description", "经过", "multiline"),
    ),
    "新增寻亲行动",
)
BUYERS = SectionSpec(
    CaseBuyer,
    "收买人（不得作为安置对象）",
    (
        F("name", "姓名", in_table=True),
        F("id_number", "身份证号", in_table=True),
        F("address", "住址", in_table=True),
    ),
    "登记收买人",
)
PLACEMENT = SectionSpec(
    Placement,
    "安置",
    (
        _e("placement_type", "安置方式", PlacementType, in_table=True),
        _e("status", "状态", PlacementStatus, in_table=True, default=PlacementStatus.PLANNED),
        F("agency_id", "安置机构（合作机构）", "agency"),
        F("institution_name", "安置机构名称", in_table=True),
        F("carers", "照护人", "carers"),
        F("address", "安置地址"),
        F("start_date", "开始日期", "date?", in_table=True),
        F("end_date", "结束日期", "date?"),
        F("end_reason", "结束原因"),
        F("plan", "安置方案", "multiline"),
        F("approval_authority", "批准机关"),
        F("approval_reference", "批准文号"),
    ),
    "新增安置方案",
)
MEDICAL = SectionSpec(
    MedicalCare,
    "医疗与康复",
    (
        _e("kind", "类型", CareKind, in_table=True),
        F("agency_id", "医疗机构（合作机构）", "agency"),
        F("hospital", "医院/机构名称", in_table=True),
        F("start_date", "开始日期", "date", in_table=True, default=TODAY),
        F("end_date", "结束日期", "date?"),
        F("sessions", "次数", "int"),
        F("infectious_disease_checked", "已做传染病检查", "bool"),
        F("assistive_device", "辅具名称"),
        F("result", "结果", "multiline"),
    ),
    "新增医疗康复",
)
DISABILITY = SectionSpec(
    DisabilityAssessment,
    "残疾评定",
    (
        F("assessed_on", "评定日期", "date", in_table=True, default=TODAY),
        _e("category", "残疾类别", DisabilityCategory, in_table=True),
        F("grade", "等级（1-4）", "int", in_table=True),
        F("agency_id", "评定机构（合作机构）", "agency"),
        F("assessed_by", "评定机构名称"),
        F("certificate_number", "残疾证号"),
    ),
    "新增残疾评定",
)
SCHOOLING = SectionSpec(
    Schooling,
    "就学",
    (
        _e("kind", "类型", SchoolingKind, in_table=True),
        F("agency_id", "学校（合作机构）", "agency"),
        F("school_name", "学校名称", in_table=True),
        F("grade_level", "年级", in_table=True),
        F("start_date", "开始日期", "date", in_table=True, default=TODAY),
        F("end_date", "结束日期", "date?"),
        _e("status", "状态", ActivityStatus, in_table=True, default=ActivityStatus.ONGOING),
    ),
    "新增就学",
)
TRAINING = SectionSpec(
    Training,
    "职业培训",
    (
        F("provider", "培训机构", in_table=True),
        F("agency_id", "培训机构（合作机构）", "agency"),
        F("course", "课程", in_table=True),
        F("start_date", "开始日期", "date", in_table=True, default=TODAY),
        F("end_date", "结束日期", "date?"),
        F("subsidy_amount", "补贴（元）", "money"),
        _e("status", "状态", ActivityStatus, in_table=True, default=ActivityStatus.ONGOING),
        F("certificate", "证书"),
    ),
    "新增培训",
)
EMPLOYMENT = SectionSpec(
    Employment,
    "就业",
    (
        _e("kind", "方式", EmploymentKind, in_table=True),
        F("employer", "用人单位", in_table=True),
        F("job_title", "岗位", in_table=True),
        F("place_code", "工作地（行政区划代码）"),
        F("start_date", "开始日期", "date", in_table=True, default=TODAY),
        F("end_date", "结束日期", "date?"),
        _e("status", "状态", ActivityStatus, in_table=True, default=ActivityStatus.ONGOING),
    ),
    "新增就业",
)
LEGAL_AID = SectionSpec(
    LegalAid,
    "法律援助",
    (
        _e("kind", "类型", LegalAidKind, in_table=True),
        F("agency_id", "援助机构（合作机构）", "agency"),
        F("provider", "援助机构名称", in_table=True),
        F("green_channel", "绿色通道", "bool"),
        F("applied_on", "申请日期", "date", in_table=True, default=TODAY),
        F("accepted_on", "受理日期", "date?"),
        _e("status", "状态", ActivityStatus, in_table=True, default=ActivityStatus.ONGOING),
        F("outcome", "结果", "multiline"),
    ),
    "新增法律援助",
)
VISIT = SectionSpec(
    FollowUpVisit,
    "回访",
    (
        F("planned_date", "计划日期", "date", in_table=True, default=TODAY),
        F("done_date", "回访日期", "date?", in_table=True),
        F("visitor_label", "回访人", in_table=True, table_only=True),
        F("visitor_name", "回访人（不是本系统用户时填写）"),
        _eo("mode", "方式", VisitMode, in_table=True),
        _eo("living", "生活", Wellbeing),
        _eo("health", "健康", Wellbeing),
        _eo("safety", "安全", Wellbeing),
        _eo("family", "家庭", Wellbeing),
        _eo("school_work", "学习/工作", Wellbeing),
        _eo("social_acceptance", "社会接纳", Wellbeing),
        F("problems", "存在问题", "multiline"),
        F("actions", "采取措施", "multiline"),
        F("next_planned_date", "下次回访日期", "date?", in_table=True),
    ),
    "新增回访计划",
)
REFERRAL = SectionSpec(
    Referral,
    "转介",
    (
        _e("recipient_type", "接收方类型", AgencyType, in_table=True),
        F("agency_id", "接收机构（合作机构）", "agency"),
        F("recipient_name", "接收机构名称", in_table=True),
        F("service_requested", "转介事项", in_table=True),
        F("referred_on", "转介日期", "date", in_table=True, default=TODAY),
        F("letter_number", "函号", in_table=True),
        _e("status", "状态", ReferralStatus, in_table=True, default=ReferralStatus.DRAFT),
        F("reply_on", "回复日期", "date?"),
        F("reply", "回复内容", "multiline"),
    ),
    "新增转介",
)

# The pages of a case tab, in the order of the work (DOMAIN.md).
PAGES: tuple[PageSpec, ...] = (
    PageSpec("assistance", "救助", (NEEDS_ASSESSMENT, ASSISTANCE)),
    PageSpec("tracing", "寻亲", (TRACING,)),
    PageSpec("placement", "安置", (PLACEMENT, BUYERS)),
    PageSpec("medical", "医疗康复", (MEDICAL, DISABILITY)),
    PageSpec("schooling", "就学", (SCHOOLING,)),
    PageSpec("work", "培训就业", (TRAINING, EMPLOYMENT)),
    PageSpec("legal", "法律援助", (LEGAL_AID,)),
    PageSpec("visits", "回访", (VISIT,)),
    PageSpec("referrals", "转介", (REFERRAL,)),
)
REGISTRATION_SECTIONS = (CONSENT,)

PERSON = SectionSpec(
    Person,
    "受助人",
    (
        F("real_name", "姓名"),
        F("alias", "化名"),
        F("identity_known", "身份已知", "bool"),
        _e("sex", "性别", Sex),
        F("birth_date", "出生日期", "date?"),
        F("birth_year_estimated", "估计出生年份", "int"),
        F("id_number", "身份证号"),
        F("ethnicity", "民族", "lookup", choices=tuple(ETHNICITIES.items())),
        F("nationality", "国籍（三字母代码）"),
        F("household_registration_code", "户籍地（行政区划代码）"),
        F("phone", "电话"),
        F("current_address", "现住址"),
        F("height_cm", "身高（厘米）", "int"),
        F("distinguishing_features", "体貌特征", "multiline"),
        F("accent_region", "口音"),
        F("health_description", "健康状况", "multiline"),
        F("has_disability", "有残疾", "bool"),
        F("disability_description", "残疾情况"),
    ),
    "保存受助人信息",
)
CASE = SectionSpec(
    Case,
    "个案",
    (
        _e("intake_channel", "来源", IntakeChannel),
        F("referring_police_unit", "移交公安机关"),
        F("police_reference", "公安案件编号"),
        F("rescue_date", "解救日期", "date?"),
        F("rescue_place", "解救地点"),
        F("intake_date", "接收日期", "date"),
        F("summary", "案情摘要", "multiline"),
    ),
    "保存个案信息",
)


def all_sections() -> tuple[SectionSpec, ...]:
    return REGISTRATION_SECTIONS + tuple(s for p in PAGES for s in p.sections)
