"""Start-up: QApplication, a CJK font check, the database, first administrator or log-in,
then the main window."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from rescuedesk.db import Database
from rescuedesk.errors import DomainError

CJK_FAMILIES = (
    "WenQuanYi",
    "Noto Sans CJK",
    "Noto Serif CJK",
    "Source Han",
    "Microsoft YaHei",
    "SimSun",
    "SimHei",
    "PingFang",
    "Hiragino Sans GB",
    "Droid Sans Fallback",
)


if TYPE_CHECKING:
    from rescuedesk.ui.main_window import MainWindow
    from rescuedesk.ui.ops import Workspace


def has_cjk_font() -> bool:
    return any(f.startswith(CJK_FAMILIES) for f in QFontDatabase.families())


def _tr(text: str) -> str:
    return QCoreApplication.translate("app", text)


def _with_server_password(url: str) -> str | None:
    """A PostgreSQL password from the keyring, or asked for when the keyring has none."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    from rescuedesk.services import workspace

    password = workspace.stored_password(url)
    if password is None:
        password, ok = QInputDialog.getText(
            None,
            "RescueDesk",
            _tr("请输入数据库服务器的密码："),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return None
    return workspace.with_password(url, password)


def show_main_window(workspace: Workspace, idle_minutes: int = 5) -> MainWindow:
    """What follows a log-in: the main window with its case list, the day's backup started
    in the background, and any unfinished input offered back (the tests start here too)."""
    from rescuedesk.ui.main_window import MainWindow

    window = MainWindow(workspace, idle_minutes=idle_minutes)
    window.show()
    window.load_case_list()
    window.start_daily_backup()  # in the background, while drafts are offered
    window.offer_drafts()
    return window


def run(url: str | None, argv: list[str] | None = None) -> int:
    """``url`` is the database given with --db, if any; else RESCUEDESK_DB, else the one the
    first-start wizard chose (config.py, as for every command).

    The database is upgraded once: here when it opens without a password, else by the
    log-in (services/workspace.py), else by the wizard."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    QCoreApplication.setOrganizationName("RescueDesk")
    QCoreApplication.setApplicationName("RescueDesk")
    from rescuedesk.ui import i18n, main_thread_gc

    main_thread_gc.install(app)  # before any work runs off the UI thread

    i18n.install()
    if not has_cjk_font():
        QMessageBox.warning(
            None,
            "RescueDesk",
            _tr(
                "系统中没有找到中文字体，界面文字可能显示为方框。请安装中文字体，"
                "例如 Debian/Ubuntu：sudo apt install fonts-wqy-microhei。"
            ),
        )
    from rescuedesk.services import workspace
    from rescuedesk.services.office import accounts, settings, vault
    from rescuedesk.ui import db_location
    from rescuedesk.ui.dialogs.first_start_wizard import FirstStartWizard
    from rescuedesk.ui.dialogs.login_dialog import LoginDialog
    from rescuedesk.ui.ops import Workspace

    db: Database | None = None
    try:
        chosen = db_location.startup_url(url)
        first = chosen is None
        note = vault.recover(chosen) if chosen is not None else None
        if note:  # a switch to encryption a kill interrupted, now settled: say so
            QMessageBox.information(None, "RescueDesk", note)
        if chosen is not None and workspace.needs_password(chosen):
            chosen = _with_server_password(chosen)
            if chosen is None:
                return 0
        if chosen is not None and not vault.needs_credentials(chosen):
            opened = workspace.open_database(chosen)
            workspace.upgrade(opened)
            db = opened.db
            with db.write_session() as session:
                first = not accounts.accounts_exist(session)
        if first:
            wizard = FirstStartWizard(chosen, db=db)  # db: opened and upgraded above
            if wizard.exec() != QDialog.DialogCode.Accepted or wizard.url is None:
                if wizard.db is not None:
                    wizard.db.dispose()
                return 0
            db, chosen = wizard.db, wizard.url
            if db is not None and workspace.needs_password(chosen):
                chosen = db.url  # the wizard opened it with the password the user typed
        assert chosen is not None
        login = LoginDialog(chosen, db=db)
        if login.exec() != QDialog.DialogCode.Accepted or login.result_value is None:
            return 0
        db, actor = login.result_value  # upgraded above, by the wizard, or by the log-in
        with db.read_session() as session:
            minutes = settings.get(session, "idle_lock_minutes")
    except DomainError as exc:
        QMessageBox.critical(None, "RescueDesk", exc.message)
        return 2
    windows: list[MainWindow] = []

    def open_window(db: Database, actor) -> None:  # type: ignore[no-untyped-def]
        window = show_main_window(Workspace(db, actor), idle_minutes=minutes)
        window.user_switched.connect(lambda d, a: (open_window(d, a), window.close()))
        windows.append(window)

    open_window(db, actor)
    code = app.exec()
    from rescuedesk.ui.ops import stop_background

    stop_background()  # a thread still running when Python exits would abort the program
    db.dispose()
    return int(code)
