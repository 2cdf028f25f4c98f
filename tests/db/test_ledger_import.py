"""A messy ledger: every bad row reported where it is, every good row stored exactly, and
the database untouched by a dry run or a refused import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.models import Case, Person
from rescuedesk.models.enums import Sex
from rescuedesk.services.people.identity import make_id_number
from tests.conftest import Staff
from tests.factories import count_persons_and_cases, import_ledger, write_ledger

GOOD_ID = make_id_number("230102", dt.date(1995, 3, 8), 11, Sex.FEMALE)
OTHER_ID = make_id_number("130102", dt.date(1988, 12, 1), 12, Sex.MALE)
BAD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")
FULL_WIDTH = OTHER_ID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
HEADER = [
    "序号",
    "姓名",
    "性别",
    "公民身份号码",
    "出生日期",
    "民族",
    "户籍地",
    "解救日期",
    "移交单位",
    "接收日期",
]
ROWS = [
    [
        "1",
        "李秀兰",
        "女",
        GOOD_ID,
        "1995年3月8日",
        "汉族",
        "230102",
        "2023.5.1",
        "哈尔滨市公安局",
        "2023/05/02",
    ],  # row 2: good
    [
        "2",
        "王建国",
        "男性",
        FULL_WIDTH,
        "",
        "回",
        "石家庄市长安区",
        "20230601",
        "",
        "20230602",
    ],  # 3
    ["3", "张三", "女", BAD_ID, "", "汉", "", "2023-05-01", "", "2023-05-02"],  # 4: check digit
    [],  # 5: empty
    ["4", "赵四", "女", "", "", "汉族", "", "2023-02-30", "", "2023-03-01"],  # 6: no such day
    ["5", "钱五", "女", "", "", "火星族", "", "2023-04-01", "", "2023-04-02"],  # 7: ethnicity
    ["6", "李秀兰", "女", GOOD_ID, "", "汉族", "", "2023-05-01", "", "2023-05-02"],  # 8: dup
    ["7", "孙六", "女", "", "", "汉族", "不存在的地方", "2023-05-01", "", "2023-05-02"],  # 9
]


def _csv(tmp_path: Path) -> Path:
    return write_ledger(tmp_path / "台账.csv", HEADER, ROWS, "gbk")


def test_every_problem_is_reported_with_its_row(db: Database, staff: Staff, tmp_path: Path) -> None:
    path = _csv(tmp_path)
    result = import_ledger(db, staff.caseworker, path, dry_run=True)
    by_row = {p.row: p for p in result.problems}
    assert sorted(by_row) == [4, 6, 7, 8, 9]
    assert by_row[4].column == "公民身份号码" and "校验位" in by_row[4].message
    assert by_row[6].column == "解救日期" and "不存在" in by_row[6].message
    assert by_row[7].column == "民族"
    assert "第2行" in by_row[8].message  # the duplicate names the row it repeats
    assert by_row[9].column == "户籍地"
    assert (result.rows_read, result.imported, result.rejected) == (7, 2, 5)
    assert count_persons_and_cases(db) == (0, 0)  # a dry run writes nothing


def test_refused_import_keeps_nothing_and_valid_only_stores_exactly(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    path = _csv(tmp_path)
    refused = import_ledger(db, staff.caseworker, path)
    assert refused.refused and count_persons_and_cases(db) == (0, 0)
    result = import_ledger(db, staff.caseworker, path, valid_only=True)
    assert result.imported == 2 and count_persons_and_cases(db) == (2, 2)
    with db.read_session() as s:
        li = s.scalars(select(Person).where(Person.real_name == "李秀兰")).one()
        assert (
            li.id_number,
            li.birth_date,
            li.sex,
            li.ethnicity,
            li.household_registration_code,
        ) == (GOOD_ID, dt.date(1995, 3, 8), Sex.FEMALE, "01", "230102")
        wang = s.scalars(select(Person).where(Person.real_name == "王建国")).one()
        assert wang.id_number == OTHER_ID and wang.ethnicity == "03"
        assert wang.household_registration_code == "130102"  # from the place name
        case = s.scalars(select(Case).where(Case.person_id == li.id)).one()
        assert (case.rescue_date, case.intake_date) == (dt.date(2023, 5, 1), dt.date(2023, 5, 2))
    with db.write_session() as s:  # imported people are found by name and pinyin at once
        from rescuedesk.services.casefile.case_queries import CaseFilter, list_cases

        for typed in ("李秀", "lxl", "wangjianguo"):
            page = list_cases(s, staff.caseworker, CaseFilter(search=typed))
            assert len(page.rows) == 1, typed
    # The same people are already there.
    again = import_ledger(db, staff.caseworker, path, valid_only=True)
    assert again.imported == 0 and again.duplicates >= 2


def test_xlsx_with_serial_dates_and_the_command(
    db: Database, staff: Staff, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "解救日期", "接收日期"])
    sheet.append(["周七", "女", 45000, 45001])  # Excel serial numbers
    sheet.append(["吴八", "女", dt.datetime(2023, 6, 1), "2023年6月2日"])
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    result = import_ledger(db, staff.caseworker, path)
    assert result.imported == 2 and not result.problems
    with db.read_session() as s:
        zhou = s.scalars(select(Case).join(Person).where(Person.real_name == "周七")).one()
        assert zhou.rescue_date == dt.date(2023, 3, 15)
    if not db.is_sqlite:
        return
    from tests.db.test_cli import run

    bad = _csv(tmp_path)
    code, out, _ = run(capsys, "--db", db.url, "--user", "cw1", "import", str(bad), "--dry-run")
    assert code == 2 and "读取 7 行" in out
    problems = load_workbook(tmp_path / "台账.csv.problems.xlsx")["问题"]
    assert [r[0] for r in problems.iter_rows(min_row=2, values_only=True)] == [4, 6, 7, 8, 9]


def _add_case_and_visits(db: Database, staff: Staff) -> None:
    """李秀兰 comes back a second time; her first case has a visit done and the next one
    planned, 王建国's case a visit planned."""
    from rescuedesk.models import FollowUpVisit
    from rescuedesk.services.casefile import cases, records

    with db.write_session() as s:
        li = s.scalars(select(Person).where(Person.real_name == "李秀兰")).one()
        first = s.scalars(select(Case).where(Case.person_id == li.id)).one()
        wang = s.scalars(select(Case).join(Person).where(Person.real_name == "王建国")).one()
        cases.open_case(
            s,
            staff.caseworker,
            li.id,
            {
                "intake_channel": "other_agency",
                "rescue_date": dt.date(2026, 2, 1),
                "intake_date": dt.date(2026, 2, 2),
                "rescue_place": "某市某县",
            },
        )
        planned = records.add_record(
            s,
            staff.caseworker,
            FollowUpVisit,
            first.id,
            {"planned_date": "2026-11-01", "visitor_id": staff.caseworker.user_id},
        ).record
        records.record_visit(
            s,
            staff.caseworker,
            planned.id,
            planned.version,
            {
                "done_date": "2026-11-03",
                "mode": "home",
                "living": "good",
                "safety": "fair",
                "problems": "邻里议论",
                "actions": "联系村委会",
                "notes": "已返乡务农",
                "next_planned_date": "2026-12-20",
            },
        )
        records.add_record(
            s,
            staff.caseworker,
            FollowUpVisit,
            wang.id,
            {"planned_date": "2026-12-01", "visitor_name": "村妇联主任"},
        )


