"""Start-up: QApplication, a CJK font check, the database, first administrator or log-in,
then the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from rescuedesk.db import Database, upgrade_to_head
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


def has_cjk_font() -> bool:
    return any(f.startswith(CJK_FAMILIES) for f in QFontDatabase.families())


def _tr(text: str) -> str:
    return QCoreApplication.translate("app", text)


def run(url: str, argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    QCoreApplication.setOrganizationName("RescueDesk")
    QCoreApplication.setApplicationName("RescueDesk")
    if not has_cjk_font():
        QMessageBox.warning(
            None,
            "RescueDesk",
            _tr(
                "系统中没有找到中文字体，界面文字可能显示为方框。请安装中文字体，"
                "例如 Debian/Ubuntu：sudo apt install fonts-wqy-microhei。"
            ),
        )
    from rescuedesk.security import accounts, vault
    from rescuedesk.services import settings
    from rescuedesk.ui.dialogs.first_admin_dialog import FirstAdminDialog
    from rescuedesk.ui.dialogs.login_dialog import LoginDialog
    from rescuedesk.ui.main_window import MainWindow
    from rescuedesk.ui.ops import Workspace

    db: Database | None = None
    try:
        if not vault.needs_credentials(url):
            db = Database(url)
            upgrade_to_head(db)
            with db.write_session() as session:
                first = not accounts.accounts_exist(session)
            if first:
                dialog = FirstAdminDialog(db)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return 0
                db = dialog.db
        login = LoginDialog(url, db=db)
        if login.exec() != QDialog.DialogCode.Accepted or login.result_value is None:
            return 0
        db, actor = login.result_value
        upgrade_to_head(db)
        with db.read_session() as session:
            minutes = settings.get(session, "idle_lock_minutes")
    except DomainError as exc:
        QMessageBox.critical(None, "RescueDesk", exc.message)
        return 2
    window = MainWindow(Workspace(db, actor), idle_minutes=minutes)
    window.show()
    window.load_case_list()
    code = app.exec()
    db.dispose()
    return int(code)
