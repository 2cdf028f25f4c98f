"""The rules of the work for each kind of case record (DOMAIN.md, with the articles).

Each validator gets the record's complete values (after the change), reports each problem
(a ValidationError/RuleViolation) with ``_report``, and returns warnings that do not block
the save. Through ``every_problem`` a validator runs to its end and raises every problem it
found at once (the first, carrying the others: errors.first_of), so a form shows each
beside its field instead of one at a time. Which validator checks which record type is
declared in services/casefile/record_types.py, wrapped in ``every_problem``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk.errors import DomainError, RuleViolation, ValidationError, first_of
from rescuedesk.models import (
    Case,
    CaseBuyer,
    MedicalCare,
    Person,
)
from rescuedesk.models.enums import (
    AssistanceKind,
    CareKind,
    CarerRelation,
    ConsentGiver,
    ConsentPurpose,
    PlacementStatus,
    PlacementType,
    TracingKind,
)
from rescuedesk.reference import divisions
from rescuedesk.reference.labels import PUBLIC_PHOTO, enum_label
from rescuedesk.reference.pinyin import name_sound
from rescuedesk.services.casefile.dna_text import REFUSAL as DNA_REFUSAL
from rescuedesk.services.casefile.dna_text import dna_content
from rescuedesk.services.casefile.fields import to_enum
from rescuedesk.services.people import addresses
from rescuedesk.services.people.identity import normalize_id_number

Validator = Callable[[Session, Case, Person, dict[str, Any], dt.date], list[str]]

NEED_CODES = frozenset(
    {
        "medical",
        "lodging",
        "food",
        "tracing",
        "return_home",
        "psychological",
        "legal",
        "schooling",
        "training",
        "employment",
        "financial",
        "disability",
        "interpreter",
        "guardianship",
    }
)
TRAINING_MIN_AGE = 16  # HLJ 63
ADULT_AGE = 18
CONSENT_OWN_AGE = 14  # PIPL art. 31: a guardian consents for a child under 14


# The problems found so far by the validator running now (None: raise each at once).
_found: ContextVar[list[DomainError] | None] = ContextVar("rules_found", default=None)


def _report(problem: DomainError) -> None:
    found = _found.get()
    if found is None:
        raise problem
    found.append(problem)


def require(data: dict[str, Any], *names: str) -> None:
    for n in names:
        if data.get(n) in (None, ""):
            _report(ValidationError("此项必填。", field=n))


def every_problem(validator: Validator) -> Validator:
    """``validator`` run to its end: raises all it found (first_of), or returns warnings."""

    def checked(
        session: Session, case: Case, person: Person, v: dict[str, Any], today: dt.date
    ) -> list[str]:
        found: list[DomainError] = []
        token = _found.set(found)
        try:
            warnings = validator(session, case, person, v, today)
        except DomainError as exc:  # a check that cannot go on past its problem
            found.append(exc)
        except (TypeError, KeyError, AttributeError):
            # A check after a reported problem may trip over the value it concerns (a
            # missing date compared): what was reported is the answer.
            if not found:
                raise
        finally:
            _found.reset(token)
        if found:
            raise first_of(found)
        return warnings

    checked.__name__ = validator.__name__
    return checked


def _not_future(values: dict[str, Any], today: dt.date, *names: str) -> None:
    for n in names:
        d = values.get(n)
        if d is not None and d > today:
            _report(ValidationError("日期不能晚于今天。", field=n))


def _ordered(values: dict[str, Any], start: str, end: str) -> None:
    a, b = values.get(start), values.get(end)
    if a is not None and b is not None and b < a:
        _report(ValidationError("结束日期不能早于开始日期。", field=end))


def _not_negative(values: dict[str, Any], name: str, what: str) -> None:
    """A count or an amount below zero (none given is for ``require`` to judge)."""
    value = values.get(name)
    if value is not None and value < 0:
        _report(ValidationError(f"{what}不能为负数。", field=name))


def dated(
    name: str,
    *,
    required: tuple[str, ...],
    not_future: tuple[str, ...] = (),
    ordered: tuple[tuple[str, str], ...] = (),
    no_dna: tuple[str, ...] = (),
) -> Validator:
    """The rules of a record that asks nothing beyond its required values and sane dates
    (and, in ``no_dna``, its text fields where DNA data might be typed): declared in its
    registry entry (services/casefile/record_types.py) instead of written out."""

    def validate(
        session: Session, case: Case, person: Person, v: dict[str, Any], today: dt.date
    ) -> list[str]:
        require(v, *required)
        _not_future(v, today, *not_future)
        for start, end in ordered:
            _ordered(v, start, end)
        refuse_dna(v, *no_dna)
        return []

    validate.__name__ = name
    return validate


def possibly_minor(person: Person, on: dt.date) -> bool:
    """True unless the person is certainly 18 or older on ``on`` (unknown age counts)."""
    ages = person.age_range_on(on)
    return ages is None or ages[0] < ADULT_AGE


def consent(
    session: Session, case: Case, person: Person, v: dict[str, Any], today: dt.date
) -> list[str]:
    require(v, "purpose", "given_by", "given_on")
    _not_future(v, today, "given_on", "withdrawn_on")
    _ordered(v, "given_on", "withdrawn_on")
    # Without a date (already reported) the age cannot be told: the other checks still run.
    ages = person.age_range_on(v["given_on"]) if v.get("given_on") else None
    under_14 = v.get("given_on") is not None and (ages is None or ages[0] < CONSENT_OWN_AGE)
    if under_14 and v["given_by"] != ConsentGiver.GUARDIAN:
        _report(
            RuleViolation("未满14周岁（或年龄不明）的受助人，须由监护人同意。", field="given_by")
        )
    if v["given_by"] == ConsentGiver.GUARDIAN and not v.get("guardian_name"):
        _report(
            ValidationError(
                "请填写监护人姓名（民政部门临时监护时填写机构名称）。", field="guardian_name"
            )
        )
    if v.get("withdrawn_on") and not v.get("withdrawal_reason"):
        _report(ValidationError("请填写撤回同意的原因。", field="withdrawal_reason"))
    if PUBLIC_PHOTO in (v.get("recipients") or []) and v.get("purpose") != ConsentPurpose.TRACING:
        _report(ValidationError("“公告中使用照片”只能在寻亲同意中选择。", field="recipients"))
    return []


def needs_assessment(
    session: Session, case: Case, person: Person, v: dict[str, Any], today: dt.date
) -> list[str]:
    require(v, "assessed_on", "risk_level")
    _not_future(v, today, "assessed_on")
    unknown = [n for n in v.get("needs") or [] if n not in NEED_CODES]
    if unknown:
        _report(ValidationError(f"未知的需求类别：{'、'.join(map(str, unknown))}。", field="needs"))
    return []


def assistance(
    session: Session, case: Case, person: Person, v: dict[str, Any], today: dt.date
) -> list[str]:
    require(v, "kind", "start_date")
    _not_future(v, today, "start_date")
    _ordered(v, "start_date", "end_date")
    amount = v.get("amount")
    if v["kind"] == AssistanceKind.TEMPORARY_CASH and (amount is None or amount <= 0):
        _report(ValidationError("临时救助须填写大于0的金额（元）。", field="amount"))
    _not_negative(v, "amount", "金额")
    if v["kind"] == AssistanceKind.OTHER and not v.get("description"):
        _report(ValidationError("“其他”救助请说明内容。", field="description"))
    return []


# Every free-text field of a tracing action, the police reference first (where it was typed).
TRACING_TEXT = (
    "police_reference",
    "police_unit",
    "description",
    "announcement_medium",
    "family_contact",
)


def refuse_dna(v: dict[str, Any], *names: str) -> None:
    """Only the police hold DNA data (HLJ 47; NH 二.2; GS 19): refuse it in any text field."""
    for name in names:
        value = v.get(name)
        what = dna_content(value) if isinstance(value, str) else None
        if what:
            raise RuleViolation(DNA_REFUSAL.format(what=what), field=name)


def tracing_action(
    session: Session, case: Case, person: Person, v: dict[str, Any], today: dt.date
) -> list[str]:
    refuse_dna(v, *TRACING_TEXT)
    require(v, "kind", "action_date")
    _not_future(v, today, "action_date")
    if v["kind"] == TracingKind.DNA_SAMPLE:
        # Only the police collect DNA (HLJ 47; NH 二.2; GS 19): we keep who, when, reference.
        require(v, "police_unit", "police_reference")
    if v["kind"] == TracingKind.ANNOUNCEMENT:
        require(v, "announcement_published_on", "announcement_period_days")
        if v["announcement_period_days"] <= 0:
            _report(ValidationError("公告期应为正的天数。", field="announcement_period_days"))
    return []


def _same_text(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    norm = lambda s: unicodedata.normalize("NFKC", s).replace(" ", "").strip()  # noqa: E731
    return norm(a) == norm(b)


class Acknowledge(str):
    """A warning the user must confirm before the save goes ahead; the confirmation is kept
    in the case's timeline. ``fields`` are the fields it is about: an edit that leaves them
    alone needs no new confirmation."""

    fields: tuple[str, ...]

    def __new__(cls, text: str, fields: tuple[str, ...]) -> Acknowledge:
        obj = super().__new__(cls, text)
        obj.fields = fields
        return obj


class AcknowledgementRequired(RuleViolation):
    """Raised by a save whose warnings (``warnings``) the user has not confirmed."""

    def __init__(self, warnings: list[Acknowledge]) -> None:
        super().__init__(
            "请核实后确认再保存：" + "；".join(warnings) + "。", field=warnings[0].fields[0]
        )
        self.warnings = warnings


def buyer_conflicts(
    session: Session, person: Person, carers: list[dict[str, Any]], address: str | None
) -> tuple[list[tuple[str, str]], list[Acknowledge]]:
    """Why these carers or this address belong to the family that bought the person
    (refusals, each with its field), and what only resembles it (warnings to confirm)."""
    buyers = list(
        session.scalars(
            select(CaseBuyer)
            .join(Case, Case.id == CaseBuyer.case_id)
            .where(Case.person_id == person.id, CaseBuyer.voided_at.is_(None))
        )
    )
    refusals: list[tuple[str, str]] = []
    # The warnings go into the timeline once confirmed: they name no buyer and no address.
    warnings: list[Acknowledge] = []
    for carer in carers:
        name = carer.get("name", "")
        if carer.get("relation") == CarerRelation.BUYER:
            refusals.append(("carers", f"照护人“{name}”被标为收买人"))
        for b in buyers:
            same_id = (
                carer.get("id_number")
                and b.id_number
                and normalize_id_number(carer["id_number"]) == normalize_id_number(b.id_number)
            )
            if same_id or _same_text(name, b.name):
                refusals.append(("carers", f"照护人“{name}”是登记的收买人"))
            elif name_sound(name) is not None and name_sound(name) == name_sound(b.name):
                warnings.append(
                    Acknowledge(
                        f"照护人“{name}”与登记的收买人姓名读音相同，请核实不是同一人",
                        ("carers",),
                    )
                )
    for b in buyers:
        match = addresses.compare(address, b.address)
        if match == addresses.Match.HOUSEHOLD:
            refusals.append(("address", "安置地址是收买人家庭的地址"))
        elif match == addresses.Match.VILLAGE:
            warnings.append(
                Acknowledge(
                    "安置地址与登记的收买人家在同一个村（社区、街道），"
                    "请核实孩子不会回到收买家庭身边",
                    ("address",),
                )
            )
    return refusals, list(dict.fromkeys(warnings))


def _clean_carers(raw: Any) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ValidationError("照护人格式不正确。", field="carers")
    carers = []
    for i, c in enumerate(raw, start=1):
        if not isinstance(c, dict) or not str(c.get("name") or "").strip():
            raise ValidationError(f"第{i}位照护人缺少姓名。", field="carers")
        relation = to_enum("carers", CarerRelation, c.get("relation") or "other")
        carers.append({**c, "name": str(c["name"]).strip(), "relation": relation})
    return carers


def placement(
    session: Session, case: Case, person: Person, v: dict[str, Any], today: dt.date
) -> list[str]:
    require(v, "placement_type")
    _ordered(v, "start_date", "end_date")
    carers = _clean_carers(v.get("carers"))
    v["carers"] = [{**c, "relation": c["relation"].value} for c in carers]
    on = v.get("start_date") or today
    buyer_warnings: list[Acknowledge] = []
    if possibly_minor(person, on):
        refusals, buyer_warnings = buyer_conflicts(session, person, carers, v.get("address"))
        if refusals:
            # HLJ 49; NH 二.5; LN 10 — no caller, role or override can lift this.
            _report(
                RuleViolation(
                    "不得将被解救的未成年人安置到收买家庭（"
                    + "；".join(dict.fromkeys(text for _f, text in refusals))
                    + "）。",
                    field=refusals[0][0],
                )
            )
    ptype = v["placement_type"]
    if ptype in (PlacementType.FAMILY_RETURN, PlacementType.FOSTER_KINSHIP) and not carers:
        _report(ValidationError("送返家庭或寄养时须填写照护人及其与受助人的关系。", field="carers"))
    if ptype in (PlacementType.CHILD_WELFARE, PlacementType.SHELTER) and not (
        v.get("agency_id") or v.get("institution_name")
    ):
        _report(ValidationError("请填写安置机构。", field="institution_name"))
    status = v.get("status")
    if ptype == PlacementType.HOUSEHOLD_REGISTRATION and status in (
        PlacementStatus.APPROVED,
        PlacementStatus.ACTIVE,
        PlacementStatus.ENDED,
    ):
        # Civil affairs drafts the plan, the government approves it (HLJ 61, GS 23).
        require(v, "plan", "approval_authority")
    if status in (PlacementStatus.ACTIVE, PlacementStatus.ENDED, PlacementStatus.FAILED):
        require(v, "start_date")
    if status in (PlacementStatus.ENDED, PlacementStatus.FAILED):
        require(v, "end_date", "end_reason")
    if ptype in (PlacementType.REPATRIATION, PlacementType.RESIDENCE_FORMALITIES) and (
        person.nationality == "CHN"
    ):
        _report(ValidationError("遣返或居留手续只适用于外国籍受助人。", field="placement_type"))
    warnings: list[str] = [*buyer_warnings]
    if ptype == PlacementType.CHILD_WELFARE and possibly_minor(person, on):
        checked = session.scalar(
            select(MedicalCare.id)
            .where(
                MedicalCare.case_id == case.id,
                MedicalCare.kind == CareKind.ADMISSION_EXAM,
                MedicalCare.infectious_disease_checked.is_(True),
                MedicalCare.voided_at.is_(None),
            )
            .limit(1)
        )
        if checked is None:
            warnings.append("儿童进入福利机构前应进行体检和传染病检查（尚无记录）。")
    return warnings


# How an ordinary save (add or edit) may change a placement's status. Approval is its own
# action (records.approve_placement): by a supervisor who neither drafted nor edited the plan.
PLACEMENT_STATUS_NEXT: dict[PlacementStatus | None, frozenset[PlacementStatus]] = {
    None: frozenset({PlacementStatus.PLANNED}),
    PlacementStatus.PLANNED: frozenset({PlacementStatus.PLANNED}),
    PlacementStatus.APPROVED: frozenset(
        {PlacementStatus.APPROVED, PlacementStatus.ACTIVE, PlacementStatus.FAILED}
    ),
    PlacementStatus.ACTIVE: frozenset(
        {PlacementStatus.ACTIVE, PlacementStatus.ENDED, PlacementStatus.FAILED}
    ),
    PlacementStatus.ENDED: frozenset({PlacementStatus.ENDED}),
    PlacementStatus.FAILED: frozenset({PlacementStatus.FAILED}),
}


def placement_status_change(before: Any, after: Any) -> None:
    """Refuse a status an ordinary save may not set, whoever saves (HLJ 61: plans are
    approved before they are carried out)."""
    before = PlacementStatus(before) if before is not None else None
    after = PlacementStatus(after) if after is not None else PlacementStatus.PLANNED
    if after in PLACEMENT_STATUS_NEXT[before]:
        return
    if after == PlacementStatus.APPROVED:
        raise RuleViolation(
            "安置方案须由主管用“批准所选方案”批准（不能是拟定或修改方案的人）；"
            "保存时不能把状态设为“已批准”。",
            field="status",
        )
    if before in (None, PlacementStatus.PLANNED):
        raise RuleViolation(
            f"安置方案尚未经主管批准，状态不能设为“{enum_label(after)}”；请保存为“拟定中”并报批。",
            field="status",
        )
    raise RuleViolation(
        f"安置状态不能从“{enum_label(before)}”改为“{enum_label(after)}”。", field="status"
    )


def medical_care(
    session: Session, case: Case, person: Person, v: dict[str, Any], today: dt.date
) -> list[str]:
    require(v, "kind", "start_date")
    _not_future(v, today, "start_date")
    _ordered(v, "start_date", "end_date")
    _not_negative(v, "sessions", "次数")
    if v["kind"] == CareKind.ASSISTIVE_DEVICE and not v.get("assistive_device"):
        _report(ValidationError("请填写辅具名称。", field="assistive_device"))
    return []


def disability_assessment(
    session: Session, case: Case, person: Person, v: dict[str, Any], today: dt.date
) -> list[str]:
    require(v, "assessed_on", "category", "grade")
    _not_future(v, today, "assessed_on")
    if not 1 <= v["grade"] <= 4:
        _report(ValidationError("残疾等级为一级至四级（1-4）。", field="grade"))
    return []


def training(
    session: Session, case: Case, person: Person, v: dict[str, Any], today: dt.date
) -> list[str]:
    require(v, "provider", "course", "start_date", "status")
    _ordered(v, "start_date", "end_date")
    ages = person.age_range_on(v["start_date"])
    if ages is None:
        _report(
            RuleViolation(
                "年龄不明，无法确认开始培训时已满16周岁；请先填写出生日期或估计年份。",
                field="start_date",
            )
        )
    elif ages[0] < TRAINING_MIN_AGE:
        # HLJ 63: vocational training is for persons aged 16 or more; an estimated birth
        # year counts as the younger of the two ages it allows.
        age = f"{ages[0]}岁" if ages[0] == ages[1] else f"可能只有{ages[0]}岁"
        _report(
            RuleViolation(
                f"职业培训只面向年满16周岁的人员；开始日期时受助人{age}。", field="start_date"
            )
        )
    _not_negative(v, "subsidy_amount", "补贴金额")
    return []


def employment(
    session: Session, case: Case, person: Person, v: dict[str, Any], today: dt.date
) -> list[str]:
    require(v, "kind", "start_date", "status")
    _ordered(v, "start_date", "end_date")
    warnings: list[str] = []
    place = v.get("place_code")
    if place:  # as the person's 户籍地: a code, and one the table knows or a warning
        if not divisions.is_well_formed(place):
            _report(ValidationError("工作地请从地点列表中选择。", field="place_code"))
        elif not divisions.is_known(place):
            warnings.append(f"工作地代码 {place} 不在行政区划表中，请核对。")
    ages = person.age_range_on(v["start_date"])
    if ages is not None and ages[0] < TRAINING_MIN_AGE:
        _report(RuleViolation("不满16周岁的未成年人不能安排就业。", field="start_date"))
    return warnings


def follow_up_visit(
    session: Session, case: Case, person: Person, v: dict[str, Any], today: dt.date
) -> list[str]:
    require(v, "planned_date")
    _not_future(v, today, "done_date")
    if v.get("done_date") is not None:
        # Every visit gets a next planned date: overdue visits must be visible (HLJ 67).
        require(v, "mode", "next_planned_date")
        if not (v.get("visitor_id") or v.get("visitor_name")):
            _report(ValidationError("请填写回访人。", field="visitor_id"))
        if v["next_planned_date"] <= v["done_date"]:
            _report(ValidationError("下次回访日期应晚于本次回访日期。", field="next_planned_date"))
    return []


def case_buyer(
    session: Session, case: Case, person: Person, v: dict[str, Any], today: dt.date
) -> list[str]:
    require(v, "name")
    if v.get("id_number"):
        v["id_number"] = normalize_id_number(v["id_number"])
    return []
