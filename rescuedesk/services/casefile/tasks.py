"""The tasks of the home page (待办): what is due in the cases a user may see, and since when.

Computed from the records each time (no task table to keep in step), one query per kind of
task, each found through an index (tests/db/test_tasks.py checks the plans on SQLite): the
home page of a supervisor of 25,000 cases is read in well under 100 ms (bench/tasks.py).
Each kind shows at most ``LIMIT`` items, the oldest first, and says when there are more.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    String,
    and_,
    any_,
    bindparam,
    cast,
    column,
    exists,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    text,
    true,
    tuple_,
    union_all,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, aliased

from rescuedesk import clock
from rescuedesk.errors import PermissionDenied
from rescuedesk.models import (
    Assistance,
    Case,
    DisabilityAssessment,
    Employment,
    FollowUpVisit,
    LegalAid,
    MedicalCare,
    NeedsAssessment,
    Person,
    Placement,
    Referral,
    Schooling,
    TracingAction,
    Training,
    User,
)
from rescuedesk.models.case import WAITING_CLOSURE
from rescuedesk.models.enums import PlacementStatus, PlacementType, Role, Stage, TracingOutcome
from rescuedesk.models.followup import VISIT_OPEN
from rescuedesk.models.guardianship import Guardianship
from rescuedesk.models.inquiry import InquiryMatch
from rescuedesk.models.placement import PLAN_WAITING
from rescuedesk.models.referral import REPLY_WAITING
from rescuedesk.models.tracing import ANNOUNCEMENT_OPEN
from rescuedesk.services.casefile.case_queries import scope_condition, scope_params
from rescuedesk.services.casefile.followups import DueVisit
from rescuedesk.services.office.access import ensure_can_read, get_case
from rescuedesk.services.office.context import Actor

MATCH_CONFIRMED = "confirmed"  # models/inquiry.py MATCH_STATUSES
LIMIT = 50  # per kind: the oldest first; "more" says the rest are in the case list
VISIT_DAYS_AHEAD = 7
ADULT_AGE = 18
TURNING_ADULT_DAYS = 90
# 义务教育: nine years from the age of six (Compulsory Education Law art. 11; HLJ 60).
SCHOOL_AGES = (6, 15)
NEEDS_PAGE = 250


class Kind:
    VISIT = "visit"
    CLOSURE_APPROVAL = "closure_approval"
    PLACEMENT_APPROVAL = "placement_approval"
    REFERRAL_REPLY = "referral_reply"
    ANNOUNCEMENT_ENDED = "announcement_ended"
    SCHOOL_AGE = "school_age"
    NEED_UNSERVED = "need_unserved"
    TURNING_ADULT = "turning_adult"
    TRANSFER_WAITING = "transfer_waiting"


@dataclass(frozen=True)
class Target:
    """The form a task opens: a record of ``model`` (``record_id`` None: a new one, its
    fields set to ``prefill``); ``model`` None: the case's stage dialog (a closure to
    approve)."""

    model: type | None
    record_id: int | None = None
    prefill: tuple[tuple[str, Any], ...] = ()


# No family came forward: a long-stay unidentified person is to be registered where she
# lives (落户, HLJ 61; NH 二.5), and the placement plan says so.
HOUSEHOLD_REGISTRATION_PLAN = Target(
    Placement, None, (("placement_type", PlacementType.HOUSEHOLD_REGISTRATION.value),)
)


@dataclass(frozen=True)
class Task:
    kind: str
    case_id: int
    case_number: str
    person_name: str
    owner: str  # who does it: the visitor, else the case's caseworker
    due: dt.date
    since: dt.date
    target: Target
    detail: str = ""  # what it is about: the recipient, the needs, who asked
    visit: DueVisit | None = None  # a visit task opens the visit form with it

    def overdue(self, today: dt.date) -> bool:
        return self.due < today


@dataclass
class Tasks:
    items: list[Task] = field(default_factory=list)
    more: list[str] = field(default_factory=list)  # kinds with more than LIMIT


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _birthday(birth: dt.date, age: int) -> dt.date:
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:
        return birth.replace(year=birth.year + age, day=28)


class Reads:
    """What every query of one home page shares: the actor's scope and today, and the rows
    two lists of the page show (the visits due, the approvals waiting), read once for both
    the page and its tasks."""

    def __init__(
        self, session: Session, actor: Actor, scope: tuple[str, dict[str, Any]] | None = None
    ) -> None:
        self.session = session
        self.actor = actor
        self.today = clock.today()
        self.scope, self.params = scope or scope_params(session, actor)
        self.postgresql = session.get_bind().dialect.name == "postgresql"
        planner_settings(session)
        # How each kind's statement is limited to the scope (``statement``'s ``scope``).
        self.shape = self.scope
        self._own_births: list[tuple[int, dt.date | None, int | None]] = []
        if self.postgresql and self.scope == "own":
            # Her open cases read once for the page, each kind's statement given them as one
            # array: with scope_condition's UNION, each statement read her cases and
            # assignments again and probed every one of those cases, closed ones too (a
            # caseworker's page at 200,000 persons: 34,600 buffers read, 26,300 so).
            rows = self.session.execute(_plain(own_cases_query), self.params).all()
            self.params = {**self.params, "own_ids": _array(r[0] for r in rows)}
            self._own_births = [(person, birth, year) for _, person, birth, year in rows]
            self.shape = OWN_IDS
        self._visits: dict[dt.date, tuple[int, list[DueVisit]]] = {}
        self._approvals: tuple[list[Any], list[Any]] | None = None

    def own_persons(self, born: Callable[[dt.date | None, int | None], bool]) -> dict[str, Any]:
        """For a kind found by a birth date or year, in a caseworker's ids (``OWN_IDS``): her
        persons whose (birth date, estimated year) ``born`` takes, the kind's own range, read
        with her cases; its statement checks the range again. Each of the three such kinds
        probed all her ~600 persons for it (6,800 buffers of her page at 200,000 persons)."""
        if self.shape != OWN_IDS:
            return {}
        chosen = dict.fromkeys(p for p, birth, year in self._own_births if born(birth, year))
        return {"own_persons": _array(chosen)}

    def run(
        self, builder: Callable[[], Any], limit: int | None = LIMIT + 1, **params: Any
    ) -> list[Any]:
        query = statement(builder, self.shape, limit)
        return list(self.session.execute(query, {**self.params, **params}))

    def due_visits(self, until: dt.date, limit: int) -> list[DueVisit]:
        """Visits not done, planned on or before ``until``, the oldest first, at most
        ``limit``: from a longer read of the same days when there was one (the home page's
        list, then its tasks)."""
        known = self._visits.get(until)
        if known is not None and (known[0] >= limit or len(known[1]) < known[0]):
            return known[1][:limit]
        visits = [
            DueVisit(vid, cid, number, real or alias or f"#{pid}", planned, visitor,
                     planned < self.today, version)
            for cid, number, real, alias, _worker, vid, planned, visitor, version, pid
            in self.run(visit_query, limit, until=until)
        ]  # fmt: skip
        self._visits[until] = (limit, visits)
        return visits

    def approvals(self) -> tuple[list[Any], list[Any]]:
        """The closures and the placement plans waiting in reach, all of them, the oldest
        first: (case columns, requested at, by) and (case columns, plan, drafted at, by).
        Open cases only (``statement``): a plan left waiting in a case closed before closure
        checked for it cannot be approved; it shows again if the case is reopened."""
        if self._approvals is None:
            closures = list(self.session.scalars(_plain(closures_waiting_query)))
            plans = list(self.session.scalars(_plain(plans_waiting_query)))
            self._approvals = (
                self.run(closure_query, None, ids=closures) if closures else [],
                self.run(plan_query, None, ids=plans) if plans else [],
            )
        return self._approvals


@cache
def _plain(builder: Callable[[], Any]) -> Any:
    return builder()


OWN_IDS = "own_ids"  # a caseworker's scope on PostgreSQL: her open cases' ids, read once


def own_cases_query() -> Any:
    """Her open cases, own and assigned, the scope of a caseworker's tasks: (case, person,
    birth date, estimated birth year)."""
    return (
        select(Case.id, Case.person_id, Person.birth_date, Person.birth_year_estimated)
        .join(Person, Person.id == Case.person_id)
        .where(scope_condition("own"), Case.stage != Stage.CLOSED)
    )


def _array(ids: Iterable[int]) -> str:
    """Ids as one PostgreSQL array literal: sent as text, cast by the server. psycopg dumps
    a list of ints one item at a time in Python, again for each statement it is sent with
    (0.5 ms a list of 600, 6 ms of a caseworker's home page)."""
    return "{" + ",".join(map(str, ids)) + "}"


def _among(column: Any, name: str) -> Any:
    return column == any_(cast(bindparam(name, type_=String), postgresql.ARRAY(Integer)))


def _own_ids(builder: Callable[[], Any]) -> list[Any]:
    """The ``OWN_IDS`` conditions of a kind: on the case id of the kind's own rows, so that
    only the rows found read their case (on Case.id, PostgreSQL read each of her cases first,
    then probed the kind's table for each); a kind found by the person's facts (a birth
    date) starts from those of her persons in its range (``Reads.own_persons``), each case
    read only for them."""
    key = _OWN_KEYS.get(builder)
    if key is None:
        # The case checked on the rows found (``+ 0``: not a list to probe the cases by).
        return [_among(Person.id, "own_persons"), _among(Case.id + literal_column("0"), "own_ids")]
    return [_among(key, "own_ids")]


@lru_cache(maxsize=64)
def statement(builder: Callable[[], Any], scope: str, limit: int | None) -> Any:
    """A kind's query for a scope, built once: building a statement costs more than running
    it on its index (as in case_queries). ``OWN_IDS``: the cases of the ``own_ids`` array."""
    query = builder().where(Case.stage != Stage.CLOSED)
    if scope == OWN_IDS:
        query = query.where(*_own_ids(builder))
    elif scope != "all":
        # A supervisor's reach is a whole unit: each kind starts from its own index and
        # checks the reach on the rows found; a caseworker's few cases are the better start.
        query = query.where(scope_condition(scope, as_filter=scope == "reach"))
    return query.limit(limit)


CASE_COLUMNS = (Case.id, Case.case_number, Person.real_name, Person.alias, Case.caseworker_id)


def _qualified(model: type, condition: str) -> Any:
    """A partial index's condition with its table's name on each column: the planners use
    the index only for its own condition written out as such (a bound value would not do),
    and the columns must not be taken for those of the tables joined to it."""
    table = model.__tablename__  # type: ignore[attr-defined]
    words = condition.split(" ")
    columns = {c.name for c in model.__table__.columns}  # type: ignore[attr-defined]
    return text(" ".join(f"{table}.{w}" if w in columns else w for w in words))


def _name(real: str | None, alias: str | None) -> str:
    return real or alias or ""


# -- one query per kind: each returns rows (case columns first) and makes Tasks of them ---------


def referral_reply_query() -> Any:
    """Referrals sent whose reply is overdue, from the partial index of replies waiting."""
    waiting = select(Referral.id).where(
        text(REPLY_WAITING), Referral.reply_due_on < bindparam("today")
    )
    return (
        select(*CASE_COLUMNS, Referral.id, Referral.reply_due_on, Referral.recipient_name)
        .join(Case, Case.id == Referral.case_id)
        .join(Person, Person.id == Case.person_id)
        .where(Referral.id.in_(waiting))
        .order_by(Referral.reply_due_on, Referral.id)
    )


def _referral_replies(c: Reads) -> list[Task]:
    rows = c.run(referral_reply_query, today=c.today)
    return [
        Task(Kind.REFERRAL_REPLY, cid, number, _name(real, alias), worker, due, due,
             Target(Referral, rid), recipient)
        for cid, number, real, alias, worker, rid, due, recipient in rows
    ]  # fmt: skip


def _announcement_conditions() -> list[Any]:
    """What makes an announcement's case one to plan 落户 in, but for its placements
    (``_unplanned``): no family found, a person still unidentified (once she is known, her
    family is traced by name) and claimed by no confirmed inquiry (HLJ 61)."""
    found = aliased(TracingAction)
    # Correlated with the case, not the action: checked on the few rows in reach, after
    # the case (PostgreSQL otherwise hashes every placement first).
    family_found = exists().where(
        found.case_id == Case.id,
        found.outcome == TracingOutcome.FAMILY_FOUND,
        found.voided_at.is_(None),
    )
    # A family's inquiry confirmed as hers: her family is being traced, not 落户 planned.
    claimed = exists().where(
        InquiryMatch.person_id == Person.id, InquiryMatch.status == MATCH_CONFIRMED
    )
    return [Person.identity_known.is_(False), ~family_found, ~claimed]


def _unplanned(*, fenced: bool = False) -> Any:
    """No placement recorded in the announcement's case: checked first, on the walked
    announcement's own case id and the index of live placements alone, before its case is
    read. Most open announcements are in cases with a placement (1,800 of the 2,000 walked
    for a unit supervisor's page at 200,000 persons): each of those read its case, its
    person and its tracing actions first.

    ``fenced`` (PostgreSQL's walk): OFFSET 0 keeps the planner from turning the check into
    a join or a hash of every live placement (a merge anti-join over 165,000 of them, or a
    hashed subplan: 180-250 ms); it stays a probe of the index for each announcement."""
    # EXISTS (SELECT case_id ...), not SELECT *: SQLite then reads the (case, voided_at)
    # index alone, not each placement's row.
    placed = select(Placement.case_id).where(
        Placement.case_id == TracingAction.case_id, Placement.voided_at.is_(None)
    )
    return ~(placed.offset(0) if fenced else placed).exists()


ANNOUNCEMENT_COLUMNS = (
    TracingAction.id,
    TracingAction.announcement_published_on,
    TracingAction.announcement_period_days,
)


def announcement_query() -> Any:
    """Announcements published and not answered by a family, in cases to plan 落户 in:
    once the period is over, 落户 is to be planned (HLJ 61)."""
    return (
        select(*CASE_COLUMNS, *ANNOUNCEMENT_COLUMNS)
        .select_from(TracingAction)
        .join(Case, Case.id == TracingAction.case_id)
        .join(Person, Person.id == Case.person_id)
        .where(
            _qualified(TracingAction, ANNOUNCEMENT_OPEN),
            TracingAction.announcement_published_on < bindparam("today"),
            _unplanned(),
            *_announcement_conditions(),
        )
        .order_by(TracingAction.announcement_published_on, TracingAction.id)
    )


@lru_cache(maxsize=8)
def announcement_walk(scope: str, limit: int) -> Any:
    """announcement_query for PostgreSQL: the open announcements walked in their index's
    order, each case checked on its own (a LATERAL fenced by OFFSET 0, which the planner
    cannot flatten), until ``limit`` are found. Flattened, PostgreSQL hashed every open case
    of a province to join a few thousand announcements (54 ms at 100,000 persons; the
    walk reads some 1,300 index entries). SQLite has no LATERAL and walks so already."""
    case = (
        select(*CASE_COLUMNS)
        .join(Person, Person.id == Case.person_id)
        .where(
            Case.id == TracingAction.case_id,
            Case.stage != Stage.CLOSED,
            *_announcement_conditions(),
        )
    )
    if scope != "all":
        case = case.where(scope_condition(scope, as_filter=True))
    checked = case.offset(0).lateral("checked")
    return (
        select(*checked.c, *ANNOUNCEMENT_COLUMNS)
        .select_from(TracingAction)
        .join(checked, true())
        .where(
            _qualified(TracingAction, ANNOUNCEMENT_OPEN),
            TracingAction.announcement_published_on < bindparam("today"),
            _unplanned(fenced=True),
        )
        .order_by(TracingAction.announcement_published_on, TracingAction.id)
        .limit(limit)
    )


def _announcements(c: Reads) -> list[Task]:
    tasks = []
    if c.postgresql and c.scope != "own":
        # A caseworker's few hundred cases are the better start (the flat query's plan).
        query = announcement_walk(c.scope, LIMIT + 1)
        rows = list(c.session.execute(query, {**c.params, "today": c.today}))
    else:
        rows = c.run(announcement_query, today=c.today)
    for cid, number, real, alias, worker, _tid, published, days in rows:
        ended = published + dt.timedelta(days=days or 0)
        if ended < c.today:  # the period (days, an int column) ends after its first day
            tasks.append(
                Task(Kind.ANNOUNCEMENT_ENDED, cid, number, _name(real, alias), worker, ended,
                     ended, HOUSEHOLD_REGISTRATION_PLAN)
            )  # fmt: skip
    return tasks


def turning_adult_query() -> Any:
    """Minors whose 18th birthday comes within 90 days, from the birth-date index; with
    the guardianship in force, which the task opens (it ends at 18)."""
    guardianship = (
        select(func.max(Guardianship.id))
        .where(Guardianship.case_id == Case.id, Guardianship.voided_at.is_(None))
        .scalar_subquery()
    )
    return (
        select(*CASE_COLUMNS, Person.birth_date, guardianship)
        .join(Person, Person.id == Case.person_id)
        .where(
            Person.birth_date > bindparam("born_after"),
            Person.birth_date <= bindparam("born_by"),
        )
        .order_by(Person.birth_date, Person.id)
    )


def _turning_adult(c: Reads) -> list[Task]:
    born_after = _years_before(c.today, ADULT_AGE)  # already 18 on or before today
    born_by = _years_before(c.today + dt.timedelta(days=TURNING_ADULT_DAYS), ADULT_AGE)
    persons = c.own_persons(lambda birth, _: birth is not None and born_after < birth <= born_by)
    rows = c.run(turning_adult_query, born_after=born_after, born_by=born_by, **persons)
    return [
        Task(Kind.TURNING_ADULT, cid, number, _name(real, alias), worker,
             _birthday(birth, ADULT_AGE),
             _birthday(birth, ADULT_AGE) - dt.timedelta(days=TURNING_ADULT_DAYS),
             Target(Guardianship, guardianship))
        for cid, number, real, alias, worker, birth, guardianship in rows
    ]  # fmt: skip


def school_age_query(by_year: bool) -> Any:
    """Children of compulsory-school age (by birth date, or by an estimated birth year) in
    cases with no schooling recorded (HLJ 60)."""
    schooled = exists().where(Schooling.case_id == Case.id, Schooling.voided_at.is_(None))
    born = (
        # Those with a birth date too are the other query's (skipped in _school_age).
        and_(Person.birth_year_estimated >= bindparam("year_from"),
             Person.birth_year_estimated <= bindparam("year_to"))
        if by_year
        else and_(Person.birth_date > bindparam("born_after"),
                  Person.birth_date <= bindparam("born_by"))
    )  # fmt: skip
    key = Person.birth_year_estimated if by_year else Person.birth_date
    return (
        select(*CASE_COLUMNS, Person.birth_date, Person.birth_year_estimated, Case.intake_date)
        .join(Person, Person.id == Case.person_id)
        .where(born, ~schooled)
        .order_by(key, Person.id)  # the older children first: their years run out
    )


def school_by_date_query() -> Any:
    return school_age_query(False)


def school_by_year_query() -> Any:
    return school_age_query(True)


def _school_age(c: Reads) -> list[Task]:
    youngest, oldest = SCHOOL_AGES
    params = {
        "born_after": _years_before(c.today, oldest + 1),
        "born_by": _years_before(c.today, youngest),
        "year_from": c.today.year - oldest,
        "year_to": c.today.year - youngest,
    }
    by_date = c.own_persons(
        lambda birth, _: birth is not None and params["born_after"] < birth <= params["born_by"]
    )
    by_estimate = c.own_persons(
        lambda _, year: year is not None and params["year_from"] <= year <= params["year_to"]
    )
    tasks = []
    for by_year in (False, True):
        for cid, number, real, alias, worker, birth, year, intake in c.run(
            school_by_year_query if by_year else school_by_date_query,
            **params,
            **(by_estimate if by_year else by_date),
        ):
            if by_year and birth is not None:
                continue  # of school age or not by the date itself: the first query's
            six = _birthday(birth, youngest) if birth else dt.date(year + youngest, 9, 1)
            since = max(six, intake)
            tasks.append(
                Task(Kind.SCHOOL_AGE, cid, number, _name(real, alias), worker, since, since,
                     Target(Schooling, None))
            )  # fmt: skip
    return tasks


# What answers each assessed need: a record of one of these kinds in the case (Assistance
# of a matching kind for the needs it covers). Needs with no record kind of their own
# (an interpreter) are the caseworker's to judge, not a task.
NEED_SERVICES: dict[str, tuple[tuple[type, tuple[str, ...] | None], ...]] = {
    "medical": ((MedicalCare, None), (Assistance, ("medical",))),
    "psychological": ((MedicalCare, ("psychological_counselling", "psychotherapy")),),
    "lodging": ((Assistance, ("lodging",)), (Placement, None)),
    "food": ((Assistance, ("food",)),),
    "financial": ((Assistance, ("temporary_cash",)),),
    "return_home": ((Assistance, ("return_home",)), (Placement, None)),
    "tracing": ((TracingAction, None),),
    "legal": ((LegalAid, None),),
    "schooling": ((Schooling, None),),
    "training": ((Training, None),),
    "employment": ((Employment, None),),
    "disability": ((DisabilityAssessment, None), (MedicalCare, ("rehabilitation_therapy",))),
    "guardianship": ((Guardianship, None),),
}


def _names(session: Session, person_ids: list[int]) -> dict[int, str]:
    """The names of these persons (decrypted on PostgreSQL: only those shown)."""
    if not person_ids:
        return {}
    rows = session.execute(_plain(names_query), {"ids": person_ids})
    return {pid: _name(real, alias) for pid, real, alias in rows}


def names_query() -> Any:
    return select(Person.id, Person.real_name, Person.alias).where(
        Person.id.in_(bindparam("ids", expanding=True))
    )


def needs_query(*, fenced: bool = False) -> Any:
    """The newest assessment of each open case (a reassessment replaces the one before).

    ``fenced`` (a caseworker's ids on PostgreSQL, ``OWN_IDS``): OFFSET 0 keeps the check of
    a newer assessment a probe for each assessment found; made a join, the planner may merge
    her few assessments with every assessment instead."""
    newer = aliased(NeedsAssessment)
    # Answered from the (case, voided_at, assessed_on, id) index alone (SELECT id, not *).
    newer_one = select(newer.id).where(
        newer.case_id == NeedsAssessment.case_id,
        newer.voided_at.is_(None),
        or_(
            newer.assessed_on > NeedsAssessment.assessed_on,
            and_(
                newer.assessed_on == NeedsAssessment.assessed_on,
                newer.id > NeedsAssessment.id,
            ),
        ),
    )
    replaced = (newer_one.offset(0) if fenced else newer_one).exists()
    return (
        select(
            Case.id, Case.case_number, Case.person_id, Case.caseworker_id,
            NeedsAssessment.id, NeedsAssessment.assessed_on, NeedsAssessment.needs,
        )
        .select_from(NeedsAssessment)
        .join(Case, Case.id == NeedsAssessment.case_id)
        .where(NeedsAssessment.voided_at.is_(None), ~replaced)
        .order_by(NeedsAssessment.assessed_on, NeedsAssessment.id)
    )  # fmt: skip


def needs_after_query(*, fenced: bool = False) -> Any:
    """The next page of needs_query, after the last assessment read."""
    after = tuple_(NeedsAssessment.assessed_on, NeedsAssessment.id) > tuple_(
        bindparam("after_on", type_=Date), bindparam("after_id", type_=Integer)
    )
    return needs_query(fenced=fenced).where(after)


def own_needs_query() -> Any:
    return needs_query(fenced=True)


def own_needs_after_query() -> Any:
    return needs_after_query(fenced=True)


SERVICE_MODELS = tuple(dict.fromkeys(m for services in NEED_SERVICES.values() for m, _ in services))


@lru_cache(maxsize=2)
def services_query(dialect: str) -> Any:
    """Every service recorded in some cases, in one statement (one round trip to a server):
    (case, which kind of record, its kind code), each part through its table's case index.

    The page's case ids go in once, as one value (an array on PostgreSQL, a JSON list on
    SQLite), not expanded into each part: 250 ids in 11 parts made a statement of 2,750
    parameters, rendered, sent and parsed on every page (psycopg's conversion of it alone
    was a fifth of a supervisor's home page)."""
    if dialect == "postgresql":

        def among(case_id: Any) -> Any:
            return case_id == any_(bindparam("case_ids", type_=postgresql.ARRAY(Integer)))
    else:
        ids = select(column("value", Integer)).select_from(
            func.json_each(bindparam("case_ids", type_=String))
        )

        def among(case_id: Any) -> Any:
            return case_id.in_(ids)

    parts = []
    for i, model in enumerate(SERVICE_MODELS):
        kind = getattr(model, "kind", None)
        case_id = model.case_id  # type: ignore[attr-defined]
        code = cast(kind, String(32)) if kind is not None else cast(null(), String(32))
        parts.append(
            select(case_id.label("case_id"), literal(i).label("model"), code.label("code")).where(
                among(case_id),
                model.voided_at.is_(None),  # type: ignore[attr-defined]
            )
        )
    return union_all(*parts)


def _served(session: Session, case_ids: list[int]) -> dict[int, set[tuple[type, str | None]]]:
    """(record kind, its kind code) of every service recorded in these cases, by case."""
    served: dict[int, set[tuple[type, str | None]]] = {cid: set() for cid in case_ids}
    dialect = session.get_bind().dialect.name
    ids: Any = case_ids if dialect == "postgresql" else json.dumps(case_ids)
    # Fetched at once: a row at a time through the result cost more than the query.
    rows = session.execute(services_query(dialect), {"case_ids": ids}).all()
    for case_id, model, code in rows:
        served[case_id].add((SERVICE_MODELS[model], code))
    return served


# Each need's answers as sets: the record kinds that answer it whatever their kind code,
# and the (record kind, code) pairs that do.
_ANSWERS = {
    need: (
        frozenset(model for model, codes in services if codes is None),
        frozenset((model, code) for model, codes in services for code in codes or ()),
    )
    for need, services in NEED_SERVICES.items()
}


def unserved(needs: list[str], served: set[tuple[type, str | None]]) -> list[str]:
    missing = []
    models = {model for model, _ in served}
    for need in needs:
        answers = _ANSWERS.get(need)
        if answers is None:
            continue
        any_kind, kinds = answers
        if models.isdisjoint(any_kind) and served.isdisjoint(kinds):
            missing.append(need)
    return missing


def _needs(c: Reads) -> list[Task]:
    # A page of assessments at a time, oldest first, until LIMIT cases miss a service; the
    # next page starts after the last one read (the index again, not an OFFSET re-read).
    # Names are read for those shown only: on PostgreSQL each is decrypted. Most assessments
    # miss some service (five in six in the demo's data), so the first page is a half more
    # than the kind shows: a page of 250 read, and its services fetched, four times what was
    # shown (a third of a supervisor's home page at 200,000 persons). The next pages are
    # bigger, for a reach where most needs are served.
    found: list[tuple[Any, ...]] = []
    first = LIMIT + 1 + LIMIT // 2
    own = c.shape == OWN_IDS
    first_page, next_page = (
        (own_needs_query, own_needs_after_query) if own else (needs_query, needs_after_query)
    )
    query, params = statement(first_page, c.shape, first), dict(c.params)
    while len(found) <= LIMIT:
        rows = list(c.session.execute(query, params))
        if not rows:
            break
        served = _served(c.session, [r[0] for r in rows])
        for cid, number, pid, worker, _nid, assessed, needs in rows:
            missing = unserved(list(needs or []), served[cid])
            if missing:
                found.append((cid, number, pid, worker, assessed, missing))
        query = statement(next_page, c.shape, NEEDS_PAGE)
        params = {**c.params, "after_on": rows[-1][5], "after_id": rows[-1][4]}
    names = _names(c.session, [f[2] for f in found[: LIMIT + 1]])
    return [
        Task(Kind.NEED_UNSERVED, cid, number, names.get(pid, ""), worker, assessed, assessed,
             Target(_first_model(missing[0]), None), ",".join(missing))
        for cid, number, pid, worker, assessed, missing in found[: LIMIT + 1]
    ]  # fmt: skip


def _first_model(need: str) -> type:
    return NEED_SERVICES[need][0][0]


def visit_query() -> Any:
    """Visits not done, planned on or before ``until``: the due-visit index in its order."""
    return (
        select(
            *CASE_COLUMNS, FollowUpVisit.id, FollowUpVisit.planned_date,
            FollowUpVisit.visitor_id, FollowUpVisit.version, Person.id,
        )
        .select_from(FollowUpVisit)
        .join(Case, Case.id == FollowUpVisit.case_id)
        .join(Person, Person.id == Case.person_id)
        .where(
            _qualified(FollowUpVisit, VISIT_OPEN),
            FollowUpVisit.planned_date <= bindparam("until"),
        )
        .order_by(FollowUpVisit.planned_date, FollowUpVisit.id)
    )  # fmt: skip


def _visits(c: Reads) -> list[Task]:
    """As followups.due_visits (the planner's list), from the index of visits due."""
    until = c.today + dt.timedelta(days=VISIT_DAYS_AHEAD)
    return [
        Task(Kind.VISIT, v.case_id, v.case_number, v.person_name, v.visitor_id,  # type: ignore[arg-type]
             v.planned_date, v.planned_date, Target(FollowUpVisit, v.visit_id), visit=v)
        for v in c.due_visits(until, LIMIT + 1)
    ]  # fmt: skip


# The few cases waiting are found by their partial indexes first, in a query of their own:
# joined to the scope in one statement, PostgreSQL would rather read every case.
def closures_waiting_query() -> Any:
    return select(Case.id).where(text(WAITING_CLOSURE))


def plans_waiting_query() -> Any:
    return select(Placement.case_id).where(text(PLAN_WAITING))


def closure_query() -> Any:
    return (
        select(*CASE_COLUMNS, Case.closure_requested_at, Case.closure_requested_by_id)
        .join(Person, Person.id == Case.person_id)
        .where(Case.id.in_(bindparam("ids", expanding=True)))
        .order_by(Case.closure_requested_at, Case.id)
    )


def plan_query() -> Any:
    return (
        select(*CASE_COLUMNS, Placement.id, Placement.created_at, Placement.created_by_id)
        .join(Placement, Placement.case_id == Case.id)
        .join(Person, Person.id == Case.person_id)
        .where(
            Case.id.in_(bindparam("ids", expanding=True)),
            Placement.status == PlacementStatus.PLANNED,
            Placement.voided_at.is_(None),
        )
        .order_by(Placement.created_at, Placement.id)
    )


def _approvals(c: Reads) -> list[Task]:
    """Closures and placement plans waiting for a supervisor; never one's own (four eyes)."""
    if not c.actor.has_role(Role.SUPERVISOR):
        return []
    me = c.actor.user_id
    tasks = []
    closures, plans = c.approvals()
    for cid, number, real, alias, worker, at, by in closures:
        if me is not None and by == me:
            continue
        day = at.date() if at else c.today
        tasks.append(
            Task(Kind.CLOSURE_APPROVAL, cid, number, _name(real, alias), by or worker, day, day,
                 Target(None, None))
        )  # fmt: skip
    for cid, number, real, alias, worker, pid, at, by in plans:
        if me is not None and by == me:
            continue
        day = at.date() if at else c.today
        tasks.append(
            Task(Kind.PLACEMENT_APPROVAL, cid, number, _name(real, alias), by or worker, day,
                 day, Target(Placement, pid))
        )  # fmt: skip
    return tasks


def transfer_query() -> Any:
    """Transfers requested into the supervisor's units by someone else, the newest first
    (as transfers.pending_transfers lists them), with the case's person if it is here."""
    from rescuedesk.models.transfer import CaseTransfer

    return (
        select(
            CaseTransfer.id, CaseTransfer.case_id, CaseTransfer.case_number,
            CaseTransfer.requested_at, CaseTransfer.from_unit_name, CaseTransfer.reason,
            Person.id, Person.real_name, Person.alias,
        )
        .outerjoin(Case, Case.id == CaseTransfer.case_id)
        .outerjoin(Person, Person.id == Case.person_id)
        .where(
            CaseTransfer.status == "requested",
            CaseTransfer.to_unit_id.in_(bindparam("scope_units", expanding=True)),
            or_(CaseTransfer.requested_by_id.is_(None),
                CaseTransfer.requested_by_id != bindparam("me")),
        )
        .order_by(CaseTransfer.requested_at.desc(), CaseTransfer.id.desc())
        .limit(LIMIT + 1)
    )  # fmt: skip


def _transfers(c: Reads) -> list[Task]:
    """A transfer waiting for this supervisor's unit to accept it (never one she asked for):
    it opens the list of transfers at it (the case is not hers to open before she accepts;
    a package's case is not even in this database yet: ``case_id`` 0). One cached statement
    with the reach the other kinds use: pending_transfers built its statement and read the
    reach twice more on every home page."""
    from rescuedesk.models.transfer import CaseTransfer
    from rescuedesk.services.casefile import transfer_package

    if c.actor.role != Role.SUPERVISOR or "scope_units" not in c.params:
        return []
    params = {"scope_units": c.params["scope_units"], "me": c.actor.user_id}
    tasks = []
    for tid, cid, number, at, from_unit, reason, pid, real, alias in c.session.execute(
        _plain(transfer_query), params
    ):
        if pid is not None:
            person = real or alias or f"无名氏#{pid}"
        else:  # a package: the name is in it (read only for these few)
            transfer = c.session.get(CaseTransfer, tid)
            person = transfer_package.person_name(transfer) if transfer else ""
        tasks.append(
            Task(Kind.TRANSFER_WAITING, cid or 0, number, person, "", at.date(), at.date(),
                 Target(CaseTransfer, tid), detail=f"{from_unit}：{reason}")
        )  # fmt: skip
    return tasks


# The case id each kind's rows carry (``_own_ids``); the others are found by the person's facts.
_OWN_KEYS: dict[Callable[[], Any], Any] = {
    visit_query: FollowUpVisit.case_id,
    referral_reply_query: Referral.case_id,
    announcement_query: TracingAction.case_id,
    own_needs_query: NeedsAssessment.case_id,
    own_needs_after_query: NeedsAssessment.case_id,
    closure_query: Case.id,
    plan_query: Case.id,
}

# The kinds each role's home page shows: a follow-up worker reads what a visit needs, never
# tracing, referrals or the case's services (services/casefile/role_views.py).
KINDS: dict[str, Callable[[Reads], list[Task]]] = {
    Kind.VISIT: _visits,
    Kind.CLOSURE_APPROVAL: _approvals,  # both kinds of approval
    Kind.REFERRAL_REPLY: _referral_replies,
    Kind.ANNOUNCEMENT_ENDED: _announcements,
    Kind.SCHOOL_AGE: _school_age,
    Kind.NEED_UNSERVED: _needs,
    Kind.TURNING_ADULT: _turning_adult,
    Kind.TRANSFER_WAITING: _transfers,
}
FOLLOW_UP_KINDS = (Kind.VISIT, Kind.SCHOOL_AGE, Kind.TURNING_ADULT)


def planner_settings(session: Session) -> None:
    """PostgreSQL, for this transaction only: small index-driven queries on rows the server
    holds in memory. Starting parallel workers costs more than they save (a Gather adds
    milliseconds to each); and at the default random_page_cost (4, a spinning disk's) the
    planner read all 96,000 needs assessments to hash-join a caseworker's 700 cases instead
    of probing their index 700 times (22 -> 10 ms at 100,000 persons)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
        session.execute(text("SET LOCAL random_page_cost = 1.1"))


def compute(
    session: Session,
    actor: Actor,
    *,
    kinds: tuple[str, ...] | None = None,
    scope: tuple[str, dict[str, Any]] | None = None,
    reads: Reads | None = None,
) -> Tasks:
    """The actor's tasks, the most overdue first. Owners are named; nothing is audited here
    (the home page records the cases it shows). ``scope``: scope_params' answer, when the
    caller has it already; ``reads``: the home page's, with what it read for its own lists."""
    if reads is not None:
        c = reads
    else:
        try:
            c = Reads(session, actor, scope)
        except PermissionDenied:
            return Tasks()  # a role with no case list has no case tasks
    if kinds is None:
        kinds = FOLLOW_UP_KINDS if actor.role == Role.FOLLOW_UP_WORKER else tuple(KINDS)
    result = Tasks()
    for kind in kinds:
        found = KINDS[kind](c)
        if len(found) > LIMIT:
            result.more.append(kind)
            found = found[:LIMIT]
        result.items += found
    names = _owner_names(session, {t.owner for t in result.items if isinstance(t.owner, int)})
    for t in result.items:
        _name_owner(t, names)
    result.items.sort(key=lambda t: (t.due, t.case_number, t.kind))
    return result


def _owner_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())


def _name_owner(task: Task, names: dict[int, str]) -> None:
    """The owner's user id (until here) replaced by the name, in the task made by this
    compute and seen by no one yet: a copy of each (dataclasses.replace) cost 4 ms for the
    250 tasks of a supervisor's page."""
    owner: Any = task.owner
    object.__setattr__(task, "owner", names.get(owner, "") if owner is not None else "")


@dataclass(frozen=True)
class ClosureRequest:
    requested_by: str
    requested_at: dt.datetime
    reason: str


def closure_request(session: Session, actor: Actor, case_id: int) -> ClosureRequest | None:
    """The closure request waiting in a case, as the approval dialog shows it: who asked,
    when, and why (the requester's reason)."""
    case = get_case(session, case_id)
    ensure_can_read(actor, case)
    if case.closure_requested_at is None or case.stage == Stage.CLOSED:
        return None
    who = session.get(User, case.closure_requested_by_id) if case.closure_requested_by_id else None
    return ClosureRequest(
        who.full_name if who else "", case.closure_requested_at, case.closure_reason or ""
    )
