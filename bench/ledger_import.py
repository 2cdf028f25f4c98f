"""Benchmark of the ledger import (issue #5): a generated 10,000-row XLSX ledger.

1. Dry run and real import, each vs. a baseline measured in the same run: reading the same
   file with openpyxl alone (read-only, every cell), the least any import must pay.
2. Memory: tracemalloc peak of a dry run of 1,000 rows and of 10,000 rows, and the same
   minus the peak of openpyxl reading the file alone (its read-only mode streams rows but
   loads the shared-strings table whole). The import streams the file and writes each row
   away, so what it adds should not grow with the file.

Targets: dry run and import < 10 s each; what the import adds at 10,000 rows within 1.5x of
what it adds at 1,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from faker import Faker
from sqlalchemy.engine import make_url

from bench import pg
from bench.case_file import report
from rescuedesk.db import Database, upgrade_to_head
from rescuedesk.ledger.mapping import propose
from rescuedesk.ledger.reader import read_rows
from rescuedesk.models.enums import Role, Sex
from rescuedesk.reference import divisions
from rescuedesk.services.ledger.ledger_file import import_sheet
from rescuedesk.services.ledger.ledger_import import ImportResult
from rescuedesk.services.office import directory
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people.identity import make_id_number
from tests.factories import new_unit

HEADER = ["序号", "姓名", "性别", "公民身份号码", "出生日期", "民族", "户籍地", "解救日期"]
HEADER += ["解救地点", "移交单位", "接收日期"]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def write_ledger(path: Path, rows: int, seed: int = 5) -> None:
    """A ledger as units keep them: mixed date formats, full-width digits, names of places."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    counties = [c for c in divisions.county_codes() if c.startswith("23")]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(HEADER)
    for n in range(rows):
        female = rng.random() < 0.8
        sex = Sex.FEMALE if female else Sex.MALE
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 60 * 365))
        county = rng.choice(counties)
        number = make_id_number(county, birth, n % 500, sex)  # unique by (county, birth, n)
        rescued = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 6 * 365))
        name = fake.last_name() + (fake.first_name_female() if female else fake.first_name_male())
        sheet.append(
            [
                n + 1,
                name,
                "女" if female else "男",
                number.translate(FULL_WIDTH) if n % 7 == 0 else number,
                f"{birth.year}年{birth.month}月{birth.day}日" if n % 3 == 0 else None,
                rng.choice(("汉族", "汉", "回族", "满族", "朝鲜族")),
                county,
                [rescued.strftime("%Y.%m.%d"), rescued.strftime("%Y%m%d"), rescued][n % 3],
                fake.city_name() + "某镇",
                rng.choice(("哈尔滨市公安局", "齐齐哈尔市公安局", "")),
                (rescued + dt.timedelta(days=1)).strftime("%Y/%m/%d"),
            ]
        )
    book.save(path)


def read_baseline(path: Path) -> float:
    """Seconds to read every cell of the file with openpyxl alone."""
    from openpyxl import load_workbook

    start = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    cells = sum(len(row) for row in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert cells
    return time.perf_counter() - start


def _caseworker(db: Database) -> Actor:
    system = Actor.system("bench")
    with db.write_session() as s:
        unit = new_unit(s, system)
        user = directory.create_user(
            s,
            system,
            {"username": "cw", "full_name": "社工", "unit_id": unit.id, "role": Role.CASEWORKER},
        ).record
        return Actor.for_user(user)


def _import(db: Database, actor: Actor, path: Path, dry_run: bool) -> ImportResult:
    headers, rows = read_rows(path)
    with db.write_session() as s:
        return import_sheet(s, actor, rows, propose(headers), source=path, dry_run=dry_run)


def timed_once(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def peak_mib(fn: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def run_engine(url: str, big: Path, small: Path, rows: int, small_rows: int) -> None:
    print(f"# {make_url(url).get_backend_name()}: import of a {rows}-row XLSX ledger", flush=True)
    db = Database(url)
    upgrade_to_head(db)
    actor = _caseworker(db)
    baseline = read_baseline(big)
    seconds, result = timed_once(lambda: _import(db, actor, big, True))
    assert result.imported == rows and not result.problems, result.problems[:3]
    report(f"dry run {rows} rows", seconds, baseline, "s", "< 10 s", "(vs openpyxl read) ")
    # Memory before the real import: rows already stored would come back as duplicates, and
    # a report of 10,000 problems is memory well spent, not a leak.
    low = peak_mib(lambda: _import(db, actor, small, True))
    high = peak_mib(lambda: _import(db, actor, big, True))
    # openpyxl's read-only mode still loads the shared-strings table whole: that part grows
    # with the file whatever the importer does, so it is shown, and taken out of the ratio.
    read_low = peak_mib(lambda: read_baseline(small))
    read_high = peak_mib(lambda: read_baseline(big))
    report(
        f"peak memory, dry run {rows} rows",
        high,
        low,
        "MiB",
        "<= 1.5x",
        f"(vs {small_rows} rows; openpyxl alone {read_high:.2f} vs {read_low:.2f}) ",
    )
    report(
        "  of which the import itself",
        high - read_high,
        low - read_low,
        "MiB",
        "<= 1.5x",
        f"(vs {small_rows} rows: streamed) ",
    )
    seconds, result = timed_once(lambda: _import(db, actor, big, False))
    assert result.imported == rows and not result.refused
    report(f"import {rows} rows", seconds, baseline, "s", "< 10 s", "(vs openpyxl read) ")
    db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench import")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    args, _ = parser.parse_known_args(argv)  # `python -m bench all` passes --persons too
    small_rows = max(args.rows // 10, 1)
    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / "big.xlsx", Path(tmp) / "small.xlsx"
        write_ledger(big, args.rows)
        write_ledger(small, small_rows, seed=6)
        if args.engine in ("sqlite", "both"):
            run_engine(
                f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", big, small, args.rows, small_rows
            )
        if args.engine in ("postgresql", "both"):
            admin = pg.admin_url()
            if not admin:
                return 0 if args.engine == "both" else 2
            with pg.scratch_database(admin, f"rd_bench_import_{os.getpid()}") as (url, _):
                run_engine(url, big, small, args.rows, small_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
