"""Crypto-shredding: after a purge no audit event reveals the person, and the chain holds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select, text

from rescuedesk import clock
from rescuedesk.db import Database, sqlite_file
from rescuedesk.errors import ValidationError
from rescuedesk.models import Assistance, AuditEvent, Case, PersonKey
from rescuedesk.models.enums import Role
from rescuedesk.security import audit_chain, audit_seal
from rescuedesk.services.casefile import cases, records, retention
from rescuedesk.services.office import audit, settings
from rescuedesk.services.office.audit_queries import AuditFilter, list_events
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from tests.conftest import FIXED_NOW, Staff
from tests.db.test_audit_chain import _drop_guard
from tests.db.test_cli import run
from tests.factories import new_case, new_person, new_user

NAME_MARKER = "标记甲乙丙"
NOTE_MARKER = "MARKERQZX-health"
REASON_MARKER = "MARKERQZX-reason"


def _markers_in(data: bytes) -> list[str]:
    return [m for m in (NAME_MARKER, NOTE_MARKER, REASON_MARKER) if m.encode() in data]


def _auditor(db: Database, staff: Staff) -> Actor:
    return new_user(db, "aud", "审计员", Role.AUDITOR, by=staff.system)


def _marked_closed_case(db: Database, staff: Staff) -> tuple[int, int]:
    """A person whose name, health note, a record and a reason carry markers; case closed."""
    pid = new_person(
        db, staff.caseworker, real_name=NAME_MARKER, health_description=f"{NOTE_MARKER} 抑郁"
    )
    with db.write_session() as s:  # an update: the old value goes into the event too
        persons.update_person(
            s, staff.caseworker, pid, 1, {"health_description": f"{NOTE_MARKER} 好转"}
        )
    case_id = new_case(db, staff.caseworker, pid)
    with db.write_session() as s:
        rec = records.add_record(
            s,
            staff.caseworker,
            Assistance,
            case_id,
            {"kind": "other", "start_date": dt.date(2026, 10, 3), "description": NOTE_MARKER},
        ).record
        records.void_record(s, staff.caseworker, Assistance, rec.id, f"录错了 {REASON_MARKER}")
        cases.request_closure(s, staff.caseworker, case_id, f"已回归家庭 {REASON_MARKER}")
        cases.approve_closure(s, staff.supervisor, case_id)
    return pid, case_id


def _purge(db: Database, staff: Staff, case_id: int) -> None:
    with db.write_session() as s:
        settings.set_value(s, staff.admin, "retention_years", 5)
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(days=5 * 366))
    with db.write_session() as s:
        retention.purge_case(s, staff.supervisor, case_id, "保存期满，经主管批准清除")


def _raw_audit(db: Database) -> bytes:
    """Every stored byte of the audit trail and the key table, as the server returns it."""
    out = b""
    with db.engine.connect() as conn:
        for table in ("audit_event", "person_key"):
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                for value in row:
                    out += (
                        bytes(value)
                        if isinstance(value, bytes | memoryview)
                        else (str(value).encode())
                    )
    return out


def _raw_file(db: Database, *, close: bool = False) -> bytes:
    """The SQLite file and its WAL; ``close``: after the last connection closed."""
    path = sqlite_file(str(db.engine.url))
    assert path is not None
    if close:
        db.dispose()
    return b"".join(
        Path(f"{path}{suffix}").read_bytes()
        for suffix in ("", "-wal")
        if Path(f"{path}{suffix}").exists()
    )


def _sealed_values(events: list[AuditEvent]) -> list[tuple[int, str, str]]:
    """(person id, field, ciphertext) of every value sealed under a person key."""
    out = []
    for e in events:
        if e.person_key_id is None or e.person_id is None:
            continue
        out += [
            (e.person_id, k, v["sealed"]) for k, v in e.changes.items() if audit_seal.is_sealed(v)
        ]
        if e.reason:
            out.append((e.person_id, audit_seal.REASON, e.reason))
    return out


def test_the_trail_shows_personal_values_until_the_purge_destroys_the_key(
    db: Database,
    staff: Staff,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    auditor = _auditor(db, staff)
    pid, case_id = _marked_closed_case(db, staff)
    other = new_person(db, staff.caseworker, real_name="李四", health_description="另一人")
    with db.write_session() as s:
        stored = s.scalars(select(AuditEvent).where(AuditEvent.person_id == pid)).all()
        assert stored and not _markers_in(str([(e.changes, e.reason) for e in stored]).encode())
        history = audit.history(s, case_id=case_id)
        seen = list_events(s, auditor, AuditFilter(person_id=pid))
    # Before the purge the trail opens the sealed values for its readers.
    created = next(e for e in seen if e.entity == "person" and e.action == "create")
    assert created.changes["real_name"] == [None, NAME_MARKER]
    updated = next(e for e in seen if e.entity == "person" and e.action == "update")
    assert updated.changes["health_description"] == [f"{NOTE_MARKER} 抑郁", f"{NOTE_MARKER} 好转"]
    assert any(e.reason and REASON_MARKER in e.reason for e in history)
    assert _markers_in(_raw_audit(db)) == []  # the stored form never held them
    with db.read_session() as s:
        (key_text,) = s.scalars(select(PersonKey.key).where(PersonKey.person_id == pid)).all()
    key_b64 = key_text.partition(":")[2].encode()

    _purge(db, staff, case_id)
    assert "could not scrub" not in caplog.text  # checkpoint / VACUUM ran

    with db.write_session() as s:
        assert s.scalar(select(func.count()).where(PersonKey.person_id == pid)) == 0
        assert s.scalar(select(func.count()).where(PersonKey.person_id == other)) == 1
        after = list_events(s, auditor, AuditFilter(person_id=pid))
        history = audit.history(s, case_id=case_id)
        events = s.scalars(select(AuditEvent)).all()
        # Nothing left decrypts to a marker: the purged person's keys are gone, and no
        # remaining key opens a value sealed for them.
        keys = audit_seal.keys_by_id(s, {e.person_key_id for e in events if e.person_key_id})
        sealed = _sealed_values(list(events))
        assert any(p == pid for p, _, _ in sealed)
        for person_id, field, blob in sealed:
            for _owner, key in keys.values():
                opened = (
                    audit_seal.open_text(key, person_id, blob)
                    if field == audit_seal.REASON
                    else audit_seal.open_value(key, person_id, field, {"sealed": blob})
                )
                assert not _markers_in(str(opened).encode())
                if person_id == pid:
                    assert opened == audit_seal.UNREADABLE
    shown = str([(e.changes, e.reason) for e in [*after, *history]]).encode()
    assert _markers_in(shown) == []
    created = next(e for e in after if e.entity == "person" and e.action == "create")
    assert created.cleared and created.changes["real_name"] == audit_seal.CLEARED
    assert created.changes["sex"] == [None, "female"]  # what is not personal stays readable
    voided = next(e for e in history if e.action == "void")
    assert voided.reason == audit_seal.CLEARED
    purge = next(e for e in after if e.action == "purge")
    assert (purge.reason, purge.cleared) == ("保存期满，经主管批准清除", False)

    # The chain still verifies, through the command too.
    code, out, err = run(
        capsys, "--db", str(db.engine.url.render_as_string(False)), "audit", "verify"
    )
    assert code == 0, (out, err)
    with db.read_session() as s:
        assert audit_chain.verify_database(s).intact

    # And the stored bytes hold no marker: the raw trail, and on SQLite the whole file + WAL.
    assert _markers_in(_raw_audit(db)) == []
    assert key_b64 not in _raw_audit(db)
    if db.engine.dialect.name == "sqlite":
        # The deleted key row is zeroed (secure_delete), not left in the page's free space,
        # and the WAL was checkpointed and truncated after the purge: no older page image
        # holds it, while connections are still open and once they are closed.
        for close in (False, True):
            raw = _raw_file(db, close=close)
            assert _markers_in(raw) == []
            assert key_b64 not in raw


def test_the_raw_file_held_the_markers_before_the_purge(db: Database, staff: Staff) -> None:
    """The file check above can fail: before the purge the person's row carries them."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the file check is SQLite's")
    pid, _ = _marked_closed_case(db, staff)
    with db.read_session() as s:
        (key_text,) = s.scalars(select(PersonKey.key).where(PersonKey.person_id == pid)).all()
    raw = _raw_file(db, close=True)
    assert NAME_MARKER in _markers_in(raw)
    assert key_text.partition(":")[2].encode() in raw


