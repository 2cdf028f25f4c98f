"""The first administrator's `user add` switches an embedded database to encryption.

Killed at any step of the switch, the next start has either the old clear file with no
account, or the encrypted file the administrator's password opens with every row; and the
start says which (issue #11, item 2). The steps come from the code's own list, so a new step
cannot be left out of the test.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
from pathlib import Path

import pytest

from rescuedesk.db import Database, upgrade_to_head
from rescuedesk.security.encryption import KeySlots, is_plain_sqlite, keyslot_path, open_cipher
from rescuedesk.security.encryption_switch import COMMIT_STEP, CRASH_ENV, STEPS
from rescuedesk.services.office import accounts
from tests.entry.conftest import (
    ADMIN,
    ADMIN_PASSWORD,
    CliResult,
    add_account,
    add_first_admin,
    run_cli,
)

PERSONS = 50
# Rows the next start writes itself: its log-in and its check, in the audit trail.
AUDIT_TABLES = {"audit_event", "person_key"}


def _counts(conn) -> dict[str, int]:  # type: ignore[no-untyped-def]
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _clear_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return _counts(conn)
    finally:
        conn.close()


def _encrypted_counts(path: Path) -> dict[str, int]:
    key = KeySlots(keyslot_path(path)).unlock(ADMIN, ADMIN_PASSWORD)
    assert key is not None, "the administrator's password does not open the key slot"
    conn = open_cipher(path, key)
    try:
        return _counts(conn)
    finally:
        conn.close()


def _accounts_in_clear(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT count(*) FROM app_user WHERE password_hash IS NOT NULL"
        ).fetchone()[0]
    finally:
        conn.close()


def _next_start(url: str) -> CliResult:
    """The administrator's next command: it logs in and reads the whole audit chain."""
    return run_cli(["--db", url, "--user", ADMIN, "audit", "verify"], password=ADMIN_PASSWORD)


def _without_audit(counts: dict[str, int]) -> dict[str, int]:
    return {t: n for t, n in counts.items() if t not in AUDIT_TABLES}


