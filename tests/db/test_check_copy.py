"""One integrity check of a copied SQLite file, used by the backup and the restore (#12)."""

from __future__ import annotations

from pathlib import Path

from rescuedesk.db import check_copy, copy_sqlite


def test_a_good_copy_has_no_problems(tmp_path: Path, sqlite_template: Path) -> None:
    target = tmp_path / "copy.sqlite3"
    copy_sqlite(sqlite_template, target)
    assert check_copy(target) == []


def test_a_damaged_copy_is_named(tmp_path: Path, sqlite_template: Path) -> None:
    target = tmp_path / "copy.sqlite3"
    copy_sqlite(sqlite_template, target)
    data = bytearray(target.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for start in range(page, len(data), page):  # every b-tree page's header, not the file's
        data[start : start + 12] = b"\x0d\xff\xff\xff\xff\xff\xff\xff\x00\x00\x00\x00"
    target.write_bytes(bytes(data))
    try:
        problems = check_copy(target)
    except Exception as exc:  # SQLite may refuse to read the page at all
        problems = [str(exc)]
    assert problems and problems != ["ok"]
