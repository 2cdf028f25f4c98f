"""Place codes are stored, place names are shown (issue #13): the case file of a person from
511504 says 四川省宜宾市叙州区, in the header and in any table or comparison of a place field."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from rescuedesk.ui.forms.field_editors import display
from rescuedesk.ui.forms.specs import PERSON
from tests.conftest import Staff
from tests.factories import new_case, new_person
from tests.ui.conftest import LogIn, open_case


def test_the_case_file_names_the_household_registration_place(
    qtbot: QtBot, ui_db, staff: Staff, log_in: LogIn
) -> None:  # type: ignore[no-untyped-def]
    db, _lead, _ids = ui_db
    person_id = new_person(
        db, staff.caseworker, real_name="刘小芳", household_registration_code="511504"
    )
    case_id = new_case(db, staff.caseworker, person_id)
    window = log_in(db)
    page = open_case(window, case_id)
    header = page.header.text()
    assert "户籍地：四川省宜宾市叙州区" in header
    assert "511504" not in header
    spec = PERSON.field("household_registration_code")
    assert display(spec, "511504") == "四川省宜宾市叙州区"
    assert display(spec, "999999") == "999999（未知的行政区划代码）"
