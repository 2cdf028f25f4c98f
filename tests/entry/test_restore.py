"""`rescuedesk restore FILE`: a backup of the embedded database can be put back.

The round trip runs through the command as a user types it: an encrypted database with an
administrator and demo data, a backup, changes and deletions, then the restore. Afterwards
every row, the key-slot file and the audit chain are as they were at the backup; a backup
that is damaged, tampered with, not a RescueDesk backup or not opened by the administrator's
password is refused with exit 2 and the database is left as it was.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest

from rescuedesk.security.encryption import KeySlots, keyslot_path, open_cipher
from tests.entry.conftest import ADMIN, ADMIN_PASSWORD, CliRunner, add_account, add_first_admin

LATE_PASSWORD = "后来加的-长密码-2026"

pytestmark = pytest.mark.skipif(
    not __import__("rescuedesk.security.encryption", fromlist=["available"]).available(),
    reason="sqlcipher3 is not installed: the embedded database is not encrypted",
)


def _key(path: Path) -> bytes:
    key = KeySlots(keyslot_path(path)).unlock(ADMIN, ADMIN_PASSWORD)
    assert key is not None
    return key


def _rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order (read with the key its .keys holds)."""
    conn = open_cipher(path, _key(path))
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    finally:
        conn.close()


def _execute(path: Path, *statements: str) -> None:
    conn = open_cipher(path, _key(path))
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def _state(folder: Path) -> dict[str, str]:
    """Name -> sha256 of every file in the folder: "unchanged" means all of these."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.fixture
def office(cli: CliRunner, tmp_path: Path) -> tuple[Path, Path]:
    """An encrypted office database with demo data, and a backup of it in another folder."""
    live = tmp_path / "office" / "rescuedesk.sqlite3"
    live.parent.mkdir()
    db = ["--db", str(live)]
    r = add_first_admin(str(live))
    assert r.code == 0, r.err
    assert keyslot_path(live).exists()  # the first account encrypted the file
    r = cli([*db, "--user", ADMIN, "demo-data", "--persons", "6"], password=ADMIN_PASSWORD)
    assert r.code == 0, r.err
    saved = tmp_path / "usb" / "office-backup.sqlite3"
    saved.parent.mkdir()
    r = cli([*db, "--user", ADMIN, "backup", "--out", str(saved)], password=ADMIN_PASSWORD)
    assert r.code == 0, r.err
    return live, saved


def test_restore_puts_back_every_row_key_and_the_audit_chain(
    cli: CliRunner, office: tuple[Path, Path]
) -> None:
    live, saved = office
    at_backup = _rows(saved)
    keys_at_backup = keyslot_path(saved).read_bytes()
    assert at_backup["person"] and at_backup["case_file"] and at_backup["follow_up_visit"]
    _execute(
        live,
        "DELETE FROM follow_up_visit",
        "UPDATE person SET alias = 'changed after the backup'",
        "DELETE FROM case_file WHERE id = (SELECT min(id) FROM case_file)",
    )
    # Another account added after the backup: the restore takes it (and its key slot) away.
    r = add_account(str(live), "late", "auditor", LATE_PASSWORD)
    assert r.code == 0, r.err
    assert _rows(live)["follow_up_visit"] == []

    r = cli(["--db", str(live), "--user", ADMIN, "restore", str(saved)], password=ADMIN_PASSWORD)

    assert r.code == 0, r.err
    assert len(r.out.strip().splitlines()) == 1
    kept = [
        p
        for p in live.parent.iterdir()
        if ".replaced-" in p.name and p.suffix not in (".keys", ".audit-head")
    ]
    assert len(kept) == 1 and str(kept[0]) in r.out and str(saved) in r.out
    assert keyslot_path(kept[0]).exists()  # the replaced file still opens, with its own keys
    assert _rows(kept[0])["follow_up_visit"] == []
    assert keyslot_path(live).read_bytes() == keys_at_backup
    restored = _rows(live)
    for table, rows in at_backup.items():
        if table != "audit_event":
            assert restored[table] == rows, table
    # The chain as it was, then the restore itself (and the log-in that did it).
    events = sorted(restored["audit_event"])  # by id
    chain = sorted(at_backup["audit_event"])
    assert events[: len(chain)] == chain
    added = events[len(chain) :]
    restore_events = [e for e in added if "restore" in e]
    assert len(restore_events) == 1 and ADMIN in repr(restore_events[0])
    assert str(saved) in repr(restore_events[0])

    r = cli(["--db", str(live), "--user", ADMIN, "audit", "verify"], password=ADMIN_PASSWORD)
    assert r.code == 0, r.err
    r = cli(["--db", str(live), "--user", "late", "audit", "verify"], password=LATE_PASSWORD)
    assert r.code == 2  # the account added after the backup is gone with its key slot


def _refused(cli: CliRunner, live: Path, backup: Path, password: str = ADMIN_PASSWORD) -> str:
    before = _state(live.parent)
    r = cli(["--db", str(live), "--user", ADMIN, "restore", str(backup)], password=password)
    assert r.code == 2, (r.out, r.err)
    assert r.out == ""
    assert len(r.err.strip().splitlines()) == 1
    assert _state(live.parent) == before  # nothing replaced, nothing left behind
    return r.err


def test_wrong_password_is_refused_and_nothing_is_replaced(
    cli: CliRunner, office: tuple[Path, Path]
) -> None:
    live, saved = office
    err = _refused(cli, live, saved, password="不是这个密码-2026")
    assert "密码" in err


def test_damaged_backup_is_refused(cli: CliRunner, office: tuple[Path, Path]) -> None:
    live, saved = office
    data = bytearray(saved.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(b ^ 0xFF for b in data[middle : middle + 16])
    saved.write_bytes(bytes(data))
    err = _refused(cli, live, saved)
    assert "损坏" in err or "完整性" in err


def test_backup_with_an_edited_audit_trail_is_refused(
    cli: CliRunner, office: tuple[Path, Path]
) -> None:
    live, saved = office
    conn = open_cipher(saved, _key(saved))  # whoever edits it first drops the guard triggers
    triggers = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
        )
    ]
    conn.close()
    _execute(
        saved,
        *(f'DROP TRIGGER "{t}"' for t in triggers),
        "UPDATE audit_event SET reason = 'rewritten' WHERE id = 2",
    )
    err = _refused(cli, live, saved)
    assert "审计" in err and "2" in err


def test_a_file_that_is_not_a_backup_is_refused(
    cli: CliRunner, office: tuple[Path, Path], tmp_path: Path
) -> None:
    live, _ = office
    text = tmp_path / "notes.sqlite3"
    text.write_text("这不是数据库\n" * 100, encoding="utf-8")
    assert "备份" in _refused(cli, live, text)
    # An encrypted backup whose .keys did not travel with it cannot be opened at all.
    lone = tmp_path / "lone.sqlite3"
    shutil.copyfile(office[1], lone)
    assert ".keys" in _refused(cli, live, lone)


def test_restore_onto_a_new_machine_needs_no_existing_database(
    cli: CliRunner, office: tuple[Path, Path], tmp_path: Path
) -> None:
    _, saved = office
    fresh = tmp_path / "new-pc" / "rescuedesk.sqlite3"
    fresh.parent.mkdir()
    r = cli(["--db", str(fresh), "--user", ADMIN, "restore", str(saved)], password=ADMIN_PASSWORD)
    assert r.code == 0, r.err
    r = cli(["--db", str(fresh), "--user", ADMIN, "audit", "verify"], password=ADMIN_PASSWORD)
    assert r.code == 0, r.err
