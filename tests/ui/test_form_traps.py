"""Data-entry traps of the case-file forms (issue #11, item 8), each met as a caseworker meets
it: logged in through the log-in dialog (typed into by the ``log_in`` fixture of
tests/ui/conftest.py), a case opened from the main window, the real widgets driven."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from rescuedesk import clock
from rescuedesk.models import Consent, Referral
from rescuedesk.ui.dialogs.letter_dialog import LetterDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.widgets.case_file_widget import CaseFileWidget
from rescuedesk.ui.widgets.record_section import RecordSection
from tests.factories import consent_to_share
from tests.ui.conftest import LogIn, open_case


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


def _new_consent(window: MainWindow, case_id: int) -> RecordSection:
    """The case opened and an empty form for a new consent on its page."""
    consent = open_case(window, case_id).section(Consent)
    consent.add_button.click()
    return consent


def test_the_wheel_scrolls_the_form_and_leaves_a_consents_purpose_alone(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, log_in: LogIn
) -> None:
    db, _lead, ids = ui_db
    window = log_in(db)
    consent = _new_consent(window, ids["张晓梅"])
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
    qtbot: QtBot, ui_db, log_in: LogIn
) -> None:
    db, _lead, ids = ui_db
    window = log_in(db)
    consent = _new_consent(window, ids["张晓梅"])
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


def _ctrl_s(window: MainWindow) -> None:
    """The menu's 保存 action, the one Ctrl+S triggers."""
    action = next(a for a in window.findChildren(QAction) if a.shortcut() == QKeySequence("Ctrl+S"))
    action.trigger()


def _pick(editor_widget: QWidget, code: object) -> None:
    assert isinstance(editor_widget, QComboBox)
    editor_widget.setCurrentIndex(editor_widget.findData(code))


def _three_mistakes(consent) -> None:  # type: ignore[no-untyped-def]
    """A guardian without a name, a withdrawal before the consent, and no reason for it."""
    today = clock.today()
    consent.add_button.click()
    _pick(consent.form.editors["purpose"].widget, "data_sharing")
    _pick(consent.form.editors["given_by"].widget, "guardian")
    consent.form.editors["given_on"].set(today)
    consent.form.editors["withdrawn_on"].set(today - dt.timedelta(days=3))


def test_every_problem_of_a_form_beside_its_field(qtbot: QtBot, ui_db, log_in: LogIn) -> None:  # type: ignore[no-untyped-def]
    db, _lead, ids = ui_db
    window = log_in(db)
    consent = open_case(window, ids["张晓梅"]).section(Consent)
    _three_mistakes(consent)

    assert not consent.check_now()  # as she types, before any save
    for field, words in (
        ("guardian_name", "监护人姓名"),
        ("withdrawn_on", "不能早于"),
        ("withdrawal_reason", "撤回同意的原因"),
    ):
        beside = consent.form.findChild(QLabel, f"error_{field}")
        assert beside is not None and beside.isVisibleTo(consent.form), field
        assert words in beside.text(), (field, beside.text())
    assert consent.form.findChild(QLabel, "error_purpose").text() == ""

    # The save refuses with the same three, not only the first.
    assert not consent.save()
    shown = consent.form.error_text()
    assert "监护人姓名" in shown and "不能早于" in shown and "撤回同意的原因" in shown


def test_a_refused_ctrl_s_says_the_form_was_not_saved_and_why(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, log_in: LogIn
) -> None:
    db, _lead, ids = ui_db
    window = log_in(db)
    page = open_case(window, ids["张晓梅"])
    _ctrl_s(window)  # nothing open: nothing to save
    assert window.statusBar().currentMessage() == "没有需要保存的内容。"

    consent = page.section(Consent)
    _three_mistakes(consent)
    _ctrl_s(window)
    message = window.statusBar().currentMessage()
    assert message.startswith("未保存"), message
    assert "没有需要保存" not in message
    for words in ("监护人姓名", "撤回日期", "撤回同意的原因"):  # the field and the reason
        assert words in message, message
    with db.read_session() as s:
        assert s.query(Consent).filter_by(case_id=ids["张晓梅"]).count() == 0

    consent.form.editors["guardian_name"].set("张母")
    consent.form.editors["withdrawn_on"].set(None)
    _ctrl_s(window)
    assert window.statusBar().currentMessage() == "已保存。"
    with db.read_session() as s:
        assert s.query(Consent).filter_by(case_id=ids["张晓梅"]).count() == 1


