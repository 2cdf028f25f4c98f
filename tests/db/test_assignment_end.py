"""An assignment gives a colleague a case only while it lasts.

Once a supervisor ends it (cases.end_assignment), the colleague's access goes with it: the
access checks refuse, and the case leaves their case list, their home page counts and their
due visits. Checked for a second caseworker and a follow-up worker of the same unit, where
nothing else grants access, and for a supervisor of another unit, whom the unit scope of
their own unit does not cover.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, ValidationError
from rescuedesk.models import Assistance, CaseAssignment, FollowUpVisit
from rescuedesk.models.enums import Role
from rescuedesk.services.casefile import assignments, cases, records
from rescuedesk.services.casefile.case_queries import CaseFilter, count_cases, list_cases
from rescuedesk.services.casefile.followups import due_visits
from rescuedesk.services.casefile.workbench import home
from rescuedesk.services.office.access import Action, Scope, case_scope, ensure
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from tests.conftest import FIXED_NOW, Staff
from tests.factories import new_case, new_user

TODAY = FIXED_NOW.date()
FOOD = {"kind": "food", "start_date": dt.date(2026, 11, 1)}


def _follow_up_worker(db: Database, staff: Staff) -> Actor:
    return new_user(db, "fu1", "妇联回访员", Role.FOLLOW_UP_WORKER, staff.unit_id, by=staff.system)


def _assign(db: Database, by: Actor, case_id: int, user: Actor, purpose: str) -> int:
    with db.write_session() as s:
        assert user.user_id is not None
        return assignments.assign(s, by, case_id, user.user_id, purpose, reason="协办").id


def _end(db: Database, by: Actor, assignment_id: int) -> None:
    with db.write_session() as s:
        assignments.end_assignment(s, by, assignment_id)


def _sees(db: Database, actor: Actor, case_id: int) -> dict[str, bool]:
    """Every door through which the actor could reach the case."""
    with db.write_session() as s:
        case = cases.get_case(s, case_id)
        scope = case_scope(s, actor, case)
        try:
            ensure(actor, Action.READ_CASE, case)
            readable = True
        except PermissionDenied:
            readable = False
        listed = case_id in {r.case_id for r in list_cases(s, actor, limit=-1).rows}
        mine = case_id in {
            r.case_id for r in list_cases(s, actor, CaseFilter(own_only=True), limit=-1).rows
        }
        counted = count_cases(s, actor, CaseFilter(case_ids=(case_id,))) == 1
        on_home = sum(home(s, actor).cases_by_stage.values()) > 0
    return {
        "own": scope == Scope.OWN,
        "read": readable,
        "list": listed,
        "mine": mine,
        "count": counted,
        "home": on_home,
    }


ALL = dict.fromkeys(("own", "read", "list", "mine", "count", "home"), True)
NONE = dict.fromkeys(ALL, False)


def test_a_second_caseworker_loses_the_case_when_the_assignment_ends(
    db: Database, staff: Staff
) -> None:
    case_id = new_case(db, staff.caseworker)
    assert _sees(db, staff.caseworker2, case_id) == NONE
    assignment = _assign(db, staff.supervisor, case_id, staff.caseworker2, "caseworker")
    assert _sees(db, staff.caseworker2, case_id) == ALL
    with db.write_session() as s:
        records.add_record(s, staff.caseworker2, Assistance, case_id, FOOD)

    _end(db, staff.supervisor, assignment)
    assert _sees(db, staff.caseworker2, case_id) == NONE
    with pytest.raises(PermissionDenied), db.write_session() as s:
        records.add_record(s, staff.caseworker2, Assistance, case_id, FOOD)
    with pytest.raises(PermissionDenied), db.write_session() as s:
        cases.read_case(s, staff.caseworker2, case_id)
    # Later days change nothing: an ended assignment stays ended.
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(days=40))
    assert _sees(db, staff.caseworker2, case_id) == NONE
    # The case's own caseworker keeps it throughout.
    assert _sees(db, staff.caseworker, case_id) == ALL


def test_a_follow_up_worker_loses_visits_and_the_case_when_unassigned(
    db: Database, staff: Staff
) -> None:
    worker = _follow_up_worker(db, staff)
    case_id = new_case(db, staff.caseworker)
    assignment = _assign(db, staff.supervisor, case_id, worker, "follow_up")
    visit = {"planned_date": TODAY + dt.timedelta(days=3), "visitor_id": worker.user_id}
    with db.write_session() as s:
        records.add_record(s, worker, FollowUpVisit, case_id, visit)
        assert [v.case_id for v in due_visits(s, worker, TODAY + dt.timedelta(days=7))] == [case_id]
    assert _sees(db, worker, case_id) == ALL

    _end(db, staff.supervisor, assignment)
    assert _sees(db, worker, case_id) == NONE
    with db.write_session() as s:
        assert due_visits(s, worker, TODAY + dt.timedelta(days=7)) == []
    with pytest.raises(PermissionDenied), db.write_session() as s:
        records.add_record(s, worker, FollowUpVisit, case_id, visit)


def test_a_supervisor_of_another_unit_keeps_only_an_open_assignment(
    db: Database, staff: Staff
) -> None:
    lanzhou = new_case(db, staff.other_unit_caseworker)
    # Written as an older version could (assign() now gives another unit's case to its own
    # caseworkers or to follow-up workers only): access must still follow the row.
    with db.write_session() as s:
        row = CaseAssignment(case_id=lanzhou, user_id=staff.supervisor.user_id,
                             purpose="caseworker", assigned_at=clock.now())  # fmt: skip
        s.add(row)
        s.flush()
        assignment = row.id
    with db.write_session() as s:
        cases.read_case(s, staff.supervisor, lanzhou)
        assert lanzhou in {r.case_id for r in list_cases(s, staff.supervisor, limit=-1).rows}
    _end(db, staff.system, assignment)
    with db.write_session() as s:
        assert case_scope(s, staff.supervisor, cases.get_case(s, lanzhou)) == Scope.OTHER
        assert lanzhou not in {r.case_id for r in list_cases(s, staff.supervisor, limit=-1).rows}
    with pytest.raises(PermissionDenied), db.write_session() as s:
        cases.read_case(s, staff.supervisor, lanzhou)


def test_ending_one_assignment_leaves_the_others_and_a_new_one_counts(
    db: Database, staff: Staff
) -> None:
    worker = _follow_up_worker(db, staff)
    case_id = new_case(db, staff.caseworker)
    first = _assign(db, staff.supervisor, case_id, staff.caseworker2, "caseworker")
    _assign(db, staff.supervisor, case_id, worker, "follow_up")
    _end(db, staff.supervisor, first)
    assert _sees(db, staff.caseworker2, case_id) == NONE
    assert _sees(db, worker, case_id)["read"]
    again = _assign(db, staff.supervisor, case_id, staff.caseworker2, "caseworker")
    assert _sees(db, staff.caseworker2, case_id) == ALL
    assert again != first


def test_only_a_supervisor_ends_an_assignment_and_only_once(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    assignment = _assign(db, staff.supervisor, case_id, staff.caseworker2, "caseworker")
    for who in (staff.caseworker, staff.caseworker2, staff.statistician):
        with pytest.raises(PermissionDenied):
            _end(db, who, assignment)
    assert _sees(db, staff.caseworker2, case_id) == ALL
    _end(db, staff.supervisor, assignment)
    with pytest.raises(ValidationError):
        _end(db, staff.supervisor2, assignment)


def test_editing_the_person_follows_the_assignment(db: Database, staff: Staff) -> None:
    """A person is edited through a case the user may edit: an ended assignment, a case of
    another unit, or a role without case files gives no way in."""
    case_id = new_case(db, staff.caseworker)
    with db.read_session() as s:
        person_id = cases.get_case(s, case_id).person_id

    def rename(actor: Actor, name: str) -> None:
        with db.write_session() as s:
            persons.update_person(s, actor, person_id, None, {"alias": name})

    for outsider in (staff.caseworker2, staff.other_unit_caseworker, staff.statistician):
        with pytest.raises(PermissionDenied):
            rename(outsider, "小燕")
    assignment = _assign(db, staff.supervisor, case_id, staff.caseworker2, "caseworker")
    rename(staff.caseworker2, "小燕")
    _end(db, staff.supervisor, assignment)
    with pytest.raises(PermissionDenied):
        rename(staff.caseworker2, "燕子")
    rename(staff.caseworker, "燕子")  # the case's own caseworker
    rename(staff.supervisor, "阿燕")  # a supervisor of the unit


def test_an_assignment_ends_by_itself_after_its_last_day(db: Database, staff: Staff) -> None:
    worker = _follow_up_worker(db, staff)
    case_id = new_case(db, staff.caseworker)
    last_day = FIXED_NOW.date() + dt.timedelta(days=30)
    with db.write_session() as s:
        assert worker.user_id is not None
        assignments.assign(s, staff.supervisor, case_id, worker.user_id,
                           reason="返乡后回访一年", until=last_day)  # fmt: skip
    assert _sees(db, worker, case_id)["list"] and _sees(db, worker, case_id)["read"]
    clock.set_clock(lambda: dt.datetime.combine(last_day, dt.time(23, 0)))
    assert _sees(db, worker, case_id)["read"]  # the last day still counts
    clock.set_clock(lambda: dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(8)))
    assert _sees(db, worker, case_id) == NONE
    with db.write_session() as s:  # and it is no longer listed as in force
        assert assignments.list_assignments(s, staff.supervisor, case_id) == []
        assert len(assignments.list_assignments(s, staff.supervisor, case_id,
                                                in_force_only=False)) == 1  # fmt: skip


def test_an_assignment_needs_a_reason_and_a_last_day_not_past(db: Database, staff: Staff) -> None:
    worker = _follow_up_worker(db, staff)
    case_id = new_case(db, staff.caseworker)
    assert worker.user_id is not None
    with pytest.raises(ValidationError, match="理由"), db.write_session() as s:
        assignments.assign(s, staff.supervisor, case_id, worker.user_id, reason="  ")
    yesterday = FIXED_NOW.date() - dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="早于今天"), db.write_session() as s:
        assignments.assign(s, staff.supervisor, case_id, worker.user_id, reason="回访",
                           until=yesterday)  # fmt: skip
    assert _sees(db, worker, case_id) == NONE


def test_the_timeline_says_to_whom_until_when_and_why(db: Database, staff: Staff) -> None:
    from rescuedesk.services.casefile.case_file import timeline

    worker = _follow_up_worker(db, staff)
    case_id = new_case(db, staff.caseworker)
    assert worker.user_id is not None
    _assign_with = dict(reason="返乡后回访", until=dt.date(2027, 6, 30))
    with db.write_session() as s:
        assignments.assign(s, staff.supervisor, case_id, worker.user_id, **_assign_with)
    with db.write_session() as s:
        assignments.unassign(s, staff.supervisor, case_id, worker.user_id, "家属要求")
    with db.write_session() as s:
        said = [(e.action, e.reason) for e in timeline(s, case_id) if "assign" in e.action]
    assert said == [
        ("assign", "分派给妇联回访员（" + _unit_name(db, staff) + "），至2027-06-30：返乡后回访"),
        ("unassign", "结束妇联回访员的分派：家属要求"),
    ]


def _unit_name(db: Database, staff: Staff) -> str:
    from rescuedesk.models import Unit

    with db.read_session() as s:
        unit = s.get(Unit, staff.unit_id)
        assert unit is not None
        return unit.name