def test_the_purge_reason_may_not_name_the_person(db: Database, staff: Staff) -> None:
    _, case_id = _marked_closed_case(db, staff)
    with db.write_session() as s:
        settings.set_value(s, staff.admin, "retention_years", 5)
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(days=5 * 366))
    with pytest.raises(ValidationError, match="姓名"), db.write_session() as s:
        retention.purge_case(s, staff.supervisor, case_id, f"{NAME_MARKER} 保存期满")


def test_editing_a_sealed_event_is_detected(db: Database, staff: Staff) -> None:
    pid, case_id = _marked_closed_case(db, staff)
    _purge(db, staff, case_id)
    with db.read_session() as s:
        sealed = s.scalars(
            select(AuditEvent.id)
            .where(AuditEvent.person_id == pid, AuditEvent.person_key_id.is_not(None))
            .order_by(AuditEvent.id)
        ).all()
    assert len(sealed) >= 3
    _drop_guard(db.engine)
    with db.engine.begin() as conn:  # pass a sealed event off as an old, unsealed one
        conn.execute(
            text("UPDATE audit_event SET person_key_id = NULL WHERE id = :i"), {"i": sealed[1]}
        )
    with db.read_session() as s:
        report = audit_chain.verify_database(s)
    assert (report.broken_at, report.reason) == (sealed[1], "记录内容被修改")
    with db.engine.begin() as conn:  # put it back, then swap in another event's ciphertext
        conn.execute(
            text("UPDATE audit_event SET person_key_id = :k WHERE id = :i"),
            {"i": sealed[1], "k": sealed and _key_id(db, sealed[0])},
        )
        conn.execute(
            text(
                "UPDATE audit_event SET changes = (SELECT changes FROM audit_event WHERE id = :a)"
                " WHERE id = :b"
            ),
            {"a": sealed[0], "b": sealed[2]},
        )
    with db.read_session() as s:
        report = audit_chain.verify_database(s)
    assert (report.broken_at, report.reason) == (sealed[2], "记录内容被修改")