@pytest.fixture(scope="module")
def clear_office(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """A clear database with demo data and no account yet (allowed before the first one)."""
    path = tmp_path_factory.mktemp("office") / "office.sqlite3"
    url = f"sqlite:///{path}"
    assert run_cli(["--db", url, "db", "upgrade"]).code == 0
    made = run_cli(["--db", url, "demo-data", "--persons", str(PERSONS)])
    assert made.code == 0, made.err
    before = _clear_counts(path)
    assert before["person"] == PERSONS and before["case_file"] > 0
    assert _accounts_in_clear(path) == 0
    return path, before


def test_the_step_list_is_the_code_s_own() -> None:
    assert len(STEPS) == len(set(STEPS)) and COMMIT_STEP in STEPS
    assert STEPS[0] == "slot_pending" and STEPS[-1] == "slot_active"


@pytest.mark.parametrize("step", STEPS)
def test_killed_at_each_step_the_next_start_is_whole(
    step: str, clear_office: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    template, before = clear_office
    path = tmp_path / "office.sqlite3"
    shutil.copyfile(template, path)
    url = f"sqlite:///{path}"

    killed = add_first_admin(url, env={CRASH_ENV: step})
    assert killed.code == -signal.SIGKILL, (killed.code, killed.err)  # it died at that step

    nxt = _next_start(url)
    if step != STEPS[-1]:  # killed after the last step, there was nothing left to do
        assert "中断" in nxt.err  # never silent
    left = {p.name for p in tmp_path.iterdir()} - {path.name + s for s in ("", "-wal", "-shm")}
    # No copy, switch lock or half-written slot file; the key-slot file's own lock file (the
    # log-in counter's, empty) may stay.
    keys = keyslot_path(path).name
    assert left <= {keys, keys + ".lock", path.name + ".audit-head"}
    committed = STEPS.index(step) >= STEPS.index(COMMIT_STEP)
    if not committed:
        # Rolled back: the old clear file, no account, no key slot; every row still there.
        assert nxt.code == 2 and "撤销" in nxt.err and "没有名为 root 的用户" in nxt.err
        assert is_plain_sqlite(path) and not keyslot_path(path).exists()
        assert _accounts_in_clear(path) == 0
        assert _clear_counts(path) == before
        # ... and the administrator can simply be added again.
        again = add_first_admin(url)
        assert again.code == 0 and "已加密" in again.out, again.err
        assert "中断" not in again.err
    else:
        # Finished: encrypted, the administrator's password opens it, every row is there.
        assert nxt.code == 0 and "审计记录完整" in nxt.out, nxt.err
        assert not is_plain_sqlite(path)
        after = _encrypted_counts(path)
        assert after["app_user"] == before["app_user"] + 1
        assert _without_audit(after) == {**_without_audit(before), "app_user": after["app_user"]}
        assert "pending" not in keyslot_path(path).read_text(encoding="utf-8")


def test_a_clear_file_with_accounts_is_encrypted_by_its_administrator(tmp_path: Path) -> None:
    """What a kill of an older version left: the account committed in clear, no key slot.

    Used as it was, the next account's `user add` encrypted it with a slot for the new account
    only, and the administrator was locked out of their own database."""
    path = tmp_path / "office.sqlite3"
    url = f"sqlite:///{path}"
    db = Database(url)
    upgrade_to_head(db)
    with db.write_session() as s:
        accounts.create_account(
            s, None, {"username": ADMIN, "full_name": "管理员", "role": "admin"}, ADMIN_PASSWORD
        )
    db.dispose()

    refused = run_cli(["--db", url, "--user", ADMIN, "case", "list"], password="wrong-password-1")
    assert refused.code == 2 and "管理员" in refused.err
    assert is_plain_sqlite(path)  # not used, not changed

    repaired = _next_start(url)
    assert repaired.code == 0, repaired.err
    assert "加密" in repaired.err and not is_plain_sqlite(path)

    second = add_account(url, "aud", "auditor", "审计员的-长密码-7")
    assert second.code == 0, second.err
    assert _next_start(url).code == 0  # the administrator still opens their database
    key = KeySlots(keyslot_path(path)).unlock("aud", "审计员的-长密码-7")
    conn = open_cipher(path, key)  # type: ignore[arg-type]
    try:
        names = {r[0] for r in conn.execute("SELECT username FROM app_user")}
    finally:
        conn.close()
    assert names == {ADMIN, "aud"}


def test_a_clear_file_beside_a_key_file_is_refused(tmp_path: Path) -> None:
    """A clear database with an active key file beside it (restored from different copies)."""
    path = tmp_path / "office.sqlite3"
    url = f"sqlite:///{path}"
    assert add_first_admin(url).code == 0
    clear = tmp_path / "clear.sqlite3"
    db = Database(f"sqlite:///{clear}")
    upgrade_to_head(db)
    db.dispose()
    shutil.copyfile(keyslot_path(path), keyslot_path(clear))
    out = run_cli(
        ["--db", f"sqlite:///{clear}", "--user", ADMIN, "case", "list"], password=ADMIN_PASSWORD
    )
    assert out.code == 2 and "未加密" in out.err and ".keys" in out.err
    with sqlite3.connect(clear) as conn:
        assert conn.execute("SELECT count(*) FROM app_user").fetchone()[0] == 0


def test_a_refused_first_account_leaves_the_file_as_it_was(
    clear_office: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    template, before = clear_office
    path = tmp_path / "office.sqlite3"
    shutil.copyfile(template, path)
    weak = add_first_admin(f"sqlite:///{path}", "12345678")
    assert weak.code == 2 and "中断" not in weak.err, weak.err
    # The key-slot file's empty lock file (the log-in counter's) may stay; nothing else.
    allowed = {path.name + s for s in ("", "-wal", "-shm", ".keys.lock", ".audit-head")}
    assert {p.name for p in tmp_path.iterdir()} <= allowed
    assert is_plain_sqlite(path) and _clear_counts(path) == before
