"""Consent gates: data leaves the case file only with the person's consent for that purpose.

A guardian's consent for a child under 14 (PIPL art. 31; age from the birth date, and a
person whose age is only estimated counts as a child when they may be under 14). Without
consent the service refuses; a supervisor may override with a reason, which is audited
on the case and so appears in its timeline.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import PermissionDenied, RuleViolation, ValidationError
from rescuedesk.models import Case, Consent, Person
from rescuedesk.models.enums import ConsentGiver, ConsentPurpose, Role
from rescuedesk.reference.labels import CONSENT_RECIPIENT_LABELS
from rescuedesk.services.casefile.rules import CONSENT_OWN_AGE
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import Action, ensure
from rescuedesk.services.office.context import Actor

PURPOSE_WORDS = {
    ConsentPurpose.CARE: "接受救助",
    ConsentPurpose.DATA_SHARING: "向该机构提供个人信息",
    ConsentPurpose.TRACING: "寻亲（发布寻亲公告等）",
    ConsentPurpose.RESEARCH: "研究与统计",
}


class ConsentRequired(RuleViolation):
    """No valid consent for this use of the person's data."""


def _possibly_under(person: Person, age: int, on: dt.date) -> bool:
    ages = person.age_range_on(on)
    return ages is None or ages[0] < age


def valid_consent(
    session: Session,
    case: Case,
    purpose: ConsentPurpose,
    *,
    recipient: str | None = None,
    on: dt.date | None = None,
) -> Consent | None:
    """The consent that covers this use today, if any.

    For data sharing the consent must name the recipient (its type code, e.g. "hospital",
    or its name); for another purpose, only when a ``recipient`` is asked for. A child
    under 14 needs a guardian's consent.
    """
    on = on or clock.today()
    person = session.get(Person, case.person_id)
    assert person is not None
    child = _possibly_under(person, CONSENT_OWN_AGE, on)
    query = (
        select(Consent)
        .where(
            Consent.case_id == case.id,
            Consent.purpose == purpose,
            Consent.voided_at.is_(None),
            Consent.given_on <= on,
        )
        .order_by(Consent.given_on.desc(), Consent.id.desc())
    )
    for consent in session.scalars(query):
        if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
            continue
        if child and consent.given_by != ConsentGiver.GUARDIAN:
            continue
        # Sharing names whom; another purpose names one only for a use of its own (a
        # tracing consent's public_photo: her photo in an announcement).
        named = purpose == ConsentPurpose.DATA_SHARING or recipient is not None
        if named and recipient not in (consent.recipients or []):
            continue
        return consent
    return None


def require_consent(
    session: Session,
    actor: Actor,
    case: Case,
    purpose: ConsentPurpose,
    *,
    recipient: str | None = None,
    override_reason: str | None = None,
) -> Consent | None:
    """Return the covering consent, or record a supervisor's override, or refuse."""
    consent = valid_consent(session, case, purpose, recipient=recipient)
    if consent is not None:
        return consent
    shown = CONSENT_RECIPIENT_LABELS.get(recipient or "", recipient)
    what = PURPOSE_WORDS[purpose] + (f"（{shown}）" if recipient else "")
    if override_reason is None:
        raise ConsentRequired(
            f"没有受助人（或其监护人）对“{what}”的有效同意，不能继续。"
            "如确有必要，可由主管填写理由后越权批准。",
            field="consent",
        )
    if not override_reason.strip():
        raise ValidationError("越权批准需要填写理由。", field="override_reason")
    if not actor.is_system and actor.role != Role.SUPERVISOR:
        raise PermissionDenied("只有主管可以在没有同意的情况下越权批准。")
    ensure(actor, Action.OVERRIDE_CONSENT, case)
    audit.record(
        session,
        actor,
        "consent_override",
        "case_file",
        case.id,
        case_id=case.id,
        person_id=case.person_id,
        changes={"purpose": purpose.value, "recipient": recipient},
        reason=override_reason.strip(),
    )
    return None
