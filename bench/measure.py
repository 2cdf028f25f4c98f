"""What the benches that compare a service with its own SQL share (issue #16): timing runs,
the statements a call sends to the driver, their replay on a plain DB-API cursor (the raw
SQL baseline), and the process's memory."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event

from rescuedesk.db import Database
from rescuedesk.models.enums import Role
from rescuedesk.services.office import accounts, vault
from rescuedesk.services.office.context import Actor

REPEAT = 15


def times(fn: Callable[[], Any], repeat: int = REPEAT) -> list[float]:
    """Milliseconds of ``repeat`` calls after one warm-up (the statement's shape is built
    once, the place names resolved once)."""
    fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


@dataclass(frozen=True)
class Timing:
    median: float
    worst: float

    @classmethod
    def of(cls, samples: list[float]) -> Timing:
        return cls(statistics.median(samples), max(samples))


def sent_sql(db: Database, fn: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The SELECTs and their parameters ``fn`` sends to the driver (probes, counts, pages),
    and the planner settings it makes for its transaction (SET LOCAL on PostgreSQL): replayed
    without them, the same SELECTs were planned otherwise, and the raw SQL of a supervisor's
    home page looked slower than the page."""
    seen: list[tuple[str, Any]] = []

    def catch(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        head = statement.lstrip().upper()
        if head[:6] in ("SELECT", "WITH A") or head.startswith("SET LOCAL"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", catch)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", catch)
    return seen


def replay(raw: Any, statements: list[tuple[str, Any]]) -> Callable[[], list[Any]]:
    """A call that runs ``statements`` on the DB-API connection ``raw`` and returns the
    first column of every row of those that order their rows (a page, not a probe's count
    or the case list's glance at a text's groups): the same lookup without what the service
    adds around it."""

    def run() -> list[Any]:
        ids: list[Any] = []
        cur = raw.cursor()
        try:
            for sql, params in statements:
                cur.execute(sql, params)
                if cur.description is None:
                    continue
                rows = cur.fetchall()
                if "ORDER BY" in sql.upper():
                    ids += [r[0] for r in rows]
        finally:
            cur.close()
            raw.rollback()
        return ids

    return run


def memory() -> tuple[float, float]:
    """(resident, peak resident) MiB of this process, from /proc (no psutil)."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found.get("VmRSS", 0.0), found.get("VmHWM", 0.0)


def add_first_admin(db: Database, username: str, password: str) -> tuple[Database, Actor]:
    """The first account, an administrator, through vault (on SQLite it encrypts the file:
    SQLCipher), and that administrator authenticated: the Database to go on with, and her."""
    data = {"username": username, "full_name": "管理员", "role": Role.ADMIN}
    db, _ = vault.add_account(
        db, username, password, lambda s: accounts.create_account(s, None, data, password)
    )
    with db.write_session() as s:
        admin = accounts.authenticate(s, username, password).raise_if_refused()
    return db, admin
