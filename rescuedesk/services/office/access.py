"""Who may do what to which case: roles and scopes, enforced here for every service.

A case is *own* to a user who is its caseworker or is assigned to it (a second caseworker,
a women's-federation follow-up worker it was referred to); *unit* when it belongs to the
user's unit (for a supervisor of a prefecture or province: any unit within it); *sent* when
it was transferred away from the user (its caseworker then, or a supervisor of the sending
unit), who keeps reading what their unit recorded; *other* otherwise. :data:`MATRIX` says
which scopes each role has for each action; administrators, statisticians and auditors have
no access to case files at all.
"""

from __future__ import annotations

import time
import weakref
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Engine, and_, event, or_, select
from sqlalchemy.orm import Session, object_session

from rescuedesk import clock
from rescuedesk.errors import ConflictError, NotFound, PermissionDenied
from rescuedesk.models import Case, CaseAssignment, Unit
from rescuedesk.models.enums import Role, Stage
from rescuedesk.models.transfer import CaseTransfer
from rescuedesk.reference.labels import enum_label
from rescuedesk.services.office.audit import fields_changed_since
from rescuedesk.services.office.context import Actor

T = TypeVar("T")

# Roles that register persons and open cases in their unit.
CASE_ROLES = (Role.CASEWORKER, Role.SUPERVISOR)


class Action(StrEnum):
    READ_CASE = "read_case"
    EDIT_CASE = "edit_case"  # the person, the case and every record but visits
    RECORD_VISIT = "record_visit"
    CHANGE_STAGE = "change_stage"
    REQUEST_CLOSURE = "request_closure"
    APPROVE_CLOSURE = "approve_closure"  # and reject it
    APPROVE_PLACEMENT = "approve_placement"
    REOPEN_CASE = "reopen_case"
    ASSIGN_CASE = "assign_case"
    TRANSFER_CASE = "transfer_case"  # request a transfer to another unit
    OVERRIDE_CONSENT = "override_consent"
    PURGE_CASE = "purge_case"  # remove personal data after the retention period
    # Family tracing (issue #15): a unit's inquiry list is the unit's, not a case's; a
    # match is decided on the case of the person it names.
    MANAGE_INQUIRY = "manage_inquiry"
    DECIDE_MATCH = "decide_match"


class Scope(StrEnum):
    OWN = "own"
    UNIT = "unit"
    SENT = "sent"
    OTHER = "other"


_OWN = frozenset({Scope.OWN})
_UNIT = frozenset({Scope.OWN, Scope.UNIT})
# Read only: a transferred case's sending side reads, never writes.
_SENT = frozenset({Scope.SENT})

MATRIX: dict[Role, dict[Action, frozenset[Scope]]] = {
    Role.CASEWORKER: {
        Action.READ_CASE: _OWN | _SENT,
        Action.EDIT_CASE: _OWN,
        Action.RECORD_VISIT: _OWN,
        Action.CHANGE_STAGE: _OWN,
        Action.REQUEST_CLOSURE: _OWN,
        Action.REOPEN_CASE: _OWN,
        Action.MANAGE_INQUIRY: _UNIT,
        Action.DECIDE_MATCH: _OWN,
    },
    Role.FOLLOW_UP_WORKER: {Action.READ_CASE: _OWN, Action.RECORD_VISIT: _OWN},
    Role.SUPERVISOR: {**dict.fromkeys(Action, _UNIT), Action.READ_CASE: _UNIT | _SENT},
    Role.ADMIN: {},
    Role.STATISTICIAN: {},
    Role.AUDITOR: {},
}

_ACTION_WORDS = {
    Action.READ_CASE: "查看",
    Action.EDIT_CASE: "修改",
    Action.RECORD_VISIT: "记录回访",
    Action.CHANGE_STAGE: "变更阶段",
    Action.REQUEST_CLOSURE: "申请结案",
    Action.APPROVE_CLOSURE: "审批结案",
    Action.APPROVE_PLACEMENT: "批准安置方案",
    Action.REOPEN_CASE: "重新开启",
    Action.ASSIGN_CASE: "分派",
    Action.TRANSFER_CASE: "转移",
    Action.OVERRIDE_CONSENT: "越权批准",
    Action.PURGE_CASE: "清除个人信息",
    Action.MANAGE_INQUIRY: "处理寻亲查询",
    Action.DECIDE_MATCH: "确认或排除寻亲比对结果",
}


def region_prefix(division_code: str) -> str:
    """The prefix a unit's division code covers: province 23, prefecture 2301, county 230102."""
    if division_code.endswith("0000"):
        return division_code[:2]
    if division_code.endswith("00"):
        return division_code[:4]
    return division_code


def units_in_reach(session: Session, actor: Actor) -> list[int]:
    """The units whose cases are *unit* scope for the actor."""
    if actor.unit_id is None:
        return []
    if actor.role != Role.SUPERVISOR:
        return [actor.unit_id]
    code = session.scalar(select(Unit.division_code).where(Unit.id == actor.unit_id))
    prefix = region_prefix(code or "")
    return list(session.scalars(select(Unit.id).where(Unit.division_code.startswith(prefix))))


# The case list asks for a supervisor's reach on every keystroke (page and count: four
# statements, 2-5 ms of a keystroke under load) for a set that changes only when a unit is
# added or moved. Kept per engine (a new database never sees another's), cleared when this
# process writes a unit; another process's new unit (PostgreSQL) shows within REACH_TTL s.
REACH_TTL = 30.0
_REACH: weakref.WeakKeyDictionary[Engine, dict[int, tuple[float, list[int]]]] = (
    weakref.WeakKeyDictionary()
)


