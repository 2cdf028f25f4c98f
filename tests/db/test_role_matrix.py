"""Every role x every case action x own / same unit / other unit, against a table written
here by hand (not derived from the code's matrix)."""

from __future__ import annotations

import datetime as dt

import pytest

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied
from rescuedesk.models import Assistance, Case, CaseAssignment, FollowUpVisit
from rescuedesk.models.enums import Role, UnitKind
from rescuedesk.services.casefile import assignments, cases, records
from rescuedesk.services.casefile.case_queries import list_cases
from rescuedesk.services.office import directory
from rescuedesk.services.office.access import Action, Scope, case_scope, ensure
from rescuedesk.services.office.context import Actor
from tests.conftest import Staff
from tests.factories import new_case

A = Action
# Which scopes (o = own or assigned, u = same unit, x = other unit) each role may act on.
EXPECTED: dict[Role, dict[Action, str]] = {
    Role.CASEWORKER: {
        A.READ_CASE: "o",
        A.EDIT_CASE: "o",
        A.RECORD_VISIT: "o",
        A.CHANGE_STAGE: "o",
        A.REQUEST_CLOSURE: "o",
        A.APPROVE_CLOSURE: "",
        A.APPROVE_PLACEMENT: "",
        A.REOPEN_CASE: "o",
        A.ASSIGN_CASE: "",
        A.MANAGE_INQUIRY: "ou",
        A.DECIDE_MATCH: "o",
    },
    Role.FOLLOW_UP_WORKER: {A.READ_CASE: "o", A.RECORD_VISIT: "o"},
    Role.SUPERVISOR: dict.fromkeys(Action, "ou"),
    Role.ADMIN: {},
    Role.STATISTICIAN: {},
    Role.AUDITOR: {},
}
LETTER = {Scope.OWN: "o", Scope.UNIT: "u", Scope.OTHER: "x"}


def _user(db: Database, staff: Staff, role: Role) -> Actor:
    with db.write_session() as s:
        user = directory.create_user(
            s,
            staff.system,
            {
                "username": f"m_{role.value}",
                "full_name": role.value,
                "role": role,
                "unit_id": staff.unit_id,
            },
        ).record
    return Actor.for_user(user)


@pytest.mark.parametrize("role", list(Role))
def test_role_matrix(db: Database, staff: Staff, role: Role) -> None:
    actor = _user(db, staff, role)
    mine = new_case(db, staff.caseworker)
    with db.write_session() as s:  # "own": assigned to the user (caseworker_id for others)
        s.add(
            CaseAssignment(
                case_id=mine, user_id=actor.user_id, purpose="caseworker", assigned_at=clock.now()
            )
        )
    unit_case = new_case(db, staff.caseworker2)
    other_case = new_case(db, staff.other_unit_caseworker)
    with db.write_session() as s:
        checked = 0
        for case_id, scope in (
            (mine, Scope.OWN),
            (unit_case, Scope.UNIT),
            (other_case, Scope.OTHER),
        ):
            case = s.get(Case, case_id)
            assert case is not None
            assert case_scope(s, actor, case) == scope
            for action in Action:
                expected = LETTER[scope] in EXPECTED[role].get(action, "")
                try:
                    ensure(actor, action, case)
                    granted = True
                except PermissionDenied:
                    granted = False
                assert granted == expected, (role, action, scope)
                checked += 1
    assert checked == 3 * len(Action)


def test_follow_up_worker_records_visits_and_nothing_else(db: Database, staff: Staff) -> None:
    worker = _user(db, staff, Role.FOLLOW_UP_WORKER)
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        assignments.assign(s, staff.supervisor, case_id, worker.user_id, "follow_up", reason="回访")
    with db.write_session() as s:
        visit = records.add_record(
            s,
            worker,
            FollowUpVisit,
            case_id,
            {"planned_date": dt.date(2026, 12, 1), "visitor_id": worker.user_id},
        ).record
        assert visit.id
        page = list_cases(s, worker)
        assert [r.case_id for r in page.rows] == [case_id]
    with pytest.raises(PermissionDenied), db.write_session() as s:
        records.add_record(
            s, worker, Assistance, case_id, {"kind": "food", "start_date": dt.date(2026, 11, 1)}
        )


def test_a_provincial_supervisor_reaches_the_units_of_the_province(
    db: Database, staff: Staff
) -> None:
    with db.write_session() as s:
        province = directory.create_unit(
            s,
            staff.system,
            {
                "code": "HLJ",
                "name": "黑龙江省民政厅",
                "kind": UnitKind.CIVIL_AFFAIRS_BUREAU,
                "division_code": "230000",
            },
        ).record
        boss = Actor.for_user(
            directory.create_user(
                s,
                staff.system,
                {
                    "username": "hlj_sup",
                    "full_name": "省主管",
                    "role": Role.SUPERVISOR,
                    "unit_id": province.id,
                },
            ).record
        )
    harbin = new_case(db, staff.caseworker)  # unit HRB, division 230102: in the province
    lanzhou = new_case(db, staff.other_unit_caseworker)  # 620102: not
    with db.write_session() as s:
        visible = {r.case_id for r in list_cases(s, boss).rows}
        cases.read_case(s, boss, harbin)
        with pytest.raises(PermissionDenied):
            cases.read_case(s, boss, lanzhou)
    assert visible == {harbin}
