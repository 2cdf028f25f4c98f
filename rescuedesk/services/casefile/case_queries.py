"""The case list: filters, search as you type, sort, and paging from the database.

Search looks up each key column through its own index (prefix ranges, which both engines can
serve from a B-tree, unlike LIKE on SQLite) and unions the hits, so it stays fast at 100,000
cases instead of scanning every row.

It finds a name by its beginning and by any part (梅 and 小梅 of 李小梅, by characters,
pinyin or initials: the keys of reference/name_parts.py, rows of person_name_part on SQLite,
blind tokens on PostgreSQL), the homophones of a character query (小梅 finds 李晓梅), and, for
a text that names a place (呼兰 -> 230111, 哈尔滨 -> every county of 2301..), the cases
rescued there and the persons registered there (code prefix ranges on indexed columns).
When a query can find more than by its characters, the list shows those found by the
characters first, then the homophones, then the places, each in the sort the user chose.

Two plans for a page, chosen per keystroke by a bounded count of the keys' index ranges
(tokens on PostgreSQL): a selective text (小梅) gathers its few hits through the indexes,
then sorts them; a common one (李, li, 梅) would gather and sort a sixth of all persons, so
instead it walks the cases in the sort's own index and tests each against the keys (the
person's row and an index probe of its name parts on SQLite, a probe of its tokens on
PostgreSQL), stopping when the page is full: each rank group in turn. A caseworker's page,
whatever the text, starts from her own and assigned cases, each tested against every key
and ranked (:func:`_own_page`), as her count does. A gathered page sorts only its hits' ids
and sort keys, cuts them to the page, then joins the page's persons and caseworkers
(:func:`_late_page`); on PostgreSQL a supervisor's keys lead, each case tested where its
key's index finds it (:func:`_keyed`).
The count under the list stops at COUNT_CAP: a supervisor's streams the cases of every key
(and place) from its index range (_streamed_count, _streamed_sealed_count), a caseworker's
tests her own cases (_own_count).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import (
    Select,
    and_,
    between,
    bindparam,
    case,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import Join

from rescuedesk import clock
from rescuedesk.errors import PermissionDenied, ValidationError
from rescuedesk.models import (
    Case,
    CaseAssignment,
    CaseFlagEntry,
    Person,
    PersonNamePart,
    PersonSearchToken,
    User,
)
from rescuedesk.models.enums import CaseFlag, Role, Stage
from rescuedesk.reference import places
from rescuedesk.services.office import audit
from rescuedesk.services.office.access import assignment_in_force, cached_units_in_reach
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import search_tokens

MAX_PAGE = 500
# PostgreSQL sorts names in memory (they are encrypted there): at most this many cases.
NAME_SORT_MAX = 20_000
# Sort keys a list may ask for; each ends with the id so pages never overlap.
SORTS = ("intake_date", "case_number", "stage", "name", "rescue_date", "caseworker")
# A text naming more places than this (文山: the prefecture and its city) searches the first.
MAX_PLACES = 4
# SQLite walks the sort's index instead of gathering the hits (see above) when the keys'
# index ranges hold at least this share of the persons (1/DENSE_SHARE), and MIN_DENSE.
DENSE_SHARE = 50
MIN_DENSE = 2_000
# Sorts with an index to walk (the others gather and sort).
WALK_SORTS = ("intake_date", "case_number")
# Sorts with a (unit, key, id) index: a supervisor's page is taken from each unit's (0022;
# the caseworker's: (unit, caseworker, id) walked user by user in name order, 0024).
UNIT_SORTS = ("case_number", "stage", "rescue_date", "caseworker")
# The window's count and `case list`'s stop counting here and say "1000+": a search for 李
# among a million persons matches a sixth of them, and counting each match cost 1.2-1.7 s
# a keystroke for a number nobody reads past its first digits.
COUNT_CAP = 1000


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
    capped: bool = False  # count: at most :cap rows (the case ids, limited, then counted)
    ids: bool = False
    sealed: bool = False  # PostgreSQL: names are ciphertext, search goes through tokens
    sound: bool = False  # a character query: its homophones too
    places: int = 0  # code ranges of the places the text names
    walk: bool = False  # SQLite, a common text: one rank group at a time, in the sort's index
    group: int = 0  # that group (an index into _kinds)
    gather: bool = False  # a rare group of a common text: gathered through its hits instead
    units: int = 0  # a page taken unit by unit (_by_unit): the units in reach
    mine: bool = False  # a caseworker's search page: her own cases, each tested (_own_page)
    names: bool = False  # SQLite, a wide reach's page by name: the persons walked (_by_name)
    empty: int = 0  # the rank groups (bits) a text finds nothing in: not tested as better ones

    @property
    def ranked(self) -> bool:
        return self.search and (self.sound or self.places > 0)


def _person_hits(pinyin: bool, sealed: bool, sound: bool = False):  # type: ignore[no-untyped-def]
    """The persons found by what was typed itself: a name's beginning or part, an ID number;
    with ``sound``, also those found by its sound (one flat UNION: SQLite refuses nested)."""
    if sealed:
        found = search_tokens.matching_person_ids()
        return union(found, search_tokens.matching_sound_ids()) if sound else found
    parts = [select(Person.id).where(_prefix(c, name)) for c, name in _person_keys(pinyin)]
    parts.append(search_tokens.part_person_ids("part"))
    if sound:
        parts.append(_sound_hits(sealed))
    return union(*parts)


def _sound_hits(sealed: bool):  # type: ignore[no-untyped-def]
    """The persons whose name has a run of whole syllables sounding as the query."""
    if sealed:
        return search_tokens.matching_sound_ids()
    return search_tokens.part_person_ids("sound")


def _place_hits(n: int) -> list[Select]:  # type: ignore[type-arg]
    """The cases rescued in, or of a person registered in, one of ``n`` code ranges."""
    parts = []
    for i in range(n):
        lo, hi = bindparam(f"place{i}_lo"), bindparam(f"place{i}_hi")
        parts.append(select(Case.id).where(between(Case.rescue_place_code, lo, hi)))
        registered = select(Person.id).where(between(Person.household_registration_code, lo, hi))
        parts.append(select(Case.id).where(Case.person_id.in_(registered)))
    return parts


def _rank(shape: _Shape):  # type: ignore[no-untyped-def]
    """0: found by the characters typed, 1: by their sound, 2: by a place."""
    whens = [(Case.person_id.in_(_person_hits(shape.pinyin, shape.sealed)), literal(0))]
    if shape.sound:
        whens.append((Case.person_id.in_(_sound_hits(shape.sealed)), literal(1)))
    return case(*whens, else_=literal(2))


# CaseRow's columns, as a page selects them.
ROW_COLUMNS = (
    "case_id",
    "case_number",
    "stage",
    "person_id",
    "real_name",
    "alias",
    "sex",
    "intake_date",
    "caseworker",
    "unit_id",
)


def _page_select(worker: Any, *extra: Any, start: Any = None) -> Select:  # type: ignore[type-arg]
    """A page's columns (ROW_COLUMNS, then ``extra``) with the person and the caseworker;
    ``start``: the join of the case and its person to take them from (else case first)."""
    query = select(
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
        *extra,
    )
    if start is None:
        query = query.join(Person, Person.id == Case.person_id)
    else:
        query = query.select_from(start)
    return query.outerjoin(worker, worker.id == Case.caseworker_id)


def by_unit(shape: _Shape) -> bool:
    """Is this page taken unit by unit (see :func:`_by_unit`)? A supervisor's page, without a
    search text (its hits lead), a unit or caseworker filter (their own indexes) or ids."""
    return (
        shape.scope == "reach"
        and shape.paged
        and not shape.count
        and shape.sort in UNIT_SORTS
        and not (shape.search or shape.unit or shape.caseworker or shape.ids)
    )


class _UsersFirst(Join):
    """A join whose left side SQLite keeps as the outer loop (CROSS JOIN); elsewhere a
    plain join."""

    inherit_cache = True


@compiles(_UsersFirst, "sqlite")
def _users_first_sqlite(join: _UsersFirst, compiler: Any, **kw: Any) -> str:
    # SQLite never reorders the tables of a CROSS JOIN, and takes an ON beside it.
    return compiler.visit_join(join, **kw).replace(" JOIN ", " CROSS JOIN ", 1)  # type: ignore[no-any-return]


def _directed(shape: _Shape, *keys: Any) -> list[Any]:
    return [k.desc() if shape.descending else k.asc() for k in keys]


def _by_caseworker(shape: _Shape) -> Select:  # type: ignore[type-arg]
    """A supervisor's page in the caseworker sort (:func:`_by_unit`): per unit in reach, the
    users in (name, id) order, each one's cases in the unit on (unit, caseworker, id), up to
    ``:reach`` cases, and the unit's cases of no caseworker apart (id order on the same
    index); then the user's own and assigned cases outside her units, whole. Merged as
    (name, user id, case id) only, cut to the page, and only the page's rows joined to
    their person and caseworker.

    Sorted by the name, every case in reach was read and sorted (0.1-1.2 s for a
    supervisor's first page at 200,000 persons on both engines); SQLite, left to choose,
    put the cases before the users (hence the CROSS JOIN). Each user's cases come in id
    order from the index: sorted by (name, case id), two users of one name had their cases
    sorted together, which sorted every case of each user before her first (a supervisor
    with 35,657 cases of her own: 55 ms for the provincial supervisor's first page in
    descending order at 1,000,000 persons)."""
    worker = aliased(User)
    parts = []
    for i in range(shape.units):
        unit = bindparam(f"unit{i}")
        named = (
            select(*_by_worker(worker))
            .select_from(_UsersFirst(worker, Case, Case.caseworker_id == worker.id))
            .where(Case.unit_id == unit)
            .order_by(*_directed(shape, worker.full_name, worker.id, Case.id))
        )
        nobody = (
            select(*_by_worker(worker))
            .select_from(Case)
            .outerjoin(worker, worker.id == Case.caseworker_id)
            .where(Case.unit_id == unit, Case.caseworker_id.is_(None))
            .order_by(*_directed(shape, Case.id))
        )
        for part in (named, nobody):
            # A subquery each: SQLite takes no ORDER BY or LIMIT on a member of a compound.
            limited = _filtered(part, shape).limit(bindparam("reach"))
            parts.append(limited.subquery().select())
    for branch in scope_branches(shape.scope)[1:]:
        outside = (
            select(*_by_worker(worker))
            .select_from(Case)
            .outerjoin(worker, worker.id == Case.caseworker_id)
            .where(branch)
        )
        parts.append(_filtered(outside, shape))
    merged = union_all(*parts).subquery("by_caseworker")
    keys = (merged.c.caseworker, merged.c.worker_id, merged.c.case_id)
    page = (
        select(*keys)
        .order_by(*_directed(shape, *keys))
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("page")
    )
    rows = aliased(User)
    return (
        _page_select(rows)
        .join(page, page.c.case_id == Case.id)
        .order_by(*_directed(shape, page.c.caseworker, page.c.worker_id, page.c.case_id))
    )


def _by_worker(worker: Any) -> tuple[Any, ...]:
    """A case's keys in the caseworker sort: her name, her id, the case's id."""
    return (
        worker.full_name.label("caseworker"),
        worker.id.label("worker_id"),
        Case.id.label("case_id"),
    )


@lru_cache(maxsize=64)
def _by_unit(shape: _Shape) -> Select:  # type: ignore[type-arg]
    """A supervisor's page in a sort with a (unit, key, id) index: the first ``:reach`` rows
    (limit + offset) of each unit in reach (``:unit0``...), each walked on its index, and of
    the user's own and assigned cases outside those units, merged by the sort and cut to the
    page. Disjoint branches, so no row twice. Walking the sort's one index for the whole
    scope reads the other units' cases too (the case-number index, where the units lie one
    after another: 0.2 s for the HLJ-HRB supervisor's first page at 200,000 persons, and as
    much SQLite page cache as the index), and without one every case in reach is sorted."""
    if shape.sort == "caseworker":
        return _by_caseworker(shape)
    worker = aliased(User)
    key = {
        "case_number": Case.case_number,
        "stage": Case.stage,
        "rescue_date": Case.rescue_date,
    }[shape.sort]
    extra = [Case.rescue_date] if shape.sort == "rescue_date" else []
    order = _directed(shape, key, Case.id)
    parts = []
    for i in range(shape.units):
        part = _filtered(
            _page_select(worker, *extra).where(Case.unit_id == bindparam(f"unit{i}")), shape
        )
        # A subquery each: SQLite takes no ORDER BY or LIMIT on a member of a compound.
        parts.append(part.order_by(*order).limit(bindparam("reach")).subquery().select())
    # The user's own and assigned cases outside her units are few: taken whole, each branch
    # on its own index. Ordered and limited, PostgreSQL walked the sort's index for them
    # through every case (170 ms for a supervisor with none of her own at 200,000 persons).
    for branch in scope_branches(shape.scope)[1:]:
        parts.append(_filtered(_page_select(worker, *extra).where(branch), shape))
    merged = union_all(*parts).subquery("by_unit")
    keys = [merged.c[shape.sort], merged.c.case_id]
    return (
        select(*[merged.c[name] for name in ROW_COLUMNS])
        .order_by(*[k.desc() if shape.descending else k.asc() for k in keys])
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


@lru_cache(maxsize=256)
def _statement(shape: _Shape) -> Select:  # type: ignore[type-arg]
    if shape.units:
        return _by_unit(shape)
    if shape.mine:
        return _own_page(shape)
    if shape.names:
        return _by_name(shape)
    worker = aliased(User)
    rank = _rank(shape) if shape.ranked and not shape.count and not shape.walk else None
    late = _late(shape)
    if shape.count:
        query = select(Case.id) if shape.capped else select(func.count(Case.id))
    elif late:
        # The hits' ids and sort keys only: the person and caseworker of the page's rows are
        # joined once it is cut (below), not those of every hit before sorting them.
        query = select(
            Case.id.label("case_id"),
            LATE_SORTS[shape.sort](),
            *([rank.label("search_rank")] if rank is not None else []),
            *([literal(shape.group).label("search_rank")] if shape.walk else []),
        )
        if shape.walk and _tests_better(shape) and not shape.sealed:
            # The better groups' keys are tested on its person's row (PostgreSQL probes
            # the person's tokens by the case's person_id instead). A place's cases first
            # (:func:`_placed`): SQLite otherwise read the person of every registrant.
            query = (
                query.select_from(_UsersFirst(Case, Person, Person.id == Case.person_id))
                if _placed_here(shape)
                else query.join(Person, Person.id == Case.person_id)
            )
    else:
        query = _page_select(
            worker,
            *([rank.label("search_rank")] if rank is not None else []),
            *([literal(shape.group).label("search_rank")] if shape.walk else []),
        )
    # A capped count without a search has no hits to start from: it goes through the scope's
    # own indexes, branch by branch (below). A search's hits, few unless walked, lead.
    branches = (
        shape.count
        and shape.capped
        and not shape.walk
        and not shape.search
        and shape.scope != "all"
    )
    if shape.scope != "all" and not branches:
        # A caseworker's own cases are few: the walk starts from them (their index), not
        # from every case in date order.
        walk = shape.walk and shape.scope != "own"
        query = query.where(scope_condition(shape.scope, walk=walk))
    query = _filtered(query, shape)
    if shape.search and shape.walk:
        if shape.count:
            query = query.join(Person, Person.id == Case.person_id)
        if not shape.gather or _tests_better(shape):
            # A gathered group's own test is what its hits were gathered by: not tested
            # again (each hit's person row and name parts read for nothing), only that no
            # better group has it.
            query = query.where(_walk_condition(shape, own=not shape.gather))
        if _placed_here(shape):
            query = _placed(query, shape)
        elif shape.gather and _led(shape):
            query = _keyed(query, shape, [_kinds(shape)[shape.group]])
        elif shape.gather:
            query = query.where(Case.id.in_(_group_hits(shape)))
    elif shape.search and _led(shape):
        query = _keyed(query, shape, _kinds(shape))
    elif shape.search:
        number_hit = select(Case.id).where(_prefix(Case.case_number, "upper"))
        found = _person_hits(shape.pinyin, shape.sealed, shape.sound)
        hits = [number_hit, select(Case.id).where(Case.person_id.in_(found))]
        hits += _place_hits(shape.places)
        query = query.where(Case.id.in_(union(*hits)))
    if late:
        return _late_page(shape, query, worker, ranked=rank is not None)
    if shape.count:
        if shape.capped:
            if branches:
                # Each branch of the scope on its own index (unit, caseworker, assignment),
                # disjoint, so UNION ALL streams and stops at the cap: an OR with a
                # subquery is a sequential scan of case_file on PostgreSQL, and a UNION
                # would gather every case of a province before counting.
                parts = [query.where(b) for b in scope_branches(shape.scope)]
                query = union_all(*parts).subquery().select()
            return select(func.count()).select_from(query.limit(bindparam("cap")).subquery())
        return query
    order = _sort_order(shape, worker)
    # The characters' hits first whichever way the user sorts; each group in that sort.
    query = query.order_by(*([rank] if rank is not None else []), *order)
    if shape.paged:
        query = query.limit(bindparam("limit")).offset(bindparam("offset"))
    return query


def _sort_order(shape: _Shape, worker: Any) -> list[Any]:
    """The ORDER BY keys of the shape's sort and direction, ending with the case id so
    pages never overlap; ``worker`` is the page's alias of the caseworker (app_user)."""
    columns = {
        "intake_date": [Case.intake_date],
        "case_number": [Case.case_number],
        "stage": [Case.stage],
        # The person before the case: two persons of one name keep their cases together, as
        # the persons' (name, alias, id) index gives them (_by_name).
        "name": [Person.real_name, Person.alias, Person.id],
        "rescue_date": [Case.rescue_date],
        # The user before the case, as the name sort puts the person: two users of one
        # name keep their cases apart, each one's in id order from her index (_by_caseworker).
        "caseworker": [worker.full_name, worker.id],
    }[shape.sort]
    return [k.desc() if shape.descending else k.asc() for k in (*columns, Case.id)]


