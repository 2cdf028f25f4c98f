"""The switch of an embedded database to encryption: crash-safe and restartable.

The first account of a clear SQLite file turns it into a SQLCipher file under a new key.
Killed at any moment, the switch leaves either the clear file as it was, without the
account, or the encrypted file with the account and every row: never a file whose key
existed only in memory, nor a clear file with an account the next `user add` locks out.

The steps, in order (:data:`STEPS`; a named crash point follows each, for the tests):

- ``slot_pending``: ``NAME.keys`` holds the new key wrapped for the account, marked
  pending (the file may still be clear); file and directory synced. The key is on disk,
  wrapped, before anything is encrypted under it.
- ``copy_encrypted``: ``NAME.sqlite3.encrypting`` holds every row of the clear file under
  the new key. The clear file is not changed (only its journal mode).
- ``account_added``: the account is committed in that copy. It never exists in the clear
  file, so the account and the encryption come into being together.
- ``copy_synced``: the copy is flushed to disk.
- ``file_replaced``: the copy is renamed over the clear file (os.replace): the commit point.
- ``anchor_replaced``: the copy's audit head (``NAME.sqlite3.encrypting.audit-head``, signed
  under the new key at ``account_added``) takes the place of the clear file's unsigned one.
- ``dir_synced``: the rename is flushed to disk.
- ``slot_active``: the slot is no longer pending. Done.

:func:`recover` runs at every opening (vault.needs_credentials and vault.open_database,
so the command line and the GUI alike) and settles an interrupted switch by looking at the
file itself, without a password: still clear, it rolls back (the copy and the pending slot
go: the old clear file, no account); encrypted, it finishes (the slot becomes active). It
says what it did. A lock file keeps it from settling a switch another process is running.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from rescuedesk.errors import DomainError
from rescuedesk.security import file_lock
from rescuedesk.security.audit_head import anchor_path, write_beside_backup
from rescuedesk.security.encryption import (
    KeySlots,
    SqlCipher,
    export_encrypted,
    is_plain_sqlite,
    keyslot_path,
    new_key,
    open_cipher,
    sync_dir,
    sync_file,
)

STEPS = (
    "slot_pending",
    "copy_encrypted",
    "account_added",
    "copy_synced",
    "file_replaced",
    "anchor_replaced",
    "dir_synced",
    "slot_active",
)
COMMIT_STEP = "file_replaced"  # killed at or after this step, the switch is finished
CRASH_ENV = "RESCUEDESK_TEST_CRASH_AT"  # tests only: the step to kill the process at

ROLLED_BACK = (
    "上次加密数据库（添加第一个账户）时被中断，已撤销：数据库仍是原来未加密的文件，数据完整。{what}"
)
AGAIN = "那个账户没有建立，请重新添加第一个管理员（rescuedesk user add）。"
RELOGIN = "请管理员登录一次，以完成加密。"
FINISHED = "上次加密数据库时被中断，现已完成：数据库已加密，数据完整。"
LEFTOVER = "已删除上次中断的加密留下的临时文件 {path}；数据库没有改变。"
BUSY = "另一个 RescueDesk 程序正在加密数据库 {path}，请等它完成后再试。"

T = TypeVar("T")


class SwitchBusy(DomainError):
    """Another process holds the switch lock of this database."""


def temp_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".encrypting")


def _lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".encrypting.lock")


def crash_point(step: str) -> None:
    """Test hook: die here, as a power cut or a kill would, when the tests ask for it."""
    assert step in STEPS, step
    if os.environ.get(CRASH_ENV) == step:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def switch_on(
    db_path: Path,
    username: str,
    password: str,
    create: Callable[[Session], T] | None = None,
) -> tuple[bytes, T | None]:
    """Encrypt the clear database ``db_path`` under a new key with a slot for ``username``.

    ``create`` adds the account, in one transaction, to the encrypted copy before it
    replaces the clear file; None when the account exists already (an older database).
    Returns the key and what ``create`` returned. No connection to the file may be open.
    """
    from rescuedesk.db import Database

    with _switch_lock(db_path):
        if not is_plain_sqlite(db_path) or keyslot_path(db_path).exists():
            raise DomainError(f"数据库 {db_path} 已经加密（或旁边已有密钥文件），不能再次加密。")
        key = new_key()
        slots = KeySlots(keyslot_path(db_path))
        slots.add(username, password, key, pending=True)
        crash_point("slot_pending")

        tmp = temp_path(db_path)
        try:
            export_encrypted(db_path, tmp, key)
            crash_point("copy_encrypted")

            result = None
            if create is not None:
                copy = Database(f"sqlite:///{tmp}", cipher=SqlCipher(key))
                try:
                    with copy.write_session() as session:
                        result = create(session)
                finally:
                    copy.dispose()
            _single_file(tmp, key)
            # The encrypted file's audit head, signed under its key: a head that only a
            # plain file may start (security/audit_head.py) must exist before it is used.
            write_beside_backup(tmp, f"sqlite:///{tmp}", key)
            crash_point("account_added")

            sync_file(tmp)
            crash_point("copy_synced")
        except BaseException:
            # Refused (a weak password, the file in use...): as if nothing had been tried.
            _remove_copy(db_path)
            slots.settle(keep=False)
            raise

        for suffix in ("-wal", "-shm"):  # the clear file's: nothing in them (checkpointed)
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        os.replace(tmp, db_path)
        crash_point("file_replaced")

        _replace_anchor(db_path)
        crash_point("anchor_replaced")

        sync_dir(db_path.parent)
        crash_point("dir_synced")

        slots.settle(keep=True)
        crash_point("slot_active")
    return key, result


def recover(db_path: Path) -> str | None:
    """Settle a switch a kill interrupted; what was done, for the user, or None."""
    slots = KeySlots(keyslot_path(db_path))
    lock = _lock_path(db_path)
    if not (slots.has_pending() or temp_path(db_path).exists() or lock.exists()):
        return None
    with _switch_lock(db_path):  # a lock file a kill left behind goes when this is done
        if not slots.has_pending():
            if not temp_path(db_path).exists():
                return None  # nothing interrupted, or another process settled it meanwhile
            _remove_copy(db_path)
            return LEFTOVER.format(path=temp_path(db_path))
        if is_plain_sqlite(db_path):
            _remove_copy(db_path)
            slots.settle(keep=False)
            return ROLLED_BACK.format(what=RELOGIN if _has_accounts(db_path) else AGAIN)
        _replace_anchor(db_path)
        _remove_copy(db_path)
        slots.settle(keep=True)
        return FINISHED


def has_accounts(db_path: Path) -> bool:
    """A clear database that has accounts with a password (never creates the file)."""
    return is_plain_sqlite(db_path) and _has_accounts(db_path)


def _has_accounts(db_path: Path) -> bool:
    import sqlite3

    from rescuedesk.models import User

    if not db_path.exists() or db_path.stat().st_size == 0:
        return False
    conn = sqlite3.connect(db_path)
    try:
        row = conn.execute(
            f"SELECT 1 FROM {User.__tablename__} WHERE password_hash IS NOT NULL LIMIT 1"
        ).fetchone()
    except sqlite3.OperationalError:  # no table yet: a database never migrated
        return False
    finally:
        conn.close()
    return row is not None


def _single_file(path: Path, key: bytes) -> None:
    # The copy's own WAL would not follow it through the rename: fold it in.
    conn = open_cipher(path, key)
    try:
        conn.execute("PRAGMA journal_mode=DELETE").fetchone()
    finally:
        conn.close()
    path.with_name(path.name + "-shm").unlink(missing_ok=True)


def _replace_anchor(db_path: Path) -> None:
    copy_anchor = anchor_path(temp_path(db_path))
    if copy_anchor.exists():
        os.replace(copy_anchor, anchor_path(db_path))


def _remove_copy(db_path: Path) -> None:
    tmp = temp_path(db_path)
    for suffix in ("", "-journal", "-wal", "-shm", ".audit-head"):
        tmp.with_name(tmp.name + suffix).unlink(missing_ok=True)
    keyslot_path(db_path).with_name(keyslot_path(db_path).name + ".tmp").unlink(missing_ok=True)
    sync_dir(db_path.parent)


@contextmanager
def _switch_lock(db_path: Path) -> Iterator[None]:
    """An OS lock on ``NAME.sqlite3.encrypting.lock``: it dies with its process, so a
    killed switch never leaves a stale lock; a live one is never settled under its feet."""
    lock = _lock_path(db_path)
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        if not file_lock.lock(fd, wait=False):
            os.close(fd)
            raise SwitchBusy(BUSY.format(path=db_path))
        try:
            same = os.fstat(fd).st_ino == os.stat(lock).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the holder before us removed the file: lock the new one
    try:
        yield
    finally:
        with suppress(OSError):
            lock.unlink()  # while still held, so nobody locks a file that is going
        os.close(fd)
