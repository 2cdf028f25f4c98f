"""The record forms' places are typed as people say them and kept as codes: the person's
户籍地, the case's 解救地区 and a job's 工作地, met as a caseworker meets them (logged in,
the case opened from the main window)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk.models import Case, Employment, Person
from rescuedesk.ui.forms.field_editors import PlaceEditor
from rescuedesk.ui.forms.place_picker import PlacePicker
from tests.ui.conftest import LogIn, enter_text, open_case, pick, type_in


def picker_of(form, field: str) -> PlacePicker:  # type: ignore[no-untyped-def]
    editor = form.editors[field]
    assert isinstance(editor, PlaceEditor)
    return editor.picker


def choose_first(qtbot: QtBot, picker: PlacePicker, text: str) -> None:
    picker.edit.setFocus()
    picker.edit.clear()
    type_in(qtbot, picker.edit, text)
    assert picker.list.isVisible(), text
    qtbot.keyClick(picker.list, Qt.Key.Key_Return)


def test_person_and_case_places_saved_from_typed_names(qtbot: QtBot, ui_db, log_in: LogIn) -> None:  # type: ignore[no-untyped-def]
    db, _lead, ids = ui_db
    window = log_in(db)
    page = open_case(window, ids["张晓梅"])
    person = page.person
    origin = picker_of(person.form, "household_registration_code")
    choose_first(qtbot, origin, "宜宾县")  # the former name: today's 叙州区
    assert origin.edit.text() == "四川省 › 宜宾市 › 叙州区"
    assert person.save()
    with db.read_session() as s:
        stored = s.get(Person, person.stored["id"])
        assert stored is not None and stored.household_registration_code == "511504"
    assert origin.edit.text() == "四川省 › 宜宾市 › 叙州区"  # shown again as its path

    case = page.case
    choose_first(qtbot, picker_of(case.form, "rescue_place_code"), "百色")
    assert case.save()
    with db.read_session() as s:
        stored_case = s.get(Case, ids["张晓梅"])
        assert stored_case is not None and stored_case.rescue_place_code == "451000"


def test_a_jobs_place_typed_in_pinyin(qtbot: QtBot, ui_db, log_in: LogIn) -> None:  # type: ignore[no-untyped-def]
    db, _lead, ids = ui_db
    window = log_in(db)
    page = open_case(window, ids["李娜"], "培训就业")
    jobs = page.section(Employment)
    jobs.add_button.click()
    pick(jobs, "kind", "domestic_service")
    enter_text(jobs, "employer", "百色市某家政公司")
    work = picker_of(jobs.form, "place_code")
    work.edit.setFocus()
    type_in(qtbot, work.edit, "bai")
    checked = jobs._check_timer
    qtbot.waitUntil(lambda: not checked.isActive())  # the form checked itself as typed ...
    qtbot.wait(50)
    assert work.edit.text() == "bai" and work.list.isVisible()  # ... and left the box alone
    choose_first(qtbot, work, "baise")
    assert work.code() == "451000"
    assert jobs.save()
    with db.read_session() as s:
        job = s.scalars(select(Employment).where(Employment.case_id == ids["李娜"])).one()
        assert job.place_code == "451000" and job.start_date <= dt.date.today()


def test_a_jobs_place_naming_nothing_is_refused(qtbot: QtBot, ui_db, log_in: LogIn) -> None:  # type: ignore[no-untyped-def]
    db, _lead, ids = ui_db
    window = log_in(db)
    jobs = open_case(window, ids["李娜"], "培训就业").section(Employment)
    jobs.add_button.click()
    pick(jobs, "kind", "domestic_service")
    work = picker_of(jobs.form, "place_code")
    work.edit.setText("南方某地")
    work.edit.editingFinished.emit()  # Tab on: said at once, beside the box
    assert work.problem() is not None and work.problem_label.isVisibleTo(jobs.form)
    assert not jobs.save()
    beside = jobs.form.errors["place_code"]
    assert beside.isVisibleTo(jobs.form) and "工作地" in beside.text()
    with db.read_session() as s:
        assert s.scalars(select(Employment)).first() is None