def _by_name(shape: _Shape) -> Select:  # type: ignore[type-arg]
    """SQLite, a page by name where the reach holds many of the cases (:func:`_names_walk`):
    the persons walked in their (name, alias, id) index, each one's cases in id order on
    the case's person index, each case tested against the reach and the filter on its row,
    until the page is full. Sorted whole, every case in reach was joined to its person and
    sorted first (8.7 s for the HLJ-HRB supervisor's first page at 1,000,000 persons,
    20.4 s for the provincial supervisor's)."""
    worker = aliased(User)
    start = _UsersFirst(Person, Case, Case.person_id == Person.id)
    query = _page_select(worker, start=start)
    if shape.scope != "all":
        query = query.where(scope_condition(shape.scope, walk=True))
    query = _filtered(query, shape).order_by(*_sort_order(shape, worker))
    if shape.paged:
        query = query.limit(bindparam("limit")).offset(bindparam("offset"))
    return query


def _names_walk(session: Session, actor: Actor, f: CaseFilter, shape: _Shape) -> bool:
    """Is a page by name walked in the persons' name index (:func:`_by_name`)? SQLite (the
    names in clear), no search (its hits lead), a supervisor's or the system's reach, and
    the filter letting through at least 1/DENSE_SHARE of the persons' count (MIN_DENSE at
    least), counted up to that on the scope's indexes: a thinner reach would walk many
    persons for each case of the page, and its cases are few enough to sort."""
    if shape.sealed or shape.sort != "name" or shape.search or shape.ids:
        return False
    if shape.scope == "own":  # a caseworker's few hundred cases are sorted
        return False
    top = session.connection().execute(select(func.max(Person.id))).scalar() or 0
    enough = max(MIN_DENSE, top // DENSE_SHARE)
    return count_cases(session, actor, f, cap=enough) >= enough


def _led(shape: _Shape) -> bool:
    """Do a gathered page's keys lead, each case tested where its key's index finds it
    (:func:`_keyed`)? A supervisor's or the system's: a caseworker's few own cases lead
    instead (testing each hit against them cost 3x: 小, lix, 哈尔滨). On SQLite too since the
    person index holds what the page tests and sorts (lix's 8,900 persons' cases at
    1,000,000 persons were each read from their row by its id, 31 -> 20 ms)."""
    return _late(shape) and shape.scope != "own"


def _keyed(query: Select, shape: _Shape, kinds: list[str]) -> Select:  # type: ignore[type-arg]
    """PostgreSQL, a supervisor's gathered page (:func:`_led`): ``query`` (its scope, filter
    and better groups) tested on each case where the index of one of the ``kinds`` of keys
    finds it: the case number's; each found person's cases, looked up by person; a
    place's (:func:`_placed`); merged by UNION (a person found by two tokens). With an IN
    of the hits, PostgreSQL hashed them against a sequential scan of case_file (200 ms for
    哈尔滨 at 200,000 persons, a scan that grows with the database); gathering the hits'
    ids first and looking each up by its id read every case twice (lix: 8,900 persons at
    1,000,000 persons)."""
    parts = []
    if "typed" in kinds:
        parts.append(query.where(_prefix(Case.case_number, "upper")))
        typed = _person_hits(shape.pinyin, shape.sealed)
        parts.append(_each_persons_cases(query, typed, "typed", shape.sealed))
    if "sound" in kinds:
        sounding = _sound_hits(shape.sealed)
        parts.append(_each_persons_cases(query, sounding, "sound", shape.sealed))
    if "place" in kinds:
        parts.append(_placed(query, shape))
    return (union(*parts) if len(parts) > 1 else parts[0]).subquery("keyed").select()


def _each_persons_cases(query: Select, persons: Any, name: str, sealed: bool) -> Select:  # type: ignore[type-arg]
    """``query`` on the cases of each of ``persons``, looked up person by person: on
    PostgreSQL in a LATERAL fenced by OFFSET 0 (joined, the planner may hash the persons
    against every case); on SQLite by an IN, each person a search of the person index."""
    if not sealed:
        return query.where(Case.person_id.in_(persons))
    found = persons.subquery(f"{name}_persons")
    each = query.where(Case.person_id == found.c.person_id).offset(literal_column("0"))
    cases = each.lateral(f"{name}_cases")
    return select(*cases.c).select_from(found).join(cases, true())


def _placed_here(shape: _Shape) -> bool:
    """Is this page a place's rank group, gathered, for a supervisor (:func:`_placed`)? A
    caseworker's own few cases lead instead."""
    return (
        shape.walk
        and shape.gather
        and _kinds(shape)[shape.group] == "place"
        and shape.scope != "own"
        and not shape.count
    )


def _placed(query: Select, shape: _Shape) -> Select:  # type: ignore[type-arg]
    """A place's rank group, gathered (哈尔滨), for a wide scope: ``query`` on the cases rescued
    in each code range (their index), then on those of the persons registered there rescued
    elsewhere (the registration's index, the cases by person), disjoint, so UNION ALL. Each
    case's scope, filter and better groups are tested on the row the index found: gathering
    the ids first and looking each hit up again by its id read every hit's row twice and
    hashed them (1,300 + 1,000 hits for the HLJ-HRB supervisor at 200,000 persons, 57 ms of
    the page's 60 on PostgreSQL)."""
    ranges = [(bindparam(f"place{i}_lo"), bindparam(f"place{i}_hi")) for i in range(shape.places)]
    rescued = [between(Case.rescue_place_code, lo, hi) for lo, hi in ranges]
    # Its own alias: a walk of SQLite's better groups joins the person already, and a plain
    # Person in the subquery would be correlated to it.
    registrant = aliased(Person)
    parts = []
    for i, (lo, hi) in enumerate(ranges):
        parts.append(query.where(rescued[i]))
        registered = select(registrant.id.label("person_id")).where(
            between(registrant.household_registration_code, lo, hi)
        )
        # The ranges are disjoint (place_ranges keeps no county inside a prefecture found).
        elsewhere = query.where(or_(*rescued).is_not(True))
        parts.append(_each_persons_cases(elsewhere, registered, f"registered{i}", shape.sealed))
    return union_all(*parts).subquery("placed").select()


def _late_page(shape: _Shape, query: Select, worker: Any, *, ranked: bool) -> Select:  # type: ignore[type-arg]
    """The page of a gathered search (:func:`_late`): ``query`` selects the hits' (case_id,
    sort key[, search_rank]); they are sorted and cut to the page, then joined to the
    page's rows."""
    cols = query.selected_columns

    def directed(*keys: Any) -> list[Any]:
        return [k.desc() if shape.descending else k.asc() for k in keys]

    # The characters' hits first whichever way the user sorts; each group in that sort.
    query = query.order_by(
        *([cols.search_rank] if ranked else []), *directed(cols[shape.sort], cols.case_id)
    )
    hits = query.limit(bindparam("limit")).offset(bindparam("offset")).subquery("hits")
    rank = [hits.c.search_rank] if "search_rank" in hits.c else []
    return (
        _page_select(worker, *rank)
        .join(hits, hits.c.case_id == Case.id)
        .order_by(
            *([hits.c.search_rank] if ranked else []),
            *directed(hits.c[shape.sort], hits.c.case_id),
        )
    )


# The sorts on a column of the case: a gathered page sorts the hits' ids by it, then joins.
LATE_SORTS = {
    "intake_date": lambda: Case.intake_date,
    "case_number": lambda: Case.case_number,
    "stage": lambda: Case.stage,
    "rescue_date": lambda: Case.rescue_date,
}


def _late(shape: _Shape) -> bool:
    """Is this a search's page gathered through its hits (not walked in the sort's index),
    in a sort on the case's own columns? Then the hits are sorted and cut to the page as
    (id, key) alone and only the page's rows joined to their person and caseworker: joined
    first, every hit's person row was read and carried through the sort (lix on PostgreSQL,
    5,000 persons at 1,000,000: 107-139 ms; 小's 7,000 on SQLite)."""
    return (
        shape.search
        and shape.paged
        and not shape.count
        and (not shape.walk or shape.gather)
        and shape.sort in LATE_SORTS
    )


def _filtered(query: Select, shape: _Shape) -> Select:  # type: ignore[type-arg]
    """The filter's conditions on the case (not its scope, not its search)."""
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
    return query


@lru_cache(maxsize=64)
def _streamed_count(shape: _Shape) -> Select:  # type: ignore[type-arg]
    """SQLite, a search's capped count for a wide scope: the cases of every key straight from
    its index range (a UNION ALL, run as a co-routine), each checked against the scope and
    the filter on its own row, distinct, until the cap. Walking the date index instead reads
    every case until cap + 1 hits are in scope: for mei (5.6% of the persons) in a unit with
    a quarter of the cases, some 70,000 rows at 100,000 persons (171 ms against 30 ms)."""
    by_person = []
    for column, name in _person_keys(shape.pinyin):
        by_person.append(
            select(Case.id)
            .select_from(Person)
            .join(Case, Case.person_id == Person.id)
            .where(_prefix(column, name))
        )
    for name in ("part", "sound") if shape.sound else ("part",):
        part = PersonNamePart.part
        by_person.append(
            select(Case.id)
            .select_from(PersonNamePart)
            .join(Case, Case.person_id == PersonNamePart.person_id)
            .where(part >= bindparam(f"{name}_lo"), part < bindparam(f"{name}_hi"))
        )
    branches = [select(Case.id).where(_prefix(Case.case_number, "upper")), *by_person]
    for i in range(shape.places):
        lo, hi = bindparam(f"place{i}_lo"), bindparam(f"place{i}_hi")
        branches.append(select(Case.id).where(between(Case.rescue_place_code, lo, hi)))
        branches.append(
            select(Case.id)
            .select_from(Person)
            .join(Case, Case.person_id == Person.id)
            .where(between(Person.household_registration_code, lo, hi))
        )
    hits = union_all(*_checked(branches, shape)).subquery()
    found = select(hits.c.id).distinct().limit(bindparam("cap"))
    return select(func.count()).select_from(found.subquery())


def _checked(branches: list[Select], shape: _Shape) -> list[Select]:  # type: ignore[type-arg]
    """Each branch of a capped count with the filter and the scope tested on its own rows."""
    out = [_filtered(branch, shape) for branch in branches]
    if shape.scope == "all":
        return out
    return [branch.where(scope_condition(shape.scope, as_filter=True)) for branch in out]


@lru_cache(maxsize=64)
def _own_count(shape: _Shape) -> Select:  # type: ignore[type-arg]
    """A search's capped count for a caseworker (or "mine"): her own and assigned cases
    (hundreds) are the start, each tested against every key on its rows and by an index
    probe (name parts on SQLite, tokens on PostgreSQL). Gathering the keys' hits first
    collected 60,000 cases for 梅 at 1,000,000 persons on SQLite (199 ms), li's 20,000
    persons on PostgreSQL."""
    own = select(Case.id)
    if not shape.sealed:  # the names in clear on the person's row
        own = own.join(Person, Person.id == Case.person_id)
    own = own.where(scope_condition("own"), _walk_condition(shape, any_group=True))
    own = _filtered(own, shape)
    return select(func.count()).select_from(own.limit(bindparam("cap")).subquery())


def _own_page(shape: _Shape) -> Select:  # type: ignore[type-arg]
    """A search's page for a caseworker (or "mine"): her own and assigned cases (hundreds)
    are the start, each tested against the keys on its person's row and by index probes of
    the person's name parts (SQLite) or tokens (PostgreSQL), ranked by the first rank group
    whose test it passes (characters, sound, place: as a gathered or walked page ranks),
    sorted and cut. Gathering a common text's hits first ranged over hundreds of thousands
    of persons, filtered by her scope afterwards (小: 195 ms, 哈尔滨: 101 ms for 5 matches
    among her 735 cases at 1,000,000 persons, bench/scale.py); walking the sort's index
    first asked how common each group is, ranging over its keys too."""
    worker = aliased(User)
    groups = _walk_groups(shape)
    # The first group passed, as a walk takes them; CASE WHEN NULL is "not passed" as well.
    rank: Any = (
        case(*[(g, literal(i)) for i, g in enumerate(groups[:-1])], else_=literal(len(groups) - 1))
        if len(groups) > 1
        else literal(0)
    )
    query = _page_select(worker, rank.label("search_rank"))
    query = query.where(scope_condition("own"), or_(*groups))
    query = _filtered(query, shape)
    order = _sort_order(shape, worker)
    query = query.order_by(*([rank] if len(groups) > 1 else []), *order)
    if shape.paged:
        query = query.limit(bindparam("limit")).offset(bindparam("offset"))
    return query


@lru_cache(maxsize=64)
def _streamed_sealed_count(shape: _Shape) -> Select:  # type: ignore[type-arg]
    """PostgreSQL, a search's capped count for a wide scope: each key's cases straight from
    its index range (the case number's, then each token's, joined to its cases by person),
    each checked against the scope and the filter on its own row, until the cap. Disjoint by
    construction, each branch dropping what a branch before it found (a row test or a probe
    of the person's tokens), so UNION ALL streams and LIMIT stops it: a DISTINCT or UNION
    would hash every hit first, and gathering li (20,000 persons at 100,000) joined every
    case to them before counting (76 ms against 10)."""
    number = _prefix(Case.case_number, "upper")
    token = PersonSearchToken.token
    other = aliased(PersonSearchToken)

    def unseen(*earlier: str) -> list[Any]:
        # Not a case an earlier token found: a probe of its person's (token, person) key.
        return [
            select(literal(1))
            .where(other.person_id == Case.person_id, other.token == bindparam(e))
            .limit(1)
            .scalar_subquery()
            .is_(None)
            for e in earlier
        ]

    def by_token(name: str, *earlier: str) -> Select:  # type: ignore[type-arg]
        # Each token's persons in its index, each one's cases looked up by person (a
        # nested loop that stops at the cap). OFFSET 0 keeps the planner from turning the
        # lookup into a join: it hashed the token's persons against a (parallel) scan of
        # the cases instead, for mei (14,600 persons at 200,000) reading every hit first
        # and paying a table scan's start-up, which grow with the database.
        (cases,) = _checked(
            [
                select(Case.id).where(
                    Case.person_id == PersonSearchToken.person_id,
                    number.is_not(True),
                    *unseen(*earlier),
                )
            ],
            shape,
        )
        each = cases.offset(literal_column("0")).lateral()
        return (
            select(each.c.id)
            .select_from(PersonSearchToken)
            .join(each, true())
            .where(token == bindparam(name))
        )

    tokens = ["name_token", "id_token"] + ["sound_token"] * shape.sound
    branches = [select(Case.id).where(number)]
    # A place (哈尔滨: a fifth of the cases) streams too: the cases rescued in each code
    # range, then those of the persons registered there rescued elsewhere; gathered, its
    # 200,000 cases at 1,000,000 persons were hashed before the first was counted (90-120 ms).
    ranges = [(bindparam(f"place{i}_lo"), bindparam(f"place{i}_hi")) for i in range(shape.places)]
    rescued = [between(Case.rescue_place_code, lo, hi) for lo, hi in ranges]
    for i, (lo, hi) in enumerate(ranges):
        found_before = [number.is_not(True), *unseen(*tokens)]
        branches.append(select(Case.id).where(rescued[i], *found_before))
        branches.append(
            select(Case.id)
            .select_from(Person)
            .join(Case, Case.person_id == Person.id)
            .where(
                between(Person.household_registration_code, lo, hi),
                or_(*rescued).is_not(True),
                *found_before,
            )
        )
    (number_branch, *place_branches) = _checked(branches, shape)
    by_tokens = [by_token(name, *tokens[:i]) for i, name in enumerate(tokens)]
    found = union_all(number_branch, *by_tokens, *place_branches).limit(bindparam("cap"))
    return select(func.count()).select_from(found.subquery())


def _person_keys(pinyin: bool) -> list[tuple[Any, str]]:
    """The person's columns a search looks up by prefix, with their range's name."""
    keys = [(Person.real_name, "typed"), (Person.alias, "typed"), (Person.id_number, "upper")]
    if pinyin:
        for col in (
            Person.name_pinyin,
            Person.name_initials,
            Person.alias_pinyin,
            Person.alias_initials,
        ):
            keys.append((col, "latin"))
    return keys


def _part_exists(name: str):  # type: ignore[no-untyped-def]
    # An index probe of (person_id, part) for the person of the row being walked.
    col = PersonNamePart.part
    return exists().where(
        PersonNamePart.person_id == Person.id,
        col >= bindparam(f"{name}_lo"),
        col < bindparam(f"{name}_hi"),
    )


def _kinds(shape: _Shape) -> list[str]:
    """The rank groups a search has, best first."""
    return ["typed"] + ["sound"] * shape.sound + ["place"] * (shape.places > 0)


def _group_hits(shape: _Shape):  # type: ignore[no-untyped-def]
    """The cases one rank group finds, gathered through the indexes (a rare group)."""
    kind = _kinds(shape)[shape.group]
    if kind == "typed":
        number_hit = select(Case.id).where(_prefix(Case.case_number, "upper"))
        found = _person_hits(shape.pinyin, shape.sealed)
        return union(number_hit, select(Case.id).where(Case.person_id.in_(found)))
    if kind == "sound":
        return select(Case.id).where(Case.person_id.in_(_sound_hits(shape.sealed)))
    return union(*_place_hits(shape.places))


def _walk_condition(shape: _Shape, *, any_group: bool = False, own: bool = True):  # type: ignore[no-untyped-def]
    """The row-by-row test of one rank group: its keys (unless not ``own``), and none of a
    better one (``any_group``: the keys of every group)."""
    groups = _walk_groups(shape, by_id=any_group and shape.sealed)
    if any_group:
        return or_(*groups)
    # IS NOT TRUE, not NOT: a prefix test of a NULL alias is NULL, and NOT NULL is not true.
    better = [g.is_not(True) for i, g in enumerate(groups[: shape.group]) if _tested(shape, i)]
    return and_(groups[shape.group], *better) if own else and_(*better)


def _tested(shape: _Shape, group: int) -> bool:
    """Is a better rank group tested on each row of a later one? Not one the text finds
    nothing in (哈尔滨 names no person: its place's cases were each read with their person
    and probed for the name's parts, 11,500 of them at 1,000,000 persons)."""
    return not _empty_bit(shape.empty, group)


def _tests_better(shape: _Shape) -> bool:
    return any(_tested(shape, i) for i in range(shape.group))


def _walk_groups(shape: _Shape, *, by_id: bool = False) -> list[Any]:
    """Each rank group's row-by-row test, best first (:func:`_kinds`). ``by_id``: the person's
    registration looked up by the case's person_id (a statement without the person row)."""
    if shape.sealed:  # the person's tokens, an index probe each
        token = PersonSearchToken.token
        tests = {
            "typed": [
                _prefix(Case.case_number, "upper"),
                *_typed_probes(),
            ],
            "sound": [_token_probe(token == bindparam("sound_token"))],
        }
        return _group_tests(shape, tests, by_id)
    tests = {"typed": [
        _prefix(Case.case_number, "upper"),
        _prefix(Person.real_name, "typed"),
        _prefix(Person.alias, "typed"),
        _prefix(Person.id_number, "upper"),
        _part_exists("part"),
    ]}  # fmt: skip
    if shape.pinyin:
        for col in (
            Person.name_pinyin,
            Person.name_initials,
            Person.alias_pinyin,
            Person.alias_initials,
        ):
            tests["typed"].append(_prefix(col, "latin"))
    tests["sound"] = [_part_exists("sound")]
    return _group_tests(shape, tests, by_id)


def _typed_probes() -> list[Any]:
    """Has the case's person the text's name or ID-number token? One probe of the (token,
    person) key each: with both tokens in one IN, PostgreSQL read every token of the person
    through its person index instead (38 a person, 12 against 1 µs a probe; 梅 for a unit's
    supervisor walks 2,700 of them)."""
    token = PersonSearchToken.token
    return [_token_probe(token == bindparam(name)) for name in ("name_token", "id_token")]


def _token_probe(match: Any):  # type: ignore[no-untyped-def]
    """Has the case's person a token ``match`` finds? A correlated lookup with LIMIT 1, not
    EXISTS: PostgreSQL turns an EXISTS under OR into a hashed subplan, which reads every
    token of the text (20,000 for li at 100,000 persons) before the walk's first row."""
    found = (
        select(literal(1))
        .where(PersonSearchToken.person_id == Case.person_id, match)
        .limit(1)
        .scalar_subquery()
    )
    return found.is_not(None)


def _group_tests(shape: _Shape, tests: dict[str, list[Any]], by_id: bool) -> list[Any]:
    registered: Any = Person.household_registration_code
    if by_id:
        # PostgreSQL's own count has no person row (its tokens are probed by the case's
        # person): the registration looked up by id, not the person table joined whole.
        registered = (
            select(Person.household_registration_code)
            .where(Person.id == Case.person_id)
            .scalar_subquery()
        )
    tests["place"] = []
    for i in range(shape.places):
        lo, hi = bindparam(f"place{i}_lo"), bindparam(f"place{i}_hi")
        tests["place"] += [
            between(Case.rescue_place_code, lo, hi),
            between(registered, lo, hi),
        ]
    return [or_(*tests[kind]) for kind in _kinds(shape)]


def scope_condition(scope: str, *, walk: bool = False, as_filter: bool = False):  # type: ignore[no-untyped-def]
    """The cases a user may list: own and assigned, and for supervisors their units'.

    ``walk``: tested row by row while walking the sort's index; written so that SQLite
    does not read every case of the scope through the unit and caseworker indexes instead.
    ``as_filter``: checked on rows another index found, never used to find them, for the
    home page's tasks, which start from their own few rows rather than from every case of
    a unit. Both hide the columns from the planners with ``+ 0``."""

    def col(c):  # type: ignore[no-untyped-def]
        return c + literal_column("0") if walk or as_filter else c

    if scope == "own" and not (walk or as_filter):
        # The own cases and the assigned ones as one set the planners can start from (a
        # few hundred, each branch on its index): under an OR with a subquery PostgreSQL
        # walked every open visit, assessment or case in its own order instead (1.7 s for
        # a caseworker's home page at 100,000 persons).
        return Case.id.in_(
            union(
                select(Case.id).where(Case.caseworker_id == bindparam("me")),
                select(CaseAssignment.case_id).where(
                    CaseAssignment.user_id == bindparam("me"),
                    assignment_in_force(bindparam("today")),
                ),
            )
        )
    own = or_(
        col(Case.caseworker_id) == bindparam("me"),
        (col(Case.id) if as_filter else Case.id).in_(
            select(CaseAssignment.case_id).where(
                CaseAssignment.user_id == bindparam("me"),
                assignment_in_force(bindparam("today")),
            )
        ),
    )
    if scope == "own":
        return own
    return or_(col(Case.unit_id).in_(bindparam("scope_units", expanding=True)), own)


def scope_branches(scope: str) -> list[Any]:
    """The scope as disjoint conditions, each served by its own index: the units' cases;
    the user's own cases outside those units; the cases assigned to the user that are
    neither (``IS NOT TRUE``: a NULL caseworker or unit is "not")."""
    assigned = Case.id.in_(
        select(CaseAssignment.case_id).where(
            CaseAssignment.user_id == bindparam("me"),
            assignment_in_force(bindparam("today")),
        )
    )
    mine = Case.caseworker_id == bindparam("me")
    if scope == "own":
        return [mine, and_(assigned, mine.is_not(True))]
    units = Case.unit_id.in_(bindparam("scope_units", expanding=True))
    outside = units.is_not(True)
    # Her own cases outside her units, looked up in the (caseworker, unit, id) index: a
    # supervisor who carries cases carries them in her unit, and "mine AND outside" on the
    # case rows read each of them (35,657 for a supervisor at 1,000,000 persons) to find none.
    own = aliased(Case, name="own_case")
    mine_outside = Case.id.in_(
        select(own.id).where(
            own.caseworker_id == bindparam("me"),
            own.unit_id.not_in(bindparam("scope_units", expanding=True)),
        )
    )
    return [units, mine_outside, and_(assigned, mine.is_not(True), outside)]


def scope_params(session: Session, actor: Actor) -> tuple[str, dict[str, Any]]:
    if actor.is_system:
        return "all", {}
    own = {"me": actor.user_id, "today": clock.today()}
    if actor.role in (Role.CASEWORKER, Role.FOLLOW_UP_WORKER):
        return "own", own
    if actor.role == Role.SUPERVISOR:
        return "reach", {**own, "scope_units": cached_units_in_reach(session, actor)}
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
        params["name_token"], params["id_token"] = params["tokens"]
        params["upper_hi"] = typed.upper() + "\uffff"  # the case number stays in clear
        sound = "sound_token" in params
    elif typed:
        params.update(
            typed_lo=typed,
            typed_hi=typed + "\uffff",
            upper_lo=typed.upper(),
            upper_hi=typed.upper() + "\uffff",
            latin_lo=latin,
            latin_hi=latin + "\uffff",
            **search_tokens.part_params(typed),
        )
        sound = "sound_lo" in params
    else:
        sound = False
    ranges = place_ranges(typed)
    for i, (lo, hi) in enumerate(ranges):
        params[f"place{i}_lo"], params[f"place{i}_hi"] = lo, hi
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
        sound=sound,
        places=len(ranges),
        **extra,
    )
    return shape, params


