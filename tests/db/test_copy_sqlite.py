"""copy_sqlite: a consistent, self-contained copy of a SQLite file, clear or encrypted, while
other connections write to it (#16: the backup copies the file's pages as they are)."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from rescuedesk import db as db_module
from rescuedesk.db import check_copy, connect_sqlite, copy_sqlite
from rescuedesk.progress import Cancelled
from rescuedesk.security.encryption import SqlCipher, available, new_key

CIPHERS = [
    "clear",
    pytest.param("encrypted", marks=pytest.mark.skipif(not available(), reason="no SQLCipher")),
]
FILLER = 3000  # bytes per row: a few MB, so a copy takes many steps while a writer commits


@pytest.fixture(params=CIPHERS)
def cipher(request: pytest.FixtureRequest) -> SqlCipher | None:
    return SqlCipher(new_key()) if request.param == "encrypted" else None


def _connect(path: Path, cipher: SqlCipher | None) -> Any:
    conn = connect_sqlite(path, cipher)
    conn.isolation_level = None
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def _live(path: Path, cipher: SqlCipher | None, rows: int) -> Any:
    """A WAL database of ``rows`` numbered rows and their count kept beside them; the open
    connection checkpoints nothing, so what it wrote is still in the WAL."""
    conn = _connect(path, cipher)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE item (n INTEGER PRIMARY KEY, filler BLOB NOT NULL)")
    conn.execute("CREATE TABLE tally (rows INTEGER NOT NULL)")
    conn.execute("CREATE INDEX ix_item_filler ON item (filler)")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO tally VALUES (0)")
    conn.execute("COMMIT")
    for n in range(1, rows + 1):
        _commit_one(conn, n)
    return conn


def _commit_one(conn: Any, n: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO item VALUES (?, randomblob(?))", (n, FILLER))
    conn.execute("UPDATE tally SET rows = rows + 1")
    conn.execute("COMMIT")


def _state(path: Path, cipher: SqlCipher | None) -> tuple[int, int, int]:
    """(rows, their count as kept in tally, highest n) in the copy."""
    conn = connect_sqlite(path, cipher)
    try:
        rows, top = conn.execute("SELECT count(*), coalesce(max(n), 0) FROM item").fetchone()
        kept = conn.execute("SELECT rows FROM tally").fetchone()[0]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()
    assert mode == "delete"  # one file, no WAL to carry along
    return rows, kept, top


def _beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


def test_what_is_still_in_the_wal_is_in_the_copy(tmp_path: Path, cipher: SqlCipher | None) -> None:
    live = _live(tmp_path / "live.sqlite3", cipher, 300)
    try:
        assert (tmp_path / "live.sqlite3-wal").stat().st_size > 0
        target = tmp_path / "copy.sqlite3"
        copy_sqlite(tmp_path / "live.sqlite3", target, cipher)
    finally:
        live.close()
    assert _state(target, cipher) == (300, 300, 300)
    assert check_copy(target, cipher) == []
    assert _beside(target) == []


def test_a_copy_made_while_another_connection_commits_is_one_committed_state(
    tmp_path: Path, cipher: SqlCipher | None
) -> None:
    source = tmp_path / "live.sqlite3"
    _live(source, cipher, 1500).close()  # about 5 MB in the file itself
    stop = threading.Event()
    committed = [1500]

    def write() -> None:
        conn = _connect(source, cipher)
        conn.execute("PRAGMA wal_autocheckpoint=50")  # checkpoints run during the copies
        try:
            while not stop.is_set():
                _commit_one(conn, committed[0] + 1)
                committed[0] += 1
        finally:
            conn.close()

    writer = threading.Thread(target=write)
    writer.start()
    copies: list[tuple[int, int, int]] = []
    try:
        for i in range(6):
            target = tmp_path / f"copy{i}.sqlite3"
            before = committed[0]
            copy_sqlite(source, target, cipher, progress=lambda _done, _total: True)
            after = committed[0]
            assert check_copy(target, cipher) == []
            rows, kept, top = _state(target, cipher)
            assert rows == kept == top  # no commit half in, none torn
            assert before <= rows <= after + 1  # at the start of the copy or later
            copies.append((rows, kept, top))
            assert _beside(target) == []
    finally:
        stop.set()
        writer.join()
    assert committed[0] > copies[0][0]  # the writer did write while the copies were made


def test_a_cancelled_copy_leaves_nothing_beside_the_target(
    tmp_path: Path, cipher: SqlCipher | None
) -> None:
    live = _live(tmp_path / "live.sqlite3", cipher, 1500)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return False

    target = tmp_path / "copy.sqlite3"
    try:
        with pytest.raises(Cancelled):
            copy_sqlite(tmp_path / "live.sqlite3", target, cipher, progress)
    finally:
        live.close()
    assert len(seen) == 1 and 0 < seen[0][0] < seen[0][1]
    assert _beside(target) == []


def test_progress_counts_every_page_up_to_the_whole(
    tmp_path: Path, cipher: SqlCipher | None
) -> None:
    _live(tmp_path / "live.sqlite3", cipher, 1500).close()
    seen: list[tuple[int, int]] = []
    copy_sqlite(
        tmp_path / "live.sqlite3",
        tmp_path / "copy.sqlite3",
        cipher,
        lambda done, total: seen.append((done, total)) or True,
    )
    assert len(seen) > 2
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1][0] == seen[-1][1] == (tmp_path / "live.sqlite3").stat().st_size // 4096


def test_a_copy_of_a_clear_file_opens_with_plain_sqlite(tmp_path: Path) -> None:
    _live(tmp_path / "live.sqlite3", None, 10).close()
    copy_sqlite(tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3")
    conn = sqlite3.connect(tmp_path / "copy.sqlite3")
    try:
        assert conn.execute("SELECT count(*) FROM item").fetchone() == (10,)
    finally:
        conn.close()


def test_the_lock_byte_page_is_never_read_and_copied_as_zeros(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows locks bytes of that page (at 1 GiB) while SQLite takes its locks; SQLite keeps
    nothing in it. Here it is moved to the fourth page of a ten-page file."""
    page = 4096
    monkeypatch.setattr(db_module, "LOCK_BYTE_OFFSET", 3 * page)
    data = os.urandom(10 * page + 100)
    (tmp_path / "file").write_bytes(data)
    read: list[tuple[int, int]] = []
    out = bytearray()
    buffer = memoryview(bytearray(4 * page))
    with open(tmp_path / "file", "rb", buffering=0) as raw:

        class Watched:
            def __getattr__(self, name: str) -> Any:
                return getattr(raw, name)

            def readinto(self, into: memoryview) -> int:
                at = raw.tell()
                n = raw.readinto(into)
                read.append((at, at + n))
                return n

        while n := db_module._read_chunk(Watched(), buffer, page, lock_page=True):
            out += buffer[:n]
    assert all(end <= 3 * page or start >= 4 * page for start, end in read), read
    assert bytes(out) == data[: 3 * page] + bytes(page) + data[4 * page :]
