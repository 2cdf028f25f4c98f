import datetime as dt

import pytest
from sqlalchemy import func, select

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, RuleViolation, ValidationError
from rescuedesk.models import Assistance, AuditEvent, Case, Person
from rescuedesk.models.enums import Sex
from rescuedesk.services.casefile import cases, records, retention
from rescuedesk.services.casefile.case_queries import CaseFilter, list_cases
from rescuedesk.services.office import settings
from rescuedesk.services.people.identity import make_id_number
from tests.conftest import FIXED_NOW, Staff
from tests.factories import new_case, new_person


@pytest.fixture
def closed_case(db: Database, staff: Staff) -> int:
    pid = new_person(
        db,
        staff.caseworker,
        real_name="王秀英",
        birth_date=None,
        id_number=make_id_number("230102", dt.date(1990, 5, 5), 3, Sex.FEMALE),
        household_registration_code="230102",
        phone="13900001111",
        health_description="抑郁，需心理疏导",
    )
    case_id = new_case(db, staff.caseworker, pid, summary="收买人王某家中解救")
    with db.write_session() as s:
        records.add_record(
            s,
            staff.caseworker,
            Assistance,
            case_id,
            {"kind": "other", "start_date": dt.date(2026, 10, 3), "description": "购买衣物"},
        )
        cases.request_closure(s, staff.caseworker, case_id, "已回归家庭")
        cases.approve_closure(s, staff.supervisor, case_id)
    return case_id


def test_purge_waits_for_the_retention_period(db: Database, staff: Staff, closed_case: int) -> None:
    with pytest.raises(RuleViolation, match="保存期限"), db.write_session() as s:
        retention.purge_case(s, staff.supervisor, closed_case, "到期")  # no period set
    with pytest.raises(PermissionDenied), db.write_session() as s:
        settings.set_value(s, staff.caseworker, "retention_years", 5)
    with pytest.raises(ValidationError), db.write_session() as s:
        settings.set_value(s, staff.admin, "retention_years", 0)
    with db.write_session() as s:
        settings.set_value(s, staff.admin, "retention_years", 5)
    with pytest.raises(RuleViolation, match="2031年11月25日"), db.write_session() as s:
        retention.purge_case(s, staff.supervisor, closed_case, "到期")


def test_purge_removes_identity_and_keeps_the_counts(
    db: Database, staff: Staff, closed_case: int
) -> None:
    with db.write_session() as s:
        settings.set_value(s, staff.admin, "retention_years", 5)
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(days=5 * 366))
    with pytest.raises(PermissionDenied), db.write_session() as s:
        retention.purge_case(s, staff.caseworker, closed_case, "到期")
    with pytest.raises(ValidationError), db.write_session() as s:
        retention.purge_case(s, staff.supervisor, closed_case, " ")
    inside = ("秀英", "英", "xiuying", "ying", "xy")  # parts of the name (issue #13)
    with db.write_session() as s:
        for text in inside:
            assert list_cases(s, staff.supervisor, CaseFilter(search=text)).rows, text
        retention.purge_case(s, staff.supervisor, closed_case, "保存期满，经主管批准清除")
    with db.write_session() as s:
        for text in inside:
            assert list_cases(s, staff.supervisor, CaseFilter(search=text)).rows == [], text
        case = s.get(Case, closed_case)
        person = s.get(Person, case.person_id)  # type: ignore[union-attr]
        assert person is not None and case is not None
        assert (person.real_name, person.id_number, person.phone, person.health_description) == (
            None,
            None,
            None,
            None,
        )
        assert person.alias.startswith("已清除")
        # what the statistics count stays
        assert (
            person.sex,
            person.birth_year_estimated,
            person.nationality,
            person.household_registration_code,
        ) == (Sex.FEMALE, 1990, "CHN", "230100")
        assert case.summary is None and case.police_reference is None
        assert case.stage.value == "closed" and case.intake_date == dt.date(2026, 10, 2)
        assistance = s.scalars(select(Assistance)).one()
        assert assistance.description is None and assistance.kind.value == "other"
        assert s.scalar(select(func.count(Case.id))) == 1
        assert list_cases(s, staff.supervisor, CaseFilter(search="王秀英")).rows == []
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "purge")).one()
        assert event.reason == "保存期满，经主管批准清除"
        assert event.user_id == staff.supervisor.user_id
    with pytest.raises(RuleViolation, match="已经清除"), db.write_session() as s:
        retention.purge_case(s, staff.supervisor, closed_case, "再次")


def test_purge_clears_the_reasons_of_assignments(
    db: Database, staff: Staff, closed_case: int
) -> None:
    """An assignment's reason (issue #14) may say something of her: sealed, and purged."""
    from rescuedesk.models import CaseAssignment

    with db.write_session() as s:
        settings.set_value(s, staff.admin, "retention_years", 5)
        s.add(CaseAssignment(case_id=closed_case, user_id=staff.caseworker2.user_id,
                             purpose="caseworker", assigned_at=FIXED_NOW,
                             reason="王秀英怀孕六个月，需女社工协办"))  # fmt: skip
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(days=5 * 366))
    with db.write_session() as s:
        retention.purge_case(s, staff.supervisor, closed_case, "保存期满，经主管批准清除")
    with db.read_session() as s:
        reasons = s.scalars(select(CaseAssignment.reason)).all()
    assert reasons and all("王秀英" not in (r or "") for r in reasons), reasons


def test_the_purge_clears_the_pictures_of_a_person(db: Database, staff: Staff) -> None:
    """Issue #15: a photo is personal data like her name; the record keeps its kind."""
    from rescuedesk.models.photo import PersonPhoto, PhotoKind
    from tests.db.test_photos import _add, _case

    case_id = _case(db, staff)
    added = _add(db, staff.caseworker, case_id)
    with db.write_session() as s:
        cases.request_closure(s, staff.caseworker, case_id, "已落户")
        cases.approve_closure(s, staff.supervisor, case_id)
        settings.set_value(s, staff.admin, "retention_years", 5)
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(days=5 * 366))
    with db.write_session() as s:
        retention.purge_case(s, staff.supervisor, case_id, "保存期满，经主管批准清除")
    with db.read_session() as s:
        photo = s.get(PersonPhoto, added.id)
        assert photo is not None and (photo.content, photo.thumbnail) == (None, None)
        assert photo.kind == PhotoKind.WHEN_FOUND
