"""Adding, editing and voiding the records of a case file.

One door for every kind of record: the rules of :mod:`rescuedesk.services.rules` run on the
complete values before anything is written, every change is audited with old and new values,
and a mistaken record is voided with a reason, never deleted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

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
    AuditEvent,
    Case,
    CaseRecord,
    FollowUpVisit,
    Person,
    Placement,
    Referral,
    TracingAction,
)
from rescuedesk.models.enums import (
    ConsentPurpose,
    PlacementStatus,
    ReferralStatus,
    Role,
    TracingKind,
)
from rescuedesk.services import audit, consents, writes
from rescuedesk.services.access import (
    Action,
    ensure_can_write,
    ensure_role,
    get_case,
    load_for_update,
)
from rescuedesk.services.context import Actor
from rescuedesk.services.fields import coerce_fields, snapshot
from rescuedesk.services.persons import Saved
from rescuedesk.services.rules import (
    VALIDATORS,
    Acknowledge,
    AcknowledgementRequired,
    placement_status_change,
)

R = TypeVar("R", bound=CaseRecord)

# Fields set only by their own actions (approval), not by an ordinary edit.
MANAGED: dict[type, tuple[str, ...]] = {Placement: ("approved_by_id", "approved_at")}


def _columns(model: type) -> list[str]:
    return [c.key for c in model.__table__.columns]  # type: ignore[attr-defined]


def _action(model: type) -> Action:
    # Follow-up workers record visits and nothing else (HLJ 67).
    return Action.RECORD_VISIT if model is FollowUpVisit else Action.EDIT_CASE


# Tracing actions that publish the person's description need consent to tracing.
PUBLISHING_TRACING = {TracingKind.ANNOUNCEMENT, TracingKind.NATIONAL_PLATFORM, TracingKind.MEDIA}
# A referral discloses data once it is sent.
SENT = {ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.REFUSED, ReferralStatus.DONE}


def _discloses(model: type, values: Mapping[str, Any]) -> bool:
    if model is TracingAction:
        return values.get("kind") in PUBLISHING_TRACING
    if model is Referral:
        return values.get("status") in SENT
    return False


def _consent_gate(
    session: Session,
    actor: Actor,
    model: type,
    case: Case,
    values: Mapping[str, Any],
    override_reason: str | None,
) -> None:
    if not _discloses(model, values):
        return
    if model is TracingAction:
        consents.require_consent(
            session, actor, case, ConsentPurpose.TRACING, override_reason=override_reason
        )
    else:
        recipient = values["recipient_type"].value
        consents.require_consent(
            session,
            actor,
            case,
            ConsentPurpose.DATA_SHARING,
            recipient=recipient,
            override_reason=override_reason,
        )


def _status_gate(model: type, before: Any, values: Mapping[str, Any]) -> None:
    """Statuses that only an approval sets cannot be saved through a form (four eyes)."""
    if model is Placement:
        placement_status_change(before, values.get("status"))


def _confirmed(
    warnings: list[str],
    acknowledged: Sequence[str],
    changed: set[str] | None,
) -> list[Acknowledge]:
    """The warnings that need the user's confirmation (about fields this save sets, all of
    them for a new record); refuse the save unless each was confirmed word for word."""
    needed = [
        w
        for w in warnings
        if isinstance(w, Acknowledge) and (changed is None or changed & set(w.fields))
    ]
    missing = [w for w in needed if w not in set(acknowledged)]
    if missing:
        raise AcknowledgementRequired(missing)
    return needed


def _record_confirmation(
    session: Session, actor: Actor, record: Any, case: Case, confirmed: list[Acknowledge]
) -> None:
    """Who confirmed which warning, in the case's timeline."""
    if confirmed:
        audit.record(
            session,
            actor,
            "acknowledge",
            record.__tablename__,
            record.id,
            case_id=case.id,
            person_id=case.person_id,
            version=record.version,
            reason="；".join(confirmed),
        )


