"""Engines, sessions, SQLite pragmas and start-up migration.

SQLite runs with foreign keys on, WAL, a busy timeout, and writes under ``BEGIN IMMEDIATE`` so
that two writers queue instead of failing half-way. Read-only work uses :func:`read_session`,
which begins a deferred transaction and so never waits for a writer under WAL.

This module knows no cryptography: an encrypted SQLite file is opened through the
:class:`Cipher` its caller hands in (security/encryption.py's ``SqlCipher``, built by whoever
unwrapped the key), and PostgreSQL's sealed columns only learn here whether the database
is protected (security/field_crypto.py reads it).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from rescuedesk.netshare import ensure_local_sqlite_path
from rescuedesk.progress import Cancelled

BUSY_TIMEOUT_MS = 30_000
# PostgreSQL's SQLSTATEs for a transaction that lost a race with another one and may simply
# be run again: deadlock_detected and serialization_failure.
LOST_RACE_SQLSTATES = frozenset({"40P01", "40001"})
WRITE_ATTEMPTS = 3

# Set on a PostgreSQL engine's dialect at its first connection: does the database hold
# field key slots? (security/field_crypto.py then never writes a value in clear into it.)
FIELDS_PROTECTED = "rescuedesk_fields_protected"
# The SQLCipher key on the dialect of an encrypted file's engine (audit_head's HMAC).
SQLCIPHER_KEY = "rescuedesk_sqlcipher_key"

T = TypeVar("T")


class Cipher(Protocol):
    """The key of an encrypted SQLite file and the way to open a DB-API connection to it
    (security/encryption.py's SqlCipher)."""

    @property
    def key(self) -> bytes: ...

    def connect(self, path: Path, **kwargs: Any) -> Any:
        """A DB-API connection to ``path`` with the key set; ``kwargs`` as sqlite3.connect's."""
        ...


def lost_race(exc: BaseException) -> bool:
    """Did the database abort this transaction only because another one held its locks?"""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return code in LOST_RACE_SQLSTATES


def is_sqlite(url_or_engine: str | Engine) -> bool:
    url = url_or_engine.url if isinstance(url_or_engine, Engine) else make_url(url_or_engine)
    return url.get_backend_name() == "sqlite"


def sqlite_file(url: str | URL) -> Path | None:
    u = make_url(url)  # (a URL object is returned as it is)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def make_engine(
    url: str | URL, *, check_location: bool = True, echo: bool = False, cipher: Cipher | None = None
) -> Engine:
    """Create an engine configured for RescueDesk's transaction rules.

    ``cipher``: opens the connections of an encrypted SQLite database (its factory).
    """
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        path = sqlite_file(u)
        if path is not None:
            if check_location:
                ensure_local_sqlite_path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        # A file's pool hands out the connection returned last (LIFO): each connection keeps
        # its own page cache (CACHE_KIB), and a queue (FIFO) would take turns between the
        # connections a moment of two threads at once left in it, so that every one of them
        # filled its cache with the same pages; one stays warm, the others idle and small.
        # (":memory:" has a pool of one connection per thread, which takes no such option.)
        pool = {"pool_use_lifo": True} if path is not None else {}
        if cipher is not None:
            engine = _sqlcipher_engine(u, path, cipher, echo, pool)
        else:
            engine = create_engine(
                u, echo=echo, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **pool
            )
        _configure_sqlite(engine)
        return engine
    if u.get_backend_name() == "postgresql" and u.drivername == "postgresql":
        u = u.set(drivername="postgresql+psycopg")
    # Plan every execution with its values: psycopg prepares repeated statements, and a
    # generic plan cannot tell a narrow prefix range from a scan of the whole table.
    engine = create_engine(
        u,
        echo=echo,
        pool_pre_ping=True,
        # JIT compiles for tens of milliseconds: a loss for the short queries of a desktop app.
        connect_args={"options": "-c plan_cache_mode=force_custom_plan -c jit=off"},
    )
    if u.get_backend_name() == "postgresql":
        _configure_field_encryption(engine)
        _configure_server_loss(engine)
    return engine


def read_only_server(engine: Engine) -> bool:
    """Does this server refuse writes? A hot standby (``pg_is_in_recovery``) or a server set
    to ``default_transaction_read_only``; a SQLite file never."""
    if engine.dialect.name != "postgresql":
        return False
    with engine.connect() as conn:
        return conn.exec_driver_sql("SHOW transaction_read_only").scalar() == "on"


