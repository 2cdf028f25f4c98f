"""Encryption at rest of the embedded SQLite database (SQLCipher, AES-256).

The database has one random 256-bit key. It never touches the disk in clear: a key-slot
file beside the database (``NAME.keys``) holds it once per account, wrapped with AES-GCM
under a key derived from that account's password by Argon2id. Logging in unwraps it; an
administrator who adds an account or resets a password wraps it again for that account.
Whoever copies the database file, its WAL or a backup, without an account's password,
reads nothing of it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from rescuedesk.errors import DomainError

KEY_BYTES = 32
FORMAT = "rescuedesk-keyslots-1"
KDF = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}  # OWASP's Argon2id minimum


class KeySlotError(DomainError):
    """The key-slot file is missing, damaged, or has no slot this password opens."""


def available() -> bool:
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        return False
    return True


def keyslot_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".keys")


def is_encrypted(db_path: Path) -> bool:
    return keyslot_path(db_path).exists()


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def pragma_key(key: bytes) -> str:
    """SQLCipher's raw-key form: no passphrase derivation, the key is used as is."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def open_cipher(path: Path | str, key: bytes, **kwargs: Any) -> Any:
    """A SQLCipher connection with the key set first; its C-level log stays quiet
    (errors still raise, and the program reports them in its own words)."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(path), **kwargs)
    conn.execute(pragma_key(key))
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def _user_id(username: str) -> str:
    # Slots are filed under a hash so the file does not list the office's staff.
    return hashlib.sha256(("rescuedesk-slot|" + username).encode()).hexdigest()


def _kek(password: str, salt: bytes, kdf: dict[str, int]) -> bytes:
    return hash_secret_raw(password.encode("utf-8"), salt, hash_len=KEY_BYTES, type=Type.ID, **kdf)


def wrap_key(
    password: str, key: bytes, aad: bytes, kdf: dict[str, int] = KDF
) -> tuple[bytes, bytes, bytes]:
    """(salt, nonce, wrapped): ``key`` under AES-GCM with a key Argon2id derives from the
    password; ``aad`` names the slot so a slot copied to another account does not open.
    Shared by the SQLite key-slot file and PostgreSQL's key-slot table."""
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    return salt, nonce, AESGCM(_kek(password, salt, kdf)).encrypt(nonce, key, aad)


def unwrap_key(
    password: str, salt: bytes, nonce: bytes, wrapped: bytes, aad: bytes, kdf: dict[str, int] = KDF
) -> bytes | None:
    """The wrapped key, or None when the password is wrong (or the slot was altered)."""
    try:
        return AESGCM(_kek(password, salt, kdf)).decrypt(nonce, wrapped, aad)
    except InvalidTag:
        return None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass
class KeySlots:
    path: Path

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"format": FORMAT, "kdf": KDF, "slots": {}}
        except (OSError, ValueError) as exc:
            raise KeySlotError(f"密钥文件 {self.path} 无法读取：{exc}") from None
        if data.get("format") != FORMAT:
            raise KeySlotError(f"密钥文件 {self.path} 格式不对。")
        return data

    def _save(self, data: dict[str, Any]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    def add(self, username: str, password: str, key: bytes) -> None:
        """Wrap ``key`` for this account (replacing its earlier slot)."""
        data = self._load()
        uid = _user_id(username)
        salt, nonce, wrapped = wrap_key(password, key, uid.encode(), data["kdf"])
        data["slots"][uid] = {"salt": _b64(salt), "nonce": _b64(nonce), "key": _b64(wrapped)}
        self._save(data)

    def remove(self, username: str) -> None:
        data = self._load()
        data["slots"].pop(_user_id(username), None)
        self._save(data)

    def unlock(self, username: str, password: str) -> bytes | None:
        """The database key, or None when this user has no slot or the password is wrong."""
        data = self._load()
        uid = _user_id(username)
        slot = data["slots"].get(uid)
        if slot is None:
            return None
        try:
            return unwrap_key(
                password,
                base64.b64decode(slot["salt"]),
                base64.b64decode(slot["nonce"]),
                base64.b64decode(slot["key"]),
                uid.encode(),
                data["kdf"],
            )
        except (KeyError, ValueError) as exc:
            raise KeySlotError(f"密钥文件 {self.path} 已损坏：{exc}") from None


def encrypt_file(db_path: Path, key: bytes) -> None:
    """Turn a plain SQLite database into an encrypted one in place (sqlcipher_export)."""
    import sqlcipher3

    tmp = db_path.with_name(db_path.name + ".encrypting")
    tmp.unlink(missing_ok=True)
    conn = sqlcipher3.connect(str(db_path))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(tmp),))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    os.replace(tmp, db_path)
