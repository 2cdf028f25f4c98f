"""Idle lock: fires on time, leaves no personal data in any widget, unlocks only with the
same user's password (issue #7)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from rescuedesk.ui.dialogs.login_dialog import LoginDialog
from rescuedesk.ui.idle_lock import IdleWatcher
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from tests.ui.conftest import PASSWORD

MARKERS = ("张晓梅", "李娜", "王秀英", "HRB-2026")


def _visible_text(window: MainWindow) -> str:
    """Text in every widget of this window (other tests' windows may linger until deleted)."""
    parts: list[str] = []
    for w in [window, *window.findChildren(QWidget)]:
        if isinstance(w, QListWidget):
            parts += [w.item(i).text() for i in range(w.count())]
        if isinstance(w, QTableWidget):
            parts += [
                w.item(r, c).text()
                for r in range(w.rowCount())
                for c in range(w.columnCount())
                if w.item(r, c)
            ]
        if isinstance(w, QLineEdit | QLabel):
            parts.append(w.text())
        elif isinstance(w, QTextBrowser):
            parts.append(w.toPlainText())
        elif hasattr(w, "windowTitle"):
            parts.append(w.windowTitle())
    return "\n".join(parts)


def _model_text(window: MainWindow) -> str:
    m = window.model
    return "\n".join(
        str(m.data(m.index(r, c))) for r in range(m.rowCount()) for c in range(m.columnCount())
    )


def test_idle_lock_fires_on_time_and_clears_everything(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, actor, ids = ui_db
    now = [1000.0]
    watcher = IdleWatcher(5, clock=lambda: now[0], check_ms=60_000)
    window = MainWindow(Workspace(db, actor), idle_watcher=watcher)
    qtbot.addWidget(window)
    window.show()
    window.load_case_list()
    window.tabs.setCurrentWidget(window.case_list)  # the list holds names before the lock
    window.open_case(ids["张晓梅"])
    window.clipboard.copy("张晓梅 HRB-2026-00001")
    assert "张晓梅" in _visible_text(window) + _model_text(window)

    now[0] += 4 * 60 + 50  # almost five minutes, then some input
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(5, 5),
        QPointF(5, 5),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window.case_list.table.viewport(), event)
    watcher.check()
    assert not window.locked
    now[0] += 4 * 60 + 59
    watcher.check()
    assert not window.locked
    now[0] += 1
    watcher.check()
    assert window.locked
    text = _visible_text(window) + _model_text(window)
    assert not any(m in text for m in MARKERS), [
        t for t in text.splitlines() if any(m in t for m in MARKERS)
    ]
    assert QGuiApplication.clipboard().text() == ""

    assert not window.unlock("wrong-password-1")
    assert window.locked
    assert window.unlock(PASSWORD)
    window.tabs.setCurrentWidget(window.case_list)
    assert not window.locked and window.model.rowCount() == 3


def test_clipboard_text_not_from_the_program_is_left_alone(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, actor, _ = ui_db
    window = MainWindow(
        Workspace(db, actor), idle_watcher=IdleWatcher(5, clock=lambda: 0.0, check_ms=60_000)
    )
    qtbot.addWidget(window)
    QGuiApplication.clipboard().setText("someone else's text")
    window.lock()
    assert QGuiApplication.clipboard().text() == "someone else's text"


def test_login_dialog_refuses_then_accepts(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, _, _ = ui_db
    dialog = LoginDialog(db.url, db=db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "lead")
    qtbot.keyClicks(dialog.password, "wrong-password-1")
    dialog.try_login()
    assert dialog.result_value is None and "不正确" in dialog.error.text()
    assert dialog.password.text() == ""
    dialog.password.setText(PASSWORD)  # typed through an input method: QTest types ASCII only
    dialog.try_login()
    assert dialog.result_value is not None
    assert dialog.result_value[1].label == "lead"


def _type_unsaved_assistance(window: MainWindow, case_id: int, marker: str) -> None:
    from rescuedesk.models import Assistance

    window.open_case(case_id)
    section = window.current_case_file().section(Assistance)
    section.start_add()
    section.form.editors["provider"].set(marker)


def _saved_assistance(db) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from rescuedesk.models import Assistance

    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(Assistance))


def test_unsaved_input_comes_back_after_the_same_user_unlocks(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    from rescuedesk.models import Assistance

    db, actor, ids = ui_db
    window = MainWindow(Workspace(db, actor))
    qtbot.addWidget(window)
    _type_unsaved_assistance(window, ids["李娜"], "草稿标记-救助站")
    window.lock()
    assert "草稿标记" not in _visible_text(window)
    window.lock_screen.password.setText("wrong-password-1")
    window.lock_screen._unlock()
    assert window.locked and "不正确" in window.lock_screen.error.text()
    from PySide6.QtGui import QAction

    new_case = next(a for a in window.findChildren(QAction) if a.shortcut().toString() == "Ctrl+N")
    assert not new_case.isEnabled()  # no menu or shortcut works behind the lock
    window.lock_screen.password.setText(PASSWORD)
    window.lock_screen._unlock()
    assert not window.locked and new_case.isEnabled()
    section = window.current_case_file().section(Assistance)
    assert section.form.editors["provider"].get() == "草稿标记-救助站"
    assert _saved_assistance(db) == 0  # restored into the form, not saved behind the user's back


def test_a_colleague_takes_over_and_the_input_waits_as_a_draft(qtbot: QtBot, ui_db, staff) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from rescuedesk.models import Assistance, Draft
    from rescuedesk.services.casefile import drafts

    db, lead, ids = ui_db
    window = MainWindow(Workspace(db, lead))
    qtbot.addWidget(window)
    _type_unsaved_assistance(window, ids["王秀英"], "草稿标记-交接")
    window.lock()
    switched: list[object] = []
    window.user_switched.connect(lambda d, a: switched.append(a))
    assert window.hand_over(db, staff.caseworker) == 1
    assert switched == [staff.caseworker]
    with db.write_session() as s:
        assert drafts.pending(s, staff.caseworker) == []  # only its author sees it
        assert [d.case_id for d in drafts.pending(s, lead)] == [ids["王秀英"]]

    back = MainWindow(Workspace(db, lead))
    qtbot.addWidget(back)
    assert back.offer_drafts(ask=False) == 1
    section = back.current_case_file().section(Assistance)
    assert section.form.editors["provider"].get() == "草稿标记-交接"
    with db.read_session() as s:
        draft = s.scalars(select(Draft)).one()
        assert draft.closed_at is not None and draft.payload == {}  # emptied once taken
    assert _saved_assistance(db) == 0


def test_the_lock_closes_open_dialogs(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    from rescuedesk.ui.dialogs.new_case_dialog import NewCaseDialog

    db, actor, _ids = ui_db
    window = MainWindow(Workspace(db, actor))
    qtbot.addWidget(window)
    window.show()
    dialog = NewCaseDialog(window.workspace, window)
    dialog.real_name.setText("锁屏标记")
    dialog.show()
    window.lock()
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected
