"""Who works on a case: a supervisor assigns it to a colleague of the unit or to a follow-up
worker of another unit (a women's federation of the person's home county, HLJ 67), with a
reason and a last day; ends assignments; changes the case's caseworker. Each step is one
transaction, audited, and on the case's timeline (the audit reason says to whom and why).

An assignment gives the assignee *own* scope (services/office/access.py) while it is in
force: not ended, and its last day not passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from rescuedesk import clock
from rescuedesk.errors import NotFound, ValidationError
from rescuedesk.models import Case, CaseAssignment, Unit, User
from rescuedesk.models.enums import Role
from rescuedesk.services.office import access, audit
from rescuedesk.services.office.access import (
    CASE_ROLES,
    Action,
    case_by_number,
    ensure_can_read,
    ensure_can_write,
    get_case,
)
from rescuedesk.services.office.context import Actor


@dataclass(frozen=True)
class AssignmentRow:
    id: int
    user: str  # username
    full_name: str
    unit: str  # the assignee's unit
    purpose: str
    assigned_at: dt.datetime
    assigned_by: str
    until: dt.date | None
    reason: str | None


def assign(
    session: Session,
    actor: Actor,
    case_id: int,
    user_id: int,
    purpose: str | None = None,
    *,
    reason: str,
    until: dt.date | None = None,
) -> CaseAssignment:
    """A supervisor gives a colleague, or a follow-up worker of another unit (a women's
    federation of the person's home county), the case: with a reason, until a last day.

    The purpose follows the assignee's role unless given: a follow-up worker visits, a
    caseworker (or a supervisor) works the case beside its caseworker."""
    case = get_case(session, case_id, lock=True)
    ensure_can_write(actor, case, Action.ASSIGN_CASE)
    user = session.get(User, user_id)
    if user is None or not user.active:
        raise ValidationError("被分派的用户不存在或已停用。", field="user_id")
    if purpose is None:
        purpose = "follow_up" if user.role == Role.FOLLOW_UP_WORKER else "caseworker"
    if purpose not in ("caseworker", "follow_up"):
        raise ValidationError("分派用途应为 caseworker 或 follow_up。", field="purpose")
    wanted = Role.FOLLOW_UP_WORKER if purpose == "follow_up" else Role.CASEWORKER
    if user.role not in (wanted, Role.SUPERVISOR):
        raise ValidationError("被分派的用户角色与用途不符。", field="user_id")
    if purpose == "caseworker" and user.unit_id != case.unit_id:
        raise ValidationError(
            "只能分派给本单位的个案工作者；其他单位请分派给回访工作者，或转移个案。",
            field="user_id",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请写明分派的理由。", field="reason")
    if until is not None and until < clock.today():
        raise ValidationError("分派的截止日期不能早于今天。", field="until")
    if user.id == case.caseworker_id or access.is_assigned(session, case_id, user.id):
        raise ValidationError(f"{user.full_name}已经负责这个个案。", field="user_id")
    assignment = CaseAssignment(
        case_id=case_id,
        user_id=user.id,
        purpose=purpose,
        assigned_at=clock.now(),
        assigned_by_id=actor.user_id,
        until=until,
        reason=reason,
    )
    session.add(assignment)
    session.flush()
    audit.record(
        session,
        actor,
        "assign",
        "case_assignment",
        assignment.id,
        case_id=case_id,
        person_id=case.person_id,
        changes={"user_id": [None, user.id], "purpose": [None, purpose], "until": [None, until]},
        reason=_assignment_words(session, user, until, reason),
    )
    return assignment


def _assignment_words(session: Session, user: User, until: dt.date | None, reason: str) -> str:
    """What the timeline says of it: to whom, until when, why."""
    unit = session.get(Unit, user.unit_id).name if user.unit_id else ""  # type: ignore[union-attr]
    who = f"{user.full_name}（{unit}）" if unit else user.full_name
    return f"分派给{who}" + (f"，至{until:%Y-%m-%d}" if until else "") + f"：{reason}"


def end_assignment(
    session: Session, actor: Actor, assignment_id: int, reason: str | None = None
) -> CaseAssignment:
    assignment = session.get(CaseAssignment, assignment_id, with_for_update=True)
    if assignment is None or assignment.ended_at is not None:
        raise ValidationError("分派不存在或已结束。", field="assignment_id")
    case = get_case(session, assignment.case_id)
    ensure_can_write(actor, case, Action.ASSIGN_CASE, allow_closed=True)
    assignment.ended_at = clock.now()
    assignment.ended_by_id = actor.user_id
    session.flush()
    user = session.get(User, assignment.user_id)
    audit.record(
        session,
        actor,
        "unassign",
        "case_assignment",
        assignment.id,
        case_id=case.id,
        person_id=case.person_id,
        reason=f"结束{user.full_name if user else ''}的分派" + (f"：{reason}" if reason else ""),
    )
    return assignment


def unassign(
    session: Session, actor: Actor, case_id: int, user_id: int, reason: str | None = None
) -> CaseAssignment:
    """End the assignment of ``user_id`` to the case (the command line's `case unassign`)."""
    found = session.scalar(
        select(CaseAssignment.id).where(
            CaseAssignment.case_id == case_id,
            CaseAssignment.user_id == user_id,
            access.assignment_in_force(clock.today()),
        )
    )
    if found is None:
        case = get_case(session, case_id)
        ensure_can_read(actor, case)
        raise ValidationError("这个用户没有被分派这个个案。", field="user_id")
    return end_assignment(session, actor, found, reason)


def list_assignments(
    session: Session, actor: Actor, case_id: int, *, in_force_only: bool = True
) -> list[AssignmentRow]:
    """Who, besides the caseworker, works on the case; readable by whoever may read it."""
    ensure_can_read(actor, get_case(session, case_id))
    by = aliased(User)
    query = (
        select(CaseAssignment, User, Unit.name, by.full_name)
        .join(User, User.id == CaseAssignment.user_id)
        .outerjoin(Unit, Unit.id == User.unit_id)
        .outerjoin(by, by.id == CaseAssignment.assigned_by_id)
        .where(CaseAssignment.case_id == case_id)
        .order_by(CaseAssignment.id)
    )
    if in_force_only:
        query = query.where(access.assignment_in_force(clock.today()))
    return [
        AssignmentRow(
            a.id, u.username, u.full_name, unit or "", a.purpose, a.assigned_at, by_name or "",
            a.until, a.reason,
        )
        for a, u, unit, by_name in session.execute(query)
    ]  # fmt: skip


@dataclass(frozen=True)
class Assignee:
    user_id: int
    username: str
    full_name: str
    unit: str
    role: Role


def assignable_users(session: Session, actor: Actor, case_id: int) -> list[Assignee]:
    """Whom a supervisor may give the case: the caseworkers and supervisors of its unit, and
    the follow-up workers of every unit (a women's federation may be anywhere); not those
    who already work on it."""
    case = get_case(session, case_id)
    ensure_can_write(actor, case, Action.ASSIGN_CASE)
    busy = {case.caseworker_id} | set(
        session.scalars(
            select(CaseAssignment.user_id).where(
                CaseAssignment.case_id == case_id, access.assignment_in_force(clock.today())
            )
        )
    )
    query = (
        select(User.id, User.username, User.full_name, Unit.name, User.role)
        .outerjoin(Unit, Unit.id == User.unit_id)
        .where(
            User.active.is_(True),
            User.password_hash.is_not(None),
            or_(
                User.role == Role.FOLLOW_UP_WORKER,
                and_(
                    User.unit_id == case.unit_id,
                    User.role.in_((Role.CASEWORKER, Role.SUPERVISOR)),
                ),
            ),
        )
        .order_by(User.role, Unit.name, User.full_name)
    )
    return [
        Assignee(uid, name, full, unit or "", role)
        for uid, name, full, unit, role in session.execute(query)
        if uid not in busy
    ]


def caseworkers_of_unit(session: Session, actor: Actor, case_id: int) -> list[Assignee]:
    """Who may become the case's caseworker: the unit's caseworkers and supervisors."""
    case = get_case(session, case_id)
    ensure_can_write(actor, case, Action.ASSIGN_CASE)
    query = (
        select(User.id, User.username, User.full_name, Unit.name, User.role)
        .join(Unit, Unit.id == User.unit_id)
        .where(
            User.active.is_(True),
            User.unit_id == case.unit_id,
            User.role.in_(CASE_ROLES),
            User.id != case.caseworker_id,
        )
        .order_by(User.role, User.full_name)
    )
    return [Assignee(*row) for row in session.execute(query)]


def change_caseworker(
    session: Session, actor: Actor, case_id: int, user_id: int, reason: str
) -> Case:
    """A supervisor gives the case to another caseworker of its unit (who then owns it)."""
    case = get_case(session, case_id, lock=True)
    ensure_can_write(actor, case, Action.ASSIGN_CASE)
    user = session.get(User, user_id)
    if user is None or not user.active or user.role not in CASE_ROLES:
        raise ValidationError("新的个案工作者不存在、已停用或不是个案工作者。", field="user_id")
    if user.unit_id != case.unit_id:
        raise ValidationError("个案工作者须是个案所属单位的人员。", field="user_id")
    if not (reason or "").strip():
        raise ValidationError("请写明更换个案工作者的理由。", field="reason")
    before = case.caseworker_id
    if before == user.id:
        raise ValidationError(f"{user.full_name}已是这个个案的个案工作者。", field="user_id")
    case.caseworker_id = user.id
    session.flush()
    audit.record(
        session,
        actor,
        "caseworker_changed",
        "case_file",
        case.id,
        case_id=case.id,
        person_id=case.person_id,
        changes={"caseworker_id": [before, user.id]},
        version=case.version,
        reason=f"个案工作者改为{user.full_name}：{reason.strip()}",
    )
    return case


def user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"没有名为 {username} 的用户。", field="user")
    return user


def assign_by_names(
    session: Session,
    actor: Actor,
    case_number: str,
    username: str,
    *,
    reason: str,
    until: dt.date | None = None,
) -> CaseAssignment:
    """`rescuedesk case assign CASE_NO --user NAME`: the same step by number and name."""
    case = case_by_number(session, case_number)
    user = user_by_name(session, username)
    return assign(session, actor, case.id, user.id, reason=reason, until=until)


def unassign_by_names(
    session: Session, actor: Actor, case_number: str, username: str, reason: str | None = None
) -> CaseAssignment:
    case = case_by_number(session, case_number)
    return unassign(session, actor, case.id, user_by_name(session, username).id, reason)
