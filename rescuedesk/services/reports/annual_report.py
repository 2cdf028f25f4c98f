"""The annual report to the anti-trafficking joint-conference office (LN 21; HLJ 101).

For a year and the user's unit (a supervisor's region, or every unit for the system):
counts of persons newly registered and of the services given, each table passed through
small-cell suppression before it leaves; and indicators (averages, shares) on their own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, case, extract, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import Join

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
from rescuedesk.models.base import stored_code
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


def _province(code: str | None) -> str:
    """The province of a 户籍地 (its code, or the code's first two digits, all the province
    needs) by name; 不详 for none or a code the list does not know (a row of codes with
    hints would tell the office nothing a count can act on)."""
    if not code or not divisions.is_known(divisions.province_code(code)):
        return "不详"
    return places.display(divisions.province_code(code))


def _one_column(title: str, counter: Counter[str], column: str = "人数") -> CountTable:
    rows = sorted(counter, key=lambda k: (-counter[k], k))
    return CountTable(title, [label(r) for r in rows], [column], [[counter[r]] for r in rows])


def _in_year(column, year: int):  # type: ignore[no-untyped-def]
    return column.between(dt.date(year, 1, 1), dt.date(year, 12, 31))


class days_between(FunctionElement[int]):
    """``later - earlier`` in days, two dates: PostgreSQL subtracts dates to an integer;
    SQLite stores them as text, whose Julian days differ by a whole number."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


class _PersonByItsIndex(Join):
    """A join to person that SQLite reads through ix_person_annual; elsewhere a plain join."""

    inherit_cache = True


@compiles(_PersonByItsIndex, "sqlite")
def _person_by_its_index(join: _PersonByItsIndex, compiler: Any, **kw: Any) -> str:
    # SQLite looks a person up by rowid, a page of the table per person (rows of sealed
    # text: a year's persons are on most of its pages), though the index has every column
    # counted, a hundred persons a page (0.8 s -> 0.3 s at 200,000 persons, cache cold).
    joined: str = compiler.visit_join(join, **kw)
    return joined.replace(" JOIN person ON ", " JOIN person INDEXED BY ix_person_annual ON ", 1)


# The cube of newly registered persons: one row per combination of what the tables show.
Cell = tuple[str, str, bool, str | None, str]  # sex, age group, Chinese, province digits, channel


class _ymd(FunctionElement[int]):
    """A date as the number yyyymmdd: a difference of two of them is at least 140000 exactly
    when the later day is the 14th birthday or after (what Person.age_on counts, 29
    February included)."""

    type = Integer()
    inherit_cache = True


