"""Dates typed as people type them (issue #13) into the date boxes outside the case-file
forms: a slip's reply date, a visit's date and the next one, the audit trail's dates. Each
is typed into the real box and the operation it runs is checked; a day that does not exist
is named, not replaced by the date the box showed before."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDateEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk.models import FollowUpVisit, Referral
from rescuedesk.models.enums import Role
from rescuedesk.services.casefile import records
from rescuedesk.services.office.context import Actor
from rescuedesk.services.referrals import letters
from rescuedesk.ui.dialogs.reply_dialog import ReplyDialog
from rescuedesk.ui.forms.date_edit import TypedDateEdit
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.widgets.planner_widget import RecordVisitDialog
from tests.factories import consent_to_share, new_user

# The reply comes on the day the letter went out (the tests' clock: 2026-11-25).
TYPED = [
    ("2026.11.25", dt.date(2026, 11, 25)),
    ("2026年11月25日", dt.date(2026, 11, 25)),
    ("20261125", dt.date(2026, 11, 25)),
    ("11/25", dt.date(2026, 11, 25)),  # this year, by the tests' clock
]


def _type_into(qtbot: QtBot, edit: QDateEdit, typed: str) -> None:
    """Click into the box, select all of it (Ctrl+A), type, and leave it with Tab; Chinese
    characters come as an input method commits them (QTest types ASCII only)."""
    edit.window().activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    for char in typed:
        if char.isascii():
            qtbot.keyClick(edit, char)
        else:
            commit = QInputMethodEvent()
            commit.setCommitString(char)
            QApplication.sendEvent(QApplication.focusObject(), commit)  # the box's line edit
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def _reply_dialog(qtbot: QtBot, ui_db) -> ReplyDialog:  # type: ignore[no-untyped-def]
    db, lead, ids = ui_db
    consent_to_share(db, lead, ids["李娜"], ["hospital"])
    with db.write_session() as s:
        letters.issue_letter(s, lead, ids["李娜"], "hospital")
    dialog = ReplyDialog(Workspace(db, lead))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.slip, "2026-0001")
    dialog.find()
    dialog.status.setCurrentIndex(dialog.status.findData("accepted"))
    return dialog


@pytest.mark.parametrize(("typed", "day"), TYPED)
def test_a_reply_date_typed_as_people_write_it(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, typed: str, day: dt.date
) -> None:
    dialog = _reply_dialog(qtbot, ui_db)
    assert isinstance(dialog.reply_on, TypedDateEdit)
    dialog.reply_on.setDate(QDate(2026, 1, 1))  # not the day typed: the typing must count
    _type_into(qtbot, dialog.reply_on, typed)
    assert dialog.reply_on.date().toPython() == day
    dialog.save.click()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    with ui_db[0].read_session() as s:
        assert s.scalars(select(Referral.reply_on)).one() == day


def test_a_reply_date_that_does_not_exist_is_named(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    dialog = _reply_dialog(qtbot, ui_db)
    _type_into(qtbot, dialog.reply_on, "2026.2.30")
    dialog.save.click()
    assert "2026.2.30" in dialog.error.text() and "不存在" in dialog.error.text()
    assert dialog.result() != dialog.DialogCode.Accepted
    with ui_db[0].read_session() as s:
        assert s.scalars(select(Referral.reply_on)).one() is None  # nothing saved


def test_an_empty_date_opens_its_calendar_at_today(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    dialog = _reply_dialog(qtbot, ui_db)
    box = dialog.reply_on
    box.setDate(box.minimumDate())  # as a wiped window leaves it
    arrow = QPoint(box.width() - 4, box.height() // 2)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=arrow)  # the calendar's arrow
    calendar = box.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (2026, 11)
    calendar.window().close()


def test_a_visit_and_the_next_typed_as_people_write_them(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, lead, ids = ui_db
    with db.write_session() as s:
        records.add_record(
            s,
            lead,
            FollowUpVisit,
            ids["李娜"],
            {"planned_date": dt.date(2026, 11, 20), "visitor_id": lead.user_id},
        )
    window = MainWindow(Workspace(db, lead))
    qtbot.addWidget(window)
    window.load_case_list()
    planner = window.planner
    assert planner is not None
    planner.range.setCurrentIndex(planner.range.findData(0))  # overdue only
    dialog = RecordVisitDialog(window.workspace, planner.visits[0])
    qtbot.addWidget(dialog)
    dialog.show()
    assert isinstance(dialog.done_on, TypedDateEdit) and isinstance(dialog.next_on, TypedDateEdit)
    _type_into(qtbot, dialog.done_on, "2026.11.21")
    assert dialog.done_on.date().toPython() == dt.date(2026, 11, 21)
    # the next visit proposed from the typed day (all well: in 90 days)
    assert dialog.next_on.date().toPython() == dt.date(2026, 11, 21) + dt.timedelta(days=90)
    _type_into(qtbot, dialog.next_on, "2027年1月5日")
    assert dialog.next_on.date().toPython() == dt.date(2027, 1, 5)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    with db.read_session() as s:
        stored = records.list_records(s, FollowUpVisit, ids["李娜"])
    assert [(v.done_date, v.planned_date) for v in stored] == [
        (dt.date(2026, 11, 21), dt.date(2026, 11, 20)),
        (None, dt.date(2027, 1, 5)),
    ]


def test_the_audit_trails_dates_typed_as_people_write_them(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, _supervisor, _ids = ui_db
    auditor = new_user(db, "aud", "审计员", Role.AUDITOR, by=Actor.system("t"))
    window = MainWindow(Workspace(db, auditor))
    qtbot.addWidget(window)
    window.show()
    window.load_case_list()
    trail = window.audit_trail
    assert trail is not None
    assert isinstance(trail.date_from, TypedDateEdit) and isinstance(trail.date_to, TypedDateEdit)
    trail.use_dates.setChecked(True)
    _type_into(qtbot, trail.date_from, "2026.11.26")  # the day after everything happened
    _type_into(qtbot, trail.date_to, "20261231")
    trail.search.click()
    assert (trail.current_filter().date_from, trail.current_filter().date_to) == (
        dt.date(2026, 11, 26),
        dt.date(2026, 12, 31),
    )
    assert trail.table.rowCount() == 0
    _type_into(qtbot, trail.date_from, "11/25")  # this year
    trail.search.click()
    assert trail.current_filter().date_from == dt.date(2026, 11, 25)
    assert trail.table.rowCount() > 0
    _type_into(qtbot, trail.date_to, "2026.11.31")
    trail.search.click()
    assert "不存在" in trail.status.text() and "2026.11.31" in trail.status.text()
