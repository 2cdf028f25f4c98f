"""Is this row a person we already have? Candidates with a score and the reasons for it.

Weights (points; a candidate is reported from :data:`THRESHOLD` up):

=====================================  ======
same ID number                          100  certain: nothing else is looked at
different ID numbers (both known)         —  never a candidate: two real IDs, two people
same name as written                     40
same pinyin, other characters (同音)      30  张晓梅 / 章小梅: ledgers are typed by ear
same birth year                         +30  from the birth date, the ID number or an estimate
different birth years (both known)      -30
same origin: county / prefecture /      +30 / +20 / +10
  province (户籍地, else ID digits 1-6)
nothing to compare (no birth year and    +20
  no origin known on both sides)
different sex (both known)              -40
=====================================  ======

So the same name with the same birth year (70), or a homophone with the same birth year
(60), is a likely duplicate; so is the same name when nothing else is known to tell the two
apart (60: a ledger of names only, imported twice, must not register everyone again). A
name whose birth year or origin is known on both sides but does not match (40), or a
homophone from the same city (50), is not.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from rescuedesk.models import Person
from rescuedesk.reference.pinyin import search_keys
from rescuedesk.services.people import search_tokens

CERTAIN = 100
THRESHOLD = 60


@dataclass(frozen=True)
class Identity:
    """What the comparison looks at, taken from a ledger row or a stored person."""

    name: str | None
    pinyin: str | None
    id_number: str | None
    birth_year: int | None
    origin: str | None  # a 6-digit division code
    sex: str | None  # "male", "female", or None when unknown

    @classmethod
    def of(
        cls,
        *,
        name: str | None,
        id_number: str | None,
        birth_date: dt.date | None = None,
        birth_year: int | None = None,
        origin: str | None = None,
        sex: str | None = None,
        pinyin: str | None = None,
    ) -> Identity:
        """``pinyin``: the stored search key, when the name's was already computed."""
        number = id_number.upper() if id_number else None
        if birth_year is None and birth_date is not None:
            birth_year = birth_date.year
        if birth_year is None and number and len(number) == 18 and number[6:10].isdigit():
            birth_year = int(number[6:10])
        if not origin and number and number[:6].isdigit():
            origin = number[:6]
        return cls(
            name=name or None,
            pinyin=pinyin if pinyin is not None else search_keys(name)[0],
            id_number=number,
            birth_year=birth_year,
            origin=origin or None,
            sex=sex if sex in ("male", "female") else None,
        )

    @classmethod
    def of_person(cls, person: Person) -> Identity:
        return cls.of(
            name=person.real_name,
            id_number=person.id_number,
            birth_date=person.birth_date,
            birth_year=person.birth_year_estimated,
            origin=person.household_registration_code,
            sex=person.sex.value if person.sex else None,
            pinyin=person.name_pinyin,
        )


@dataclass
class Match:
    score: int
    reasons: list[str] = field(default_factory=list)

    @property
    def certain(self) -> bool:
        return self.score >= CERTAIN


def compare(row: Identity, other: Identity) -> Match | None:
    """The score of ``other`` being the person ``row`` describes, or None when it cannot be."""
    if row.id_number and other.id_number:
        if row.id_number == other.id_number:
            return Match(CERTAIN, ["身份证号相同"])
        return None
    if row.name and other.name and row.name == other.name:
        match = Match(40, ["姓名相同"])
    elif row.pinyin and row.pinyin == other.pinyin:
        match = Match(30, [f"姓名同音（{row.pinyin}）"])
    else:
        return None
    if row.birth_year and other.birth_year:
        if row.birth_year == other.birth_year:
            match.score += 30
            match.reasons.append(f"出生年份相同（{row.birth_year}）")
        else:
            match.score -= 30
            match.reasons.append("出生年份不同")
    if row.origin and other.origin:
        for digits, points, words in (
            (6, 30, "户籍地相同"),
            (4, 20, "户籍地同市"),
            (2, 10, "户籍地同省"),
        ):
            if row.origin[:digits] == other.origin[:digits]:
                match.score += points
                match.reasons.append(words)
                break
    if not (row.birth_year and other.birth_year) and not (row.origin and other.origin):
        match.score += 20
        match.reasons.append("无出生年份和户籍地可比较")
    if row.sex and other.sex and row.sex != other.sex:
        match.score -= 40
        match.reasons.append("性别不同")
    return match


