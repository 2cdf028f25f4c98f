"""What the commands share: opening and logging in, progress on stderr, role checks."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rescuedesk.db import Database
from rescuedesk.errors import ValidationError
from rescuedesk.models.enums import Role
from rescuedesk.services.office.context import Actor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


EXIT_USAGE = 2


log = logging.getLogger("rescuedesk")


def _tell(text: str) -> None:
    print(f"rescuedesk: {text}", file=sys.stderr)


class _Progress:
    """A long command's progress on stderr, e.g. 导出中 120000/1000000（12%）: rewritten in
    place on a terminal; in a log (stderr not a tty) a line at every further tenth or every
    few seconds, so a script's log shows it moving without filling up."""

    EVERY = 5.0  # seconds between lines in a log

    def __init__(self, doing: str) -> None:
        self.doing = doing
        self.tty = sys.stderr.isatty()
        self.last = time.perf_counter()
        self.tenth = -1
        self.open = False

    def __call__(self, done: int, total: int) -> bool:
        if not total:  # nothing counted yet (a backup before its first step): no "0/0" line
            return True
        now = time.perf_counter()
        tenth = done * 10 // total
        if self.tty:
            if now - self.last >= 0.2 or done == total:
                print(f"\r{self._text(done, total)}", end="", file=sys.stderr, flush=True)
                self.open, self.last = True, now
        elif tenth != self.tenth or now - self.last >= self.EVERY:
            print(self._text(done, total), file=sys.stderr, flush=True)
            self.tenth, self.last = tenth, now
        return True

    def stage(self, name: str) -> None:
        """The next stage (progress.stage), e.g. 校验备份: its name on a line of its own, as it
        counts nothing; the lines after it, if it counts, are its own (校验备份中 3/10（30%）)."""
        self.close()
        self.doing = f"{name}中"
        self.tenth, self.last = -1, time.perf_counter()
        print(f"{self.doing}…", file=sys.stderr, flush=True)

    def _text(self, done: int, total: int) -> str:
        return f"{self.doing} {done}/{total}（{done * 100 // total}%）"

    def close(self) -> None:
        if self.open:
            print(file=sys.stderr)
            self.open = False


# The engines RescueDesk runs on; any other URL is refused before a driver is looked for.
_DRIVERS = {"sqlite": ("pysqlite",), "postgresql": ("psycopg",)}


def _creates_database(args: argparse.Namespace) -> bool:
    """The commands that may create a new database file: `db upgrade` (the documented way),
    the first account (`user add`, which then encrypts it), demo data, and a restore (which
    may well be into a new file)."""
    if args.command == "user":
        return args.user_command == "add"
    return (args.command == "db" and args.db_command == "upgrade") or args.command in (
        "demo-data",
        "restore",
    )


def _check_database(url: str, *, creates: bool) -> None:
    """Refuse a URL of an engine we do not run on, and a SQLite file that is missing (a typo
    would otherwise make a new, empty, unencrypted database) unless the command creates one."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from rescuedesk.db import sqlite_file

    try:
        u = make_url(url)
    except ArgumentError:
        raise ValidationError(f"无法识别的数据库地址：{url}", field="db") from None
    backend, driver = u.get_backend_name(), u.get_driver_name()
    if backend not in _DRIVERS or (u.drivername != backend and driver not in _DRIVERS[backend]):
        raise ValidationError(
            f"不支持这种数据库：{u.drivername}（--db 只接受 SQLite 文件路径，"
            "或 PostgreSQL：postgresql+psycopg://用户@主机/库名）。",
            field="db",
        )
    path = sqlite_file(url)
    if path is None:
        return
    if path.is_dir():
        raise ValidationError(f"数据库 {path} 是一个目录，不是数据库文件。", field="db")
    if not path.exists() and not creates:
        raise ValidationError(
            f"数据库文件 {path} 不存在：请检查 --db 的路径；要新建数据库，"
            f"请运行 rescuedesk --db {path} db upgrade。",
            field="db",
        )


def _user_name(args: argparse.Namespace) -> str | None:
    return args.user or os.environ.get("RESCUEDESK_USER")


def _password(args: argparse.Namespace) -> str:
    """RESCUEDESK_PASSWORD, else a prompt on a terminal; asked once per command."""
    cached = getattr(args, "_password", None)
    if cached is not None:
        return cached
    value = os.environ.get("RESCUEDESK_PASSWORD")
    if value is None:
        if not sys.stdin.isatty():
            raise ValidationError(
                "需要密码：请设置环境变量 RESCUEDESK_PASSWORD，或在终端中运行以输入密码。"
            )
        value = getpass.getpass("密码：")
    args._password = value
    return value


def _os_user(name: str | None) -> Callable[[Session], Actor]:
    """Who acts on a new database without accounts: the named user's record if any, else
    the OS user, named in the audit trail; once accounts exist a log-in is required."""
    from rescuedesk.services.office.context import actor_by_username

    def acting(session: Session) -> Actor:
        return actor_by_username(session, name) if name else Actor.system()

    return acting


def _login(db: Database, args: argparse.Namespace) -> Actor:
    """The acting user: a checked log-in once accounts exist, before that the OS user."""
    from rescuedesk.services import workspace

    name = _user_name(args)
    # A failed attempt is recorded, then refused; on PostgreSQL the data key is unwrapped.
    return workspace.log_in(db, name, lambda: _password(args), before_accounts=_os_user(name))


def _require(actor: Actor, *roles: Role, what: str) -> None:
    from rescuedesk.services.office.access import ensure_role

    ensure_role(actor, *roles, what=what)


def _audit_now(db: Database, actor: Actor, action: str, reason: str | None = None) -> None:
    from rescuedesk.services.office import audit

    with db.write_session() as session:
        audit.record(session, actor, action, "database", None, reason=reason)


def _minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60} 分 {whole % 60} 秒" if whole >= 60 else f"{whole} 秒"
