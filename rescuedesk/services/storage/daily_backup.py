"""Automatic daily backups of the embedded database, kept for N days.

The desktop program calls :func:`run_daily` in the background after every log-in (any
account: the office's database is then copied even when the administrator seldom logs in).
When the newest automatic backup is a day old, or there is none, it writes one into the
folder ``backups`` beside the database, through the same backup function as
``rescuedesk backup`` (so the copy is encrypted under the same key and its ``.keys`` file
goes with it), then deletes the automatic backups older than the setting
``backup_keep_days``. Nothing is deleted unless today's backup was written. File names carry
the time in UTC: ``NAME-auto-YYYYMMDD-HHMMSSZ.sqlite3``. PostgreSQL is left to pg_dump on
the server (docs/backup.md).
"""

from __future__ import annotations

import datetime as dt
import glob
import re
from pathlib import Path

from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.db import sqlite_file
from rescuedesk.services.office import audit, settings
from rescuedesk.services.office.context import Actor
from rescuedesk.services.storage.backup import backup

FOLDER = "backups"
INTERVAL = dt.timedelta(days=1)
_STAMP = "%Y%m%d-%H%M%SZ"
_NAME = re.compile(r"^(?P<stem>.+)-auto-(?P<at>\d{8}-\d{6}Z)(?P<suffix>\.[^.]*)?$")


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / FOLDER


def folder_for(url: str) -> Path | None:
    """Where the automatic backups of this database go; None for PostgreSQL."""
    path = sqlite_file(url)
    return None if path is None else backups_dir(path.expanduser().absolute())


def list_backups(folder: Path, stem: str | None = None) -> list[tuple[dt.datetime, Path]]:
    """(time taken, path) of the automatic backups in ``folder``, oldest first."""
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            m = _NAME.match(path.name)
            if m is None or (stem is not None and m["stem"] != stem):
                continue
            try:
                found.append((dt.datetime.strptime(m["at"], _STAMP), path))
            except ValueError:
                continue
    return sorted(found)


def is_due(newest: dt.datetime | None, now: dt.datetime) -> bool:
    # A backup "from the future" (the clock was wrong) does not stop the daily backups.
    return newest is None or not (now - INTERVAL < newest <= now)


def run_daily(session: Session, actor: Actor, url: str, key: bytes | None) -> Path | None:
    """Write today's automatic backup if one is due; return its path (None: not due).

    The copy is made before ``session`` is used, so no write lock is held while it runs."""
    path = sqlite_file(url)
    if path is None or not path.exists():
        return None
    path = path.expanduser().absolute()
    folder = backups_dir(path)
    now = clock.now()
    taken = list_backups(folder, path.stem)
    if not is_due(taken[-1][0] if taken else None, now):
        return None
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    written = backup(url, folder / f"{path.stem}-auto-{now.strftime(_STAMP)}{path.suffix}", key)
    keep_days = settings.get(session, "backup_keep_days")
    for at, old in taken:
        if at < now - dt.timedelta(days=keep_days):
            _delete(old)
    audit.record(session, actor, "backup", "database", None, reason=f"auto {written}")
    return written


def _delete(backup_file: Path) -> None:
    """The backup and whatever travels with it (its .keys, ...)."""
    for part in backup_file.parent.glob(glob.escape(backup_file.name) + "*"):
        part.unlink(missing_ok=True)
