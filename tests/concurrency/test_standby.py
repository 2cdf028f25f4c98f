"""A province's server with a hot standby (docs/deployment.md), on loopback, owned by the test.

The test starts its own primary (initdb, WAL for replication) and a streaming-replication
standby made with ``pg_basebackup -R``, then, through the `rescuedesk` command:

(a) the statistician's annual report and the de-identified export read on the standby
    (``--db`` the standby, ``--primary`` the primary); the standby alone refuses in words,
    because a log-in and those reads are audited and a standby cannot be written;
(b) the primary stops: a workstation that had a connection open gets a sentence, not a
    traceback; once the standby is promoted, the same workstation's next action reconnects
    (its URL names both servers), a command pointed at the new primary works, and
    ``audit verify`` finds one unbroken chain with the events of before and after.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from rescuedesk.db import Database
from rescuedesk.errors import DatabaseUnavailable
from rescuedesk.services import workspace
from rescuedesk.services.casefile.case_queries import list_cases
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office import accounts, vault
from rescuedesk.services.office.context import Actor
from tests.entry.conftest import ADMIN, ADMIN_PASSWORD, run_cli

PASSWORD = "热备-统计-长密码-2026"
ACCOUNTS = {
    "stat": ("statistician", None, PASSWORD),
    "sup": ("supervisor", "HLJ-HRB", PASSWORD),
}
DATABASE = "rescuedesk"
SERVER_TOOLS = ("initdb", "pg_ctl", "postgres", "pg_basebackup")


def _bindir() -> Path | None:
    """Where the server tools are, found as scripts/with-postgres.sh finds them."""
    candidates = []
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).resolve().parent)
    candidates += sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    for d in candidates:
        if all(os.access(d / tool, os.X_OK) for tool in SERVER_TOOLS):
            return d
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    data: Path
    port: int

    def url(self, database: str = DATABASE) -> str:
        return URL.create(
            "postgresql+psycopg",
            username="postgres",
            host="127.0.0.1",
            port=self.port,
            database=database,
        ).render_as_string()


class Cluster:
    """initdb, pg_ctl and pg_basebackup, run as the postgres system user when root."""

    def __init__(self, bindir: Path, root: Path) -> None:
        self.bindir = bindir
        self.root = root
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.started: list[Server] = []

    def run(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            [*self.as_pg, str(self.bindir / tool), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, f"{tool} {args}: {done.stdout}{done.stderr}"

    def start(self, server: Server) -> None:
        options = (
            f"-p {server.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c wal_level=replica -c max_wal_senders=4 -c hot_standby=on"
        )
        log = self.root / f"{server.data.name}.log"
        self.run("pg_ctl", "-D", str(server.data), "-l", str(log), "-o", options, "-w", "start")
        self.started.append(server)

    def stop(self, server: Server) -> None:
        self.run("pg_ctl", "-D", str(server.data), "-m", "fast", "-w", "stop")
        self.started.remove(server)

    def primary(self) -> Server:
        server = Server(self.root / "primary", _free_port())
        self.run(
            "initdb",
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-locale",
            "-D",
            str(server.data),
        )
        self.start(server)
        engine = create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{DATABASE}"'))
        engine.dispose()
        return server

    def standby_of(self, primary: Server) -> Server:
        server = Server(self.root / "standby", _free_port())
        self.run(
            "pg_basebackup",
            "-D",
            str(server.data),
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-X",
            "stream",
            "-R",
            "-c",
            "fast",
        )
        self.start(server)
        return server


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    bindir = _bindir()
    if bindir is None:
        why = (
            f"the PostgreSQL server tools ({', '.join(SERVER_TOOLS)}) are not installed "
            "(scripts/setup.sh installs them as root)"
        )
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    if os.geteuid() == 0 and subprocess.run(["id", "postgres"], capture_output=True).returncode:
        pytest.skip("running as root without a 'postgres' system user to run a server as")
    # Unix socket paths are short, and as root the postgres user must reach the directory.
    root = Path(tempfile.mkdtemp(prefix="rd-standby-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    made = Cluster(bindir, root)
    try:
        yield made
    finally:
        for server in list(made.started):
            subprocess.run(
                [
                    *made.as_pg,
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(server.data),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ],
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(root, ignore_errors=True)


def _scalar(url: str, sql: str) -> object:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def _reads_on(standby: Server) -> int:
    """Table scans the standby itself has served (its own statistics: reads made there)."""
    return int(
        _scalar(  # type: ignore[arg-type]
            standby.url(),
            "SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables "
            "WHERE relname IN ('case_file', 'person')",
        )
    )


def _caught_up(primary: Server, standby: Server) -> None:
    """Wait until the standby has replayed everything the primary has written."""
    target = _scalar(primary.url(), "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + 20
    while not _scalar(standby.url(), f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
        assert time.monotonic() < deadline, "the standby did not catch up"
        time.sleep(0.05)


def _office(url: str) -> None:
    """Demo cases, the first administrator and the accounts of ACCOUNTS, made in this
    process: each command started costs seconds of imports, kept for what is tested."""
    db = Database(url)
    try:
        workspace.upgrade(workspace.Opened(db, Actor.system("t")))
        with db.write_session() as s:
            demo_data.generate(s, Actor.system("t"), 60, seed=5)
        by: Actor | None = None
        for name, (role, unit, password) in {
            ADMIN: ("admin", None, ADMIN_PASSWORD),
            **ACCOUNTS,
        }.items():

            def create(session: Session, name=name, role=role, unit=unit, password=password, by=by):  # type: ignore[no-untyped-def]
                data = {
                    "username": name,
                    "full_name": name,
                    "role": role,
                    "unit_id": accounts.unit_by_code(session, unit).id if unit else None,
                    "phone": "0451-12345678",
                }
                return accounts.create_account(session, by, data, password)

            vault.add_account(db, name, password, create)
            if by is None:
                by = vault.log_in(db, ADMIN, ADMIN_PASSWORD)  # holds the key from now on
    finally:
        db.dispose()


@pytest.mark.slow
def test_reports_read_on_the_standby_and_the_chain_survives_a_failover(
    cluster: Cluster, tmp_path: Path
) -> None:
    primary = cluster.primary()
    _office(primary.url())
    standby = cluster.standby_of(primary)
    _caught_up(primary, standby)

    def as_stat(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
        return run_cli(["--user", "stat", *args], password=PASSWORD, stdin=stdin)

    # (a) The standby alone: refused in words, nothing written, no file.
    alone = as_stat(
        "--db",
        standby.url(),
        "report",
        "annual",
        "--year",
        "2025",
        "--out",
        str(tmp_path / "alone.pdf"),
    )
    assert alone.code == 2, alone.err
    assert "只读的热备服务器" in alone.err and "--primary" in alone.err, alone.err
    assert f"127.0.0.1:{primary.port}" in alone.err  # where it replicates from
    assert "Traceback" not in alone.err and not (tmp_path / "alone.pdf").exists()
    add = run_cli(
        [
            "--db",
            standby.url(),
            "--user",
            ADMIN,
            "user",
            "add",
            "x",
            "--role",
            "caseworker",
            "--password-stdin",
        ],
        password=ADMIN_PASSWORD,
        stdin="某个-新的-长密码-2026\n",
    )
    assert add.code == 2 and "只读" in add.err and "Traceback" not in add.err, add.err

    # With the primary named, the report and the export read on the standby and are
    # audited on the primary.
    before = _reads_on(standby)
    with_primary = ("--db", standby.url(), "--primary", primary.url())
    report = as_stat(
        *with_primary, "report", "annual", "--year", "2025", "--out", str(tmp_path / "annual.xlsx")
    )
    assert report.code == 0, report.err
    assert (tmp_path / "annual.xlsx").stat().st_size > 0
    export = as_stat(
        *with_primary,
        "export",
        "deidentified",
        "--k",
        "2",
        "--l",
        "1",
        "--suppression-limit",
        "50",
        "--out",
        str(tmp_path / "deid.csv"),
        "--passphrase-stdin",
        stdin="化名口令-热备-2026\n",
    )
    assert export.code == 0, export.err
    assert (tmp_path / "deid.csv").read_text(encoding="utf-8-sig").count("\n") > 1
    assert _reads_on(standby) > before, "the report and the export did not read on the standby"
    audited = _scalar(
        primary.url(),
        "SELECT string_agg(e.action, ',' ORDER BY e.id) FROM audit_event e "
        "JOIN app_user u ON u.id = e.user_id WHERE u.username = 'stat' "
        "AND e.action IN ('report', 'export')",
    )
    assert audited == "report,export"

    # (b) A workstation whose URL names both servers, the primary first, with a connection
    # open (its pool keeps it after the first action).
    both = URL.create(
        "postgresql+psycopg",
        username="postgres",
        database=DATABASE,
        query={
            "host": (f"127.0.0.1:{primary.port}", f"127.0.0.1:{standby.port}"),
            "target_session_attrs": "read-write",
        },
    ).render_as_string()
    opened = workspace.open_workspace(both, "sup", PASSWORD)
    station, sup = opened.db, opened.actor
    try:

        def look() -> int:  # the case list, an audited read: it writes an event
            return len(station.run_write(lambda s: list_cases(s, sup, limit=5).rows))

        assert look() > 0
        events_before = int(_scalar(primary.url(), "SELECT count(*) FROM audit_event"))  # type: ignore[arg-type]
        _caught_up(primary, standby)
        cluster.stop(primary)

        with pytest.raises(DatabaseUnavailable) as lost:
            look()
        assert "连接中断" in lost.value.message and "再试一次" in lost.value.message

        cluster.run("pg_ctl", "-D", str(standby.data), "-w", "promote")
        assert look() > 0  # the same workstation, reconnected to the new primary
    finally:
        station.dispose()

    listed = run_cli(
        ["--db", standby.url(), "--user", "sup", "case", "list", "--limit", "3"], password=PASSWORD
    )
    assert listed.code == 0, listed.err
    assert len(listed.out.splitlines()) == 3
    verified = run_cli(["--db", both, "--user", ADMIN, "audit", "verify"], password=ADMIN_PASSWORD)
    assert verified.code == 0, verified.err
    assert "审计记录完整" in verified.out, verified.out
    events_after = int(_scalar(standby.url(), "SELECT count(*) FROM audit_event"))  # type: ignore[arg-type]
    # The workstation's read after the promotion, the command's and the verify's log-in.
    assert events_after >= events_before + 3
    assert f"共 {events_after - 1} 条" in verified.out or f"共 {events_after} 条" in verified.out
