"""Dates typed as people type them (issue #13) into a real date box of a case-file form, then
saved through the form: logged in through the log-in dialog, the case opened from the main
window, the keys pressed as a caseworker presses them."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit, QLabel
from pytestqt.qtbot import QtBot

from rescuedesk.models import Case, Person
from rescuedesk.ui.dialogs.new_case_dialog import NewCaseDialog
from rescuedesk.ui.ops import Workspace
from tests.ui.conftest import LogIn, open_case


def _type_into(qtbot: QtBot, edit: QDateEdit, typed: str) -> None:
    """Click into the box, select all of it (Ctrl+A), type, and leave it with Tab."""
    edit.window().activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, typed)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2010.3.5", dt.date(2010, 3, 5)),
        ("20100305", dt.date(2010, 3, 5)),
        ("2010/12/25", dt.date(2010, 12, 25)),
        ("3/5", dt.date(2026, 3, 5)),  # this year, by the tests' clock
    ],
)
def test_a_birth_date_typed_as_people_write_it_is_saved(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, log_in: LogIn, typed: str, day: dt.date
) -> None:
    db, _lead, ids = ui_db
    window = log_in(db)
    person = open_case(window, ids["张晓梅"]).person
    person.form.editors["id_number"].set(None)  # its birth date would contradict the new one
    edit = person.form.editors["birth_date"].widget
    assert isinstance(edit, QDateEdit)
    _type_into(qtbot, edit, typed)
    assert edit.date().toPython() == day  # shown as the box writes dates
    assert person.save(), person.form.problems_text()
    with db.read_session() as s:
        stored = s.get(Person, person.stored["id"])
        assert stored is not None and stored.birth_date == day


def test_a_date_that_does_not_exist_is_refused_naming_what_was_typed(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, log_in: LogIn
) -> None:
    db, _lead, ids = ui_db
    window = log_in(db)
    person = open_case(window, ids["张晓梅"]).person
    with db.read_session() as s:
        before = s.get(Person, person.stored["id"]).birth_date  # type: ignore[union-attr]
    edit = person.form.editors["birth_date"].widget
    assert isinstance(edit, QDateEdit)
    _type_into(qtbot, edit, "2010-02-30")

    assert not person.save()
    beside = person.form.findChild(QLabel, "error_birth_date")
    assert beside is not None and beside.isVisibleTo(person.form)
    assert "2010-02-30" in beside.text() and "不存在" in beside.text()
    with db.read_session() as s:
        assert s.get(Person, person.stored["id"]).birth_date == before  # type: ignore[union-attr]


def test_a_new_case_takes_its_dates_as_typed_and_an_estimated_birth_year(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db
) -> None:
    """Registering an unidentified person: no birth date known, a birth year guessed, the
    rescue and intake dates typed as they stand in the police's note."""
    db, lead, _ = ui_db
    dialog = NewCaseDialog(Workspace(db, lead))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.identity_known.setChecked(False)
    dialog.alias.setText("小花（化名）")
    dialog.birth_year.setValue(2016)  # 估计出生年份: the exact date is unknown
    _type_into(qtbot, dialog.rescue_date, "11/20")
    _type_into(qtbot, dialog.intake_date, "2026.11.21")
    dialog.save()
    assert dialog.case_id is not None
    with db.read_session() as s:
        case = s.get(Case, dialog.case_id)
        assert case is not None
        assert (case.rescue_date, case.intake_date) == (
            dt.date(2026, 11, 20),
            dt.date(2026, 11, 21),
        )
        assert case.person.birth_date is None and case.person.birth_year_estimated == 2016
