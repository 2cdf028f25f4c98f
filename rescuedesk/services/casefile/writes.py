"""The two ways a service writes a record: insert it, or change some of its fields.

Both flush inside the caller's transaction and record the audit event with the record's new
version, which is what lets a later stale save name the fields changed meanwhile.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from rescuedesk.models import AuditEvent
from rescuedesk.services.office import audit
from rescuedesk.services.office.context import Actor


def insert(
    session: Session,
    actor: Actor,
    obj: Any,
    values: Mapping[str, Any],
    *,
    case_id: int | None = None,
    person_id: int | None = None,
    is_case: bool = False,
    is_person: bool = False,
) -> AuditEvent:
    """Insert ``obj``; ``is_case``/``is_person`` file the event under the new record's id.

    An ``obj`` already written (loaded after a bulk insert of its row, as
    :func:`rescuedesk.services.people.bulk.insert_person` does) is only audited: adding and
    flushing a persistent, unchanged object does nothing."""
    session.add(obj)
    session.flush()
    if is_case:
        case_id = obj.id
    if is_person:
        person_id = obj.id
    return audit.record(
        session,
        actor,
        "create",
        obj.__tablename__,
        obj.id,
        case_id=case_id,
        person_id=person_id,
        changes=audit.diff({}, values),
        version=getattr(obj, "version", None),
    )


def apply_changes(
    session: Session,
    actor: Actor,
    obj: Any,
    current: Mapping[str, Any],
    target: Mapping[str, Any],
    *,
    case_id: int | None = None,
    person_id: int | None = None,
) -> dict[str, list[Any]]:
    """Set the fields of ``target`` that differ from ``current``; audit them if any did."""
    changed = audit.diff(current, target)
    for name in changed:
        setattr(obj, name, target[name])
    session.flush()
    if changed:
        audit.record(
            session,
            actor,
            "update",
            obj.__tablename__,
            obj.id,
            case_id=case_id,
            person_id=person_id,
            changes=changed,
            version=obj.version,
        )
    return changed
