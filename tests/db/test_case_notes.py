"""Issue #14 item 6, the service: dated case notes with their author, sealed like the other
sensitive text, on the timeline; a follow-up worker writes and reads back their own."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, ValidationError
from rescuedesk.models import AuditEvent
from rescuedesk.models.case_note import CaseNote
from rescuedesk.models.enums import Role
from rescuedesk.security import audit_seal
from rescuedesk.services.casefile import assignments, case_file, cases, records, retention
from rescuedesk.services.office import settings
from tests.conftest import FIXED_NOW, Staff
from tests.factories import new_case, new_user

CALL = "电话联系其母亲，母亲同意接回，约定下周三到站"


def test_a_dated_note_has_its_author_and_is_on_the_timeline(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        records.add_record(
            s, staff.caseworker, CaseNote, case_id, {"noted_on": "2026-11-23", "body": CALL}
        )
    with db.write_session() as s:
        view = case_file.open_case_file(s, staff.supervisor, case_id, (CaseNote,))
        [shown] = view.parts[CaseNote]
        assert shown["body"] == CALL and shown["noted_on"] == dt.date(2026, 11, 23)
        assert shown["author_label"] == "测试cw1"
        notes = [e for e in view.timeline if e.entity == "case_note"]
        # The note itself, once: not also a "新增工作记录" of the audit trail.
        assert [(e.action, e.on, e.who, e.reason) for e in notes] == [
            ("note", dt.date(2026, 11, 23), "测试cw1", CALL)
        ]
        stored = s.scalars(select(AuditEvent).where(AuditEvent.entity == "case_note")).one()
        assert audit_seal.is_sealed(stored.changes["body"])


def test_a_note_needs_a_text_and_a_day_not_in_the_future(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    with pytest.raises(ValidationError) as err, db.write_session() as s:
        records.add_record(s, staff.caseworker, CaseNote, case_id, {"noted_on": "2026-12-31"})
    assert {e.field for e in err.value.errors} == {"body", "noted_on"}


def test_only_the_author_changes_a_note_and_a_supervisor_may_void_it(
    db: Database, staff: Staff
) -> None:
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        note = records.add_record(
            s, staff.caseworker, CaseNote, case_id, {"noted_on": "2026-11-24", "body": CALL}
        ).record.id
    with pytest.raises(PermissionDenied, match="记录人本人"), db.write_session() as s:
        records.update_record(s, staff.supervisor, CaseNote, note, 1, {"body": "改写"})
    with db.write_session() as s:
        records.update_record(s, staff.caseworker, CaseNote, note, 1, {"body": CALL + "。"})
    with db.write_session() as s:
        records.void_record(s, staff.supervisor, CaseNote, note, "写错了个案")
    with db.write_session() as s:
        view = case_file.open_case_file(s, staff.caseworker, case_id, (CaseNote,))
        assert view.parts[CaseNote] == []
        actions = [e.action for e in view.timeline if e.entity == "case_note"]
        assert actions == ["create", "update", "void"]  # a voided note: only its history


def test_a_follow_up_worker_reads_only_their_own_notes(db: Database, staff: Staff) -> None:
    worker = new_user(db, "fu", "周回访", Role.FOLLOW_UP_WORKER, staff.other_unit_id)
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        assignments.assign(s, staff.supervisor, case_id, worker.user_id, "follow_up", reason="回访")
        secret = records.add_record(
            s,
            staff.caseworker,
            CaseNote,
            case_id,
            {"noted_on": "2026-11-20", "body": "公安告知收买人一家仍在寻找她"},
        ).record.id
    with db.write_session() as s:
        records.add_record(
            s, worker, CaseNote, case_id, {"noted_on": "2026-11-25", "body": "入户看望，情绪稳定"}
        )
    with db.write_session() as s:
        view = case_file.open_case_file(s, worker, case_id, (CaseNote,))
        assert [n["body"] for n in view.parts[CaseNote]] == ["入户看望，情绪稳定"]
        shown = [e.reason for e in view.timeline if e.entity == "case_note"]
        assert shown == ["入户看望，情绪稳定"]
        assert [n["body"] for n in case_file.list_part(s, worker, CaseNote, case_id)] == [
            "入户看望，情绪稳定"
        ]
        with pytest.raises(PermissionDenied):
            case_file.record_values(s, worker, CaseNote, secret)
    with pytest.raises(PermissionDenied), db.write_session() as s:
        records.update_record(s, worker, CaseNote, secret, 1, {"body": "x"})


def test_the_purge_clears_the_text_of_notes(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        records.add_record(
            s, staff.caseworker, CaseNote, case_id, {"noted_on": "2026-11-24", "body": CALL}
        )
        cases.request_closure(s, staff.caseworker, case_id, "已返乡")
        cases.approve_closure(s, staff.supervisor, case_id)
    with db.write_session() as s:
        settings.set_value(s, staff.admin, "retention_years", 5)
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(days=5 * 366))
    with db.write_session() as s:
        retention.purge_case(s, staff.supervisor, case_id, "保存期满，经主管批准清除")
    with db.read_session() as s:
        kept = s.scalars(select(CaseNote)).one()
        assert (kept.body, kept.noted_on) == (retention.PURGED, dt.date(2026, 11, 24))
