"""The GUI opens through the same check as the command line: a first administrator's
switch to encryption killed half-way is rolled back or finished before anything is used
(issue #11, item 2; the kill at every step is tests/entry/test_encryption_switch.py)."""

from __future__ import annotations

import signal
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from rescuedesk.models import Person
from rescuedesk.security.encryption import is_plain_sqlite, keyslot_path
from rescuedesk.security.encryption_switch import CRASH_ENV
from rescuedesk.services.office import vault
from rescuedesk.ui.dialogs.first_start_wizard import FirstStartWizard
from rescuedesk.ui.dialogs.login_dialog import LoginDialog
from tests.entry.conftest import ADMIN, ADMIN_PASSWORD, run_cli

PERSONS = 20


def _killed_switch(path: Path, step: str) -> str:
    url = f"sqlite:///{path}"
    assert run_cli(["--db", url, "demo-data", "--persons", str(PERSONS)]).code == 0
    killed = run_cli(
        ["--db", url, "user", "add", ADMIN, "--role", "admin", "--password-stdin"],
        stdin=ADMIN_PASSWORD + "\n",
        env={CRASH_ENV: step},
    )
    assert killed.code == -signal.SIGKILL, killed.err
    assert keyslot_path(path).exists()  # the pending slot the kill left
    return url


def test_before_the_rename_the_wizard_asks_for_the_administrator_again(
    qtbot: QtBot, tmp_path: Path
) -> None:
    url = _killed_switch(tmp_path / "office.sqlite3", "copy_synced")
    wizard = FirstStartWizard(url)
    qtbot.addWidget(wizard)
    wizard.show()
    # Rolled back: the clear file without the account, so the first start asks for one.
    assert wizard.currentPage() is wizard.admin_page and not wizard.has_accounts
    assert not keyslot_path(tmp_path / "office.sqlite3").exists()
    with wizard.db.read_session() as s:  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(Person)) == PERSONS
    wizard.db.dispose()  # type: ignore[union-attr]


def test_after_the_rename_the_administrator_logs_in(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite3"
    url = _killed_switch(path, "file_replaced")
    assert vault.needs_credentials(url)  # the start goes to the log-in, not the wizard
    assert "pending" not in keyslot_path(path).read_text(encoding="utf-8")
    login = LoginDialog(url)
    qtbot.addWidget(login)
    qtbot.keyClicks(login.username, ADMIN)
    login.password.setText(ADMIN_PASSWORD)
    login.try_login()
    assert login.result_value is not None, login.error.text()
    db, _actor = login.result_value
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == PERSONS
    db.dispose()
    assert not is_plain_sqlite(path)
