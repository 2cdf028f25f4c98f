"""The unidentified persons in care an inquiry is compared with, loaded for the matcher.

PostgreSQL is asked only about clear columns: identity unknown, not merged or purged, the
case open and in the actor's reach, a tracing consent in force (a child's given by a
guardian), and for one inquiry a block of sex, birth years and found date. Names, accent,
features and places come back sealed and are opened here, in the program (models/sealed.py):
nothing is decrypted or compared on the server, and no name or name key is ever in a
statement (tests/db/test_tracing_matching.py records them all). Photos are never loaded.

Persons without a tracing consent are never scored (as Primero's consent_for_tracing); how
many were left out is counted, so the caseworker can be told.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select
from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.matching.scorer import Described, Sought
from rescuedesk.models import Case, Consent, Person, User
from rescuedesk.models.enums import ConsentGiver, ConsentPurpose, Stage
from rescuedesk.models.inquiry import TracingInquiry
from rescuedesk.reference import dialects
from rescuedesk.services.casefile.rules import CONSENT_OWN_AGE
from rescuedesk.services.office.access import units_in_reach
from rescuedesk.services.office.context import Actor
from rescuedesk.services.tracing.inquiry_values import place_code

# The scorer excludes a birth year more than this far outside the estimate
# (matching/scorer.BIRTH_EXCLUDED_OVER); the block keeps everything it could score.
BIRTH_SLACK = 8
FOUND_BEFORE_DAYS = 30


@dataclass(frozen=True)
class Block:
    """What one inquiry rules out, asked of the server on clear columns only."""

    sex: str  # "male" | "female" | "unknown"
    birth_year: int | None
    missing_date: dt.date | None


@dataclass(frozen=True)
class Loaded:
    described: list[Described]
    caseworkers: dict[int, str]  # case id -> its caseworker's name (who to tell)
    versions: dict[int, int]  # person id -> row version (what a decision was made on)
    left_out: int  # unidentified persons in reach without a tracing consent in force


def block_of(sought: Sought) -> Block:
    return Block(sought.sex, sought.birth_year, sought.missing_date)


def sought_of(inquiry: TracingInquiry) -> Sought:
    """An inquiry as the scorer reads it; a birth year from the age then, when only that
    was given."""
    birth_year = inquiry.birth_year
    if birth_year is None and inquiry.age_then is not None and inquiry.missing_date:
        birth_year = inquiry.missing_date.year - inquiry.age_then
    dialect = inquiry.home_dialect_code or dialects.accent_of(inquiry.home_dialect)
    return Sought(
        key=inquiry.inquiry_number,
        names=(inquiry.missing_name,) if inquiry.missing_name else (),
        nicknames=tuple(inquiry.missing_nicknames or ()),
        sex=inquiry.sex.value,
        birth_year=birth_year,
        height_cm=inquiry.height_cm,
        height_measured_on=inquiry.missing_date,
        home_dialect_code=dialect,
        home_dialect_text=inquiry.home_dialect,
        home_place_code=inquiry.missing_place_code,
        features=inquiry.features,
        missing_date=inquiry.missing_date,
    )


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _possibly_child(on: dt.date) -> ColumnElement[bool]:
    """consents._possibly_under on clear columns: under 14 by the birth date, or possibly
    so by the estimated birth year, or no age known at all."""
    cutoff = _years_before(on, CONSENT_OWN_AGE)
    # Never NULL (a NULL would make NOT child unknown, and drop an adult's own consent).
    return or_(
        and_(Person.birth_date.is_not(None), Person.birth_date > cutoff),
        and_(
            Person.birth_date.is_(None),
            or_(
                Person.birth_year_estimated.is_(None),
                Person.birth_year_estimated > on.year - CONSENT_OWN_AGE - 1,
            ),
        ),
    )


def tracing_consent(on: dt.date) -> ColumnElement[bool]:
    """consents.valid_consent(case, TRACING) as one EXISTS: given by then, not withdrawn,
    not voided; a guardian's where the person may be a child."""
    return exists().where(
        Consent.case_id == Case.id,
        Consent.purpose == ConsentPurpose.TRACING,
        Consent.voided_at.is_(None),
        Consent.given_on <= on,
        or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > on),
        or_(Consent.given_by == ConsentGiver.GUARDIAN, ~_possibly_child(on)),
    )


def _in_care(session: Session, actor: Actor) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        Person.identity_known.is_(False),
        Person.merged_into_id.is_(None),
        Person.purged_at.is_(None),
        Case.stage != Stage.CLOSED,
        Case.purged_at.is_(None),
    ]
    if not actor.is_system:
        units = units_in_reach(session, actor)
        where.append(Case.unit_id.in_(units) if units else false())
    return where


