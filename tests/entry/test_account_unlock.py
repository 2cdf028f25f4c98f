"""`rescuedesk user unlock NAME`: an administrator opens an account that wrong passwords
locked, at once and in the audit trail, on both engines (on an encrypted file the key-slot
file holds the lock, and is cleared too). Issue #12, item 4: accounts.unlock had no door."""

from __future__ import annotations

import pytest

from rescuedesk.services.office import accounts, vault
from rescuedesk.services.office.audit_queries import AuditFilter, list_events
from tests.entry.conftest import ADMIN, ADMIN_PASSWORD, CliRunner
from tests.entry.test_login_lockout import (
    AUDITOR,
    AUDITOR_PASSWORD,
    PASSWORD,
    USER,
    WRONG,
    _office,
)

ENGINES = pytest.mark.parametrize("empty_db_url", ["sqlite", "postgresql"], indirect=True)


@ENGINES
def test_an_administrator_unlocks_a_locked_account(empty_db_url: str, cli: CliRunner) -> None:
    _office(empty_db_url)
    args = ["--db", empty_db_url, "--user", USER, "case", "list"]
    for _ in range(accounts.MAX_FAILED):
        cli(args, password=WRONG)
    locked = cli(args, password=PASSWORD)
    assert locked.code == 2 and "锁定" in locked.err, locked.err

    # Only an administrator unlocks; the statistician cannot even log in to try.
    done = cli(["--db", empty_db_url, "--user", ADMIN, "user", "unlock", USER],
               password=ADMIN_PASSWORD)  # fmt: skip
    assert done.code == 0, done.err
    assert f"已解锁账户 {USER}" in done.out

    # Logged in again: what refuses now is the role (a statistician lists no cases).
    opened = cli(args, password=PASSWORD)
    assert "锁定" not in opened.err and "您的角色不能查看个案名单" in opened.err, opened.err
    assert _unlocks(empty_db_url) == [ADMIN]


def _unlocks(url: str) -> list[str]:
    """Who unlocked an account, as the auditor reads the trail."""
    db = vault.open_database(url, AUDITOR, AUDITOR_PASSWORD)
    try:
        auditor = vault.log_in(db, AUDITOR, AUDITOR_PASSWORD)
        with db.write_session() as s:
            events = list_events(s, auditor, AuditFilter(action="account_unlocked"))
            return [e.actor_label for e in events]
    finally:
        db.dispose()


def test_unlock_names_an_account_that_exists(empty_db_url: str, cli: CliRunner) -> None:
    _office(empty_db_url)
    refused = cli(["--db", empty_db_url, "--user", ADMIN, "user", "unlock", "nobody"],
                  password=ADMIN_PASSWORD)  # fmt: skip
    assert refused.code == 2 and "没有名为 nobody 的用户" in refused.err, refused.err


def test_only_an_administrator_unlocks(empty_db_url: str, cli: CliRunner) -> None:
    _office(empty_db_url)
    refused = cli(["--db", empty_db_url, "--user", USER, "user", "unlock", ADMIN],
                  password=PASSWORD)  # fmt: skip
    assert refused.code == 2, refused.err
