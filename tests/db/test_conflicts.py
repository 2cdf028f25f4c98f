"""Two workstations edit the same record: the second save fails and says what changed."""

import pytest

from rescuedesk.db import Database
from rescuedesk.errors import ConflictError
from rescuedesk.models import Assistance, Case, Person
from rescuedesk.services.casefile import cases, records
from rescuedesk.services.people import persons
from tests.conftest import Staff
from tests.factories import new_case


def test_stale_person_edit_names_the_fields_changed_meanwhile(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    with db.read_session() as s:
        pid = s.get(Case, case_id).person_id  # type: ignore[union-attr]
        loaded_version = s.get(Person, pid).version  # type: ignore[union-attr]
    with db.write_session() as s:  # workstation A saves first
        persons.update_person(
            s,
            staff.caseworker,
            pid,
            loaded_version,
            {"phone": "13800000000", "accent_region": "四川口音"},
        )
    with pytest.raises(ConflictError) as err, db.write_session() as s:  # B saves its stale copy
        persons.update_person(s, staff.supervisor, pid, loaded_version, {"phone": "139"})
    assert err.value.fields == ["accent_region", "phone"]
    assert (err.value.expected_version, err.value.current_version) == (1, 2)
    with db.read_session() as s:
        assert s.get(Person, pid).phone == "13800000000"  # type: ignore[union-attr]


def test_stale_case_and_record_edits_conflict(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        rec = records.add_record(
            s, staff.caseworker, Assistance, case_id, {"kind": "food", "start_date": "2026-11-01"}
        ).record
        cases.update_case(s, staff.caseworker, case_id, 1, {"summary": "第一次"})
    with pytest.raises(ConflictError) as err, db.write_session() as s:
        cases.update_case(s, staff.caseworker2, case_id, 1, {"summary": "第二次"})
    assert err.value.fields == ["summary"]
    with db.write_session() as s:
        records.update_record(s, staff.caseworker, Assistance, rec.id, 1, {"provider": "食堂"})
    with pytest.raises(ConflictError, match="provider"), db.write_session() as s:
        records.void_record(s, staff.caseworker2, Assistance, rec.id, "错", expected_version=1)
