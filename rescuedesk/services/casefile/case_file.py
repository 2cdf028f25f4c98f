"""What a case tab shows: the header, the records of each part, the timeline.

Opening a case file is one audited read (``open_case_file``); the audit event is written
before anything is returned, so a failed write shows nothing. Reloading a part after a save
of the same tab goes through ``list_part`` (permission-checked, not audited again: the
save itself is in the trail).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import ValidationError
from rescuedesk.models import Case, Consent, FollowUpVisit, Person, StageChange, User
from rescuedesk.models.case_note import CaseNote
from rescuedesk.models.enums import CaseFlag, ConsentPurpose, Sex, Stage
from rescuedesk.models.photo import PersonPhoto
from rescuedesk.models.transfer import CaseTransfer
from rescuedesk.reference import places
from rescuedesk.services.casefile import cases, consents, role_views
from rescuedesk.services.casefile.fields import snapshot
from rescuedesk.services.casefile.records import list_records
from rescuedesk.services.office import access, audit
from rescuedesk.services.office.access import ensure_can_read, get_case
from rescuedesk.services.office.context import Actor

# Audit actions on the case itself that the stage history already tells.
STAGE_ACTIONS = frozenset(
    {
        "create",
        "opened",
        "advance",
        "return",
        "closure_requested",
        "closure_rejected",
        "closed",
        "reopened",
    }
)


@dataclass(frozen=True)
class CaseHeader:
    case_id: int
    person_id: int
    case_number: str
    name: str
    alias: str | None
    age: int | None
    age_estimated: bool
    sex: Sex
    stage: Stage
    caseworker: str
    unit: str
    consents: dict[ConsentPurpose, bool]
    sharing_recipients: tuple[str, ...]
    flags: tuple[CaseFlag, ...]
    closure_requested: bool
    case_version: int
    person_version: int
    origin: str = ""  # 户籍地 by name (四川省宜宾市叙州区), never the stored code
    # Transferred away from the reader, who reads what their unit recorded and writes nothing.
    sent: bool = False


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    who: str
    action: str
    entity: str
    stage: Stage | None = None
    reason: str | None = None
    user_id: int | None = None  # who did it (None: the system)
    on: dt.date | None = None  # the day a note concerns (its text is the reason)


@dataclass
class CaseFileView:
    header: CaseHeader
    person: dict[str, Any]
    case: dict[str, Any]
    parts: dict[type, list[dict[str, Any]]] = field(default_factory=dict)
    timeline: list[TimelineEntry] = field(default_factory=list)


def values_of(obj: Any) -> dict[str, Any]:
    names = [c.key for c in type(obj).__table__.columns]
    return snapshot(obj, names)


def _shown_values(session: Session, obj: Any) -> dict[str, Any]:
    """A record's values, with the labels a table shows (the visitor's name)."""
    if isinstance(obj, PersonPhoto):
        # The list shows thumbnails; the photo itself is opened (and audited) on its own.
        names = [c.key for c in PersonPhoto.__table__.columns if c.key != "content"]
        return snapshot(obj, names)
    values = values_of(obj)
    if isinstance(obj, FollowUpVisit):
        user = session.get(User, obj.visitor_id) if obj.visitor_id else None
        values["visitor_label"] = user.full_name if user else obj.visitor_name
    if isinstance(obj, CaseNote):
        values["author_label"] = _user_label(session, obj.created_by_id)
    return values


def _records(
    session: Session, actor: Actor, model: type, case_id: int, until: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """The records of a part the actor reads: by role (role_views), and for the unit a case
    was transferred away from, those made before it left (``until``)."""
    rows = role_views.readable_records(actor, model, list_records(session, model, case_id))
    return [_shown_values(session, r) for r in rows if until is None or r.created_at <= until]


def _user_label(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id else None
    return user.full_name if user else "系统"


def header(session: Session, case: Case) -> CaseHeader:
    person: Person = case.person
    today = clock.today()
    states = {
        purpose: consents.valid_consent(session, case, purpose) is not None
        for purpose in (ConsentPurpose.CARE, ConsentPurpose.TRACING, ConsentPurpose.RESEARCH)
    }
    recipients: list[str] = []
    for consent in session.scalars(
        select(Consent).where(
            Consent.case_id == case.id,
            Consent.purpose == ConsentPurpose.DATA_SHARING,
            Consent.voided_at.is_(None),
        )
    ):
        if consent.withdrawn_on is None or consent.withdrawn_on > today:
            recipients.extend(str(r) for r in consent.recipients or [])
    states[ConsentPurpose.DATA_SHARING] = bool(recipients)
    return CaseHeader(
        case_id=case.id,
        person_id=person.id,
        case_number=case.case_number,
        name=person.real_name or "",
        alias=person.alias,
        age=person.age_on(today),
        age_estimated=person.birth_date is None,
        sex=person.sex,
        stage=case.stage,
        caseworker=case.caseworker.full_name if case.caseworker else "",
        unit=case.unit.name,
        consents=states,
        sharing_recipients=tuple(dict.fromkeys(recipients)),
        flags=tuple(sorted(case.flags, key=lambda f: f.value)),
        closure_requested=case.closure_requested_at is not None,
        case_version=case.version,
        person_version=person.version,
        origin=places.display(person.household_registration_code),
    )


def timeline(session: Session, case_id: int) -> list[TimelineEntry]:
    """Everything that happened to the case, oldest first, with who did it."""
    entries = [
        TimelineEntry(
            c.at,
            _user_label(session, c.by_id),
            c.action,
            "case_file",
            c.to_stage,
            c.reason,
            user_id=c.by_id,
        )
        for c in session.scalars(
            select(StageChange).where(StageChange.case_id == case_id).order_by(StageChange.id)
        )
    ]
    # A note is on the timeline when it was written, with its date, its author and its text.
    notes = list_records(session, CaseNote, case_id)
    entries += [
        TimelineEntry(
            n.created_at,
            _user_label(session, n.created_by_id),
            "note",
            CaseNote.__tablename__,
            reason=n.body,
            user_id=n.created_by_id,
            on=n.noted_on,
        )
        for n in notes
    ]
    written = {n.id for n in notes}
    for event in audit.history(session, case_id=case_id):
        if event.entity == "case_file" and event.action in STAGE_ACTIONS:
            continue  # the stage history above says it, with the stage named
        note = event.entity == CaseNote.__tablename__ and event.entity_id in written
        if note and event.action == "create":
            continue  # the note itself says it
        entries.append(
            TimelineEntry(
                event.at,
                event.actor_label,
                event.action,
                event.entity,
                None,
                event.reason,
                user_id=event.user_id,
            )
        )
    entries.extend(_sent_history(session, case_id))
    entries.sort(key=lambda e: e.at)
    return entries


def _sent_history(session: Session, case_id: int) -> list[TimelineEntry]:
    """What happened to the case in another database before it came here in a transfer
    package (services/casefile/transfer_package.py): the package carries that timeline."""
    payloads = session.scalars(
        select(CaseTransfer.payload).where(
            CaseTransfer.case_id == case_id,
            CaseTransfer.status == "accepted",
            CaseTransfer.payload.is_not(None),
        )
    )
    entries = []
    for payload in payloads:
        for e in json.loads(payload or "{}").get("history", []):
            stage = Stage(e["stage"]) if e.get("stage") else None
            at = dt.datetime.fromisoformat(e["at"])
            entries.append(
                TimelineEntry(at, e["who"], e["action"], e["entity"], stage, e.get("reason"))
            )
    return entries


def open_case_file(
    session: Session, actor: Actor, case_id: int, parts: tuple[type, ...]
) -> CaseFileView:
    """The case file for its tab, as much of it as the actor's role reads (role_views);
    audited as one read before anything is returned."""
    case = cases.read_case(session, actor, case_id)
    until = _sent_until(session, actor, case)
    view = CaseFileView(
        replace(header(session, case), sent=until is not None),
        role_views.person_values(actor, values_of(case.person)),
        role_views.case_values(actor, values_of(case)),
    )
    for model in role_views.readable_parts(actor, parts):
        view.parts[model] = _records(session, actor, model, case_id, until)
    view.timeline = _until(until, _readable(actor, timeline(session, case_id)))
    return view


def _sent_until(session: Session, actor: Actor, case: Case) -> dt.datetime | None:
    """For the unit a case was transferred away from: the moment it left, after which what
    the receiving unit records is not theirs to read (None: the actor reads it all)."""
    if access.case_scope(session, actor, case) != access.Scope.SENT:
        return None
    return access.left_reach_at(session, actor, case.id)  # type: ignore[no-any-return]


def _until(until: dt.datetime | None, entries: list[TimelineEntry]) -> list[TimelineEntry]:
    if until is None:
        return entries
    # The transfer's own steps stay visible to both sides, whenever they happened.
    return [e for e in entries if e.at <= until or e.entity == "case_transfer"]


def _readable(actor: Actor, entries: list[TimelineEntry]) -> list[TimelineEntry]:
    entities = role_views.readable_entities(actor)
    if entities is None:
        return entries
    own = role_views.own_only_entities(actor)
    return [
        e
        for e in entries
        if e.entity in entities and (e.entity not in own or e.user_id == actor.user_id)
    ]


def list_part(session: Session, actor: Actor, model: type, case_id: int) -> list[dict[str, Any]]:
    case = get_case(session, case_id)
    ensure_can_read(actor, case)
    role_views.ensure_part_readable(actor, model)
    until = _sent_until(session, actor, case)
    return _records(session, actor, model, case_id, until)


def reload_header(
    session: Session, actor: Actor, case_id: int
) -> tuple[CaseHeader, list[TimelineEntry]]:
    case = get_case(session, case_id)
    ensure_can_read(actor, case)
    until = _sent_until(session, actor, case)
    shown = replace(header(session, case), sent=until is not None)
    return shown, _until(until, _readable(actor, timeline(session, case_id)))


def record_values(session: Session, actor: Actor, model: type, record_id: int) -> dict[str, Any]:
    """The stored values of one record, e.g. the other workstation's side of a conflict."""
    obj = session.get(model, record_id, populate_existing=True)
    if obj is None:
        raise ValidationError("记录不存在。")
    case_id = obj.id if model is Case else getattr(obj, "case_id", None)
    if model is Person:
        case = session.scalars(select(Case).where(Case.person_id == obj.id).limit(1)).first()
    else:
        case = get_case(session, case_id)  # type: ignore[arg-type]
    if case is not None:
        ensure_can_read(actor, case)
    if model is Person:
        return role_views.person_values(actor, values_of(obj))
    if model is Case:
        return role_views.case_values(actor, values_of(obj))
    role_views.ensure_record_readable(actor, model, obj)
    return values_of(obj)
