"""A demo run's rows made a chunk at a time apart from their writing, in a worker process of
their own while the run's transaction writes the chunk before (issue #16: a million persons
in minutes).

Making a chunk is pure computation: Faker's pools, names and their pinyin, ID numbers, the
case records, the rows column by column (on SQLite bound as the driver takes them), and on
PostgreSQL the HMAC search tokens. Writing it is the writer's: on PostgreSQL binding and
sealing the values (the data key stays in the writing process), numbering the cases from
their units' registers, and the database's executemany or COPY. On two cores the two
overlap.

Same data as made in the writing process: one :class:`ChunkMaker` holds the run's random
generator and makes every chunk in order, wherever it runs, and the ids of the persons and
cases it writes come with each :class:`Task`, drawn by the writer (sequences on PostgreSQL;
on SQLite the highest id plus one, the file's write lock held since the transaction began).
Nothing of the worker outlives the run: it ends when the writer closes their pipe (the run
finished, failed or was cancelled), or when the writer's process dies (its end of the pipe
closes with it).

On PostgreSQL the worker computes the search tokens with the database's index key (the
HMAC key derived from the data key, which cannot be had back from it), given at its start
through their pipe (spawn pickles a process's arguments into it): it goes to a process of
the same program and user, is never written anywhere, and dies with the worker.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from typing import Any

from faker import Faker

from rescuedesk import clock
from rescuedesk.models import Unit, User
from rescuedesk.reference import divisions
from rescuedesk.reference.pinyin import search_keys
from rescuedesk.services.casefile import new_cases
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import search_tokens
from rescuedesk.services.people.bulk import Encoded, encode_people, encode_rows

# Chunks the worker may be ahead of the writer: one being written, one made meanwhile, one
# queued so the worker does not wait for the writer to ask.
AHEAD = 2


@dataclass(frozen=True)
class Plan:
    """What a run's chunks are made from (sent to the worker once, so plain values)."""

    seed: int
    today: dt.date
    engine: str  # "sqlite" or "postgresql"
    actor: Actor
    units: tuple[tuple[int, str, str], ...]  # (id, code, division code) in DEMO_UNITS' order
    staff: tuple[tuple[int, ...], ...]  # each unit's caseworkers and supervisor, by id
    index_key: bytes | None = None  # PostgreSQL: the search tokens' key (SQLite: None)


@dataclass(frozen=True)
class Task:
    """Make the chunk of persons ``start`` to ``start + n``, with these ids, at ``now``."""

    start: int
    n: int
    person_ids: Sequence[int]
    case_ids: Sequence[int]
    now: dt.datetime


@dataclass(frozen=True)
class Chunk:
    """A chunk's rows, ready to write in this order: ``persons`` (and their name index),
    ``cases`` (numbered as they are written), ``records``. ``rows``: the rows the run
    reports (persons, cases and their records)."""

    persons: list[Encoded]
    cases: new_cases.EncodedCases
    records: list[Encoded]
    rows: int

    @property
    def n(self) -> int:
        return len(self.cases.keys)


