"""The audit trail is append-only and tamper-evident on both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DatabaseError

from rescuedesk.db import Database, downgrade, upgrade_to_head
from rescuedesk.models import AuditEvent
from rescuedesk.security import audit_chain
from tests.conftest import ENGINES, Staff
from tests.factories import new_case


def _report(db: Database) -> audit_chain.ChainReport:
    with db.read_session() as s:
        return audit_chain.verify_database(s)


def _drop_guard(engine: Engine) -> None:
    """What someone with direct access to the database can do."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP TRIGGER audit_event_append_only ON audit_event")
        else:
            conn.exec_driver_sql("DROP TRIGGER audit_event_no_update")
            conn.exec_driver_sql("DROP TRIGGER audit_event_no_delete")


@pytest.fixture
def busy(db: Database, staff: Staff) -> Database:
    for _ in range(3):
        new_case(db, staff.caseworker)
    return db


def test_chain_is_intact_after_ordinary_work(busy: Database) -> None:
    report = _report(busy)
    assert report.intact and report.events > 10


def test_updates_and_deletes_are_refused_by_the_database(busy: Database) -> None:
    with pytest.raises(DatabaseError, match="append-only"), busy.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_event SET actor_label = 'someone' WHERE id = 2")
    with pytest.raises(DatabaseError, match="append-only"), busy.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_event WHERE id = 2")
    assert _report(busy).intact


def test_an_edited_event_is_named(busy: Database) -> None:
    _drop_guard(busy.engine)
    with busy.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_event SET actor_label = 'nobody' WHERE id = 5")
    report = _report(busy)
    assert (report.broken_at, report.reason) == (5, "记录内容被修改")


def test_a_deleted_event_is_found(busy: Database) -> None:
    _drop_guard(busy.engine)
    with busy.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_event WHERE id = 7")
    report = _report(busy)
    assert report.broken_at == 8 and "7" in (report.reason or "")


def test_reordered_events_are_found(busy: Database) -> None:
    _drop_guard(busy.engine)
    with busy.engine.begin() as conn:  # swap what events 4 and 6 say, keeping their ids
        rows = {
            r.id: r
            for r in conn.execute(select(AuditEvent.__table__).where(AuditEvent.id.in_([4, 6])))
        }
        for target, source in ((4, 6), (6, 4)):
            src = rows[source]
            conn.execute(
                AuditEvent.__table__.update()
                .where(AuditEvent.id == target)
                .values(
                    action=src.action,
                    entity=src.entity,
                    entity_id=src.entity_id,
                    changes=src.changes,
                    at=src.at,
                    actor_label=src.actor_label,
                )
            )
    report = _report(busy)
    assert report.broken_at == 4


@pytest.mark.parametrize("empty_db_url", ENGINES, indirect=True)
def test_events_written_before_the_chain_are_sealed_by_the_migration(empty_db_url: str) -> None:
    db = Database(empty_db_url)
    try:
        upgrade_to_head(db)
        downgrade(db, "0001")
        with db.engine.begin() as conn:
            for i in (1, 2, 5):  # a gap, as a deletion would have left
                conn.execute(
                    text(
                        "INSERT INTO audit_event (id, at, actor_label, action, entity, changes) "
                        "VALUES (:i, '2026-01-01 10:00:00', 'old', 'create', 'person', '{}')"
                    ),
                    {"i": i},
                )
        upgrade_to_head(db)
        report = _report(db)
        assert report.intact and report.events == 3
    finally:
        db.dispose()
