"""The long operations at N persons (issue #16): the de-identified export at k = 11, the
annual report, the ledger export, a backup and ``audit verify`` over the whole chain.

Builds N demo persons (demo_data.generate) in an encrypted SQLite file or a sealed PostgreSQL
database, logs in through vault.log_in as the roles that run each operation in the office (the
statistician for the export and the report, the supervisor of HLJ-HRB for the ledger, the
administrator for the backup and the audit), and runs each through its service function, as
the CLI does. For each it prints seconds, the peak resident memory during the operation, a
baseline measured in the same run (the raw SQL reading the same rows through a DB-API cursor,
or a plain copy of the file), and the operation's budget at 1,000,000 persons
(BUDGETS below).

    python -m bench long_ops --persons 100000 [--engine sqlite|postgresql]
        [--sqlite-file F | --pg-database NAME]   # kept between runs, built when missing
    python -m bench long_ops --persons 1000000 --scale DIR   # scale --keep DIR's databases
        [--pg-database NAME]   # on PostgreSQL, a copy of scale's (createdb -T ...)
        [--only annual_report ...]   # some of the operations alone
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bench import pg
from rescuedesk.db import Database, upgrade_to_head
from rescuedesk.errors import DomainError
from rescuedesk.models import AuditEvent, Case
from rescuedesk.models.enums import Role
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office import accounts, vault
from rescuedesk.services.office.context import Actor

ADMIN = "lo_admin"
STATISTICIAN = "lo_stat"
SUPERVISOR = "hljhrb_sup"  # the demo supervisor of HLJ-HRB
PASSWORD = "长操作-性能测试-2026"


@dataclass(frozen=True)
class Accounts:
    """Who runs the operations, and their password: long_ops' own database's, or (--scale)
    the accounts of bench/scale.py's kept database, with a statistician added to it."""

    admin: str = ADMIN
    statistician: str = STATISTICIAN
    supervisor: str = SUPERVISOR
    password: str = PASSWORD


OWN = Accounts()

# Seconds each operation may take at SCALE persons on this class of machine (2 cores), as the
# role that runs it. The export (60 s) and the annual report (30 s) are issue #16's. The others:
# - ledger export, 120 s: the supervisor of HLJ-HRB reaches a quarter of the cases (250,000 at
#   1,000,000), a file handed over monthly; two minutes with a progress bar is a wait one
#   accepts for that, ten is a wait one abandons.
# - backup, 120 s: a 3 GB encrypted file read, re-encrypted page by page and checked twice
#   (integrity and page HMACs); a plain copy of the file takes ~20 s here, and the daily
#   backup runs while someone waits to close the program.
# - audit verify, 120 s: one SHA-256 link per event over 1,000,000 events (one per person;
#   --events-per-person): an auditor's check, run at a desk, like the ledger.
SCALE = 1_000_000
BUDGETS = {
    "export": 60.0,
    "annual_report": 30.0,
    "ledger_export": 120.0,
    "backup": 120.0,
    "audit_verify": 120.0,
}


