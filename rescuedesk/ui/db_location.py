"""Where this workstation's database is: chosen once by the first-start wizard, remembered.

The URL is remembered in QSettings without any password; a PostgreSQL password lives in the
OS keyring (security/secrets.py). Where no secure keyring exists the password is asked at
each start instead: it is never written to a file.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from sqlalchemy.engine import URL, make_url

from rescuedesk.config import default_sqlite_path, sqlite_url
from rescuedesk.security import secrets

SETTING = "database/url"


def remembered_url() -> str | None:
    value = QSettings().value(SETTING)
    return str(value) if value else None


def remember(url: str) -> None:
    """Keep the URL for the next start, always without its password."""
    QSettings().setValue(SETTING, make_url(url).set(password=None).render_as_string())


def postgres_url(host: str, port: int, database: str, user: str) -> str:
    return URL.create(
        "postgresql+psycopg", username=user, host=host, port=port, database=database
    ).render_as_string()


def secret_name(url: str) -> str:
    u = make_url(url)
    return f"postgres:{u.username}@{u.host}:{u.port or 5432}/{u.database}"


def store_password(url: str, password: str) -> None:
    """Raises secrets.NoSecureKeyring where the workstation has no safe keyring."""
    secrets.store(secret_name(url), password)


def with_password(url: str, password: str | None) -> str:
    if not password:
        return url
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def stored_password(url: str) -> str | None:
    try:
        return secrets.load(secret_name(url))
    except secrets.NoSecureKeyring:
        return None


def needs_password(url: str) -> bool:
    u = make_url(url)
    return u.get_backend_name() == "postgresql" and not u.password


def startup_url(explicit: str | None) -> str | None:
    """The database to open: --db/RESCUEDESK_DB, else the remembered one, else the embedded
    file if it exists; None means a first start (the wizard asks)."""
    if explicit:
        return explicit
    remembered = remembered_url()
    if remembered:
        return remembered
    path = default_sqlite_path()
    return sqlite_url(path) if path.exists() else None
