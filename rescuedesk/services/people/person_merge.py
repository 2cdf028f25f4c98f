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

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from rescuedesk.models import Case, Person, PersonMerge, User
from rescuedesk.models.enums import Sex
from rescuedesk.services.casefile import writes
from rescuedesk.services.casefile.fields import snapshot
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import (
    CASE_ROLES,
    Action,
    allowed,
    case_scope,
    ensure_can_read,
    ensure_role,
    load_for_update,
)
from rescuedesk.services.office.context import Actor

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


def check_ids(kept: Person, absorbed: Person) -> None:
    """The ID-number rules of a merge: two different numbers are two people, and the record
    with the number is the one kept."""
    if kept.id_number and absorbed.id_number and kept.id_number != absorbed.id_number:
        raise RuleViolation("两份档案的身份证号不同，不是同一人，不能合并。")
    if absorbed.id_number and not kept.id_number:
        raise RuleViolation("只有被合并的档案有身份证号：请保留有身份证号的那一份。")


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
    check_ids(kept, absorbed)
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


# -- what the program shows: both records side by side, and a person's merges ----------------


@dataclass(frozen=True)
class PersonCard:
    """One person record as the merge dialog shows it beside the other."""

    person_id: int
    real_name: str | None
    alias: str | None
    sex: Sex
    birth_date: dt.date | None
    birth_year_estimated: int | None
    id_number: str | None
    household_registration_code: str | None
    ethnicity: str | None
    case_numbers: list[str] = field(default_factory=list)  # those the user may see

    @property
    def display_name(self) -> str:
        return self.real_name or self.alias or f"无名氏#{self.person_id}"


def _visible_case_numbers(session: Session, actor: Actor, person_id: int) -> list[str]:
    return [
        c.case_number
        for c in session.scalars(select(Case).where(Case.person_id == person_id).order_by(Case.id))
        if actor.is_system or allowed(actor.role, Action.READ_CASE, case_scope(session, actor, c))
    ]


def persons_for_merge(session: Session, actor: Actor, case_ids: Sequence[int]) -> list[PersonCard]:
    """The person records of two cases (chosen in the case list), to compare before a merge.

    The user must be able to read both cases; reading the two records is audited, one event
    per person, like opening a case file.
    """
    ensure_role(actor, *CASE_ROLES, what="合并受助人档案")
    if len(case_ids) != 2:
        raise ValidationError("请选中两个个案：每个受助人的一个个案。", field="case_ids")
    found = []
    for case_id in case_ids:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"个案（编号 {case_id}）不存在。")
        ensure_can_read(actor, case)
        found.append(case)
    if found[0].person_id == found[1].person_id:
        raise ValidationError("两个个案是同一位受助人的，无需合并。", field="case_ids")
    cards = []
    for case in found:
        p = case.person
        audit.record(
            session,
            actor,
            "read",
            "person",
            p.id,
            case_id=case.id,
            person_id=p.id,
            reason="合并前比较",
        )
        cards.append(
            PersonCard(
                person_id=p.id,
                real_name=p.real_name,
                alias=p.alias,
                sex=p.sex,
                birth_date=p.birth_date,
                birth_year_estimated=p.birth_year_estimated,
                id_number=p.id_number,
                household_registration_code=p.household_registration_code,
                ethnicity=p.ethnicity,
                case_numbers=_visible_case_numbers(session, actor, p.id),
            )
        )
    return cards


def keep_problem(session: Session, actor: Actor, keep_id: int, absorb_id: int) -> str | None:
    """Why keeping ``keep_id`` (and absorbing ``absorb_id``) would be refused, or None.

    The same rule :func:`merge_persons` applies, asked before the user confirms.
    """
    ensure_role(actor, *CASE_ROLES, what="合并受助人档案")
    kept, absorbed = session.get(Person, keep_id), session.get(Person, absorb_id)
    if kept is None or absorbed is None:
        return "受助人档案不存在。"
    try:
        check_ids(kept, absorbed)
    except RuleViolation as exc:
        return exc.message
    return None


@dataclass(frozen=True)
class MergeEntry:
    """A merge as the case tab lists it: who merged which record into which, when and why."""

    merge_id: int
    merged_at: dt.datetime
    merged_by: str
    kept_person_id: int
    kept_name: str
    absorbed_person_id: int
    absorbed_name: str
    case_numbers: list[str]  # the cases the merge moved
    reason: str
    unmerged_at: dt.datetime | None = None
    unmerged_by: str | None = None
    unmerge_reason: str | None = None


def _user_name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id else None
    return user.full_name if user else "系统"


def merge_history(session: Session, actor: Actor, case_id: int) -> list[MergeEntry]:
    """The merges of the person a case belongs to (newest first), for the case tab.

    Reading it needs the same right as reading the case; the case file it is shown in was
    opened with an audited read.
    """
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"个案（编号 {case_id}）不存在。")
    ensure_can_read(actor, case)
    out = []
    for m in merges_of(session, case.person_id):
        kept = session.get(Person, m.kept_person_id)
        absorbed = session.get(Person, m.absorbed_person_id)
        assert kept is not None and absorbed is not None
        numbers = [
            c.case_number for c in (session.get(Case, cid) for cid in m.case_ids) if c is not None
        ]
        out.append(
            MergeEntry(
                merge_id=m.id,
                merged_at=m.merged_at,
                merged_by=_user_name(session, m.merged_by_id),
                kept_person_id=kept.id,
                kept_name=kept.display_name,
                absorbed_person_id=absorbed.id,
                absorbed_name=absorbed.display_name,
                case_numbers=numbers,
                reason=m.reason,
                unmerged_at=m.unmerged_at,
                unmerged_by=_user_name(session, m.unmerged_by_id) if m.unmerged_at else None,
                unmerge_reason=m.unmerge_reason,
            )
        )
    return out
