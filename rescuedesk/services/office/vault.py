"""Opening the database with an account, and keeping key slots in step with accounts.

SQLite: the whole file is encrypted (SQLCipher); its key slots are a file beside it and the
key is needed to open the file at all. PostgreSQL: the sensitive columns are encrypted
(security/field_crypto.py); the key slots are a table, unwrapped after the password check.
The log-in dialog and the command line both log in through :func:`log_in`.

It lives in services, not security: it reads accounts through sessions and writes the audit
trail; security/ keeps the primitives it calls (key slots, the switch to encryption).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.db import Database, sqlite_file
from rescuedesk.errors import NotFound
from rescuedesk.models import User
from rescuedesk.models.enums import Role
from rescuedesk.models.sealed import Public
from rescuedesk.security import encryption_switch, field_slots, passwords
from rescuedesk.security.encryption import (
    KeySlotError,
    KeySlots,
    Refusal,
    SqlCipher,
    available,
    is_encrypted,
    is_plain_sqlite,
    keyslot_path,
)
from rescuedesk.services.office import accounts, audit
from rescuedesk.services.office.accounts import AuthenticationError
from rescuedesk.services.office.context import Actor

T = TypeVar("T")
log = logging.getLogger(__name__)

REFUSED = "用户名或密码不正确。"
NO_SLOT = (
    "数据库已加密，但您的账户还没有可用的密钥（账户建于加密之前，或密码在别处改过）："
    "请管理员为您重设密码。"
)

UNENCRYPTED_WITH_ACCOUNTS = (
    "数据库已有账户却没有加密（上次加密可能被中断，或建于没有 SQLCipher 的电脑）："
    "请管理员用自己的账户和密码登录一次，以完成加密。"
)
ENCRYPTED_NOW = (
    "数据库已有账户却没有加密，现已用管理员 {user} 的密码加密。"
    "其他账户要等管理员为其重设密码后才能登录。"
)
KEYS_BESIDE_CLEAR = (
    "数据库文件 {path} 未加密，旁边却有密钥文件 {keys}：两者不是一套"
    "（可能是从不同的备份恢复的）。请从同一份备份同时恢复两者；"
    "若确认数据库文件是对的，把 {keys} 移走后再打开。"
)


def recover(url: str) -> str | None:
    """Settle an encryption switch a kill interrupted (security/encryption_switch.py);
    what was done, to tell the user, or None. Every opening below calls it too."""
    path = sqlite_file(url)
    return encryption_switch.recover(path) if path is not None else None


def _recovered(path: Path) -> None:
    note = encryption_switch.recover(path)
    if note:
        log.warning(note)  # callers that show it themselves call recover() first


def needs_credentials(url: str) -> bool:
    path = sqlite_file(url)
    if path is None:
        return False
    _recovered(path)
    return is_encrypted(path) or _unencrypted_with_accounts(path)


def _unencrypted_with_accounts(path: Path) -> bool:
    # Without SQLCipher on this computer a clear file with accounts is all there can be.
    return available() and encryption_switch.has_accounts(path)


def open_database(url: str, username: str | None = None, password: str | None = None) -> Database:
    """Open ``url``; an encrypted file is opened with the key this account's slot holds.

    A clear file with accounts is never just used: its administrator's password finishes
    the encryption, anyone else is refused (the next account would otherwise encrypt it
    with a slot for itself only)."""
    path = sqlite_file(url)
    if path is None:
        return Database(url)
    _recovered(path)
    if is_encrypted(path) and path.exists() and is_plain_sqlite(path):
        keys = keyslot_path(path)
        raise KeySlotError(KEYS_BESIDE_CLEAR.format(path=path, keys=keys))
    if not is_encrypted(path):
        if not _unencrypted_with_accounts(path):
            return Database(url)
        return _encrypt_with_administrator(url, path, username, password)
    if not username or password is None:
        raise AuthenticationError("数据库已加密：请用 --user 指定用户并提供密码。")
    # The lockout of an encrypted file: a wrong password never opens the database, so the
    # key-slot file counts it (and notes it for the audit trail, see log_in).
    attempt = KeySlots(keyslot_path(path)).try_unlock(
        username,
        password,
        now=clock.now(),
        max_failed=accounts.MAX_FAILED,
        lock_for=dt.timedelta(minutes=accounts.LOCK_MINUTES),
    )
    if attempt.locked_until is not None:
        raise AuthenticationError(accounts.locked_message(attempt.locked_until))
    if attempt.key is None:
        raise AuthenticationError(REFUSED)
    return Database(url, cipher=SqlCipher(attempt.key))


def _encrypt_with_administrator(
    url: str, path: Path, username: str | None, password: str | None
) -> Database:
    if not username or password is None:
        raise AuthenticationError(UNENCRYPTED_WITH_ACCOUNTS)
    db = Database(url)
    try:
        with db.read_session() as session:
            user = session.scalar(select(User).where(User.username == username))
            is_admin = (
                user is not None
                and user.active
                and user.role == Role.ADMIN
                and user.password_hash is not None
                and passwords.verify_password(user.password_hash, password)
            )
    finally:
        db.dispose()
    if not is_admin:
        raise AuthenticationError(UNENCRYPTED_WITH_ACCOUNTS)
    key, _ = encryption_switch.switch_on(path, username, password)
    log.warning(ENCRYPTED_NOW.format(user=username))
    return Database(url, cipher=SqlCipher(key))


def add_account(
    db: Database, username: str, password: str, create: Callable[[Session], T]
) -> tuple[Database, T]:
    """Create an account (``create`` adds ``username`` in one transaction) with its key slot.

    The first account of a clear embedded database is created inside its encrypted copy
    (security/encryption_switch.py): a kill leaves the clear file without the account, or
    the encrypted file with it. Returns the Database to go on with (reopened when the file
    was just encrypted) and what ``create`` returned.
    """
    path = sqlite_file(db.url)
    if path is not None and db.key is None and available():
        db.dispose()
        key, result = encryption_switch.switch_on(path, username, password, create)
        return Database(db.url, cipher=SqlCipher(key)), result  # type: ignore[return-value]
    with db.write_session() as session:
        result = create(session)
    return protect_new_account(db, username, password), result


def protect_new_account(db: Database, username: str, password: str) -> Database:
    """Give a new account, already committed, its key slot; on a clear embedded database
    (an account created before it was encrypted) the switch to encryption.

    Returns the Database to go on with (reopened when the file was just encrypted).
    """
    path = sqlite_file(db.url)
    if path is None:
        if field_slots.applies(db):
            _protect_pg_account(db, username, password)
        return db
    slots = KeySlots(keyslot_path(path))
    if db.key is not None:
        slots.add(username, password, db.key)
        return db
    if not available():
        return db
    db.dispose()
    key, _ = encryption_switch.switch_on(path, username, password)
    return Database(db.url, cipher=SqlCipher(key))


def rewrap(db: Database, username: str, password: str) -> None:
    """After a password reset: the account's slot opens with the new password.

    (PostgreSQL re-wraps inside accounts.reset_password's own transaction.)"""
    path = sqlite_file(db.url)
    if path is not None and db.key is not None:
        KeySlots(keyslot_path(path)).add(username, password, db.key)


def unlock_account(db: Database, actor: Actor, username: str) -> None:
    """An administrator unlocks an account locked by wrong passwords, at either door: the
    account's lock and count in the database (audited as ``account_unlocked``), then, on an
    encrypted file, its key slot's, which refuses a locked account before the database."""

    db.run_write(lambda s: accounts.unlock(s, actor, _account(s, username).id))
    path = sqlite_file(db.url)
    if path is not None and db.key is not None:
        KeySlots(keyslot_path(path)).clear_lock(username)


def _account(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"没有名为 {username} 的用户。", field="user")
    return user


def set_account_active(db: Database, actor: Actor, username: str, active: bool) -> bool:
    """Disable an account (it can no longer log in; its records and history stay) or enable
    it again; audited as ``account_disabled`` / ``account_enabled``.

    Disabling also drops the account's key slot, in the same transaction on PostgreSQL and
    from the key-slot file after it on an encrypted embedded file: a person who left keeps
    no password that decrypts the data outside the program. So an account enabled again
    opens nothing until an administrator sets it a new password (``user reset``); returns
    True when that is still needed."""

    def change(session: Session) -> bool:
        user = _account(session, username)
        accounts.set_active(session, actor, user.id, active)
        if not field_slots.applies(db) or not field_slots.is_protected(session):
            return False
        if not active:
            field_slots.drop_slot(session, user.id)
            return False
        return not field_slots.has_slot(session, user.id)

    needs_reset = db.run_write(change)
    path = sqlite_file(db.url)
    if path is not None and db.key is not None:
        slots = KeySlots(keyslot_path(path))
        if not active:
            slots.remove(username)
        else:
            needs_reset = not slots.has(username)
    return needs_reset and active


def reset_account_password(db: Database, actor: Actor, username: str, password: str) -> None:
    """An administrator sets a new password for an account (audited as ``password_reset``):
    its database row, then its key slot, so that the new password opens the data and the
    old one no longer does."""
    db.run_write(lambda s: accounts.reset_password(s, actor, _account(s, username).id, password))
    rewrap(db, username, password)


def log_in(db: Database, username: str, password: str) -> Actor:
    """Check the password (a refusal is recorded, then raised); on PostgreSQL unwrap the
    data key with the same password, or seal a database that has no key yet."""
    # The refusal is raised only after the transaction that counted it and wrote its
    # login_failed / account_locked event has committed: raised inside, it rolled them back.
    path = sqlite_file(db.url)
    # An encrypted file's refusals were noted in its key-slot file: they enter the trail now.
    claim: AbstractContextManager[list[Refusal]] = nullcontext([])
    if path is not None and db.key is not None:
        claim = KeySlots(keyslot_path(path)).claimed_refusals()
    with claim as refusals:

        def check(session: Session) -> accounts.LoginResult:
            _audit_refusals(session, refusals)
            return accounts.authenticate(session, username, password)

        result = db.run_write(check)
    actor = result.raise_if_refused()
    if field_slots.applies(db) and actor.user_id is not None:
        _unlock_fields(db, actor.user_id, actor.has_role(Role.ADMIN), password)
    return actor


def _audit_refusals(session: Session, refusals: list[Refusal]) -> None:
    """Copy the refusals the key-slot file noted (an encrypted file could not be opened to
    record them) into the audit trail, as the events a refusal in the database writes."""
    if not refusals:
        return
    users = session.execute(select(User.id, User.username)).all()
    for r in refusals:
        user_id, name = next(((i, n) for i, n in users if r.names(n)), (None, "?"))
        audit.record(
            session,
            Actor(None, f"login:{name}", None, None),
            "account_locked" if r.action == "account_locked" else "login_failed",
            "app_user",
            user_id,
            reason=Public(f"{r.why} (key slot, {r.at:%Y-%m-%d %H:%M:%S} UTC)"),
        )


def _unlock_fields(db: Database, user_id: int, is_admin: bool, password: str) -> None:
    with db.read_session() as session:
        protected = field_slots.is_protected(session)
        key = field_slots.unwrap_slot(session, user_id, password) if protected else None
    if key is not None:
        field_slots.install(db, key)
        field_slots.refresh_tokens(db)  # after an upgrade that added search keys (0014)
    elif protected:
        raise AuthenticationError(NO_SLOT)
    elif is_admin:
        # A database upgraded from before field encryption: its first administrator to log
        # in seals it. Other accounts then need a new password (docs/security.md).
        field_slots.protect(db, user_id, password)


def _protect_pg_account(db: Database, username: str, password: str) -> None:
    """After create_account: the first account seals the database; later accounts got
    their slot in create_account's own transaction (the administrator holds the key)."""
    with db.read_session() as session:
        if field_slots.is_protected(session):
            return
        user_id = session.scalar(select(User.id).where(User.username == username))
    if user_id is not None:
        field_slots.protect(db, user_id, password)
