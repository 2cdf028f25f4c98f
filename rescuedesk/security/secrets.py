"""Secrets of the workstation (the PostgreSQL password, export pseudonym keys) in the OS
keyring, never in a file or the database.

Where no secure backend exists (a headless Linux box has none; keyrings.alt's plain-text
file is no better than a file), :class:`NoSecureKeyring` tells the caller to ask the user
for a passphrase instead. Tests set an in-memory backend with ``keyring.set_keyring``.
"""

from __future__ import annotations

import contextlib

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError

from rescuedesk.errors import DomainError

SERVICE = "RescueDesk"
# Backends that store nothing, or store it readable by anyone with the disk.
_INSECURE = (
    "keyring.backends.fail",
    "keyring.backends.null",
    "keyrings.alt.file",
    "keyrings.alt.Gnome",
    "keyrings.alt.pyfs",
)


class NoSecureKeyring(DomainError):
    """No keyring that keeps secrets safely: ask for a passphrase instead."""


def backend() -> KeyringBackend:
    return keyring.get_keyring()


def is_secure(kr: KeyringBackend | None = None) -> bool:
    kr = kr or backend()
    chained = getattr(kr, "backends", None)
    if chained is not None:  # a chainer is as good as its best member
        return any(is_secure(b) for b in chained)
    module = type(kr).__module__
    return kr.priority > 0 and not module.startswith(_INSECURE)


def _require_secure() -> KeyringBackend:
    kr = backend()
    if not is_secure(kr):
        raise NoSecureKeyring(
            "这台电脑没有安全的密钥存储（系统钥匙串）。程序不会把密码写进文件；请改为每次输入口令。"
        )
    return kr


def store(name: str, value: str) -> None:
    try:
        _require_secure().set_password(SERVICE, name, value)
    except KeyringError as exc:
        raise NoSecureKeyring(f"无法写入系统钥匙串：{exc}") from None


def load(name: str) -> str | None:
    try:
        return _require_secure().get_password(SERVICE, name)
    except KeyringError as exc:
        raise NoSecureKeyring(f"无法读取系统钥匙串：{exc}") from None


def forget(name: str) -> None:
    with contextlib.suppress(PasswordDeleteError):  # nothing stored is fine
        _require_secure().delete_password(SERVICE, name)
