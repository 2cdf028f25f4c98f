"""The PostgreSQL data key: wrapped per account in ``field_key_slot``, unwrapped at log-in,
and the one-time sealing of a database that has none yet.

The slots live in the database, not in a file beside the program: a shared office database
is reached from many workstations, and each must find the slot of whoever logs in there. A
slot is worthless without its account's password (Argon2id, then AES-GCM, the code of the
SQLite key-slot file). Who can write to the server can delete slots (denial of service) or
plant one; docs/security.md says what that gains them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    Connection,
    LargeBinary,
    column,
    delete,
    insert,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.errors import DomainError
from rescuedesk.models import Base, FieldKeySlot, PersonSearchToken, Setting
from rescuedesk.models.sealed import sealed_columns
from rescuedesk.security.blind_index import replace_tokens, retoken_all
from rescuedesk.security.encryption import KDF, unwrap_key, wrap_key
from rescuedesk.security.field_crypto import (
    CLEAR,
    FieldKeys,
    FieldState,
    new_key,
    state_of,
)

BATCH = 20_000
AUDIT_GUARD = "audit_event_append_only"  # the trigger of migration 0002


def _aad(user_id: int) -> bytes:
    return f"rescuedesk-field-slot|{user_id}".encode()


def applies(db_or_session: Database | Session) -> bool:
    """Field encryption is the PostgreSQL mode's; SQLite has SQLCipher instead."""
    if isinstance(db_or_session, Database):
        return bool(db_or_session.engine.dialect.name == "postgresql")
    return bool(db_or_session.get_bind().dialect.name == "postgresql")


def is_protected(conn: Connection | Session) -> bool:
    return conn.execute(select(FieldKeySlot.user_id).limit(1)).first() is not None


def _slot(user_id: int, password: str, key: bytes) -> dict[str, Any]:
    salt, nonce, wrapped = wrap_key(password, key, _aad(user_id), KDF)
    return {
        "user_id": user_id,
        "salt": salt,
        "nonce": nonce,
        "wrapped": wrapped,
        "kdf": dict(KDF),
        "created_at": clock.now(),
    }


def store_slot(session: Session, user_id: int, password: str, key: bytes) -> None:
    """Wrap ``key`` for this account (replacing its earlier slot)."""
    session.execute(delete(FieldKeySlot).where(FieldKeySlot.user_id == user_id))
    session.execute(insert(FieldKeySlot), [_slot(user_id, password, key)])


def drop_slot(session: Session, user_id: int) -> None:
    """The account's password no longer unwraps the key (a disabled account)."""
    session.execute(delete(FieldKeySlot).where(FieldKeySlot.user_id == user_id))


def has_slot(session: Session, user_id: int) -> bool:
    return session.get(FieldKeySlot, user_id) is not None


def unwrap_slot(session: Session, user_id: int, password: str) -> bytes | None:
    slot = session.get(FieldKeySlot, user_id)
    if slot is None:
        return None
    return unwrap_key(password, slot.salt, slot.nonce, slot.wrapped, _aad(user_id), slot.kdf)


def on_password_set(session: Session, user_id: int, password: str) -> None:
    """A new account or a new password: wrap the key for it in the same transaction, so an
    account never exists that can log in but cannot read."""
    if not applies(session):
        return
    state = state_of(session.get_bind().dialect)
    if state.keys is not None:
        store_slot(session, user_id, password, state.keys.data_key)
    elif is_protected(session):
        raise DomainError("数据库已加密：只有已登录的管理员能为账户设置密码（需要数据库密钥）。")


def install(db: Database, key: bytes) -> None:
    """From now on this Database reads and writes sealed values with ``key`` (on the
    standby it reads from too)."""
    for engine in db.engines:
        state = state_of(engine.dialect)
        state.keys = FieldKeys(key)
        state.protected = True
    db.key = key


# The setting migration 0014 leaves in a protected database: its tokens lack the keys of
# name parts, which only a holder of the data key can compute.
STALE_TOKENS = "search_tokens_stale"


