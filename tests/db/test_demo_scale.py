"""Demo data at scale (issue #16): progress a log can follow, COPY rows as the ORM writes
them, and indexes built after a large load exactly as they were."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, text

from rescuedesk.db import Database
from rescuedesk.models import (
    Assistance,
    Case,
    Person,
    PersonNamePart,
    PersonSearchToken,
    Placement,
)
from rescuedesk.models.enums import PlacementType, Sex
from rescuedesk.services.demo import deferred_indexes, demo_data
from rescuedesk.services.office import vault
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import bulk, search_tokens
from tests.conftest import ENGINES
from tests.entry.conftest import ADMIN, ADMIN_PASSWORD, add_first_admin, run_cli
from tests.factories import valid_id

PG = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
SYSTEM = Actor.system("test")
# Three chunks of demo_data.CHUNK persons and a part: each crosses a tenth of the way.
PERSONS = 2 * demo_data.CHUNK + 500


@pytest.mark.parametrize("empty_db_url", ENGINES, indirect=True)
def test_demo_data_reports_progress_to_a_log(empty_db_url: str) -> None:
    """Run as a script would (stderr a pipe, not a terminal), on an office's database (its
    first administrator, who encrypts an embedded file), the command says how far it is."""
    done = add_first_admin(empty_db_url)
    assert done.code == 0, done.err
    args = ["--db", empty_db_url, "--user", ADMIN, "demo-data", "--persons", str(PERSONS)]
    result = run_cli(args, password=ADMIN_PASSWORD, timeout=600)
    assert result.code == 0, result.err
    lines = [line for line in result.err.splitlines() if line.startswith("生成中")]
    counts = [int(m.group(1)) for line in lines if (m := re.match(r"生成中 (\d+)/", line))]
    assert counts == [demo_data.CHUNK, 2 * demo_data.CHUNK, PERSONS]
    assert all(f"/{PERSONS}（" in line and "每秒" in line for line in lines)
    assert all("预计还需" in line for line in lines[:-1])
    assert "\r" not in result.err  # a line each, not a terminal's redrawn line
    assert f"已生成 {PERSONS} 名受助人" in result.out


def _person_values(n: int) -> dict[str, Any]:
    born = dt.date(1990, 5, 6)
    return bulk.person_row(
        {
            "real_name": f"柯比甲{n}",
            "alias": "小柯",
            "sex": Sex.FEMALE,
            "birth_date": born,
            "id_number": valid_id(born, seq=100 + n),
            "phone": "13800001111",
            "current_address": "黑龙江省哈尔滨市道里区某街1号",
            "nationality": "CHN",
            "languages": ["zh", "en"],
            "identity_known": True,
            "has_disability": False,
        }
    )


def _columns(obj: Any) -> dict[str, Any]:
    return {
        c.key: getattr(obj, c.key)
        for c in obj.__table__.columns
        if c.key not in ("id", "created_at", "updated_at")
    }


@PG
def test_copy_rows_read_back_as_orm_rows(db_url: str, db: Database) -> None:
    """A person and a record written by COPY (sealed columns sealed in the program) read back,
    decrypted, equal to the same values written through the ORM; both are ciphertext."""
    done = add_first_admin(db_url)
    assert done.code == 0, done.err
    db.dispose()
    db = Database(db_url)
    vault.log_in(db, ADMIN, ADMIN_PASSWORD)  # unlocks the key for this engine
    try:
        with db.write_session() as s:
            by_orm = Person(**{k: v for k, v in _person_values(1).items() if k != "version"})
            s.add(by_orm)
            s.flush()
            [copied] = bulk.insert_rows_returning_ids(s, Person, [_person_values(1)])
            orm_id = by_orm.id
        with db.read_session() as s:
            a, b = s.get(Person, orm_id), s.get(Person, copied)
            assert a is not None and b is not None
            assert _columns(a) == _columns(b)
            assert b.real_name == "柯比甲1" and b.languages == ["zh", "en"]
            raw = s.execute(
                text("SELECT real_name, id_number FROM person WHERE id = :i"), {"i": copied}
            ).one()
            assert all(bytes(v)[:1] == b"\x01" for v in raw)  # AES-GCM, not clear text
            # Its search tokens were written with it: found by what a caseworker types.
            found = s.scalars(
                search_tokens.matching_person_ids(), search_tokens.search_params(s, "柯比")
            ).all()
            assert copied in found
    finally:
        db.dispose()


@PG
def test_copied_record_with_sealed_json_reads_back(db: Database) -> None:
    with db.write_session() as s:
        demo_data.generate(s, SYSTEM, 3, seed=5)
        case_id = s.scalar(select(func.min(Case.id)))
        values = {
            "case_id": case_id,
            "placement_type": PlacementType.FAMILY_RETURN,
            "status": "active",
            "start_date": dt.date(2024, 1, 2),
            "carers": [{"name": "父母", "relation": "parent"}],
            "plan": "安置方案经集体研究通过。",
            "version": 1,
        }
        s.add(Placement(**values))
        s.flush()
        bulk.insert_rows(s, Placement, [dict(values)])
        bulk.insert_rows(
            s,
            Assistance,
            [
                {
                    "case_id": case_id,
                    "kind": "temporary_cash",
                    "start_date": dt.date(2024, 1, 3),
                    "amount": Decimal(800),
                    "version": 1,
                }
            ],
        )
    with db.read_session() as s:
        a, b = s.scalars(
            select(Placement)
            .where(Placement.plan == "安置方案经集体研究通过。")
            .order_by(Placement.id.desc())
            .limit(2)
        ).all()
        assert _columns(a) == _columns(b)
        cash = s.scalars(select(Assistance).where(Assistance.kind == "temporary_cash")).all()
        assert Decimal(800) in [c.amount for c in cash]


def _catalogue(db: Database) -> list[tuple[str, ...]]:
    """Every index and constraint as the database states it (SQLite: the CREATE
    statements it keeps, the automatic indexes of unique and primary keys included)."""
    with db.read_session() as s:
        if s.get_bind().dialect.name == "sqlite":
            rows = s.execute(
                text(
                    "SELECT tbl_name, name, coalesce(sql, '') FROM sqlite_master "
                    "WHERE type = 'index' ORDER BY 1, 2"
                )
            ).all()
            return [tuple(r) for r in rows]
        indexes = s.execute(
            text(
                "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = "
                "current_schema() ORDER BY 1, 2"
            )
        ).all()
        keys = s.execute(
            text(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint ORDER BY 1, 2"
            )
        ).all()
    return [tuple(r) for r in [*indexes, *keys]]


@pytest.mark.parametrize("db_url", ENGINES, indirect=True)
def test_deferred_indexes_come_back_as_they_were(db: Database) -> None:
    """A large load's indexes (and on PostgreSQL its foreign keys), dropped and built again
    in its transaction, are the migrations' own afterwards; a cancelled load leaves them,
    and no row."""
    before = _catalogue(db)
    with db.write_session() as s:
        deferred = deferred_indexes.deferrable(s, demo_data.written_tables())
    names = {d.name for d in deferred}
    if db.engine.dialect.name == "postgresql":
        # The random-order ones (ciphertext, tokens) and the foreign keys; not the ids.
        assert {
            "pk_person_search_token",
            "ix_person_name_sort",
            "uq_case_file_case_number",
        } <= names
        assert "pk_person" not in names and "pk_case_file" not in names
        assert any(d.definition.startswith("FOREIGN KEY") for d in deferred)
    else:
        # Every index a CREATE INDEX made (partial ones too); not those of the tables' own
        # unique and primary keys (SQLite cannot drop them), nor the foreign keys (no
        # index of their own there).
        assert {"ix_person_name_sort", "ix_person_name_part_person_id_part"} <= names
        assert "ix_follow_up_visit_open" in names  # partial: WHERE kept
        assert not any(n.startswith("sqlite_autoindex") for n in names)
        assert all(d.definition.startswith("CREATE INDEX") for d in deferred)

    def cancel_late(done: int, total: int) -> bool:
        return done < total

    with pytest.raises(demo_data.Cancelled), db.write_session() as s:
        demo_data.generate(s, SYSTEM, 50, seed=3, progress=cancel_late, defer_indexes=True)
    assert _catalogue(db) == before
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0

    with db.write_session() as s:
        summary = demo_data.generate(s, SYSTEM, 50, seed=3, defer_indexes=True)
    assert summary.persons == 50
    assert _catalogue(db) == before
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 50
        index = PersonSearchToken if db.engine.dialect.name == "postgresql" else PersonNamePart
        assert s.scalar(select(func.count()).select_from(index)) > 50 * 3
        numbers = s.scalars(select(Case.case_number)).all()
        assert len(set(numbers)) == 50 and all(numbers)


@pytest.mark.parametrize("db_url", ENGINES, indirect=True)
def test_small_load_keeps_its_indexes(db: Database) -> None:
    with db.write_session() as s:
        assert not deferred_indexes.should_defer(s, 500)
        assert not deferred_indexes.should_defer(s, deferred_indexes.DEFER_FROM - 1)
        big = deferred_indexes.should_defer(s, deferred_indexes.DEFER_FROM)
    assert big


def _index_rows(s: Any, person_id: int) -> set[Any]:
    """A person's search keys as stored: tokens on PostgreSQL, name parts on SQLite."""
    if search_tokens.is_sealed(s):
        found = s.execute(
            text("SELECT token FROM person_search_token WHERE person_id = :p"), {"p": person_id}
        )
        return {bytes(t) for (t,) in found}
    found = s.execute(
        text("SELECT part FROM person_name_part WHERE person_id = :p"), {"p": person_id}
    )
    return {p for (p,) in found}