def cached_units_in_reach(session: Session, actor: Actor) -> list[int]:
    """:func:`units_in_reach` for listing, read again after REACH_TTL seconds or a write of a
    unit in this process. Checks of one case's access read it afresh."""
    if actor.unit_id is None or actor.role != Role.SUPERVISOR:
        return units_in_reach(session, actor)
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    known = _REACH.setdefault(engine, {})
    now = time.monotonic()
    hit = known.get(actor.unit_id)
    if hit is not None and now < hit[0]:
        return list(hit[1])
    units = units_in_reach(session, actor)
    known[actor.unit_id] = (now + REACH_TTL, units)
    return list(units)


def _forget_reach(*_: Any) -> None:
    _REACH.clear()


for _when in ("after_insert", "after_update", "after_delete"):
    event.listen(Unit, _when, _forget_reach)


@event.listens_for(Session, "after_commit")
def _forget_reach_after_unit_commit(session: Session) -> None:
    # A reach read between this session's flush and its commit (another session) is stale.
    if session.info.pop("units_written", False):
        _REACH.clear()


@event.listens_for(Session, "before_flush")
def _note_unit_writes(session: Session, *_: Any) -> None:
    if any(isinstance(o, Unit) for o in (*session.new, *session.dirty, *session.deleted)):
        session.info["units_written"] = True


def assignment_in_force(today: Any) -> ColumnElement[bool]:
    """An assignment gives access until it is ended or its last day has passed; ``today`` is
    a date or a bind parameter (the case list's cached statements)."""
    return and_(
        CaseAssignment.ended_at.is_(None),
        or_(CaseAssignment.until.is_(None), CaseAssignment.until >= today),
    )


def is_assigned(session: Session, case_id: int, user_id: int) -> bool:
    return (
        session.scalar(
            select(CaseAssignment.id)
            .where(
                CaseAssignment.case_id == case_id,
                CaseAssignment.user_id == user_id,
                assignment_in_force(clock.today()),
            )
            .limit(1)
        )
        is not None
    )


def case_scope(session: Session, actor: Actor, case: Case) -> Scope:
    if actor.user_id is not None and (
        case.caseworker_id == actor.user_id or is_assigned(session, case.id, actor.user_id)
    ):
        return Scope.OWN
    if case.unit_id in units_in_reach(session, actor):
        return Scope.UNIT
    if left_reach_at(session, actor, case.id) is not None:
        return Scope.SENT
    return Scope.OTHER


# A transfer after which the sending side reads what it recorded: accepted in this database,
# or sent as a package to another.
HANDED_OVER = ("accepted", "exported")


def left_reach_at(session: Session, actor: Actor, case_id: int) -> Any:
    """When the case last left the actor by a transfer (None: it never did): the sending
    unit's supervisors and the caseworker who had it read what was recorded until then."""
    if actor.user_id is None:
        return None
    query = select(CaseTransfer.decided_at).where(
        CaseTransfer.case_id == case_id, CaseTransfer.status.in_(HANDED_OVER)
    )
    if actor.role == Role.SUPERVISOR:
        reach = units_in_reach(session, actor)
        query = query.where(
            or_(
                CaseTransfer.from_unit_id.in_(reach),
                CaseTransfer.from_caseworker_id == actor.user_id,
            )
        )
    else:
        query = query.where(CaseTransfer.from_caseworker_id == actor.user_id)
    return session.scalar(query.order_by(CaseTransfer.decided_at.desc()).limit(1))


def allowed(role: Role | None, action: Action, scope: Scope) -> bool:
    return role is not None and scope in MATRIX[role].get(action, frozenset())


def ensure(actor: Actor, action: Action, case: Case) -> None:
    """Refuse unless the actor's role grants ``action`` on this case's scope."""
    if actor.is_system:
        return
    session = object_session(case)
    assert session is not None
    if not allowed(actor.role, action, case_scope(session, actor, case)):
        raise PermissionDenied(f"您无权{_ACTION_WORDS[action]}这个个案。")


def ensure_can_read(actor: Actor, case: Case) -> None:
    ensure(actor, Action.READ_CASE, case)


def ensure_can_write(
    actor: Actor, case: Case, action: Action = Action.EDIT_CASE, *, allow_closed: bool = False
) -> None:
    ensure(actor, action, case)
    if case.stage == Stage.CLOSED and not allow_closed:
        raise PermissionDenied("个案已结案，不能修改；如需补充，请先重新开启个案。")


def ensure_role(actor: Actor, *roles: Role, what: str) -> None:
    if not actor.has_role(*roles):
        raise PermissionDenied(f"只有{_role_names(roles)}可以{what}。")


def _role_names(roles: tuple[Role, ...]) -> str:
    return "或".join(enum_label(r) for r in roles)


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
    """A person is edited through one of their cases the actor may edit (or, before any
    case exists, by whoever may register persons)."""
    if actor.is_system:
        return
    if actor.role not in CASE_ROLES:
        raise PermissionDenied("您无权修改受助人信息。")
    cases = list(session.scalars(select(Case).where(Case.person_id == person_id)))
    if cases and not any(
        allowed(actor.role, Action.EDIT_CASE, case_scope(session, actor, c)) for c in cases
    ):
        raise PermissionDenied("您无权修改这位受助人的信息。")
