import pytest
from argon2 import PasswordHasher

from rescuedesk.errors import ValidationError
from rescuedesk.security import passwords


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab3$xyz", "至少"),
        ("password1", "常见"),
        ("woaini1314", "常见"),
        ("QWERTY123", "常见"),
        ("xiaoming-2026!", "用户名"),
    ],
)
def test_policy_refuses_weak_passwords(password: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as err:
        passwords.check_policy(password, username="xiaoming")
    assert err.value.field == "password"


def test_policy_accepts_a_passphrase() -> None:
    passwords.check_policy("救助站-春天-2026", username="xiaoming")


def test_hash_is_argon2id_and_verifies() -> None:
    stored = passwords.hash_password("救助站-春天-2026")
    assert stored.startswith("$argon2id$")
    assert "m=19456,t=2,p=1" in stored
    assert passwords.verify_password(stored, "救助站-春天-2026")
    assert not passwords.verify_password(stored, "救助站-春天-2025")
    assert not passwords.verify_password("not a hash", "x")
    assert not passwords.needs_rehash(stored)


def test_older_parameters_are_rehashed() -> None:
    weaker = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash("pw-123456x")
    assert passwords.needs_rehash(weaker)
