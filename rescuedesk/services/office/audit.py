"""Writing the audit trail, in the same transaction as the change it records, and reading it.

An event about a person keeps the values of personal fields, and its reason, encrypted under
that person's key (security/audit_seal.py), which a purge destroys. Readers get
``AuditEntry`` with those values opened, or "（已清除）" once the key is gone.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.models import AuditEvent, Base
from rescuedesk.models.personal import personal_columns
from rescuedesk.models.sealed import sealed_columns
from rescuedesk.security import audit_chain, audit_seal
from rescuedesk.services.office.context import Actor


def jsonable(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        # A photo: the trail says which picture it was, never holds the picture.
        data = bytes(value)
        return {"sha256": hashlib.sha256(data).hexdigest(), "byte_size": len(data)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{"field": [old, new]} for the fields whose value changed."""
    out: dict[str, list[Any]] = {}
    for key in after:
        old, new = jsonable(before.get(key)), jsonable(after[key])
        if old != new:
            out[key] = [old, new]
    return out


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    case_id: int | None = None,
    person_id: int | None = None,
    changes: Mapping[str, Any] | None = None,
    version: int | None = None,
    reason: str | None = None,
    seal: bool = True,
) -> AuditEvent:
    """Append an event. With ``person_id``, personal values and the reason are sealed under
    the person's key; ``seal=False`` only for an event that holds nothing personal."""
    values = jsonable(dict(changes or {}))
    key_id: int | None = None
    if seal and person_id is not None:
        personal = [name for name in values if name in personal_fields()]
        if personal or reason:
            audit_chain.lock(session)  # so no two writers create the person's key at once
            key_id, key = audit_seal.key_for_writing(session, person_id)
            for name in personal:
                values[name] = audit_seal.seal_value(key, person_id, name, values[name])
            if reason:
                reason = audit_seal.seal_text(key, person_id, reason)
    event = AuditEvent(
        at=clock.now(),
        user_id=actor.user_id,
        actor_label=actor.label,
        action=action,
        entity=entity,
        entity_id=entity_id,
        case_id=case_id,
        person_id=person_id,
        changes=values,
        version=version,
        reason=reason,
        person_key_id=key_id,
    )
    audit_chain.seal(session, event)
    session.add(event)
    return event


def fields_changed_since(session: Session, entity: str, entity_id: int, version: int) -> list[str]:
    """Fields written by saves that produced a version newer than ``version``."""
    rows: Iterable[dict[str, Any]] = session.scalars(
        select(AuditEvent.changes).where(
            AuditEvent.entity == entity,
            AuditEvent.entity_id == entity_id,
            AuditEvent.version > version,
        )
    )
    names: set[str] = set()
    for changes in rows:
        names.update(changes)
    return sorted(names)


def history(session: Session, *, case_id: int) -> list[AuditEntry]:
    return readable(
        session,
        session.scalars(
            select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)
        ).all(),
    )


# Keys of events' changes that are not columns but name people: a letter's addressee may be a
# relative or a guardian.
PERSONAL_KEYS = frozenset({"recipient"})


@functools.cache
def personal_fields() -> frozenset[str]:
    """Names of the fields whose values are sealed in events about a person: every column
    marked personal on the models (models/personal.py) and every sealed column."""
    names = set(PERSONAL_KEYS)
    for table in Base.metadata.sorted_tables:
        names.update(c.key for c in personal_columns(table))
    for columns in sealed_columns(Base.metadata).values():
        names.update(columns)
    return frozenset(names)


@dataclass(frozen=True)
class AuditEntry:
    """An event as a reader sees it: sealed values opened, or "（已清除）"."""

    id: int
    at: dt.datetime
    user_id: int | None
    actor_label: str
    action: str
    entity: str
    entity_id: int | None
    case_id: int | None
    person_id: int | None
    version: int | None
    changes: dict[str, Any]
    reason: str | None
    cleared: bool = False  # the person key was destroyed: personal values are gone


def readable(session: Session, events: Sequence[AuditEvent]) -> list[AuditEntry]:
    """Open what each event sealed under a person key, with one query for the keys."""
    keys = audit_seal.keys_by_id(session, (e.person_key_id for e in events if e.person_key_id))
    out: list[AuditEntry] = []
    for e in events:
        changes, reason, cleared = dict(e.changes or {}), e.reason, False
        if e.person_key_id is not None and e.person_id is not None:
            owner, key = keys.get(e.person_key_id, (e.person_id, None))
            cleared = e.person_key_id not in keys
            if owner != e.person_id:
                key = None
            for name, value in changes.items():
                if audit_seal.is_sealed(value):
                    changes[name] = (
                        audit_seal.CLEARED
                        if cleared
                        else audit_seal.open_value(key, e.person_id, name, value)
                    )
            if reason:
                reason = (
                    audit_seal.CLEARED
                    if cleared
                    else audit_seal.open_text(key, e.person_id, reason)
                )
        out.append(
            AuditEntry(
                e.id,
                e.at,
                e.user_id,
                e.actor_label,
                e.action,
                e.entity,
                e.entity_id,
                e.case_id,
                e.person_id,
                e.version,
                changes,
                reason,
                cleared,
            )
        )
    return out