@pytest.mark.parametrize("db_url", ENGINES, indirect=True)
def test_a_bulk_runs_memo_of_names_writes_the_same_keys(db: Database) -> None:
    """Persons written in bulk with each name's keys remembered (the demo data's run) get
    the same tokens or name parts as without: names repeated, a name and an alias."""
    people = [_person_values(n % 3) for n in range(6)] + [
        bulk.person_row({**_person_values(9), "real_name": None, "alias": "小红（化名）"})
    ]
    with db.write_session() as s:
        plain = bulk.insert_rows_returning_ids(s, Person, [dict(p) for p in people])
        with search_tokens.remembering_names(s):
            remembered = bulk.insert_rows_returning_ids(s, Person, [dict(p) for p in people])
            again = bulk.insert_rows_returning_ids(s, Person, [dict(p) for p in people])
    with db.read_session() as s:
        for a, b, c in zip(plain, remembered, again, strict=True):
            keys = _index_rows(s, a)
            assert keys and keys == _index_rows(s, b) == _index_rows(s, c)


@pytest.mark.parametrize("db_url", ENGINES, indirect=True)
def test_bulk_rows_of_repeated_values_read_back_as_orm_rows(db: Database) -> None:
    """Values repeated down a batch (a date, an enum, a flag: formatted once per distinct
    value on SQLite; columns passed to COPY as they are) read back as the ORM writes them."""
    with db.write_session() as s:
        by_orm = Person(**{k: v for k, v in _person_values(1).items() if k != "version"})
        s.add(by_orm)
        s.flush()
        orm_id = by_orm.id
        copied = bulk.insert_rows_returning_ids(s, Person, [_person_values(1) for _ in range(5)])
    with db.read_session() as s:
        expected = _columns(s.get(Person, orm_id))
        for person_id in copied:
            assert _columns(s.get(Person, person_id)) == expected


