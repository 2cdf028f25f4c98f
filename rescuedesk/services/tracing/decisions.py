"""A caseworker's decision on a proposed match: confirmed (she may be the family's missing
child) or dismissed, always with a reason.

The decision is the case's: checked against ``Action.DECIDE_MATCH`` on her case (its
caseworker, a supervisor of the unit), audited on the case so that it is on its timeline,
with the reason sealed under her key. A confirmation marks the inquiry matched, and the next
step is a letter asking the police for a DNA comparison: the program records that the police
were asked and, later, what they reference, never a DNA result (HLJ 47; NH 二.2; GS 19).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import RuleViolation, ValidationError
from rescuedesk.models.inquiry import InquiryMatch, TracingInquiry
from rescuedesk.services.casefile.dna_text import REFUSAL, dna_content
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import Action, ensure, get_case, load_for_update
from rescuedesk.services.office.context import Actor

NEXT_STEP = "下一步：请向公安机关发函，请求进行DNA比对（本程序不记录DNA数据）。"


def confirm(
    session: Session,
    actor: Actor,
    match_id: int,
    reason: str,
    expected_version: int | None = None,
) -> InquiryMatch:
    """She may be the one the family seeks: the inquiry is marked matched."""
    return _decide(session, actor, match_id, "confirmed", reason, expected_version)


def dismiss(
    session: Session,
    actor: Actor,
    match_id: int,
    reason: str,
    expected_version: int | None = None,
) -> InquiryMatch:
    """She is not: the person is not proposed again for this inquiry until either changes."""
    return _decide(session, actor, match_id, "dismissed", reason, expected_version)


def _decide(
    session: Session,
    actor: Actor,
    match_id: int,
    status: str,
    reason: str,
    expected_version: int | None,
) -> InquiryMatch:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("确认或排除比对结果需要填写理由。", field="reason")
    if what := dna_content(reason):
        raise ValidationError(REFUSAL.format(what=what), field="reason")
    match = load_for_update(session, InquiryMatch, match_id, expected_version)
    if match.case_id is None:
        raise RuleViolation("这条比对结果没有对应的个案，不能确认或排除。")
    case = get_case(session, match.case_id)
    ensure(actor, Action.DECIDE_MATCH, case)
    if match.status == status:
        said = "确认" if status == "confirmed" else "排除"
        raise RuleViolation(f"这条比对结果已经{said}。")
    inquiry = session.get(TracingInquiry, match.inquiry_id, with_for_update=True)
    assert inquiry is not None
    if inquiry.status == "closed":
        raise RuleViolation(f"寻亲查询 {inquiry.inquiry_number} 已关闭。")
    before = match.status
    match.status = status
    match.decided_by_id = actor.user_id
    match.decided_at = clock.now()
    match.decision_reason = reason
    if status == "confirmed" and inquiry.status == "open":
        inquiry.status = "matched"
    elif (
        status == "dismissed"
        and inquiry.status == "matched"
        and not _confirmed_other(session, match)
    ):
        inquiry.status = "open"  # the one it was matched with is not her after all
    session.flush()
    audit.record(
        session,
        actor,
        "match_confirmed" if status == "confirmed" else "match_dismissed",
        InquiryMatch.__tablename__,
        match.id,
        case_id=case.id,
        person_id=match.person_id,
        version=match.version,
        reason=reason,
        changes={
            "inquiry_number": inquiry.inquiry_number,
            "score": match.score,
            "status": [before, status],
        },
    )
    return match


def _confirmed_other(session: Session, match: InquiryMatch) -> bool:
    query = select(InquiryMatch.id).where(
        InquiryMatch.inquiry_id == match.inquiry_id,
        InquiryMatch.status == "confirmed",
        InquiryMatch.id != match.id,
    )
    return session.scalar(query.limit(1)) is not None