def _blocked(block: Block) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if block.sex in ("male", "female"):
        where.append(Person.sex.in_((block.sex, "unknown")))
    if block.birth_year is not None:
        y = block.birth_year
        where.append(
            or_(Person.birth_year_latest.is_(None), Person.birth_year_latest >= y - BIRTH_SLACK)
        )
        where.append(
            or_(
                Person.birth_year_earliest.is_(None),
                Person.birth_year_earliest <= y + BIRTH_SLACK,
            )
        )
    if block.missing_date is not None:
        earliest = block.missing_date - dt.timedelta(days=FOUND_BEFORE_DAYS)
        where.append(or_(Person.found_date.is_(None), Person.found_date >= earliest))
    return where


def load(
    session: Session, actor: Actor, *, block: Block | None = None, person_id: int | None = None
) -> Loaded:
    """The unidentified persons of open cases in the actor's reach with a tracing consent in
    force, as the scorer reads them (one row a person: the newest of her open cases); only
    those of ``block``, or only the person ``person_id``."""
    today = clock.today()
    where = _in_care(session, actor) + (_blocked(block) if block else [])
    if person_id is not None:
        where.append(Person.id == person_id)
    query = (
        select(
            Person.id,
            Case.id,
            Case.case_number,
            Case.intake_date,
            User.full_name,
            Person.real_name,
            Person.alias,
            Person.called_names,
            Person.sex,
            Person.birth_year_earliest,
            Person.birth_year_latest,
            Person.birth_year_estimated,
            Person.birth_date,
            Person.height_cm,
            Person.accent_code,
            Person.accent_region,
            Person.distinguishing_features,
            Person.found_date,
            Person.found_place,
            Person.version,
        )
        .join(Case, Case.person_id == Person.id)
        .outerjoin(User, User.id == Case.caseworker_id)
        .where(*where, tracing_consent(today))
        .order_by(Person.id, Case.intake_date.desc(), Case.id.desc())
    )
    described: list[Described] = []
    caseworkers: dict[int, str] = {}
    versions: dict[int, int] = {}
    last = None
    # Through the connection, rows unpacked whole: the ORM's row layer and the named
    # attribute reads cost a fifth of loading 100,000 persons.
    for (
        pid, case_id, number, intake, worker, real, alias, called, sex, earliest, latest,
        estimated, born, height, accent_code, accent_text, features, found, place, version,
    ) in session.connection().execute(query):  # fmt: skip
        if pid == last:
            continue  # an older open case of the same person
        last = pid
        caseworkers[case_id] = worker or ""
        versions[pid] = version
        lo, hi = _birth_years(earliest, latest, estimated, born)
        described.append(
            Described(
                person_id=pid,
                case_id=case_id,
                case_number=number,
                names=tuple(dict.fromkeys(n for n in (real, *(called or ()), alias) if n)),
                sex=sex.value,
                birth_year_earliest=lo,
                birth_year_latest=hi,
                height_cm=height,
                measured_on=intake,
                accent_code=accent_code,
                accent_text=accent_text,
                features=features,
                found_date=found,
                found_place_code=_place(place),
            )
        )
    return Loaded(described, caseworkers, versions, _in_reach(session, where) - len(described))


def still_shown(session: Session, actor: Actor, case_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Of these cases, those a ranking would still compare (in care, in the actor's reach,
    with a tracing consent in force): case id -> (case number, its caseworker's name)."""
    if not case_ids:
        return {}
    query = (
        select(Case.id, Case.case_number, User.full_name)
        .join(Person, Person.id == Case.person_id)
        .outerjoin(User, User.id == Case.caseworker_id)
        .where(*_in_care(session, actor), Case.id.in_(case_ids), tracing_consent(clock.today()))
    )
    return {case_id: (number, worker or "") for case_id, number, worker in session.execute(query)}


def _birth_years(
    earliest: int | None, latest: int | None, estimated: int | None, born: dt.date | None
) -> tuple[int | None, int | None]:
    """The range a description gives; before ranges, a birth date or a single estimate."""
    if earliest is not None or latest is not None:
        return earliest, latest
    if born is not None:
        return born.year, born.year
    if estimated is not None:
        return estimated - 1, estimated + 1  # "about 15" is not a year to the day
    return None, None


@lru_cache(maxsize=8192)
def _place(text: str | None) -> str | None:
    return place_code(text) if text else None


def _in_reach(session: Session, where: list[ColumnElement[bool]]) -> int:
    """How many persons the filters find, consent or not."""
    query = (
        select(func.count(func.distinct(Person.id)))
        .join(Case, Case.person_id == Person.id)
        .where(*where)
    )
    return session.scalar(query) or 0
