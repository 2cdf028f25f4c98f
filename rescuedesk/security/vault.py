"""Opening the database with an account, and keeping key slots in step with accounts."""

from __future__ import annotations

from rescuedesk.db import Database, sqlite_file
from rescuedesk.security.accounts import AuthenticationError
from rescuedesk.security.encryption import (
    KeySlots,
    available,
    encrypt_file,
    is_encrypted,
    keyslot_path,
    new_key,
)

REFUSED = "用户名或密码不正确。"


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
    key = KeySlots(keyslot_path(path)).unlock(username, password)
    if key is None:
        raise AuthenticationError(REFUSED)
    return Database(url, key=key)


def protect_new_account(db: Database, username: str, password: str) -> Database:
    """Give a new account its key slot; the first account encrypts an embedded database.

    Returns the Database to go on with (reopened when the file was just encrypted).
    """
    path = sqlite_file(db.url)
    if path is None:
        return db  # PostgreSQL: see docs/security.md
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
    """After a password reset: the account's slot opens with the new password."""
    path = sqlite_file(db.url)
    if path is not None and db.key is not None:
        KeySlots(keyslot_path(path)).add(username, password, db.key)
