"""Registering a person and a case from the form."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from rescuedesk.models import Case, Person
from rescuedesk.models.enums import CaseFlag, Sex
from rescuedesk.services.people.identity import make_id_number
from rescuedesk.ui.dialogs.new_case_dialog import NewCaseDialog
from rescuedesk.ui.ops import Workspace


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
    dialog.features.setText("左眉有痣，说云南口音")
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
