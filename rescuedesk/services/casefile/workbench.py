"""The caseworker's home page (工作台): my open cases by stage, visits due and overdue,
approvals waiting for me, the cases I opened lately."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, or_, select, text
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.models import (
    AuditEvent,
    Case,
    CaseAssignment,
    FollowUpVisit,
    Person,
    Placement,
    Unit,
)
from rescuedesk.models.case import WAITING_CLOSURE
from rescuedesk.models.enums import PlacementStatus, Role, Stage
from rescuedesk.models.placement import PLAN_WAITING
from rescuedesk.services.casefile import tasks as task_list
from rescuedesk.services.casefile.case_queries import scope_condition, scope_params
from rescuedesk.services.casefile.followups import DueVisit, due_visits
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import assignment_in_force
from rescuedesk.services.office.context import Actor

HOME_VISITS = 100  # the oldest first; the planner lists them all


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


def home(session: Session, actor: Actor, *, days_ahead: int = 7) -> Home:
    """The home page read and its read audited, in the caller's transaction."""
    page = read_home(session, actor, days_ahead=days_ahead)
    record_home_read(session, actor, page)
    return page


def read_home(session: Session, actor: Actor, *, days_ahead: int = 7) -> Home:
    """The home page's figures and lists; its read is audited by record_home_read."""
    today = clock.today()
    task_list.planner_settings(session)  # for every query of the page, not the tasks only
    scope, params = scope_params(session, actor)
    # Read once for the whole page: the units in reach are two queries each time.
    reach = (scope, dict(params))
    counts: Counter[str] = Counter()
    open_stage = Case.stage != Stage.CLOSED
    if scope == "all":
        queries = [select(Case.stage, func.count(Case.id)).where(open_stage)]
    else:
        # Own cases counted from the (caseworker, stage) index alone, then the assigned ones
        # of others: the OR of scope_condition("own") made SQLite read every case.
        queries = [
            select(Case.stage, func.count(Case.id)).where(
                Case.caseworker_id == bindparam("me"), open_stage
            ),
            select(Case.stage, func.count(Case.id))
            .join(CaseAssignment, CaseAssignment.case_id == Case.id)
            .where(
                CaseAssignment.user_id == bindparam("me"),
                assignment_in_force(bindparam("today")),
                or_(Case.caseworker_id.is_(None), Case.caseworker_id != bindparam("me")),
                open_stage,
            ),
        ]
        params = {**params, "me": actor.user_id}
    for query in queries:
        for stage, n in session.execute(query.group_by(Case.stage), params):
            counts[stage.value] += n
    result = Home(
        cases_by_stage={s.value: counts.get(s.value, 0) for s in Stage if s != Stage.CLOSED}
    )
    until = today + dt.timedelta(days=days_ahead)
    # One more than shown tells whether there are more, without counting them all.
    visits = due_visits(session, actor, until, limit=HOME_VISITS + 1)
    result.visits, result.more_visits = visits[:HOME_VISITS], len(visits) > HOME_VISITS
    if actor.user_id is not None:
        result.assigned = assigned_cases(session, actor.user_id, today)
    if actor.has_role(Role.SUPERVISOR):
        scope, params = reach[0], dict(reach[1])
        names = (Person.real_name, Person.alias)
        # The few cases waiting are found by their own index first; the planner would rather
        # walk every case of the unit (15 ms at 100,000 cases) to apply the scope.
        # Written as the partial indexes' own conditions, literally, so SQLite uses them.
        requested = list(session.scalars(select(Case.id).where(text(WAITING_CLOSURE))))
        planned = list(session.scalars(select(Placement.case_id).where(text(PLAN_WAITING))))
        closures = (
            select(Case.id, Case.case_number, *names, Case.closure_requested_at)
            .join(Person, Person.id == Case.person_id)
            .where(Case.id.in_(requested))
        )
        plans = (
            select(Case.id, Case.case_number, *names, Placement.created_at)
            .join(Placement, Placement.case_id == Case.id)
            .join(Person, Person.id == Case.person_id)
            .where(
                Case.id.in_(planned),
                Placement.status == PlacementStatus.PLANNED,
                Placement.voided_at.is_(None),
                # A plan left waiting in a case closed before closure checked for it cannot
                # be approved (the file is closed): it shows again if the case is reopened.
                Case.stage != Stage.CLOSED,
            )
        )
        if actor.user_id is not None:
            # Another supervisor approves the plan one drafted (four eyes).
            plans = plans.where(
                or_(Placement.created_by_id.is_(None), Placement.created_by_id != actor.user_id)
            )
        if scope != "all":
            closures = closures.where(scope_condition(scope))
            plans = plans.where(scope_condition(scope))
        for kind, query in (("closure", closures), ("placement", plans)):
            for case_id, number, real, alias, since in session.execute(query, params):
                if kind == "closure" and actor.user_id is not None:
                    requested_by = session.get(Case, case_id).closure_requested_by_id  # type: ignore[union-attr]
                    if requested_by == actor.user_id:
                        continue  # another supervisor approves one's own request
                result.approvals.append(Approval(kind, case_id, number, real or alias or "", since))
    result.tasks = task_list.compute(session, actor, scope=reach)
    if actor.user_id is not None:
        recent = session.execute(
            select(AuditEvent.case_id, func.max(AuditEvent.id).label("last"))
            .where(
                AuditEvent.user_id == actor.user_id,
                AuditEvent.action == "read",
                AuditEvent.case_id.is_not(None),
            )
            .group_by(AuditEvent.case_id)
            .order_by(func.max(AuditEvent.id).desc())
            .limit(10)
        ).all()
        for case_id, _ in recent:
            case = session.get(Case, case_id)
            if case is not None:
                person = session.get(Person, case.person_id)
                result.recent.append(
                    (
                        case.id,
                        case.case_number,
                        (person.real_name or person.alias or "") if person else "",
                    )
                )
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


def assigned_cases(session: Session, user_id: int, today: dt.date) -> list[AssignedCase]:
    """The cases assigned to the user and in force, with the next planned visit of each;
    from the (user, ended) index of assignments, so as cheap as the user's own few."""
    next_visit = (
        select(func.min(FollowUpVisit.planned_date))
        .where(
            FollowUpVisit.case_id == Case.id,
            FollowUpVisit.done_date.is_(None),
            FollowUpVisit.voided_at.is_(None),
        )
        .scalar_subquery()
    )
    query = (
        select(
            Case.id, Case.case_number, Person.real_name, Person.alias, Unit.name,
            CaseAssignment.until, next_visit,
        )
        .join(CaseAssignment, CaseAssignment.case_id == Case.id)
        .join(Person, Person.id == Case.person_id)
        .join(Unit, Unit.id == Case.unit_id)
        .where(CaseAssignment.user_id == user_id, assignment_in_force(today))
        .order_by(Case.case_number)
    )  # fmt: skip
    return [
        AssignedCase(case_id, number, real or alias or "", unit, until, visit)
        for case_id, number, real, alias, unit, until, visit in session.execute(query)
    ]
