"""Opening a case, its stage path, closure with approval, reopening (DOMAIN.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import (
    DomainError,
    PermissionDenied,
    RuleViolation,
    ValidationError,
    first_of,
)
from rescuedesk.models import (
    Case,
    Person,
    Placement,
    StageChange,
    Unit,
    User,
)
from rescuedesk.models.enums import STAGE_ORDER, CaseFlag, PlacementStatus, Role, Stage
from rescuedesk.reference import divisions
from rescuedesk.reference.labels import enum_label
from rescuedesk.services.casefile import writes
from rescuedesk.services.casefile.fields import coerce_fields, snapshot, to_enum
from rescuedesk.services.casefile.new_cases import NewCase, insert_case
from rescuedesk.services.casefile.rules import refuse_dna
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import (
    CASE_ROLES,
    Action,
    ensure_can_read,
    ensure_can_write,
    ensure_role,
    get_case,
    load_for_update,
)
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people.persons import Saved

# Set only through the stage and closure services below.
MANAGED = (
    "case_number",
    "year",
    "serial",
    "person_id",
    "unit_id",
    "stage",
    "closure_reason",
    "closure_requested_at",
    "closure_requested_by_id",
    "closed_at",
    "closed_by_id",
)


def stage_index(stage: Stage) -> int:
    return STAGE_ORDER.index(stage)


def _validate_case(values: dict[str, Any], today: dt.date) -> list[str]:
    """The case's rules, every one checked: the problems are raised at once (the first,
    carrying the others: errors.first_of), so an import row or a form names each of them."""
    warnings: list[str] = []
    problems: list[DomainError] = []
    intake = values.get("intake_date")
    if intake is not None and intake > today:
        problems.append(ValidationError("接收日期不能晚于今天。", field="intake_date"))
    rescue = values.get("rescue_date")
    if rescue is not None and rescue > today:
        problems.append(ValidationError("解救日期不能晚于今天。", field="rescue_date"))
    elif rescue is not None and intake is not None and rescue > intake:
        problems.append(ValidationError("解救日期不能晚于接收日期。", field="rescue_date"))
    code = values.get("rescue_place_code")
    if code:
        if not divisions.is_well_formed(code):
            problems.append(
                ValidationError("解救地点代码应为6位行政区划代码。", field="rescue_place_code")
            )
        elif not divisions.is_known(code):
            warnings.append(f"解救地点代码 {code} 不在行政区划表中，请核对。")
    try:
        refuse_dna(values, "police_reference", "referring_police_unit")
    except DomainError as exc:
        problems += exc.errors
    if values.get("police_reference") and not values.get("referring_police_unit"):
        problems.append(
            ValidationError(
                "填写了公安案件编号时，请同时填写移交的公安机关。", field="referring_police_unit"
            )
        )
    if problems:
        raise first_of(problems)
    return warnings


def open_case(
    session: Session,
    actor: Actor,
    person_id: int,
    data: Mapping[str, Any],
    *,
    unit_id: int | None = None,
    flags: Iterable[CaseFlag | str] = (),
) -> Saved:
    """Register a case for a person in the actor's unit; draws the next case number."""
    unit = registering_unit(session, actor, unit_id)
    unit_id = unit.id
    person = session.get(Person, person_id)
    if person is None:
        raise ValidationError("受助人不存在。", field="person_id")
    today = clock.today()
    values, warnings = prepare_case(data, today=today)
    _check_caseworker(session, values.get("caseworker_id"), unit_id)
    if values.get("caseworker_id") is None and not actor.is_system:
        values["caseworker_id"] = actor.user_id
    new = NewCase(
        unit,
        person_id,
        person,
        values,
        flags={to_enum("flags", CaseFlag, f) for f in flags},  # type: ignore[misc]
    )
    case = insert_case(session, actor, new, values)
    return Saved(case, warnings)


def registering_unit(session: Session, actor: Actor, unit_id: int | None) -> Unit:
    """The unit a new case is registered in: the actor's own (the system names one)."""
    ensure_role(actor, *CASE_ROLES, what="登记个案")
    unit_id = actor.unit_id if not actor.is_system else unit_id
    if unit_id is None:
        raise ValidationError("请选择登记单位。", field="unit_id")
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise ValidationError("登记单位不存在。", field="unit_id")
    return unit


