"""Which consent covers a disclosure: its purpose, not voided, already given, not withdrawn,
naming the recipient, from a guardian for a child, and an older consent still counts when a
newer one does not. Written to kill mutants of consents.valid_consent and require_consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, ValidationError
from rescuedesk.models import Case, Consent, Referral, TracingAction
from rescuedesk.services.casefile import records
from rescuedesk.services.casefile.consents import ConsentRequired
from rescuedesk.services.office import audit
from rescuedesk.services.people import persons
from tests.conftest import FIXED_NOW, Staff
from tests.factories import new_case, new_person

TODAY = FIXED_NOW.date()
EARLIER = TODAY - dt.timedelta(days=20)
HOSPITAL = {
    "recipient_type": "hospital",
    "recipient_name": "市第一人民医院",
    "service_requested": "体检",
    "referred_on": TODAY,
    "status": "sent",
}
ANNOUNCEMENT = {
    "kind": "announcement",
    "action_date": TODAY,
    "announcement_published_on": TODAY,
    "announcement_period_days": 30,
}


def _add(db: Database, staff: Staff, model: type, case_id: int, data: dict[str, Any], **kw: Any):  # type: ignore[no-untyped-def]
    with db.write_session() as s:
        return records.add_record(s, staff.caseworker, model, case_id, data, **kw).record


def _consent(db: Database, staff: Staff, case_id: int, **over: Any) -> Consent:
    data = {"purpose": "data_sharing", "given_by": "person", "given_on": EARLIER}
    return _add(db, staff, Consent, case_id, {**data, **over})


def _refused(db: Database, staff: Staff, model: type, case_id: int, data: dict[str, Any]) -> None:
    with pytest.raises(ConsentRequired) as err:
        _add(db, staff, model, case_id, data)
    assert err.value.field == "consent"


def test_a_consent_covers_only_its_purpose(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    _consent(db, staff, case_id, purpose="care")
    _consent(db, staff, case_id, recipients=["hospital"])
    _refused(db, staff, TracingAction, case_id, ANNOUNCEMENT)  # neither is for tracing
    _consent(db, staff, case_id, purpose="tracing")
    assert _add(db, staff, TracingAction, case_id, ANNOUNCEMENT).id


def test_a_voided_consent_covers_nothing(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    consent = _consent(db, staff, case_id, recipients=["hospital"])
    with db.write_session() as s:
        records.void_record(s, staff.caseworker, Consent, consent.id, "录入错误")
    _refused(db, staff, Referral, case_id, HOSPITAL)


def test_a_consent_covers_nothing_before_the_day_it_was_given(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    _consent(db, staff, case_id, recipients=["hospital"], given_on=TODAY)
    day_before = FIXED_NOW - dt.timedelta(days=1)
    clock.set_clock(lambda: day_before)
    _refused(db, staff, Referral, case_id, {**HOSPITAL, "referred_on": day_before.date()})
    clock.set_clock(lambda: FIXED_NOW)
    assert _add(db, staff, Referral, case_id, HOSPITAL).id


def test_an_older_consent_still_counts_when_the_newest_does_not(db: Database, staff: Staff) -> None:
    # The newest names another recipient, the one before was withdrawn, the oldest covers.
    case_id = new_case(db, staff.caseworker)
    _consent(db, staff, case_id, recipients=["hospital"], given_on=EARLIER)
    _consent(
        db,
        staff,
        case_id,
        recipients=["hospital"],
        given_on=EARLIER + dt.timedelta(days=5),
        withdrawn_on=EARLIER + dt.timedelta(days=6),
        withdrawal_reason="本人撤回",
    )
    _consent(db, staff, case_id, recipients=["school"], given_on=EARLIER + dt.timedelta(days=10))
    assert _add(db, staff, Referral, case_id, HOSPITAL).id


def test_a_guardians_older_consent_counts_for_a_child_after_her_own(
    db: Database, staff: Staff
) -> None:
    person_id = new_person(db, staff.caseworker, birth_date=dt.date(2010, 1, 1))  # 16
    case_id = new_case(db, staff.caseworker, person_id)
    _consent(
        db,
        staff,
        case_id,
        recipients=["hospital"],
        given_by="guardian",
        guardian_name="民政局（临时监护）",
    )
    _consent(db, staff, case_id, recipients=["hospital"], given_on=TODAY)
    with db.write_session() as s:  # her real birth date: she is 12
        persons.update_person(
            s, staff.caseworker, person_id, None, {"birth_date": dt.date(2014, 1, 1)}
        )
    assert _add(db, staff, Referral, case_id, HOSPITAL).id


def test_overriding_without_consent(db: Database, staff: Staff) -> None:
    """A supervisor or the system (an administrator's script) may, with a reason; a
    caseworker may not; a blank reason is refused."""
    case_id = new_case(db, staff.caseworker)
    with pytest.raises(PermissionDenied), db.write_session() as s:
        records.add_record(s, staff.caseworker, Referral, case_id, HOSPITAL, override_reason="急诊")
    with pytest.raises(ValidationError) as blank, db.write_session() as s:
        records.add_record(s, staff.supervisor, Referral, case_id, HOSPITAL, override_reason="  ")
    assert blank.value.field == "override_reason"
    for who in (staff.supervisor, staff.system):
        with db.write_session() as s:
            saved = records.add_record(
                s, who, Referral, case_id, HOSPITAL, override_reason="急诊需要"
            )
            assert saved.record.id


def test_an_override_is_audited_on_the_case_and_the_person(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        records.add_record(
            s, staff.supervisor, Referral, case_id, HOSPITAL, override_reason="急诊需要"
        )
    with db.read_session() as s:
        person_id = s.scalar(select(Case.person_id).where(Case.id == case_id))
        (event,) = [e for e in audit.history(s, case_id=case_id) if e.action == "consent_override"]
        assert (event.entity, event.entity_id, event.case_id) == ("case_file", case_id, case_id)
        assert event.person_id == person_id
        assert event.changes == {"purpose": "data_sharing", "recipient": "hospital"}
        assert event.reason == "急诊需要" and event.user_id == staff.supervisor.user_id
