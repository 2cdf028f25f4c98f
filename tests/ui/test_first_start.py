from pathlib import Path

from pytestqt.qtbot import QtBot

from rescuedesk.db import Database, upgrade_to_head
from rescuedesk.security import vault
from rescuedesk.security.encryption import keyslot_path
from rescuedesk.ui.dialogs.first_admin_dialog import FirstAdminDialog
from rescuedesk.ui.dialogs.login_dialog import LoginDialog

PASSWORD = "管理员的-长密码-2026"


def test_first_administrator_then_log_in(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade_to_head(db)
    dialog = FirstAdminDialog(db)
    qtbot.addWidget(dialog)
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD + "x")
    dialog.create()
    assert "不一致" in dialog.error.text() and dialog.repeat.text() == ""
    dialog.password.setText("12345678")
    dialog.repeat.setText("12345678")
    dialog.create()
    assert "常见" in dialog.error.text()
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    dialog.create()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert keyslot_path(path).exists() and vault.needs_credentials(dialog.db.url)
    dialog.db.dispose()
    login = LoginDialog(f"sqlite:///{path}")
    qtbot.addWidget(login)
    qtbot.keyClicks(login.username, "admin")
    login.password.setText(PASSWORD)
    login.try_login()
    assert login.result_value is not None
    opened, actor = login.result_value
    assert actor.label == "admin" and opened.key is not None
    opened.dispose()