_COLUMNS = (
    Person.id,
    Person.real_name,
    Person.alias,
    Person.name_pinyin,
    Person.id_number,
    Person.birth_date,
    Person.birth_year_estimated,
    Person.household_registration_code,
    Person.sex,
)


@dataclass(frozen=True)
class Stored:
    """A registered person who may be the row's: id, display name and the match."""

    person_id: int
    name: str
    match: Match


# Built once: a statement built per look-up costs more than running it on the indexes.
_WHERE_ALIVE = (Person.merged_into_id.is_(None), Person.purged_at.is_(None))
_LOOKUP = select(*_COLUMNS).where(
    or_(
        Person.id_number.in_(bindparam("id_numbers", expanding=True)),
        Person.name_pinyin.in_(bindparam("pinyins", expanding=True)),
    ),
    *_WHERE_ALIVE,
)
# PostgreSQL: the columns are ciphertext (never equal to a value sealed again), so the
# blind index finds them: a superset (a token is also a prefix's), narrowed down in Python.
_LOOKUP_SEALED = select(*_COLUMNS).where(
    Person.id.in_(search_tokens.matching_person_ids()), *_WHERE_ALIVE
)


def stored_candidates(session: Session, row: Identity) -> list[Stored]:
    """Persons in the database (not merged away, not purged) scoring from the threshold up,
    best first."""
    return stored_candidates_many(session, [row])[0]


def stored_candidates_many(session: Session, rows: Sequence[Identity]) -> list[list[Stored]]:
    """:func:`stored_candidates` of each row, in one query for them all (an import asks for
    a batch of rows at once). Served by the indexes on id_number and name_pinyin, or on
    PostgreSQL by the blind index; columns, not ORM objects."""
    numbers = sorted({r.id_number for r in rows if r.id_number})
    pinyins = sorted({r.pinyin for r in rows if r.pinyin})
    if not numbers and not pinyins:
        return [[] for _ in rows]
    conn = session.connection()
    if search_tokens.is_sealed(conn):
        found = conn.execute(
            _LOOKUP_SEALED,
            {"tokens": search_tokens.identity_tokens(conn, numbers, pinyins)},
        )
    else:
        found = conn.execute(_LOOKUP, {"id_numbers": numbers, "pinyins": pinyins})
    by_number: dict[str, list[tuple[int, str, Identity]]] = defaultdict(list)
    by_pinyin: dict[str, list[tuple[int, str, Identity]]] = defaultdict(list)
    for pid, name, alias, pinyin, number, birth, year, origin, sex in found:
        other = Identity.of(
            name=name,
            id_number=number,
            birth_date=birth,
            birth_year=year,
            origin=origin,
            sex=getattr(sex, "value", sex),
            pinyin=pinyin,
        )
        person = (pid, name or alias or f"无名氏#{pid}", other)
        if other.id_number:
            by_number[other.id_number].append(person)
        if other.pinyin:
            by_pinyin[other.pinyin].append(person)
    out = []
    for row in rows:
        near = by_number.get(row.id_number or "", []) + by_pinyin.get(row.pinyin or "", [])
        out.append(best_first(row, near))
    return out


def best_first(row: Identity, others: Iterable[tuple[int, str, Identity]]) -> list[Stored]:
    """Of ``others`` ((person id, name, identity), ...), those scoring from the threshold
    up against ``row``, best first."""
    out, seen = [], set()
    for pid, name, other in others:
        if pid in seen:
            continue
        seen.add(pid)
        match = compare(row, other)
        if match is not None and match.score >= THRESHOLD:
            out.append(Stored(pid, name, match))
    out.sort(key=lambda c: (-c.match.score, c.person_id))
    return out
