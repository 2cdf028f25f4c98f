"""Failed log-ins are counted, lock the account and stay in the audit trail (issue #11,
item 1), at both doors (the command run as a process, the GUI's log-in dialog) and on both
engines: PostgreSQL, and the encrypted SQLite file, where a wrong password cannot even open
the database and the key-slot file keeps the count (docs/security.md, "Accounts and
passwords").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from rescuedesk.db import Database, sqlite_file
from rescuedesk.models.enums import Role
from rescuedesk.security.encryption import keyslot_path
from rescuedesk.services.office import accounts, vault
from rescuedesk.services.office.audit_queries import AuditFilter, list_events
from rescuedesk.ui.dialogs.login_dialog import LoginDialog
from tests.entry.conftest import ADMIN, ADMIN_PASSWORD, CliRunner, add_first_admin

ENGINES = pytest.mark.parametrize("empty_db_url", ["sqlite", "postgresql"], indirect=True)
USER, PASSWORD = "stat", "统计员的-长密码-2026"
AUDITOR, AUDITOR_PASSWORD = "audit1", "审计员的-长密码-2026"
WRONG = "wrong-password-9"


def _office(url: str) -> None:
    """The first administrator through the command (it encrypts an embedded file), then a
    statistician and an auditor added by that administrator."""
    done = add_first_admin(url)
    assert done.code == 0, done.err
    path = sqlite_file(url)
    assert path is None or keyslot_path(path).exists()  # the file is encrypted now
    db = vault.open_database(url, ADMIN, ADMIN_PASSWORD)
    root = vault.log_in(db, ADMIN, ADMIN_PASSWORD)
    for name, role, password in ((USER, Role.STATISTICIAN, PASSWORD),
                                 (AUDITOR, Role.AUDITOR, AUDITOR_PASSWORD)):  # fmt: skip
        with db.write_session() as s:
            data = {"username": name, "full_name": name, "role": role}
            accounts.create_account(s, root, data, password)
        db = vault.protect_new_account(db, name, password)
    db.dispose()


def _events_seen_by_auditor(url: str) -> list[tuple[str, str]]:
    db = vault.open_database(url, AUDITOR, AUDITOR_PASSWORD)
    try:
        auditor = vault.log_in(db, AUDITOR, AUDITOR_PASSWORD)
        with db.write_session() as s:  # reading the trail is itself audited
            events = [
                e
                for action in ("login_failed", "account_locked")
                for e in list_events(s, auditor, AuditFilter(action=action))
            ]
        return sorted((e.action, e.actor_label) for e in events if e.actor_label == f"login:{USER}")
    finally:
        db.dispose()


LOCKED_TRAIL = sorted(
    [("login_failed", f"login:{USER}")] * 6 + [("account_locked", f"login:{USER}")]
)


@ENGINES
def test_six_wrong_passwords_lock_the_account_at_the_command_line(
    empty_db_url: str, cli: CliRunner
) -> None:
    _office(empty_db_url)
    args = ["--db", empty_db_url, "--user", USER, "case", "list"]
    for _ in range(accounts.MAX_FAILED - 1):
        refused = cli(args, password=WRONG)
        assert refused.code == 2 and "用户名或密码不正确" in refused.err, refused.err
    locked = cli(args, password=WRONG)
    assert locked.code == 2 and "锁定" in locked.err, locked.err
    # While locked, the right password opens nothing either.
    still = cli(args, password=PASSWORD)
    assert still.code == 2 and "锁定" in still.err, still.err
    # Five refusals, the lock, the refusal while locked: all in the trail.
    assert _events_seen_by_auditor(empty_db_url) == LOCKED_TRAIL


@ENGINES
def test_the_login_dialog_refuses_then_locks(
    empty_db_url: str, cli: CliRunner, qtbot: QtBot
) -> None:
    _office(empty_db_url)
    # As ui/app.py does: an encrypted file is opened by the dialog, a server before it.
    db = None if sqlite_file(empty_db_url) else Database(empty_db_url)
    dialog = LoginDialog(empty_db_url, db=db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, USER)
    for attempt in range(1, accounts.MAX_FAILED + 1):
        qtbot.keyClicks(dialog.password, WRONG)
        dialog.try_login()
        assert dialog.result_value is None and dialog.password.text() == ""
        expected = "锁定" if attempt == accounts.MAX_FAILED else "用户名或密码不正确"
        assert expected in dialog.error.text(), (attempt, dialog.error.text())
    dialog.password.setText(PASSWORD)  # typed through an input method: QTest types ASCII only
    dialog.try_login()
    assert dialog.result_value is None and "锁定" in dialog.error.text()
    if db is not None:
        db.dispose()
    assert _events_seen_by_auditor(empty_db_url) == LOCKED_TRAIL


def test_a_locked_slot_is_not_opened_by_a_second_program(tmp_path: Path, cli: CliRunner) -> None:
    """The window and a command share the key-slot file: the count is one, not one each."""
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    _office(url)
    args = ["--db", url, "--user", USER, "case", "list"]
    for _ in range(accounts.MAX_FAILED - 1):
        with pytest.raises(accounts.AuthenticationError):
            vault.open_database(url, USER, WRONG)  # as the log-in dialog does
    locked = cli(args, password=WRONG)
    assert locked.code == 2 and "锁定" in locked.err, locked.err
    # A name without an account is refused alike and noted too (by a hash, not the name).
    with pytest.raises(accounts.AuthenticationError, match="用户名或密码不正确"):
        vault.open_database(url, "nobody", WRONG)
    assert "nobody" not in keyslot_path(tmp_path / "office.sqlite3").read_text()
    assert _events_seen_by_auditor(url) == sorted(
        [("login_failed", f"login:{USER}")] * 5 + [("account_locked", f"login:{USER}")]
    )
    db = vault.open_database(url, AUDITOR, AUDITOR_PASSWORD)
    auditor = vault.log_in(db, AUDITOR, AUDITOR_PASSWORD)
    with db.write_session() as s:
        unknown = list_events(s, auditor, AuditFilter(action="login_failed"))
    db.dispose()
    assert [e.actor_label for e in unknown if e.entity_id is None] == ["login:?"]