@pytest.mark.parametrize("db_url", ENGINES, indirect=True)
def test_a_worker_process_makes_the_same_rows(db_url: str, db: Database) -> None:
    """Rows made in a worker process while the run writes (demo_pipeline.py, a large run's
    way) are the rows made in the run's own process from the same seed: sealed on an
    office's PostgreSQL with its key, and found by a name typed. A cancel leaves no row and
    no process behind."""
    if db.engine.dialect.name == "postgresql":  # sealed with the office's key (SQLite: the
        done = add_first_admin(db_url)  # file is encrypted whole, not value by value)
        assert done.code == 0, done.err
        db.dispose()
        db = Database(db_url)
        vault.log_in(db, ADMIN, ADMIN_PASSWORD)
    n = demo_data.CHUNK + 7
    today = dt.date(2026, 11, 1)
    try:

        def cancel_after_one(done: int, total: int) -> bool:
            return done < demo_data.CHUNK

        with pytest.raises(demo_data.Cancelled), db.write_session() as s:
            demo_data.generate(
                s, SYSTEM, n, seed=4, today=today, progress=cancel_after_one, worker=True
            )
        assert multiprocessing.active_children() == []
        with db.read_session() as s:
            assert s.scalar(select(func.count()).select_from(Person)) == 0

        for worker in (False, True):
            with db.write_session() as s:
                summary = demo_data.generate(s, SYSTEM, n, seed=4, today=today, worker=worker)
            assert summary.persons == n
        assert multiprocessing.active_children() == []
        with db.read_session() as s:
            persons = s.scalars(select(Person).order_by(Person.id)).all()
            assert len(persons) == 2 * n
            assert [_columns(p) for p in persons[:n]] == [_columns(p) for p in persons[n:]]
            cases = s.scalars(select(Case).order_by(Case.id)).all()
            numbered = ("person_id", "case_number", "serial")
            here, there = (
                [{k: v for k, v in _columns(c).items() if k not in numbered} for c in part]
                for part in (cases[:n], cases[n:])
            )
            assert here == there
            assert [c.person_id for c in cases] == [p.id for p in persons]
            assert len({c.case_number for c in cases}) == 2 * n
            placements = s.scalars(select(Placement).order_by(Placement.id)).all()
            half = len(placements) // 2
            assert half and [_columns(p) | {"case_id": 0} for p in placements[:half]] == [
                _columns(p) | {"case_id": 0} for p in placements[half:]
            ]
            last = persons[-1]
            assert _index_rows(s, last.id) == _index_rows(s, persons[n - 1].id) != set()
            if search_tokens.is_sealed(s):
                named = next(p for p in reversed(persons) if p.real_name and p.current_address)
                raw = s.execute(
                    text("SELECT real_name, current_address FROM person WHERE id = :i"),
                    {"i": named.id},
                ).one()
                assert all(bytes(v)[:1] == b"\x01" for v in raw)  # AES-GCM, not clear text
                found = s.scalars(
                    search_tokens.matching_person_ids(),
                    search_tokens.search_params(s, named.real_name),
                ).all()
                assert named.id in found
    finally:
        db.dispose()