def place_ranges(typed: str) -> list[tuple[str, str]]:
    """The code ranges (lowest, highest) of the places a text names: a county's own code,
    every county of a prefecture (2301..) or province (23....). Only for a text with other
    than ASCII characters: digits are an ID or case number being typed, and letters pinyin
    (a place's pinyin is a guess, not the place the text names)."""
    if not typed or typed.isascii():
        return []
    heads: list[str] = []
    for match in places.exact(typed)[:MAX_PLACES]:
        head = match.code[: 2 * (places.level(match.code) + 1)]
        heads.append(head)
    # A county inside a prefecture found too adds nothing (文山州 and 文山市).
    kept = sorted(h for h in set(heads) if not any(h != o and h.startswith(o) for o in heads))
    return [(h.ljust(6, "0"), h.ljust(6, "9")) for h in kept]


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
    if shape.search and shape.scope == "own":
        # Her own and assigned cases, each tested (:func:`_own_page`), whatever the text.
        shape = replace(shape, mine=True)
    if shape.sealed and sort == "name":
        # Counted first, up to the limit, on the indexes: fetching NAME_SORT_MAX + 1 cases'
        # rows, sealed columns and all, to learn that they were too many took 1.0-1.8 s for
        # a supervisor's refusal at 1,000,000 persons.
        if count_cases(session, actor, f, cap=NAME_SORT_MAX) > NAME_SORT_MAX:
            raise _too_many_to_sort_by_name()
        rows = _sorted_by_name(session, shape, params, descending, limit, offset)
    elif shape.mine or _names_walk(session, actor, f, shape):
        if not shape.mine:
            shape = replace(shape, names=True)
        if shape.paged:
            params.update(limit=limit, offset=offset)
        rows = session.connection().execute(_statement(shape), params).all()  # type: ignore[assignment]
    elif any((common := _common_groups(session, shape, params))[0]) or len(common[0]) > 1:
        # A text with rank groups, even all rare ones, is gathered a group at a time: the
        # characters' hits usually fill the page, and their homophones are never read (小
        # at 1,000,000 persons: 7,000 persons by the character, 13,000 by its sound, all
        # gathered and ranked in one statement, 111 ms of SQL; 25 against 74-98 ms at 200,000).
        # PostgreSQL too: ranked in one statement, 小's 2,600 persons by character or sound
        # were all looked up for a province's supervisor (126 ms at 200,000 persons), its
        # character's 1,600 filling the page alone. (A caseworker's page starts from her
        # own cases instead, above.)
        rows = _walked(session, shape, params, *common, limit, offset)
    else:
        if shape.paged:
            params.update(limit=limit, offset=offset)
        if by_unit(shape) and params["scope_units"]:
            units = sorted(set(params["scope_units"]))
            shape = replace(shape, units=len(units))
            params.update({f"unit{i}": u for i, u in enumerate(units)}, reach=limit + offset)
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


