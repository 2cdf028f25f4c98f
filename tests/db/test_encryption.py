"""Encryption at rest of the embedded database: what a copied file gives away."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from rescuedesk.models import Person
from rescuedesk.security.encryption import KeySlots, keyslot_path
from rescuedesk.services.office import vault
from rescuedesk.services.office.accounts import AuthenticationError
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from tests.db.test_cli import run

GOOD = "救助站-春天-2026"
NAME_MARKER = "标记甲乙丙"
NOTE_MARKER = "MARKERQZX-health"


def _raw(path: Path) -> bytes:
    data = b""
    for suffix in ("", "-wal", "-shm"):
        p = path.with_name(path.name + suffix)
        if p.exists():
            data += p.read_bytes()
    return data


def _markers_in(data: bytes) -> bool:
    return NAME_MARKER.encode() in data or NOTE_MARKER.encode() in data


def _add_marked_person(db, actor: Actor, suffix: str = "") -> None:  # type: ignore[no-untyped-def]
    with db.write_session() as s:
        persons.create_person(
            s,
            actor,
            {
                "real_name": NAME_MARKER + suffix,
                "alias": "化名",
                "health_description": NOTE_MARKER + suffix,
            },
        )


@pytest.fixture
def office(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A database with a marked person, then its first account (which encrypts it)."""
    path = tmp_path / "office.sqlite3"
    assert run(capsys, "--db", str(path), "demo-data", "--persons", "20")[0] == 0
    db = vault.open_database(f"sqlite:///{path}")
    _add_marked_person(db, Actor.system("test"))
    db.dispose()
    assert _markers_in(_raw(path))  # the check can fail: in clear before encryption
    monkeypatch.setattr("sys.stdin", io.StringIO(GOOD + "\n"))
    code, out, _ = run(
        capsys, "--db", str(path), "user", "add", "root", "--role", "admin", "--password-stdin"
    )
    assert code == 0 and "加密" in out
    return path


def test_file_wal_and_backup_hold_no_marker(
    office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert keyslot_path(office).exists()
    assert not _markers_in(_raw(office))
    db = vault.open_database(f"sqlite:///{office}", "root", GOOD)
    with db.write_session() as s:
        names = set(s.scalars(select(Person.real_name)))
    assert NAME_MARKER in names  # the data is all there for the account
    # New writes go to the WAL encrypted too: look while the connection is still open.
    _add_marked_person(db, Actor.system("test"), suffix="2")
    assert office.with_name(office.name + "-wal").exists()
    assert not _markers_in(_raw(office))
    db.dispose()
    monkeypatch.setenv("RESCUEDESK_PASSWORD", GOOD)
    out = office.with_name("copy.sqlite3")
    code, _, err = run(capsys, "--db", str(office), "--user", "root", "backup", "--out", str(out))
    assert code == 0, err
    assert not _markers_in(_raw(out))
    copy = vault.open_database(f"sqlite:///{out}", "root", GOOD)  # opens like the original
    with copy.write_session() as s:
        assert s.scalar(select(Person.id).where(Person.real_name == NAME_MARKER + "2"))
    copy.dispose()


def test_wrong_password_or_no_slot_opens_nothing(office: Path) -> None:
    url = f"sqlite:///{office}"
    for user, password in (("root", "wrong-password"), ("nobody", GOOD), (None, None)):
        with pytest.raises(AuthenticationError):
            vault.open_database(url, user, password)


def test_new_accounts_get_a_slot_and_resets_rewrap(
    office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESCUEDESK_PASSWORD", GOOD)
    monkeypatch.setattr("sys.stdin", io.StringIO("审计员的-长密码-7\n"))
    code, _, err = run(
        capsys,
        "--db",
        str(office),
        "--user",
        "root",
        "user",
        "add",
        "aud",
        "--role",
        "auditor",
        "--password-stdin",
    )
    assert code == 0, err
    db = vault.open_database(f"sqlite:///{office}", "aud", "审计员的-长密码-7")
    vault.rewrap(db, "aud", "新的-审计员-密码-8")
    db.dispose()
    with pytest.raises(AuthenticationError):
        vault.open_database(f"sqlite:///{office}", "aud", "审计员的-长密码-7")
    vault.open_database(f"sqlite:///{office}", "aud", "新的-审计员-密码-8").dispose()
    assert KeySlots(keyslot_path(office)).unlock("aud", "新的-审计员-密码-8") is not None


def test_a_flipped_byte_is_a_clear_error(
    office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = bytearray(office.read_bytes())
    data[4096 * 3 + 1000] ^= 0x01  # inside the fourth page
    office.write_bytes(bytes(data))
    monkeypatch.setenv("RESCUEDESK_PASSWORD", GOOD)
    out_file = office.with_name("copy.sqlite3")  # a backup reads every page
    code, _, err = run(
        capsys, "--db", str(office), "--user", "root", "backup", "--out", str(out_file)
    )
    assert code == 2
    # One line says so (after the copy's progress lines and its check's stage, 校验备份中…:
    # the copy's check finds the page).
    lines = err.strip().splitlines()
    said = [line for line in lines if not line.startswith(("备份中 ", "校验备份中"))]
    assert "校验备份中…" in lines
    assert len(said) == 1 and "损坏" in said[0]
    assert sorted(p.name for p in office.parent.iterdir() if p.name.startswith("copy")) == []
