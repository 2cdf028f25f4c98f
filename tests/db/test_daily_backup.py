"""Automatic daily backups of the embedded database, kept for N days (clock injected)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from rescuedesk import clock
from rescuedesk.db import Database, sqlite_file
from rescuedesk.models import AuditEvent
from rescuedesk.services.office import settings
from rescuedesk.services.storage import daily_backup
from tests.conftest import FIXED_NOW, Staff


def _run_at(db: Database, staff: Staff, at: dt.datetime) -> Path | None:
    clock.set_clock(lambda: at)
    with db.write_session() as session:
        return daily_backup.run_daily(session, staff.caseworker, db.url, db.key)


def _ages(folder: Path, now: dt.datetime) -> list[float]:
    return sorted(
        (now - taken).total_seconds() / 86400 for taken, _ in daily_backup.list_backups(folder)
    )


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_one_backup_a_day_and_those_older_than_the_kept_days_are_deleted(
    db: Database, staff: Staff
) -> None:
    folder = daily_backup.backups_dir(sqlite_file(db.url))  # type: ignore[arg-type]
    assert folder == sqlite_file(db.url).parent / "backups"  # type: ignore[union-attr]
    first = _run_at(db, staff, FIXED_NOW)
    assert first is not None and first.parent == folder and first.exists()
    copy = sqlite3.connect(first)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT count(*) FROM audit_event").fetchone()[0] > 0
    copy.close()
    assert _run_at(db, staff, FIXED_NOW + dt.timedelta(hours=23)) is None  # not a day yet
    for day in range(1, 21):
        assert _run_at(db, staff, FIXED_NOW + dt.timedelta(days=day)) is not None
    now = FIXED_NOW + dt.timedelta(days=20)
    assert _ages(folder, now) == [float(d) for d in range(15)]  # 14 days back, and today

    with db.write_session() as s:
        settings.set_value(s, staff.admin, "backup_keep_days", 3)
    now += dt.timedelta(days=1)
    assert _run_at(db, staff, now) is not None
    assert _ages(folder, now) == [0.0, 1.0, 2.0, 3.0]
    with db.read_session() as s:
        backups = s.scalars(select(AuditEvent).where(AuditEvent.action == "backup")).all()
    assert len(backups) == 22 and all(e.actor_label == "cw1" for e in backups)
    assert all("auto" in (e.reason or "") for e in backups)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_failed_backup_deletes_no_old_one(
    db: Database, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = daily_backup.backups_dir(sqlite_file(db.url))  # type: ignore[arg-type]
    assert _run_at(db, staff, FIXED_NOW) is not None

    def broken(*_args: object) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(daily_backup, "backup", broken)
    with pytest.raises(OSError):
        _run_at(db, staff, FIXED_NOW + dt.timedelta(days=40))
    assert len(daily_backup.list_backups(folder)) == 1


def test_settings_check_the_kept_days(db: Database, staff: Staff) -> None:
    from rescuedesk.errors import ValidationError

    with db.read_session() as s:
        assert settings.get(s, "backup_keep_days") == 14
    for bad in (0, 366, "7"):
        with pytest.raises(ValidationError), db.write_session() as s:
            settings.set_value(s, staff.admin, "backup_keep_days", bad)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_is_left_to_pg_dump(db: Database, staff: Staff) -> None:
    assert _run_at(db, staff, FIXED_NOW) is None
