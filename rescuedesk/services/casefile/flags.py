"""The flags of a case (forced labour, forced begging, urgent medical need, a safety risk...):
set and removed by a caseworker with a reason, each change audited.

The case header shows them and the case list filters by them (case_queries.CaseFilter.flag).
A flag row says who set it and when; a removal deletes the row. Why is said once, in the
audit event of each change, whose reason is sealed under the person's key: the purge ends it
with the person's other notes, and the removals stay on the timeline. The automatic flags a
new case gets from the person's record (new_cases.automatic_flags) are changed the same way
when they no longer hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import RuleViolation, ValidationError
from rescuedesk.models import AuditEvent, Case, CaseFlagEntry, User
from rescuedesk.models.enums import CaseFlag
from rescuedesk.reference.labels import enum_label
from rescuedesk.services.casefile import role_views
from rescuedesk.services.casefile.fields import to_enum
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import ensure_can_read, ensure_can_write, get_case
from rescuedesk.services.office.context import Actor


@dataclass(frozen=True)
class FlagState:
    """A flag as the flag dialog shows it."""

    flag: CaseFlag
    is_set: bool
    set_at: dt.datetime | None = None
    set_by: str = ""
    # Why it was last set (None: set at registration, or not for this role to read).
    reason: str | None = None
    # Set when the case was registered, from the person's record (new_cases.automatic_flags).
    automatic: bool = False


def flag_states(session: Session, actor: Actor, case_id: int) -> list[FlagState]:
    """Every flag, set or not, in the order of CaseFlag; who set it, when and why."""
    case = get_case(session, case_id)
    ensure_can_read(actor, case)
    whole = role_views.reads_whole_file(actor)
    entries = {e.flag: e for e in case.flag_entries}
    reasons = _reasons(session, case_id)
    states = []
    for flag in CaseFlag:
        entry = entries.get(flag)
        if entry is None:
            states.append(FlagState(flag, False))
            continue
        user = session.get(User, entry.set_by_id) if entry.set_by_id else None
        states.append(
            FlagState(
                flag,
                True,
                entry.set_at,
                user.full_name if user else "",
                reasons.get(flag) if whole else None,
                automatic=flag not in reasons,
            )
        )
    return states


def _reasons(session: Session, case_id: int) -> dict[CaseFlag, str]:
    """Why each flag was last set, from the audit trail ("" for a flag of the registration)."""
    events = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.case_id == case_id,
            AuditEvent.entity == "case_flag",
            AuditEvent.action == "flag_set",
        )
        .order_by(AuditEvent.id)
    ).all()
    reasons: dict[CaseFlag, str] = {}
    for event in audit.readable(session, events):
        flag = CaseFlag(event.changes["flag"][1])
        label = f"{enum_label(flag)}："
        text = event.reason or ""
        reasons[flag] = text.removeprefix(label)
    return reasons


def change_flags(
    session: Session,
    actor: Actor,
    case_id: int,
    *,
    set_flags: Iterable[CaseFlag | str] = (),
    remove_flags: Iterable[CaseFlag | str] = (),
    reason: str,
) -> Case:
    """Set some flags and remove others, for one reason, in the caller's transaction; each
    change is its own audit event. A flag set (or removed) meanwhile by someone else is
    refused, so nobody overwrites a change they did not see."""
    to_set = [to_enum("flag", CaseFlag, f) for f in set_flags]
    to_remove = [to_enum("flag", CaseFlag, f) for f in remove_flags]
    if not to_set and not to_remove:
        raise ValidationError("没有要设置或取消的标记。", field="flag")
    if set(to_set) & set(to_remove):
        raise ValidationError("同一个标记不能同时设置和取消。", field="flag")
    if reason is None or not reason.strip():
        raise ValidationError("设置或取消标记需要填写理由。", field="reason")
    reason = reason.strip()
    case = get_case(session, case_id, lock=True)
    ensure_can_write(actor, case)
    current = {e.flag: e for e in case.flag_entries}
    already = [f for f in to_set if f in current]
    gone = [f for f in to_remove if f not in current]
    if already or gone:
        words = [f"“{enum_label(f)}”已经设置" for f in already]
        words += [f"“{enum_label(f)}”已经取消" for f in gone]
        raise RuleViolation("；".join(words) + "（可能是别人刚刚改过）。请关闭后重新打开再试。")
    now = clock.now()
    for flag in to_remove:
        case.flag_entries.remove(current[flag])
    for flag in to_set:
        case.flag_entries.append(CaseFlagEntry(flag=flag, set_at=now, set_by_id=actor.user_id))
    session.flush()
    for flag in to_remove:
        _audit(session, actor, case, "flag_removed", flag, [flag, None], reason)
    for flag in to_set:
        _audit(session, actor, case, "flag_set", flag, [None, flag], reason)
    return case


def _audit(
    session: Session,
    actor: Actor,
    case: Case,
    action: str,
    flag: CaseFlag,
    change: list[CaseFlag | None],
    reason: str,
) -> None:
    audit.record(
        session,
        actor,
        action,
        "case_flag",
        case.id,
        case_id=case.id,
        person_id=case.person_id,
        changes={"flag": change},
        reason=f"{enum_label(flag)}：{reason}",  # sealed under the person's key
    )


def set_flag(
    session: Session, actor: Actor, case_id: int, flag: CaseFlag | str, reason: str
) -> Case:
    return change_flags(session, actor, case_id, set_flags=[flag], reason=reason)


def remove_flag(
    session: Session, actor: Actor, case_id: int, flag: CaseFlag | str, reason: str
) -> Case:
    return change_flags(session, actor, case_id, remove_flags=[flag], reason=reason)
