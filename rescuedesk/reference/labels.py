"""Chinese names of the agency-type and unit-kind codes, shared by messages and forms."""

from __future__ import annotations

AGENCY_TYPE_LABELS: dict[str, str] = {
    "hospital": "医院",
    "school": "学校",
    "education_bureau": "教育局",
    "legal_aid": "法律援助机构",
    "human_resources": "人社部门",
    "disabled_federation": "残联",
    "police": "公安机关",
    "procuratorate": "检察院",
    "court": "法院",
    "child_welfare": "儿童福利机构",
    "shelter": "救助管理机构",
    "trade_union": "工会",
    "youth_league": "共青团",
    "womens_federation": "妇联",
    "training_centre": "培训机构",
    "employer": "用人单位",
    "other": "其他机构",
}
UNIT_KIND_LABELS: dict[str, str] = {
    "civil_affairs_bureau": "民政局",
    "assistance_station": "救助管理站",
    "child_welfare": "儿童福利机构",
    "minor_protection": "未成年人救助保护机构",
    "womens_federation": "妇联",
    "other": "其他",
}
# Whom a person consents to share her data with: partner agencies by type, and the kinds of
# unit a case may be transferred to (a civil-affairs bureau of her home county, issue #14).
CONSENT_RECIPIENT_LABELS: dict[str, str] = {
    **{k: v for k, v in AGENCY_TYPE_LABELS.items() if k != "other"},
    **{k: v for k, v in UNIT_KIND_LABELS.items() if k not in AGENCY_TYPE_LABELS},
    # Not an agency: a tracing consent that lets her photo go into a public announcement
    # (issue #15); without it an announcement goes out without a photo.
    "public_photo": "公告中使用照片",
    "other": AGENCY_TYPE_LABELS["other"],
}
PUBLIC_PHOTO = "public_photo"


# Per enum, because the same code means different things in different enums ("other",
# "unknown", "legal_aid"...).
ENUM_LABELS: dict[str, dict[str, str]] = {
    "Sex": {"female": "女", "male": "男", "unknown": "不详"},
    "Role": {
        "caseworker": "个案工作者",
        "supervisor": "主管",
        "admin": "管理员",
        "statistician": "统计员",
        "follow_up_worker": "回访工作者",
        "auditor": "审计员",
    },
    "Stage": {
        "registration": "登记",
        "assessment": "需求评估",
        "tracing": "寻亲",
        "placement": "安置",
        "rehabilitation": "康复",
        "reintegration": "回归社会",
        "follow_up": "回访",
        "closed": "已结案",
    },
    "IntakeChannel": {
        "police_handover": "公安机关移交",
        "street_outreach": "街面发现",
        "self_referral": "本人求助",
        "other_agency": "其他机构转来",
    },
    "CaseFlag": {
        "minor": "未成年人",
        "under_14": "不满14周岁",
        "foreign_national": "外国籍",
        "identity_unknown": "身份不明",
        "disability": "残疾",
        "urgent_medical": "急需医疗",
        "pregnant": "孕期",
        "safety_risk": "安全风险",
        "forced_labour": "强迫劳动",
        "forced_begging": "强迫乞讨",
        "sexual_exploitation": "性剥削",
        "forced_crime": "被迫违法犯罪",
        "forced_marriage": "被拐卖成婚",
    },
    "ConsentPurpose": {
        "care": "救助服务",
        "data_sharing": "信息共享",
        "tracing": "寻亲",
        "research": "研究统计",
    },
    "ConsentGiver": {"person": "本人", "guardian": "监护人"},
    "AssistanceKind": {
        "food": "饮食",
        "lodging": "住宿",
        "medical": "医疗",
        "communication": "通信（联系家人）",
        "return_home": "返乡",
        "temporary_cash": "临时救助金",
        "other": "其他",
    },
    "RiskLevel": {"low": "低", "medium": "中", "high": "高"},
    "TracingKind": {
        "interview": "询问本人",
        "police_inquiry": "公安机关查询",
        "dna_sample": "公安机关采集DNA",
        "announcement": "寻亲公告",
        "national_platform": "全国救助寻亲网",
        "media": "媒体寻亲",
        "other": "其他",
    },
    "TracingOutcome": {
        "pending": "寻亲中",
        "family_found": "找到家人",
        "not_found": "未找到",
        "family_declined": "家人拒绝接回",
    },
    "PlacementType": {
        "family_return": "送返家庭",
        "child_welfare": "儿童福利机构",
        "shelter": "救助管理机构",
        "foster_kinship": "寄养/亲属照料",
        "independent_living": "独立生活",
        "household_registration": "落户安置",
        "repatriation": "遣返回国",
        "residence_formalities": "办理居留",
    },
    "PlacementStatus": {
        "planned": "拟定中",
        "approved": "已批准",
        "active": "执行中",
        "ended": "已结束",
        "failed": "未成功",
    },
    "CarerRelation": {
        "parent": "父母",
        "grandparent": "祖父母/外祖父母",
        "sibling": "兄弟姐妹",
        "spouse": "配偶",
        "other_relative": "其他亲属",
        "foster_carer": "寄养人",
        "institution": "机构",
        "buyer": "收买人",
        "other": "其他",
    },
    "CareKind": {
        "basic_medical": "基本医疗",
        "hospital_treatment": "住院治疗",
        "admission_exam": "入院体检",
        "psychological_counselling": "心理疏导",
        "psychotherapy": "心理治疗",
        "rehabilitation_therapy": "康复治疗",
        "surgery": "手术",
        "language_rehabilitation": "语言康复",
        "assistive_device": "辅具",
    },
    "DisabilityCategory": {
        "visual": "视力残疾",
        "hearing": "听力残疾",
        "speech": "言语残疾",
        "physical": "肢体残疾",
        "intellectual": "智力残疾",
        "mental": "精神残疾",
        "multiple": "多重残疾",
    },
    "SchoolingKind": {"enrol": "入学", "return": "复学", "transfer": "转学"},
    "ActivityStatus": {
        "planned": "计划中",
        "ongoing": "进行中",
        "completed": "已完成",
        "dropped": "中止",
    },
    "EmploymentKind": {
        "public_employment_service": "公共就业服务",
        "employment_assistance": "就业援助",
        "domestic_service": "家政服务",
        "work_elsewhere": "外出务工",
        "self_employed": "自主创业",
    },
    "LegalAidKind": {
        "legal_aid": "法律援助",
        "judicial_assistance": "司法救助",
        "trade_union_aid": "工会法律援助",
        "mediation": "婚姻家庭纠纷调解",
        "guardianship_supervision": "监护监督",
    },
    "VisitMode": {"home": "上门", "phone": "电话", "video": "视频", "office": "来访"},
    "Wellbeing": {"good": "好", "fair": "一般", "poor": "差", "unknown": "不详"},
    "ReferralStatus": {
        "draft": "草稿",
        "sent": "已发出",
        "accepted": "已接收",
        "refused": "已拒绝",
        "done": "已完成",
    },
    "AgencyType": AGENCY_TYPE_LABELS,
    "UnitKind": UNIT_KIND_LABELS,
}


def enum_label(value: object) -> str:
    """The Chinese name of an enum member (its code when no name is known)."""
    if value is None:
        return ""
    code = getattr(value, "value", value)
    return ENUM_LABELS.get(type(value).__name__, {}).get(str(code), str(code))
