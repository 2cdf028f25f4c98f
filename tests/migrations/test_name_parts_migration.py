"""Migration 0014 gives the persons already there the keys of their name parts: SQLite and an
unsealed PostgreSQL database at once, a sealed one at the first log-in after the upgrade (the
server cannot open a name)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from rescuedesk.db import Database, downgrade, upgrade_to_head
from rescuedesk.models import PersonSearchToken, Setting
from rescuedesk.security import field_slots
from rescuedesk.services.casefile import cases
from rescuedesk.services.casefile.case_queries import CaseFilter, list_cases
from rescuedesk.services.office import vault
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from tests.factories import CASE, first_admin, new_unit

SYSTEM = Actor.system("t")
PASSWORD = "管理员-迁移-长密码-2026"


def _person_with_a_case(db: Database) -> None:
    with db.write_session() as s:
        unit = new_unit(s, SYSTEM)
        person = persons.create_person(s, SYSTEM, {"real_name": "李小梅", "sex": "female"}).record
        cases.open_case(s, SYSTEM, person.id, CASE, unit_id=unit.id)


def _found(db: Database, text: str) -> list[str]:
    with db.write_session() as s:
        rows = list_cases(s, SYSTEM, CaseFilter(search=text), audit_read=False).rows
    return [r.real_name for r in rows]


def _back_before_0014(db: Database) -> None:
    downgrade(db, "0013")
    if db.engine.dialect.name == "postgresql":  # the tokens 0013 had: none of name parts
        with db.engine.begin() as conn:
            conn.execute(delete(PersonSearchToken))


def test_the_upgrade_gives_existing_persons_their_name_parts(db_url: str) -> None:
    db = Database(db_url)
    try:
        _person_with_a_case(db)
        _back_before_0014(db)
        upgrade_to_head(db)
        for text in ("小梅", "梅", "mei", "xm", "李小"):
            assert _found(db, text) == ["李小梅"], text
    finally:
        db.dispose()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_sealed_database_gets_them_at_the_first_log_in(db_url: str) -> None:
    db = Database(db_url)
    admin = first_admin(db, PASSWORD)
    assert admin.user_id is not None
    field_slots.protect(db, admin.user_id, PASSWORD)
    _person_with_a_case(db)
    _back_before_0014(db)
    upgrade_to_head(db)
    with db.read_session() as s:
        assert s.get(Setting, field_slots.STALE_TOKENS) is not None
    db.dispose()

    db = Database(db_url)
    try:
        vault.log_in(db, "root", PASSWORD)
        assert _found(db, "小梅") == ["李小梅"]
        with db.read_session() as s:
            assert s.scalar(select(Setting.key).where(Setting.key == "search_tokens_stale")) is None
    finally:
        db.dispose()