def refresh_tokens(db: Database) -> bool:
    """Re-tokenise every person if a migration asked for it (after ``install``); True if
    it did. The marker row is locked first: a second log-in at the same time waits, then
    finds it gone."""
    with db.engine.begin() as conn:
        found = conn.execute(
            select(Setting.key).where(Setting.key == STALE_TOKENS).with_for_update()
        ).first()
        if found is None:
            return False
        retoken_all(conn, state_of(db.engine.dialect))
        conn.execute(delete(Setting).where(Setting.key == STALE_TOKENS))
    return True


# ---------------------------------------------------------------- sealing a database


def protect(db: Database, user_id: int, password: str) -> None:
    """Generate the data key, seal every clear value, rebuild the search tokens under the
    new key and give ``user_id`` the first slot: all in one transaction, or nothing."""
    key = new_key()
    keys = FieldKeys(key)
    with db.engine.begin() as conn:
        # Two administrators logging in at once must not each seal with their own key.
        conn.execute(text("LOCK TABLE field_key_slot IN EXCLUSIVE MODE"))
        if is_protected(conn):
            raise DomainError("数据库刚被另一位管理员加密：请重新登录。")
        people = _seal_all(conn, keys)
        conn.execute(PersonSearchToken.__table__.delete())
        unlocked = FieldState(protected=True, keys=keys)
        for start in range(0, len(people), BATCH):
            replace_tokens(conn, unlocked, people[start : start + BATCH])
        conn.execute(insert(FieldKeySlot), [_slot(user_id, password, key)])
    install(db, key)


def _seal_all(conn: Connection, keys: FieldKeys) -> list[tuple[Any, ...]]:
    """Seal the clear values of every sealed column; return (id, name, alias, ID number)
    of each person for the tokens."""
    people: list[tuple[Any, ...]] = []
    clear = FieldState()
    for name, columns in sealed_columns(Base.metadata).items():
        raw = table(name, column("id"), *[column(c, LargeBinary) for c in columns])
        guard = name == "audit_event"
        if guard:  # append-only: sealing rewrites how values are stored, not what they say
            conn.execute(text(f"ALTER TABLE audit_event DISABLE TRIGGER {AUDIT_GUARD}"))
        for batch in _batches(conn.execute(select(raw).order_by(raw.c.id))):
            sealed = []
            for row in batch:
                values = {c: _plain(clear, row[c]) for c in columns}
                if name == "person":
                    names = (_text(values[c]) for c in ("real_name", "alias", "id_number"))
                    people.append((row["id"], *names))
                sealed.append(
                    (row["id"], *(None if v is None else keys.seal(v) for v in values.values()))
                )
            _update_from_copy(conn, name, columns, sealed)
        if guard:
            conn.execute(text(f"ALTER TABLE audit_event ENABLE TRIGGER {AUDIT_GUARD}"))
    return people


def _update_from_copy(
    conn: Connection, name: str, columns: list[str], rows: list[tuple[Any, ...]]
) -> None:
    """UPDATE many rows at once: COPY the new values into a temporary table, then one
    UPDATE ... FROM (row-by-row UPDATEs take minutes at 100,000 people)."""
    if not rows:
        return
    cols = ", ".join(f"{c} bytea" for c in columns)
    conn.execute(text(f"CREATE TEMP TABLE sealing (id integer PRIMARY KEY, {cols})"))
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    with dbapi.cursor() as cur, cur.copy("COPY sealing FROM STDIN") as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row(row)
    assigned = ", ".join(f"{c} = sealing.{c}" for c in columns)
    conn.execute(text(f"UPDATE {name} SET {assigned} FROM sealing WHERE {name}.id = sealing.id"))
    conn.execute(text("DROP TABLE sealing"))


def _batches(result: Any) -> Iterator[list[Any]]:
    for part in result.mappings().partitions(BATCH):
        yield list(part)


def _plain(clear: FieldState, value: Any) -> bytes | None:
    if value is None:
        return None
    data = bytes(value)
    if data[:1] != bytes([CLEAR]):
        raise DomainError("数据库中已有加密数据，却没有密钥槽：请从备份恢复，或联系技术支持。")
    return clear.open(data)


def _text(data: bytes | None) -> str | None:
    return None if data is None else data.decode("utf-8")
