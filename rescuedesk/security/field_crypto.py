"""Field encryption for the PostgreSQL mode: AES-256-GCM per value, HMAC blind indexes.

A shared office database cannot be one encrypted file, so the program encrypts the sensitive
columns itself before they leave the workstation. One random 256-bit data key per database;
two keys derived from it with HKDF, so a leaked search token says nothing about the
encryption key: one encrypts values, the other keys the HMAC tokens that let search find
names and ID numbers without the server seeing them.

Each stored value starts with a format byte:

- ``0x00`` + UTF-8: in clear. Only a database that has no account yet holds these (as an
  embedded file is plain until its first account); the first administrator's log-in seals
  them (``field_slots.protect``).
- ``0x01`` + 12-byte nonce + ciphertext + 16-byte tag: AES-256-GCM under the data key.

The key lives on the engine's dialect (one per Database), so the column types that encrypt
and decrypt find it wherever SQLAlchemy binds or reads a value.

Those column types are in models/sealed.py, so this module sits at the level of models, below
the rest of security/ (tests/unit/test_layering.py): it imports nothing of rescuedesk but
errors, and must stay so.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from rescuedesk.db import FIELDS_PROTECTED
from rescuedesk.errors import DomainError

KEY_BYTES = 32
CLEAR = 0x00
GCM = 0x01
NONCE_BYTES = 12
TOKEN_BYTES = 16  # 128 bits: no collision among millions of tokens, half the index size
_AAD = b"rescuedesk-field-1"
# Tokens of a database without accounts are keyed with this public key: such a database
# holds its names in clear anyway, and protecting it rebuilds every token under the real key.
PUBLIC_INDEX_KEY = bytes(KEY_BYTES)
_STATE = "rescuedesk_field_state"


class SealedDataError(DomainError):
    """A stored value that cannot be decrypted: damaged, tampered with, or no key."""


DAMAGED = "数据库中的加密数据已损坏或被篡改，无法解密；请联系管理员从备份恢复。"
NO_KEY = "数据库已加密：请先登录（用户名和密码）再读写受助人信息。"


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _derive(key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose).derive(key)


class FieldKeys:
    """The two working keys derived from a database's data key."""

    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != KEY_BYTES:
            raise ValueError("the data key has 32 bytes")
        self.data_key = data_key
        self._aead = AESGCM(_derive(data_key, b"rescuedesk field encryption v1"))
        self.index_key = _derive(data_key, b"rescuedesk blind index v1")

    def seal(self, plain: bytes) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return bytes([GCM]) + nonce + self._aead.encrypt(nonce, plain, _AAD)

    def seal_many(self, plains: Sequence[bytes]) -> list[bytes]:
        """:meth:`seal` of each: the nonces drawn in one read of the system's random
        source, not a read each (a bulk write seals millions of values: the reads were a
        fifth of their sealing)."""
        n = NONCE_BYTES
        nonces = secrets.token_bytes(n * len(plains))
        encrypt, head = self._aead.encrypt, bytes([GCM])
        out = []
        for i, plain in enumerate(plains):
            nonce = nonces[i * n : i * n + n]
            out.append(head + nonce + encrypt(nonce, plain, _AAD))
        return out

    def open(self, blob: bytes) -> bytes:
        try:
            return self._aead.decrypt(blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :], _AAD)
        except (InvalidTag, ValueError):
            raise SealedDataError(DAMAGED) from None


def token(index_key: bytes, kind: str, value: str) -> bytes:
    """A blind index entry: equal inputs give equal tokens, and only the key holder can
    compute one. ``kind`` keeps name prefixes and ID numbers apart."""
    msg = kind.encode() + b"\x1f" + value.encode("utf-8")
    return hmac.new(index_key, msg, hashlib.sha256).digest()[:TOKEN_BYTES]


def keyed_token(index_key: bytes) -> Callable[[str, str], bytes]:
    """:func:`token` under one key, for many tokens (a bulk write computes millions): the
    HMAC's inner and outer SHA-256 states are keyed once and copied per token, where
    ``hmac.new`` keys them again each time (half the cost of a short token). RFC 2104 as
    :mod:`hmac` does it; the tests hold it to ``hmac.new``'s bytes."""
    block = hashlib.sha256().block_size
    key = hashlib.sha256(index_key).digest() if len(index_key) > block else index_key
    key = key.ljust(block, b"\x00")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
    prefixes: dict[str, bytes] = {}

    def keyed(kind: str, value: str) -> bytes:
        h = inner.copy()
        h.update(prefixes.get(kind) or prefixes.setdefault(kind, kind.encode() + b"\x1f"))
        h.update(value.encode("utf-8"))
        o = outer.copy()
        o.update(h.digest())
        return o.digest()[:TOKEN_BYTES]

    return keyed


@dataclass
class FieldState:
    """What one engine knows: whether the database is protected, and the key if unlocked."""

    protected: bool = False
    keys: FieldKeys | None = None

    @property
    def index_key(self) -> bytes:
        if self.keys is not None:
            return self.keys.index_key
        if self.protected:
            raise SealedDataError(NO_KEY)
        return PUBLIC_INDEX_KEY

    def seal(self, plain: bytes) -> bytes:
        if self.keys is not None:
            return self.keys.seal(plain)
        if self.protected:
            # Never write in clear into a protected database, whatever the caller forgot.
            raise SealedDataError(NO_KEY)
        return bytes([CLEAR]) + plain

    def seal_many(self, plains: Sequence[bytes]) -> list[bytes]:
        """:meth:`seal` of each (a bulk write's column)."""
        if self.keys is not None:
            return self.keys.seal_many(plains)
        return [self.seal(plain) for plain in plains]

    def open(self, blob: bytes) -> bytes:
        if not blob:
            raise SealedDataError(DAMAGED)
        if blob[0] == CLEAR:
            return blob[1:]
        if blob[0] != GCM:
            raise SealedDataError(DAMAGED)
        if self.keys is None:
            raise SealedDataError(NO_KEY)
        return self.keys.open(blob)


def state_of(dialect: Any) -> FieldState:
    """The field state of the engine this dialect belongs to (created on first use)."""
    state = getattr(dialect, _STATE, None)
    if state is None:
        state = FieldState()
        setattr(dialect, _STATE, state)
    if getattr(dialect, FIELDS_PROTECTED, False):  # learned by db.py on the first connection
        state.protected = True
    return state