def prepare_case(data: Mapping[str, Any], *, today: dt.date) -> tuple[dict[str, Any], list[str]]:
    """The column values of a new case, checked (no database needed): what
    :func:`open_case` stores, and what a ledger import writes in bulk."""
    # Every problem is named at once: the values that cannot be stored, then the rules on
    # what could be read (field by field only when needed: a ledger checks 10,000 cases).
    problems: list[DomainError] = []
    try:
        values = coerce_fields(Case, data, exclude=MANAGED)
    except DomainError:
        values = {}
        for name, value in data.items():
            try:
                values.update(coerce_fields(Case, {name: value}, exclude=MANAGED))
            except DomainError as exc:
                problems += exc.errors
    values.setdefault("intake_date", today)
    if values.get("intake_channel") is None and "intake_channel" not in {p.field for p in problems}:
        problems.append(
            ValidationError("请选择来源（公安移交、街面发现等）。", field="intake_channel")
        )
    warnings: list[str] = []
    try:
        warnings = _validate_case(values, today)
    except DomainError as exc:
        unusable = {p.field for p in problems}  # a value already named is not named again
        problems += [p for p in exc.errors if p.field not in unusable]
    if problems:
        raise first_of(problems)
    return values, warnings


def _check_caseworker(session: Session, user_id: int | None, unit_id: int) -> None:
    if user_id is None:
        return
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise ValidationError("指定的个案工作者不存在或已停用。", field="caseworker_id")
    if user.unit_id != unit_id or user.role not in CASE_ROLES:
        raise ValidationError("个案工作者必须是本单位的社工或主管。", field="caseworker_id")


def update_case(
    session: Session,
    actor: Actor,
    case_id: int,
    expected_version: int | None,
    changes: Mapping[str, Any],
) -> Saved:
    case = load_for_update(session, Case, case_id, expected_version)
    ensure_can_write(actor, case)
    new = coerce_fields(Case, changes, exclude=MANAGED)
    names = [c.key for c in Case.__table__.columns]
    current = snapshot(case, names)
    merged = {**current, **new}
    warnings = _validate_case(merged, clock.today())
    if "caseworker_id" in new:
        _check_caseworker(session, new["caseworker_id"], case.unit_id)
    writes.apply_changes(
        session,
        actor,
        case,
        current,
        {k: merged[k] for k in new},
        case_id=case.id,
        person_id=case.person_id,
    )
    return Saved(case, warnings)


def _log_stage(
    session: Session, actor: Actor, case: Case, before: Stage, action: str, reason: str | None
) -> None:
    session.add(
        StageChange(
            case_id=case.id,
            from_stage=before,
            to_stage=case.stage,
            action=action,
            reason=reason,
            at=clock.now(),
            by_id=actor.user_id,
        )
    )
    session.flush()
    audit.record(
        session,
        actor,
        action,
        "case_file",
        case.id,
        case_id=case.id,
        person_id=case.person_id,
        changes={"stage": [before, case.stage]},
        version=case.version,
        reason=reason,
    )


def _need_reason(reason: str | None, what: str) -> str:
    if reason is None or not reason.strip():
        raise ValidationError(f"{what}需要填写理由。", field="reason")
    return reason.strip()


def change_stage(
    session: Session,
    actor: Actor,
    case_id: int,
    to_stage: Stage | str,
    *,
    expected_version: int | None = None,
    reason: str | None = None,
) -> Case:
    """Move an open case along its path.

    Forward moves may skip stages (a person whose family is known needs no tracing); a move
    back (a placement failed) needs a reason. Closing goes through request/approve.
    """
    target = to_enum("stage", Stage, to_stage)
    case = load_for_update(session, Case, case_id, expected_version)
    ensure_can_write(actor, case, Action.CHANGE_STAGE)
    if target == Stage.CLOSED:
        raise RuleViolation("结案需要提出结案申请并经主管批准。", field="stage")
    if target == case.stage:
        raise RuleViolation("个案已处于这个阶段。", field="stage")
    if case.closure_requested_at is not None:
        raise RuleViolation("结案申请待审批期间不能变更阶段；请先撤回或驳回申请。", field="stage")
    backwards = stage_index(target) < stage_index(case.stage)
    if backwards:
        reason = _need_reason(reason, "退回到前一阶段")
    before = case.stage
    case.stage = target  # type: ignore[assignment]
    _log_stage(session, actor, case, before, "return" if backwards else "advance", reason)
    return case


