"""Migrations are the only way the schema changes, and they agree with the models."""

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from rescuedesk.db import Database, current_revision, downgrade, head_revision, upgrade_to_head
from rescuedesk.models import Base
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


def test_sqlite_pragmas(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.dispose()
