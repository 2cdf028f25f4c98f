"""A ledger's estimated birth year as a range (2008-2010) keeps its ends, the age range a
family's inquiry is matched with (issue #15); the person's problems about it are reported
on the 估计出生年份 column."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.models import Person
from tests.conftest import Staff
from tests.factories import import_ledger, write_ledger

HEADER = ["化名", "性别", "出生年份", "发现日期", "接收日期"]


def test_a_range_keeps_its_ends(db: Database, staff: Staff, tmp_path: Path) -> None:
    rows = [
        ["甲（化名）", "女", "2008-2010", "2026-03-05", "2026-03-06"],
        ["乙（化名）", "女", "约2009年", "", "2026-03-06"],
        ["丙（化名）", "女", "2030-2031", "", "2026-03-06"],  # not born yet
        ["丁（化名）", "女", "2012", "2011-05-01", "2026-03-06"],  # found before her birth
    ]
    path = write_ledger(tmp_path / "台账.csv", HEADER, rows)
    result = import_ledger(db, staff.caseworker, path, valid_only=True)
    assert result.imported == 2
    assert {(p.row, p.column) for p in result.problems} == {(4, "出生年份"), (5, "发现日期")}
    with db.read_session() as s:
        stored = {
            p.alias: (p.birth_year_earliest, p.birth_year_latest, p.birth_year_estimated)
            for p in s.scalars(select(Person))
        }
    assert stored == {"甲(化名)": (2008, 2010, 2009), "乙(化名)": (2009, 2009, 2009)}
