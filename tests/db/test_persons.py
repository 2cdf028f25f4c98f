import datetime as dt

import pytest
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, ValidationError
from rescuedesk.models import AuditEvent, Person
from rescuedesk.models.enums import Sex
from rescuedesk.services.office import audit
from rescuedesk.services.people import persons
from rescuedesk.services.people.identity import make_id_number
from tests.conftest import Staff
from tests.factories import new_case, new_person


def test_id_number_fills_birth_date_and_sex_and_is_normalised(db: Database, staff: Staff) -> None:
    number = make_id_number("230102", dt.date(1995, 6, 1), 12, Sex.FEMALE)
    full_width = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    with db.write_session() as s:
        saved = persons.create_person(
            s, staff.caseworker, {"real_name": "李娜", "id_number": full_width}
        )
        p = saved.record
        assert (p.id_number, p.birth_date, p.sex) == (number, dt.date(1995, 6, 1), Sex.FEMALE)
        assert p.name_pinyin == "lina" and p.name_initials == "ln"
        assert saved.warnings == []


def test_birth_date_that_disagrees_with_the_id_is_refused(db: Database, staff: Staff) -> None:
    number = make_id_number("230102", dt.date(1995, 6, 1), 12, Sex.FEMALE)
    with pytest.raises(ValidationError, match="1995年06月01日") as err, db.write_session() as s:
        persons.create_person(
            s,
            staff.caseworker,
            {"real_name": "李娜", "id_number": number, "birth_date": dt.date(1995, 6, 2)},
        )
    assert err.value.field == "birth_date"
    with pytest.raises(ValidationError, match="女") as err, db.write_session() as s:
        persons.create_person(
            s, staff.caseworker, {"real_name": "李娜", "id_number": number, "sex": Sex.MALE}
        )
    assert err.value.field == "sex"
    with db.read_session() as s:
        assert s.scalar(select(Person.id)) is None  # nothing half-written


def test_unknown_place_code_is_saved_with_a_warning(db: Database, staff: Staff) -> None:
    number = make_id_number("990101", dt.date(1990, 1, 1), 3, Sex.MALE)
    with db.write_session() as s:
        saved = persons.create_person(
            s,
            staff.caseworker,
            {"real_name": "王强", "id_number": number, "household_registration_code": "990102"},
        )
    assert len(saved.warnings) == 2
    assert "990101" in saved.warnings[0]


def test_unidentified_person_needs_an_alias(db: Database, staff: Staff) -> None:
    with pytest.raises(ValidationError, match="化名"), db.write_session() as s:
        persons.create_person(s, staff.caseworker, {"identity_known": False})
    pid = new_person(
        db,
        staff.caseworker,
        real_name=None,
        alias="小红（化名）",
        birth_date=None,
        birth_year_estimated=2014,
        identity_known=False,
        height_cm=130,
        accent_region="云南口音",
        clothing_when_found="红色毛衣",
    )
    with db.read_session() as s:
        p = s.get(Person, pid)
        assert p is not None and p.display_name == "小红（化名）" and p.alias_initials == "xh"


def test_same_id_number_cannot_be_registered_twice(db: Database, staff: Staff) -> None:
    number = make_id_number("230102", dt.date(1995, 6, 1), 12, Sex.FEMALE)
    new_person(db, staff.caseworker, id_number=number, birth_date=None)
    with pytest.raises(ValidationError, match="已登记"), db.write_session() as s:
        persons.create_person(s, staff.caseworker, {"real_name": "李娜", "id_number": number})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ethnicity", "火星族", "民族"),
        ("nationality", "火星", "国家名称或代码"),
        ("household_registration_code", "2301", "6位"),
        ("height_cm", 400, "身高"),
        ("birth_date", "2026-13-01", "有效日期"),
        ("sex", "woman", "可选值"),
        ("no_such_field", 1, "不能填写"),
    ],
)
def test_bad_values_name_the_field(
    db: Database, staff: Staff, field: str, value: object, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as err, db.write_session() as s:
        persons.create_person(s, staff.caseworker, {"real_name": "赵敏", field: value})
    assert err.value.field == field


def test_nationality_and_languages_by_name_are_stored_as_codes(db: Database, staff: Staff) -> None:
    """A newcomer types 越南 and 越南语, not VNM and vi (#13); a dialect stays as typed."""
    with db.write_session() as s:
        data = {"alias": "阿梅", "nationality": "越南", "languages": ["越南语", "粤语", "四川话"]}
        pid = persons.create_person(s, staff.caseworker, data).record.id
    with db.read_session() as s:
        p = s.get(Person, pid)
        assert p is not None
        assert (p.nationality, p.languages) == ("VNM", ["vi", "yue", "四川话"])


def test_update_is_audited_with_old_and_new_values(db: Database, staff: Staff) -> None:
    pid = new_person(db, staff.caseworker)
    with db.write_session() as s:
        saved = persons.update_person(s, staff.caseworker, pid, 1, {"real_name": "张小梅"})
        assert saved.record.version == 2
        assert saved.record.name_pinyin == "zhangxiaomei"
    with db.read_session() as s:
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "person", AuditEvent.action == "update")
        ).one()
        assert "张" not in str(event.changes)  # sealed under the person's key
        (entry,) = audit.readable(s, [event])
        assert entry.changes["real_name"] == ["张晓梅", "张小梅"]
        assert event.user_id == staff.caseworker.user_id
        assert event.version == 2


def test_statistician_cannot_register_and_other_unit_cannot_edit(
    db: Database, staff: Staff
) -> None:
    with pytest.raises(PermissionDenied), db.write_session() as s:
        persons.create_person(s, staff.statistician, {"real_name": "赵敏"})
    case_id = new_case(db, staff.caseworker)
    with db.read_session() as s:
        from rescuedesk.models import Case

        pid = s.get(Case, case_id).person_id  # type: ignore[union-attr]
    with pytest.raises(PermissionDenied), db.write_session() as s:
        persons.update_person(s, staff.other_unit_caseworker, pid, None, {"real_name": "X"})
