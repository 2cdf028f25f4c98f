"""Encryption at rest of the embedded SQLite database (SQLCipher, AES-256).

The database has one random 256-bit key. It never touches the disk in clear: a key-slot
file beside the database (``NAME.keys``) holds it once per account, wrapped with AES-GCM
under a key derived from that account's password by Argon2id. Logging in unwraps it; an
administrator who adds an account or resets a password wraps it again for that account.
Whoever copies the database file, its WAL or a backup, without an account's password,
reads nothing of it.

A wrong password cannot open the database, so the log-in lockout of an encrypted file lives
in the key-slot file too (:meth:`KeySlots.try_unlock`): each slot counts its failures, a
slot locked after too many opens for nobody until the lock ends, and every refusal is noted
in a journal that the next log-in copies into the audit trail (services/office/vault.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from rescuedesk.errors import DomainError
from rescuedesk.security import file_lock

KEY_BYTES = 32
FORMAT = "rescuedesk-keyslots-1"
KDF = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}  # OWASP's Argon2id minimum
JOURNAL_MAX = 500  # refusals kept for the audit trail; an attacker cannot grow the file further


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


SQLITE_HEADER = b"SQLite format 3\x00"


def is_plain_sqlite(db_path: Path) -> bool:
    """True for a clear SQLite file (or none yet); a SQLCipher file starts with random salt."""
    try:
        with open(db_path, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return True
    return head in (b"", SQLITE_HEADER)


def sync_file(path: Path) -> None:
    """Flush a file's content to the disk (not just to the OS)."""
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def sync_dir(path: Path) -> None:
    """Flush a directory, so a rename or a new file in it survives a power cut."""
    if os.name == "nt":  # Windows cannot open a directory; NTFS journals its metadata
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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


@dataclass(frozen=True)
class SqlCipher:
    """What db.py needs to open an encrypted file (its ``Cipher``): the key and the way to
    connect with it. Built by whoever unwrapped the key (vault, the restore, the switch)."""

    key: bytes = field(repr=False)

    def connect(self, path: Path | str, **kwargs: Any) -> Any:
        return open_cipher(path, self.key, **kwargs)


def sqlcipher(key: bytes | None) -> SqlCipher | None:
    """``key`` as db.py's cipher; None (a clear file) stays None."""
    return SqlCipher(key) if key is not None else None


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


@dataclass(frozen=True)
class Attempt:
    """What :meth:`KeySlots.try_unlock` found: the key, or a refusal (``locked_until`` set
    when the slot is locked, by this attempt or an earlier one)."""

    key: bytes | None
    locked_until: dt.datetime | None = None


