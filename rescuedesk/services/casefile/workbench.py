"""The caseworker's home page (工作台): my open cases by stage, visits due and overdue,
approvals waiting for me, the cases I opened lately."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.models import (
    AuditEvent,
    Case,
    CaseAssignment,
    FollowUpVisit,
    Person,
    Unit,
)
from rescuedesk.models.enums import Role, Stage
from rescuedesk.services.casefile import tasks as task_list
from rescuedesk.services.casefile.followups import DueVisit
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import assignment_in_force
from rescuedesk.services.office.context import Actor

HOME_VISITS = 100  # the oldest first; the planner lists them all
RECENT = 10  # cases opened lately


@dataclass
class Approval:
    kind: str  # "closure" or "placement"
    case_id: int
    case_number: str
    person_name: str
    since: dt.datetime | dt.date | None


@dataclass(frozen=True)
class AssignedCase:
    """A case given to the user by a supervisor (for a follow-up worker: all they have)."""

    case_id: int
    case_number: str
    person_name: str
    unit: str  # the case's unit, which gave it
    until: dt.date | None
    next_visit: dt.date | None


@dataclass
class Home:
    cases_by_stage: dict[str, int] = field(default_factory=dict)
    visits: list[DueVisit] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)
    recent: list[tuple[int, str, str]] = field(default_factory=list)  # id, number, name
    more_visits: bool = False
    assigned: list[AssignedCase] = field(default_factory=list)
    tasks: task_list.Tasks = field(default_factory=task_list.Tasks)


def load_home(db: Database, actor: Actor, *, days_ahead: int = 7) -> Home:
    """The home page as the window shows it: read in a transaction that writes nothing, then
    its names' read audited in a short write of its own before the page is returned. On SQLite
    a write transaction holds the file's one write lock: the whole read inside one made every
    other write of the program wait for the page (0.4 s at 100,000 persons)."""
    with db.read_session() as session:
        page = read_home(session, actor, days_ahead=days_ahead)
    db.run_write(lambda session: record_home_read(session, actor, page))
    return page


@cache
def _stage_counts(everyone: bool) -> tuple[Any, ...]:
    """The statements counting the open cases by stage, built once."""
    open_stage = Case.stage != Stage.CLOSED
    if everyone:
        return (select(Case.stage, func.count()).where(open_stage).group_by(Case.stage),)
    # Own cases counted from the (caseworker, stage) index alone, then the assigned ones
    # of others: the OR of scope_condition("own") made SQLite read every case. count(*),
    # not count(id): the id is not in that index, and PostgreSQL read every own case's row
    # for it (14 ms for 7,000 cases, 0.8 ms from the index alone).
    return (
        select(Case.stage, func.count())
        .where(Case.caseworker_id == bindparam("me"), open_stage)
        .group_by(Case.stage),
        select(Case.stage, func.count())
        .join(CaseAssignment, CaseAssignment.case_id == Case.id)
        .where(
            CaseAssignment.user_id == bindparam("me"),
            assignment_in_force(bindparam("today")),
            or_(Case.caseworker_id.is_(None), Case.caseworker_id != bindparam("me")),
            open_stage,
        )
        .group_by(Case.stage),
    )


def home(session: Session, actor: Actor, *, days_ahead: int = 7) -> Home:
    """The home page read and its read audited, in the caller's transaction."""
    page = read_home(session, actor, days_ahead=days_ahead)
    record_home_read(session, actor, page)
    return page


def read_home(session: Session, actor: Actor, *, days_ahead: int = 7) -> Home:
    """The home page's figures and lists; its read is audited by record_home_read."""
    today = clock.today()
    # Read once for the whole page: the scope, the visits due and the approvals waiting
    # serve both the page's own lists and its tasks.
    reads = task_list.Reads(session, actor)
    counts: Counter[str] = Counter()
    params = {"me": actor.user_id, "today": today}
    for query in _stage_counts(reads.scope == "all"):
        for stage, n in session.execute(query, params):
            counts[stage.value] += n
    result = Home(
        cases_by_stage={s.value: counts.get(s.value, 0) for s in Stage if s != Stage.CLOSED}
    )
    until = today + dt.timedelta(days=days_ahead)
    # One more than shown tells whether there are more, without counting them all.
    visits = reads.due_visits(until, HOME_VISITS + 1)
    result.visits, result.more_visits = visits[:HOME_VISITS], len(visits) > HOME_VISITS
    if actor.user_id is not None:
        result.assigned = assigned_cases(session, actor.user_id, today)
    if actor.has_role(Role.SUPERVISOR):
        # Another supervisor approves one's own request or plan (four eyes).
        me = actor.user_id
        closures, plans = reads.approvals()
        result.approvals = [
            Approval("closure", cid, number, real or alias or "", at)
            for cid, number, real, alias, _worker, at, by in closures
            if me is None or by != me
        ] + [
            Approval("placement", cid, number, real or alias or "", at)
            for cid, number, real, alias, _worker, _plan, at, by in plans
            if me is None or by != me
        ]
    result.tasks = task_list.compute(session, actor, reads=reads)
    if actor.user_id is not None:
        result.recent = recent_cases(session, actor.user_id)
    return result


