"""Registering a person and a case from the form."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from rescuedesk.models import Case, Person
from rescuedesk.models.enums import CaseFlag, Sex
from rescuedesk.services.people.identity import make_id_number
from rescuedesk.ui.dialogs.new_case_dialog import NewCaseDialog
from rescuedesk.ui.ops import Workspace
from tests.ui.conftest import LogIn, in_modal, type_in


def test_register_an_unidentified_child(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, lead, _ = ui_db
    dialog = NewCaseDialog(Workspace(db, lead))
    qtbot.addWidget(dialog)
    dialog.identity_known.setChecked(False)
    dialog.save()  # neither name nor alias: refused beside the name
    assert dialog.errors["real_name"].isVisibleTo(dialog)
    assert "化名" in dialog.errors["real_name"].text()
    dialog.alias.setText("小花（化名）")
    dialog.birth_year.setValue(2016)
    dialog.ethnicity.setCurrentIndex(0)
    dialog.description.editors["distinguishing_features"].set("左眉有痣，说云南口音")
    dialog.rescue_date.setDate(dialog.rescue_date.date().addDays(-2))
    dialog.intake_date.setDate(dialog.intake_date.date().addDays(-1))
    dialog.save()
    assert dialog.case_id is not None
    with db.read_session() as s:
        case = s.get(Case, dialog.case_id)
        assert case is not None and case.person.alias == "小花（化名）"
        assert {CaseFlag.UNDER_14, CaseFlag.IDENTITY_UNKNOWN} <= case.flags


def test_id_number_checked_as_typed_and_nothing_saved_on_error(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, lead, _ = ui_db
    dialog = NewCaseDialog(Workspace(db, lead))
    qtbot.addWidget(dialog)
    good = make_id_number("230102", dt.date(2001, 2, 3), 5, Sex.MALE)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    qtbot.keyClicks(dialog.id_number, bad)
    assert "校验位" in dialog.errors["id_number"].text()
    dialog.id_number.setText(good)
    assert not dialog.errors["id_number"].isVisibleTo(dialog)
    assert dialog.sex.currentData() == "male"  # filled from the number
    assert dialog.birth_date.date().toPython() == dt.date(2001, 2, 3)
    dialog.real_name.setText("赵强")
    dialog.rescue_date.setDate(dialog.intake_date.date().addDays(3))  # after the intake
    with db.read_session() as s:
        before = s.scalar(select(func.count(Person.id)))
    dialog.save()
    assert dialog.case_id is None and "解救日期" in dialog.errors["rescue_date"].text()
    with db.read_session() as s:
        assert s.scalar(select(func.count(Person.id))) == before  # the person was not kept


def test_household_registration_typed_as_a_name_is_kept_as_its_code(
    qtbot: QtBot, ui_db, log_in: LogIn
) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+N from the main window after logging in; 户籍地 typed as people say it, no code."""
    db, _lead, _ = ui_db
    window = log_in(db)
    new_case = next(a for a in window.findChildren(QAction) if a.shortcut().toString() == "Ctrl+N")
    seen: list[object] = []

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NewCaseDialog)
        dialog.real_name.setText("陶春兰")
        picker = dialog.origin
        picker.edit.setFocus()
        type_in(qtbot, picker.edit, "云南文山")
        assert picker.list.isVisible()
        qtbot.keyClick(picker.list, Qt.Key.Key_Return)  # the best of the list
        assert picker.edit.text() == "云南省 › 文山壮族苗族自治州"
        type_in(qtbot, dialog.rescue_region.edit, "百色")
        dialog.rescue_region.edit.editingFinished.emit()  # Tab on: the one place 百色 names
        seen.append(dialog.rescue_region.edit.text())
        ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "登记")
        ok.click()
        seen.append(dialog.case_id)

    in_modal(window, new_case.trigger, fill_in, seen=seen)
    assert seen[0] == "广西壮族自治区 › 百色市"
    case_id = seen[1]
    assert isinstance(case_id, int), seen
    with db.read_session() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.person.real_name == "陶春兰"
        assert case.person.household_registration_code == "532600"
        assert case.rescue_place_code == "451000"


def test_a_place_naming_nothing_is_refused_not_dropped(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, lead, _ = ui_db
    dialog = NewCaseDialog(Workspace(db, lead))
    qtbot.addWidget(dialog)
    dialog.real_name.setText("陶春兰")
    dialog.origin.edit.setText("火星")
    dialog.save()
    assert dialog.case_id is None
    assert "火星" in (dialog.origin.problem() or "")
    assert dialog.origin.problem_label.isVisibleTo(dialog)