def test_ledger_round_trip(db: Database, staff: Staff, tmp_path: Path) -> None:
    from rescuedesk.models import FollowUpVisit, User
    from rescuedesk.services.ledger.ledger_export import export_ledger
    from rescuedesk.services.ledger.ledger_file import import_file

    path = _csv(tmp_path)
    assert import_ledger(db, staff.caseworker, path, valid_only=True).imported == 2
    _add_case_and_visits(db, staff)
    ledger = tmp_path / "台账导出.xlsx"
    with db.write_session() as s:
        export_ledger(s, staff.caseworker, ledger)
    # The place by name and its code in a column of its own (issue #13).
    rows = list(load_workbook(ledger, read_only=True)["台账"].values)
    places = {(r[rows[0].index("户籍地")], r[rows[0].index("户籍地代码")]) for r in rows[1:]}
    assert places == {("黑龙江省哈尔滨市道里区", "230102"), ("河北省石家庄市长安区", "130102")}
    fresh = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    from rescuedesk.db import upgrade_to_head
    from rescuedesk.models.enums import Role, UnitKind
    from rescuedesk.services.office import directory
    from rescuedesk.services.office.context import Actor

    upgrade_to_head(fresh)
    with fresh.write_session() as s:
        unit = directory.create_unit(
            s,
            staff.system,
            {
                "code": "HRB",
                "name": "站",
                "kind": UnitKind.ASSISTANCE_STATION,
                "division_code": "230102",
            },
        ).record
        user = directory.create_user(
            s,
            staff.system,
            {"username": "cw1", "full_name": "社工", "role": Role.CASEWORKER, "unit_id": unit.id},
        ).record
    with fresh.write_session() as s:
        result = import_file(s, Actor.for_user(user), ledger)
    assert not result.problems and not result.candidates
    assert (result.imported, result.attached, result.visits) == (3, 1, 3)

    def snapshot(database: Database) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
        with database.read_session() as s:
            people = s.execute(
                select(
                    Person.real_name,
                    Person.sex,
                    Person.birth_date,
                    Person.id_number,
                    Person.ethnicity,
                    Person.household_registration_code,
                    Person.nationality,
                    Person.languages,
                )
            )
            case_rows = s.execute(
                select(
                    Person.real_name,
                    Case.rescue_date,
                    Case.rescue_place,
                    Case.intake_date,
                    Case.referring_police_unit,
                    Case.police_reference,
                ).join(Case, Case.person_id == Person.id)
            )
            visits = s.execute(
                select(
                    Person.real_name,
                    Case.intake_date,
                    FollowUpVisit.planned_date,
                    FollowUpVisit.done_date,
                    FollowUpVisit.mode,
                    User.full_name,
                    FollowUpVisit.visitor_name,
                    FollowUpVisit.living,
                    FollowUpVisit.safety,
                    FollowUpVisit.health,
                    FollowUpVisit.notes,
                    FollowUpVisit.problems,
                    FollowUpVisit.actions,
                    FollowUpVisit.next_planned_date,
                )
                .join(Case, Case.id == FollowUpVisit.case_id)
                .join(Person, Person.id == Case.person_id)
                .outerjoin(User, User.id == FollowUpVisit.visitor_id)
            )
            return {
                "persons": sorted(tuple(r) for r in people),
                "cases": sorted(tuple(r) for r in case_rows),
                # The visitor: a user's name, or the name as typed (coalesced here, not in
                # SQL: on PostgreSQL visitor_name is ciphertext).
                "visits": sorted(((*r[:5], r[5] or r[6], *r[7:]) for r in visits), key=repr),
            }

    source, copy = snapshot(db), snapshot(fresh)
    assert len(source["persons"]) == 2 and len(source["cases"]) == 3
    assert len(source["visits"]) == 3
    # A visitor on the staff at home (测试cw1) is no user of the new database: the name is
    # kept as the visitor's name, which is what the snapshot compares.
    assert copy == source
    fresh.dispose()