def _validate(session: Session, model: type, case_id: int, values: dict[str, Any]) -> list[str]:
    case = get_case(session, case_id)
    person = session.get(Person, case.person_id)
    assert person is not None
    return VALIDATORS[model](session, case, person, values, clock.today())


def add_record(
    session: Session,
    actor: Actor,
    model: type[R],
    case_id: int,
    data: Mapping[str, Any],
    *,
    override_reason: str | None = None,
    acknowledged: Sequence[str] = (),
) -> Saved:
    """Add a record; ``acknowledged`` are the warnings the user confirmed (see Acknowledge)."""
    if model not in VALIDATORS:
        raise ValidationError(f"不支持的记录类型：{model.__name__}。")
    case = get_case(session, case_id, lock=True)
    ensure_can_write(actor, case, _action(model))
    values = coerce_fields(model, data, exclude=MANAGED.get(model, ()))
    _status_gate(model, None, values)
    warnings = _validate(session, model, case_id, values)
    confirmed = _confirmed(warnings, acknowledged, None)
    _consent_gate(session, actor, model, case, values, override_reason)
    record = model(**values, case_id=case_id, created_by_id=actor.user_id)
    writes.insert(session, actor, record, values, case_id=case_id, person_id=case.person_id)
    _record_confirmation(session, actor, record, case, confirmed)
    return Saved(record, warnings)


def check_record(
    session: Session,
    actor: Actor,
    model: type[R],
    case_id: int,
    data: Mapping[str, Any],
    record_id: int | None = None,
) -> list[str]:
    """Validate a form as the user types: the save's own checks, nothing written.

    Raises the DomainError add_record or update_record would raise (with the field it
    concerns), carrying in ``errors`` every problem of the form (a value that cannot be
    stored and each rule it breaks); returns the warnings that would not block the save.
    """
    if model not in VALIDATORS:
        raise ValidationError(f"不支持的记录类型：{model.__name__}。")
    ensure_can_write(actor, get_case(session, case_id), _action(model))
    # Field by field, so every value that cannot be stored is named, not only the first.
    values: dict[str, Any] = {}
    problems: list[DomainError] = []
    for name, value in data.items():
        try:
            values.update(coerce_fields(model, {name: value}, exclude=MANAGED.get(model, ())))
        except DomainError as exc:
            problems += exc.errors
    current = session.get(model, record_id) if record_id is not None else None
    _status_gate(model, getattr(current, "status", None), values)
    if current is not None:
        values = {**snapshot(current, _columns(model)), **values}
    warnings: list[str] = []
    try:
        warnings = _validate(session, model, case_id, values)
    except DomainError as exc:
        # The rules' problems, except those about a value already named as unusable.
        unusable = {p.field for p in problems}
        problems += [p for p in exc.errors if p.field not in unusable]
    if problems:
        raise first_of(problems)
    return warnings


def update_record(
    session: Session,
    actor: Actor,
    model: type[R],
    record_id: int,
    expected_version: int | None,
    changes: Mapping[str, Any],
    *,
    override_reason: str | None = None,
    acknowledged: Sequence[str] = (),
) -> Saved:
    record = load_for_update(session, model, record_id, expected_version)
    case = get_case(session, record.case_id)
    ensure_can_write(actor, case, _action(model))
    if record.is_voided:
        raise RuleViolation("已作废的记录不能修改。")
    new = coerce_fields(model, changes, exclude=MANAGED.get(model, ()))
    names = _columns(model)
    current = snapshot(record, names)
    merged = {**current, **new}
    _status_gate(model, current.get("status"), merged)
    warnings = _validate(session, model, record.case_id, merged)
    changed = {k for k, v in new.items() if current.get(k) != v}
    confirmed = _confirmed(warnings, acknowledged, changed)
    # Consent is checked when a record starts to disclose (a referral is sent), not when a
    # reply to it is entered later.
    if not _discloses(model, current):
        _consent_gate(session, actor, model, case, merged, override_reason)
    writes.apply_changes(
        session,
        actor,
        record,
        current,
        merged,
        case_id=record.case_id,
        person_id=case.person_id,
    )
    _record_confirmation(session, actor, record, case, confirmed)
    return Saved(record, warnings)


