"""Deleting the newest audit events is found by `rescuedesk audit verify` (issue #11, item 4).

Someone with direct access to the database (the SQLite key from an account's slot, or a
PostgreSQL role) drops the append-only trigger and deletes the last events, or all of them.
The hash chain alone still holds for what is left; the head anchored outside the table
(security/audit_head.py) shows the cut, and verify exits 1 saying how many are missing.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from rescuedesk.config import sqlite_url
from rescuedesk.db import Database
from rescuedesk.security.encryption import KeySlots, keyslot_path, sqlcipher
from tests.entry.conftest import ADMIN, ADMIN_PASSWORD, CliResult, add_first_admin, run_cli

TAIL = "审计记录末尾被删除"
SEEN_FILE = "audit-heads.json"  # a PostgreSQL workstation's memory of heads, in its data dir


def anchor_path(db_or_backup: Path) -> Path:
    """The head of a SQLite database or backup, beside it and its key slots (NAME.keys)."""
    return db_or_backup.with_name(db_or_backup.name + ".audit-head")


@dataclass
class Office:
    """A database with an administrator and some work done, through the command line."""

    url: str
    data_dir: Path

    @property
    def sqlite(self) -> Path | None:
        return None if "://" in self.url else Path(self.url)

    def run(self, *args: str, password: str | None = ADMIN_PASSWORD) -> CliResult:
        return run_cli(
            ["--db", self.url, *args],
            password=password,
            env={"RESCUEDESK_DATA_DIR": str(self.data_dir)},
        )

    def as_admin(self, *args: str) -> CliResult:
        return self.run("--user", ADMIN, *args)

    def open(self) -> Database:
        """What an attacker with an account's password (SQLite) or a server role has."""
        if self.sqlite is None:
            return Database(self.url)
        key = KeySlots(keyslot_path(self.sqlite)).unlock(ADMIN, ADMIN_PASSWORD)
        assert key is not None
        return Database(sqlite_url(self.sqlite), cipher=sqlcipher(key))

    def count(self) -> int:
        db = self.open()
        try:
            with db.engine.connect() as conn:
                return int(conn.execute(text("SELECT count(*) FROM audit_event")).scalar_one())
        finally:
            db.dispose()

    def delete_last(self, n: int | None) -> None:
        """Drop the guard as an attacker would, then delete the last ``n`` events (None: all)."""
        db = self.open()
        try:
            with db.engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(text("DROP TRIGGER audit_event_append_only ON audit_event"))
                else:
                    conn.execute(text("DROP TRIGGER audit_event_no_delete"))
                if n is None:
                    if conn.dialect.name == "postgresql":
                        conn.execute(text("TRUNCATE audit_event"))
                    else:
                        conn.execute(text("DELETE FROM audit_event"))
                else:
                    conn.execute(
                        text(
                            "DELETE FROM audit_event WHERE id > "
                            "(SELECT max(id) FROM audit_event) - :n"
                        ),
                        {"n": n},
                    )
        finally:
            db.dispose()


def _new_office(url: str, data_dir: Path) -> Office:
    """An administrator (the file gets encrypted), two demo cases and a verify."""
    o = Office(url, data_dir)
    added = add_first_admin(url, env={"RESCUEDESK_DATA_DIR": str(data_dir)})
    assert added.code == 0, added.err
    for args in (("demo-data", "--persons", "2"), ("audit", "verify")):
        done = o.as_admin(*args)
        assert done.code == 0, done.err
    return o


@pytest.fixture(scope="module")
def templates() -> dict[str, Office]:
    """One office per engine, built through the command line once (subprocesses are slow)."""
    return {}


def _copy(request: pytest.FixtureRequest, engine: str, tmp_path: Path) -> Office:
    """A copy of the engine's template office: its database, anchor and the workstation's
    memory of heads."""
    templates: dict[str, Office] = request.getfixturevalue("templates")
    if engine == "postgresql":
        pgs = request.getfixturevalue("pg_databases")
    if engine not in templates:
        factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
        where = factory.mktemp(f"office-{engine}")
        if engine == "sqlite":
            url = str(where / "office.sqlite3")
        else:
            url = pgs.create(f"rd_tail_tmpl_{uuid.uuid4().hex[:8]}")
        templates[engine] = _new_office(url, where / "data")
    tmpl = templates[engine]
    data = tmp_path / "data"
    if tmpl.data_dir.exists():
        shutil.copytree(tmpl.data_dir, data)
    else:
        data.mkdir()
    if tmpl.sqlite is not None:
        for source in tmpl.sqlite.parent.glob(tmpl.sqlite.name + "*"):
            shutil.copyfile(source, tmp_path / source.name)
        return Office(str(tmp_path / tmpl.sqlite.name), data)
    template_name = make_url(tmpl.url).database
    name = f"rd_tail_{uuid.uuid4().hex[:12]}"
    url = pgs.create(name, template=template_name)
    request.addfinalizer(lambda: pgs.drop(name))
    seen = data / SEEN_FILE
    if seen.exists():
        text_ = seen.read_text(encoding="utf-8")
        seen.write_text(text_.replace(f"/{template_name}", f"/{name}"), encoding="utf-8")
    return Office(url, data)


