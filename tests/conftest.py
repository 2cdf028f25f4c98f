"""Shared fixtures: a real database per test, on SQLite and on PostgreSQL.

Each engine gets one migrated template per test session; every test then gets its own copy
(a file copy for SQLite, CREATE DATABASE ... TEMPLATE for PostgreSQL), so tests are real and
fast. PostgreSQL comes from RESCUEDESK_TEST_PG_URL, which `make test` always sets; outside
CI a missing server skips those tests, in CI it fails them.
"""

from __future__ import annotations

import datetime as dt
import os

# Qt needs no screen for the tests (the Makefile sets this too; running pytest alone works).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from rescuedesk import clock
from rescuedesk.db import Database, upgrade_to_head
from rescuedesk.models.enums import Role, UnitKind
from rescuedesk.services.office import directory
from rescuedesk.services.office.context import Actor
from tests.factories import new_unit

PG_ENV = "RESCUEDESK_TEST_PG_URL"
ENGINES = ("sqlite", "postgresql")
FIXED_NOW = dt.datetime(2026, 11, 25, 10, 0, 0)


def pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV)


def require_pg() -> str:
    url = pg_admin_url()
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{PG_ENV} is not set: CI must test on PostgreSQL (run through make test)")
    pytest.skip(f"{PG_ENV} not set (make test starts a PostgreSQL server)")


class PgDatabases:
    """Creates and drops throwaway databases on the test server."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def url_for(self, name: str) -> str:
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            tmpl = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{tmpl}'))
        self.created.append(name)
        return self.url_for(name)

    def drop(self, name: str) -> None:
        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def drop_all(self) -> None:
        for name in reversed(self.created):
            self.drop(name)
        self.engine.dispose()


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PgDatabases]:
    pgs = PgDatabases(require_pg())
    yield pgs
    pgs.drop_all()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade_to_head(db)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template(pg_databases: PgDatabases) -> str:
    name = f"rd_tmpl_{os.getpid()}"
    url = pg_databases.create(name)
    db = Database(url)
    upgrade_to_head(db)
    db.dispose()
    return name


@pytest.fixture
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database on the engine the test is parametrised with."""
    engine = getattr(request, "param", "sqlite")
    if engine == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    pgs: PgDatabases = request.getfixturevalue("pg_databases")
    name = f"rd_empty_{uuid.uuid4().hex[:12]}"
    url = pgs.create(name)
    yield url
    pgs.drop(name)


@pytest.fixture(params=ENGINES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of a freshly migrated database, SQLite and PostgreSQL."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    pgs: PgDatabases = request.getfixturevalue("pg_databases")
    template_name: str = request.getfixturevalue("pg_template")
    name = f"rd_test_{uuid.uuid4().hex[:12]}"
    url = pgs.create(name, template=template_name)
    yield url
    pgs.drop(name)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[dt.datetime]:
    """Services read a fixed "now" (2026-11-25 10:00) so dates in tests are stable."""
    clock.set_clock(lambda: FIXED_NOW)
    yield FIXED_NOW
    clock.set_clock(None)


@pytest.fixture(autouse=True, scope="session")
def workstation_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """What the program keeps in the user's data directory (a PostgreSQL workstation's
    memory of audit heads) goes to a temporary one, never to the home of whoever tests."""
    path = tmp_path_factory.mktemp("workstation-data")
    patch = pytest.MonkeyPatch()
    patch.setenv("RESCUEDESK_DATA_DIR", str(path))
    # The remembered choice of database (config.py) too: never the tester's own.
    patch.setenv("RESCUEDESK_CONFIG_DIR", str(tmp_path_factory.mktemp("workstation-config")))
    yield path
    patch.undo()


@dataclass
class Staff:
    unit_id: int
    other_unit_id: int
    caseworker: Actor
    caseworker2: Actor
    supervisor: Actor
    supervisor2: Actor
    admin: Actor
    statistician: Actor
    other_unit_caseworker: Actor
    system: Actor


@pytest.fixture
def staff(db: Database) -> Staff:
    system = Actor.system("test")
    with db.write_session() as s:
        unit = new_unit(s, system)
        other = new_unit(
            s,
            system,
            code="LZ",
            name="兰州市民政局",
            kind=UnitKind.CIVIL_AFFAIRS_BUREAU,
            division_code="620102",
        )
        actors = {}
        for username, role, unit_id in (
            ("cw1", Role.CASEWORKER, unit.id),
            ("cw2", Role.CASEWORKER, unit.id),
            ("sup1", Role.SUPERVISOR, unit.id),
            ("sup2", Role.SUPERVISOR, unit.id),
            ("admin", Role.ADMIN, unit.id),
            ("stat", Role.STATISTICIAN, unit.id),
            ("cw_lz", Role.CASEWORKER, other.id),
        ):
            user = directory.create_user(
                s,
                system,
                {
                    "username": username,
                    "full_name": f"测试{username}",
                    "unit_id": unit_id,
                    "role": role,
                    "phone": "0451-12345678",
                },
            ).record
            actors[username] = Actor.for_user(user)
    return Staff(
        unit.id,
        other.id,
        actors["cw1"],
        actors["cw2"],
        actors["sup1"],
        actors["sup2"],
        actors["admin"],
        actors["stat"],
        actors["cw_lz"],
        system,
    )
