"""Paths and database URL resolution.

Which database to open is decided here, once, the same way for the command line and the
GUI: --db, then RESCUEDESK_DB, then the choice the first-start wizard remembered, then the
embedded file. The remembered choice is a plain INI file in the user's config folder
(``workspace.ini``), holding the URL without any password: a PostgreSQL password stays in
the OS keyring (security/secrets.py).
"""

from __future__ import annotations

import configparser
import os
from pathlib import Path

from platformdirs import PlatformDirs
from sqlalchemy.engine import make_url

APP_NAME = "RescueDesk"
DB_ENV = "RESCUEDESK_DB"
CONFIG_ENV = "RESCUEDESK_CONFIG_DIR"
WORKSPACE_FILE = "workspace.ini"
_SECTION, _URL = "database", "url"
_dirs = PlatformDirs(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """Per-user data directory (overridable with RESCUEDESK_DATA_DIR, e.g. for tests)."""
    override = os.environ.get("RESCUEDESK_DATA_DIR")
    return Path(override) if override else Path(_dirs.user_data_dir)


def config_dir() -> Path:
    """Per-user settings directory (overridable with RESCUEDESK_CONFIG_DIR, e.g. for tests);
    platformdirs reads XDG_CONFIG_HOME on Linux at each call."""
    override = os.environ.get(CONFIG_ENV)
    return Path(override) if override else Path(_dirs.user_config_dir)


def workspace_file() -> Path:
    return config_dir() / WORKSPACE_FILE


def default_sqlite_path() -> Path:
    return data_dir() / "rescuedesk.sqlite3"


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).expanduser().absolute()}"


def _parser() -> configparser.ConfigParser:
    # No interpolation: a URL may hold "%" (percent-encoded names).
    return configparser.ConfigParser(interpolation=None)


def remembered_db_url() -> str | None:
    """The database the first-start wizard chose on this account, if any."""
    parser = _parser()
    try:
        parser.read(workspace_file(), encoding="utf-8")
    except configparser.Error:
        return None  # a file edited by hand into nonsense: as if nothing were remembered
    value = parser.get(_SECTION, _URL, fallback="").strip()
    return value or None


def remember_db_url(url: str) -> None:
    """Keep the choice for the next start of the GUI and for every command, always
    without its password; written whole under another name, then renamed."""
    parser = _parser()
    # (URL.set(password=None) would keep the password, and render it as "***".)
    bare = make_url(url)._replace(password=None).render_as_string(hide_password=False)
    parser[_SECTION] = {_URL: bare}
    target = workspace_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    with tmp.open("w", encoding="utf-8") as f:
        parser.write(f)
    os.replace(tmp, target)


def _as_url(value: str) -> str:
    # A bare file path is accepted as a SQLite database, since that is what people type.
    return value if "://" in value else sqlite_url(value)


def chosen_db_url(explicit: str | None = None) -> str | None:
    """--db, else RESCUEDESK_DB, else the remembered choice, else the embedded file if it
    exists; None means nothing was ever chosen (the GUI's first start asks)."""
    value = explicit or os.environ.get(DB_ENV) or remembered_db_url()
    if value:
        return _as_url(value)
    path = default_sqlite_path()
    return sqlite_url(path) if path.exists() else None


def resolve_db_url(explicit: str | None = None) -> str:
    """The database a command opens: as :func:`chosen_db_url`, the embedded file at last
    (which `db upgrade` or the first `user add` may create)."""
    return chosen_db_url(explicit) or sqlite_url(default_sqlite_path())