def _common_groups(
    session: Session, shape: _Shape, params: dict[str, Any], share: int = DENSE_SHARE
) -> tuple[list[bool | None], int]:
    """For each rank group, do its keys' index ranges (tokens on PostgreSQL) hold so many
    persons that walking the sort's index finds a page sooner than gathering every hit?
    Counted up to the threshold only; None for a group the text finds nothing in. With the
    groups found empty as bits (:func:`_glance`); ([], 0) where the question does not arise."""
    if not shape.search or shape.sort not in WALK_SORTS:
        return [], 0
    conn = session.connection()
    top, *found_any = conn.execute(_glance(_group_shape(shape)), params).one()
    empty = sum(1 << group for group, found in enumerate(found_any) if not found)
    enough = max(MIN_DENSE, (top or 0) // share)
    # The page and the count of one keystroke ask the same question: asked once. A stale
    # answer only chooses a slower plan, never other rows; which groups are empty is never
    # taken from it (a person renamed since would be left out).
    texts = (
        *(params.get(name) for name in _KEYS_TYPED),
        *params.get("tokens", ()),
        *(params[f"place{i}_lo"] for i in range(shape.places)),
    )
    key = (shape.pinyin, shape.sound, shape.places, enough, top, texts)
    seen = _COMMON_SEEN.setdefault(conn.engine, {})
    known = seen.get(key)
    if known is None:
        known = seen[key] = _dense(conn, shape, params, enough, empty)
        if len(seen) > _COMMON_SEEN_MAX:
            seen.pop(next(iter(seen)))
    return [None if _empty_bit(empty, g) else dense for g, dense in enumerate(known)], empty


def _dense(
    conn: Connection, shape: _Shape, params: dict[str, Any], enough: int, empty: int
) -> tuple[bool, ...]:
    """Does each rank group hold at least ``enough`` persons (or cases of a place)? Counted
    on its probes' indexes up to that; an empty group is not probed."""
    probes: dict[str, list[Select]] = {  # type: ignore[type-arg]
        "typed": [search_tokens.matching_person_ids()],
        "sound": [search_tokens.matching_sound_ids()],
        # 哈尔滨: a tenth of the persons may be registered there
        "place": _place_keys(shape.places),
    }
    if not shape.sealed:
        probes["typed"] = [
            search_tokens.part_person_ids("part"),
            select(Person.id).where(
                _prefix(Person.name_pinyin, "latin")
                if shape.pinyin
                else _prefix(Person.real_name, "typed")
            ),
        ]
        probes["sound"] = [search_tokens.part_person_ids("sound")]
    dense = []
    for group, kind in enumerate(_kinds(shape)):
        found = 0
        for probe in [] if _empty_bit(empty, group) else probes[kind]:
            bounded = select(func.count()).select_from(probe.limit(enough).subquery())
            found += conn.execute(bounded, params).scalar() or 0
            if found >= enough:
                break
        dense.append(found >= enough)
    return tuple(dense)


def _empty_bit(empty: int, group: int) -> bool:
    return bool((empty >> group) & 1)


def _group_shape(shape: _Shape) -> _Shape:
    """What :func:`_glance` depends on, so that one statement serves every sort and filter."""
    return _Shape(
        scope="all", stages=False, exclude_closed=False, unit=False, caseworker=False,
        intake_from=False, intake_to=False, flag=False, search=True, pinyin=shape.pinyin,
        sort="intake_date", descending=True, paged=False, sealed=shape.sealed,
        sound=shape.sound, places=shape.places,
    )  # fmt: skip


@lru_cache(maxsize=64)
def _glance(shape: _Shape) -> Select:  # type: ignore[type-arg]
    """The highest person id (the database's size, for the density threshold) and, for each
    rank group, does it find anything: each of its keys looked up to its first row. One
    statement: a statement each cost more in Python than the lookups in SQL (李小梅's page at
    1,000,000 persons, 0.4 ms against 0.12 ms of SQL)."""
    found_any = [
        or_(*(key.exists() for key in _group_keys(replace(shape, group=group))))
        for group in range(len(_kinds(shape)))
    ]
    return select(select(func.max(Person.id)).scalar_subquery(), *found_any)


# The values a text's keys are looked up by (the rest follow from these).
_KEYS_TYPED = ("typed_lo", "latin_lo", "part_lo", "sound_lo", "upper_lo", "sound_token")
# Per engine (its URL rendered on every keystroke cost more than the lookup it keyed).
_COMMON_SEEN: weakref.WeakKeyDictionary[Engine, dict[tuple[Any, ...], tuple[bool, ...]]] = (
    weakref.WeakKeyDictionary()
)
_COMMON_SEEN_MAX = 256


def _walked(
    session: Session,
    shape: _Shape,
    params: dict[str, Any],
    common: list[bool | None],
    empty: int,
    limit: int,
    offset: int,
) -> list[CaseRow]:
    """A page of a common text: each rank group in turn, walked in the sort's index if it
    is common itself, else gathered; one the text finds nothing in skipped, and not
    tested as a better group of the others. A group is counted only when the page starts
    after its end."""
    rows: list[CaseRow] = []
    skip = offset
    for group, walks in enumerate(common):
        want = -1 if limit == -1 else limit - len(rows)
        if want == 0:
            break
        if _empty_bit(empty, group):
            continue
        walk = replace(shape, walk=True, group=group, gather=not walks, paged=True, empty=empty)
        # Every row: SQLite's LIMIT -1, PostgreSQL's LIMIT NULL.
        every = want == -1 and shape.sealed
        page = {**params, "limit": None if every else want, "offset": skip}
        got = session.connection().execute(_statement(walk), page).all()
        rows += got  # type: ignore[arg-type]
        if got or skip == 0:
            skip = 0
        else:  # the page starts after this group: how many did it have?
            counted = replace(walk, count=True, sort="intake_date", descending=True, paged=False)
            skip = max(
                0,
                skip - int(session.connection().execute(_statement(counted), params).scalar() or 0),
            )
    return rows


def _group_keys(shape: _Shape) -> list[Select]:  # type: ignore[type-arg]
    """Each key of one rank group as its own lookup (a person's or a case's id): what
    :func:`_group_hits` gathers, or more (a person with no case)."""
    kind = _kinds(shape)[shape.group]
    if kind == "typed":
        number = select(Case.id).where(_prefix(Case.case_number, "upper"))
        if shape.sealed:
            return [number, search_tokens.matching_person_ids()]
        persons = [select(Person.id).where(_prefix(c, n)) for c, n in _person_keys(shape.pinyin)]
        return [number, *persons, search_tokens.part_person_ids("part")]
    if kind == "sound":
        return [_sound_hits(shape.sealed)]
    return _place_keys(shape.places)


def _place_keys(n: int) -> list[Select]:  # type: ignore[type-arg]
    """For each of ``n`` code ranges, the persons registered there and the cases rescued
    there, each a lookup of its own index."""
    keys = []
    for i in range(n):
        lo, hi = bindparam(f"place{i}_lo"), bindparam(f"place{i}_hi")
        keys.append(select(Person.id).where(between(Person.household_registration_code, lo, hi)))
        keys.append(select(Case.id).where(between(Case.rescue_place_code, lo, hi)))
    return keys


def _too_many_to_sort_by_name() -> ValidationError:
    return ValidationError(
        f"按姓名排序要在本机解密每个姓名，最多{NAME_SORT_MAX}个个案：请先按阶段、日期或"
        "单位筛选，或搜索姓名，或改按个案编号排序。",
        field="sort",
    )


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
    if len(rows) > NAME_SORT_MAX:  # cases added since the count
        raise _too_many_to_sort_by_name()
    rows.sort(
        key=lambda r: (r.real_name or "", r.alias or "", r.person_id, r.case_id),
        reverse=descending,
    )
    if shape.ranked:  # stable: each group keeps the name order
        rows.sort(key=lambda r: r.search_rank)
    return rows[offset:] if limit == -1 else rows[offset : offset + limit]  # type: ignore[return-value]


def count_cases(
    session: Session, actor: Actor, f: CaseFilter = CaseFilter(), *, cap: int | None = None
) -> int:
    """How many cases the filter lets through; with ``cap``, counted up to ``cap + 1`` at
    most, so a result above ``cap`` means "more than cap" (:func:`shown_count`)."""
    shape, params = _shape_and_params(
        session,
        actor,
        f,
        sort="intake_date",
        descending=True,
        paged=False,
        count=True,
        capped=cap is not None,
    )
    conn = session.connection()
    if cap is None:
        return int(conn.execute(_statement(shape), params).scalar() or 0)
    if shape.search and shape.scope == "own":
        return int(conn.execute(_own_count(shape), {**params, "cap": cap + 1}).scalar())
    if shape.search and not shape.sealed:
        return int(conn.execute(_streamed_count(shape), {**params, "cap": cap + 1}).scalar())
    if shape.search:
        streamed = {**params, "cap": cap + 1}
        return int(conn.execute(_streamed_sealed_count(shape), streamed).scalar())
    return int(conn.execute(_statement(shape), {**params, "cap": cap + 1}).scalar())


def shown_count(found: int, cap: int = COUNT_CAP) -> str:
    """A capped count as the window and `case list` show it: "1000+" above the cap."""
    return f"{cap}+" if found > cap else str(found)


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
