from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from rescuedesk.security import secrets


class MemoryKeyring(KeyringBackend):
    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


def test_secrets_round_trip_in_a_secure_keyring(restore_keyring: None) -> None:
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    secrets.store("pg:office", "s3cret-pw")
    assert secrets.load("pg:office") == "s3cret-pw"
    assert memory.items == {("RescueDesk", "pg:office"): "s3cret-pw"}
    secrets.forget("pg:office")
    assert secrets.load("pg:office") is None


def test_no_secure_keyring_means_no_fallback_to_a_file(restore_keyring: None) -> None:
    keyring.set_keyring(fail.Keyring())
    assert not secrets.is_secure()
    with pytest.raises(secrets.NoSecureKeyring, match="口令"):
        secrets.store("pg:office", "s3cret-pw")
    with pytest.raises(secrets.NoSecureKeyring):
        secrets.load("pg:office")
