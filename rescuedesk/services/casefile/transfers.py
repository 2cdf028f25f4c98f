"""A case passing to another unit (issue #14): the person goes home to another province (HLJ
61, GS 34) and the civil-affairs bureau of her home county takes the case over.

The sending unit's supervisor requests it with a reason; the data-sharing consent must name
the receiving unit (its kind, e.g. ``womens_federation``, its code or its name) or a
supervisor overrides with a reason, as for letters. The receiving unit's supervisor accepts,
choosing the new caseworker, or rejects with a reason; never the one who requested it. The
case keeps its number and its whole history; the sending side keeps reading what it recorded
(``Scope.SENT`` in services/office/access.py). Each step is one transaction (the caller's
``run_write``), audited on the case, so both sides see it on the timeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from rescuedesk import clock
from rescuedesk.errors import NotFound, PermissionDenied, ValidationError
from rescuedesk.models import Case, CaseAssignment, Person, Unit, User
from rescuedesk.models.enums import ConsentPurpose, Role
from rescuedesk.models.transfer import CaseTransfer
from rescuedesk.services.casefile import consents
from rescuedesk.services.casefile.assignments import Assignee
from rescuedesk.services.office import access, audit
from rescuedesk.services.office.access import (
    CASE_ROLES,
    Action,
    case_by_number,
    ensure_can_write,
    ensure_role,
    get_case,
    units_in_reach,
)
from rescuedesk.services.office.context import Actor

STATUS_WORDS = {
    "requested": "待接收",
    "accepted": "已接收",
    "rejected": "已拒绝",
    "cancelled": "已撤回",
    "exported": "已导出转移包",
}


@dataclass(frozen=True)
class TransferRow:
    id: int
    case_id: int | None
    case_number: str
    person: str
    from_unit: str
    to_unit: str
    status: str
    requested_at: dt.datetime
    requested_by: str
    reason: str
    consent_overridden: bool
    decided_at: dt.datetime | None
    decided_by: str
    decision_reason: str | None
    new_caseworker: str
    incoming: bool  # waiting for (or decided by) the actor's side

    @property
    def status_label(self) -> str:
        return STATUS_WORDS.get(self.status, self.status)


def unit_by_code(session: Session, code: str) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise NotFound(
            f"没有代码为 {code} 的单位（可用 rescuedesk unit list 查看）。", field="unit"
        )
    return unit


def consent_covers(session: Session, case: Case, unit: Unit) -> bool:
    """Whether the person's data-sharing consent names the receiving unit: by its kind (the
    consent form's recipient types), its code or its name."""
    return any(
        consents.valid_consent(session, case, ConsentPurpose.DATA_SHARING, recipient=r) is not None
        for r in (unit.kind.value, unit.code, unit.name)
    )


def receiving_units(session: Session, actor: Actor, case_id: int) -> list[tuple[int, str, bool]]:
    """The units a case may go to, each with whether the consent covers it: (id, name, ok)."""
    case = get_case(session, case_id)
    ensure_can_write(actor, case, Action.TRANSFER_CASE)
    units = session.scalars(
        select(Unit).where(Unit.active.is_(True), Unit.id != case.unit_id).order_by(Unit.code)
    )
    return [(u.id, f"{u.name}（{u.code}）", consent_covers(session, case, u)) for u in units]