def primary_of_standby(engine: Engine) -> str | None:
    """Where a standby streams from (host:port), to name in a message; None if unknown."""
    with engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT sender_host, sender_port FROM pg_stat_wal_receiver"
        ).first()
    return f"{row[0]}:{row[1]}" if row and row[0] else None


# SQLSTATE classes of a server that went away or is going: connection_exception (08),
# operator_intervention (57: admin_shutdown, crash_shutdown, cannot_connect_now).
_SERVER_LOSS_CLASSES = ("08", "57")
READ_ONLY_SQLSTATE = "25006"  # read_only_sql_transaction: a write sent to a hot standby
READ_ONLY_MESSAGE = "此数据库是只读的热备服务器，不能写入：请连接主服务器，或加 --primary 指定。"


def _configure_server_loss(engine: Engine) -> None:
    """A server that stops answering (stopped, crashed, failed over to a standby) reaches the
    user as a sentence, not a driver's traceback. The pool drops its connections (SQLAlchemy
    does so for a disconnect even when the error is replaced), so the next action connects
    anew, and a URL that names the primary and the standby
    (``?host=a:5432&host=b:5432&target_session_attrs=read-write``) finds whichever of them
    is now the primary."""
    from rescuedesk.errors import DatabaseUnavailable, ReadOnlyDatabase

    @event.listens_for(engine, "handle_error")
    def _server_lost(ctx: Any) -> None:
        orig = ctx.original_exception
        code = getattr(orig, "sqlstate", None) or ""
        if code == READ_ONLY_SQLSTATE:
            raise ReadOnlyDatabase(READ_ONLY_MESSAGE)
        connecting = ctx.connection is None or ctx.is_pre_ping
        if (
            ctx.is_disconnect
            or code.startswith(_SERVER_LOSS_CLASSES)
            or (connecting and not code and isinstance(ctx.sqlalchemy_exception, DBAPIError))
        ):
            detail = str(orig).strip().splitlines()[0] if str(orig).strip() else ""
            raise DatabaseUnavailable(detail)


def _configure_field_encryption(engine: Engine) -> None:
    """PostgreSQL's sealed columns (security/field_crypto.py): learn on the first connection
    whether the database is protected, so nothing is ever written in clear into one; and let
    the columns' errors ("damaged", "log in first") reach the caller as they are."""
    from rescuedesk.errors import DomainError

    @event.listens_for(engine, "first_connect")
    def _learn_protection(dbapi_conn: Any, _record: object) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute("SELECT to_regclass('field_key_slot') IS NOT NULL")
            protected = bool(cur.fetchone()[0])
            if protected:
                cur.execute("SELECT EXISTS (SELECT 1 FROM field_key_slot)")
                protected = bool(cur.fetchone()[0])
        dbapi_conn.rollback()
        setattr(engine.dialect, FIELDS_PROTECTED, protected)

    @event.listens_for(engine, "handle_error")
    def _domain_errors_unwrapped(ctx: Any) -> None:
        if isinstance(ctx.original_exception, DomainError):
            raise ctx.original_exception


def _sqlcipher_engine(
    u: URL, path: Path | None, cipher: Cipher, echo: bool, pool: dict[str, Any]
) -> Engine:
    import sqlcipher3

    if path is None:
        raise ValueError("an encrypted database needs a file")

    def connect() -> Any:
        return cipher.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)

    engine = create_engine(u, echo=echo, module=sqlcipher3, creator=connect, **pool)
    setattr(engine.dialect, SQLCIPHER_KEY, cipher.key)  # audit_head's HMAC
    return engine


