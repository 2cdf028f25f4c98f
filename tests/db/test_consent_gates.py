import datetime as dt

import pytest
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied
from rescuedesk.models import AuditEvent, Consent, Referral, TracingAction
from rescuedesk.services.casefile import records
from rescuedesk.services.casefile.consents import ConsentRequired
from rescuedesk.services.office import audit
from tests.conftest import Staff
from tests.factories import child_birth, consent_to_share, new_case, new_person

TODAY = dt.date(2026, 11, 25)
REFERRAL = {
    "recipient_type": "hospital",
    "recipient_name": "市第一人民医院",
    "service_requested": "体检",
    "referred_on": TODAY,
    "status": "sent",
}


def _case(db: Database, staff: Staff, **person: object) -> int:
    return new_case(db, staff.caseworker, new_person(db, staff.caseworker, **person))


def _add(db: Database, actor, model, case_id, data, **kw):  # type: ignore[no-untyped-def]
    with db.write_session() as s:
        return records.add_record(s, actor, model, case_id, data, **kw).record


def test_a_sent_referral_needs_consent_naming_the_recipient(db: Database, staff: Staff) -> None:
    case_id = _case(db, staff)
    with pytest.raises(ConsentRequired, match="医院"):
        _add(db, staff.caseworker, Referral, case_id, REFERRAL)
    draft = _add(db, staff.caseworker, Referral, case_id, {**REFERRAL, "status": "draft"})
    assert draft.id  # a draft discloses nothing yet
    consent_to_share(db, staff.caseworker, case_id, ["school"], TODAY)
    with pytest.raises(ConsentRequired):
        _add(db, staff.caseworker, Referral, case_id, REFERRAL)  # school is not a hospital
    consent_id = consent_to_share(db, staff.caseworker, case_id, ["hospital"], TODAY)
    assert _add(db, staff.caseworker, Referral, case_id, REFERRAL).id
    with db.write_session() as s:  # withdrawn consent no longer covers anything
        records.update_record(
            s,
            staff.caseworker,
            Consent,
            consent_id,
            None,
            {"withdrawn_on": TODAY, "withdrawal_reason": "本人撤回"},
        )
    with pytest.raises(ConsentRequired):
        _add(db, staff.caseworker, Referral, case_id, REFERRAL)


def test_a_child_under_14_needs_a_guardians_consent(db: Database, staff: Staff) -> None:
    # Consent the person gave at 15 would do; a child of 12 needs a guardian's.
    case_id = _case(db, staff, birth_date=child_birth(12))
    _add(
        db,
        staff.caseworker,
        Consent,
        case_id,
        {
            "purpose": "tracing",
            "given_by": "guardian",
            "guardian_name": "民政局（临时监护）",
            "given_on": TODAY,
        },
    )
    action = {
        "kind": "announcement",
        "action_date": TODAY,
        "announcement_published_on": TODAY,
        "announcement_period_days": 30,
    }
    assert _add(db, staff.caseworker, TracingAction, case_id, action).id


def test_tracing_announcement_without_consent_and_the_override(db: Database, staff: Staff) -> None:
    case_id = _case(
        db, staff, real_name=None, alias="无名氏", birth_date=None, identity_known=False
    )
    action = {
        "kind": "announcement",
        "action_date": TODAY,
        "announcement_published_on": TODAY,
        "announcement_period_days": 30,
    }
    with pytest.raises(ConsentRequired, match="寻亲"):
        _add(db, staff.caseworker, TracingAction, case_id, action)
    with pytest.raises(PermissionDenied):
        _add(db, staff.caseworker, TracingAction, case_id, action, override_reason="紧急")
    _add(
        db, staff.caseworker, TracingAction, case_id, {"kind": "interview", "action_date": TODAY}
    )  # an interview publishes nothing
    saved = _add(
        db,
        staff.supervisor,
        TracingAction,
        case_id,
        action,
        override_reason="受助人无法表达意愿，寻亲符合其最大利益",
    )
    assert saved.id
    with db.read_session() as s:
        timeline = audit.history(s, case_id=case_id)
        overrides = [e for e in timeline if e.action == "consent_override"]
        assert len(overrides) == 1
        assert overrides[0].reason == "受助人无法表达意愿，寻亲符合其最大利益"
        assert overrides[0].user_id == staff.supervisor.user_id
        assert s.scalar(select(AuditEvent.id).where(AuditEvent.action == "consent_override"))
