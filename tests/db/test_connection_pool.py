"""A SQLite file's pooled connections, each with a page cache of its own (#16: memory with the
case list open): once two threads needed two connections at the same moment, the sessions
after them use one of them, not each in turn, so one cache is warm and the other is not
filled with the same pages."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from rescuedesk.db import Database
from rescuedesk.security.encryption import SqlCipher, available, new_key

CIPHERS = [
    "clear",
    pytest.param("encrypted", marks=pytest.mark.skipif(not available(), reason="no SQLCipher")),
]


def _connection(db: Database) -> int:
    with db.read_session() as s:
        s.connection().exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        return id(s.connection().connection.dbapi_connection)


@pytest.mark.parametrize("kind", CIPHERS)
def test_sessions_after_two_at_once_take_the_connection_returned_last(
    tmp_path: Path, kind: str
) -> None:
    cipher = SqlCipher(new_key()) if kind == "encrypted" else None
    db = Database(f"sqlite:///{tmp_path / 'pool.sqlite3'}", cipher=cipher)
    try:
        held = threading.Event()
        done = threading.Event()
        other: list[int] = []

        def worker() -> None:  # a read off the UI thread, while the UI thread reads too
            with db.read_session() as s:
                s.connection().exec_driver_sql("SELECT 1").scalar()
                other.append(id(s.connection().connection.dbapi_connection))
                held.set()
                done.wait(10)

        thread = threading.Thread(target=worker)
        thread.start()
        assert held.wait(10)
        mine = _connection(db)  # returned first
        done.set()
        thread.join(10)
        assert other and other[0] != mine and db.engine.pool.checkedin() == 2
        last = other[0]  # returned last
        assert [_connection(db) for _ in range(4)] == [last] * 4
    finally:
        db.dispose()
