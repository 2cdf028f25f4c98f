"""One way to find and open the database (issue #12, item 2): the wizard's choice is what
the next start and the command line open; a start upgrades the database once."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

import rescuedesk.db
from rescuedesk import config
from rescuedesk.db import head_revision
from rescuedesk.ui import app, db_location
from rescuedesk.ui.dialogs.first_start_wizard import FirstStartWizard
from rescuedesk.ui.dialogs.login_dialog import LoginDialog
from tests.entry.conftest import run_cli
from tests.unit.test_secrets import MemoryKeyring

PASSWORD = "管理员的-长密码-2026"


def test_the_wizards_choice_is_what_the_next_start_and_the_command_line_open(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "elsewhere" / "office.sqlite3"
    wizard = FirstStartWizard(None)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.database_page.path.setText(str(path))
    wizard.next()
    page = wizard.admin_page
    page.password.setText(PASSWORD)
    page.repeat.setText(PASSWORD)
    wizard.next()
    assert wizard.currentPage() is wizard.demo_page, page.error.text()
    wizard.db.dispose()  # type: ignore[union-attr]

    url = config.sqlite_url(path)
    assert config.remembered_db_url() == url  # in the plain file both read
    assert db_location.startup_url(None) == url  # the next start of the GUI
    cli = run_cli(
        ["--user", "admin", "db", "current"],
        password=PASSWORD,
        env={"RESCUEDESK_CONFIG_DIR": os.environ["RESCUEDESK_CONFIG_DIR"]},
    )
    assert cli.code == 0, cli.err
    assert cli.out.strip() == head_revision()


def test_a_choice_an_earlier_version_kept_in_qsettings_is_moved_to_the_file() -> None:
    """A workstation whose wizard ran before the config file existed is not asked again."""
    url = "sqlite:////srv/office/rescuedesk.sqlite3"
    QSettings().setValue(db_location.SETTING, url)
    assert config.remembered_db_url() is None

    assert db_location.startup_url(None) == url

    assert config.remembered_db_url() == url
    assert QSettings().value(db_location.SETTING) is None


def _start(monkeypatch: pytest.MonkeyPatch, username: str) -> list[str]:
    """app.run as a user starts it, the log-in typed in; returns what was upgraded."""
    upgrades: list[str] = []
    real_head = rescuedesk.db.head_revision

    def counted_head() -> str:
        upgrades.append("upgrade_to_head")  # every upgrade_to_head asks for the head
        return real_head()

    def typed_log_in(dialog: LoginDialog) -> int:
        dialog.username.setText(username)
        dialog.password.setText(PASSWORD)
        dialog.try_login()
        assert dialog.result_value is not None, dialog.error.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(rescuedesk.db, "head_revision", counted_head)
    monkeypatch.setattr(app, "has_cjk_font", lambda: True)
    monkeypatch.setattr(LoginDialog, "exec", typed_log_in)
    window = SimpleNamespace(user_switched=SimpleNamespace(connect=lambda _slot: None))
    monkeypatch.setattr(app, "show_main_window", lambda *_a, **_k: window)
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)
    assert app.run(None, []) == 0
    return upgrades


def test_a_start_upgrades_the_database_once(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    db, _actor, _ids = ui_db
    url = db.url
    db.dispose()
    config.remember_db_url(url)
    if db_location.needs_password(url):  # the test server trusts; the start asks the keyring
        db_location.store_password(url, "unused-by-a-trusting-server")

    assert _start(monkeypatch, "root") == ["upgrade_to_head"]