def record_home_read(session: Session, actor: Actor, page: Home) -> None:
    shown = sorted(
        {v.case_id for v in page.visits}
        | {a.case_id for a in page.approvals}
        | {r[0] for r in page.recent}
        | {t.case_id for t in page.tasks.items}
    )
    if shown:  # names on the home page are a read of those cases
        audit.record(
            session, actor, "list", "case_file", None, changes={"view": "home", "case_ids": shown}
        )


def recent_cases(session: Session, user_id: int) -> list[tuple[int, str, str]]:
    """The last RECENT cases the user opened, the newest first: (id, number, name).

    Her read events are walked newest first on the (user, action, id) index, a batch at a
    time, until RECENT cases are found: the audit trail holds every read by everyone and only
    grows, and grouping all its events with a case took longer every day. Then the cases'
    numbers and names as columns in one statement (no Case or Person loaded, nothing else of
    the person decrypted)."""
    found: dict[int, None] = {}  # case ids, in the order first met: the newest read first
    before = None
    while len(found) < RECENT:
        batch = session.execute(
            _recent_reads(before is not None), {"me": user_id, "before": before, "n": _BATCH}
        ).all()
        for _event_id, case_id in batch:
            found.setdefault(case_id, None)
        if len(batch) < _BATCH:
            break
        before = batch[-1][0]
    ids = list(found)[:RECENT]
    if not ids:
        return []
    shown = {
        case_id: (number, real or alias or "")
        for case_id, number, real, alias in session.execute(_recent_cases(), {"ids": ids})
    }
    return [(case_id, *shown[case_id]) for case_id in ids if case_id in shown]


_BATCH = 50  # read events a round trip: a user's last 50 reads name 10 cases as a rule


@cache
def _recent_reads(after_first: bool) -> Any:
    query = (
        select(AuditEvent.id, AuditEvent.case_id)
        .where(
            AuditEvent.user_id == bindparam("me"),
            AuditEvent.action == "read",
            AuditEvent.case_id.is_not(None),
        )
        .order_by(AuditEvent.id.desc())
        .limit(bindparam("n"))
    )
    return query.where(AuditEvent.id < bindparam("before")) if after_first else query


@cache
def _recent_cases() -> Any:
    return (
        select(Case.id, Case.case_number, Person.real_name, Person.alias)
        .outerjoin(Person, Person.id == Case.person_id)
        .where(Case.id.in_(bindparam("ids", expanding=True)))
    )


def assigned_cases(session: Session, user_id: int, today: dt.date) -> list[AssignedCase]:
    """The cases assigned to the user and in force, with the next planned visit of each;
    from the (user, ended) index of assignments, so as cheap as the user's own few."""
    return [
        AssignedCase(case_id, number, real or alias or "", unit, until, visit)
        for case_id, number, real, alias, unit, until, visit in session.execute(
            _assigned_query(), {"me": user_id, "today": today}
        )
    ]


@cache
def _assigned_query() -> Any:
    next_visit = (
        select(func.min(FollowUpVisit.planned_date))
        .where(
            FollowUpVisit.case_id == Case.id,
            FollowUpVisit.done_date.is_(None),
            FollowUpVisit.voided_at.is_(None),
        )
        .scalar_subquery()
    )
    return (
        select(
            Case.id, Case.case_number, Person.real_name, Person.alias, Unit.name,
            CaseAssignment.until, next_visit,
        )
        .join(CaseAssignment, CaseAssignment.case_id == Case.id)
        .join(Person, Person.id == Case.person_id)
        .join(Unit, Unit.id == Case.unit_id)
        .where(CaseAssignment.user_id == bindparam("me"), assignment_in_force(bindparam("today")))
        .order_by(Case.case_number)
    )  # fmt: skip
