"""Data-entry traps of the case-file forms (issue #11, item 8), each met as a caseworker meets
it: logged in through the log-in dialog, a case opened from the main window, the real widgets
driven."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from rescuedesk import clock
from rescuedesk.models import Consent
from rescuedesk.ui.dialogs.login_dialog import LoginDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.widgets.case_file_widget import CaseFileWidget
from tests.ui.conftest import PASSWORD


def log_in(qtbot: QtBot, db, username: str = "lead") -> MainWindow:  # type: ignore[no-untyped-def]
    """The program's start as app.run does it: the log-in dialog, then the main window."""
    dialog = LoginDialog(db.url, db=db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, username)
    dialog.password.setText(PASSWORD)  # typed through an input method: QTest types ASCII only
    dialog.try_login()
    assert dialog.result_value is not None, dialog.error.text()
    opened, actor = dialog.result_value
    window = MainWindow(Workspace(opened, actor))
    # Hidden first: a visible window with a form open would ask about unsaved input.
    qtbot.addWidget(window, before_close_func=lambda w: w.hide())
    window.resize(1366, 768)
    window.show()
    window.load_case_list()
    return window


def open_case(window: MainWindow, case_id: int) -> CaseFileWidget:
    window.open_case(case_id)
    page = window.current_case_file()
    assert isinstance(page, CaseFileWidget)
    return page


def wheel(widget: QWidget, steps: int = -1) -> bool:
    """One notch of the mouse wheel over ``widget`` (negative: towards the user); whether
    the widget took it (an ignored wheel event goes on to the page under it)."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def _scroll_area(widget: QWidget) -> QScrollArea:
    parent = widget.parentWidget()
    while not isinstance(parent, QScrollArea):
        assert parent is not None
        parent = parent.parentWidget()
    return parent


def test_the_wheel_scrolls_the_form_and_leaves_a_consents_purpose_alone(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db
) -> None:
    db, _lead, ids = ui_db
    window = log_in(qtbot, db)
    page = open_case(window, ids["张晓梅"])
    consent = page.section(Consent)
    consent.add_button.click()
    purpose = consent.form.editors["purpose"].widget
    given_on = consent.form.editors["given_on"].widget
    assert isinstance(purpose, QComboBox) and isinstance(given_on, QDateEdit)
    purpose.setCurrentIndex(0)
    chosen, day = purpose.currentData(), given_on.date()
    assert isinstance(_scroll_area(purpose), QScrollArea)  # the page scrolls
    consent.form.editors["guardian_name"].widget.setFocus()  # the user is elsewhere

    for _ in range(3):
        # Not taken: Qt hands a real (spontaneous) wheel event on to the page, which
        # scrolls; a test's synthesised event stops here.
        assert not wheel(purpose)
        assert not wheel(given_on)
    assert purpose.currentData() == chosen and given_on.date() == day

    # A focused drop-down still takes the wheel: the user chose to turn it.
    window.activateWindow()
    purpose.setFocus()
    qtbot.waitUntil(purpose.hasFocus)
    wheel(purpose)
    assert purpose.currentData() != chosen


def test_an_empty_optional_date_opens_its_calendar_at_today(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db
) -> None:
    db, _lead, ids = ui_db
    window = log_in(qtbot, db)
    page = open_case(window, ids["张晓梅"])
    consent = page.section(Consent)
    consent.add_button.click()
    editor = consent.form.editors["withdrawn_on"]
    edit = editor.widget
    assert isinstance(edit, QDateEdit) and editor.get() is None
    edit.window().activateWindow()
    # A click on the arrow at the right of the date opens its calendar.
    qtbot.mouseClick(
        edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 6, edit.height() // 2)
    )
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = clock.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    assert editor.get() is None  # opening the calendar fills in nothing
    calendar.window().close()