def void_record(
    session: Session,
    actor: Actor,
    model: type[R],
    record_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
) -> R:
    """Mark a mistaken record void; it stays in the file and in the history."""
    if not reason or not reason.strip():
        raise ValidationError("作废记录需要填写理由。", field="reason")
    record = load_for_update(session, model, record_id, expected_version)
    case = get_case(session, record.case_id)
    ensure_can_write(actor, case, _action(model))
    if record.is_voided:
        raise RuleViolation("该记录已经作废。")
    record.voided_at = clock.now()
    record.voided_by_id = actor.user_id
    record.void_reason = reason.strip()
    session.flush()
    audit.record(
        session,
        actor,
        "void",
        model.__tablename__,
        record.id,
        case_id=record.case_id,
        person_id=case.person_id,
        changes={"voided_at": [None, record.voided_at]},
        version=record.version,
        reason=record.void_reason,
    )
    return record


def list_records(
    session: Session, model: type[R], case_id: int, *, include_voided: bool = False
) -> list[R]:
    query = select(model).where(model.case_id == case_id)
    if not include_voided:
        query = query.where(model.voided_at.is_(None))
    return list(session.scalars(query.order_by(model.id)))


def _wrote(session: Session, actor: Actor, placement: Placement) -> bool:
    """Whether the actor drafted the plan or changed it since (then they may not approve it)."""
    if placement.created_by_id == actor.user_id:
        return True
    edited = session.scalar(
        select(AuditEvent.id)
        .where(
            AuditEvent.entity == Placement.__tablename__,
            AuditEvent.entity_id == placement.id,
            AuditEvent.user_id == actor.user_id,
            AuditEvent.action.in_(("create", "update")),
        )
        .limit(1)
    )
    return edited is not None


def approve_placement(
    session: Session,
    actor: Actor,
    placement_id: int,
    *,
    expected_version: int | None = None,
    comment: str | None = None,
) -> Placement:
    """A supervisor approves a placement plan (HLJ 61: plans are approved before carried out)."""
    ensure_role(actor, Role.SUPERVISOR, what="批准安置方案")
    placement = load_for_update(session, Placement, placement_id, expected_version)
    case = get_case(session, placement.case_id)
    ensure_can_write(actor, case, Action.APPROVE_PLACEMENT)
    if placement.status != PlacementStatus.PLANNED:
        raise RuleViolation("只有拟定中的安置方案可以批准。")
    if not actor.is_system and _wrote(session, actor, placement):
        raise PermissionDenied("安置方案须由另一位主管批准：您拟定或修改过这个方案，不能自己批准。")
    values = snapshot(placement, _columns(Placement)) | {"status": PlacementStatus.APPROVED}
    _validate(session, Placement, placement.case_id, values)
    placement.status = PlacementStatus.APPROVED
    placement.approved_by_id = actor.user_id
    placement.approved_at = clock.now()
    session.flush()
    audit.record(
        session,
        actor,
        "approve",
        "placement",
        placement.id,
        case_id=case.id,
        person_id=case.person_id,
        changes={"status": ["planned", "approved"]},
        version=placement.version,
        reason=comment,
    )
    return placement


def record_visit(
    session: Session,
    actor: Actor,
    visit_id: int,
    expected_version: int | None,
    data: Mapping[str, Any],
) -> Saved:
    """Record a planned visit as done and plan the next one on its next planned date."""
    if not data.get("done_date"):
        raise ValidationError("请填写回访日期。", field="done_date")
    saved = update_record(session, actor, FollowUpVisit, visit_id, expected_version, data)
    visit: FollowUpVisit = saved.record
    following = add_record(
        session,
        actor,
        FollowUpVisit,
        visit.case_id,
        {
            "planned_date": visit.next_planned_date,
            "visitor_id": visit.visitor_id,
            "visitor_name": visit.visitor_name,
        },
    )
    saved.warnings.extend(following.warnings)
    return saved
