import datetime as dt

import pytest

from rescuedesk.db import Database
from rescuedesk.errors import ValidationError
from rescuedesk.models import FollowUpVisit
from rescuedesk.models.enums import Wellbeing
from rescuedesk.services.casefile import followups, records
from tests.conftest import Staff
from tests.factories import new_case

TODAY = dt.date(2026, 11, 25)


def _plan(db: Database, staff: Staff, case_id: int, planned: str) -> FollowUpVisit:
    with db.write_session() as s:
        return records.add_record(
            s,
            staff.caseworker,
            FollowUpVisit,
            case_id,
            {"planned_date": planned, "visitor_id": staff.caseworker.user_id},
        ).record


def test_a_done_visit_needs_a_next_date_and_plans_it(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    visit = _plan(db, staff, case_id, "2026-11-20")
    done = {
        "done_date": "2026-11-24",
        "mode": "home",
        "living": "good",
        "safety": "poor",
        "problems": "邻里议论",
        "actions": "联系村委会",
    }

    def record(data: dict[str, str]) -> None:
        with db.write_session() as s:
            records.record_visit(s, staff.caseworker, visit.id, visit.version, data)

    with pytest.raises(ValidationError) as err:
        record(done)
    assert err.value.field == "next_planned_date"
    with pytest.raises(ValidationError, match="晚于本次"):
        record({**done, "next_planned_date": "2026-11-24"})
    record({**done, "next_planned_date": "2026-12-01"})
    with db.read_session() as s:
        visits = records.list_records(s, FollowUpVisit, case_id)
    assert [(v.planned_date, v.done_date) for v in visits] == [
        (dt.date(2026, 11, 20), dt.date(2026, 11, 24)),
        (dt.date(2026, 12, 1), None),
    ]
    assert visits[1].visitor_id == staff.caseworker.user_id


def test_overdue_means_planned_date_passed_and_not_done(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    late = _plan(db, staff, case_id, "2026-11-10")
    _plan(db, staff, case_id, "2026-11-28")
    _plan(db, staff, case_id, "2027-03-01")
    voided = _plan(db, staff, case_id, "2026-11-01")
    with db.write_session() as s:
        records.void_record(s, staff.caseworker, FollowUpVisit, voided.id, "重复录入")
    with db.read_session() as s:
        due = followups.due_visits(s, staff.caseworker, TODAY + dt.timedelta(days=7))
        other = followups.due_visits(s, staff.other_unit_caseworker, TODAY + dt.timedelta(days=7))
    assert [(d.planned_date, d.overdue) for d in due] == [
        (dt.date(2026, 11, 10), True),
        (dt.date(2026, 11, 28), False),
    ]
    assert due[0].visit_id == late.id
    assert other == []


def test_next_visit_is_proposed_from_the_situation() -> None:
    day = dt.date(2026, 11, 25)
    assert followups.propose_next_visit(day, {"safety": Wellbeing.POOR}) == dt.date(2026, 12, 2)
    assert followups.propose_next_visit(day, {"health": Wellbeing.POOR}) == dt.date(2026, 12, 25)
    assert followups.propose_next_visit(day, {"living": Wellbeing.GOOD}) == dt.date(2027, 2, 23)
