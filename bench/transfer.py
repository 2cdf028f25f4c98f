"""Transfer of a case with 200 records between units (issue #14).

1. In one database: the request (consent override) and the acceptance with a new
   caseworker, two transactions as the program runs them, for a case with 200 records.
   Baseline, in the same run on the same file: the same writes by hand in raw SQL (the
   transfer row inserted, the case's unit and caseworker updated, then the row marked
   accepted), with no checks and no audit.
2. Between two SQLite databases: the export of the encrypted package, its import into the
   receiving database and the acceptance there, against the same baseline.

Target: a transfer (request + accept) under 1 s. Part 1 runs on SQLite and on PostgreSQL
(RESCUEDESK_TEST_PG_URL, as ``make bench`` sets it), part 2 on SQLite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select, text

from bench import pg
from rescuedesk.db import Database, upgrade_to_head
from rescuedesk.models import Assistance, Case, FollowUpVisit, TracingAction, Unit, User
from rescuedesk.models.enums import AssistanceKind, Role, Stage, TracingKind
from rescuedesk.services.casefile import transfer_package, transfers
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office import directory
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import bulk

RECORDS = 200
CASES = 8
PACKAGE_PASSWORD = "基准-转移包的密码-2026"


def _actor(db: Database, unit_code: str, role: Role) -> Actor:
    with db.read_session() as s:
        user = s.scalar(
            select(User).join(Unit, Unit.id == User.unit_id)
            .where(Unit.code == unit_code, User.role == role).order_by(User.id).limit(1)
        )  # fmt: skip
        assert user is not None
        return Actor.for_user(user)


def _with_records(db: Database, case_ids: list[int]) -> None:
    """Each case gets 200 records: visits, tracing actions, assistance."""
    day = dt.date(2025, 1, 1)
    with db.write_session() as s:
        for case_id in case_ids:
            third = RECORDS // 3
            bulk.insert_rows(s, FollowUpVisit, [
                {"case_id": case_id, "planned_date": day + dt.timedelta(days=i),
                 "notes": f"回访记录 {i}"} for i in range(third)
            ])  # fmt: skip
            bulk.insert_rows(s, TracingAction, [
                {"case_id": case_id, "kind": TracingKind.DNA_SAMPLE,
                 "action_date": day + dt.timedelta(days=i), "description": f"寻亲 {i}"}
                for i in range(third)
            ])  # fmt: skip
            bulk.insert_rows(s, Assistance, [
                {"case_id": case_id, "kind": AssistanceKind.FOOD,
                 "start_date": day + dt.timedelta(days=i), "description": f"救助 {i}"}
                for i in range(RECORDS - 2 * third)
            ])  # fmt: skip


def _cases(db: Database, n: int) -> list[int]:
    with db.read_session() as s:
        return list(
            s.scalars(
                select(Case.id).join(Unit, Unit.id == Case.unit_id)
                .where(Unit.code == "HLJ-HRB", Case.stage != Stage.CLOSED)
                .order_by(Case.id).limit(n)
            )
        )  # fmt: skip


def _baseline(db: Database, case_id: int, to_unit: int, caseworker: int) -> float:
    start = time.perf_counter()
    with db.engine.begin() as conn:
        tid = conn.execute(
            text(
                "INSERT INTO case_transfer (case_id, case_number, from_unit_id, from_unit_name,"
                " to_unit_id, status, requested_at, requested_by_name, reason,"
                " consent_overridden) SELECT id, case_number, unit_id, 'x', :to, 'requested',"
                " CURRENT_TIMESTAMP, 'x', 'x', false FROM case_file WHERE id = :c RETURNING id"
            ),
            {"to": to_unit, "c": case_id},
        ).scalar_one()
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE case_file SET unit_id = :to, caseworker_id = :cw WHERE id = :c"),
            {"to": to_unit, "cw": caseworker, "c": case_id},
        )
        conn.execute(text("UPDATE case_transfer SET status = 'accepted' WHERE id = :t"), {"t": tid})
    return (time.perf_counter() - start) * 1000


def _report(name: str, figure: float, baseline: float) -> None:
    print(
        f"{name:<44} {figure:8.1f} ms   baseline {baseline:6.1f} ms   "
        f"ratio {figure / baseline:6.2f}x   target < 1000 ms",
        flush=True,
    )


def shared(db: Database, persons: int) -> tuple[Actor, int, int, float]:
    """Part 1 on ``db`` (migrated, empty); returns what part 2 needs: the sender, the
    receiving unit, a case with its records not yet moved, and the baseline."""
    print(f"# {db.engine.dialect.name}", flush=True)
    with db.write_session() as s:
        demo_data.generate(s, Actor.system("bench"), persons, seed=14)
    sender = _actor(db, "HLJ-HRB", Role.SUPERVISOR)
    receiver = _actor(db, "GS-LZ", Role.SUPERVISOR)
    new_worker = _actor(db, "GS-LZ", Role.CASEWORKER)
    with db.read_session() as s:
        lanzhou = s.scalar(select(Unit.id).where(Unit.code == "GS-LZ"))
    assert lanzhou is not None and new_worker.user_id is not None
    ids = _cases(db, 2 * CASES + 1)
    _with_records(db, ids)
    timed, base = [], []
    for case_id in ids[:CASES]:
        start = time.perf_counter()
        with db.write_session() as s:
            tid = transfers.request_transfer(
                s, sender, case_id, lanzhou, reason="返乡", override_reason="基准"
            ).id
        with db.write_session() as s:
            transfers.accept_transfer(s, receiver, tid, new_worker.user_id)
        timed.append((time.perf_counter() - start) * 1000)
    for case_id in ids[CASES : 2 * CASES]:
        base.append(_baseline(db, case_id, lanzhou, new_worker.user_id))
    baseline = statistics.median(base)
    _report(f"transfer, {RECORDS} records (request + accept)", statistics.median(timed),
            baseline)  # fmt: skip
    return sender, lanzhou, ids[2 * CASES], baseline


def between_files(
    tmp: Path, template: Path, db: Database, spare: tuple[Actor, int, int, float]
) -> None:
    """Part 2: export from ``db`` (SQLite), import into a second file, accept there."""
    sender, lanzhou, case_id, baseline = spare
    there_path = tmp / "lanzhou.sqlite3"
    shutil.copyfile(template, there_path)
    there = Database(f"sqlite:///{there_path}")
    system = Actor.system("bench")
    with there.write_session() as s:
        unit = directory.create_unit(s, system, {"code": "GS-LZ", "name": "兰州市民政局",
                                     "kind": "civil_affairs_bureau",
                                     "division_code": "620102"}).record  # fmt: skip
        lead = {"username": "lz_sup", "full_name": "王主管", "unit_id": unit.id,
                "role": Role.SUPERVISOR}  # fmt: skip
        worker = {"username": "lz_cw", "full_name": "李社工", "unit_id": unit.id,
                  "role": Role.CASEWORKER}  # fmt: skip
        sup = directory.create_user(s, system, lead).record
        cw = directory.create_user(s, system, worker).record
        there_sup, there_cw = Actor.for_user(sup), cw.id
    with db.write_session() as s:
        tid = transfers.request_transfer(
            s, sender, case_id, lanzhou, reason="返乡", override_reason="基准"
        ).id
    package = tmp / "case.rdtransfer"
    start = time.perf_counter()
    transfer_package.write_package(db, sender, tid, package, PACKAGE_PASSWORD)
    exported = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    with there.write_session() as s:
        waiting = transfer_package.import_package(s, there_sup, package, PACKAGE_PASSWORD).id
    with there.write_session() as s:
        transfers.accept_transfer(s, there_sup, waiting, there_cw)
    imported = (time.perf_counter() - start) * 1000
    _report(f"package export, {RECORDS} records", exported, baseline)
    _report(f"package import + accept, {RECORDS} records", imported, baseline)
    print(
        f"  (package {package.stat().st_size / 1024:.0f} KiB; the password's Argon2id "
        "derivation is part of both export and import)",
        flush=True,
    )
    there.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench transfer")
    parser.add_argument("--persons", type=int, default=120)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.engine in ("sqlite", "both"):
            template = Path(tmp) / "template.sqlite3"
            empty = Database(f"sqlite:///{template}")
            upgrade_to_head(empty)
            empty.dispose()
            here = Path(tmp) / "harbin.sqlite3"
            shutil.copyfile(template, here)
            db = Database(f"sqlite:///{here}")
            spare = shared(db, args.persons)
            between_files(Path(tmp), template, db, spare)
            db.dispose()
        if args.engine in ("postgresql", "both"):
            admin = pg.admin_url()
            if not admin:
                return 0 if args.engine == "both" else 2
            with pg.scratch_database(admin, f"rd_bench_transfer_{os.getpid()}") as (url, _):
                db = Database(url)
                upgrade_to_head(db)
                shared(db, args.persons)
                db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
