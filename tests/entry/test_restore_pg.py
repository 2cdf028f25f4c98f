"""PostgreSQL: `rescuedesk backup` (pg_dump -Fc) restored with pg_restore into a fresh database.

Sealed columns travel as ciphertext and the data key travels wrapped in `field_key_slot`, one
slot per account: the restored database opens with the passwords valid at dump time, every
row and slot is as it was, and the audit chain verifies (docs/backup.md).
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from rescuedesk.db import Database
from rescuedesk.models import Person
from rescuedesk.services.office import vault
from tests.conftest import PgDatabases
from tests.entry.conftest import ADMIN, ADMIN_PASSWORD, CliRunner, add_account, add_first_admin

LATE_PASSWORD = "后来加的-长密码-2026"


def _rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
            return {
                t: sorted((tuple(r) for r in conn.execute(text(f'SELECT * FROM "{t}"'))), key=repr)
                for t in tables
            }
    finally:
        engine.dispose()


def _execute(url: str, *statements: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for sql in statements:
                conn.execute(text(sql))
    finally:
        engine.dispose()


def _pg_restore(dump: Path, url: str) -> None:
    u = make_url(url)
    args = [shutil.which("pg_restore") or "pg_restore", "--exit-on-error", "--no-owner"]
    args += [f"--host={u.host}", f"--port={u.port or 5432}", f"--username={u.username}"]
    args += [f"--dbname={u.database}", str(dump)]
    env = {"PGPASSWORD": u.password} if u.password else {}
    done = subprocess.run(
        args, capture_output=True, text=True, check=False, env={**_base_env(), **env}
    )
    assert done.returncode == 0, done.stderr


def _names(url: str) -> list[str]:
    """The persons' names as the program reads them after the administrator logs in."""
    db = Database(url)
    try:
        vault.log_in(db, ADMIN, ADMIN_PASSWORD)
        with db.read_session() as session:
            names = session.scalars(select(Person.real_name).order_by(Person.id)).all()
    finally:
        db.dispose()
    assert any(names)  # (a person of unknown identity has only an alias)
    return list(names)


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def test_pg_dump_round_trip_keeps_rows_key_slots_and_audit_chain(
    cli: CliRunner, pg_databases: PgDatabases, tmp_path: Path
) -> None:
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore not installed (scripts/setup.sh installs postgresql)")
    suffix = uuid.uuid4().hex[:10]
    src = pg_databases.create(f"rd_bk_{suffix}")
    db = ["--db", src]
    r = add_first_admin(src)
    assert r.code == 0, r.err
    r = cli([*db, "--user", ADMIN, "demo-data", "--persons", "6"], password=ADMIN_PASSWORD)
    assert r.code == 0, r.err
    dump = tmp_path / "office.dump"
    r = cli([*db, "--user", ADMIN, "backup", "--out", str(dump)], password=ADMIN_PASSWORD)
    assert r.code == 0, r.err
    at_dump = _rows(src)
    assert at_dump["field_key_slot"] and at_dump["person"] and at_dump["follow_up_visit"]
    # Sealed columns are stored encrypted: the dump holds no name in clear.
    assert b"\xe5\xbc\xa0" not in dump.read_bytes()  # no "张" anywhere in it
    # Compressed at level 1: ciphertext does not compress, and the default level 6 took four
    # times as long at 1,000,000 persons for it.
    toc = subprocess.run(
        [shutil.which("pg_restore") or "pg_restore", "--list", str(dump)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert ";     Compression: 1\n" in toc, toc[:400]

    # After the dump: rows deleted and changed, another account (with its own key slot).
    r = add_account(src, "late", "auditor", LATE_PASSWORD)
    assert r.code == 0, r.err
    _execute(src, "DELETE FROM follow_up_visit", "UPDATE case_file SET stage = 'closed'")
    assert len(_rows(src)["field_key_slot"]) == len(at_dump["field_key_slot"]) + 1

    name = f"rd_rs_{suffix}"
    fresh = pg_databases.create(name)
    _pg_restore(dump, fresh)

    restored = _rows(fresh)

    def without_head(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
        return [r for r in rows if r[0] != "audit_head"]

    for table, rows in at_dump.items():
        if table == "setting":  # the anchored audit head moves with the chain (below)
            assert without_head(restored[table]) == without_head(rows), table
        elif table != "audit_event":
            assert restored[table] == rows, table
    # The dump was taken inside the backup command, before it recorded the backup itself.
    events = sorted(restored["audit_event"])
    assert events == sorted(at_dump["audit_event"])[: len(events)]
    assert len(events) >= len(at_dump["audit_event"]) - 1
    # ... and the head anchored in the dump is within it: the backup command's own log-in,
    # written before the data key is unwrapped, is anchored by that workstation's next commit.
    (head,) = [r for r in restored["setting"] if r[0] == "audit_head"]
    assert len(events) - 1 <= head[1]["seq"] <= len(events)

    r = cli(["--db", fresh, "--user", ADMIN, "audit", "verify"], password=ADMIN_PASSWORD)
    assert r.code == 0, r.err
    assert _names(fresh) == _names(src)  # the sealed columns open with the restored slots
    r = cli(["--db", fresh, "--user", "late", "audit", "verify"], password=LATE_PASSWORD)
    assert r.code == 2  # the account made after the dump does not exist there


def test_restore_command_points_postgresql_to_pg_restore(
    cli: CliRunner, pg_databases: PgDatabases, tmp_path: Path
) -> None:
    url = pg_databases.create(f"rd_rs_{uuid.uuid4().hex[:10]}")
    dump = tmp_path / "x.dump"
    dump.write_bytes(b"PGDMP")
    r = cli(["--db", url, "--user", ADMIN, "restore", str(dump)], password=ADMIN_PASSWORD)
    assert r.code == 2
    assert "pg_restore" in r.err and len(r.err.strip().splitlines()) == 1
