"""Small helpers that register units, persons, cases, consents and log-in accounts through
the services, and write and import ledgers."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rescuedesk.db import Database
from rescuedesk.ledger.mapping import propose
from rescuedesk.ledger.reader import read_rows
from rescuedesk.models import Case, Consent, Person, Unit
from rescuedesk.models.enums import Role, Sex, UnitKind
from rescuedesk.services.casefile import cases, records
from rescuedesk.services.ledger.ledger_file import import_sheet
from rescuedesk.services.ledger.ledger_import import ImportResult
from rescuedesk.services.office import accounts, directory
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from rescuedesk.services.people.identity import make_id_number


def new_person(db: Database, actor: Actor, **overrides: Any) -> int:
    data: dict[str, Any] = {
        "real_name": "张晓梅",
        "sex": Sex.FEMALE,
        "birth_date": dt.date(1998, 4, 2),
        "ethnicity": "汉族",
    }
    data.update(overrides)
    with db.write_session() as s:
        return persons.create_person(s, actor, data).record.id


# A case handed over by the police, as most are.
CASE: dict[str, Any] = {
    "intake_channel": "police_handover",
    "referring_police_unit": "哈尔滨市公安局道里分局",
    "police_reference": "哈公（刑）字〔2026〕101号",
    "rescue_date": dt.date(2026, 10, 1),
    "intake_date": dt.date(2026, 10, 2),
}
# The unit most tests work in: a county-level assistance station.
HRB: dict[str, Any] = {
    "code": "HRB",
    "name": "哈尔滨市救助管理站",
    "kind": UnitKind.ASSISTANCE_STATION,
    "division_code": "230102",
}


def new_unit(s: Session, actor: Actor, **overrides: Any) -> Unit:
    """A unit, the Harbin station unless ``overrides`` say otherwise, in the session ``s``."""
    return directory.create_unit(s, actor, {**HRB, **overrides}).record


def new_case(db: Database, actor: Actor, person_id: int | None = None, **overrides: Any) -> int:
    if person_id is None:
        person_id = new_person(db, actor)
    with db.write_session() as s:
        return cases.open_case(s, actor, person_id, {**CASE, **overrides}).record.id


def child_birth(age: int, on: dt.date = dt.date(2026, 11, 25)) -> dt.date:
    return on.replace(year=on.year - age) - dt.timedelta(days=30)


def valid_id(birth: dt.date, sex: Sex = Sex.FEMALE, place: str = "230102", seq: int = 7) -> str:
    return make_id_number(place, birth, seq, sex)


def first_admin(db: Database, password: str, username: str = "root") -> Actor:
    """The first administrator account (one nobody created: there is none before it), as
    it is after logging in."""
    with db.write_session() as s:
        accounts.create_account(
            s, None, {"username": username, "full_name": "管理员", "role": Role.ADMIN}, password
        )
        return accounts.authenticate(s, username, password).raise_if_refused()


def new_account(
    db: Database,
    by: Actor,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    unit_id: int | None = None,
) -> Actor:
    """A log-in account added by ``by`` (an administrator), as the actor it logs in as."""
    data: dict[str, Any] = {"username": username, "full_name": full_name, "role": role}
    if unit_id is not None:
        data["unit_id"] = unit_id
    with db.write_session() as s:
        return Actor.for_user(accounts.create_account(s, by, data, password).record)


def consent_to_share(
    db: Database,
    actor: Actor,
    case_id: int,
    recipients: list[str],
    given_on: dt.date = dt.date(2026, 11, 1),
) -> int:
    """The person's own consent to share their data with ``recipients`` (letters need one);
    its id."""
    data = {
        "purpose": "data_sharing",
        "given_by": "person",
        "given_on": given_on,
        "recipients": recipients,
    }
    with db.write_session() as s:
        return records.add_record(s, actor, Consent, case_id, data).record.id


def write_ledger(
    path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8"
) -> Path:
    """A CSV ledger as an office keeps one (the encoding its spreadsheet saved it in)."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def import_ledger(db: Database, actor: Actor, path: Path, **kw: Any) -> ImportResult:
    """The ledger at ``path`` imported with the columns the program proposes."""
    headers, rows = read_rows(path)
    with db.write_session() as s:
        return import_sheet(s, actor, rows, propose(headers), source=path, **kw)


def count_persons_and_cases(db: Database) -> tuple[int, int]:
    with db.read_session() as s:
        return (
            s.scalar(select(func.count(Person.id))) or 0,
            s.scalar(select(func.count(Case.id))) or 0,
        )


def new_user(
    db: Database,
    username: str,
    full_name: str,
    role: Role,
    unit_id: int | None = None,
    by: Actor | None = None,
) -> Actor:
    """A user of the directory (no log-in password) added by ``by``, the system unless
    given, as the actor it acts as."""
    data: dict[str, Any] = {"username": username, "full_name": full_name, "role": role}
    if unit_id is not None:
        data["unit_id"] = unit_id
    with db.write_session() as s:
        user = directory.create_user(s, by or Actor.system("test"), data).record
        return Actor.for_user(user)
