"""One way to find and open the database: the command line, the log-in dialog and the
first-start wizard all come through here.

Opening is four steps, in this order, each once: settle an encryption switch a kill
interrupted, open the database (an encrypted file with the key the account's slot holds),
upgrade it to the newest schema (a SQLite file is backed up first), log in (which on
PostgreSQL unwraps the field key with the same password). :func:`open_workspace` does all
four; the wizard, which has no account to log in with yet, and the CLI's ``db`` commands
take the first steps alone.

Where the database is comes from config.py (--db, RESCUEDESK_DB, the remembered choice,
the embedded file); a PostgreSQL password comes from the OS keyring, never from a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session

from rescuedesk.config import remembered_db_url, resolve_db_url
from rescuedesk.db import Database, upgrade_to_head
from rescuedesk.errors import ValidationError
from rescuedesk.security import secrets
from rescuedesk.services.office import accounts, vault
from rescuedesk.services.office.context import Actor

# A password given as it is, or asked for only when the database turns out to need one
# (the command line prompts on a terminal, and only then).
Password = str | Callable[[], str] | None
# Who acts on a database that has no account yet (the command line's first `user add`,
# demo data); None: a log-in is required, as in the GUI.
BeforeAccounts = Callable[[Session], Actor]

# What the caller shows the user as soon as it happens (the command line: on stderr), so
# that a refused log-in afterwards does not hide it.
Tell = Callable[[str], None]

NO_USER = "请用 --user 指定用户（或设置 RESCUEDESK_USER）。"


@dataclass
class Opened:
    """An open, upgraded database and who logged in to it (ui/ops.Workspace is built from it)."""

    db: Database
    actor: Actor
    backup: Path | None = None  # the copy made before the upgrade, if one was needed
    note: str | None = None  # an interrupted switch to encryption, settled: tell the user


def _password(password: Password) -> str | None:
    return password() if callable(password) else password


# ---------------------------------------------------------------- the server's password


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


def stored_password(url: str) -> str | None:
    try:
        return secrets.load(secret_name(url))
    except secrets.NoSecureKeyring:
        return None


def with_password(url: str, password: str | None) -> str:
    if not password:
        return url
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def needs_password(url: str) -> bool:
    u = make_url(url)
    return u.get_backend_name() == "postgresql" and not u.password


def with_stored_password(url: str) -> str:
    """A remembered server URL with the password the wizard put in the keyring; as it was
    when there is none (libpq may still find one: PGPASSWORD, ~/.pgpass)."""
    return with_password(url, stored_password(url)) if needs_password(url) else url


# ---------------------------------------------------------------- the steps


def resolve(explicit: str | None = None) -> str:
    """The database a command opens (config.resolve_db_url); a server the wizard remembered
    gets the password the wizard put in the keyring."""
    url = resolve_db_url(explicit)
    if needs_password(url) and url == remembered_db_url():
        return with_stored_password(url)
    return url


def open_database(
    url: str, user: str | None = None, password: Password = None, *, tell: Tell | None = None
) -> Opened:
    """Open ``url`` without upgrading it or logging in (``actor`` is the system's).

    An encrypted file (or a clear one that has accounts) is opened with ``user``'s password;
    anything else is opened as it is. The connection is tried at once, so that a server
    that does not answer says so here, in words.
    """
    try:
        note = vault.recover(url)
        if note and tell is not None:
            tell(f"注意：{note}")
        if vault.needs_credentials(url):
            db = vault.open_database(url, user, _password(password) if user else None)
        else:
            db = Database(url)
    except ArgumentError:
        raise ValidationError(f"无法识别的数据库地址：{url}", field="db") from None
    try:
        with db.engine.connect():
            pass
    except OperationalError as exc:
        db.dispose()
        detail = str(exc.orig).strip().splitlines()[0]
        raise ValidationError(f"无法连接数据库：{detail}", field="db") from None
    return Opened(db, Actor.system(), note=note)


def upgrade(workspace: Opened, *, tell: Tell | None = None) -> Path | None:
    """The one upgrade of this start (after a backup of a SQLite file)."""
    workspace.backup = upgrade_to_head(workspace.db)
    if workspace.backup is not None and tell is not None:
        tell(f"已在升级前备份数据库到 {workspace.backup}")
    return workspace.backup


def log_in(
    db: Database,
    user: str | None,
    password: Password,
    *,
    before_accounts: BeforeAccounts | None = None,
) -> Actor:
    """The password check (a refusal is recorded, then raised) and, on PostgreSQL, the
    field key unwrapped with the same password."""
    if before_accounts is not None:
        with db.write_session() as session:
            if not accounts.accounts_exist(session):
                return before_accounts(session)
        if not user:
            raise ValidationError(NO_USER, field="user")
    return vault.log_in(db, user or "", _password(password) or "")


def open_workspace(
    url: str,
    user: str | None,
    password: Password,
    *,
    before_accounts: BeforeAccounts | None = None,
    tell: Tell | None = None,
) -> Opened:
    """Open, upgrade once, log in: what every way into the program does."""
    workspace = open_database(url, user, password, tell=tell)
    try:
        upgrade(workspace, tell=tell)
        workspace.actor = log_in(workspace.db, user, password, before_accounts=before_accounts)
    except BaseException:
        workspace.db.dispose()
        raise
    return workspace
