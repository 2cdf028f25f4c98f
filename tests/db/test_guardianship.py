"""The guardianship record (LN 6(二)) through the generic door of every record type."""

import datetime as dt

import pytest
from sqlalchemy import select

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.errors import ValidationError
from rescuedesk.models import AuditEvent
from rescuedesk.models.guardianship import Guardianship, GuardianshipKind
from rescuedesk.security import audit_seal
from rescuedesk.services.casefile import cases, records, retention
from rescuedesk.services.office import audit, settings
from tests.conftest import FIXED_NOW, Staff
from tests.factories import new_case, new_person

CIVIL_AFFAIRS = {
    "kind": "temporary",
    "guardian_name": "哈尔滨市民政局",
    "guardian_relation": "民政部门",
    "since": "2026-11-20",
}


def _child_case(db: Database, staff: Staff) -> int:
    pid = new_person(db, staff.caseworker, real_name="小花", birth_date=dt.date(2016, 3, 1))
    return new_case(db, staff.caseworker, pid)


def test_a_child_is_placed_under_temporary_then_long_term_guardianship(
    db: Database, staff: Staff
) -> None:
    case_id = _child_case(db, staff)
    with db.write_session() as s:
        saved = records.add_record(s, staff.caseworker, Guardianship, case_id, CIVIL_AFFAIRS)
        first = saved.record.id
    with db.write_session() as s:
        records.update_record(s, staff.caseworker, Guardianship, first, 1, {"until": "2026-11-24"})
        records.add_record(
            s,
            staff.caseworker,
            Guardianship,
            case_id,
            {**CIVIL_AFFAIRS, "kind": "long_term", "since": "2026-11-25"},
        )
    with db.read_session() as s:
        shown = records.list_records(s, Guardianship, case_id)
        assert [(g.kind, g.since, g.until) for g in shown] == [
            (GuardianshipKind.TEMPORARY, dt.date(2026, 11, 20), dt.date(2026, 11, 24)),
            (GuardianshipKind.LONG_TERM, dt.date(2026, 11, 25), None),
        ]
        history = audit.history(s, case_id=case_id)
        created = [e for e in history if e.entity == "guardianship" and e.action == "create"]
        assert len(created) == 2 and created[0].changes["guardian_name"][1] == "哈尔滨市民政局"
        # The guardian's name is sealed under the person's key in the stored event.
        stored = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "guardianship").order_by(AuditEvent.id)
        ).first()
        assert stored is not None and stored.person_key_id is not None
        assert audit_seal.is_sealed(stored.changes["guardian_name"])


def test_every_problem_of_a_guardianship_is_named_at_once(db: Database, staff: Staff) -> None:
    case_id = _child_case(db, staff)
    bad = {"kind": "temporary", "since": "2026-11-30", "until": "2026-11-01"}
    with pytest.raises(ValidationError) as err, db.write_session() as s:
        records.add_record(s, staff.caseworker, Guardianship, case_id, bad)
    assert {e.field for e in err.value.errors} == {"guardian_name", "since", "until"}
    with pytest.raises(ValidationError, match="不是可选值"), db.write_session() as s:
        records.add_record(
            s, staff.caseworker, Guardianship, case_id, {**CIVIL_AFFAIRS, "kind": "forever"}
        )


def test_the_purge_clears_the_guardian_and_keeps_the_kind_and_dates(
    db: Database, staff: Staff
) -> None:
    case_id = _child_case(db, staff)
    with db.write_session() as s:
        records.add_record(
            s,
            staff.caseworker,
            Guardianship,
            case_id,
            {**CIVIL_AFFAIRS, "guardian_name": "王桂兰", "notes": "祖母，住某县某村"},
        )
        cases.request_closure(s, staff.caseworker, case_id, "已由祖母长期监护")
        cases.approve_closure(s, staff.supervisor, case_id)
    with db.write_session() as s:
        settings.set_value(s, staff.admin, "retention_years", 5)
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(days=5 * 366))
    with db.write_session() as s:
        retention.purge_case(s, staff.supervisor, case_id, "保存期满，经主管批准清除")
    with db.read_session() as s:
        kept = s.scalars(select(Guardianship)).one()
        assert (kept.guardian_name, kept.notes) == (retention.PURGED, None)
        assert (kept.kind, kept.since) == (GuardianshipKind.TEMPORARY, dt.date(2026, 11, 20))