@compiles(_ymd)
def _ymd_default(element: _ymd, compiler: Any, **kw: Any) -> str:
    (day,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(to_char({day}, 'YYYYMMDD') AS INTEGER)"


@compiles(_ymd, "sqlite")
def _ymd_sqlite(element: _ymd, compiler: Any, **kw: Any) -> str:
    # SQLite stores a date as its text, YYYY-MM-DD (three strftime calls a date cost over
    # twice the CPU).
    (day,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(replace({day}, '-', '') AS INTEGER)"


def _age_group_of(day, born, born_year):  # type: ignore[no-untyped-def]
    """The age group (AGE_GROUPS) of Person.age_on(day), in SQL: by the birth date, else the
    estimated birth year; no age at all counts as 18+ (an adult unless known otherwise)."""
    by_date = _ymd(day) - _ymd(born)
    by_year = extract("year", day) - born_year
    return case(
        (
            born.is_(None),
            case((by_year < 14, "0-13"), (by_year < 18, "14-17"), else_="18+"),  # NULL: 18+
        ),
        else_=case((by_date < 140000, "0-13"), (by_date < 180000, "14-17"), else_="18+"),
    )


def _new_persons(run, scoped, year: int) -> Counter[Cell]:  # type: ignore[no-untyped-def]
    """The newly registered persons of the year, counted by the database per cell.

    One per person: her first case registered in the year (by intake date, then id). A
    person with two cases in a year (re-trafficked, or two records merged after the fact)
    is one newly registered person, not two; the counts are of people. Only plain columns
    are read (nothing sealed), and only the cells come back: a province's year is hundreds
    of thousands of cases, each of which cost a row in Python when they were counted here."""
    first = scoped(
        select(
            Case.person_id,
            func.coalesce(Case.rescue_date, Case.intake_date).label("day"),
            stored_code(Case.intake_channel).label("channel"),
            func.row_number()
            .over(partition_by=Case.person_id, order_by=(Case.intake_date, Case.id))
            .label("nth"),
        ).where(_in_year(Case.intake_date, year))
    ).subquery()
    group = _age_group_of(first.c.day, Person.birth_date, Person.birth_year_estimated)
    china = case((Person.nationality == "CHN", 1), else_=0)
    province = func.substr(Person.household_registration_code, 1, 2)
    sex = stored_code(Person.sex)
    query = (
        select(sex, group, china, province, first.c.channel, func.count())
        .select_from(_PersonByItsIndex(first, Person.__table__, Person.id == first.c.person_id))
        .where(first.c.nth == 1)
        .group_by(sex, group, china, province, first.c.channel)
    )
    return Counter({(sx, g, bool(cn), pv, ch): n for sx, g, cn, pv, ch, n in run(query)})


def build(
    session: Session, actor: Actor, year: int, progress: Progress | None = None
) -> AnnualReport:
    """The report for ``year``, audited in ``session``."""
    report = count(session, actor, year, progress)
    audit_report(session, actor, report)
    return report


# The statements the report sends, each one a step of its progress: the new persons, the
# nine service tables (training and employment apart), the visits, the closures and the
# days to placement. Each is a count the database makes of one year's rows; the steps are what
# can be reported as they end (a GROUP BY says nothing until it is done).
STEPS = 13


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
    done = 0
    tick(progress, done, STEPS)

    def run(query):  # type: ignore[no-untyped-def]
        nonlocal done
        rows = session.execute(query).all()
        done += 1
        tick(progress, min(done, STEPS), STEPS)
        return rows

    def scoped(query):  # type: ignore[no-untyped-def]
        return query if units is None else query.where(Case.unit_id.in_(units))

    def of_cases_in_reach(query, model):  # type: ignore[no-untyped-def]
        # A record is joined to its case only to scope it: the whole office's count reads
        # the record's own index alone.
        if units is None:
            return query
        return query.join(Case, Case.id == model.case_id).where(Case.unit_id.in_(units))

    new_persons = _new_persons(run, scoped, year)
    cube: Counter[tuple[str, str, str]] = Counter()
    provinces: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    for (sex, group, chinese, province, channel), n in new_persons.items():
        cube[(sex, group, "中国籍" if chinese else "外国籍")] += n
        provinces[_province(province)] += n
        channels[channel] += n
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
        """The year's records of ``model`` not voided, by ``kind_column`` (None: all of
        them under ""), counted by the database on the (date, kind, case) index of the
        records not voided (migration 0026)."""
        kinds = () if kind_column is None else (kind_column,)
        query = of_cases_in_reach(
            select(*kinds, func.count())
            .select_from(model)
            .where(model.voided_at.is_(None), _in_year(date_column, year))
            .group_by(*kinds),
            model,
        )
        counted: Counter[str] = Counter()
        for *kind, n in run(query):
            counted[getattr(kind[0], "value", kind[0]) if kind else ""] += n
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
                    "参加职业培训": sum(count_kinds(Training, None, Training.start_date).values()),
                    "实现就业": sum(count_kinds(Employment, None, Employment.start_date).values()),
                }
            ),
            "人数",
        ),
        _one_column("法律援助", count_kinds(LegalAid, LegalAid.kind, LegalAid.applied_on), "件数"),
    ]
    visit = FollowUpVisit
    ((visits_done, overdue),) = run(
        of_cases_in_reach(
            select(
                func.count(visit.done_date),  # the non-null ones
                func.count(case((visit.done_date.is_(None) & (visit.planned_date < today), 1))),
            ).where(visit.voided_at.is_(None), _in_year(visit.planned_date, year)),
            visit,
        )
    )
    report.tables.append(
        _one_column("回访", Counter({"已完成": visits_done, "逾期未访": overdue}), "次数")
    )
    # The reason is sealed on PostgreSQL (free text, often about the person): each one is
    # opened here, a year's closures (a few thousand), found on the (stage, closed_at) index.
    closed = run(
        scoped(
            select(Case.closure_reason).where(
                Case.stage == Stage.CLOSED,
                Case.closed_at.between(
                    dt.datetime(year, 1, 1), dt.datetime(year, 12, 31, 23, 59, 59)
                ),
            )
        )
    )
    report.tables.append(
        _one_column("结案：按原因", Counter(r or "未填写" for (r,) in closed), "件数")
    )
    for table in report.tables:
        suppress(table)
    report.indicators = _indicators(run, new_persons, scoped, year)
    tick(progress, STEPS, STEPS)
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


def _indicators(run, new_persons: Counter[Cell], scoped, year: int) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    n = sum(new_persons.values())
    # Children: an age under 18 (no age counts as 18+); foreign: not Chinese.
    children = sum(c for (_, group, _, _, _), c in new_persons.items() if group != "18+")
    foreign = sum(c for (_, _, chinese, _, _), c in new_persons.items() if not chinese)
    # Days from intake to each placement that starts on or after it, summed by the database.
    ((placed, days),) = run(
        scoped(
            select(func.count(), func.sum(days_between(Placement.start_date, Case.intake_date)))
            .select_from(Case)
            .join(Placement, Placement.case_id == Case.id)
            .where(
                Placement.voided_at.is_(None),
                Placement.start_date.is_not(None),
                Placement.start_date >= Case.intake_date,
                # Implied by the line above: bounds a read of placements by their date.
                Placement.start_date >= dt.date(year, 1, 1),
                _in_year(Case.intake_date, year),
            )
        )
    )

    def share(x: int) -> str:
        return f"{x / n:.1%}" if n >= 5 else "<5人，不计算"

    return [
        ("新登记受助人数", str(n) if n == 0 or n >= 5 else "<5"),
        ("其中未成年人比例", share(children)),
        ("其中外国籍比例", share(foreign)),
        (
            "从接收到安置的平均天数",
            f"{(days or 0) / placed:.1f}" if placed >= 5 else "<5例，不计算",
        ),
    ]