CACHE_KIB = 128 * 1024


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite would defer it).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        # Up to 128 MiB of pages per connection (the default is 2 MiB; a page is held only
        # once read, so a small file never takes more than its size): SQLCipher decrypts
        # every page read anew, and the case list's search reads the same index and table
        # pages keystroke after keystroke (梅 at 100,000 persons: 87 ms with 2 MiB, 10 ms with
        # 32). Less costs time at 1,000,000 persons (issue #16, the bench's keystrokes searched
        # in the window, on a copy, load 4-5): with 96 MiB the provincial supervisor's 哈尔滨
        # took 0.8-1.2 s instead of 0.2, with 64 the HLJ-HRB supervisor's 梅 and mei 1.1-1.2 s
        # instead of 0.1-0.2. With 128 that window held 367 MB (334 with 96, 306 with 64).
        cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        # Deleted and overwritten content is zeroed, not left in free space: a purge must
        # not leave a person's key or values readable to whoever later opens the file.
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        if conn.get_execution_options().get("rescuedesk_readonly"):
            # Straight to the driver: a deferred BEGIN takes no lock, so never fails for
            # one, and SQLAlchemy's own execution of it was a tenth of a keystroke that finds
            # nothing at 1,000,000 persons (issue #16).
            conn.connection.driver_connection.execute("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """An engine and the two kinds of session a user action needs."""

    def __init__(
        self,
        url: str,
        *,
        check_location: bool = True,
        echo: bool = False,
        cipher: Cipher | None = None,
        read_url: str | None = None,
    ) -> None:
        """``read_url``: a hot standby of the server ``url`` names; read sessions (reports,
        exports, checks) go there, everything that writes, audit included, to ``url``."""
        self.url = url
        self.read_url = read_url
        parsed = make_url(url)  # once: the engine, the file's path and the backups use it
        self.path = sqlite_file(parsed)
        self.cipher = cipher  # kept to copy the file encrypted
        # The key to wrap for new accounts: the file's SQLCipher key, or on PostgreSQL the
        # field key once a log-in unwrapped it (security/field_slots.install).
        self.key: bytes | None = cipher.key if cipher is not None else None
        self.engine = make_engine(parsed, check_location=check_location, echo=echo, cipher=cipher)
        self.read_engine = self.engine if read_url is None else make_engine(read_url, echo=echo)
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(
            self.read_engine.execution_options(rescuedesk_readonly=True), expire_on_commit=False
        )

    @property
    def engines(self) -> tuple[Engine, ...]:
        """The engine that writes, and the standby's when reads go there."""
        if self.read_engine is self.engine:
            return (self.engine,)
        return (self.engine, self.read_engine)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.engine)

    @contextmanager
    def write_session(self) -> Iterator[Session]:
        """One transaction for one user action: committed on success, rolled back on error."""
        with self._write.begin() as session:
            yield session

    def run_write(self, work: Callable[[Session], T], *, attempts: int = WRITE_ATTEMPTS) -> T:
        """``work(session)`` in one write transaction, run again from the start (a few times)
        when PostgreSQL aborts it for a deadlock or a serialisation failure.

        ``work`` must do nothing outside the database that a second run would repeat badly.
        If the last attempt loses too, DatabaseBusy says so in words (not "damaged file").
        """
        for attempt in range(1, attempts + 1):
            try:
                with self.write_session() as session:
                    return work(session)
            except DBAPIError as exc:
                if not lost_race(exc):
                    raise
                if attempt == attempts:
                    from rescuedesk.errors import DatabaseBusy

                    raise DatabaseBusy() from exc
                # A short random pause, so the transactions that collided do not meet again.
                time.sleep(random.uniform(0.01, 0.05) * attempt)
        raise AssertionError("unreachable")

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A transaction that writes nothing: counts, reports, checks.

        Reading a person's record is audited, which is a write: use write_session for it
        (the audit chain refuses to be extended from here).
        """
        with self._read.begin() as session:
            yield session

    def dispose(self) -> None:
        for engine in self.engines:
            engine.dispose()


# ---------------------------------------------------------------- migrations


def alembic_config(connection=None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    here = Path(__file__).parent
    cfg = Config()
    cfg.set_main_option("script_location", str(here / "migrations"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def connect_sqlite(path: Path, cipher: Cipher | None = None, *, readonly: bool = False) -> Any:
    """A plain DB-API connection, through SQLCipher when the file is encrypted."""
    if cipher is None:
        return (
            sqlite3.connect(f"file:{path}?mode=ro", uri=True) if readonly else sqlite3.connect(path)
        )
    return cipher.connect(path)


def copy_sqlite(
    source: Path,
    target: Path,
    cipher: Cipher | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> None:
    """A consistent copy of the database, even while others write: one self-contained file
    (its journal mode DELETE) at ``target``, an existing file there overwritten in place
    (so keeping its permissions).

    The file's pages are copied as they lie on disk, an encrypted database still encrypted
    under its key: SQLite's backup API would decrypt every page and encrypt it again, most of
    a backup's time. The copy is consistent because a read transaction is held on the
    source meanwhile (see _copy_snapshot). With ``progress``, (pages copied, pages) after
    every BACKUP_STEP pages; False stops the copy (the caller removes ``target``).
    """
    sides = (_side(target, "-wal"), _side(target, "-shm"))
    for side in sides:  # left by an earlier copy: SQLite would replay that WAL into this one
        side.unlink(missing_ok=True)
    try:
        src = connect_sqlite(source, cipher, readonly=True)
        try:
            _copy_snapshot(src, source, target, progress)
        finally:
            src.close()
        # The copied WAL's commits join the copy, and it becomes one file: SQLite recovers a
        # WAL whose last frames were cut off by a writer as it would after a power cut.
        dst = connect_sqlite(target, cipher)
        try:
            dst.execute("PRAGMA journal_mode=DELETE").fetchall()
        finally:
            dst.close()
        with open(target, "rb+") as f:
            os.fsync(f.fileno())
    finally:
        for side in sides:
            side.unlink(missing_ok=True)


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _copy_snapshot(
    src: Any, source: Path, target: Path, progress: Callable[[int, int], bool] | None
) -> None:
    """Copy the database file and its WAL while ``src`` holds a read transaction.

    Why that is a consistent copy, by SQLite's WAL rules (sqlite.org/wal.html, wal.c):
    while a reader holds its snapshot, no checkpoint writes a page into the database file
    newer than that snapshot, and the WAL is not started over, so the WAL frames the
    snapshot needs stay in place; writers only append frames after them. The database file
    plus the WAL as read is therefore a database in a committed state, at the snapshot or
    after it: a frame torn by a writer, or a stale one, fails the WAL's running checksum
    and the recovery stops at the last whole commit before it. In rollback-journal mode
    the reader's shared lock keeps writers from committing at all.
    """
    src.isolation_level = None  # the transaction is ours to begin and end
    src.execute("BEGIN")
    try:
        # The snapshot starts at the first read, which also proves the key.
        page = int(src.execute("PRAGMA page_size").fetchone()[0])
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()
        wal = _side(source, "-wal")
        parts = [(source, target)]
        if wal.exists() and wal.stat().st_size > 0:
            parts.append((wal, _side(target, "-wal")))
        total = sum(-(-part.stat().st_size // page) for part, _ in parts)
        done = 0
        step = BACKUP_STEP * page
        buffer = memoryview(bytearray(step))
        for part, out in parts:
            with open(part, "rb", buffering=0) as f, _open_private(out) as w:
                while n := _read_chunk(f, buffer, page, lock_page=part == source):
                    w.write(buffer[:n])
                    done += -(-n // page)
                    if progress is not None and not progress(min(done, total), total):
                        raise Cancelled  # the caller removes the partial file
        if progress is not None:
            progress(total, total)
    finally:
        if src.in_transaction:  # (a read that failed may have ended it)
            src.execute("ROLLBACK")


# SQLite's lock-byte page, in a database file over 1 GiB: SQLite never stores anything in it,
# and on Windows its bytes are locked (LockFileEx, mandatory there) while connections take
# their locks, so that reading them may fail. The copy gets zeros there.
LOCK_BYTE_OFFSET = 0x40000000


def _read_chunk(f: Any, buffer: memoryview, page: int, *, lock_page: bool) -> int:
    """Read the next chunk of ``f`` into ``buffer``; the number of bytes (0 at the end).
    With ``lock_page``, a chunk stops short of the lock-byte page, which reads as zeros."""
    at = f.tell()
    if lock_page and at == LOCK_BYTE_OFFSET:
        rest = os.fstat(f.fileno()).st_size - at
        if rest <= 0:
            return 0
        size = min(page, rest)
        buffer[:size] = bytes(size)
        f.seek(size, os.SEEK_CUR)
        return size
    if lock_page and at < LOCK_BYTE_OFFSET < at + len(buffer):
        return f.readinto(buffer[: LOCK_BYTE_OFFSET - at]) or 0
    return f.readinto(buffer) or 0


def _open_private(path: Path) -> Any:
    """``path`` for writing from its start: an existing file is written in place, so it keeps
    its mode (the backup's 0600 .part); a new one is readable by its owner only."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    return open(os.open(path, flags, 0o600), "wb")


# Pages per step of a copy with progress (4 MB of 4 KB pages): coarse enough to cost nothing.
BACKUP_STEP = 1024
# A check with progress: SQLite asks the handler every CHECK_STEPS steps, which passes the
# question on to the progress at most every CHECK_ASK_S seconds (a GUI's signal each time).
CHECK_STEPS = 1000
CHECK_ASK_S = 0.2


def check_copy(
    path: Path,
    cipher: Cipher | None = None,
    *,
    quick: bool = False,
    progress: Callable[[int, int], bool] | None = None,
) -> list[str]:
    """The problems found in a copied file; [] when it is sound. The backup and the restore
    check their copies with it.

    In full: SQLCipher's HMAC of every page, when encrypted (a page that did not arrive
    whole, or not under this key), then SQLite's integrity check. With ``quick``, only its
    quick_check: every b-tree page, row and overflow page is read and checked, and SQLCipher
    authenticates each page as it reads it (only free pages go unread), but indexes are not
    matched against their tables' rows: the full check does that with one index lookup per
    row and index, several times the whole backup's time on a large file. A file SQLite
    cannot read at all is a problem named too, not an error.

    With ``progress``: (0, 0) now and then while the check runs (it counts nothing it could
    show), and False stops the check (Cancelled)."""
    conn = connect_sqlite(path, cipher)
    cancelled = False
    if progress is not None:
        last = time.monotonic()

        def asked() -> int:  # non-zero interrupts the statement
            nonlocal last, cancelled
            now = time.monotonic()
            if now - last >= CHECK_ASK_S:
                last = now
                cancelled = not progress(0, 0)
            return int(cancelled)

        # SQLite calls it every N virtual-machine steps, and (since 3.41) every N pages of
        # the b-tree check, which is one step of the virtual machine.
        conn.set_progress_handler(asked, CHECK_STEPS)
    try:
        if cipher is not None and not quick:  # no rows when every page's HMAC matches
            problems = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
            if problems:
                return problems
        pragma = "quick_check" if quick else "integrity_check"
        problems = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}")]
    except Exception as exc:
        if cancelled:
            raise Cancelled from None
        if not is_driver_error(exc):
            raise
        problems = [str(exc)]
    finally:
        conn.close()
    if cancelled:  # (interrupted where the check found nothing wrong yet)
        raise Cancelled
    return [] if problems == ["ok"] else problems


