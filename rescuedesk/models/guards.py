"""Nothing in a case file is ever hard-deleted: a mistaken record is voided with a reason."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from rescuedesk.errors import RuleViolation
from rescuedesk.models.audit import AuditEvent
from rescuedesk.models.base import CaseRecord
from rescuedesk.models.case import Case, StageChange
from rescuedesk.models.person import Person

PROTECTED = (Person, Case, CaseRecord, StageChange, AuditEvent)


@event.listens_for(Session, "before_flush")
def _refuse_deletes(session: Session, _context: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, PROTECTED):
            raise RuleViolation("档案记录不能删除；如记录有误，请作废并填写理由。")
