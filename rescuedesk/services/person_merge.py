"""Merging two records of the same person, and undoing it (issue #5).

A merge moves every case of the *absorbed* record to the *kept* one; visits, stage history
and every other record follow their case, so nothing is copied and nothing is lost. The
absorbed record is kept, marked ``merged_into_id`` (nothing in a case file is deleted), and a
:class:`PersonMerge` row says who merged what and when, which cases moved and the values on
which the two records differed. :func:`unmerge` puts the moved cases back and clears the mark:
the records are then as they were before the merge.

Who may merge: a caseworker or a supervisor who may edit *every* case of both records (for a
caseworker, cases that are all their own; for a supervisor, cases within their region). Moving
a case between records changes whom the file is about, so reach over part of it is not enough.
Closed cases may move: the merge changes no content of the case.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from rescuedesk.models import Case, Person, PersonMerge
from rescuedesk.services import audit, writes
from rescuedesk.services.access import (
    CASE_ROLES,
    Action,
    allowed,
    case_scope,
    ensure_role,
    load_for_update,
)
from rescuedesk.services.context import Actor
from rescuedesk.services.fields import snapshot

# Fields compared (and recorded when they differ): what describes the person, not bookkeeping.
COMPARED = tuple(
    c.key
    for c in Person.__table__.columns
    if c.key
    not in {
        "id",
        "version",
        "created_at",
        "updated_at",
        "merged_into_id",
        "purged_at",
        "name_pinyin",
        "name_initials",
        "alias_pinyin",
        "alias_initials",
    }
)


def _reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise ValidationError("请填写合并或撤销合并的理由。", field="reason")
    return reason.strip()


def _cases_of(session: Session, person_id: int) -> list[Case]:
    return list(
        session.scalars(
            select(Case).where(Case.person_id == person_id).order_by(Case.id).with_for_update()
        )
    )


def _ensure_reach(session: Session, actor: Actor, cases: list[Case]) -> None:
    ensure_role(actor, *CASE_ROLES, what="合并受助人档案")
    if actor.is_system:
        return
    for case in cases:
        if not allowed(actor.role, Action.EDIT_CASE, case_scope(session, actor, case)):
            raise PermissionDenied(
                f"个案 {case.case_number} 不在您的权限范围内：请由能管理两份档案全部个案的"
                "主管合并。"
            )


def differing_values(kept: Person, absorbed: Person) -> dict[str, list[object]]:
    """{field: [kept value, absorbed value]} where the absorbed record says something else."""
    a, b = snapshot(kept, COMPARED), snapshot(absorbed, COMPARED)
    return {
        k: [audit.jsonable(a[k]), audit.jsonable(b[k])]
        for k in COMPARED
        if b[k] not in (None, "", []) and audit.jsonable(a[k]) != audit.jsonable(b[k])
    }


def merge_persons(
    session: Session, actor: Actor, keep_id: int, absorb_id: int, reason: str
) -> PersonMerge:
    """Move every case of ``absorb_id`` to ``keep_id`` and mark the absorbed record merged."""
    why = _reason(reason)
    if keep_id == absorb_id:
        raise ValidationError("不能把一份档案合并到它自己。", field="absorb_id")
    # Lock in id order so two workstations merging the same pair cannot deadlock.
    locked = {
        pid: load_for_update(session, Person, pid, None) for pid in sorted((keep_id, absorb_id))
    }
    kept, absorbed = locked[keep_id], locked[absorb_id]
    for person in (kept, absorbed):
        if person.merged_into_id is not None:
            raise RuleViolation(
                f"受助人 {person.display_name}（编号 {person.id}）已合并到编号 "
                f"{person.merged_into_id}，请对保留的那份档案操作。"
            )
        if person.purged_at is not None:
            raise RuleViolation("个人信息已按保存期限清除的档案不能合并。")
    if kept.id_number and absorbed.id_number and kept.id_number != absorbed.id_number:
        raise RuleViolation("两份档案的身份证号不同，不是同一人，不能合并。")
    if absorbed.id_number and not kept.id_number:
        raise RuleViolation("只有被合并的档案有身份证号：请保留有身份证号的那一份。")
    moving = _cases_of(session, absorbed.id)
    _ensure_reach(session, actor, moving + _cases_of(session, kept.id))
    merge = PersonMerge(
        kept_person_id=kept.id,
        absorbed_person_id=absorbed.id,
        case_ids=[c.id for c in moving],
        absorbed_values=differing_values(kept, absorbed),
        reason=why,
        merged_at=clock.now(),
        merged_by_id=actor.user_id,
    )
    session.add(merge)
    session.flush()
    _move(session, actor, moving, absorbed.id, kept.id)
    writes.apply_changes(
        session,
        actor,
        absorbed,
        {"merged_into_id": None},
        {"merged_into_id": kept.id},
        person_id=absorbed.id,
    )
    audit.record(
        session,
        actor,
        "merge",
        "person_merge",
        merge.id,
        person_id=kept.id,
        changes={
            "kept_person_id": kept.id,
            "absorbed_person_id": absorbed.id,
            "case_ids": merge.case_ids,
            "absorbed_values": merge.absorbed_values,
        },
        reason=why,
    )
    return merge


def unmerge(session: Session, actor: Actor, merge_id: int, reason: str) -> PersonMerge:
    """Put the cases a merge moved back on the absorbed record and clear its mark."""
    why = _reason(reason)
    merge = session.get(PersonMerge, merge_id, with_for_update=True, populate_existing=True)
    if merge is None:
        raise NotFound("合并记录不存在。")
    if merge.unmerged_at is not None:
        raise RuleViolation("这次合并已经撤销过了。")
    kept = load_for_update(session, Person, merge.kept_person_id, None)
    absorbed = load_for_update(session, Person, merge.absorbed_person_id, None)
    if kept.merged_into_id is not None:
        raise RuleViolation(
            f"保留的档案后来又合并到编号 {kept.merged_into_id}：请先撤销后来的那次合并。"
        )
    if absorbed.merged_into_id != kept.id:
        raise RuleViolation("被合并的档案已不再标记为合并，无法撤销。")
    moved = [session.get(Case, cid, with_for_update=True) for cid in merge.case_ids]
    if any(c is None or c.person_id != kept.id for c in moved):
        raise RuleViolation("合并时转移的个案后来已被移动，无法自动撤销。")
    cases = [c for c in moved if c is not None]
    _ensure_reach(session, actor, cases + _cases_of(session, absorbed.id))
    _move(session, actor, cases, kept.id, absorbed.id)
    writes.apply_changes(
        session,
        actor,
        absorbed,
        {"merged_into_id": kept.id},
        {"merged_into_id": None},
        person_id=absorbed.id,
    )
    merge.unmerged_at = clock.now()
    merge.unmerged_by_id = actor.user_id
    merge.unmerge_reason = why
    session.flush()
    audit.record(
        session,
        actor,
        "unmerge",
        "person_merge",
        merge.id,
        person_id=absorbed.id,
        changes={"case_ids": merge.case_ids, "unmerged_at": [None, merge.unmerged_at]},
        reason=why,
    )
    return merge


def _move(session: Session, actor: Actor, cases: list[Case], from_id: int, to_id: int) -> None:
    for case in cases:
        writes.apply_changes(
            session,
            actor,
            case,
            {"person_id": from_id},
            {"person_id": to_id},
            case_id=case.id,
            person_id=to_id,
        )


def merges_of(session: Session, person_id: int) -> list[PersonMerge]:
    """Every merge the person took part in, newest first (for the person's history)."""
    return list(
        session.scalars(
            select(PersonMerge)
            .where(
                (PersonMerge.kept_person_id == person_id)
                | (PersonMerge.absorbed_person_id == person_id)
            )
            .order_by(PersonMerge.id.desc())
        )
    )
