"""Home-page tasks (issue #14): the supervisor of a unit with a quarter of 100,000 cases,
logged in as that supervisor (not a system actor), vs. the raw SQL of the same queries.

The baseline replays, through a plain DB-API cursor, exactly the statements and parameters
that one ``tasks.compute`` sent (captured from the engine); the ratio is what the service
adds around them: building the statements, decrypting names on PostgreSQL, the tasks.

Target: under 100 ms on both engines.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select, text
from sqlalchemy.engine import make_url

from bench import pg
from bench.case_file import report, seal, timed
from rescuedesk.db import Database, upgrade_to_head
from rescuedesk.errors import DomainError
from rescuedesk.models import Case, Unit
from rescuedesk.models.enums import Role
from rescuedesk.services.casefile import tasks
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office import vault
from rescuedesk.services.office.context import Actor

SUPERVISOR = "hljhrb_sup"
PASSWORD = "主管-性能测试-2026"
ADMIN_PASSWORD = "性能-管理员-2026"  # bench.case_file.seal's


def log_in_supervisor(db: Database) -> Actor:
    """The Harbin supervisor, logged in with a password as at the log-in dialog (which
    also unlocks the sealed names on PostgreSQL); the demo accounts get it the first time."""
    try:
        return vault.log_in(db, SUPERVISOR, PASSWORD)
    except DomainError:
        if not db.is_sqlite:
            vault.log_in(db, "bench", ADMIN_PASSWORD)  # the data key, to give a key slot
        with db.write_session() as s:
            demo_data.enable_demo_accounts(s, Actor.system("bench"), PASSWORD)
        return vault.log_in(db, SUPERVISOR, PASSWORD)


def bench_tasks(db: Database) -> None:
    actor = log_in_supervisor(db)
    assert actor.role == Role.SUPERVISOR and not actor.is_system
    with db.read_session() as s:
        unit_cases = s.scalar(select(func.count(Case.id)).where(Case.unit_id == actor.unit_id))
        all_cases = s.scalar(select(func.count(Case.id)))
        unit = s.scalar(select(Unit.name).where(Unit.id == actor.unit_id))
    print(f"# {SUPERVISOR} ({unit}): {unit_cases} of {all_cases} cases", flush=True)

    def ours() -> tasks.Tasks:
        with db.read_session() as s:
            return tasks.compute(s, actor)

    statements: list[tuple[str, Any]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    ours()  # warm-up: statement caches
    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        found = ours()
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    kinds = Counter(t.kind for t in found.items)
    print(
        f"# {len(found.items)} tasks: "
        + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        + (f"; more than {tasks.LIMIT}: {', '.join(found.more)}" if found.more else ""),
        flush=True,
    )
    raw = db.engine.raw_connection()

    def theirs() -> None:
        cur = raw.cursor()
        for statement, parameters in statements:
            cur.execute(statement, parameters)
            if cur.description is not None:  # not the SET of PostgreSQL
                cur.fetchall()
        cur.close()
        raw.rollback()

    try:
        report(
            f"home-page tasks ({len(statements)} queries)",
            timed(ours),
            timed(theirs),
            "ms",
            "< 100 ms",
        )
    finally:
        raw.close()


def run_engine(url: str, persons: int, *, reuse: bool = False) -> None:
    print(f"# {make_url(url).get_backend_name()}: {persons} persons", flush=True)
    db = Database(url)
    upgrade_to_head(db)
    if not reuse:
        with db.write_session() as s:
            demo_data.generate(s, Actor.system("bench"), persons, seed=2026)
    if not db.is_sqlite and not reuse:
        seal(db)
        # Sealing rewrote every row: fresh statistics, as autovacuum would soon make them.
        with db.engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()
    bench_tasks(db)
    db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench tasks")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    # A SQLite file kept between runs (generated when missing): for tuning the queries.
    parser.add_argument("--sqlite-file", type=Path)
    # A PostgreSQL database kept between runs (made when missing), likewise.
    parser.add_argument("--pg-database")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.engine in ("sqlite", "both"):
            path = args.sqlite_file or Path(tmp) / "tasks.sqlite3"
            run_engine(f"sqlite:///{path}", args.persons, reuse=path.exists())
        if args.engine in ("postgresql", "both"):
            admin = pg.admin_url()
            if not admin:
                return 0 if args.engine == "both" else 2
            name = args.pg_database or f"rd_bench_tasks_{os.getpid()}"
            keep = bool(args.pg_database)
            with pg.scratch_database(admin, name, keep=keep) as (url, existed):
                run_engine(url, args.persons, reuse=existed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
