"""An unidentified person's description (issue #15): the estimated age as a range of birth
years, the names she answers to, an accent code, a found date that can be true; each
problem named beside its field. Both engines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import text

from rescuedesk.db import Database
from rescuedesk.errors import ValidationError
from rescuedesk.models import Person
from rescuedesk.models.enums import Sex
from rescuedesk.services.people import persons
from tests.conftest import Staff

GIRL: dict[str, Any] = {
    "alias": "站字2026-15",
    "identity_known": False,
    "sex": Sex.FEMALE,
    "estimated_age": [12, 14],
    "height_cm": 148,
    "accent_code": "xinan.chuanyu",
    "accent_region": "说话带宜宾口音",
    "called_names": [" 刘兰兰", "丫丫", "", "丫丫"],
    "languages": ["四川话"],
    "found_date": dt.date(2026, 11, 1),
    "found_place": "哈尔滨站候车室",
}


def _create(db: Database, staff: Staff, **changes: Any) -> Person:
    with db.write_session() as s:
        return persons.create_person(s, staff.caseworker, {**GIRL, **changes}).record  # type: ignore[no-any-return]


def test_the_age_range_is_kept_as_birth_years_and_shown_as_ages_again(
    db: Database, staff: Staff
) -> None:
    person = _create(db, staff)
    with db.read_session() as s:
        stored = s.get(Person, person.id)
        assert stored is not None
        assert (stored.birth_year_earliest, stored.birth_year_latest) == (2012, 2014)
        assert stored.birth_year_estimated == 2013  # the midpoint the tasks read
        assert stored.called_names == ["刘兰兰", "丫丫"]
        assert (stored.accent_code, stored.languages) == ("xinan.chuanyu", ["四川话"])
        values = {c.key: getattr(stored, c.key) for c in Person.__table__.columns}
        assert persons.estimated_age(values, dt.date(2030, 1, 1)) == [12, 14]
    with db.write_session() as s:
        persons.update_person(s, staff.caseworker, person.id, 1, {"estimated_age": [15, 15]})
    with db.read_session() as s:
        stored = s.get(Person, person.id)
        assert stored is not None
        assert (stored.birth_year_earliest, stored.birth_year_latest) == (2011, 2011)
        assert stored.birth_year_estimated == 2011


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"estimated_age": [14, 12]}, "estimated_age", "起始岁数不能大于截止岁数"),
        ({"estimated_age": [10, 30]}, "estimated_age", "不能超过15岁"),
        ({"estimated_age": [-1, 3]}, "estimated_age", "0到120岁"),
        ({"found_date": dt.date(2026, 12, 1)}, "found_date", "发现日期不能晚于今天"),
        ({"found_date": dt.date(2010, 5, 1)}, "found_date", "发现日期早于出生日期"),
        ({"called_names": ["刘兰兰", 3]}, "called_names", "自称姓名/小名"),
    ],
)
def test_each_problem_names_its_field(
    db: Database, staff: Staff, changes: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as err:
        _create(db, staff, **changes)
    assert [(e.field, words in e.message) for e in err.value.errors] == [(field, True)]


def test_every_problem_of_a_description_at_once(db: Database, staff: Staff) -> None:
    with pytest.raises(ValidationError) as err:
        _create(db, staff, estimated_age=[14, 12], found_date=dt.date(2027, 1, 1), height_cm=5)
    assert {e.field for e in err.value.errors} == {"estimated_age", "found_date", "height_cm"}


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_languages_and_called_names_are_sealed_on_postgresql(db: Database, staff: Staff) -> None:
    person = _create(db, staff)
    with db.engine.connect() as conn:
        langs, names = conn.execute(
            text("SELECT languages, called_names FROM person WHERE id = :i"), {"i": person.id}
        ).one()
    # The clear format of a database without a key yet (0x00, then the text): bytea, which
    # the first administrator's key seals with every other sealed column.
    assert isinstance(langs, bytes | memoryview) and bytes(langs)[:1] == b"\x00"
    assert isinstance(names, bytes | memoryview) and bytes(names)[:1] == b"\x00"