def _key_id(db: Database, event_id: int) -> int:
    with db.read_session() as s:
        key_id = s.scalar(select(AuditEvent.person_key_id).where(AuditEvent.id == event_id))
    assert key_id is not None
    return key_id


def test_an_event_in_the_old_format_keeps_its_hash() -> None:
    """The hash an event got before person keys existed (computed by that code) still holds."""
    old = SimpleNamespace(
        id=1,
        at=dt.datetime(2026, 1, 1, 10, 0, 0),
        user_id=3,
        actor_label="cw1",
        action="update",
        entity="person",
        entity_id=7,
        case_id=None,
        person_id=7,
        version=2,
        changes={"real_name": ["张晓梅", "张小梅"]},
        reason="更正",
        person_key_id=None,
    )
    expected = "1e9c3975a90171b64d27c0b68987f60648adfb5d9b5bebbdd81900ba37b7bf64"
    assert audit_chain.link(audit_chain.GENESIS, old) == expected
    old.person_key_id = 1  # the same event sealed under a key is another event
    assert audit_chain.link(audit_chain.GENESIS, old) != expected


def test_old_format_events_in_the_trail_still_verify(db: Database, staff: Staff) -> None:
    """An event written by the code before person keys (values in clear, no key id), then
    sealed events after it: the chain holds across the change of format."""
    pid = new_person(db, staff.caseworker)
    with db.write_session() as s:
        last_id, last_hash = s.execute(
            select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
        ).one()
        old = AuditEvent(
            id=last_id + 1,
            at=FIXED_NOW,
            user_id=staff.caseworker.user_id,
            actor_label="cw1",
            action="update",
            entity="person",
            entity_id=pid,
            person_id=pid,
            version=1,
            changes={"real_name": ["张晓梅", "张晓梅"]},
            reason="旧格式",
        )
        old.prev_hash = last_hash
        old.hash = audit_chain.link(last_hash, old)
        s.add(old)
    with db.write_session() as s:
        persons.update_person(s, staff.caseworker, pid, 1, {"real_name": "张小梅"})
        entries = audit.readable(
            s, s.scalars(select(AuditEvent).where(AuditEvent.person_id == pid)).all()
        )
    assert next(e.reason for e in entries if e.action == "update") == "旧格式"
    assert entries[-1].changes["real_name"] == ["张晓梅", "张小梅"]
    with db.read_session() as s:
        report = audit_chain.verify_database(s)
        assert report.intact, report
        assert (
            s.scalar(select(AuditEvent.person_key_id).where(AuditEvent.id == last_id + 1)) is None
        )


def test_a_case_read_creates_no_key(db: Database, staff: Staff) -> None:
    """Reads hold nothing personal: they neither seal nor create a person's key."""
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        pid = s.get(Case, case_id).person_id  # type: ignore[union-attr]
        before = s.scalar(select(func.count()).select_from(PersonKey))
        cases.read_case(s, staff.supervisor, case_id)
        assert s.scalar(select(func.count()).select_from(PersonKey)) == before
        read = s.scalars(select(AuditEvent).where(AuditEvent.action == "read")).one()
        assert read.person_id == pid and read.person_key_id is None
