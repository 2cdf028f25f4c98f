"""Password hashing (Argon2id, argon2-cffi) and the password policy."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from rescuedesk.errors import ValidationError

MIN_LENGTH = 8
COMMON_TOP = 30_000  # zxcvbn's list of the most common passwords, plus local habits below

# OWASP's minimum for Argon2id: m = 19 MiB, t = 2, p = 1.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)

# Common in China and missing from the English-centred list.
_LOCAL = {
    "woaini1314",
    "5201314",
    "woaini520",
    "1314520",
    "a123456",
    "aa123456",
    "qq123456",
    "abc123456",
    "123456a",
    "woaini",
    "zhang123",
    "wang1234",
    "88888888",
    "66666666",
}


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"][:COMMON_TOP]) | frozenset(_LOCAL)


def check_policy(password: str, *, username: str | None = None) -> None:
    """At least 8 characters, not a common password, not the user name."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"密码至少需要{MIN_LENGTH}个字符。", field="password")
    lowered = password.lower()
    if lowered in _common():
        raise ValidationError("这个密码太常见，很容易被猜到，请换一个。", field="password")
    if username and username.lower() in lowered:
        raise ValidationError("密码不能包含用户名。", field="password")


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return HASHER.check_needs_rehash(stored_hash)
