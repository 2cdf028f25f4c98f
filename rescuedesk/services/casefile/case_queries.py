"""The case list: filters, search as you type, sort, and paging from the database.

Search looks up each key column through its own index (prefix ranges, which both engines can
serve from a B-tree, unlike LIKE on SQLite) and unions the hits, so it stays fast at 100,000
cases instead of scanning every row.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import Select, and_, bindparam, func, or_, select, union
from sqlalchemy.orm import Session, aliased

from rescuedesk import clock
from rescuedesk.errors import PermissionDenied, ValidationError
from rescuedesk.models import Case, CaseAssignment, CaseFlagEntry, Person, User
from rescuedesk.models.enums import CaseFlag, Role, Stage
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import assignment_in_force, units_in_reach
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import search_tokens

MAX_PAGE = 500
# PostgreSQL sorts names in memory (they are encrypted there): at most this many cases.
NAME_SORT_MAX = 20_000
# Sort keys a list may ask for; each ends with the id so pages never overlap.
SORTS = ("intake_date", "case_number", "stage", "name", "rescue_date", "caseworker")


@dataclass(frozen=True)
class CaseFilter:
    stages: Sequence[Stage] = ()
    unit_id: int | None = None
    caseworker_id: int | None = None
    intake_from: dt.date | None = None
    intake_to: dt.date | None = None
    flag: CaseFlag | None = None
    search: str = ""
    include_closed: bool = True
    case_ids: tuple[int, ...] = ()  # only these (e.g. the cases one import opened)
    own_only: bool = False  # only the user's own and assigned cases (the home page's "mine")


class CaseRow(Protocol):
    """What each row of a page offers (a SQLAlchemy Row with these names)."""

    case_id: int
    case_number: str
    stage: Stage
    person_id: int
    real_name: str | None
    alias: str | None
    sex: str
    intake_date: dt.date
    caseworker: str | None
    unit_id: int


@dataclass
class CasePage:
    rows: list[CaseRow] = field(default_factory=list)
    total: int | None = None


def _prefix(column, name: str):  # type: ignore[no-untyped-def]
    # column >= :lo AND column < :hi: a range an index can serve (hi = lo + U+FFFF).
    return and_(column >= bindparam(f"{name}_lo"), column < bindparam(f"{name}_hi"))


def search_terms(text: str) -> tuple[str, str]:
    """(as typed, lower-case ASCII for pinyin), after NFKC (full-width input)."""
    t = unicodedata.normalize("NFKC", text).strip()
    return t, t.lower().replace(" ", "")


def _wants_pinyin(latin: str) -> bool:
    return latin.isascii() and latin.isalpha()


@dataclass(frozen=True)
class _Shape:
    """What a query looks like, without its values: one cached statement per shape.

    Building a SQLAlchemy statement costs far more than running it on an index, so the case
    list builds each shape once and only binds new values as the user types.
    """

    scope: str  # "all" (system), "own" (own and assigned cases), "reach" (+ units)
    stages: bool
    exclude_closed: bool
    unit: bool
    caseworker: bool
    intake_from: bool
    intake_to: bool
    flag: bool
    search: bool
    pinyin: bool
    sort: str
    descending: bool
    paged: bool
    count: bool = False
    ids: bool = False
    sealed: bool = False  # PostgreSQL: names are ciphertext, search goes through tokens


def _person_hits(pinyin: bool, sealed: bool):  # type: ignore[no-untyped-def]
    if sealed:
        return search_tokens.matching_person_ids()
    parts = [
        select(Person.id).where(_prefix(Person.real_name, "typed")),
        select(Person.id).where(_prefix(Person.alias, "typed")),
        select(Person.id).where(_prefix(Person.id_number, "upper")),
    ]
    if pinyin:
        for col in (
            Person.name_pinyin,
            Person.name_initials,
            Person.alias_pinyin,
            Person.alias_initials,
        ):
            parts.append(select(Person.id).where(_prefix(col, "latin")))
    return union(*parts)


@lru_cache(maxsize=256)
def _statement(shape: _Shape) -> Select:  # type: ignore[type-arg]
    worker = aliased(User)
    if shape.count:
        query = select(func.count(Case.id))
    else:
        query = (
            select(
                Case.id.label("case_id"),
                Case.case_number,
                Case.stage,
                Case.person_id,
                Person.real_name,
                Person.alias,
                Person.sex,
                Case.intake_date,
                worker.full_name.label("caseworker"),
                Case.unit_id,
            )
            .join(Person, Person.id == Case.person_id)
            .outerjoin(worker, worker.id == Case.caseworker_id)
        )
    if shape.scope != "all":
        query = query.where(scope_condition(shape.scope))
    if shape.stages:
        query = query.where(Case.stage.in_(bindparam("stages", expanding=True)))
    if shape.exclude_closed:
        query = query.where(Case.stage != Stage.CLOSED)
    if shape.unit:
        query = query.where(Case.unit_id == bindparam("unit_id"))
    if shape.caseworker:
        query = query.where(Case.caseworker_id == bindparam("caseworker_id"))
    if shape.intake_from:
        query = query.where(Case.intake_date >= bindparam("intake_from"))
    if shape.intake_to:
        query = query.where(Case.intake_date <= bindparam("intake_to"))
    if shape.flag:
        query = query.where(
            Case.id.in_(
                select(CaseFlagEntry.case_id).where(CaseFlagEntry.flag == bindparam("flag"))
            )
        )
    if shape.ids:
        query = query.where(Case.id.in_(bindparam("case_ids", expanding=True)))
    if shape.search:
        number_hit = select(Case.id).where(_prefix(Case.case_number, "upper"))
        person_hit = select(Case.id).where(
            Case.person_id.in_(_person_hits(shape.pinyin, shape.sealed))
        )
        query = query.where(Case.id.in_(union(number_hit, person_hit)))
    if shape.count:
        return query
    columns = {
        "intake_date": [Case.intake_date],
        "case_number": [Case.case_number],
        "stage": [Case.stage],
        "name": [Person.real_name, Person.alias],
        "rescue_date": [Case.rescue_date],
        "caseworker": [worker.full_name],
    }[shape.sort]
    keys = [*columns, Case.id]
    query = query.order_by(*[k.desc() if shape.descending else k.asc() for k in keys])
    if shape.paged:
        query = query.limit(bindparam("limit")).offset(bindparam("offset"))
    return query


def scope_condition(scope: str, *, as_filter: bool = False):  # type: ignore[no-untyped-def]
    """The cases a user may list: own and assigned, and for supervisors their units'.

    ``as_filter``: checked on rows another index found, never used to find them (``+ 0``
    hides the columns from both planners), for the home page's tasks, which start from
    their own few rows rather than from every case of a unit.
    """
    unit_id, caseworker_id, case_id = (
        (Case.unit_id + 0, Case.caseworker_id + 0, Case.id + 0)
        if as_filter
        else (Case.unit_id, Case.caseworker_id, Case.id)
    )
    own = or_(
        caseworker_id == bindparam("me"),
        case_id.in_(
            select(CaseAssignment.case_id).where(
                CaseAssignment.user_id == bindparam("me"),
                assignment_in_force(bindparam("today")),
            )
        ),
    )
    if scope == "own":
        return own
    return or_(unit_id.in_(bindparam("scope_units", expanding=True)), own)


def scope_params(session: Session, actor: Actor) -> tuple[str, dict[str, Any]]:
    if actor.is_system:
        return "all", {}
    own = {"me": actor.user_id, "today": clock.today()}
    if actor.role in (Role.CASEWORKER, Role.FOLLOW_UP_WORKER):
        return "own", own
    if actor.role == Role.SUPERVISOR:
        return "reach", {**own, "scope_units": units_in_reach(session, actor)}
    raise PermissionDenied("您的角色不能查看个案名单。")


def _shape_and_params(
    session: Session, actor: Actor, f: CaseFilter, **extra: Any
) -> tuple[_Shape, dict[str, Any]]:
    scope, params = scope_params(session, actor)
    if f.own_only:
        scope, params = "own", {**params, "me": actor.user_id, "today": clock.today()}
    typed, latin = search_terms(f.search)
    sealed = search_tokens.is_sealed(session)
    if typed and sealed:
        params.update(search_tokens.search_params(session, typed), upper_lo=typed.upper())
        params["upper_hi"] = typed.upper() + "\uffff"  # the case number stays in clear
    elif typed:
        params.update(
            typed_lo=typed,
            typed_hi=typed + "\uffff",
            upper_lo=typed.upper(),
            upper_hi=typed.upper() + "\uffff",
            latin_lo=latin,
            latin_hi=latin + "\uffff",
        )
    for name in ("unit_id", "caseworker_id", "intake_from", "intake_to", "flag"):
        value = getattr(f, name)
        if value is not None:
            params[name] = value
    if f.stages:
        params["stages"] = list(f.stages)
    if f.case_ids:
        params["case_ids"] = list(f.case_ids)
    shape = _Shape(
        scope=scope,
        stages=bool(f.stages),
        exclude_closed=not f.include_closed,
        unit=f.unit_id is not None,
        caseworker=f.caseworker_id is not None,
        intake_from=f.intake_from is not None,
        intake_to=f.intake_to is not None,
        flag=f.flag is not None,
        search=bool(typed),
        pinyin=bool(typed) and _wants_pinyin(latin),
        ids=bool(f.case_ids),
        sealed=sealed,
        **extra,
    )
    return shape, params


def list_cases(
    session: Session,
    actor: Actor,
    f: CaseFilter = CaseFilter(),
    *,
    sort: str = "intake_date",
    descending: bool = True,
    limit: int = 100,
    offset: int = 0,
    with_total: bool = False,
    audit_read: bool = True,
) -> CasePage:
    """One page of cases the actor may see (``limit=-1``: all of them)."""
    if sort not in SORTS:
        raise ValidationError(f"不能按“{sort}”排序。", field="sort")
    if not 0 < limit <= MAX_PAGE and limit != -1:
        raise ValidationError(f"每页1到{MAX_PAGE}条。", field="limit")
    shape, params = _shape_and_params(
        session, actor, f, sort=sort, descending=descending, paged=limit != -1
    )
    if shape.sealed and sort == "name":
        rows = _sorted_by_name(session, shape, params, descending, limit, offset)
    else:
        if shape.paged:
            params.update(limit=limit, offset=offset)
        result = session.connection().execute(_statement(shape), params)
        # Rows carry CaseRow's field names; building no objects keeps a page cheap.
        rows = result.all()  # type: ignore[assignment]
    total = count_cases(session, actor, f) if with_total else None
    if audit_read and rows:
        audit.record(
            session,
            actor,
            "list",
            "case_file",
            None,
            changes={"filter": _describe(f), "case_ids": [r.case_id for r in rows]},
        )
    return CasePage(rows, total)


def _sorted_by_name(
    session: Session,
    shape: _Shape,
    params: dict[str, Any],
    descending: bool,
    limit: int,
    offset: int,
) -> list[CaseRow]:
    """Sorting by an encrypted name cannot happen on the server: fetch every case the
    filter lets through (up to NAME_SORT_MAX), decrypt, sort here, cut the page."""
    unsorted = replace(shape, sort="case_number", descending=False, paged=True)
    params = {**params, "limit": NAME_SORT_MAX + 1, "offset": 0}
    rows = session.connection().execute(_statement(unsorted), params).all()
    if len(rows) > NAME_SORT_MAX:
        raise ValidationError(
            f"按姓名排序要在本机解密每个姓名，最多{NAME_SORT_MAX}个个案：请先按阶段、日期或"
            "单位筛选，或搜索姓名，或改按个案编号排序。",
            field="sort",
        )
    rows.sort(key=lambda r: (r.real_name or "", r.alias or "", r.case_id), reverse=descending)
    return rows[offset:] if limit == -1 else rows[offset : offset + limit]  # type: ignore[return-value]


def count_cases(session: Session, actor: Actor, f: CaseFilter = CaseFilter()) -> int:
    shape, params = _shape_and_params(
        session, actor, f, sort="intake_date", descending=True, paged=False, count=True
    )
    return int(session.connection().execute(_statement(shape), params).scalar() or 0)


def _describe(f: CaseFilter) -> dict[str, object]:
    return {
        "stages": [s.value for s in f.stages],
        "unit_id": f.unit_id,
        "caseworker_id": f.caseworker_id,
        "intake_from": f.intake_from.isoformat() if f.intake_from else None,
        "intake_to": f.intake_to.isoformat() if f.intake_to else None,
        "flag": f.flag.value if f.flag else None,
        "search": bool(f.search),  # what was searched for is itself personal data
        "only_cases": len(f.case_ids),
    }


__all__ = ["CaseFilter", "CasePage", "CaseRow", "count_cases", "list_cases"]
