"""Who may see and change which case (least privilege until accounts refine it).

Caseworkers and supervisors work on their own unit's cases; administrators manage the
directory, not case files; statisticians get reports, never personal data.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk.errors import ConflictError, NotFound, PermissionDenied
from rescuedesk.models import Case
from rescuedesk.models.enums import Role, Stage
from rescuedesk.services.audit import fields_changed_since
from rescuedesk.services.context import Actor

T = TypeVar("T")

CASE_ROLES = (Role.CASEWORKER, Role.SUPERVISOR)


def can_read_case(actor: Actor, case: Case) -> bool:
    if actor.is_system:
        return True
    return actor.role in CASE_ROLES and actor.unit_id == case.unit_id


def ensure_can_read(actor: Actor, case: Case) -> None:
    if not can_read_case(actor, case):
        raise PermissionDenied("您无权查看这个个案。")


def ensure_can_write(actor: Actor, case: Case, *, allow_closed: bool = False) -> None:
    if not can_read_case(actor, case):
        raise PermissionDenied("您无权修改这个个案。")
    if case.stage == Stage.CLOSED and not allow_closed:
        raise PermissionDenied("个案已结案，不能修改；如需补充，请先重新开启个案。")


def ensure_role(actor: Actor, *roles: Role, what: str) -> None:
    if not actor.has_role(*roles):
        raise PermissionDenied(f"只有{_role_names(roles)}可以{what}。")


def _role_names(roles: tuple[Role, ...]) -> str:
    names = {
        Role.CASEWORKER: "个案工作者",
        Role.SUPERVISOR: "主管",
        Role.ADMIN: "管理员",
        Role.STATISTICIAN: "统计员",
        Role.FOLLOW_UP_WORKER: "回访工作者",
        Role.AUDITOR: "审计员",
    }
    return "或".join(names[r] for r in roles)


def table_name(obj_or_model: Any) -> str:
    return obj_or_model.__tablename__


def load_for_update(
    session: Session, model: type[T], record_id: int, expected_version: int | None
) -> T:
    """Load and lock a record; refuse when it changed since the caller read ``expected_version``.

    The row lock (PostgreSQL) or the write lock (SQLite, BEGIN IMMEDIATE) holds until commit,
    so the version cannot move between this check and the UPDATE.
    """
    obj = session.get(model, record_id, with_for_update=True, populate_existing=True)
    if obj is None:
        raise NotFound("记录不存在。")
    current = obj.version  # type: ignore[attr-defined]
    if expected_version is not None and current != expected_version:
        name = model.__tablename__  # type: ignore[attr-defined]
        fields = fields_changed_since(session, name, record_id, expected_version)
        raise ConflictError(name, record_id, expected_version, current, fields)
    return obj


def get_case(session: Session, case_id: int, *, lock: bool = False) -> Case:
    if lock:
        case = session.get(Case, case_id, with_for_update=True, populate_existing=True)
    else:
        case = session.get(Case, case_id)
    if case is None:
        raise NotFound("个案不存在。")
    return case


def case_by_number(session: Session, case_number: str) -> Case:
    case = session.scalar(select(Case).where(Case.case_number == case_number))
    if case is None:
        raise NotFound(f"个案 {case_number} 不存在。")
    return case


def ensure_can_edit_person(session: Session, actor: Actor, person_id: int) -> None:
    """A person is edited through one of their cases in the actor's unit."""
    if actor.is_system:
        return
    if actor.role not in CASE_ROLES:
        raise PermissionDenied("您无权修改受助人信息。")
    units = set(session.scalars(select(Case.unit_id).where(Case.person_id == person_id)))
    if units and actor.unit_id not in units:
        raise PermissionDenied("该受助人的个案不属于您的单位。")
