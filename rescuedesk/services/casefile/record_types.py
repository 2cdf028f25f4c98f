"""The record-type registry: each kind of case record declared once.

An entry names the model, its label in the timeline, the rules that check it
(services/casefile/rules.py), the access action that writes it, the consent its disclosure
needs, the fields only their own actions set, the statuses a form may not set, and its form
layout as data (services/casefile/form_layout.py), on one page of the case file. The records
service, the retention purge, ui/forms/specs.py and the timeline read this table; which columns are
personal is marked on the models themselves (models/personal.py). A test fails when a
``CaseRecord`` subclass has no entry here (tests/unit/test_record_registry.py).

Adding a record type: a model file, a migration and one entry below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rescuedesk.models import (
    Assistance,
    CaseBuyer,
    CaseRecord,
    Consent,
    DisabilityAssessment,
    Employment,
    FollowUpVisit,
    LegalAid,
    MedicalCare,
    NeedsAssessment,
    Placement,
    Referral,
    Schooling,
    TracingAction,
    Training,
)
from rescuedesk.models.case_note import CaseNote
from rescuedesk.models.enums import (
    ActivityStatus,
    AgencyType,
    AssistanceKind,
    CareKind,
    ConsentGiver,
    ConsentPurpose,
    DisabilityCategory,
    EmploymentKind,
    LegalAidKind,
    PlacementStatus,
    PlacementType,
    ReferralStatus,
    RiskLevel,
    SchoolingKind,
    TracingKind,
    TracingOutcome,
    VisitMode,
    Wellbeing,
)
from rescuedesk.models.guardianship import Guardianship, GuardianshipKind
from rescuedesk.models.photo import PersonPhoto, PhotoKind
from rescuedesk.reference.labels import CONSENT_RECIPIENT_LABELS
from rescuedesk.services.casefile import rules
from rescuedesk.services.casefile.form_layout import EO, TODAY, E, F, PageSpec, SectionSpec
from rescuedesk.services.casefile.rules import Validator, every_problem
from rescuedesk.services.office.access import Action
from rescuedesk.services.referrals import replies

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
class ConsentGate:
    """When saving a record discloses personal data, and the consent that must cover it."""

    purpose: ConsentPurpose
    field: str  # the value that decides whether the record discloses
    disclosing: frozenset[Any]  # the values of ``field`` that do
    recipient_field: str | None = None  # for data sharing: the value naming the recipient type

    def discloses(self, values: Mapping[str, Any]) -> bool:
        return values.get(self.field) in self.disclosing

    def recipient(self, values: Mapping[str, Any]) -> str | None:
        return values[self.recipient_field].value if self.recipient_field else None


# A status gate gets the status before the save (None for a new record) and the one asked
# for, and raises when only its own action may set it (four eyes).
StatusGate = Callable[[Any, Any], None]


@dataclass(frozen=True)
class RecordType:
    section: SectionSpec  # the form, its table and its conflict view; names the model
    label: str  # what the timeline calls it: 新增<label>
    validate: Validator
    page: str  # key of the case-file page that shows it (PAGE_TITLES), or REGISTRATION
    action: Action = Action.EDIT_CASE
    consent_gate: ConsentGate | None = None
    managed: tuple[str, ...] = ()  # set only by their own actions (approval), not by a form
    status_gate: StatusGate | None = None
    # A follow-up worker (a women's federation visiting for years, HLJ 67) reads this part
    # of the cases assigned to them: what a visit needs, never tracing, buyers or police.
    follow_up_reads: bool = False
    # ... or only the records of this part they wrote themselves (their own notes).
    follow_up_reads_own: bool = False
    # Only the record's author changes it (a note says what its author wrote); a supervisor
    # of the case may still void it.
    author_edits_only: bool = False
    # Fills what a form may leave blank from the other values (a referral's reply date).
    complete: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    # Emptied when the record is voided: a photo added by mistake must not stay on file.
    void_clears: tuple[str, ...] = ()

    @property
    def model(self) -> type[CaseRecord]:
        return self.section.model

    @property
    def table(self) -> str:
        return str(self.model.__tablename__)  # type: ignore[attr-defined]


REGISTRATION = "registration"  # shown with the person and the case, not on a page of records

# The pages of a case tab, in the order of the work (DOMAIN.md).
PAGE_TITLES: dict[str, str] = {
    "assistance": "救助",
    "tracing": "寻亲",
    "placement": "安置",
    "medical": "医疗康复",
    "schooling": "就学",
    "work": "培训就业",
    "legal": "法律援助",
    "visits": "回访",
    "referrals": "转介",
    "notes": "工作记录",
}

# Tracing actions that publish the person's description need consent to tracing.
PUBLISHING_TRACING = frozenset(
    {TracingKind.ANNOUNCEMENT, TracingKind.NATIONAL_PLATFORM, TracingKind.MEDIA}
)
# A referral discloses data once it is sent.
SENT = frozenset(
    {ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.REFUSED, ReferralStatus.DONE}
)

# In the order of their page, sections on a page in the order given here.
RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType(
        SectionSpec(
            Consent,
            "同意记录",
            (
                E("purpose", "用途", ConsentPurpose, in_table=True),
                F(
                    "recipients",
                    "可共享给",
                    "choices",
                    choices=tuple(CONSENT_RECIPIENT_LABELS.items()),
                    in_table=True,
                ),
                E("given_by", "同意人", ConsentGiver, in_table=True),
                F("guardian_name", "监护人姓名"),
                F("guardian_relation", "与受助人关系"),
                F("given_on", "同意日期", "date", in_table=True, default=TODAY),
                F("withdrawn_on", "撤回日期", "date?", in_table=True),
                F("withdrawal_reason", "撤回原因"),
            ),
            "新增同意",
        ),
        "同意书",
        every_problem(rules.consent),
        REGISTRATION,
        follow_up_reads=True,
    ),
    RecordType(
        SectionSpec(
            NeedsAssessment,
            "需求评估",
            (
                F("assessed_on", "评估日期", "date", in_table=True, default=TODAY),
                F("needs", "需求", "choices", choices=tuple(NEEDS.items()), in_table=True),
                E("risk_level", "风险等级", RiskLevel, in_table=True),
                F("health_summary", "健康状况", "multiline"),
                F("summary", "评估意见", "multiline"),
            ),
            "新增评估",
        ),
        "需求评估",
        every_problem(rules.needs_assessment),
        "assistance",
    ),
    RecordType(
        SectionSpec(
            Assistance,
            "救助服务",
            (
                E("kind", "救助类型", AssistanceKind, in_table=True),
                F("start_date", "开始日期", "date", in_table=True, default=TODAY),
                F("end_date", "结束日期", "date?", in_table=True),
                F("amount", "金额（元）", "money", in_table=True),
                F("provider", "提供方", in_table=True),
                F("description", "说明", "multiline"),
            ),
            "新增救助",
        ),
        "救助",
        every_problem(rules.assistance),
        "assistance",
    ),
    RecordType(
        SectionSpec(
            TracingAction,
            "寻亲行动",
            (
                E("kind", "方式", TracingKind, in_table=True),
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
                E("outcome", "结果", TracingOutcome, in_table=True),
                F("family_contact", "家人联系方式"),
                F("description", "经过", "multiline"),
            ),
            "新增寻亲行动",
        ),
        "寻亲行动",
        every_problem(rules.tracing_action),
        "tracing",
        consent_gate=ConsentGate(ConsentPurpose.TRACING, "kind", PUBLISHING_TRACING),
        # What an announcement published: written by services/tracing/announcements.py.
        managed=("announcement_text", "announcement_photo_id"),
    ),
    RecordType(
        SectionSpec(
            PersonPhoto,
            "照片",
            (
                F(
                    "kind",
                    "照片类型",
                    "lookup",
                    choices=(
                        (PhotoKind.WHEN_FOUND.value, "发现时"),
                        (PhotoKind.CURRENT.value, "近照"),
                    ),
                    in_table=True,
                ),
                F("taken_on", "拍摄日期", "date?", in_table=True),
                F("notes", "备注"),
            ),
            "添加照片…",
        ),
        "照片",
        every_problem(rules.dated("person_photo", required=("kind",), not_future=("taken_on",))),
        "tracing",
        # Bytes and what describes them are written by services/casefile/photos.py only.
        managed=("content", "thumbnail", "sha256", "width", "height", "byte_size"),
        void_clears=("content", "thumbnail"),
    ),
    RecordType(
        SectionSpec(
            Placement,
            "安置",
            (
                E("placement_type", "安置方式", PlacementType, in_table=True),
                E(
                    "status",
                    "状态",
                    PlacementStatus,
                    in_table=True,
                    default=PlacementStatus.PLANNED,
                ),
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
        ),
        "安置",
        every_problem(rules.placement),
        "placement",
        managed=("approved_by_id", "approved_at"),
        status_gate=rules.placement_status_change,
        follow_up_reads=True,
    ),
    RecordType(
        SectionSpec(
            CaseBuyer,
            "收买人（不得作为安置对象）",
            (
                F("name", "姓名", in_table=True),
                F("id_number", "身份证号", in_table=True),
                F("address", "住址", in_table=True),
            ),
            "登记收买人",
        ),
        "收买人信息",
        every_problem(rules.case_buyer),
        "placement",
    ),
    RecordType(
        SectionSpec(
            Guardianship,
            "监护",
            (
                F(
                    "kind",
                    "监护类型",
                    "lookup",
                    choices=(
                        (GuardianshipKind.TEMPORARY.value, "临时监护"),
                        (GuardianshipKind.LONG_TERM.value, "长期监护"),
                    ),
                    in_table=True,
                ),
                F("guardian_name", "监护人（个人姓名或机构名称）", in_table=True),
                F("guardian_relation", "与受助人关系", in_table=True),
                F("agency_id", "监护机构（合作机构）", "agency"),
                F("since", "开始日期", "date", in_table=True, default=TODAY),
                F("until", "结束日期", "date?", in_table=True),
                F("notes", "备注", "multiline"),
            ),
            "登记监护",
        ),
        "监护",
        # LN 6(二): civil affairs takes temporary or long-term guardianship of a child whose
        # guardians cannot be found.
        every_problem(
            rules.dated(
                "guardianship",
                required=("kind", "guardian_name", "since"),
                not_future=("since",),
                ordered=(("since", "until"),),
            )
        ),
        "placement",
        follow_up_reads=True,
    ),
    RecordType(
        SectionSpec(
            MedicalCare,
            "医疗与康复",
            (
                E("kind", "类型", CareKind, in_table=True),
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
        ),
        "医疗康复",
        every_problem(rules.medical_care),
        "medical",
    ),
    RecordType(
        SectionSpec(
            DisabilityAssessment,
            "残疾评定",
            (
                F("assessed_on", "评定日期", "date", in_table=True, default=TODAY),
                E("category", "残疾类别", DisabilityCategory, in_table=True),
                F("grade", "等级（1-4）", "int", in_table=True),
                F("agency_id", "评定机构（合作机构）", "agency"),
                F("assessed_by", "评定机构名称"),
                F("certificate_number", "残疾证号"),
            ),
            "新增残疾评定",
        ),
        "残疾评定",
        every_problem(rules.disability_assessment),
        "medical",
    ),
    RecordType(
        SectionSpec(
            Schooling,
            "就学",
            (
                E("kind", "类型", SchoolingKind, in_table=True),
                F("agency_id", "学校（合作机构）", "agency"),
                F("school_name", "学校名称", in_table=True),
                F("grade_level", "年级", in_table=True),
                F("start_date", "开始日期", "date", in_table=True, default=TODAY),
                F("end_date", "结束日期", "date?"),
                E("status", "状态", ActivityStatus, in_table=True, default=ActivityStatus.ONGOING),
            ),
            "新增就学",
        ),
        "就学",
        every_problem(
            rules.dated(
                "schooling",
                required=("kind", "school_name", "start_date", "status"),
                ordered=(("start_date", "end_date"),),
            )
        ),
        "schooling",
        follow_up_reads=True,
    ),
    RecordType(
        SectionSpec(
            Training,
            "职业培训",
            (
                F("provider", "培训机构", in_table=True),
                F("agency_id", "培训机构（合作机构）", "agency"),
                F("course", "课程", in_table=True),
                F("start_date", "开始日期", "date", in_table=True, default=TODAY),
                F("end_date", "结束日期", "date?"),
                F("subsidy_amount", "补贴（元）", "money"),
                E("status", "状态", ActivityStatus, in_table=True, default=ActivityStatus.ONGOING),
                F("certificate", "证书"),
            ),
            "新增培训",
        ),
        "职业培训",
        every_problem(rules.training),
        "work",
        follow_up_reads=True,
    ),
    RecordType(
        SectionSpec(
            Employment,
            "就业",
            (
                E("kind", "方式", EmploymentKind, in_table=True),
                F("employer", "用人单位", in_table=True),
                F("job_title", "岗位", in_table=True),
                F("place_code", "工作地", "place"),
                F("start_date", "开始日期", "date", in_table=True, default=TODAY),
                F("end_date", "结束日期", "date?"),
                E("status", "状态", ActivityStatus, in_table=True, default=ActivityStatus.ONGOING),
            ),
            "新增就业",
        ),
        "就业",
        every_problem(rules.employment),
        "work",
        follow_up_reads=True,
    ),
    RecordType(
        SectionSpec(
            LegalAid,
            "法律援助",
            (
                E("kind", "类型", LegalAidKind, in_table=True),
                F("agency_id", "援助机构（合作机构）", "agency"),
                F("provider", "援助机构名称", in_table=True),
                F("green_channel", "绿色通道", "bool"),
                F("applied_on", "申请日期", "date", in_table=True, default=TODAY),
                F("accepted_on", "受理日期", "date?"),
                E("status", "状态", ActivityStatus, in_table=True, default=ActivityStatus.ONGOING),
                F("outcome", "结果", "multiline"),
            ),
            "新增法律援助",
        ),
        "法律援助",
        every_problem(
            rules.dated(
                "legal_aid",
                required=("kind", "applied_on", "status"),
                not_future=("applied_on", "accepted_on"),
                ordered=(("applied_on", "accepted_on"),),
            )
        ),
        "legal",
    ),
    RecordType(
        SectionSpec(
            FollowUpVisit,
            "回访",
            (
                F("planned_date", "计划日期", "date", in_table=True, default=TODAY),
                F("done_date", "回访日期", "date?", in_table=True),
                F("visitor_label", "回访人", in_table=True, table_only=True),
                F("visitor_name", "回访人（不是本系统用户时填写）"),
                EO("mode", "方式", VisitMode, in_table=True),
                EO("living", "生活", Wellbeing),
                EO("health", "健康", Wellbeing),
                EO("safety", "安全", Wellbeing),
                EO("family", "家庭", Wellbeing),
                EO("school_work", "学习/工作", Wellbeing),
                EO("social_acceptance", "社会接纳", Wellbeing),
                F("problems", "存在问题", "multiline"),
                F("actions", "采取措施", "multiline"),
                F("next_planned_date", "下次回访日期", "date?", in_table=True),
            ),
            "新增回访计划",
        ),
        "回访",
        every_problem(rules.follow_up_visit),
        "visits",
        # Follow-up workers record visits and nothing else (HLJ 67).
        action=Action.RECORD_VISIT,
        follow_up_reads=True,
    ),
    RecordType(
        SectionSpec(
            Referral,
            "转介",
            (
                E("recipient_type", "接收方类型", AgencyType, in_table=True),
                F("agency_id", "接收机构（合作机构）", "agency"),
                F("recipient_name", "接收机构名称", in_table=True),
                F("service_requested", "转介事项", in_table=True),
                F("referred_on", "转介日期", "date", in_table=True, default=TODAY),
                F("letter_number", "函号", in_table=True),
                E("status", "状态", ReferralStatus, in_table=True, default=ReferralStatus.DRAFT),
                F(
                    "reply_due_on",
                    "答复期限",
                    "date?",
                    in_table=True,
                    placeholder="空着则按接收方类型自动计算（医院14天，其他30天）",
                ),
                F("reply_on", "回复日期", "date?", in_table=True),
                F("reply", "回复内容", "multiline"),
            ),
            "新增转介",
        ),
        "转介",
        every_problem(
            rules.dated(
                "referral",
                required=(
                    "recipient_type",
                    "recipient_name",
                    "service_requested",
                    "referred_on",
                    "status",
                ),
                ordered=(("referred_on", "reply_on"), ("referred_on", "reply_due_on")),
                # A DNA comparison letter's reply says whether kinship was found, never more.
                no_dna=("recipient_name", "service_requested", "reply"),
            )
        ),
        "referrals",
        consent_gate=ConsentGate(
            ConsentPurpose.DATA_SHARING, "status", SENT, recipient_field="recipient_type"
        ),
        complete=replies.complete,
    ),
    RecordType(
        SectionSpec(
            CaseNote,
            "工作记录",
            (
                F("noted_on", "日期", "date", in_table=True, default=TODAY),
                F("author_label", "记录人", in_table=True, table_only=True),
                F("body", "内容", "multiline", in_table=True),
            ),
            "新增工作记录",
        ),
        "工作记录",
        every_problem(
            rules.dated("case_note", required=("noted_on", "body"), not_future=("noted_on",))
        ),
        "notes",
        # A visitor writes notes too (what she saw, what to tell the caseworker) and reads
        # back her own; the caseworkers' notes may tell what a visitor may not know (the
        # tracing, the buyers, the police), so not those.
        action=Action.RECORD_VISIT,
        follow_up_reads_own=True,
        author_edits_only=True,
    ),
)

_BY_MODEL: dict[type, RecordType] = {t.model: t for t in RECORD_TYPES}


def get(model: type) -> RecordType | None:
    """The entry of a record type, or None for a model that is not one."""
    return _BY_MODEL.get(model)


def models() -> tuple[type[CaseRecord], ...]:
    return tuple(_BY_MODEL)


def labels() -> dict[str, str]:
    """{table name: label} of every record type, for the timeline."""
    return {t.table: t.label for t in RECORD_TYPES}


def sections(page: str) -> tuple[SectionSpec, ...]:
    return tuple(t.section for t in RECORD_TYPES if t.page == page)


PAGES: tuple[PageSpec, ...] = tuple(
    PageSpec(key, title, sections(key)) for key, title in PAGE_TITLES.items()
)
REGISTRATION_SECTIONS: tuple[SectionSpec, ...] = sections(REGISTRATION)
