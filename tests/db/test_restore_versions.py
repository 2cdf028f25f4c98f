"""A backup made by an older version of RescueDesk restores and is brought up to date."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from rescuedesk.db import Database, current_revision, downgrade, head_revision
from rescuedesk.models.enums import Role
from rescuedesk.services.office import accounts
from rescuedesk.services.storage.restore import RestoreError, restore_sqlite

PASSWORD = "管理员的-长密码-2026"


def _plain_backup(template: Path, folder: Path, revision: str | None) -> Path:
    """An unencrypted database with an administrator, at ``revision`` (None: the newest)."""
    path = folder / "old-backup.sqlite3"
    shutil.copyfile(template, path)
    db = Database(f"sqlite:///{path}")
    with db.write_session() as s:
        accounts.create_account(
            s, None, {"username": "root", "full_name": "管理员", "role": Role.ADMIN}, PASSWORD
        )
    if revision is not None:
        downgrade(db, revision)
    db.dispose()
    _plain_backup_mode(path)
    return path


def _plain_backup_mode(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")  # as `rescuedesk backup` leaves its copies
    conn.close()


def test_older_backup_is_upgraded_on_the_copy_before_it_replaces(
    sqlite_template: Path, tmp_path: Path
) -> None:
    backup = _plain_backup(sqlite_template, tmp_path, "0010")
    target = tmp_path / "office" / "rescuedesk.sqlite3"
    target.parent.mkdir()
    done = restore_sqlite(f"sqlite:///{target}", backup, "root", PASSWORD)
    assert done.kept is None and done.target == target.absolute()
    db = Database(f"sqlite:///{target}")
    try:
        assert current_revision(db.engine) == head_revision()
    finally:
        db.dispose()
    restored = Database(f"sqlite:///{backup}")
    try:
        assert current_revision(restored.engine) == "0010"  # the backup itself is untouched
    finally:
        restored.dispose()


def test_only_an_administrator_restores(sqlite_template: Path, tmp_path: Path) -> None:
    backup = _plain_backup(sqlite_template, tmp_path, None)
    db = Database(f"sqlite:///{backup}")
    with db.write_session() as s:
        root = accounts.authenticate(s, "root", PASSWORD).raise_if_refused()
    with db.write_session() as s:
        accounts.create_account(
            s, root, {"username": "aud", "full_name": "审计员", "role": Role.AUDITOR}, PASSWORD
        )
    db.dispose()
    _plain_backup_mode(backup)
    target = tmp_path / "rescuedesk.sqlite3"
    with pytest.raises(RestoreError, match="只有管理员"):
        restore_sqlite(f"sqlite:///{target}", backup, "aud", PASSWORD)
    with pytest.raises(RestoreError, match="用户名或密码不正确"):
        restore_sqlite(f"sqlite:///{target}", backup, "root", "不对的密码-2026")
    # Nothing but the backup and the head of its audit chain: no database was put in place.
    names = {p.name for p in tmp_path.iterdir()} - {"old-backup.sqlite3.audit-head"}
    assert names == {"old-backup.sqlite3"}
