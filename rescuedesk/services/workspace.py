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

A hot standby (docs/deployment.md) is read-only: it is never upgraded, and nobody logs in
to it alone, because a log-in and every read of a person's record write to the audit trail
(and a refused password counts towards a lock-out), which a standby cannot hold. Given the
primary as well (``primary``), reads go to the standby and writes, audit included, to the
primary: the chain stays one chain, on the server that replicates it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session

from rescuedesk.config import remembered_db_url, resolve_db_url
from rescuedesk.db import (
    Database,
    current_revision,
    head_revision,
    primary_of_standby,
    read_only_server,
    upgrade_to_head,
)
from rescuedesk.errors import DatabaseUnavailable, ReadOnlyDatabase, ValidationError
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
    read_only: bool = False  # a hot standby opened alone: it can be read, never written


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
    url: str,
    user: str | None = None,
    password: Password = None,
    *,
    tell: Tell | None = None,
    primary: str | None = None,
) -> Opened:
    """Open ``url`` without upgrading it or logging in (``actor`` is the system's).

    An encrypted file (or a clear one that has accounts) is opened with ``user``'s password;
    anything else is opened as it is. The connection is tried at once, so that a server
    that does not answer says so here, in words. A read-only standby is opened with its
    ``primary`` for the writes, or alone (``read_only``: only reads, no log-in).
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
    _try_connect(db)
    if not read_only_server(db.engine):
        if primary is not None and tell is not None:
            tell(
                "注意：--db 指向的服务器可以写入（不是热备，或已提升为主服务器），"
                "未使用 --primary。"
            )
        return Opened(db, Actor.system(), note=note)
    if primary is None:
        return Opened(db, Actor.system(), note=note, read_only=True)
    db.dispose()
    db = Database(primary, read_url=url)
    _try_connect(db)
    if read_only_server(db.engine):
        db.dispose()
        raise ReadOnlyDatabase(
            "--primary 指向的服务器也是只读的：请指定主服务器（可以写入的那一台）。"
        )
    return Opened(db, Actor.system(), note=note)


def _try_connect(db: Database) -> None:
    try:
        with db.engine.connect():
            pass
    except (OperationalError, DatabaseUnavailable) as exc:
        db.dispose()
        detail = exc.detail if isinstance(exc, DatabaseUnavailable) else str(exc.orig)
        detail = detail.strip().splitlines()[0] if detail.strip() else ""
        raise ValidationError(f"无法连接数据库：{detail}", field="db") from None


def _standby(db: Database) -> str:
    source = primary_of_standby(db.engine)
    return "此数据库是只读的热备服务器" + (f"（它从 {source} 复制）" if source else "")


def _standby_alone(db: Database) -> ReadOnlyDatabase:
    return ReadOnlyDatabase(
        f"{_standby(db)}，不能单独登录：登录和每次读取个人记录都要写入审计记录，热备不能写。"
        "请加 --primary 指定主服务器（读取在热备上进行，审计写入主服务器），或直接连接主服务器。"
    )


# How long an upgrade just made on the primary may take to reach its standby.
STANDBY_CATCH_UP_S = 10.0


def _standby_at_head(db: Database) -> None:
    """A standby behind the program's schema would read wrong columns: wait a moment for
    an upgrade just made on the primary to arrive, else say where to upgrade."""
    import time

    head = head_revision()
    deadline = time.monotonic() + STANDBY_CATCH_UP_S
    while (found := current_revision(db.read_engine)) != head:
        if time.monotonic() > deadline:
            raise ReadOnlyDatabase(
                f"热备服务器的数据库结构（{found or '空'}）与本程序（{head}）不一致，"
                "热备不能升级：请先在主服务器上运行 rescuedesk --db 主服务器 db upgrade，"
                "热备会随之更新。"
            )
        time.sleep(0.2)


def upgrade(workspace: Opened, *, tell: Tell | None = None) -> Path | None:
    """The one upgrade of this start (after a backup of a SQLite file); a standby is
    never upgraded, only checked."""
    if workspace.read_only:
        if current_revision(workspace.db.engine) != head_revision():
            raise ReadOnlyDatabase(
                f"{_standby(workspace.db)}，不能升级：请在主服务器上运行 "
                "rescuedesk --db 主服务器 db upgrade，热备会随之更新。"
            )
        return None
    workspace.backup = upgrade_to_head(workspace.db)
    if workspace.db.read_engine is not workspace.db.engine:
        _standby_at_head(workspace.db)
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
    primary: str | None = None,
) -> Opened:
    """Open, upgrade once, log in: what every way into the program does."""
    workspace = open_database(url, user, password, tell=tell, primary=primary)
    try:
        upgrade(workspace, tell=tell)
        if workspace.read_only:
            raise _standby_alone(workspace.db)
        workspace.actor = log_in(workspace.db, user, password, before_accounts=before_accounts)
    except BaseException:
        workspace.db.dispose()
        raise
    return workspace
