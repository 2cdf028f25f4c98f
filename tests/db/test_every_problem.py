"""check_record and add_record name every problem of a record at once (issue #11): each
rule a form breaks and each value that cannot be stored, the first of them raised as
before (same class, field and message) for callers that show one."""

from __future__ import annotations

import datetime as dt

import pytest

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.errors import DomainError, ValidationError
from rescuedesk.models import Consent
from rescuedesk.services.casefile import records
from tests.conftest import Staff
from tests.factories import new_case


def _three_mistakes() -> dict[str, object]:
    today = clock.today()
    return {
        "purpose": "data_sharing",
        "given_by": "guardian",  # without the guardian's name
        "given_on": today,
        "withdrawn_on": today - dt.timedelta(days=3),  # before the consent, with no reason
    }


def test_check_and_add_name_every_broken_rule(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    with db.read_session() as s, pytest.raises(ValidationError) as checked:
        records.check_record(s, staff.caseworker, Consent, case_id, _three_mistakes())
    fields = [p.field for p in checked.value.errors]
    assert sorted(fields) == ["guardian_name", "withdrawal_reason", "withdrawn_on"]
    assert checked.value is checked.value.errors[0]  # the first, as callers always saw it
    with db.write_session() as s, pytest.raises(DomainError) as added:
        records.add_record(s, staff.caseworker, Consent, case_id, _three_mistakes())
    assert sorted(p.field for p in added.value.errors) == sorted(fields)


def test_a_value_that_cannot_be_stored_and_the_rules_together(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    data = {**_three_mistakes(), "given_on": "不是日期", "withdrawn_on": None}
    with db.read_session() as s, pytest.raises(DomainError) as checked:
        records.check_record(s, staff.caseworker, Consent, case_id, data)
    by_field = {p.field: p.message for p in checked.value.errors}
    assert set(by_field) == {"given_on", "guardian_name"}
    assert "必填" not in by_field["given_on"]  # said once, as what is wrong with it


def test_a_good_record_still_passes(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    data = {**_three_mistakes(), "guardian_name": "张母", "withdrawn_on": None}
    with db.read_session() as s:
        assert records.check_record(s, staff.caseworker, Consent, case_id, data) == []
