"""Likely duplicates in a ledger: found in the file and in the database, scored, never stored
as a new person without a decision, and imported as the user decided."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rescuedesk.db import Database
from rescuedesk.ledger.decisions import Decision
from rescuedesk.models import AuditEvent, Case, Person
from rescuedesk.models.enums import Sex
from tests.conftest import Staff
from tests.factories import (
    count_persons_and_cases,
    import_ledger,
    new_case,
    new_person,
    valid_id,
    write_ledger,
)

LI_ID = valid_id(dt.date(1995, 3, 8), place="230102", seq=11)
HEADER = ["姓名", "性别", "公民身份号码", "出生日期", "户籍地", "解救日期", "接收日期"]
ROWS = [
    ["章小梅", "女", "", "1998年4月2日", "230102", "2025.5.1", "2025.5.2"],  # 2: homophone, DB
    ["李秀兰", "女", LI_ID, "", "", "2025.5.1", "2025.5.2"],  # 3: new
    ["李秀兰", "女", LI_ID, "", "", "2025.6.1", "2025.6.2"],  # 4: same ID as row 3
    ["王芳", "女", "", "1990-01-01", "230102", "2025.5.1", "2025.5.2"],  # 5: new
    ["汪芳", "女", "", "1990-08-08", "130102", "2025.7.1", "2025.7.2"],  # 6: homophone of 5
    ["张晓梅", "女", "", "1975-01-01", "", "2025.5.1", "2025.5.2"],  # 7: other birth year
]


def register_mei(db: Database, staff: Staff) -> tuple[int, int]:
    """张晓梅, already registered with one case of the caseworker's."""
    person = new_person(
        db,
        staff.caseworker,
        real_name="张晓梅",
        birth_date=dt.date(1998, 4, 2),
        household_registration_code="230102",
    )
    return person, new_case(db, staff.caseworker, person)


@pytest.fixture
def mei(db: Database, staff: Staff) -> tuple[int, int]:
    return register_mei(db, staff)


def _ledger(tmp_path: Path) -> Path:
    return write_ledger(tmp_path / "台账.csv", HEADER, ROWS, "gb18030")


def test_candidates_are_scored_and_held_back(
    db: Database, staff: Staff, tmp_path: Path, mei: tuple[int, int]
) -> None:
    path = _ledger(tmp_path)
    plan = import_ledger(db, staff.caseworker, path, dry_run=True)
    by_row = {c.row: c for c in plan.candidates}
    assert sorted(by_row) == [2, 4, 6]  # 张晓梅 born 1975 is a different person
    assert (by_row[2].person_id, by_row[2].other_row, by_row[2].score) == (mei[0], None, 90)
    assert by_row[2].reasons[0] == "姓名同音（zhangxiaomei）"
    with db.read_session() as s:
        assert by_row[2].case_numbers == [s.get(Case, mei[1]).case_number]  # type: ignore[union-attr]
    assert (by_row[4].other_row, by_row[4].person_id, by_row[4].certain) == (3, None, True)
    assert (by_row[6].other_row, by_row[6].score) == (5, 60)
    problems = {p.row: p for p in plan.problems}
    assert sorted(problems) == [2, 4, 6]
    assert problems[4].column == "公民身份号码" and "第3行身份证号相同" in problems[4].message
    assert problems[2].column == "姓名" and "张晓梅" in problems[2].message
    assert (plan.imported, plan.rejected, plan.duplicates) == (3, 3, 3)
    assert count_persons_and_cases(db) == (1, 1)
    refused = import_ledger(db, staff.caseworker, path)  # not silently registered as new persons
    assert refused.refused and count_persons_and_cases(db) == (1, 1)


def test_candidates_only_show_cases_the_user_may_see(
    db: Database, staff: Staff, tmp_path: Path, mei: tuple[int, int]
) -> None:
    path = _ledger(tmp_path)
    plan = import_ledger(db, staff.caseworker2, path, dry_run=True)
    found = next(c for c in plan.candidates if c.row == 2)
    assert found.person_id == mei[0] and found.case_numbers == []


def test_decisions_new_same_and_skip(
    db: Database, staff: Staff, tmp_path: Path, mei: tuple[int, int]
) -> None:
    path = _ledger(tmp_path)
    decided = {2: Decision.same_person(mei[0]), 4: Decision.same_as_row(3), 6: Decision.new()}
    result = import_ledger(db, staff.caseworker, path, decisions=decided)
    assert not result.problems and not result.refused
    assert (result.imported, result.attached, result.skipped) == (6, 2, 0)
    assert count_persons_and_cases(db) == (5, 7)  # 张晓梅 + 4 new; her case + 6 from the file
    with db.read_session() as s:
        mei_cases = s.scalars(select(Case.rescue_date).where(Case.person_id == mei[0])).all()
        assert sorted(d for d in mei_cases if d) == [dt.date(2025, 5, 1), dt.date(2026, 10, 1)]
        li = s.scalars(select(Person).where(Person.real_name == "李秀兰")).one()
        assert s.scalar(select(func.count(Case.id)).where(Case.person_id == li.id)) == 2
        assert s.get(Person, mei[0]).real_name == "张晓梅"  # type: ignore[union-attr]
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "import")).one()
        assert event.changes["attached"] == 2
        # Every case and person the import created is named in its audit event, as ranges.
        case_ids = set(s.scalars(select(Case.id).where(Case.id != mei[1])))
        listed = {i for a, b in event.changes["case_ids"] for i in range(a, b + 1)}
        assert listed == case_ids and len(listed) == 6
        people = {i for a, b in event.changes["person_ids"] for i in range(a, b + 1)}
        assert len(people) == 4 and mei[0] not in people
    # The row's other spelling is shown, not written over the record.
    assert [(w.row, w.column) for w in result.warnings] == [(2, "姓名")]


def test_skip_and_a_decision_that_does_not_fit(
    db: Database, staff: Staff, tmp_path: Path, mei: tuple[int, int]
) -> None:
    path = _ledger(tmp_path)
    stranger = new_person(db, staff.caseworker, real_name="路人", sex=Sex.FEMALE)
    result = import_ledger(
        db,
        staff.caseworker,
        path,
        valid_only=True,
        decisions={2: Decision.same_person(stranger), 4: Decision.skip(), 6: Decision.skip()},
    )
    assert (result.imported, result.skipped, result.rejected) == (3, 2, 1)
    assert "不是本行的重复候选" in result.problems[0].message and result.problems[0].row == 2


def test_an_id_number_typed_with_spaces_is_the_same_person(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    """The ID column is read as the visit import reads it (one normaliser per field): spaces
    and a hyphen typed into it do not hide a person already registered."""
    new_person(db, staff.caseworker, real_name="李秀兰", id_number=LI_ID, birth_date=None)
    typed = f"{LI_ID[:6]} {LI_ID[6:14]}-{LI_ID[14:]}"
    path = write_ledger(
        tmp_path / "台账.csv",
        ["姓名", "公民身份号码", "解救日期", "接收日期"],
        [["李兰", typed, "2025.5.1", "2025.5.2"]],
        "utf-8-sig",
    )
    result = import_ledger(db, staff.caseworker, path, valid_only=True)
    assert (result.imported, result.rejected, result.duplicates) == (0, 1, 1)
    assert [(c.row, c.score) for c in result.candidates] == [(2, 100)]
    assert count_persons_and_cases(db) == (1, 0)
