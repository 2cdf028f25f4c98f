"""文件 → 设置: the automatic backups' folder and kept days; the backup after a log-in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import select

from rescuedesk.db import Database, sqlite_file
from rescuedesk.models import AuditEvent
from rescuedesk.services.office import accounts, settings
from rescuedesk.services.office.context import Actor
from rescuedesk.services.storage import daily_backup
from rescuedesk.ui.app import show_main_window
from rescuedesk.ui.dialogs.login_dialog import LoginDialog
from rescuedesk.ui.dialogs.settings_dialog import SettingsDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from tests.ui.conftest import PASSWORD, in_modal

ROOT_PASSWORD = "管理员的-长密码-2026"  # tests/ui/conftest.py ui_db


def _root(db: Database) -> Actor:
    with db.write_session() as s:
        return accounts.authenticate(s, "root", ROOT_PASSWORD).raise_if_refused()


def _in_settings(qtbot, window: MainWindow, act) -> list[object]:  # type: ignore[no-untyped-def]
    """Open 文件 → 设置… from the menu and run ``act(dialog)`` in the modal dialog."""
    seen: list[object] = []

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        seen.append(act(dialog))

    file_menu = window.menuBar().actions()[0].menu()
    (settings_action,) = [a for a in file_menu.actions() if a.text() == "设置…"]
    in_modal(window, settings_action.trigger, in_the_dialog, seen=seen)
    return seen


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_administrator_sets_the_days_backups_are_kept(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, lead, _ = ui_db
    window = MainWindow(Workspace(db, _root(db)))
    qtbot.addWidget(window)
    folder = sqlite_file(db.url).absolute().parent / "backups"  # type: ignore[union-attr]

    def keep_thirty(dialog: SettingsDialog) -> tuple[int, str, bool]:
        assert dialog.keep_days is not None and dialog.backup_folder is not None
        shown = (
            dialog.keep_days.value(),
            dialog.backup_folder.text(),
            dialog.keep_days.isEnabled(),
        )
        dialog.keep_days.selectAll()
        qtbot.keyClicks(dialog.keep_days.lineEdit(), "30")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return shown

    assert _in_settings(qtbot, window, keep_thirty) == [(14, str(folder), True)]
    with db.read_session() as s:
        assert settings.get(s, "backup_keep_days") == 30
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "setting")).one()
    assert event.changes == {"backup_keep_days": [14, 30]} and event.actor_label == "root"

    # A supervisor sees how long backups are kept, and cannot change it.
    other = MainWindow(Workspace(db, lead))
    qtbot.addWidget(other)

    def look(dialog: SettingsDialog) -> tuple[int, bool]:
        assert dialog.keep_days is not None
        shown = (dialog.keep_days.value(), dialog.keep_days.isEnabled())
        dialog.reject()
        return shown

    assert _in_settings(qtbot, other, look) == [(30, False)]


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_settings_point_to_pg_dump(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, _, _ = ui_db
    window = MainWindow(Workspace(db, _root(db)))
    qtbot.addWidget(window)

    def look(dialog: SettingsDialog) -> tuple[bool, bool]:
        shown = (dialog.keep_days is None, "pg_dump" in _all_text(dialog))
        dialog.reject()
        return shown

    assert _in_settings(qtbot, window, look) == [(True, True)]


def _all_text(dialog: SettingsDialog) -> str:
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in dialog.findChildren(QLabel))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_daily_backup_runs_in_the_background_after_log_in(qtbot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, _, _ = ui_db
    folder = daily_backup.folder_for(db.url)
    assert folder is not None
    # The program's start as app.run does it: the log-in dialog, then the main window.
    dialog = LoginDialog(db.url, db=db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "lead")
    dialog.password.setText(PASSWORD)
    dialog.try_login()
    assert dialog.result_value is not None, dialog.error.text()
    opened, actor = dialog.result_value
    window = show_main_window(Workspace(opened, actor))
    qtbot.addWidget(window, before_close_func=lambda w: w.hide())

    qtbot.waitUntil(lambda: "已自动备份" in window.statusBar().currentMessage(), timeout=30_000)
    (taken,) = daily_backup.list_backups(folder)
    assert str(taken[1]) in window.statusBar().currentMessage()

    window.start_daily_backup()  # the same day again: nothing to do
    assert QThreadPool.globalInstance().waitForDone(30_000)
    assert len(daily_backup.list_backups(folder)) == 1
