"""Crypto-shredding of the audit trail: personal values sealed under a per-person key.

The trail is append-only and hash-chained, so a purge cannot edit the events that recorded a
person's name or health note. Instead those values never enter the trail in clear: an event
about a person stores each personal field's value (and its free-text reason) encrypted with
AES-256-GCM under a random key of that person (``person_key``). The chain covers the stored,
encrypted form, so destroying the key at the purge leaves every event verifiable and none of
them readable.

A sealed value is ``{"sealed": base64(nonce || ciphertext+tag)}`` in ``changes``, and the
bare base64 text in ``reason``; the event's ``person_key_id`` says which key sealed it. The
additional data binds a value to its person and field, so a value moved elsewhere fails.

Where the key itself lives, per mode: ``person_key.key`` is a sealed column, so on
PostgreSQL it is wrapped (AES-GCM) under the database's data key, and on SQLite it sits in
the SQLCipher file, whose ``secure_delete`` zeroes it when its row is deleted (db.py).
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Iterable
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, event, select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.models import PersonKey
from rescuedesk.security.field_crypto import DAMAGED, KEY_BYTES, NONCE_BYTES, SealedDataError

CLEARED = "（已清除）"  # the key was destroyed by a purge
UNREADABLE = "（无法解密）"  # the key exists but the value does not open: tampered with
SEALED = "sealed"
_CACHE = "rescuedesk_person_keys"
REASON = "\x1freason"  # the reason's place in the additional data (no field has this name)


def _aad(person_id: int, field: str) -> bytes:
    return f"rescuedesk-audit-person-v1|{person_id}|{field}".encode()


def _parse(row: PersonKey) -> bytes:
    owner, _, b64 = row.key.partition(":")
    if owner != str(row.person_id):
        raise SealedDataError(DAMAGED)  # a key moved to another person's row
    key = base64.b64decode(b64)
    if len(key) != KEY_BYTES:
        raise SealedDataError(DAMAGED)
    return key


def _cache(session: Session) -> dict[int, tuple[int, bytes]]:
    return session.info.setdefault(_CACHE, {})  # type: ignore[no-any-return]


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_CACHE, None)


def key_for_writing(session: Session, person_id: int) -> tuple[int, bytes]:
    """(key id, key) of the person's current key, created on first use.

    Call under the audit chain's append lock: two writers then never both create one."""
    cache = _cache(session)
    if person_id in cache:
        return cache[person_id]
    row = session.scalars(
        select(PersonKey)
        .where(PersonKey.person_id == person_id)
        .order_by(PersonKey.id.desc())
        .limit(1)
    ).first()
    if row is None:
        key = secrets.token_bytes(KEY_BYTES)
        row = PersonKey(
            person_id=person_id,
            key=f"{person_id}:{base64.b64encode(key).decode()}",
            created_at=clock.now(),
        )
        session.add(row)
        session.flush()
    else:
        key = _parse(row)
    cache[person_id] = (row.id, key)
    return cache[person_id]


def destroy(session: Session, person_id: int) -> int:
    """Delete every key of the person (the caller's transaction); how many went."""
    _cache(session).pop(person_id, None)
    result = session.execute(
        delete(PersonKey).where(PersonKey.person_id == person_id),
        execution_options={"synchronize_session": False},
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def keys_by_id(session: Session, ids: Iterable[int]) -> dict[int, tuple[int, bytes | None]]:
    """{key id: (person id, key or None when its row is damaged)} of the keys that exist."""
    wanted = sorted(set(ids))
    out: dict[int, tuple[int, bytes | None]] = {}
    for start in range(0, len(wanted), 500):
        for row in session.scalars(
            select(PersonKey).where(PersonKey.id.in_(wanted[start : start + 500]))
        ):
            try:
                out[row.id] = (row.person_id, _parse(row))
            except SealedDataError:
                out[row.id] = (row.person_id, None)
    return out


def _seal(key: bytes, aad: bytes, plain: bytes) -> str:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return base64.b64encode(nonce + AESGCM(key).encrypt(nonce, plain, aad)).decode("ascii")


def _open(key: bytes, aad: bytes, text: str) -> bytes:
    blob = base64.b64decode(text, validate=True)
    return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)


def seal_value(key: bytes, person_id: int, field: str, value: Any) -> dict[str, str]:
    plain = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return {SEALED: _seal(key, _aad(person_id, field), plain)}


def seal_text(key: bytes, person_id: int, text: str) -> str:
    return _seal(key, _aad(person_id, REASON), text.encode("utf-8"))


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get(SEALED), str)


def open_value(key: bytes | None, person_id: int, field: str, value: dict[str, str]) -> Any:
    """The value, or UNREADABLE when it does not open (no usable key, or tampered with).

    A destroyed key is the reader's to notice (the key id no longer exists): CLEARED."""
    if key is None:
        return UNREADABLE
    try:
        return json.loads(_open(key, _aad(person_id, field), value[SEALED]).decode("utf-8"))
    except (InvalidTag, ValueError):
        return UNREADABLE


def open_text(key: bytes | None, person_id: int, text: str) -> str:
    if key is None:
        return UNREADABLE
    try:
        return _open(key, _aad(person_id, REASON), text).decode("utf-8")
    except (InvalidTag, ValueError):
        return UNREADABLE