def request_transfer(
    session: Session,
    actor: Actor,
    case_id: int,
    to_unit_id: int,
    *,
    reason: str,
    override_reason: str | None = None,
) -> CaseTransfer:
    """The sending supervisor asks another unit to take the case over."""
    case = get_case(session, case_id, lock=True)
    ensure_role(actor, Role.SUPERVISOR, what="转移个案")
    ensure_can_write(actor, case, Action.TRANSFER_CASE)
    unit = session.get(Unit, to_unit_id)
    if unit is None or not unit.active:
        raise ValidationError("接收单位不存在或已停用。", field="to_unit")
    if unit.id == case.unit_id:
        raise ValidationError("个案已在这个单位。", field="to_unit")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请写明转移的理由。", field="reason")
    if pending_of_case(session, case.id) is not None:
        raise ValidationError("这个个案已有一个待接收的转移。", field="case")
    overridden = False
    if not consent_covers(session, case, unit):
        # Refuses without a reason; with one, records the supervisor's override (audited).
        consents.require_consent(
            session,
            actor,
            case,
            ConsentPurpose.DATA_SHARING,
            recipient=unit.name,
            override_reason=override_reason,
        )
        overridden = True
    sender = session.get(Unit, case.unit_id)
    assert sender is not None
    transfer = CaseTransfer(
        case_id=case.id,
        case_number=case.case_number,
        from_unit_id=case.unit_id,
        from_unit_name=sender.name,
        to_unit_id=unit.id,
        status="requested",
        requested_at=clock.now(),
        requested_by_id=actor.user_id,
        requested_by_name=_name_of(session, actor),
        reason=reason,
        consent_overridden=overridden,
        from_caseworker_id=case.caseworker_id,
    )
    session.add(transfer)
    session.flush()
    audit.record(
        session,
        actor,
        "transfer_requested",
        "case_transfer",
        transfer.id,
        case_id=case.id,
        person_id=case.person_id,
        changes={"to_unit_id": [case.unit_id, unit.id]},
        reason=f"申请转移至{unit.name}：{reason}",
    )
    return transfer


def _name_of(session: Session, actor: Actor) -> str:
    user = session.get(User, actor.user_id) if actor.user_id else None
    return user.full_name if user else actor.label


def pending_of_case(session: Session, case_id: int) -> CaseTransfer | None:
    return session.scalar(
        select(CaseTransfer).where(
            CaseTransfer.case_id == case_id, CaseTransfer.status == "requested"
        )
    )


def _deciding(session: Session, actor: Actor, transfer_id: int) -> CaseTransfer:
    """The transfer a receiving supervisor decides on, locked; refused to anyone else."""
    ensure_role(actor, Role.SUPERVISOR, what="接收或拒绝转移的个案")
    transfer = session.get(CaseTransfer, transfer_id, with_for_update=True, populate_existing=True)
    if transfer is None:
        raise NotFound(f"没有编号为 {transfer_id} 的转移。", field="transfer")
    if transfer.status != "requested":
        raise ValidationError(
            f"这个转移{STATUS_WORDS.get(transfer.status, transfer.status)}，不能再处理。",
            field="transfer",
        )
    if not actor.is_system and transfer.to_unit_id not in units_in_reach(session, actor):
        raise PermissionDenied("只有接收单位的主管可以接收或拒绝这个转移。")
    if actor.user_id is not None and actor.user_id == transfer.requested_by_id:
        raise PermissionDenied("申请转移的人不能自己接收或拒绝。")
    return transfer


def new_caseworkers(session: Session, actor: Actor, transfer_id: int) -> list[Assignee]:
    """Who may take the case in the receiving unit: its caseworkers and supervisors."""
    transfer = _deciding(session, actor, transfer_id)
    query = (
        select(User.id, User.username, User.full_name, Unit.name, User.role)
        .join(Unit, Unit.id == User.unit_id)
        .where(
            User.active.is_(True),
            User.unit_id == transfer.to_unit_id,
            User.role.in_(CASE_ROLES),
        )
        .order_by(User.role, User.full_name)
    )
    return [Assignee(*row) for row in session.execute(query)]


