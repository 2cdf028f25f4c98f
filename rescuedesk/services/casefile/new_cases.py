"""The one writer of new cases (issue #12): one place turns a new case's values into rows,
whether one case is opened (:func:`cases.open_case`), a ledger imported or demo data made.

A new case gets its number, year and serial from its unit's number register (one draw per
unit and year of a batch, numbers given in the batch's order), the caseworker default (the
user who registers it), its automatic flags (from the person's record) and the flags asked
for, and its "opened" stage change. Rows go in through :mod:`rescuedesk.services.people.bulk`
(COPY on PostgreSQL), so a batch of thousands costs a few statements, not an ORM object each.

The audit of a batch is the caller's, one event for the user's action (the import's, the demo
data's); a single case opened gets its own "create" event (:func:`insert_case`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from rescuedesk import clock
from rescuedesk.models import Case, CaseFlagEntry, Person, StageChange, Unit
from rescuedesk.models.enums import CaseFlag, Stage
from rescuedesk.services.casefile import numbering, writes
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import bulk

CASE_NUMBER_KIND = "case"


def format_case_number(unit_code: str, year: int, serial: int) -> str:
    return f"{unit_code}-{year}-{serial:05d}"


def automatic_flags(person: Person, on: dt.date) -> set[CaseFlag]:
    """Flags that follow from the person's record (a possible minor counts as a minor)."""
    flags: set[CaseFlag] = set()
    ages = person.age_range_on(on)
    if ages is None or ages[0] < 18:
        flags.add(CaseFlag.MINOR)
    if ages is not None and ages[0] < 14:
        flags.add(CaseFlag.UNDER_14)
    if person.nationality != "CHN":
        flags.add(CaseFlag.FOREIGN_NATIONAL)
    if not person.identity_known:
        flags.add(CaseFlag.IDENTITY_UNKNOWN)
    if person.has_disability:
        flags.add(CaseFlag.DISABILITY)
    return flags


@dataclass
class NewCase:
    """A case to write: its checked column values (``intake_date`` required), its unit and
    person (a loaded or a transient :class:`Person`: read for the automatic flags only).

    ``values`` may carry a later ``stage`` and its closure columns (demo data, which then
    writes the later stage changes itself); ``opened_at``/``opened_by_id`` date the "opened"
    stage change otherwise than now and the actor."""

    unit: Unit
    person_id: int
    person: Person
    values: Mapping[str, Any]
    flags: Iterable[CaseFlag] = ()
    opened_at: dt.datetime | None = None
    opened_by_id: int | None = None
    wanted: list[CaseFlag] = field(default_factory=list, init=False)  # set by case_rows

    def __post_init__(self) -> None:
        values = self.values
        on = values.get("rescue_date") or values["intake_date"]
        self.wanted = sorted(automatic_flags(self.person, on) | set(self.flags))


def case_rows(session: Session, actor: Actor, batch: Sequence[NewCase]) -> list[dict[str, Any]]:
    """The rows of the cases of ``batch``, numbers drawn from their units' registers."""
    rows = unnumbered_rows(actor, batch)
    numbers = draw_numbers(
        session, [(new.unit, row["year"]) for new, row in zip(batch, rows, strict=True)]
    )
    for row, (number, serial) in zip(rows, numbers, strict=True):
        row.update(case_number=number, serial=serial)
    return rows


def unnumbered_rows(actor: Actor, batch: Sequence[NewCase]) -> list[dict[str, Any]]:
    """The rows of :func:`case_rows` but their number and serial: no database needed (a
    demo run's worker process makes them; its writer draws the numbers)."""
    rows = []
    for new in batch:
        row = {
            **new.values,
            "year": new.values["intake_date"].year,
            "person_id": new.person_id,
            "unit_id": new.unit.id,
        }
        row.setdefault("stage", Stage.REGISTRATION)
        if row.get("caseworker_id") is None and not actor.is_system:
            row["caseworker_id"] = actor.user_id
        rows.append(row)
    return rows


def draw_numbers(session: Session, keys: Sequence[tuple[Unit, int]]) -> list[tuple[str, int]]:
    """(case number, serial) of new cases of these (unit, year)s, in order: one draw from
    each unit's register for each year of the batch."""
    years = Counter((unit.id, year) for unit, year in keys)
    serial = {
        key: numbering.draw(session, key[0], CASE_NUMBER_KIND, key[1], n)
        for key, n in sorted(years.items())
    }
    out = []
    for unit, year in keys:
        key = (unit.id, year)
        out.append((format_case_number(unit.code, year, serial[key]), serial[key]))
        serial[key] += 1
    return out


def insert_cases(session: Session, actor: Actor, batch: Sequence[NewCase]) -> list[int]:
    """Write the cases of ``batch`` with their flags and "opened" stage change, in the
    caller's transaction; their ids, in order. The caller audits the batch."""
    ids, _ = _insert(session, actor, batch)
    return ids