def test_places_as_people_write_them(db: Database, staff: Staff, tmp_path: Path) -> None:
    """The import resolves places as the place picker does (issue #13), and proposes the
    nearest place for one it cannot resolve."""
    rows = [
        ["梁一", "女", "云南省文山州", "2023-05-01", "2023-05-02"],
        ["梁二", "女", "广西百色市", "2023-05-01", "2023-05-02"],
        ["梁三", "女", "宜宾县", "2023-05-01", "2023-05-02"],  # the former name of 叙州区
        ["梁四", "女", "云南省文三州", "2023-05-01", "2023-05-02"],
    ]
    path = write_ledger(
        tmp_path / "地名.csv", ["姓名", "性别", "户籍地", "解救日期", "接收日期"], rows
    )
    result = import_ledger(db, staff.caseworker, path, valid_only=True)
    assert result.imported == 3
    (problem,) = result.problems
    assert (problem.row, problem.column) == (5, "户籍地")
    assert "找不到地名“云南省文三州”" in problem.message and "文山" in problem.message
    assert any("旧地名" in w.message and "叙州区" in w.message for w in result.warnings)
    with db.read_session() as s:
        codes = dict(s.execute(select(Person.real_name, Person.household_registration_code)).all())
    assert codes == {"梁一": "532600", "梁二": "451000", "梁三": "511504"}


def test_the_code_column_wins_over_the_name(db: Database, staff: Staff, tmp_path: Path) -> None:
    """A sheet with a place by name and by code (as the ledger export writes it) is read by
    the code: a name may be a former one or ambiguous, the code is what was stored; a row
    without a code is read by its name (#13)."""
    from rescuedesk.ledger.mapping import propose

    headers = ["姓名", "性别", "户籍地", "户籍地代码", "解救日期", "接收日期"]
    assert propose(headers)["household_registration_code"] == "户籍地代码"
    assert propose(headers[:3])["household_registration_code"] == "户籍地"
    rows = [
        ["梁一", "女", "四川省宜宾市南溪区", "511504", "2023-05-01", "2023-05-02"],
        ["梁二", "女", "四川省宜宾市叙州区", "", "2023-05-01", "2023-05-02"],
    ]
    path = write_ledger(tmp_path / "两列.csv", headers, rows)
    result = import_ledger(db, staff.caseworker, path, valid_only=True)
    assert result.imported == 2 and not result.problems
    with db.read_session() as s:
        codes = dict(s.execute(select(Person.real_name, Person.household_registration_code)).all())
    assert codes == {"梁一": "511504", "梁二": "511504"}  # no code: the name is read