def accept_transfer(
    session: Session,
    actor: Actor,
    transfer_id: int,
    caseworker_id: int,
    reason: str | None = None,
) -> CaseTransfer:
    """The receiving supervisor takes the case, naming its new caseworker. The case keeps its
    number and history; its unit and caseworker change; the old unit's colleagues who worked
    beside the caseworker stop (a follow-up worker's visits go on)."""
    transfer = _deciding(session, actor, transfer_id)
    user = session.get(User, caseworker_id)
    if user is None or not user.active or user.role not in CASE_ROLES:
        raise ValidationError("新的个案工作者不存在、已停用或不是个案工作者。", field="caseworker")
    if user.unit_id != transfer.to_unit_id:
        raise ValidationError("新的个案工作者须是接收单位的人员。", field="caseworker")
    if transfer.case_id is None:
        from rescuedesk.services.casefile import transfer_package

        case = transfer_package.materialise(session, actor, transfer, user)
    else:
        case = get_case(session, transfer.case_id, lock=True)
        if case.unit_id != transfer.from_unit_id:
            raise ValidationError("个案在申请转移后已换了单位，这个转移不能再接收。")
    before = (case.unit_id, case.caseworker_id)
    case.unit_id = transfer.to_unit_id
    case.caseworker_id = user.id
    now = clock.now()
    for assignment in session.scalars(
        select(CaseAssignment).where(
            CaseAssignment.case_id == case.id,
            CaseAssignment.purpose == "caseworker",
            access.assignment_in_force(clock.today()),
        )
    ):
        assignment.ended_at = now
        assignment.ended_by_id = actor.user_id
    transfer.status = "accepted"
    transfer.decided_at = now
    transfer.decided_by_id = actor.user_id
    transfer.decision_reason = (reason or "").strip() or None
    transfer.new_caseworker_id = user.id
    session.flush()
    unit = session.get(Unit, transfer.to_unit_id)
    assert unit is not None
    audit.record(
        session,
        actor,
        "transfer_accepted",
        "case_transfer",
        transfer.id,
        case_id=case.id,
        person_id=case.person_id,
        changes={"unit_id": [before[0], case.unit_id], "caseworker_id": [before[1], user.id]},
        reason=f"{unit.name}接收，个案工作者为{user.full_name}"
        + (f"：{transfer.decision_reason}" if transfer.decision_reason else ""),
    )
    return transfer


