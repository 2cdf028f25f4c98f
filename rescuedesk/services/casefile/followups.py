"""Which follow-up visits are due or overdue, and when the next one should be."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.models import Case, FollowUpVisit, Person
from rescuedesk.models.enums import WELLBEING_DIMENSIONS, Stage, Wellbeing
from rescuedesk.services.casefile.case_queries import scope_condition, scope_params
from rescuedesk.services.office.context import Actor


@dataclass(frozen=True)
class DueVisit:
    visit_id: int
    case_id: int
    case_number: str
    person_name: str
    planned_date: dt.date
    visitor_id: int | None
    overdue: bool
    version: int


def _due_query(
    session: Session, actor: Actor, until: dt.date, visitor_id: int | None, columns: tuple
) -> tuple:  # type: ignore[type-arg]
    query = (
        select(*columns)
        .join(Case, Case.id == FollowUpVisit.case_id)
        .join(Person, Person.id == Case.person_id)
        .where(
            FollowUpVisit.done_date.is_(None),
            FollowUpVisit.voided_at.is_(None),
            FollowUpVisit.planned_date <= until,
            Case.stage != Stage.CLOSED,
        )
    )
    scope, params = scope_params(session, actor)
    if scope != "all":
        query = query.where(scope_condition(scope))
    if visitor_id is not None:
        query = query.where(FollowUpVisit.visitor_id == visitor_id)
    return query, params


def due_visits(
    session: Session,
    actor: Actor,
    until: dt.date,
    *,
    visitor_id: int | None = None,
    limit: int | None = None,
) -> list[DueVisit]:
    """Visits not done and planned on or before ``until``, oldest first."""
    today = clock.today()
    query, params = _due_query(
        session,
        actor,
        until,
        visitor_id,
        (
            FollowUpVisit.id,
            FollowUpVisit.case_id,
            Case.case_number,
            Person.real_name,
            Person.alias,
            Person.id,
            FollowUpVisit.planned_date,
            FollowUpVisit.visitor_id,
            FollowUpVisit.version,
        ),
    )
    query = query.order_by(FollowUpVisit.planned_date, FollowUpVisit.id)
    if limit is not None:
        query = query.limit(limit)
    return [
        DueVisit(
            vid,
            case_id,
            number,
            real or alias or f"#{pid}",
            planned,
            visitor,
            planned < today,
            version,
        )
        for vid, case_id, number, real, alias, pid, planned, visitor, version in session.execute(
            query, params
        )
    ]


def propose_next_visit(done: dt.date, wellbeing: dict[str, Wellbeing | None]) -> dt.date:
    """Sooner when something is wrong: a week for safety, a month for other problems,
    otherwise a quarter."""
    if wellbeing.get("safety") == Wellbeing.POOR:
        return done + dt.timedelta(days=7)
    if any(wellbeing.get(d) == Wellbeing.POOR for d in WELLBEING_DIMENSIONS):
        return done + dt.timedelta(days=30)
    if any(wellbeing.get(d) == Wellbeing.FAIR for d in WELLBEING_DIMENSIONS):
        return done + dt.timedelta(days=60)
    return done + dt.timedelta(days=90)
