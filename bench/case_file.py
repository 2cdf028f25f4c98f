"""Benchmarks of the case file at 100,000 persons (issue #2).

1. Generating N persons with ``demo-data`` vs. a baseline: plain DB-API executemany of the
   same person and case rows (no Faker, no rules) into an empty copy of the schema.
2. First page of the case list vs. the same query hand-written in raw SQL on the same file.
3. Search by name, pinyin initials, case number and ID number vs. the natural hand-written
   SQL for that one column. On PostgreSQL the names are encrypted (docs/security.md): the
   database is sealed first (its time is reported), search goes through blind tokens, and
   the hand-written baseline is the same token lookup; sorting by name happens in memory.

Targets: generation < 120 s; each page/search < 50 ms and within 2x of raw SQL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import make_url

from bench import pg
from rescuedesk.db import Database, upgrade_to_head
from rescuedesk.models import Case, Person
from rescuedesk.models.enums import Stage
from rescuedesk.services.casefile.case_queries import (
    NAME_SORT_MAX,
    CaseFilter,
    count_cases,
    list_cases,
)
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people.search_tokens import search_params

PAGE = 50
REPEAT = 30
SELECT = (
    "SELECT c.id, c.case_number, c.stage, c.person_id, p.real_name, p.alias, p.sex, "
    "c.intake_date, u.full_name, c.unit_id FROM case_file c "
    "JOIN person p ON p.id = c.person_id LEFT JOIN app_user u ON u.id = c.caseworker_id "
)
ORDER = " ORDER BY c.intake_date DESC, c.id DESC LIMIT 50"


def timed(fn: Callable[[], Any], repeat: int = REPEAT) -> float:
    """Median wall time in milliseconds after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def report(
    name: str, figure: float, baseline: float, unit: str, target: str, extra: str = ""
) -> None:
    ratio = figure / baseline if baseline else float("inf")
    print(
        f"{name:<34} {figure:9.2f} {unit:<3} baseline {baseline:9.2f} {unit:<3} "
        f"ratio {ratio:6.2f}x  {extra}target {target}",
        flush=True,
    )


def bench_generation(db: Database, persons: int) -> None:
    actor = Actor.system("bench")
    start = time.perf_counter()
    with db.write_session() as s:
        demo_data.generate(s, actor, persons, seed=2026)
    generated = time.perf_counter() - start
    baseline = raw_insert_baseline(db, persons)
    report(f"generate {persons} persons", generated, baseline, "s", "< 120 s")


def raw_insert_baseline(db: Database, persons: int) -> float:
    """Copy the person and case rows just generated into an empty schema with executemany."""
    with db.engine.connect() as conn:
        people = conn.exec_driver_sql(
            "SELECT real_name, alias, sex, birth_date, id_number, nationality, "
            "CAST(languages AS TEXT), "
            "identity_known, has_disability, version, created_at, updated_at FROM person"
        ).all()
        case_rows = conn.exec_driver_sql(
            "SELECT case_number, year, serial, person_id, unit_id, intake_channel, intake_date, "
            "stage, version, created_at, updated_at FROM case_file"
        ).all()
    target = make_url(db.url)
    with tempfile.TemporaryDirectory() as tmp:
        if target.get_backend_name() == "sqlite":
            url = f"sqlite:///{Path(tmp) / 'baseline.sqlite3'}"
            other = Database(url)
            upgrade_to_head(other)
            engine = other.engine
        else:
            other = None
            engine = db.engine
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            mark = "?" if target.get_backend_name() == "sqlite" else "%s"
            if other is None:
                cur.execute("CREATE TEMP TABLE person_copy (LIKE person INCLUDING ALL)")
                cur.execute("CREATE TEMP TABLE case_copy (LIKE case_file INCLUDING DEFAULTS)")
                ptable, ctable = "person_copy", "case_copy"
            else:
                ptable, ctable = "person", "case_file"
            start = time.perf_counter()
            if other is not None:
                cur.execute("PRAGMA foreign_keys=OFF")  # units and users are not copied
                cur.execute("BEGIN IMMEDIATE")
            cur.executemany(
                f"INSERT INTO {ptable} (real_name, alias, sex, birth_date, id_number, "
                "nationality, languages, identity_known, has_disability, version, created_at, "
                f"updated_at) VALUES ({', '.join([mark] * 6)}, CAST({mark} AS JSON), "
                f"{', '.join([mark] * 5)})",
                [tuple(r) for r in people],
            )
            cur.executemany(
                f"INSERT INTO {ctable} (case_number, year, serial, person_id, unit_id, "
                "intake_channel, intake_date, stage, version, created_at, updated_at) "
                f"VALUES ({', '.join([mark] * 11)})",
                [tuple(r) for r in case_rows],
            )
            raw.commit()
            elapsed = time.perf_counter() - start
        finally:
            raw.close()
        if other is not None:
            other.dispose()
    return elapsed


def seal(db: Database) -> None:
    """Give the PostgreSQL database its first account, which seals every value."""
    from rescuedesk.services.office import accounts, vault

    password = "性能-管理员-2026"
    with db.write_session() as s:
        accounts.create_account(
            s, None, {"username": "bench", "full_name": "bench", "role": "admin"}, password
        )
    start = time.perf_counter()
    vault.protect_new_account(db, "bench", password)
    report("seal the database (first account)", time.perf_counter() - start, 0, "s", "-")


