"""The annual report: right counts, no small cell, none recomputable, both file formats."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.documents.report_files import to_pdf, to_xlsx
from rescuedesk.errors import PermissionDenied, ValidationError
from rescuedesk.models import (
    Assistance,
    Case,
    DisabilityAssessment,
    Employment,
    FollowUpVisit,
    LegalAid,
    MedicalCare,
    Placement,
    Schooling,
    TracingAction,
    Training,
    Unit,
    User,
)
from rescuedesk.models.enums import IntakeChannel, Role, Sex, Stage
from rescuedesk.privacy.small_cells import HIDDEN, CountTable, recoverable, suppress
from rescuedesk.reference import divisions, places
from rescuedesk.services.demo import demo_data
from rescuedesk.services.office import access
from rescuedesk.services.office.context import Actor
from rescuedesk.services.reports import annual_report
from tests.conftest import Staff
from tests.db.test_letters import pdf_text


@pytest.fixture
def report(db: Database) -> annual_report.AnnualReport:
    with db.write_session() as s:
        demo_data.generate(s, Actor.system("t"), 600, seed=5)
    with db.write_session() as s:
        return annual_report.build(s, Actor.system("t"), 2025)


def test_counts_are_right_and_small_cells_hidden(
    db: Database, report: annual_report.AnnualReport
) -> None:
    with db.read_session() as s:
        registered = s.scalar(
            select(func.count(func.distinct(Case.person_id))).where(
                Case.intake_date.between(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
            )
        )
    first = report.tables[0]
    assert first.full()[-1][-1] == registered  # the grand total of new registrations
    for table in report.tables:
        assert recoverable(table) == [], table.title
        for row in table.shown():
            for value in row:
                assert value == HIDDEN or value == 0 or value >= 5, table.title


def test_xlsx_layout(report: annual_report.AnnualReport) -> None:
    book = load_workbook(io.BytesIO(to_xlsx(report)))
    assert "indicators" in book.sheetnames
    assert len(book.sheetnames) == len(report.tables) + 1
    sheet = book[book.sheetnames[0]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "合计" and rows[-1][0] == "合计"
    for row in rows[1:]:
        assert isinstance(row[0], str)
        assert all(isinstance(v, int) or v == HIDDEN for v in row[1:])


def test_provinces_by_name(report: annual_report.AnnualReport) -> None:
    """The 户籍地 table names the provinces, never their codes (issue #13)."""
    (table,) = [t for t in report.tables if t.title == "新登记受助人：户籍地（省）"]
    named = {divisions.name(p) for p in divisions.DIVISION_DATA if p.endswith("0000")}
    assert set(table.row_labels) <= named | {"不详"}
    assert len(set(table.row_labels) & named) > 3
    text = "".join(pdf_text(to_pdf(report, "测试单位")).split())
    assert any(name in text for name in set(table.row_labels) & named)


def test_pdf_has_the_tables(report: annual_report.AnnualReport) -> None:
    text = pdf_text(to_pdf(report, "测试单位"))
    assert "2025年度" in text and "新登记受助人" in text and "回访" in text


def test_progress_is_the_reports_statements(db: Database) -> None:
    """Each count the database makes is a step: the progress moves with each, to the end."""
    with db.write_session() as s:
        demo_data.generate(s, Actor.system("t"), 60, seed=5)
    ticks: list[tuple[int, int]] = []
    with db.read_session() as s:
        annual_report.count(s, Actor.system("t"), 2025, lambda d, t: ticks.append((d, t)) or True)
    steps = annual_report.STEPS
    assert [d for d, _ in ticks] == [*range(steps + 1), steps]  # 0, each statement, the end
    assert {t for _, t in ticks} == {steps}


def test_only_statisticians_and_supervisors(db: Database, staff: Staff) -> None:
    with pytest.raises(PermissionDenied), db.write_session() as s:
        annual_report.build(s, staff.caseworker, 2025)
    with pytest.raises(ValidationError), db.write_session() as s:
        annual_report.build(s, staff.statistician, 1990)
    with db.write_session() as s:
        assert annual_report.build(s, staff.statistician, 2025).tables


# ------------------------------------------- the counts against a plain reference (issue #16)
# The report counts in SQL; here the same report is worked out the plain way, every case and
# record of the database loaded as an ORM object and counted in Python, on a database with
# what the demo data lacks: persons with two cases in the year (one first by intake date,
# two on the same day first by id), voided records, unknown ages, places and reasons.

SERVICES = (  # title, model, counted attribute (None: the records), date attribute, column
    ("救助：按类型", Assistance, "kind", "start_date", "次数"),
    ("寻亲：行动结果", TracingAction, "outcome", "action_date", "次数"),
    ("安置：按类型", Placement, "placement_type", "start_date", "人次"),
    ("医疗康复与心理服务", MedicalCare, "kind", "start_date", "人次"),
    ("残疾等级评定", DisabilityAssessment, "grade", "assessed_on", "人数"),
    ("就学：入学与复学", Schooling, "kind", "start_date", "人数"),
    ("职业培训与就业", Training, None, "start_date", "人数"),
    ("职业培训与就业", Employment, None, "start_date", "人数"),
    ("法律援助", LegalAid, "kind", "applied_on", "件数"),
)


def _plain_report(s: Session, actor: Actor, year: int) -> annual_report.AnnualReport:
    whole = actor.is_system or actor.unit_id is None
    units = None if whole else set(access.units_in_reach(s, actor))
    scope = "全部单位" if units is None else f"{len(units)}个单位"
    first_day, last_day = dt.date(year, 1, 1), dt.date(year, 12, 31)

    def mine(case: Case) -> bool:
        return units is None or case.unit_id in units

    def in_year(day: dt.date | None) -> bool:
        return day is not None and first_day <= day <= last_day

    cases = {c.id: c for c in s.scalars(select(Case)) if mine(c)}
    new: dict[int, Case] = {}
    for case in sorted(cases.values(), key=lambda c: (c.intake_date, c.id)):
        if in_year(case.intake_date):
            new.setdefault(case.person_id, case)
    cube: Counter[tuple[str, str, str]] = Counter()
    provinces: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    children = foreign = 0
    for case in new.values():
        person = case.person
        age = person.age_on(case.rescue_date or case.intake_date)
        group = "18+" if age is None or age >= 18 else "0-13" if age < 14 else "14-17"
        china = "中国籍" if person.nationality == "CHN" else "外国籍"
        cube[(person.sex.value, group, china)] += 1
        code = person.household_registration_code
        known = bool(code) and divisions.is_known(divisions.province_code(code or ""))
        provinces[places.display(divisions.province_code(code or "")) if known else "不详"] += 1
        channels[case.intake_channel.value] += 1
        children += age is not None and age < 18
        foreign += person.nationality != "CHN"
    report = annual_report.AnnualReport(year, scope)
    columns = [(g, n) for n in ("中国籍", "外国籍") for g in annual_report.AGE_GROUPS]
    sexes = ["female", "male", "unknown"]
    report.tables.append(
        CountTable(
            "新登记受助人：性别×年龄×国籍",
            [annual_report.label(x) for x in sexes],
            [f"{n}{g}岁" for g, n in columns],
            [[cube[(x, g, n)] for g, n in columns] for x in sexes],
        )
    )
    report.tables.append(annual_report._one_column("新登记受助人：户籍地（省）", provinces))
    report.tables.append(annual_report._one_column("新登记受助人：来源", channels))
    counted: dict[str, Counter[str]] = {}
    for title, model, attribute, date, _ in SERVICES:
        counter = counted.setdefault(title, Counter())
        for record in s.scalars(select(model)):
            if record.voided_at is None and in_year(getattr(record, date)):
                if record.case_id not in cases:
                    continue
                if attribute is None:
                    counter["参加职业培训" if model is Training else "实现就业"] += 1
                elif attribute == "grade":
                    counter[f"{record.grade}级"] += 1
                else:
                    counter[getattr(record, attribute).value] += 1
    for title, _, _, _, column in SERVICES:
        if title in counted:
            report.tables.append(annual_report._one_column(title, counted.pop(title), column))
    visits: Counter[str] = Counter({"已完成": 0, "逾期未访": 0})
    today = clock.today()
    for visit in s.scalars(select(FollowUpVisit)):
        if visit.voided_at is None and in_year(visit.planned_date) and visit.case_id in cases:
            if visit.done_date is not None:
                visits["已完成"] += 1
            elif visit.planned_date < today:
                visits["逾期未访"] += 1
    report.tables.append(annual_report._one_column("回访", visits, "次数"))
    closed = Counter(
        c.closure_reason or "未填写"
        for c in cases.values()
        if c.stage == Stage.CLOSED and c.closed_at is not None and in_year(c.closed_at.date())
    )
    report.tables.append(annual_report._one_column("结案：按原因", closed, "件数"))
    for table in report.tables:
        suppress(table)
    days = [
        (p.start_date - cases[p.case_id].intake_date).days
        for p in s.scalars(select(Placement))
        if p.voided_at is None
        and p.start_date is not None
        and p.case_id in cases
        and in_year(cases[p.case_id].intake_date)
        and p.start_date >= cases[p.case_id].intake_date
    ]
    n = len(new)

    def share(x: int) -> str:
        return f"{x / n:.1%}" if n >= 5 else "<5人，不计算"

    report.indicators = [
        ("新登记受助人数", str(n) if n == 0 or n >= 5 else "<5"),
        ("其中未成年人比例", share(children)),
        ("其中外国籍比例", share(foreign)),
        (
            "从接收到安置的平均天数",
            f"{sum(days) / len(days):.1f}" if len(days) >= 5 else "<5例，不计算",
        ),
    ]
    return report


def _unusual(s: Session, year: int) -> None:
    """What the demo data lacks, written over some of its cases, persons and records."""
    cases = list(
        s.scalars(
            select(Case)
            .where(Case.intake_date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
            .order_by(Case.id)
        )
    )
    assert len(cases) > 60
    channels = list(IntakeChannel)
    for i in range(0, 40, 4):
        a, b, c, d = cases[i : i + 4]
        # b joins a's person: the earlier intake (another channel, another rescue date) counts.
        b.person_id = a.person_id
        b.intake_channel = channels[(channels.index(a.intake_channel) + 1) % len(channels)]
        # d joins c's person on c's intake date: the lower id counts.
        d.person_id, d.intake_date = c.person_id, c.intake_date
        d.intake_channel = channels[(channels.index(c.intake_channel) + 2) % len(channels)]
    for i, case in enumerate(cases[40:60]):
        person = case.person
        if i % 4 == 0:
            person.birth_date = person.birth_year_estimated = None  # age unknown: 18+
        elif i % 4 == 1:
            person.birth_date, person.birth_year_estimated = None, year - 15
        person.household_registration_code = ("", "999999", None, "110105")[i % 4]
        person.sex = (Sex.UNKNOWN, Sex.MALE)[i % 2]
        if i % 3 == 0:
            person.nationality = "VNM"
    closed = [c for c in s.scalars(select(Case).where(Case.stage == Stage.CLOSED))]
    for case in closed[:8]:
        case.closure_reason = None
    for _, model, _, _, _ in SERVICES:
        for record in s.scalars(select(model).order_by(model.id).limit(40)):
            if record.id % 3 == 0:
                record.voided_at = dt.datetime(year, 6, 1)
    for visit in s.scalars(select(FollowUpVisit).order_by(FollowUpVisit.id).limit(60)):
        if visit.id % 3 == 0:
            visit.voided_at = dt.datetime(year, 6, 1)
    s.flush()


def _a_supervisor(s: Session, unit: str) -> Actor:
    user = s.scalars(
        select(User)
        .join(Unit, Unit.id == User.unit_id)
        .where(Unit.code == unit, User.role == Role.SUPERVISOR)
    ).first()
    assert user is not None
    return Actor.for_user(user)


@pytest.mark.parametrize("year", [2024, 2025])
def test_the_counts_are_the_plain_references(db: Database, year: int) -> None:
    with db.write_session() as s:
        demo_data.generate(s, Actor.system("t"), 900, seed=16)
    with db.write_session() as s:
        _unusual(s, year)
    with db.read_session() as s:
        actors = [Actor.system("t"), _a_supervisor(s, "HLJ-HRB"), _a_supervisor(s, "GS-LZ")]
        for actor in actors:
            got = annual_report.count(s, actor, year)
            want = _plain_report(s, actor, year)
            assert [t.title for t in got.tables] == [t.title for t in want.tables]
            for mine, plain in zip(got.tables, want.tables, strict=True):
                assert mine == plain, mine.title
            assert got.indicators == want.indicators
            assert got == want
            assert got.tables[0].full()[-1][-1] > 10  # the scope had a year's work to count
