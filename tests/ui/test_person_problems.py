"""The person's form and the new-case dialog show every problem of the person at once, each
beside its field, not only the first (issue #11, item 8). Met as a caseworker meets them:
logged in through the log-in dialog, the case opened from the main window."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from rescuedesk import clock
from rescuedesk.models import Person
from rescuedesk.ui.dialogs.new_case_dialog import NewCaseDialog
from rescuedesk.ui.ops import Workspace
from tests.db.test_ledger_import import BAD_ID
from tests.ui.conftest import LogIn, open_case

# Each field's mistake and words of the message that must stand beside it.
MISTAKES = {
    "real_name": "太长",
    "id_number": "校验位",
    "birth_date": "出生日期不合理",
}


def test_every_problem_of_the_person_form_beside_its_field(
    qtbot: QtBot, ui_db, log_in: LogIn
) -> None:  # type: ignore[no-untyped-def]
    db, _lead, ids = ui_db
    window = log_in(db)
    person = open_case(window, ids["张晓梅"]).person
    person_id = person.stored["id"]
    person.form.editors["real_name"].set("张" * 101)
    person.form.editors["id_number"].set(BAD_ID)
    person.form.editors["birth_date"].set(clock.today() + dt.timedelta(days=30))

    assert not person.save()
    for field, words in MISTAKES.items():
        beside = person.form.findChild(QLabel, f"error_{field}")
        assert beside is not None and beside.isVisibleTo(person.form), field
        assert words in beside.text(), (field, beside.text())
    with db.read_session() as s:
        stored = s.get(Person, person_id)
        assert stored is not None and stored.real_name == "张晓梅"  # nothing saved


def test_an_id_number_already_registered_is_named_with_the_other_problems(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, log_in: LogIn
) -> None:
    db, _lead, ids = ui_db
    window = log_in(db)
    other = open_case(window, ids["李娜"]).person.stored["id_number"]
    person = open_case(window, ids["张晓梅"]).person
    person.form.editors["id_number"].set(other)
    person.form.editors["birth_date"].set(clock.today() + dt.timedelta(days=30))

    assert not person.save()
    for field, words in (("id_number", "已登记"), ("birth_date", "出生日期不合理")):
        beside = person.form.findChild(QLabel, f"error_{field}")
        assert beside is not None and beside.isVisibleTo(person.form), field
        assert words in beside.text(), (field, beside.text())


def test_every_problem_of_the_new_person_beside_its_field(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, lead, _ = ui_db
    dialog = NewCaseDialog(Workspace(db, lead))
    qtbot.addWidget(dialog)
    dialog.real_name.setText("赵" * 101)
    dialog.id_number.setText(BAD_ID)
    dialog.birth_known.setChecked(True)
    dialog.birth_date.setDate(clock.today() + dt.timedelta(days=30))
    with db.read_session() as s:
        before = s.scalar(select(func.count(Person.id)))
    dialog.save()
    assert dialog.case_id is None
    for field in ("real_name", "id_number", "birth_date"):
        assert dialog.errors[field].isVisibleTo(dialog), field
        assert MISTAKES[field] in dialog.errors[field].text(), (field, dialog.errors[field].text())
    with db.read_session() as s:
        assert s.scalar(select(func.count(Person.id))) == before
