"""The audit trail as an auditor reads it: filtered by person, user, action and date.

Reading the trail is itself recorded (who looked, with which filter). Values sealed under a
person key are opened, or shown as "（已清除）" once a purge destroyed the key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk.models import AuditEvent
from rescuedesk.models.enums import Role
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import ensure_role
from rescuedesk.services.office.context import Actor

MAX_ROWS = 1000


@dataclass(frozen=True)
class AuditFilter:
    person_id: int | None = None
    case_id: int | None = None
    user_id: int | None = None
    action: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def list_events(
    session: Session,
    actor: Actor,
    f: AuditFilter = AuditFilter(),
    *,
    limit: int = 200,
    offset: int = 0,
) -> list[audit.AuditEntry]:
    """Newest first; only auditors read the trail."""
    ensure_role(actor, Role.AUDITOR, what="查看审计记录")
    query = select(AuditEvent)
    if f.person_id is not None:
        query = query.where(AuditEvent.person_id == f.person_id)
    if f.case_id is not None:
        query = query.where(AuditEvent.case_id == f.case_id)
    if f.user_id is not None:
        query = query.where(AuditEvent.user_id == f.user_id)
    if f.action:
        query = query.where(AuditEvent.action == f.action)
    if f.date_from is not None:
        query = query.where(AuditEvent.at >= dt.datetime.combine(f.date_from, dt.time.min))
    if f.date_to is not None:
        query = query.where(
            AuditEvent.at < dt.datetime.combine(f.date_to + dt.timedelta(days=1), dt.time.min)
        )
    rows = audit.readable(
        session,
        session.scalars(
            query.order_by(AuditEvent.id.desc()).limit(min(limit, MAX_ROWS)).offset(offset)
        ).all(),
    )
    audit.record(
        session,
        actor,
        "audit_read",
        "audit_event",
        None,
        changes={
            "filter": {
                k: (v.isoformat() if isinstance(v, dt.date) else v)
                for k, v in f.__dict__.items()
                if v is not None
            },
            "rows": len(rows),
        },
    )
    return rows
