"""A case transfer between two databases as an encrypted package (issue #14)."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from rescuedesk.errors import ValidationError
from rescuedesk.models import Case, User
from rescuedesk.models.transfer import CaseTransfer
from rescuedesk.services.office.context import Actor


def person_name(transfer: CaseTransfer) -> str:
    """The person's name as the package gives it (before acceptance there is no person row)."""
    if not transfer.payload:
        return ""
    person = json.loads(transfer.payload).get("person", {})
    return str(person.get("real_name") or person.get("alias") or "")


def materialise(session: Session, actor: Actor, transfer: CaseTransfer, caseworker: User) -> Case:
    raise ValidationError("转移包的接收尚未实现。")
