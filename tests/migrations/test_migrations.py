"""Migrations are the only way the schema changes, and they agree with the models."""

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from rescuedesk.db import Database, current_revision, downgrade, head_revision, upgrade_to_head
from rescuedesk.models import Base
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office.context import Actor
from tests.conftest import ENGINES


@pytest.mark.parametrize("empty_db_url", ENGINES, indirect=True)
def test_upgrade_downgrade_upgrade(empty_db_url: str) -> None:
    db = Database(empty_db_url)
    try:
        upgrade_to_head(db)
        assert current_revision(db.engine) == head_revision()
        assert "case_file" in inspect(db.engine).get_table_names()
        downgrade(db, "base")
        assert current_revision(db.engine) is None
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade_to_head(db)
        assert current_revision(db.engine) == head_revision()
    finally:
        db.dispose()


@pytest.mark.parametrize("empty_db_url", ENGINES, indirect=True)
def test_models_and_migrations_agree(empty_db_url: str) -> None:
    db = Database(empty_db_url)
    try:
        upgrade_to_head(db)
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        db.dispose()


def test_sqlite_file_is_backed_up_before_migrating(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade_to_head(db)
    downgrade(db, "base")
    with db.engine.begin() as conn:  # something the user would not want to lose
        conn.exec_driver_sql("CREATE TABLE keepsake (note TEXT)")
        conn.exec_driver_sql("INSERT INTO keepsake VALUES ('个案资料')")
    backup = upgrade_to_head(db)
    db.dispose()
    assert backup is not None and backup.exists()
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT note FROM keepsake").fetchall() == [("个案资料",)]
    copy.close()
    # A database already at head is not copied again.
    db = Database(f"sqlite:///{path}")
    assert upgrade_to_head(db) is None
    db.dispose()


def test_brand_new_file_needs_no_backup(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert upgrade_to_head(db) is None
    assert list(tmp_path.glob("*.bak")) == []
    db.dispose()


def test_a_new_index_of_an_analyzed_sqlite_file_gets_its_statistics(tmp_path: Path) -> None:
    """The planner guesses for an index without statistics beside indexes with them: the
    new index is analyzed when the migration adds it, and a file never analyzed stays so."""
    path = tmp_path / "stats.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade_to_head(db)
    downgrade(db, "0026")  # before ix_case_file_caseworker_unit_id
    with db.write_session() as s:  # cases to count (the models differ by the index only)
        demo_data.generate(s, Actor.system("t"), 5, seed=1)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    upgrade_to_head(db)

    def stats() -> set[str]:
        with db.engine.connect() as conn:
            return {r[0] for r in conn.exec_driver_sql("SELECT idx FROM sqlite_stat1")}

    assert "ix_case_file_caseworker_unit_id" in stats()
    db.dispose()
    fresh = Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    upgrade_to_head(fresh)
    with fresh.engine.connect() as conn:
        found = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).first()
    assert found is None
    fresh.dispose()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.dispose()