@pytest.fixture(params=["sqlite", "postgresql"])
def office(request: pytest.FixtureRequest, tmp_path: Path) -> Office:
    return _copy(request, request.param, tmp_path)


@pytest.fixture
def sqlite_office(request: pytest.FixtureRequest, tmp_path: Path) -> Office:
    return _copy(request, "sqlite", tmp_path)


@pytest.fixture
def pg_office(request: pytest.FixtureRequest, tmp_path: Path) -> Office:
    return _copy(request, "postgresql", tmp_path)


def test_an_untouched_trail_verifies_and_shows_its_head(office: Office) -> None:
    events = office.count()
    first = office.as_admin("audit", "verify")
    assert first.code == 0, first.err
    assert "完整" in first.out and "链头" in first.out
    # Verify's log-in is the newest event when it reads the chain.
    assert f"第 {events + 1} 条" in first.out
    noted = re.search(r"--head (\d+:[0-9a-f]+)", first.out)
    assert noted is not None, first.out
    again = office.as_admin("audit", "verify", "--head", noted.group(1))
    assert again.code == 0, again.err


@pytest.mark.parametrize("n", [1, 5, 10])
def test_deleting_the_last_events_is_reported(office: Office, n: int) -> None:
    office.delete_last(n)
    result = office.as_admin("audit", "verify")
    assert result.code == 1, result.out + result.err
    assert TAIL in result.err and f"缺少 {n} 条" in result.err
    if n == 5:  # it stays reported: the log-ins written since do not paper over the cut
        again = office.as_admin("audit", "verify")
        assert again.code == 1 and f"缺少 {n} 条" in again.err


def test_deleting_every_event_is_reported(office: Office) -> None:
    events = office.count()
    office.delete_last(None)
    result = office.as_admin("audit", "verify")
    assert result.code == 1, result.out + result.err
    assert TAIL in result.err and f"缺少 {events} 条" in result.err


def test_deleting_the_tail_and_the_anchor_file_is_reported(sqlite_office: Office) -> None:
    o = sqlite_office
    assert o.sqlite is not None
    o.delete_last(None)
    anchor_path(o.sqlite).unlink()
    result = o.as_admin("audit", "verify")
    assert result.code == 1, result.out + result.err
    assert "锚点文件" in result.err and "audit anchor" in result.err
    # An administrator who has looked into it sets a new anchor; that is in the trail.
    reset = o.as_admin("audit", "anchor", "--reason", "核对过备份，重新建立锚点")
    assert reset.code == 0, reset.err
    assert o.as_admin("audit", "verify").code == 0


def test_a_deleted_head_row_and_tail_are_reported_by_the_workstation(pg_office: Office) -> None:
    """PostgreSQL: a role can delete the head row too; this workstation remembers the head."""
    o = pg_office
    seen = json.loads((o.data_dir / SEEN_FILE).read_text(encoding="utf-8"))
    assert next(iter(seen.values()))["seq"] == o.count()
    o.delete_last(3)
    db = o.open()
    try:
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM setting WHERE key = 'audit_head'"))
    finally:
        db.dispose()
    result = o.as_admin("audit", "verify")
    assert result.code == 1, result.out + result.err
    assert TAIL in result.err and "缺少 3 条" in result.err
    assert "服务器上的审计链头记录被删除" in result.err
    reset = o.as_admin("audit", "anchor", "--reason", "服务器管理员误删，已核对备份")
    assert reset.code == 0, reset.err
    assert o.as_admin("audit", "verify").code == 0


def test_a_backup_carries_its_head(sqlite_office: Office, tmp_path: Path) -> None:
    o = sqlite_office
    out = tmp_path / "copy.sqlite3"
    assert o.as_admin("backup", "--out", str(out)).code == 0
    head = json.loads(anchor_path(out).read_text(encoding="utf-8"))
    copy = Office(str(out), tmp_path / "data")
    assert head["seq"] == copy.count() and head["keyed"] is True


def test_a_head_noted_down_catches_a_forged_anchor(sqlite_office: Office) -> None:
    """Whoever holds the SQLite key can rewrite the anchor file too (docs/security.md):
    the head the auditor wrote down at the last verify still shows the cut."""
    from rescuedesk.security import audit_head  # the attacker's tool: the program's own code

    o = sqlite_office
    assert o.sqlite is not None
    shown = o.as_admin("audit", "verify")
    noted = re.search(r"--head (\d+:[0-9a-f]+)", shown.out)
    assert shown.code == 0 and noted is not None, shown.out + shown.err
    o.delete_last(3)
    db = o.open()
    try:
        with db.engine.connect() as conn:
            head = audit_head.last_head(conn)
        audit_head.write_file(anchor_path(o.sqlite), audit_head.make_anchor(head, db.key))
    finally:
        db.dispose()
    assert o.as_admin("audit", "verify").code == 0  # the forged anchor agrees
    result = o.as_admin("audit", "verify", "--head", noted.group(1))
    assert result.code == 1 and TAIL in result.err and "您此前记下的链头" in result.err
    bad = o.as_admin("audit", "verify", "--head", "12")
    assert bad.code == 2 and "链头" in bad.err