class ChunkMaker:
    """Makes a run's chunks in order from its seed (the same seed, the same rows)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.rng = random.Random(plan.seed)
        fake = Faker("zh_CN")
        fake.seed_instance(plan.seed)
        self.pools = demo_data._Pools.draw(fake)
        self.counties = divisions.county_codes()
        # Stand-ins of the run's units and staff: what a case is made from is their ids,
        # codes and division codes.
        self.units = [Unit(id=i, code=code, division_code=div) for i, code, div in plan.units]
        self.staff = {
            unit.id: [User(id=uid) for uid in ids]
            for unit, ids in zip(self.units, plan.staff, strict=True)
        }
        # The pools' names repeat (a few hundred surnames, fewer given names: some 45,000
        # names at a million persons): the pinyin, name parts and tokens of each are
        # computed once.
        self.keys = cache(search_keys)
        self.names = search_tokens.NameMemo()
        # Who binds the values: on SQLite this process (the writer's executemany is the
        # larger half there); on PostgreSQL the writer, which seals them with the data key
        # (the server does the writing's work there, the writer has time to spare).
        self.dialect: Any = None
        if plan.engine == "sqlite":
            from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

            self.dialect = SQLiteDialect_pysqlite()
        # On PostgreSQL a batch with nothing to seal (the stage changes, the flags, most
        # records: their sealed notes empty) is formatted for COPY here all the same: the
        # writer was the slower of the two there (at 100,000 persons it waited 2.3 s in all
        # for this process's chunks), and formatting rows was a fifth of its time.
        self.keyless: Any = None
        if plan.engine == "postgresql":
            from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

            self.keyless = PGDialect_psycopg()

    def make(self, task: Task) -> Chunk:
        rng, pools, today, plan = self.rng, self.pools, self.plan.today, self.plan
        batch = [
            demo_data._fake_person(rng, pools, self.counties, today, task.start + i, self.keys)
            for i in range(task.n)
        ]
        person_rows = []
        for pid, (prow, _) in zip(task.person_ids, batch, strict=True):
            prow["id"] = pid
            person_rows.append(prow)
        new, extras = [], []
        for pid, (prow, meta) in zip(task.person_ids, batch, strict=True):
            unit = rng.choice(self.units)
            case, children = demo_data._fake_case(
                rng, pools, unit, self.staff[unit.id], pid, prow, meta, today
            )
            new.append(case)
            extras.append(children)
        # Numbers, flags and the "opened" stage as every new case gets them (the numbers
        # drawn by the writer); the later stages and the records are the demo's own.
        cases = new_cases.encode_cases(
            plan.actor, new, task.case_ids, task.now, self.dialect, self.keyless
        )
        records = demo_data.child_rows(task.case_ids, extras)
        rows = len(person_rows) + len(new) + sum(len(c.wanted) + 1 for c in new)
        rows += sum(len(r) for r in records.values())
        return Chunk(
            persons=encode_people(person_rows, plan.index_key, self.names, self.dialect),
            cases=cases,
            records=[
                encode_rows(model, r, self.dialect, keyless=self.keyless)
                for model, r in records.items()
            ],
            rows=rows,
        )


@contextmanager
def chunks(plan: Plan, tasks: Iterator[Task], *, worker: bool) -> Iterator[Iterator[Chunk]]:
    """The chunks of ``tasks``, in order: made in a worker process (``worker``), else here.
    A task is taken from ``tasks`` up to AHEAD chunks before it is wanted."""
    if not worker:
        maker = ChunkMaker(plan)
        yield (maker.make(task) for task in tasks)
        return
    # Spawned, not forked: a running Qt application (the first-start wizard) is not copied.
    context = multiprocessing.get_context("spawn")
    here, there = context.Pipe()
    process = context.Process(
        target=_work, args=(there, plan), name="rescuedesk-demo-rows", daemon=True
    )
    process.start()
    there.close()  # the worker's end: held by the worker alone, so its death closes it
    try:
        yield _received(here, tasks)
    finally:
        here.close()  # the worker's next read or write fails, and it ends
        process.join(timeout=10)
        if process.is_alive():
            process.terminate()
            process.join()


class WorkerFailed(RuntimeError):
    """The process making the demo rows failed or died; the run is rolled back."""


def _received(conn: Any, tasks: Iterator[Task]) -> Iterator[Chunk]:
    def send_next() -> bool:
        task = next(tasks, None)
        if task is None:
            return False
        conn.send(task)
        return True

    waiting = sum(send_next() for _ in range(AHEAD))
    while waiting:
        try:
            kind, payload = conn.recv()
        except EOFError:
            raise WorkerFailed("生成演示数据的后台进程意外退出，未写入任何数据。") from None
        if kind == "error":
            raise WorkerFailed(f"生成演示数据的后台进程出错，未写入任何数据：\n{payload}")
        waiting += send_next() - 1
        yield payload


def _work(conn: Any, plan: Plan) -> None:
    """The worker: a chunk for each task, until the writer closes the pipe."""
    try:
        maker = ChunkMaker(plan)
        while True:
            try:
                task: Task = conn.recv()
            except EOFError:
                return  # the writer is done, failed, or gone
            # The writer's clock (a test may have set it) for the rows' column defaults.
            clock.set_clock(_at(task.now))
            conn.send(("chunk", maker.make(task)))
    except (BrokenPipeError, ConnectionResetError, KeyboardInterrupt):
        # The writer stopped reading (cancelled or gone), or Ctrl+C reached both: the
        # writer says so, the worker just ends.
        return
    except Exception:
        with suppress(OSError):
            conn.send(("error", traceback.format_exc()))


def _at(now: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: now