def insert_case(session: Session, actor: Actor, new: NewCase, audited: Mapping[str, Any]) -> Case:
    """Write one new case as a batch is written, with its "create" audit event (``audited``:
    the values the user gave, to which its case number and flags are added)."""
    [case_id], [row] = _insert(session, actor, [new])
    case = session.get(Case, case_id)
    assert case is not None
    writes.insert(
        session,
        actor,
        case,
        {**audited, "case_number": row["case_number"], "flags": new.wanted},
        person_id=new.person_id,
        is_case=True,
    )
    return case


def _insert(
    session: Session, actor: Actor, batch: Sequence[NewCase]
) -> tuple[list[int], list[dict[str, Any]]]:
    if not batch:
        return [], []
    rows = case_rows(session, actor, batch)
    ids = bulk.insert_rows_returning_ids(session, Case, rows)
    now = clock.now()
    bulk.insert_rows(session, CaseFlagEntry, flag_rows(actor, batch, ids, now))
    bulk.insert_rows(session, StageChange, opened_rows(actor, batch, ids, now))
    return ids, rows


def flag_rows(
    actor: Actor, batch: Sequence[NewCase], ids: Sequence[int], now: dt.datetime
) -> list[dict[str, Any]]:
    """The flags of the new cases ``ids`` of ``batch``: set by whoever registers the case
    (at ``now`` unless it says when), with no reason (the person's record is it)."""
    return [
        {
            "case_id": case_id,
            "flag": flag,
            "set_at": new.opened_at or now,
            "set_by_id": new.opened_by_id if new.opened_by_id is not None else actor.user_id,
        }
        for case_id, new in zip(ids, batch, strict=True)
        for flag in new.wanted
    ]


def opened_rows(
    actor: Actor, batch: Sequence[NewCase], ids: Sequence[int], now: dt.datetime
) -> list[dict[str, Any]]:
    """The "opened" stage change of each new case ``ids`` of ``batch``."""
    return [
        {
            "case_id": case_id,
            "from_stage": None,
            "to_stage": Stage.REGISTRATION,
            "action": "opened",
            "at": new.opened_at or now,
            "by_id": new.opened_by_id if new.opened_by_id is not None else actor.user_id,
        }
        for case_id, new in zip(ids, batch, strict=True)
    ]


@dataclass(frozen=True)
class EncodedCases:
    """New cases' rows made ready to write without a database (:func:`encode_cases`), but
    their numbers: the writer draws them (:func:`write_encoded`)."""

    cases: bulk.Encoded  # without case_number and serial
    keys: list[tuple[int, int]]  # (unit id, year) of each case, to number it
    flags: bulk.Encoded
    opened: bulk.Encoded


def encode_cases(
    actor: Actor,
    batch: Sequence[NewCase],
    ids: Sequence[int],
    now: dt.datetime,
    dialect: Any = None,
    keyless: Any = None,
) -> EncodedCases:
    """The rows of the new cases ``batch`` with these ids, their flags and "opened" stage
    changes, as :func:`insert_cases` writes them: pure computation (a demo run's worker
    process makes them; its writer numbers them). ``dialect``, ``keyless``: as
    bulk.encode_rows."""
    rows = unnumbered_rows(actor, batch)
    for case_id, row in zip(ids, rows, strict=True):
        row["id"] = case_id
    return EncodedCases(
        cases=bulk.encode_rows(Case, rows, dialect, text=False),
        keys=[(row["unit_id"], row["year"]) for row in rows],
        flags=bulk.encode_rows(
            CaseFlagEntry, flag_rows(actor, batch, ids, now), dialect, keyless=keyless
        ),
        opened=bulk.encode_rows(
            StageChange, opened_rows(actor, batch, ids, now), dialect, keyless=keyless
        ),
    )


def write_encoded(session: Session, encoded: EncodedCases, units: Mapping[int, Unit]) -> None:
    """Write cases :func:`encode_cases` made, numbered from their units' registers now, in
    the caller's transaction (``units``: the units of their ``keys``, by id)."""
    numbers = draw_numbers(session, [(units[unit_id], year) for unit_id, year in encoded.keys])
    bulk.write_encoded(session, encoded.cases.with_columns(("case_number", "serial"), numbers))
    bulk.write_encoded(session, encoded.flags)
    bulk.write_encoded(session, encoded.opened)


def insert_received_case(
    session: Session, values: Mapping[str, Any], flags: Iterable[CaseFlag]
) -> Case:
    """A case received in a transfer package from another database: it keeps its number,
    stage and flags (its stage history comes with the package), so no number is drawn and
    no "opened" change written; the caller audits the acceptance."""
    case = Case(**values)
    session.add(case)
    session.flush()
    for flag in flags:
        session.add(CaseFlagEntry(case_id=case.id, flag=flag))
    return case
