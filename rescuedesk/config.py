"""Paths and database URL resolution."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "RescueDesk"
DB_ENV = "RESCUEDESK_DB"
_dirs = PlatformDirs(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """Per-user data directory (overridable with RESCUEDESK_DATA_DIR, e.g. for tests)."""
    override = os.environ.get("RESCUEDESK_DATA_DIR")
    return Path(override) if override else Path(_dirs.user_data_dir)


def default_sqlite_path() -> Path:
    return data_dir() / "rescuedesk.sqlite3"


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).expanduser().absolute()}"


def resolve_db_url(cli_value: str | None = None) -> str:
    """--db wins, then RESCUEDESK_DB, then the embedded SQLite file.

    A bare file path is accepted as a SQLite database, since that is what people type.
    """
    value = cli_value or os.environ.get(DB_ENV)
    if not value:
        return sqlite_url(default_sqlite_path())
    if "://" not in value:
        return sqlite_url(value)
    return value
