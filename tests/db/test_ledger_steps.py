"""The wizard's steps: open a ledger, preview rows as stored, dry run and import with progress
and cancel; nothing is kept but a finished import."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, ValidationError
from rescuedesk.models import AuditEvent, Case, Person
from rescuedesk.services.ledger.ledger_file import import_file
from rescuedesk.services.ledger.ledger_steps import (
    check_mapping,
    load_mapping,
    open_ledger,
    preview_rows,
)
from tests.conftest import Staff
from tests.db.test_ledger_import import BAD_ID, GOOD_ID, HEADER, OTHER_ID, _csv
from tests.factories import count_persons_and_cases


def _events(db: Database) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count(AuditEvent.id))) or 0


def test_open_a_gbk_ledger_and_propose_a_mapping(tmp_path: Path) -> None:
    ledger = open_ledger(_csv(tmp_path))
    assert ledger.encoding == "GBK/GB18030"
    assert ledger.headers == HEADER
    assert ledger.proposed["id_number"] == "公民身份号码"
    assert ledger.proposed["rescue_date"] == "解救日期"
    assert "序号" not in ledger.proposed.values()
    assert ledger.samples["姓名"] == "李秀兰"
    with pytest.raises(ValidationError, match="不存在"):
        open_ledger(tmp_path / "nothing.csv")


def test_mapping_checks_and_a_saved_mapping_from_another_ledger(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="姓名"):
        check_mapping({"sex": "性别"}, HEADER)
    with pytest.raises(ValidationError, match="没有这些列：名字"):
        check_mapping({"real_name": "名字"}, HEADER)
    saved = tmp_path / "mapping.json"
    saved.write_text(
        json.dumps({"real_name": "姓名", "sex": "性别", "rescue_place": "解救地"}),
        encoding="utf-8",
    )
    assert load_mapping(saved, HEADER) == ({"real_name": "姓名", "sex": "性别"}, ["解救地"])


def test_preview_shows_rows_as_stored_and_keeps_nothing(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    path = _csv(tmp_path)
    mapping = open_ledger(path).proposed
    before = _events(db)
    with db.write_session() as s:
        rows = preview_rows(s, staff.caseworker, path, mapping, limit=4)
    assert [r.number for r in rows] == [2, 3, 4, 6]  # row 5 is empty
    li, wang, zhang, zhao = rows
    assert not li.problems
    assert li.cells["birth_date"].value == "1995-03-08"
    assert (li.cells["sex"].value, li.cells["id_number"].value) == ("female", GOOD_ID)
    assert (li.cells["ethnicity"].value, li.cells["ethnicity"].label) == ("01", "汉族")
    assert li.cells["rescue_date"].value == "2023-05-01"
    # Full-width digits, a place name, and a birth date and sex filled in from the ID number.
    assert wang.cells["id_number"].value == OTHER_ID
    assert wang.cells["household_registration_code"].value == "130102"
    assert wang.cells["household_registration_code"].label == "河北省石家庄市长安区"
    assert wang.cells["birth_date"].value == "1988-12-01" and wang.cells["birth_date"].filled
    assert not wang.cells["sex"].filled  # 男性 was typed
    assert zhang.cells["id_number"].value == BAD_ID
    assert "校验位" in zhang.cells["id_number"].problem
    assert [(p.row, p.column) for p in zhang.problems] == [(4, "公民身份号码")]
    assert zhao.cells["rescue_date"].value == "2023-02-30"  # as typed, with its problem
    assert "不存在" in zhao.cells["rescue_date"].problem
    with db.write_session() as s:
        rows = preview_rows(s, staff.caseworker, path, mapping)
    again = {r.number: r for r in rows}[8]  # repeats row 2 within the file, as the import says
    assert "第2行" in again.cells["id_number"].problem
    assert count_persons_and_cases(db) == (0, 0) and _events(db) == before


def test_dry_run_and_import_report_progress_and_a_cancel_keeps_nothing(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    path = _csv(tmp_path)
    mapping = open_ledger(path).proposed
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return True

    with db.write_session() as s:
        dry = import_file(
            s, staff.caseworker, path, mapping=mapping, dry_run=True, progress=progress
        )
    assert (dry.rows_read, dry.imported, dry.rejected) == (7, 2, 5) and dry.case_ids == []
    assert seen[0] == (0, 0) and seen[1] == (0, 7) and seen[-1] == (7, 7)
    assert count_persons_and_cases(db) == (0, 0)

    before = _events(db)
    with pytest.raises(InterruptedError), db.write_session() as s:
        import_file(
            s,
            staff.caseworker,
            path,
            mapping=mapping,
            valid_only=True,
            progress=lambda d, _t: d < 3,
        )
    assert count_persons_and_cases(db) == (0, 0) and _events(db) == before

    with db.write_session() as s:
        done = import_file(s, staff.caseworker, path, mapping=mapping, valid_only=True)
    assert done.imported == 2 and len(done.case_ids) == 2
    with db.read_session() as s:
        names = s.scalars(
            select(Person.real_name).join(Case).where(Case.id.in_(done.case_ids))
        ).all()
        assert sorted(names) == ["李秀兰", "王建国"]
        case = s.get(Case, done.case_ids[0])
        assert case is not None and case.rescue_date == dt.date(2023, 5, 1)


def test_only_roles_that_register_cases_may_import(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    path = _csv(tmp_path)
    with pytest.raises(PermissionDenied), db.write_session() as s:
        preview_rows(s, staff.statistician, path, {"real_name": "姓名"})
    with pytest.raises(PermissionDenied), db.write_session() as s:
        import_file(s, staff.admin, path, mapping={"real_name": "姓名"}, dry_run=True)
