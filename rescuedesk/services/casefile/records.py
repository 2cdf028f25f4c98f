"""Adding, editing and voiding the records of a case file.

One door for every kind of record: the rules of :mod:`rescuedesk.services.casefile.rules` run on the
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
from rescuedesk.models import AuditEvent, Case, CaseRecord, FollowUpVisit, Person, Placement
from rescuedesk.models.enums import PlacementStatus, Role
from rescuedesk.services.casefile import consents, record_types, writes
from rescuedesk.services.casefile.fields import coerce_fields, snapshot
from rescuedesk.services.casefile.record_types import RecordType
from rescuedesk.services.casefile.rules import Acknowledge, AcknowledgementRequired
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import (
    Action,
    ensure_can_write,
    ensure_role,
    get_case,
    load_for_update,
)
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people.persons import Saved

R = TypeVar("R", bound=CaseRecord)


def _columns(model: type) -> list[str]:
    return [c.key for c in model.__table__.columns]  # type: ignore[attr-defined]


def _type(model: type) -> RecordType:
    entry = record_types.get(model)
    if entry is None:
        raise ValidationError(f"不支持的记录类型：{model.__name__}。")
    return entry


def _consent_gate(
    session: Session,
    actor: Actor,
    entry: RecordType,
    case: Case,
    values: Mapping[str, Any],
    override_reason: str | None,
) -> None:
    gate = entry.consent_gate
    if gate is None or not gate.discloses(values):
        return
    consents.require_consent(
        session,
        actor,
        case,
        gate.purpose,
        recipient=gate.recipient(values),
        override_reason=override_reason,
    )


def _status_gate(entry: RecordType, before: Any, values: Mapping[str, Any]) -> None:
    """Statuses that only an approval sets cannot be saved through a form (four eyes)."""
    if entry.status_gate is not None:
        entry.status_gate(before, values.get("status"))


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


def _validate(
    session: Session, entry: RecordType, case_id: int, values: dict[str, Any]
) -> list[str]:
    case = get_case(session, case_id)
    person = session.get(Person, case.person_id)
    assert person is not None
    return entry.validate(session, case, person, values, clock.today())


def _open_record(
    session: Session,
    actor: Actor,
    model: type[R],
    record_id: int,
    expected_version: int | None,
    voided: str,
) -> tuple[RecordType, R, Case]:
    """The record an edit or a void changes, locked at the version the user saw, once the
    actor may write its case; a voided record is refused with the message ``voided``."""
    entry = _type(model)
    record = load_for_update(session, model, record_id, expected_version)
    case = get_case(session, record.case_id)
    ensure_can_write(actor, case, entry.action)
    if record.is_voided:
        raise RuleViolation(voided)
    return entry, record, case


def _ensure_author(actor: Actor, entry: RecordType, record: Any, *, voiding: bool) -> None:
    """A note is its author's word: only they change it; a supervisor of the case may void
    one (written in the wrong case, say), which leaves it in the file and the history."""
    if not entry.author_edits_only or actor.is_system or record.created_by_id == actor.user_id:
        return
    if voiding and actor.role == Role.SUPERVISOR:
        return
    what = "作废" if voiding else "修改"
    raise PermissionDenied(f"只有记录人本人可以{what}这条{entry.label}。")


def add_record(
    session: Session,
    actor: Actor,
    model: type[R],
    case_id: int,
    data: Mapping[str, Any],
    *,
    override_reason: str | None = None,
    acknowledged: Sequence[str] = (),
    managed: Mapping[str, Any] | None = None,
) -> Saved:
    """Add a record; ``acknowledged`` are the warnings the user confirmed (see Acknowledge);
    ``managed`` are values of the entry's managed fields that the calling service derived
    (a photo's bytes), written and audited with the rest."""
    entry = _type(model)
    case = get_case(session, case_id, lock=True)
    ensure_can_write(actor, case, entry.action)
    values = coerce_fields(model, data, exclude=entry.managed)
    if entry.complete is not None:
        values = entry.complete(values)
    _status_gate(entry, None, values)
    warnings = _validate(session, entry, case_id, values)
    confirmed = _confirmed(warnings, acknowledged, None)
    _consent_gate(session, actor, entry, case, values, override_reason)
    values = {**values, **(managed or {})}
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
    entry = _type(model)
    ensure_can_write(actor, get_case(session, case_id), entry.action)
    # Field by field, so every value that cannot be stored is named, not only the first.
    values: dict[str, Any] = {}
    problems: list[DomainError] = []
    for name, value in data.items():
        try:
            values.update(coerce_fields(model, {name: value}, exclude=entry.managed))
        except DomainError as exc:
            problems += exc.errors
    current = session.get(model, record_id) if record_id is not None else None
    _status_gate(entry, getattr(current, "status", None), values)
    if current is not None:
        values = {**snapshot(current, _columns(model)), **values}
    warnings: list[str] = []
    try:
        warnings = _validate(session, entry, case_id, values)
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
    entry, record, case = _open_record(
        session, actor, model, record_id, expected_version, "已作废的记录不能修改。"
    )
    _ensure_author(actor, entry, record, voiding=False)
    new = coerce_fields(model, changes, exclude=entry.managed)
    names = _columns(model)
    current = snapshot(record, names)
    merged = {**current, **new}
    if entry.complete is not None:
        merged = entry.complete(merged)
    _status_gate(entry, current.get("status"), merged)
    warnings = _validate(session, entry, record.case_id, merged)
    changed = {k for k, v in new.items() if current.get(k) != v}
    confirmed = _confirmed(warnings, acknowledged, changed)
    # Consent is checked when a record starts to disclose (a referral is sent), not when a
    # reply to it is entered later.
    if entry.consent_gate is None or not entry.consent_gate.discloses(current):
        _consent_gate(session, actor, entry, case, merged, override_reason)
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
    entry, record, case = _open_record(
        session, actor, model, record_id, expected_version, "该记录已经作废。"
    )
    _ensure_author(actor, entry, record, voiding=True)
    changes: dict[str, Any] = {}
    for name in entry.void_clears:  # destroyed, not only hidden (a photo)
        if getattr(record, name) is not None:
            changes[name] = [getattr(record, name), None]
            setattr(record, name, None)
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
        changes={"voided_at": [None, record.voided_at], **changes},
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
    _validate(session, _type(Placement), placement.case_id, values)
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