def _peak_reset() -> None:
    """Start a new peak of resident memory (Linux: 5 > clear_refs resets VmHWM)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def build(url: str, persons: int) -> Database:
    """N demo persons, then the administrator (who encrypts the SQLite file or seals the
    PostgreSQL database), a statistician and the demo accounts with a password."""
    db = Database(url)
    upgrade_to_head(db)
    start = time.perf_counter()
    last = [start]

    def progress(done: int, total: int) -> bool:
        if time.perf_counter() - last[0] > 30 or done == total:
            last[0] = time.perf_counter()
            print(f"  demo data {done}/{total}  {last[0] - start:.0f} s", flush=True)
        return True

    with db.write_session() as s:
        demo_data.generate(s, Actor.system("bench"), persons, seed=2026, progress=progress)
    admin_data = {"username": ADMIN, "full_name": "管理员", "role": Role.ADMIN}
    db, _ = vault.add_account(
        db, ADMIN, PASSWORD, lambda s: accounts.create_account(s, None, admin_data, PASSWORD)
    )
    admin = vault.log_in(db, ADMIN, PASSWORD)
    stat_data = {"username": STATISTICIAN, "full_name": "统计员", "role": Role.STATISTICIAN}
    db, _ = vault.add_account(
        db,
        STATISTICIAN,
        PASSWORD,
        lambda s: accounts.create_account(s, admin, stat_data, PASSWORD),
    )
    with db.write_session() as s:
        found = demo_data.enable_demo_accounts(s, admin, PASSWORD)
    for account in found:
        vault.rewrap(db, account.username, PASSWORD)
    if not db.is_sqlite:
        with db.engine.connect() as conn:  # sealing rewrote every row
            conn.execute(text("ANALYZE"))
            conn.commit()
    print(f"# built in {time.perf_counter() - start:.0f} s (load {_load()})", flush=True)
    return db


def add_audit_events(db: Database, wanted: int, who: Accounts = OWN) -> None:
    """Grow the audit chain to ``wanted`` events, as years of an office's work would (demo
    data writes one event per batch, not one per action): events sealed one by one through
    audit.record, in transactions of BATCH."""
    from rescuedesk.services.office import audit

    with db.read_session() as s:
        have = s.scalar(select(func.count(AuditEvent.id))) or 0
    if have >= wanted:
        return
    actor = vault.log_in(db, who.admin, who.password)
    start = time.perf_counter()
    for first in range(have, wanted, BATCH):
        with db.write_session() as s:
            for i in range(first, min(first + BATCH, wanted)):
                audit.record(s, actor, "view", "case_file", i % 1000 + 1, changes={"i": i})
    print(f"# {wanted - have} audit events added in {time.perf_counter() - start:.0f} s")


BATCH = 10_000


def _open(url: str, who: Accounts = OWN) -> Database:
    return vault.open_database(url, who.admin, who.password)


def with_statistician(db: Database, who: Accounts) -> Database:
    """Add the statistician to a database that has none (scale's), through vault."""
    try:
        vault.log_in(db, who.statistician, who.password)
        return db
    except DomainError:
        pass
    admin = vault.log_in(db, who.admin, who.password)
    data = {"username": who.statistician, "full_name": "统计员", "role": Role.STATISTICIAN}
    db, _ = vault.add_account(
        db,
        who.statistician,
        who.password,
        lambda s: accounts.create_account(s, admin, data, who.password),
    )
    return db


def _raw(db: Database, sql: str, params: tuple[Any, ...] = ()) -> Callable[[], int]:
    def run() -> int:
        raw = db.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute(sql, params)
            n = 0
            while rows := cur.fetchmany(10_000):
                n += len(rows)
            cur.close()
            raw.rollback()
            return n
        finally:
            raw.close()

    return run


def _measure(what: Callable[[], Any]) -> tuple[float, float, Any]:
    _peak_reset()
    start = time.perf_counter()
    result = what()
    return time.perf_counter() - start, _peak_mb(), result


def run_ops(
    db: Database,
    url: str,
    persons: int,
    out: Path,
    who: Accounts = OWN,
    only: frozenset[str] | None = None,
) -> None:
    from rescuedesk.security import audit_chain, audit_head
    from rescuedesk.services.ledger.ledger_export import export_ledger
    from rescuedesk.services.reports.annual_report_file import report_to_file
    from rescuedesk.services.reports.exports import export_to_file, plan_export
    from rescuedesk.services.storage.backup import backup

    admin = vault.log_in(db, who.admin, who.password)
    stat = vault.log_in(db, who.statistician, who.password)
    try:
        sup = vault.log_in(db, who.supervisor, who.password)
    except DomainError:  # a database built before the demo accounts had a password
        with db.write_session() as s:
            demo_data.enable_demo_accounts(s, admin, who.password)
        vault.rewrap(db, who.supervisor, who.password)
        sup = vault.log_in(db, who.supervisor, who.password)
    with db.read_session() as s:
        cases = s.scalar(select(func.count(Case.id))) or 0
        events = s.scalar(select(func.count(AuditEvent.id))) or 0
        year = s.execute(
            select(Case.year, func.count()).group_by(Case.year).order_by(func.count().desc())
        ).first()[0]
        sup_cases = s.scalar(select(func.count(Case.id)).where(Case.unit_id == sup.unit_id))
    scale = SCALE / max(persons, 1)
    print(
        f"# {make_url(url).get_backend_name()}: {persons} persons, {cases} cases, "
        f"{events} audit events; the supervisor's unit {sup_cases} cases; report year {year}",
        flush=True,
    )
    print(f"{'operation':<44}{'s':>9}{'peak MB':>9}{'raw s':>8}{'ratio':>7}"
          f"{'s at 1M':>9}{'budget':>8}  load")  # fmt: skip
    mark = "?" if db.is_sqlite else "%s"
    ops: list[tuple[str, str, Callable[[], Any], Callable[[], Any] | None]] = []

    def export() -> Any:
        with db.read_session() as s:
            plan = plan_export(s, stat, k=11, recipient="bench", passphrase="bench-口令")
        return export_to_file(db, stat, plan, out / "export.csv", purpose="bench")

    ops.append(
        (
            "export",
            "de-identified export k=11 (statistician)",
            export,
            _raw(
                db,
                "SELECT c.id, p.id, p.sex, p.birth_date, p.nationality, p.ethnicity, "
                "p.household_registration_code, c.rescue_date, c.intake_date, c.stage "
                "FROM case_file c JOIN person p ON p.id = c.person_id "
                "WHERE p.merged_into_id IS NULL ORDER BY c.id",
            ),
        )
    )
    ops.append(
        (
            "annual_report",
            f"annual report {year} (statistician)",
            lambda: report_to_file(db, stat, year, out / "annual.pdf"),
            _raw(
                db,
                "SELECT c.*, p.* FROM case_file c JOIN person p ON p.id = c.person_id "
                f"WHERE c.intake_date BETWEEN {mark} AND {mark} ORDER BY c.intake_date, c.id",
                (f"{year}-01-01", f"{year}-12-31"),
            ),
        )
    )

    def ledger() -> Any:
        with db.write_session() as s:
            return export_ledger(s, sup, out / "ledger.xlsx")

    ops.append(
        (
            "ledger_export",
            "ledger export (HLJ-HRB supervisor)",
            ledger,
            _raw(
                db,
                "SELECT c.*, p.* FROM case_file c JOIN person p ON p.id = c.person_id "
                f"WHERE c.unit_id = {mark} ORDER BY c.case_number",
                (sup.unit_id,),
            ),
        )
    )
    path = make_url(url).database if db.is_sqlite else None
    ops.append(
        (
            "backup",
            "backup (administrator)",
            lambda: (
                backup(db.url, out / "backup.sqlite3", db.key)
                if db.is_sqlite
                else backup(db.url, out / "backup.dump")
            ),
            (lambda: shutil.copyfile(str(path), out / "plain-copy")) if path else None,
        )
    )

    def verify() -> Any:
        with db.read_session() as s:
            report = audit_chain.verify_database(s)
            head = audit_head.check(s)
        assert report.intact and head.intact, (report, head.problems)
        return report

    ops.append(
        (
            "audit_verify",
            "audit verify, whole chain (administrator)",
            verify,
            _raw(db, "SELECT * FROM audit_event ORDER BY id"),
        )
    )
    del admin
    for key, label, ours, theirs in ops:
        if only is not None and key not in only:
            continue
        seconds, peak, _ = _measure(ours)
        raw = _measure(theirs)[0] if theirs is not None else None
        ratio = f"{seconds / raw:6.1f}x" if raw else "     -"
        raw_text = f"{raw:8.2f}" if raw is not None else "       -"
        print(
            f"{label:<44}{seconds:9.2f}{peak:9.0f}{raw_text}{ratio}"
            f"{seconds * scale:9.1f}{BUDGETS[key]:7.0f}s  {_load()}",
            flush=True,
        )


def run_engine(
    url: str,
    persons: int,
    *,
    reuse: bool,
    events: int,
    who: Accounts = OWN,
    only: frozenset[str] | None = None,
) -> None:
    if who is OWN:
        db = _open(url) if reuse else build(url, persons)
    else:
        db = with_statistician(_open(url, who), who)
    add_audit_events(db, events, who)
    with tempfile.TemporaryDirectory() as out:
        run_ops(db, url, persons, Path(out), who, only)
    db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench long_ops")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--sqlite-file", type=Path)
    # With --scale: a copy of scale's database (createdb -T rd_bench_scale_N NAME), so a
    # change that writes to it leaves the shared one as it was.
    parser.add_argument("--pg-database")
    # Some operations alone (a change to one of them measured without the others' minutes).
    parser.add_argument("--only", nargs="+", choices=sorted(BUDGETS), metavar="OPERATION")
    # The audit chain's length per person: an office's trail, not demo data's few events.
    parser.add_argument("--events-per-person", type=float, default=1.0)
    # bench/scale.py's kept databases (scale --keep DIR): no second build of N persons.
    parser.add_argument("--scale", type=Path, metavar="DIR", help="use scale's kept databases")
    args = parser.parse_args(argv)
    events = int(args.persons * args.events_per_person)
    only = frozenset(args.only) if args.only else None
    if args.scale is not None:
        return from_scale(args.scale, args.persons, args.engine, events, args.pg_database, only)
    with tempfile.TemporaryDirectory() as tmp:
        if args.engine in ("sqlite", "both"):
            path = args.sqlite_file or Path(tmp) / "long_ops.sqlite3"
            run_engine(
                f"sqlite:///{path}", args.persons, reuse=path.exists(), events=events, only=only
            )
        if args.engine in ("postgresql", "both"):
            admin = pg.admin_url()
            if not admin:
                return 0 if args.engine == "both" else 2
            name = args.pg_database or f"rd_bench_long_ops_{os.getpid()}"
            with pg.scratch_database(admin, name, keep=bool(args.pg_database)) as (url, existed):
                run_engine(url, args.persons, reuse=existed, events=events, only=only)
    return 0


def from_scale(
    keep: Path,
    persons: int,
    engine: str,
    events: int,
    pg_database: str | None = None,
    only: frozenset[str] | None = None,
) -> int:
    """Run the operations on the databases ``scale --persons N --keep DIR`` built (on
    PostgreSQL, ``pg_database`` when given: a copy of scale's)."""
    from bench import scale

    who = Accounts("scale_admin", "scale_stat", "scale_sup", scale.PASSWORD)
    if engine in ("sqlite", "both"):
        path = keep / f"scale-{persons}.sqlite3"
        if not path.exists():
            raise SystemExit(f"{path}: not built; run: python -m bench scale --keep {keep}")
        run_engine(f"sqlite:///{path}", persons, reuse=True, events=events, who=who, only=only)
    if engine in ("postgresql", "both"):
        admin = pg.admin_url()
        if not admin:
            return 0 if engine == "both" else 2
        name = pg_database or f"rd_bench_scale_{persons}"
        with pg.scratch_database(admin, name, keep=True) as (url, existed):
            if not existed:
                raise SystemExit(f"{name}: not built; run: python -m bench scale --keep {keep}")
            run_engine(url, persons, reuse=True, events=events, who=who, only=only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
