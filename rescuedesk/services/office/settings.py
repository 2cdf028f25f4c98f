"""Database-wide settings kept by an administrator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import ValidationError
from rescuedesk.models import Setting
from rescuedesk.models.enums import Role
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import ensure_role
from rescuedesk.services.office.context import Actor


@dataclass(frozen=True)
class Spec:
    default: Any
    check: Any  # value -> error message or None


SPECS: dict[str, Spec] = {
    # Years after closure when a case's personal data may be purged; None: never.
    "retention_years": Spec(
        None,
        lambda v: (
            None
            if v is None or (isinstance(v, int) and 1 <= v <= 100)
            else "保存期限应为1到100年，或不设置。"
        ),
    ),
    # Minutes without input before the window locks (the desktop program).
    "idle_lock_minutes": Spec(
        5, lambda v: None if isinstance(v, int) and 1 <= v <= 30 else "自动锁定时间应为1到30分钟。"
    ),
    # Days the automatic daily backups of the embedded database are kept (daily_backup.py).
    "backup_keep_days": Spec(
        14,
        lambda v: (
            None
            if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 365
            else "自动备份的保留天数应为1到365天。"
        ),
    ),
}


def get(session: Session, key: str) -> Any:
    spec = SPECS[key]
    row = session.get(Setting, key)
    return spec.default if row is None else row.value.get("value")


def set_value(session: Session, actor: Actor, key: str, value: Any) -> None:
    ensure_role(actor, Role.ADMIN, what="修改系统设置")
    spec = SPECS.get(key)
    if spec is None:
        raise ValidationError(f"没有名为 {key} 的设置。", field="key")
    problem = spec.check(value)
    if problem:
        raise ValidationError(problem, field=key)
    row = session.get(Setting, key, with_for_update=True)
    before = spec.default if row is None else row.value.get("value")
    if row is None:
        row = Setting(
            key=key, value={"value": value}, updated_at=clock.now(), updated_by_id=actor.user_id
        )
        session.add(row)
    else:
        row.value = {"value": value}
        row.updated_at = clock.now()
        row.updated_by_id = actor.user_id
    session.flush()
    audit.record(session, actor, "setting", "setting", None, changes={key: [before, value]})
