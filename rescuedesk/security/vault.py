"""Opening the database with an account, and keeping key slots in step with accounts.

SQLite: the whole file is encrypted (SQLCipher); its key slots are a file beside it and the
key is needed to open the file at all. PostgreSQL: the sensitive columns are encrypted
(security/field_crypto.py); the key slots are a table, unwrapped after the password check.
The log-in dialog and the command line both log in through :func:`log_in`.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager, nullcontext

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.db import Database, sqlite_file
from rescuedesk.models import User
from rescuedesk.models.enums import Role
from rescuedesk.models.sealed import Public
from rescuedesk.security import accounts, field_slots
from rescuedesk.security.accounts import AuthenticationError
from rescuedesk.security.encryption import (
    KeySlots,
    Refusal,
    available,
    encrypt_file,
    is_encrypted,
    keyslot_path,
    new_key,
)
from rescuedesk.services import audit
from rescuedesk.services.context import Actor

REFUSED = "用户名或密码不正确。"
NO_SLOT = (
    "数据库已加密，但您的账户还没有可用的密钥（账户建于加密之前，或密码在别处改过）："
    "请管理员为您重设密码。"
)


def needs_credentials(url: str) -> bool:
    path = sqlite_file(url)
    return path is not None and is_encrypted(path)


def open_database(url: str, username: str | None = None, password: str | None = None) -> Database:
    """Open ``url``; an encrypted file is opened with the key this account's slot holds."""
    path = sqlite_file(url)
    if path is None or not is_encrypted(path):
        return Database(url)
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
    return Database(url, key=attempt.key)


def protect_new_account(db: Database, username: str, password: str) -> Database:
    """Give a new account its key slot; the first account encrypts an embedded database.

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
    key = new_key()
    db.dispose()
    encrypt_file(path, key)
    slots.add(username, password, key)
    return Database(db.url, key=key)


def rewrap(db: Database, username: str, password: str) -> None:
    """After a password reset: the account's slot opens with the new password.

    (PostgreSQL re-wraps inside accounts.reset_password's own transaction.)"""
    path = sqlite_file(db.url)
    if path is not None and db.key is not None:
        KeySlots(keyslot_path(path)).add(username, password, db.key)


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
            r.action,
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