def bench_queries(db: Database) -> None:
    actor = Actor.system("bench")
    sqlite = db.is_sqlite
    mark = "?" if sqlite else "%s"
    with db.read_session() as s:  # through the column types: decrypted on PostgreSQL
        sample = s.execute(
            select(Person.real_name, Person.name_initials, Case.case_number, Person.id_number)
            .join(Person, Person.id == Case.person_id)
            .where(Person.id_number.is_not(None))
            .order_by(Case.id)
            .limit(1)
            .offset(1000)
        ).one()
        tokens = None if sqlite else lambda text: search_params(s, text)["tokens"]
        name, initials, number, id_number = sample
    raw = db.engine.raw_connection()

    def raw_query(sql: str, params: tuple[Any, ...]) -> Callable[[], Any]:
        def run() -> Any:
            cur = raw.cursor()
            cur.execute(sql, params)
            rows = cur.fetchall()
            cur.close()
            return rows

        return run

    def service(f: CaseFilter) -> Callable[[], Any]:
        def run() -> Any:
            with db.read_session() as s:
                return list_cases(s, actor, f, limit=PAGE, audit_read=False).rows

        return run

    # The same call inside one open read session: what the query itself costs, without the
    # fixed price of a transaction (BEGIN/COMMIT, pool checkout) that every user action pays.
    session_cm = db.read_session()
    open_session = session_cm.__enter__()

    def in_session(f: CaseFilter) -> Callable[[], Any]:
        def run() -> Any:
            return list_cases(open_session, actor, f, limit=PAGE, audit_read=False).rows

        return run

    def prefix(col: str) -> str:
        return f"WHERE {col} >= {mark} AND {col} < {mark}"

    def by_name(col: str, typed: str) -> tuple[str, tuple[Any, ...]]:
        if tokens is None:
            return SELECT + prefix(col) + ORDER, (typed, typed + "\uffff")
        # PostgreSQL: the hand-written form of a blind-token lookup.
        found = "SELECT person_id FROM person_search_token WHERE token = ANY(%s)"
        return SELECT + f"WHERE p.id IN ({found})" + ORDER, (tokens(typed),)

    cases = [
        ("first page of the case list", CaseFilter(), SELECT + ORDER, ()),
        (f"search name {name[:2]}", CaseFilter(search=name[:2]), *by_name("p.real_name", name[:2])),
        (
            f"search initials {initials}",
            CaseFilter(search=initials),
            *by_name("p.name_initials", initials),
        ),
        (
            f"search case number {number}",
            CaseFilter(search=number),
            SELECT + prefix("c.case_number") + ORDER,
            (number, number + "\uffff"),
        ),
        (
            "search ID number (full)",
            CaseFilter(search=id_number),
            *(
                (SELECT + f"WHERE p.id_number = {mark}" + ORDER, (id_number,))
                if tokens is None
                else by_name("p.id_number", id_number)
            ),
        ),
    ]
    try:
        for label, f, sql, params in cases:
            ours = service(f)
            theirs = raw_query(sql, params)
            assert len(ours()) == len(theirs()), label
            raw_ms = timed(theirs)
            query_ms = timed(in_session(f))
            report(
                label,
                timed(ours),
                raw_ms,
                "ms",
                "< 50 ms, <= 2x",
                extra=f"(query alone {query_ms:6.2f} ms = {query_ms / raw_ms:5.2f}x)  ",
            )
        if not sqlite:
            bench_name_sort(db, actor)
    finally:
        session_cm.__exit__(None, None, None)
        raw.close()


def bench_name_sort(db: Database, actor: Actor) -> None:
    """Sorting by an encrypted name: decrypt every case the filter lets through, in memory."""
    f = CaseFilter(stages=(Stage.CLOSED,))
    with db.read_session() as s:
        n = count_cases(s, actor, f)
        if n > NAME_SORT_MAX:
            print(f"sort by name: {n} closed cases, more than {NAME_SORT_MAX}: refused")
            return

    def by(sort: str) -> Callable[[], Any]:
        def run() -> Any:
            with db.read_session() as s:
                return list_cases(s, actor, f, sort=sort, limit=PAGE, audit_read=False).rows

        return run

    report(
        f"sort {n} closed cases by name", timed(by("name"), 5), timed(by("case_number"), 5), "ms",
        "-", extra="(baseline: by case number)  ",
    )  # fmt: skip


def run_engine(url: str, persons: int) -> None:
    print(f"# {make_url(url).get_backend_name()}: {persons} persons", flush=True)
    db = Database(url)
    upgrade_to_head(db)
    bench_generation(db, persons)
    if not db.is_sqlite:
        seal(db)
    bench_queries(db)
    db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.engine in ("sqlite", "both"):
            run_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.persons)
        if args.engine in ("postgresql", "both"):
            admin = pg.admin_url()
            if not admin:
                return 0 if args.engine == "both" else 2
            with pg.scratch_database(admin, f"rd_bench_{os.getpid()}") as (url, _):
                run_engine(url, args.persons)
    return 0


if __name__ == "__main__":
    sys.exit(main())
