"""Writing the audit trail, in the same transaction as the change it records."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.models import AuditEvent
from rescuedesk.security import audit_chain
from rescuedesk.services.context import Actor


def jsonable(value: Any) -> Any:
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
) -> AuditEvent:
    event = AuditEvent(
        at=clock.now(),
        user_id=actor.user_id,
        actor_label=actor.label,
        action=action,
        entity=entity,
        entity_id=entity_id,
        case_id=case_id,
        person_id=person_id,
        changes=jsonable(dict(changes or {})),
        version=version,
        reason=reason,
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


def history(session: Session, *, case_id: int) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)
        )
    )
