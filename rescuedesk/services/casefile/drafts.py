"""Drafts: the unsaved input of a user whose locked window someone else took over (#7).

The input never sits in a widget of the other user's session: it is written here, for its
author only, and offered back at their next log-in. Taking a draft back (or dropping it)
empties it, so personal data does not linger in a side table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import NotFound, PermissionDenied
from rescuedesk.models import Draft
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import get_case
from rescuedesk.services.office.context import Actor


@dataclass(frozen=True)
class DraftInfo:
    id: int
    case_id: int | None
    case_number: str
    kept_at: Any


def keep(session: Session, author: Actor, case_id: int | None, payload: Mapping[str, Any]) -> int:
    """Keep ``author``'s unsaved input of one case tab."""
    if author.user_id is None:
        raise PermissionDenied("草稿只能属于一个账户。")
    case = get_case(session, case_id) if case_id is not None else None
    draft = Draft(
        user_id=author.user_id, case_id=case_id, payload=dict(payload), kept_at=clock.now()
    )
    session.add(draft)
    session.flush()
    audit.record(
        session,
        author,
        "draft_kept",
        "draft",
        draft.id,
        case_id=case_id,
        person_id=case.person_id if case else None,
    )
    return draft.id


def pending(session: Session, actor: Actor) -> list[DraftInfo]:
    from rescuedesk.models import Case

    rows = session.execute(
        select(Draft.id, Draft.case_id, Case.case_number, Draft.kept_at)
        .outerjoin(Case, Case.id == Draft.case_id)
        .where(Draft.user_id == actor.user_id, Draft.closed_at.is_(None))
        .order_by(Draft.id)
    )
    return [DraftInfo(r.id, r.case_id, r.case_number or "", r.kept_at) for r in rows]


def _own(session: Session, actor: Actor, draft_id: int) -> Draft:
    draft = session.get(Draft, draft_id, with_for_update=True)
    if draft is None or draft.closed_at is not None:
        raise NotFound("草稿不存在或已处理。")
    if draft.user_id != actor.user_id:
        raise PermissionDenied("只有草稿的作者能取回它。")
    return draft


def take(session: Session, actor: Actor, draft_id: int) -> dict[str, Any]:
    """Return the input to its author and empty the draft."""
    draft = _own(session, actor, draft_id)
    payload = dict(draft.payload)
    _close(session, actor, draft, "draft_taken")
    return payload


def drop(session: Session, actor: Actor, draft_id: int) -> None:
    _close(session, actor, _own(session, actor, draft_id), "draft_dropped")


def _close(session: Session, actor: Actor, draft: Draft, action: str) -> None:
    draft.payload = {}
    draft.closed_at = clock.now()
    session.flush()
    audit.record(session, actor, action, "draft", draft.id, case_id=draft.case_id)