def reject_transfer(session: Session, actor: Actor, transfer_id: int, reason: str) -> CaseTransfer:
    """The receiving supervisor declines, with a reason; the case stays where it was."""
    transfer = _deciding(session, actor, transfer_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请写明拒绝接收的理由。", field="reason")
    transfer.status = "rejected"
    transfer.decided_at = clock.now()
    transfer.decided_by_id = actor.user_id
    transfer.decision_reason = reason
    session.flush()
    unit = session.get(Unit, transfer.to_unit_id)
    assert unit is not None
    case = session.get(Case, transfer.case_id) if transfer.case_id else None
    audit.record(
        session,
        actor,
        "transfer_rejected",
        "case_transfer",
        transfer.id,
        case_id=case.id if case else None,
        person_id=case.person_id if case else None,
        reason=f"{unit.name}拒绝接收：{reason}",
    )
    return transfer


def withdraw_transfer(
    session: Session, actor: Actor, transfer_id: int, reason: str
) -> CaseTransfer:
    """The sending unit's supervisor takes a transfer back: one still waiting is cancelled;
    one sent as a package that the other side rejected (or that never arrived) brings the
    case back to the sending unit and its caseworker, as it was before it left."""
    ensure_role(actor, Role.SUPERVISOR, what="撤回转移")
    transfer = session.get(CaseTransfer, transfer_id, with_for_update=True)
    if transfer is None or transfer.case_id is None:
        raise NotFound(f"没有编号为 {transfer_id} 的转出转移。", field="transfer")
    if transfer.from_unit_id not in units_in_reach(session, actor):
        raise PermissionDenied("只有发出单位的主管可以撤回转移。")
    if transfer.status not in ("requested", "exported"):
        raise ValidationError("只有待接收或已导出转移包的转移可以撤回。", field="transfer")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请写明撤回的理由。", field="reason")
    case = get_case(session, transfer.case_id, lock=True)
    sender = session.get(Unit, transfer.from_unit_id)
    assert sender is not None
    brought_back = transfer.status == "exported"
    if brought_back:
        worker = (
            session.get(User, transfer.from_caseworker_id) if transfer.from_caseworker_id else None
        )
        case.unit_id = sender.id
        case.caseworker_id = worker.id if worker is not None and worker.active else None
    transfer.status = "cancelled"
    transfer.decided_at = clock.now()
    transfer.decided_by_id = actor.user_id
    transfer.decision_reason = reason
    session.flush()
    what = "撤回转移，个案回到" + sender.name if brought_back else "撤回转移申请"
    audit.record(
        session,
        actor,
        "transfer_withdrawn",
        "case_transfer",
        transfer.id,
        case_id=case.id,
        person_id=case.person_id,
        changes={"unit_id": [transfer.to_unit_id, sender.id]} if brought_back else None,
        reason=f"{what}：{reason}",
    )
    return transfer


def _rows(session: Session, actor: Actor, query) -> list[TransferRow]:  # type: ignore[no-untyped-def]
    reach = set(units_in_reach(session, actor))
    to_unit, by, cw = aliased(Unit), aliased(User), aliased(User)
    full = (
        query.add_columns(to_unit.name, by.full_name, cw.full_name, Person)
        .join(to_unit, to_unit.id == CaseTransfer.to_unit_id)
        .outerjoin(by, by.id == CaseTransfer.decided_by_id)
        .outerjoin(cw, cw.id == CaseTransfer.new_caseworker_id)
        .outerjoin(Case, Case.id == CaseTransfer.case_id)
        .outerjoin(Person, Person.id == Case.person_id)
        .order_by(CaseTransfer.requested_at.desc(), CaseTransfer.id.desc())
    )
    rows = []
    for t, to_name, by_name, cw_name, person in session.execute(full):
        if person is not None:
            shown = person.display_name
        else:
            from rescuedesk.services.casefile import transfer_package

            shown = transfer_package.person_name(t)
        rows.append(
            TransferRow(
                t.id, t.case_id, t.case_number, shown, t.from_unit_name, to_name, t.status,
                t.requested_at, t.requested_by_name, t.reason, t.consent_overridden,
                t.decided_at, by_name or "", t.decision_reason, cw_name or "",
                actor.role == Role.SUPERVISOR and t.to_unit_id in reach,
            )
        )  # fmt: skip
    return rows


def list_transfers(session: Session, actor: Actor) -> list[TransferRow]:
    """The transfers a supervisor's units sent or received; a caseworker's own ones."""
    query = select(CaseTransfer)
    if actor.is_system:
        pass
    elif actor.role == Role.SUPERVISOR:
        reach = units_in_reach(session, actor)
        query = query.where(
            or_(CaseTransfer.to_unit_id.in_(reach), CaseTransfer.from_unit_id.in_(reach))
        )
    elif actor.role == Role.CASEWORKER:
        query = query.where(
            or_(
                CaseTransfer.from_caseworker_id == actor.user_id,
                CaseTransfer.new_caseworker_id == actor.user_id,
            )
        )
    else:
        raise PermissionDenied("只有主管和个案工作者可以查看个案转移。")
    rows = _rows(session, actor, query)
    if rows:  # names are shown: the read is in the trail, as the case list's is
        audit.record(
            session, actor, "list", "case_transfer", None,
            changes={"case_ids": [r.case_id for r in rows if r.case_id is not None]},
        )  # fmt: skip
    return rows


def pending_transfers(session: Session, actor: Actor) -> list[TransferRow]:
    """The transfers waiting for the actor's acceptance (a supervisor of the receiving unit,
    not the one who asked): the home page's task "a transfer waiting for acceptance"."""
    if actor.role != Role.SUPERVISOR:
        return []
    query = select(CaseTransfer).where(
        CaseTransfer.status == "requested",
        CaseTransfer.to_unit_id.in_(units_in_reach(session, actor)),
    )
    if actor.user_id is not None:
        query = query.where(
            or_(
                CaseTransfer.requested_by_id.is_(None),
                CaseTransfer.requested_by_id != actor.user_id,
            )
        )
    return _rows(session, actor, query)


def transfers_of_case(session: Session, actor: Actor, case_id: int) -> list[TransferRow]:
    access.ensure_can_read(actor, get_case(session, case_id))
    return _rows(session, actor, select(CaseTransfer).where(CaseTransfer.case_id == case_id))


def request_by_names(
    session: Session,
    actor: Actor,
    case_number: str,
    unit_code: str,
    *,
    reason: str,
    override_reason: str | None = None,
) -> CaseTransfer:
    """`rescuedesk case transfer CASE_NO --to-unit UNIT --reason TEXT`."""
    case = case_by_number(session, case_number)
    unit = unit_by_code(session, unit_code)
    return request_transfer(
        session, actor, case.id, unit.id, reason=reason, override_reason=override_reason
    )


def accept_by_name(
    session: Session, actor: Actor, transfer_id: int, username: str, reason: str | None = None
) -> CaseTransfer:
    from rescuedesk.services.casefile.assignments import user_by_name

    return accept_transfer(session, actor, transfer_id, user_by_name(session, username).id, reason)
