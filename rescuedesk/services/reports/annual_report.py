"""The annual report to the anti-trafficking joint-conference office (LN 21; HLJ 101).

For a year and the user's unit (a supervisor's region, or every unit for the system):
counts of persons newly registered and of the services given, each table passed through
small-cell suppression before it leaves; and indicators (averages, shares) on their own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.errors import ValidationError
from rescuedesk.models import (
    Assistance,
    Case,
    DisabilityAssessment,
    Employment,
    FollowUpVisit,
    LegalAid,
    MedicalCare,
    Person,
    Placement,
    Schooling,
    TracingAction,
    Training,
)
from rescuedesk.models.enums import Role, Stage
from rescuedesk.privacy.small_cells import CountTable, suppress
from rescuedesk.progress import Progress, tick
from rescuedesk.reference import divisions, places
from rescuedesk.reference.labels import ENUM_LABELS
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import ensure_role, units_in_reach
from rescuedesk.services.office.context import Actor

AGE_GROUPS = ("0-13", "14-17", "18+")
# The codes the report's tables show, named as everywhere else but for three the report words
# its own way: a "不详" row among other counts would not say of what, and the annual form calls
# two kinds of assistance by their shorter names.
REPORTED_ENUMS = (
    "Sex",
    "IntakeChannel",
    "AssistanceKind",
    "TracingOutcome",
    "PlacementType",
    "CareKind",
    "SchoolingKind",
    "LegalAidKind",
)
LABELS = {code: text for enum in REPORTED_ENUMS for code, text in ENUM_LABELS[enum].items()} | {
    "unknown": "性别不详",
    "communication": "通信",
    "temporary_cash": "临时救助",
}


def label(code: str) -> str:
    return LABELS.get(code, code)


@dataclass
class AnnualReport:
    year: int
    scope: str
    tables: list[CountTable] = field(default_factory=list)
    indicators: list[tuple[str, str]] = field(default_factory=list)


def _age_group(age: int | None) -> str:
    if age is None or age >= 18:
        return "18+"
    return "0-13" if age < 14 else "14-17"


def _province(code: str | None) -> str:
    """The province of a 户籍地 by name; 不详 for none or a code the list does not know (a
    row of codes with hints would tell the office nothing a count can act on)."""
    if not code or not divisions.is_known(divisions.province_code(code)):
        return "不详"
    return places.display(divisions.province_code(code))


def _one_column(title: str, counter: Counter[str], column: str = "人数") -> CountTable:
    rows = sorted(counter, key=lambda k: (-counter[k], k))
    return CountTable(title, [label(r) for r in rows], [column], [[counter[r]] for r in rows])


def _in_year(column, year: int):  # type: ignore[no-untyped-def]
    return column.between(dt.date(year, 1, 1), dt.date(year, 12, 31))


@dataclass(frozen=True)
class NewPerson:
    """What the report counts of a newly registered person: a few values, not the ORM rows
    (a province's year holds hundreds of thousands)."""

    age: int | None
    sex: str
    nationality: str | None
    origin: str | None
    channel: str


# Rows per fetch of the year's cases.
CHUNK = 5000


def _age(day: dt.date, born: dt.date | None, born_year: int | None) -> int | None:
    """Person.age_on, from the columns."""
    if born is not None:
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return None if born_year is None else day.year - born_year


def _new_persons(session: Session, scoped, year: int, progress: Progress | None) -> list[NewPerson]:  # type: ignore[no-untyped-def]
    """One entry per person: the first case registered in the year.

    A person with two cases in a year (re-trafficked, or two records merged after the fact)
    is one newly registered person, not two; the counts are of people. Read in chunks as
    plain columns, in the order of intake."""
    in_year = _in_year(Case.intake_date, year)
    total = session.scalar(scoped(select(func.count(Case.id)).where(in_year))) or 0
    tick(progress, 0, total)
    query = scoped(
        select(
            Person.id,
            Case.rescue_date,
            Case.intake_date,
            Case.intake_channel,
            Person.birth_date,
            Person.birth_year_estimated,
            Person.sex,
            Person.nationality,
            Person.household_registration_code,
        )
        .join(Person, Person.id == Case.person_id)
        .where(in_year)
        .order_by(Case.intake_date, Case.id)
    ).execution_options(yield_per=CHUNK, stream_results=True)
    seen: set[int] = set()
    out: list[NewPerson] = []
    read = 0
    rows = session.connection().execute(query)  # Core rows: no ORM loading for columns
    for pid, rescued, intake, channel, born, born_year, sex, nation, origin in rows:
        read += 1
        if read % CHUNK == 0:
            tick(progress, read, total)
        if pid in seen:
            continue
        seen.add(pid)
        age = _age(rescued or intake, born, born_year)
        out.append(NewPerson(age, sex.value, nation, origin, channel.value))
    tick(progress, total, total)
    return out


def build(
    session: Session, actor: Actor, year: int, progress: Progress | None = None
) -> AnnualReport:
    """The report for ``year``, audited in ``session``."""
    report = count(session, actor, year, progress)
    audit_report(session, actor, report)
    return report


def count(
    session: Session, actor: Actor, year: int, progress: Progress | None = None
) -> AnnualReport:
    """The report for ``year``, not yet audited: a standby can count it (nothing is
    written), then :func:`audit_report` records it on the primary with the file."""
    ensure_role(actor, Role.STATISTICIAN, Role.SUPERVISOR, what="生成年度统计报告")
    today = clock.today()
    if not 2000 <= year <= today.year:
        raise ValidationError(f"年份应在2000到{today.year}之间。", field="year")
    units = None if actor.is_system or actor.unit_id is None else units_in_reach(session, actor)

    def scoped(query):  # type: ignore[no-untyped-def]
        return query if units is None else query.where(Case.unit_id.in_(units))

    new_cases = _new_persons(session, scoped, year, progress)
    cube: Counter[tuple[str, str, str]] = Counter()
    provinces: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    for p in new_cases:
        china = "中国籍" if p.nationality == "CHN" else "外国籍"
        cube[(p.sex, _age_group(p.age), china)] += 1
        provinces[_province(p.origin)] += 1
        channels[p.channel] += 1
    columns = [(g, n) for n in ("中国籍", "外国籍") for g in AGE_GROUPS]
    sexes = ["female", "male", "unknown"]
    report = AnnualReport(year, "全部单位" if units is None else f"{len(units)}个单位")
    report.tables.append(
        CountTable(
            "新登记受助人：性别×年龄×国籍",
            [label(s) for s in sexes],
            [f"{n}{g}岁" for g, n in columns],
            [[cube[(s, g, n)] for g, n in columns] for s in sexes],
        )
    )
    report.tables.append(_one_column("新登记受助人：户籍地（省）", provinces))
    report.tables.append(_one_column("新登记受助人：来源", channels))

    def count_kinds(model, kind_column, date_column) -> Counter[str]:  # type: ignore[no-untyped-def]
        # Counted by the database: a province's year has hundreds of thousands of records.
        query = scoped(
            select(kind_column, func.count())
            .join(Case, Case.id == model.case_id)
            .where(model.voided_at.is_(None), _in_year(date_column, year))
            .group_by(kind_column)
        )
        counted: Counter[str] = Counter()
        for v, n in session.execute(query):
            counted[getattr(v, "value", v)] += n
        return counted

    report.tables += [
        _one_column(
            "救助：按类型", count_kinds(Assistance, Assistance.kind, Assistance.start_date), "次数"
        ),
        _one_column(
            "寻亲：行动结果",
            count_kinds(TracingAction, TracingAction.outcome, TracingAction.action_date),
            "次数",
        ),
        _one_column(
            "安置：按类型",
            count_kinds(Placement, Placement.placement_type, Placement.start_date),
            "人次",
        ),
        _one_column(
            "医疗康复与心理服务",
            count_kinds(MedicalCare, MedicalCare.kind, MedicalCare.start_date),
            "人次",
        ),
        _one_column(
            "残疾等级评定",
            Counter(
                {
                    f"{g}级": c
                    for g, c in count_kinds(
                        DisabilityAssessment,
                        DisabilityAssessment.grade,
                        DisabilityAssessment.assessed_on,
                    ).items()
                }
            ),
            "人数",
        ),
        _one_column(
            "就学：入学与复学", count_kinds(Schooling, Schooling.kind, Schooling.start_date), "人数"
        ),
        _one_column(
            "职业培训与就业",
            Counter(
                {
                    "参加职业培训": sum(
                        count_kinds(Training, Training.status, Training.start_date).values()
                    ),
                    "实现就业": sum(
                        count_kinds(Employment, Employment.status, Employment.start_date).values()
                    ),
                }
            ),
            "人数",
        ),
        _one_column("法律援助", count_kinds(LegalAid, LegalAid.kind, LegalAid.applied_on), "件数"),
    ]
    visit_count = scoped(
        select(func.count(FollowUpVisit.id))
        .join(Case, Case.id == FollowUpVisit.case_id)
        .where(FollowUpVisit.voided_at.is_(None), _in_year(FollowUpVisit.planned_date, year))
    )
    done = session.scalar(visit_count.where(FollowUpVisit.done_date.is_not(None))) or 0
    overdue = (
        session.scalar(
            visit_count.where(FollowUpVisit.done_date.is_(None), FollowUpVisit.planned_date < today)
        )
        or 0
    )
    report.tables.append(
        _one_column("回访", Counter({"已完成": done, "逾期未访": overdue}), "次数")
    )
    closed = session.execute(
        scoped(
            select(Case.closure_reason).where(
                Case.stage == Stage.CLOSED,
                Case.closed_at.between(
                    dt.datetime(year, 1, 1), dt.datetime(year, 12, 31, 23, 59, 59)
                ),
            )
        )
    ).all()
    report.tables.append(
        _one_column("结案：按原因", Counter(r or "未填写" for (r,) in closed), "件数")
    )
    for table in report.tables:
        suppress(table)
    report.indicators = _indicators(session, new_cases, scoped, year)
    return report


def audit_report(session: Session, actor: Actor, report: AnnualReport) -> None:
    audit.record(
        session,
        actor,
        "report",
        "annual_report",
        None,
        changes={"year": report.year, "scope": report.scope, "tables": len(report.tables)},
    )


def _indicators(session: Session, new_cases: Iterable, scoped, year: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def,type-arg]
    new_cases = list(new_cases)
    n = len(new_cases)
    placed = session.execute(
        scoped(
            select(Case.intake_date, Placement.start_date)
            .join(Placement, Placement.case_id == Case.id)
            .where(
                Placement.voided_at.is_(None),
                Placement.start_date.is_not(None),
                _in_year(Case.intake_date, year),
            )
        )
    ).all()
    days = [(start - intake).days for intake, start in placed if start >= intake]
    children = sum(1 for p in new_cases if p.age is not None and p.age < 18)
    foreign = sum(1 for p in new_cases if p.nationality != "CHN")

    def share(x: int) -> str:
        return f"{x / n:.1%}" if n >= 5 else "<5人，不计算"

    return [
        ("新登记受助人数", str(n) if n == 0 or n >= 5 else "<5"),
        ("其中未成年人比例", share(children)),
        ("其中外国籍比例", share(foreign)),
        (
            "从接收到安置的平均天数",
            f"{sum(days) / len(days):.1f}" if len(days) >= 5 else "<5例，不计算",
        ),
    ]
