"""The person's checks find every problem, and raise the one they always raised first
(class, field, message): a caller that reads only the error itself sees no change."""

from __future__ import annotations

import datetime as dt

import pytest

from rescuedesk.errors import ValidationError
from rescuedesk.models.enums import Sex
from rescuedesk.services.people.identity import make_id_number
from rescuedesk.services.people.persons import prepare_person, validate_person

TODAY = dt.date(2026, 6, 1)
GOOD_ID = make_id_number("230102", dt.date(1995, 3, 8), 11, Sex.FEMALE)
BAD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")


def test_every_problem_of_a_person_the_first_as_before() -> None:
    data = {
        "real_name": "李" * 101,
        "id_number": BAD_ID,
        "birth_date": dt.date(2099, 1, 1),
        "height_cm": 300,
    }
    with pytest.raises(ValidationError) as caught:
        prepare_person(data, today=TODAY)
    first = caught.value
    assert (first.field, first.message) == ("real_name", "太长了：最多100个字，这里有101个。")
    assert [p.field for p in first.errors] == ["real_name", "id_number", "birth_date", "height_cm"]


def test_a_name_too_long_is_not_also_missing() -> None:
    with pytest.raises(ValidationError) as caught:
        prepare_person({"real_name": "李" * 101, "ethnicity": "火星族"}, today=TODAY)
    assert [p.field for p in caught.value.errors] == ["ethnicity", "real_name"]


def test_validate_person_reports_the_mismatches_together() -> None:
    values = {"real_name": "李秀兰", "id_number": GOOD_ID, "birth_date": TODAY, "sex": Sex.MALE}
    with pytest.raises(ValidationError) as caught:
        validate_person(values, today=TODAY)
    assert caught.value.field == "birth_date" and "不一致" in caught.value.message
    assert [p.field for p in caught.value.errors] == ["birth_date", "sex"]