def _in_letter_dialog(window: MainWindow, page: CaseFileWidget, act) -> None:  # type: ignore[no-untyped-def]
    """Press the case's 打印转介函… button; ``act(dialog)`` runs while the dialog is open,
    then the dialog is closed (exec() returns)."""

    def inside() -> None:
        dialog = window.findChild(LetterDialog)
        try:
            act(dialog)
        finally:
            dialog.reject()

    QTimer.singleShot(0, inside)
    button = next(b for b in page.findChildren(QPushButton) if b.text() == "打印转介函…")
    button.click()


def test_the_letter_dialog_fits_a_1366x768_screen_with_its_buttons(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, log_in: LogIn
) -> None:
    db, _lead, ids = ui_db
    window = log_in(db)
    page = open_case(window, ids["张晓梅"])
    seen: dict[str, object] = {}

    def measure(dialog: LetterDialog) -> None:
        seen["height"] = dialog.frameGeometry().height()
        seen["least"] = dialog.minimumSizeHint().height()
        button = dialog.save_button
        seen["visible"] = button.isVisible()
        seen["bottom"] = button.mapTo(dialog, QPoint(0, button.height())).y()
        seen["inside"] = dialog.height()

    _in_letter_dialog(window, page, measure)
    # 768 px less a task bar (40) and a title bar (30).
    assert seen["height"] <= 698 and seen["least"] <= 698, seen
    assert seen["visible"] and seen["bottom"] <= seen["inside"], seen


def test_no_consent_is_said_before_the_save_dialog(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, log_in: LogIn, monkeypatch, tmp_path
) -> None:
    db, _lead, ids = ui_db
    window = log_in(db)
    page = open_case(window, ids["张晓梅"])  # no consent to share anything
    asked: list[object] = []
    monkeypatch.setattr(
        "rescuedesk.ui.dialogs.letter_dialog.QFileDialog.getSaveFileName",
        lambda *a, **k: (asked.append(a), (str(tmp_path / "x.pdf"), ""))[1],
    )
    seen: dict[str, str] = {}

    def save(dialog: LetterDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData("employment"))
        dialog.save_button.click()
        seen["error"] = dialog.error.text()

    _in_letter_dialog(window, page, save)
    assert asked == []  # no file name asked for a letter that cannot be issued
    assert "同意" in seen["error"], seen
    assert not (tmp_path / "x.pdf").exists()


def test_the_referrals_tab_shows_an_issued_letter(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, log_in: LogIn, monkeypatch, tmp_path
) -> None:
    db, lead, ids = ui_db
    consent_to_share(db, lead, ids["张晓梅"], ["hospital"], clock.today())
    window = log_in(db)
    page = open_case(window, ids["张晓梅"])
    referrals = page.section(Referral)
    assert referrals.table.rowCount() == 0
    target = tmp_path / "letter.pdf"
    monkeypatch.setattr(
        "rescuedesk.ui.dialogs.letter_dialog.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), ""),
    )
    seen: dict[str, object] = {}

    def issue(dialog: LetterDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData("hospital"))
        dialog.save_button.click()
        seen["number"] = dialog.issued_number
        seen["rows_behind"] = referrals.table.rowCount()  # while the dialog is still open

    _in_letter_dialog(window, page, issue)
    assert seen["number"] and target.exists(), seen
    assert seen["rows_behind"] == 1
    assert referrals.table.rowCount() == 1
    history = [page.timeline.item(r, 2).text() for r in range(page.timeline.rowCount())]
    assert "打印转介函" in history