def is_driver_error(exc: BaseException) -> bool:
    """An error of the DB-API driver itself (sqlite3's, or sqlcipher3's, which are not
    sqlite3's classes): a damaged or undecryptable file, rather than a bug of ours."""
    return type(exc).__module__.split(".")[0] in ("sqlite3", "sqlcipher3")


def backup_sqlite_file(path: Path, label: str, cipher: Cipher | None = None) -> Path:
    """Copy a SQLite database next to itself, e.g. before migrating it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}.bak")
    copy_sqlite(path, target, cipher)
    return target


def upgrade_to_head(db: Database) -> Path | None:
    """Migrate the database to the newest schema; back a SQLite file up first.

    Returns the backup path when one was made.
    """
    from alembic import command

    current = current_revision(db.engine)
    head = head_revision()
    if current == head:
        return None
    backup: Path | None = None
    path = db.path
    if path is not None and path.exists() and _has_tables(db.engine):
        backup = backup_sqlite_file(path, f"before-{head}", db.cipher)
    with _migrating(db.engine) as conn:
        command.upgrade(alembic_config(conn), "head")
    if db.is_sqlite:
        analyze_new_indexes(db.engine)
    return backup


def analyze_new_indexes(engine: Engine) -> list[str]:
    """On a SQLite file whose indexes have statistics (sqlite_stat1: ANALYZE ran, as the
    demo data and the benchmarks do), gather them for the indexes a migration added. The
    planner trusts a table's statistics and guesses for an index without them: a new
    (caseworker, unit) index was taken for the home page's count of a supervisor's own
    cases by stage over the (caseworker, stage) index that answers it alone (680 ms instead
    of 2 ms for 35,657 cases at 1,000,000 persons). One scan of each new index. A file
    never analyzed is left so: with no statistics at all the planner prefers what covers."""
    with engine.connect() as conn:
        has_stats = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
        ).first()
        if has_stats is None:
            return []
        missing = [
            name
            for (name,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL)"
            )
        ]
        for name in missing:
            conn.exec_driver_sql(f'ANALYZE "{name}"')
        conn.commit()
    return missing


def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    with _migrating(db.engine) as conn:
        command.downgrade(alembic_config(conn), revision)


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """One transaction for the migrations. On SQLite with foreign keys off while they run:
    a batch migration copies a table and drops the old one, and dropping a table that other
    rows reference (case_file) would fail with the checks on (SQLite applies them outside a
    transaction only, hence the pragma before BEGIN). The references are checked before
    the transaction commits: a migration that broke one rolls back."""
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection if engine.dialect.name == "sqlite" else None
        _pragma(raw, "PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                yield conn
                if raw is not None:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
        finally:
            _pragma(raw, "PRAGMA foreign_keys=ON")


def _pragma(raw: Any, statement: str) -> None:
    if raw is not None:
        cur = raw.cursor()
        cur.execute(statement)
        cur.close()


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())