def pending_approvals(session: Session, case_id: int) -> list[str]:
    """What of the case still waits for a supervisor's approval, in words."""
    plans = session.execute(
        select(Placement.placement_type, Placement.created_at)
        .where(
            Placement.case_id == case_id,
            Placement.status == PlacementStatus.PLANNED,
            Placement.voided_at.is_(None),
        )
        .order_by(Placement.id)
    )
    return [
        f"安置方案（{enum_label(kind)}，{at.year}年{at.month}月{at.day}日拟定）"
        for kind, at in plans
    ]


def _nothing_pending(session: Session, case: Case) -> None:
    """A closed file can no longer be approved: what waits must be decided first."""
    pending = pending_approvals(session, case.id)
    if pending:
        raise RuleViolation(
            "还有待批准的事项，不能结案："
            + "；".join(pending)
            + "。请先由主管批准，或作废不再执行的方案。",
            field="stage",
        )


def request_closure(
    session: Session,
    actor: Actor,
    case_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
) -> Case:
    reason = _need_reason(reason, "申请结案")
    case = load_for_update(session, Case, case_id, expected_version)
    ensure_can_write(actor, case, Action.REQUEST_CLOSURE)
    if case.closure_requested_at is not None:
        raise RuleViolation("该个案已有待审批的结案申请。")
    _nothing_pending(session, case)
    case.closure_reason = reason
    case.closure_requested_at = clock.now()
    case.closure_requested_by_id = actor.user_id
    _log_stage(session, actor, case, case.stage, "closure_requested", reason)
    return case


def approve_closure(
    session: Session,
    actor: Actor,
    case_id: int,
    *,
    expected_version: int | None = None,
    comment: str | None = None,
) -> Case:
    ensure_role(actor, Role.SUPERVISOR, what="批准结案")
    case = load_for_update(session, Case, case_id, expected_version)
    ensure_can_write(actor, case, Action.APPROVE_CLOSURE)
    if case.closure_requested_at is None:
        raise RuleViolation("该个案没有待审批的结案申请。")
    if not actor.is_system and case.closure_requested_by_id == actor.user_id:
        raise PermissionDenied("结案申请须由另一位主管批准，不能批准自己的申请。")
    _nothing_pending(session, case)  # a plan drafted after the request
    before = case.stage
    case.stage = Stage.CLOSED
    case.closed_at = clock.now()
    case.closed_by_id = actor.user_id
    _log_stage(session, actor, case, before, "closed", comment or case.closure_reason)
    return case


def reject_closure(
    session: Session,
    actor: Actor,
    case_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
) -> Case:
    ensure_role(actor, Role.SUPERVISOR, what="驳回结案申请")
    reason = _need_reason(reason, "驳回结案申请")
    case = load_for_update(session, Case, case_id, expected_version)
    ensure_can_write(actor, case, Action.APPROVE_CLOSURE)
    if case.closure_requested_at is None:
        raise RuleViolation("该个案没有待审批的结案申请。")
    case.closure_requested_at = None
    case.closure_requested_by_id = None
    case.closure_reason = None
    _log_stage(session, actor, case, case.stage, "closure_rejected", reason)
    return case


def reopen_case(
    session: Session,
    actor: Actor,
    case_id: int,
    reason: str,
    *,
    to_stage: Stage | str = Stage.FOLLOW_UP,
    expected_version: int | None = None,
) -> Case:
    reason = _need_reason(reason, "重新开启个案")
    target = to_enum("stage", Stage, to_stage)
    if target == Stage.CLOSED:
        raise ValidationError("请选择重新开启后的阶段。", field="stage")
    case = load_for_update(session, Case, case_id, expected_version)
    ensure_can_write(actor, case, Action.REOPEN_CASE, allow_closed=True)
    if case.stage != Stage.CLOSED:
        raise RuleViolation("个案未结案，无需重新开启。")
    before = case.stage
    case.stage = target  # type: ignore[assignment]
    case.closed_at = None
    case.closed_by_id = None
    case.closure_requested_at = None
    case.closure_requested_by_id = None
    _log_stage(session, actor, case, before, "reopened", reason)
    return case


def read_case(session: Session, actor: Actor, case_id: int) -> Case:
    """Fetch a case to show it; the read is audited (personal data)."""
    case = get_case(session, case_id)
    ensure_can_read(actor, case)
    audit.record(
        session, actor, "read", "case_file", case.id, case_id=case.id, person_id=case.person_id
    )
    return case


def stage_history(session: Session, actor: Actor, case_id: int) -> list[StageChange]:
    case = get_case(session, case_id)
    ensure_can_read(actor, case)
    return list(
        session.scalars(
            select(StageChange).where(StageChange.case_id == case_id).order_by(StageChange.id)
        )
    )
