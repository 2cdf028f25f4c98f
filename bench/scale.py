"""What people wait for at province scale (issue #16), per role, on both engines.

Builds N persons with their cases (services/demo/demo_data.generate) on an encrypted SQLite
file (SQLCipher, through vault) and on PostgreSQL with sealed columns. The directory is the
demo's, plus a province-level unit (黑龙江省民政厅, 230000) and two more Heilongjiang stations
that take half of the cases of GS-LZ and LN-SY: the provincial supervisor reaches about half
of all cases, the supervisor of HLJ-HRB a quarter, and the caseworker (a Harbin caseworker's
cases, and assignments to cases of other units) a few thousand at 100,000 persons.

Each role logs in through vault.log_in with a password, in a process of its own (a fresh
process's memory is what the program holds, not what building the database left behind), and
measures, with the raw SQL of the same lookup in the same run (the statements the service sends,
replayed on a DB-API cursor of the same connection):

- the case list's first page as the window asks for it (by intake date, newest first, a page
  of 200), and each search keystroke of bench/name_search.py: median and worst ms of the page,
  raw median, ratio; the capped count ("1000+"); the whole keystroke as the window does it
  (page with its "list" audit event, then the count). Target: < 50 ms and <= 3x the raw SQL
  (or less than OVER_RAW_MS over it: a read transaction's fixed cost, see there).
- the case list's first page (no search text) in every sort of the list, both directions:
  Qt's header sorts by any column, and the window restores the header (its sort too) it
  closed with. Median of a few runs and the raw SQL. Target: < 50 ms. The name sort on
  PostgreSQL (sealed names decrypted on the workstation, up to NAME_SORT_MAX): reported only.
- the home page with its tasks (workbench.load_home, as the home page calls it): < 100 ms.
- the main window ready (bench/startup.py's way, logged in as the role) against the same on a
  database with the same directory and accounts but no persons: < 1 s and <= 1.5x.
- memory with the case list open (VmRSS; VmHWM is the peak): < 400 MB.

``--keep DIR`` keeps the built databases (the SQLite file in DIR, the PostgreSQL database
``rd_bench_scale_N``) with a note of how and when they were built, and reuses them next time.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, insert, select, text, update
from sqlalchemy.engine import make_url

from bench import pg
from bench.measure import Timing, add_first_admin, memory, replay, sent_sql, times
from bench.name_search import KEYSTROKES
from rescuedesk.db import Database, upgrade_to_head
from rescuedesk.errors import ValidationError
from rescuedesk.models import Case, CaseAssignment, Unit, User
from rescuedesk.models.enums import Role, UnitKind
from rescuedesk.services.casefile import workbench
from rescuedesk.services.casefile.case_queries import (
    COUNT_CAP,
    NAME_SORT_MAX,
    SORTS,
    CaseFilter,
    count_cases,
    list_cases,
    shown_count,
)
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office import accounts, directory, vault
from rescuedesk.services.office.context import Actor

PASSWORD = "规模-性能-长密码-2026"
SEED = 16
PAGE = 200  # the window's page (ui/table_models/case_list_table_model.PAGE)
SYSTEM = Actor.system("bench")
PROVINCE = ("HLJ", "黑龙江省民政厅", UnitKind.CIVIL_AFFAIRS_BUREAU, "230000")
# Two more stations of the province, each taking half of the cases of a demo unit elsewhere.
CITIES = (
    ("HLJ-QQHR", "齐齐哈尔市救助管理站", UnitKind.ASSISTANCE_STATION, "230202", "GS-LZ"),
    ("HLJ-MDJ", "牡丹江市救助管理站", UnitKind.ASSISTANCE_STATION, "231002", "LN-SY"),
)
# (role as printed, username, role, unit code)
ROLES = (
    ("caseworker", "scale_cw", Role.CASEWORKER, "HLJ-HRB"),
    ("unit supervisor", "scale_sup", Role.SUPERVISOR, "HLJ-HRB"),
    ("provincial supervisor", "scale_prov", Role.SUPERVISOR, "HLJ"),
)
# The demo caseworker some of whose cases the bench's caseworker takes over, and how many.
TAKEN_OVER = "hljhrb_cw1"
CASELOAD = 400
ASSIGNMENTS = 300
SORT_RUNS = 5  # each sort's first page: fewer runs than a keystroke, there are twelve
KEYSTROKE_MS, HOME_MS, WINDOW_S, RATIO, WINDOW_RATIO, RSS_MB = 50, 100, 1.0, 3.0, 1.5, 400
# The ratio to the raw SQL finds work the service adds that grows with the lookup. A read
# transaction through the ORM session costs a fixed amount whatever it reads (session, BEGIN,
# statement dispatch, COMMIT): on the 1,000,000-person databases a text that finds nothing
# (one statement, 0.12 ms of SQL on SQLite, 0.40 ms with its round trips on PostgreSQL) is
# a 0.39 ms page on SQLite and 1.0-1.5 ms on PostgreSQL. Under this many ms over the raw SQL
# a page is within target whatever its ratio (2 % of a keystroke's budget); the ratio is
# printed all the same.
OVER_RAW_MS = 1.0


@dataclass
class Figure:
    engine: str
    role: str
    what: str
    shown: str  # the figure as the summary prints it
    target: str
    passed: bool


# -- building ------------------------------------------------------------------------------


def office(url: str) -> Database:
    """The directory (the demo's, the province, two more stations) and the accounts, each
    with a password: the first encrypts the SQLite file / seals the PostgreSQL database."""
    db = Database(url)
    upgrade_to_head(db)
    with db.write_session() as s:
        demo_data.ensure_demo_directory(s, SYSTEM)
        for code, name, kind, division, *_ in (PROVINCE, *CITIES):
            if s.scalar(select(Unit.id).where(Unit.code == code)) is None:
                directory.create_unit(
                    s, SYSTEM, {"code": code, "name": name, "kind": kind, "division_code": division}
                )
        units = dict(s.execute(select(Unit.code, Unit.id)).all())
    db, admin = add_first_admin(db, "scale_admin", PASSWORD)
    for label, username, role, unit in ROLES:
        data = {"username": username, "full_name": label, "role": role, "unit_id": units[unit]}

        def create(s: Any, data: dict[str, Any] = data) -> Any:
            return accounts.create_account(s, admin, data, PASSWORD)

        db, _ = vault.add_account(db, username, PASSWORD, create)
    return db


def spread(db: Database) -> None:
    """Half of two demo units' cases to the province's other stations; the caseworker takes
    over some of a Harbin caseworker's cases and is assigned cases of other units."""
    with db.write_session() as s:
        units = dict(s.execute(select(Unit.code, Unit.id)).all())
        users = dict(s.execute(select(User.username, User.id)).all())
        for code, *_, source in CITIES:
            s.execute(
                update(Case)
                .where(Case.unit_id == units[source], Case.id % 2 == 0)
                .values(unit_id=units[code])
            )
        caseload(s, users[TAKEN_OVER], users["scale_cw"])
        picked = s.scalars(
            select(Case.id)
            .where(Case.unit_id != units["HLJ-HRB"], Case.id % 97 == 0)
            .order_by(Case.id)
            .limit(ASSIGNMENTS)
        ).all()
        if picked:
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            s.execute(
                insert(CaseAssignment),
                [
                    {"case_id": c, "user_id": users["scale_cw"], "purpose": "follow_up",
                     "assigned_at": now, "assigned_by_id": users["scale_admin"]}
                    for c in picked
                ],
            )  # fmt: skip
        if db.is_sqlite:
            s.execute(text("ANALYZE"))
    if not db.is_sqlite:
        # The moves above left dead index entries: vacuumed, as autovacuum soon would.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")


def caseload(s: Any, demo_worker: int, worker: int) -> None:
    """The caseworker takes over CASELOAD cases of a demo caseworker, spread over the years
    (the demo gives each of a unit's five workers a fifth of its cases: 50,000 at 1,000,000
    persons, no one's caseload). Idempotent: the cases taken before are given back first."""
    s.execute(update(Case).where(Case.caseworker_id == worker).values(caseworker_id=demo_worker))
    theirs = s.scalar(select(func.count(Case.id)).where(Case.caseworker_id == demo_worker)) or 0
    step = max(1, theirs // CASELOAD)
    mine = (
        select(Case.id)
        .where(Case.caseworker_id == demo_worker)
        .order_by(Case.id)
        .limit(CASELOAD * step)
        .subquery()
    )
    every = select(mine.c.id).where(mine.c.id % step == 0)
    s.execute(update(Case).where(Case.id.in_(every)).values(caseworker_id=worker))


def build(url: str, persons: int) -> dict[str, Any]:
    """The database with ``persons`` persons; returns how it was built."""
    start = time.perf_counter()
    db = office(url)
    last = [0.0]

    def progress(done: int, total: int) -> bool:
        if time.perf_counter() - last[0] > 30 or done == total:
            last[0] = time.perf_counter()
            print(f"  {done:>9}/{total} persons  {last[0] - start:7.1f} s", flush=True)
        return True

    with db.write_session() as s:
        demo_data.generate(s, SYSTEM, persons, seed=SEED, progress=progress)
    spread(db)
    db.dispose()
    return {
        "persons": persons,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - start, 1),
        "how": f"demo_data.generate(seed={SEED}) + bench.scale.spread, accounts scale_*",
    }


def prepared(url: str, persons: int, note: Path | None, exists: bool) -> None:
    """Build the database unless ``note`` says it was built already; print which."""
    if note is not None and note.exists() and exists:
        built = json.loads(note.read_text())
        print(
            f"# reusing the database built {built['built_at']} in {built['seconds']} s "
            f"({built['how']})",
            flush=True,
        )
        return
    if exists:
        raise SystemExit(f"{url}: exists without a note of its build ({note}): drop it first")
    built = build(url, persons)
    print(f"# built {persons} persons in {built['seconds']} s ({built['how']})", flush=True)
    if note is not None:
        note.write_text(json.dumps(built))


# -- measuring, in a process of its own ---------------------------------------------------


def _log_in(url: str, username: str) -> tuple[Database, Actor]:
    db = vault.open_database(url, username, PASSWORD)
    actor = vault.log_in(db, username, PASSWORD)
    assert actor.role is not None and not actor.is_system
    return db, actor


def keystrokes(db: Database, actor: Actor, engine: str, role: str) -> list[Figure]:
    figures = []
    raw = db.engine.raw_connection()
    print(
        f"{'text':<9} {'count':>6} {'page med':>9} {'worst':>8} {'raw':>8} {'ratio':>6} "
        f"{'count':>8} {'raw':>8} {'window':>8} {'worst':>8}  target < {KEYSTROKE_MS} ms, "
        f"<= {RATIO:g}x or < {OVER_RAW_MS:g} ms over raw",
        flush=True,
    )
    try:
        for text_ in ("", *KEYSTROKES):
            f = CaseFilter(search=text_)

            def page(f: CaseFilter = f) -> list[int]:
                with db.read_session() as s:
                    rows = list_cases(s, actor, f, sort="intake_date", descending=True,
                                      limit=PAGE, audit_read=False).rows  # fmt: skip
                return [r.case_id for r in rows]

            def counted(f: CaseFilter = f) -> int:
                with db.read_session() as s:
                    return count_cases(s, actor, f, cap=COUNT_CAP)

            def window(f: CaseFilter = f) -> None:
                db.run_write(lambda s: list_cases(s, actor, f, limit=PAGE))  # the window's sort
                db.run_write(lambda s: count_cases(s, actor, f, cap=COUNT_CAP))

            same_page = replay(raw, sent_sql(db, page))
            same_count = replay(raw, sent_sql(db, counted))
            ids = page()
            assert ids == same_page(), (text_, ids[:5])
            ours = Timing.of(times(page))
            theirs = statistics.median(times(same_page))
            count = Timing.of(times(counted, 5))
            count_raw = statistics.median(times(same_count, 5))
            whole = Timing.of(times(window, 5))
            n = shown_count(counted())
            ratio = ours.median / theirs if theirs else float("inf")
            name = repr(text_) if text_ else "(none)"
            print(
                f"{name:<9} {n:>6} {ours.median:7.2f}ms {ours.worst:6.2f}ms {theirs:6.2f}ms "
                f"{ratio:5.2f}x {count.median:6.2f}ms {count_raw:6.2f}ms "
                f"{whole.median:6.2f}ms {whole.worst:6.2f}ms",
                flush=True,
            )
            what = "first page" if not text_ else f"keystroke {text_}"
            figures.append(
                Figure(
                    engine,
                    role,
                    what,
                    f"page {ours.median:.1f} ms (worst {ours.worst:.1f}), {ratio:.2f}x raw; "
                    f"count {count.median:.1f} ms; window {whole.median:.1f} ms",
                    f"< {KEYSTROKE_MS} ms, <= {RATIO:g}x|+{OVER_RAW_MS:g}ms",
                    ours.median < KEYSTROKE_MS
                    and (ratio <= RATIO or ours.median - theirs < OVER_RAW_MS)
                    and whole.median < KEYSTROKE_MS,
                )
            )
    finally:
        raw.close()
    return figures


def sorted_pages(db: Database, actor: Actor, engine: str, role: str) -> list[Figure]:
    """The first page, no search text, in each sort and direction the list offers."""
    figures = []
    raw = db.engine.raw_connection()
    print(
        f"{'sort':<22} {'rows':>5} {'page med':>9} {'worst':>8} {'raw':>8} {'ratio':>6}  "
        f"target < {KEYSTROKE_MS} ms",
        flush=True,
    )
    try:
        for sort in SORTS:
            for descending in (False, True):

                def page(sort: str = sort, descending: bool = descending) -> list[int]:
                    with db.read_session() as s:
                        rows = list_cases(s, actor, CaseFilter(), sort=sort,
                                          descending=descending, limit=PAGE,
                                          audit_read=False).rows  # fmt: skip
                    return [r.case_id for r in rows]

                name = f"{sort} {'desc' if descending else 'asc'}"
                what = f"first page, {name}"
                # Sealed names are sorted on the workstation as they are decrypted, up to
                # NAME_SORT_MAX cases: a design of its own, its time reported only. SQLite
                # walks the persons' name index (case_queries._by_name): a target as any.
                reported = sort == "name" and engine == "postgresql"
                target = "reported only" if reported else f"< {KEYSTROKE_MS} ms"
                try:
                    ids = page()
                except ValidationError:
                    # Too many cases to decrypt for the name sort: the refusal's time.
                    ours = Timing.of(times(lambda: _refused(page), SORT_RUNS))
                    print(f"{name:<22} {'refused':>5} {ours.median:7.2f}ms", flush=True)
                    shown = f"refused, over {NAME_SORT_MAX} cases, {ours.median:.1f} ms"
                    figures.append(Figure(engine, role, what, shown, target, reported))
                    continue
                same_page = replay(raw, sent_sql(db, page))
                if not (reported and ids != same_page()):  # sealed: SQL gives them unsorted
                    assert ids == same_page(), (name, ids[:5])
                ours = Timing.of(times(page, SORT_RUNS))
                theirs = statistics.median(times(same_page, SORT_RUNS))
                ratio = ours.median / theirs if theirs else float("inf")
                print(
                    f"{name:<22} {len(ids):>5} {ours.median:7.2f}ms {ours.worst:6.2f}ms "
                    f"{theirs:6.2f}ms {ratio:5.2f}x",
                    flush=True,
                )
                figures.append(
                    Figure(
                        engine,
                        role,
                        what,
                        f"{ours.median:.1f} ms (worst {ours.worst:.1f}), raw {theirs:.1f} ms",
                        target,
                        reported or ours.median < KEYSTROKE_MS,
                    )
                )
    finally:
        raw.close()
    return figures


def _refused(page: Any) -> None:
    with contextlib.suppress(ValidationError):
        page()


def home_page(db: Database, actor: Actor, engine: str, role: str) -> Figure:
    def home() -> Any:
        return workbench.load_home(db, actor)

    raw = db.engine.raw_connection()
    try:
        theirs = statistics.median(times(replay(raw, sent_sql(db, home)), 5))
    finally:
        raw.close()
    found = home()
    ours = Timing.of(times(home, 7))
    print(
        f"home page with tasks ({len(found.tasks.items)} tasks)  {ours.median:7.2f} ms "
        f"(worst {ours.worst:.2f})  raw SQL {theirs:.2f} ms  ratio {ours.median / theirs:.2f}x  "
        f"target < {HOME_MS} ms",
        flush=True,
    )
    return Figure(
        engine,
        role,
        "home page with tasks",
        f"{ours.median:.1f} ms (worst {ours.worst:.1f}), raw {theirs:.1f} ms",
        f"< {HOME_MS} ms",
        ours.median < HOME_MS,
    )


def main_window(url: str, empty_url: str, username: str, engine: str, role: str) -> list[Figure]:
    """Window ready on the full and on the empty database, interleaved, and the home page's
    tasks shown; then the case list opened and the process's memory.

    "Ready" is the window shown with its first page (the home page, whose tasks are read off
    the UI thread, or the case list's first page); "tasks shown" waits, as a user does, until
    the tasks are on screen, so a cost moved off the UI thread is still counted."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from rescuedesk.ui.main_window import MainWindow
    from rescuedesk.ui.ops import Workspace

    app = QApplication.instance() or QApplication([])
    # Each window restores the case list's header, its sort too, from the last one closed
    # (QSettings of this bench): every run starts from the program's own defaults, not from
    # whatever an earlier run, of this version or an older one, left there.
    QSettings().remove("case_list/header")
    sessions = {"full": _log_in(url, username), "empty": _log_in(empty_url, username)}

    def ready(which: str) -> tuple[float, float, Any]:
        db, actor = sessions[which]
        start = time.perf_counter()
        upgrade_to_head(db)
        window = MainWindow(Workspace(db, actor))
        window.show()
        window.load_case_list()
        app.processEvents()
        shown = time.perf_counter() - start
        # As qtbot.waitUntil does: the event loop runs while the tasks are read.
        while window.home is not None and window.home.loading:
            time.sleep(0.002)
            app.processEvents()
        return shown, time.perf_counter() - start, window

    def measured(which: str) -> tuple[float, float]:
        seconds, tasks, window = ready(which)
        window.close()
        window.deleteLater()  # a window left alive slows every later one (event filters)
        app.processEvents()
        return seconds, tasks

    measured("empty")  # warm-up: imports, Qt's lazy enums, font cache
    runs: dict[str, list[float]] = {"empty": [], "full": []}
    tasks_runs: dict[str, list[float]] = {"empty": [], "full": []}
    for _ in range(3):  # interleaved, so neither side gets the warmer machine
        for which in ("empty", "full"):
            seconds, tasks = measured(which)
            runs[which].append(seconds)
            tasks_runs[which].append(tasks)
    full, empty = statistics.median(runs["full"]), statistics.median(runs["empty"])
    ratio = full / empty
    tasks_full = statistics.median(tasks_runs["full"])
    tasks_empty = statistics.median(tasks_runs["empty"])
    print(
        f"main window ready  {full * 1000:7.0f} ms   empty database {empty * 1000:5.0f} ms   "
        f"ratio {ratio:.2f}x   target < {WINDOW_S * 1000:.0f} ms, <= {WINDOW_RATIO}x",
        flush=True,
    )
    print(
        f"home tasks shown   {tasks_full * 1000:7.0f} ms   empty database "
        f"{tasks_empty * 1000:5.0f} ms   target < {WINDOW_S * 1000:.0f} ms",
        flush=True,
    )
    _, _, window = ready("full")
    window.tabs.setCurrentWidget(window.case_list)
    app.processEvents()
    model = window.model
    shown = [model.data(model.index(r, 1)) for r in range(min(50, model.rowCount()))]
    app.processEvents()
    rss, peak = memory()
    print(
        f"memory with the case list open ({len(shown)} rows shown)  VmRSS {rss:.0f} MB  "
        f"VmHWM {peak:.0f} MB   target < {RSS_MB} MB",
        flush=True,
    )
    window.close()
    for db, _ in sessions.values():
        db.dispose()
    return [
        Figure(
            engine,
            role,
            "main window ready",
            f"{full * 1000:.0f} ms, {ratio:.2f}x empty ({empty * 1000:.0f} ms)",
            f"< {WINDOW_S * 1000:.0f} ms, <= {WINDOW_RATIO}x",
            full < WINDOW_S and ratio <= WINDOW_RATIO,
        ),
        Figure(
            engine,
            role,
            "home tasks shown",
            f"{tasks_full * 1000:.0f} ms (empty {tasks_empty * 1000:.0f} ms)",
            f"< {WINDOW_S * 1000:.0f} ms",
            tasks_full < WINDOW_S,
        ),
        Figure(
            engine,
            role,
            "memory, case list open",
            f"VmRSS {rss:.0f} MB (peak {peak:.0f})",
            f"< {RSS_MB} MB",
            rss < RSS_MB,
        ),
    ]


def _up_to_date(url: str, username: str) -> None:
    """A kept database migrated to this code's head before anything is timed: measured as
    built by an older version, its pages ran without the indexes they were written for, and
    the window's first start timed the migration (SQLite's copy before it is deleted)."""
    db, _ = _log_in(url, username)
    start = time.perf_counter()
    backup = upgrade_to_head(db)
    db.dispose()
    if backup is not None:
        backup.unlink()
        print(f"# migrated to head in {time.perf_counter() - start:.1f} s", flush=True)


def measure(url: str, empty_url: str, label: str, out: Path, only: str = "all") -> None:
    """One role (``label``) on one database: every figure (``only="sorts"``: the first page
    in each sort alone), written to ``out`` as JSON."""
    engine = make_url(url).get_backend_name()
    _, username, *_ = next(r for r in ROLES if r[0] == label)
    print(f"## {engine}, {label} ({username})", flush=True)
    _up_to_date(url, username)
    if only == "sorts":
        db, actor = _log_in(url, username)
        figures = sorted_pages(db, actor, engine, label)
        db.dispose()
        out.write_text(json.dumps([asdict(f) for f in figures], ensure_ascii=False))
        return
    # The window first: its memory is the program's, not what the lookups below cached
    # (each pooled connection keeps its own SQLite page cache, db.CACHE_KIB at most).
    figures = main_window(url, empty_url, username, engine, label)
    db, actor = _log_in(url, username)
    figures += keystrokes(db, actor, engine, label)
    figures += sorted_pages(db, actor, engine, label)
    figures.append(home_page(db, actor, engine, label))
    db.dispose()
    out.write_text(json.dumps([asdict(f) for f in figures], ensure_ascii=False))


def _in_own_process(url: str, empty_url: str, tmp: Path, only: str) -> list[Figure]:
    figures: list[Figure] = []
    for label, *_ in ROLES:
        out = tmp / f"{label.replace(' ', '_')}.json"
        command = [sys.executable, "-m", "bench", "scale", "--measure", url, empty_url, label,
                   str(out), "--only", only]  # fmt: skip
        done = subprocess.run(command, check=False)
        if done.returncode != 0 or not out.exists():
            engine = make_url(url).get_backend_name()
            figures.append(Figure(engine, label, "measurement", "failed", "-", False))
            continue
        figures += [Figure(**f) for f in json.loads(out.read_text())]
    return figures


def summary(figures: list[Figure], persons: int) -> None:
    load = os.getloadavg()
    print(f"\n# summary: {persons} persons; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'engine':<10} {'role':<22} {'figure':<30} {'':<4} {'target':<23} measured")
    for f in figures:
        verdict = "PASS" if f.passed else "MISS"
        print(f"{f.engine:<10} {f.role:<22} {f.what:<30} {verdict:<4} {f.target:<23} {f.shown}")
    missed = sum(not f.passed for f in figures)
    print(f"# {len(figures) - missed} PASS, {missed} MISS", flush=True)


def run(args: argparse.Namespace) -> int:
    figures: list[Figure] = []
    keep: Path | None = args.keep
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    print(f"# load average {os.getloadavg()[0]:.2f} at the start", flush=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.engine in ("sqlite", "both"):
            print(f"# sqlite (SQLCipher): {args.persons} persons", flush=True)
            path = (keep or tmp) / f"scale-{args.persons}.sqlite3"
            note = keep / f"scale-{args.persons}.sqlite3.json" if keep else None
            url = f"sqlite:///{path}"
            prepared(url, args.persons, note, path.exists())
            if args.only != "build":
                empty_url = f"sqlite:///{tmp / 'empty.sqlite3'}"
                office(empty_url).dispose()
                figures += _in_own_process(url, empty_url, tmp, args.only)
        if args.engine in ("postgresql", "both"):
            admin = pg.admin_url()
            if not admin:
                return 0 if args.engine == "both" else 2
            print(f"# postgresql (sealed columns): {args.persons} persons", flush=True)
            name = f"rd_bench_scale_{args.persons}" if keep else f"rd_bench_scale_{os.getpid()}"
            note = keep / f"{name}.json" if keep else None
            with (
                pg.scratch_database(admin, name, keep=keep is not None) as (url, existed),
                pg.scratch_database(admin, f"rd_bench_scale_empty_{os.getpid()}") as (empty, _),
            ):
                prepared(url, args.persons, note, existed)
                _print_server_memory(url)
                if args.only != "build":
                    office(empty).dispose()
                    figures += _in_own_process(url, empty, tmp, args.only)
    summary(figures, args.persons)
    return 0


def _print_server_memory(url: str) -> None:
    """The server's page cache and the database's size: at a province's size the figures
    depend on how much of the database the server holds (docs/deployment.md)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            buffers = conn.exec_driver_sql("SHOW shared_buffers").scalar()
            size = conn.exec_driver_sql(
                "SELECT pg_size_pretty(pg_database_size(current_database()))"
            ).scalar()
    finally:
        engine.dispose()
    print(f"# server: shared_buffers {buffers}, database {size}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench scale")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--keep", type=Path, help="keep the built databases here, reuse them")
    parser.add_argument(
        "--only",
        choices=["all", "sorts", "build"],
        default="all",
        help="sorts: only the case list's first page in each sort, per role; "
        "build: build (or find) the databases, measure nothing",
    )
    # Internal: one role's figures in a fresh process (URL, empty URL, role, JSON out).
    parser.add_argument("--measure", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        url, empty_url, label, out = args.measure
        measure(url, empty_url, label, Path(out), args.only)
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