@dataclass(frozen=True)
class Refusal:
    """A refused attempt noted in the key-slot file, waiting to enter the audit trail."""

    id: str
    user: str  # the slot id: a hash of the name tried, never the name
    at: dt.datetime
    action: str  # login_failed | account_locked
    why: str

    def names(self, username: str) -> bool:
        return self.user == _user_id(username)


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
        # Durable before it counts: the slot may be the only copy of the database key.
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.chmod(tmp, 0o600)
        sync_file(tmp)
        os.replace(tmp, self.path)
        sync_dir(self.path.parent)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the file's lock for a read-modify-write: two programs on the workstation (the
        window and a command) then neither lose each other's slot nor a failure count, and
        guesses from many processes at once are counted one after the other."""
        with file_lock.held(self.path.with_name(self.path.name + ".lock")):
            yield

    def add(self, username: str, password: str, key: bytes, *, pending: bool = False) -> None:
        """Wrap ``key`` for this account (replacing its earlier slot, and so its lockout).

        ``pending``: the database may not be encrypted under this key yet (the switch of
        security/encryption_switch.py); :meth:`settle` decides later whether the slot stays.
        """
        with self._locked():
            data = self._load()
            uid = _user_id(username)
            salt, nonce, wrapped = wrap_key(password, key, uid.encode(), data["kdf"])
            data["slots"][uid] = {"salt": _b64(salt), "nonce": _b64(nonce), "key": _b64(wrapped)}
            if pending:
                data["slots"][uid]["state"] = "pending"  # older files have no state: all active
            self._save(data)

    def has_pending(self) -> bool:
        if not self.path.exists():
            return False
        return any(s.get("state") == "pending" for s in self._load()["slots"].values())

    def settle(self, *, keep: bool) -> None:
        """After an encryption switch: pending slots become active (``keep``) or go; a file
        left without slots goes too, so the database counts as not encrypted."""
        with self._locked():
            data = self._load()
            slots = data["slots"]
            for uid in [u for u, s in slots.items() if s.get("state") == "pending"]:
                if keep:
                    del slots[uid]["state"]
                else:
                    del slots[uid]
            if slots:
                self._save(data)
            else:
                self.path.unlink(missing_ok=True)
                sync_dir(self.path.parent)

    def has(self, username: str) -> bool:
        if not self.path.exists():
            return False
        return _user_id(username) in self._load()["slots"]

    def remove(self, username: str) -> None:
        with self._locked():
            data = self._load()
            data["slots"].pop(_user_id(username), None)
            self._save(data)

    def clear_lock(self, username: str) -> bool:
        """An administrator unlocked the account: its slot opens again at once, with the
        count of wrong passwords back at zero. True if there was a lock or a count."""
        with self._locked():
            data = self._load()
            slot = data["slots"].get(_user_id(username))
            if slot is None or not ("failed" in slot or "locked_until" in slot):
                return False
            slot.pop("failed", None)
            slot.pop("locked_until", None)
            self._save(data)
            return True

    def unlock(self, username: str, password: str) -> bytes | None:
        """The database key, or None when this user has no slot or the password is wrong.

        Counts nothing: a log-in goes through :meth:`try_unlock`."""
        data = self._load()
        uid = _user_id(username)
        slot = data["slots"].get(uid)
        if slot is None:
            return None
        return self._unwrap(data, uid, slot, password)

    def try_unlock(
        self,
        username: str,
        password: str,
        *,
        now: dt.datetime,
        max_failed: int,
        lock_for: dt.timedelta,
    ) -> Attempt:
        """A log-in at the key-slot stage: refuse a locked slot without trying the password,
        count a wrong one (``max_failed`` in a row lock the slot for ``lock_for``), and note
        every refusal for the audit trail. Held under the file lock from check to count."""
        with self._locked():
            data = self._load()
            uid = _user_id(username)
            slot = data["slots"].get(uid)
            until = _locked_until(slot)
            if slot is not None and until is not None and until > now:
                self._note(data, uid, now, "login_failed", "account locked")
                self._save(data)
                return Attempt(None, until)
            if slot is None:
                # The same Argon2 work as a real slot: the time taken tells no one which
                # names have an account.
                _kek(password, bytes(16), data["kdf"])
                self._note(data, uid, now, "login_failed", "no key slot")
                self._save(data)
                return Attempt(None)
            key = self._unwrap(data, uid, slot, password)
            if key is not None:
                if "failed" in slot or "locked_until" in slot:
                    slot.pop("failed", None)
                    slot.pop("locked_until", None)
                    self._save(data)
                return Attempt(key)
            failed = int(slot.get("failed", 0)) + 1
            if failed >= max_failed:
                until = now + lock_for
                slot.pop("failed", None)
                slot["locked_until"] = until.isoformat()
                self._note(data, uid, now, "account_locked", f"{max_failed} wrong passwords")
                self._save(data)
                return Attempt(None, until)
            slot["failed"] = failed
            self._note(data, uid, now, "login_failed", "wrong password")
            self._save(data)
            return Attempt(None)

    def refusals(self) -> list[Refusal]:
        """The refusals noted since the last log-in copied them into the audit trail."""
        out = []
        for r in self._load().get("refusals", []):
            try:
                at = dt.datetime.fromisoformat(r["at"])
                out.append(Refusal(r["id"], r["user"], at, r["action"], r["why"]))
            except (KeyError, TypeError, ValueError):
                continue  # a damaged note is not worth refusing a log-in over
        return out

    @contextmanager
    def claimed_refusals(self) -> Iterator[list[Refusal]]:
        """The refusals to copy into the audit trail, dropped from the file when the block
        ends without an error. The file's lock is held meanwhile (only when there are any),
        so two log-ins at once do not both copy them."""
        if not self.refusals():
            yield []
            return
        with self._locked():
            found = self.refusals()
            yield found
            done = {r.id for r in found}
            data = self._load()
            data["refusals"] = [r for r in data.get("refusals", []) if r.get("id") not in done]
            self._save(data)

    @staticmethod
    def _note(data: dict[str, Any], uid: str, now: dt.datetime, action: str, why: str) -> None:
        journal = data.setdefault("refusals", [])
        journal.append(
            {
                "id": secrets.token_hex(8),
                "user": uid,
                "at": now.isoformat(),
                "action": action,
                "why": why,
            }
        )
        del journal[:-JOURNAL_MAX]

    def _unwrap(
        self, data: dict[str, Any], uid: str, slot: dict[str, Any], password: str
    ) -> bytes | None:
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


def _locked_until(slot: dict[str, Any] | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(slot["locked_until"]) if slot else None
    except (KeyError, TypeError, ValueError):
        return None


def export_encrypted(db_path: Path, target: Path, key: bytes) -> None:
    """Write an encrypted copy of the clear database ``db_path`` to ``target``
    (sqlcipher_export). The clear file leaves WAL mode on the way: no clear WAL may be left
    beside the encrypted file that will take its name. Nothing is synced here."""
    import sqlcipher3

    target.unlink(missing_ok=True)
    conn = sqlcipher3.connect(str(db_path))
    try:
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise KeySlotError(f"数据库 {db_path} 正被其他程序使用，请关闭后再试。")
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(target),))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
