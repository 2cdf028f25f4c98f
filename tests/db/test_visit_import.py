"""A messy ledger of follow-up visits: each row matched to a case the user may see, every bad
row reported with its row and column, good rows stored through the records service."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from rescuedesk.db import Database
from rescuedesk.ledger.mapping import Kind, propose
from rescuedesk.ledger.reader import read_rows
from rescuedesk.models import Case, FollowUpVisit
from rescuedesk.models.enums import VisitMode
from rescuedesk.services.casefile import records
from rescuedesk.services.ledger.ledger_file import import_sheet
from rescuedesk.services.ledger.ledger_import import ImportResult
from tests.conftest import Staff
from tests.factories import new_case, new_person, valid_id, write_ledger

LI_ID = valid_id(dt.date(1998, 4, 2), seq=11)
HEADER = ["序号", "个案编号", "姓名", "身份证号", "回访日期", "回访人", "回访方式", "情况"]
HEADER += ["存在问题", "下次回访日期"]


def _setup(db: Database, staff: Staff) -> dict[str, object]:
    li = new_person(db, staff.caseworker, real_name="李秀兰", id_number=LI_ID)
    wang = new_person(db, staff.caseworker, real_name="王芳")
    ids = {
        "li": new_case(db, staff.caseworker, li),
        "wang": new_case(db, staff.caseworker, wang),
        "liu1": new_case(db, staff.caseworker, new_person(db, staff.caseworker, real_name="刘洋")),
        "liu2": new_case(db, staff.caseworker, new_person(db, staff.caseworker, real_name="刘洋")),
        "zhao": new_case(
            db, staff.caseworker2, new_person(db, staff.caseworker2, real_name="赵敏")
        ),
    }
    with db.write_session() as s:  # 王芳's case waits for a visit planned before the import
        records.add_record(
            s, staff.caseworker, FollowUpVisit, ids["wang"], {"planned_date": "2026-06-30"}
        )
        numbers = {k: s.get(Case, v).case_number for k, v in ids.items()}  # type: ignore[union-attr]
    return {"ids": ids, "numbers": numbers}


def _ledger(tmp_path: Path, li_number: str) -> Path:
    rows = [
        [
            "1",
            li_number,
            "李秀兰",
            "",
            "2026-03-01",
            "测试cw1",
            "入户",
            "生活稳定",
            "",
            "2026-06-01",
        ],
        ["2", "", "", LI_ID, "2026年6月3日", "测试cw1", "电话回访", "", "", ""],  # next proposed
        ["3", "", "王芳", "", "2026.7.1", "村妇联主任", "视频", "", "邻里议论", "2026-10-01"],
        ["4", "", "刘洋", "", "2026-07-01", "测试cw1", "入户", "", "", "2026-10-01"],  # 2 cases
        ["5", "HRB-2026-99999", "", "", "2026-07-01", "测试cw1", "入户", "", "", "2026-10-01"],
        ["6", "", "赵敏", "", "2026-07-01", "测试cw1", "入户", "", "", "2026-10-01"],  # not hers
        ["7", li_number, "", "", "2026-02-30", "测试cw1", "入户", "", "", "2026-10-01"],
        [],
        ["8", li_number, "", "", "2026/3/1", "测试cw1", "入户", "", "", "2026-06-01"],  # again
        ["9", li_number, "", "", "2026-04-01", "测试cw1", "飞鸽传书", "", "", "2026-10-01"],
        ["10", li_number, "王芳", "", "2026-04-01", "测试cw1", "入户", "", "", "2026-10-01"],
        ["11", li_number, "", "", "2027-01-01", "测试cw1", "入户", "", "", "2027-03-01"],
    ]
    return write_ledger(tmp_path / "回访台账.csv", HEADER, rows, "gbk")


def _run(db: Database, staff: Staff, path: Path, **kw: bool) -> ImportResult:
    headers, rows = read_rows(path)
    with db.write_session() as s:
        return import_sheet(
            s,
            staff.caseworker,
            rows,
            propose(headers, Kind.VISITS),
            source=path,
            kind=Kind.VISITS,
            **kw,
        )


def _visits(db: Database, case_id: int) -> list[tuple[object, ...]]:
    with db.read_session() as s:
        return [
            (v.planned_date, v.done_date, v.mode, v.visitor_id, v.visitor_name, v.next_planned_date)
            for v in records.list_records(s, FollowUpVisit, case_id)
        ]


def test_every_bad_visit_row_is_reported(db: Database, staff: Staff, tmp_path: Path) -> None:
    setup = _setup(db, staff)
    path = _ledger(tmp_path, setup["numbers"]["li"])  # type: ignore[index]
    result = _run(db, staff, path, dry_run=True)
    by_row = {p.row: p for p in result.problems}
    # each row's one problem: none is named twice, none invented (a planned date "missing"
    # where the done date could not be read)
    assert len(result.problems) == len(by_row), result.problems
    assert sorted(by_row) == [5, 6, 7, 8, 10, 11, 12, 13]
    assert by_row[5].column == "姓名" and "2个个案" in by_row[5].message
    assert by_row[6].column == "个案编号" and "找不到" in by_row[6].message
    assert by_row[7].column == "姓名" and "权限" in by_row[7].message
    assert by_row[8].column == "回访日期" and "不存在" in by_row[8].message
    assert by_row[10].column == "回访日期" and "已有" in by_row[10].message  # row 2 again
    assert by_row[11].column == "回访方式"
    assert by_row[12].column == "姓名" and "不符" in by_row[12].message
    assert by_row[13].column == "回访日期"  # a visit cannot be done in the future
    assert (result.rows_read, result.visits, result.rejected, result.duplicates) == (11, 3, 8, 1)
    assert [(w.row, w.column) for w in result.warnings] == [(3, "下次回访日期")]
    with db.read_session() as s:  # a dry run writes nothing
        assert s.scalar(select(func.count(FollowUpVisit.id))) == 1


def test_valid_visits_are_stored_and_the_next_one_planned(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    setup = _setup(db, staff)
    ids: dict[str, int] = setup["ids"]  # type: ignore[assignment]
    path = _ledger(tmp_path, setup["numbers"]["li"])  # type: ignore[index]
    assert _run(db, staff, path).refused
    assert _visits(db, ids["li"]) == []
    result = _run(db, staff, path, valid_only=True)
    assert result.visits == 3
    me = staff.caseworker.user_id
    assert _visits(db, ids["li"]) == [
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1), VisitMode.HOME, me, None, dt.date(2026, 6, 1)),
        # No next date on the row: a quarter later, the visit was fine.
        (dt.date(2026, 6, 3), dt.date(2026, 6, 3), VisitMode.PHONE, me, None, dt.date(2026, 9, 1)),
        (dt.date(2026, 9, 1), None, None, me, None, None),  # planned, as record_visit does
    ]
    # 王芳's visit fulfils the one planned before the import; the next is planned after it.
    assert _visits(db, ids["wang"]) == [
        (
            dt.date(2026, 6, 30),
            dt.date(2026, 7, 1),
            VisitMode.VIDEO,
            None,
            "村妇联主任",
            dt.date(2026, 10, 1),
        ),
        (dt.date(2026, 10, 1), None, None, None, "村妇联主任", None),
    ]
    with db.read_session() as s:
        wang = records.list_records(s, FollowUpVisit, ids["wang"])[0]
        assert wang.problems == "邻里议论"
        li = records.list_records(s, FollowUpVisit, ids["li"])[0]
        assert li.notes == "生活稳定"
    again = _run(db, staff, path, valid_only=True)  # the same ledger twice adds nothing
    assert again.visits == 0 and again.duplicates == 4
