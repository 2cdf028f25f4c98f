"""The rules of a transfer beyond its doors (issue #14), both engines: after it, the caseworker
who had the case reads it and writes nothing, a colleague who never had it reads nothing; a
supervisor whose reach covers both units cannot accept what she requested; the waiting
transfer is on the receiving supervisor's list (``pending_transfers``) and no one else's; a
refused acceptance leaves everything as it was (one transaction)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, ValidationError
from rescuedesk.models import AuditEvent, Case, FollowUpVisit, Unit
from rescuedesk.models.enums import Role, UnitKind
from rescuedesk.models.transfer import CaseTransfer
from rescuedesk.services.casefile import case_file, records, transfers
from rescuedesk.services.casefile.consents import ConsentRequired
from rescuedesk.services.office import directory
from rescuedesk.services.office.context import Actor
from tests.conftest import Staff
from tests.factories import new_case


def _user(db: Database, username: str, role: Role, unit_id: int) -> Actor:
    with db.write_session() as s:
        user = directory.create_user(
            s, Actor.system("t"),
            {"username": username, "full_name": username, "unit_id": unit_id, "role": role},
        ).record  # fmt: skip
        return Actor.for_user(user)


def test_after_a_transfer_the_sending_side_reads_what_it_recorded_and_writes_nothing(
    db: Database, staff: Staff
) -> None:
    case_id = new_case(db, staff.caseworker)
    lz_sup = _user(db, "lz_sup", Role.SUPERVISOR, staff.other_unit_id)
    with db.write_session() as s, pytest.raises(ConsentRequired):
        transfers.request_transfer(s, staff.supervisor, case_id, staff.other_unit_id,
                                   reason="返乡")  # fmt: skip
    with db.write_session() as s, pytest.raises(PermissionDenied, match="只有主管"):
        transfers.request_transfer(s, staff.caseworker, case_id, staff.other_unit_id,
                                   reason="返乡", override_reason="急")  # fmt: skip
    with db.write_session() as s:
        tid = transfers.request_transfer(
            s, staff.supervisor, case_id, staff.other_unit_id,
            reason="返乡", override_reason="本人口头同意",
        ).id  # fmt: skip
    with db.read_session() as s:
        assert [r.id for r in transfers.pending_transfers(s, lz_sup)] == [tid]
        assert transfers.pending_transfers(s, staff.supervisor) == []
        assert transfers.pending_transfers(s, staff.other_unit_caseworker) == []
    # A refused acceptance (a caseworker of the sending unit) changes nothing.
    with db.write_session() as s, pytest.raises(ValidationError, match="接收单位"):
        transfers.accept_transfer(s, lz_sup, tid, staff.caseworker2.user_id)  # type: ignore[arg-type]
    with db.read_session() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.unit_id == staff.unit_id
        assert s.get(CaseTransfer, tid).status == "requested"  # type: ignore[union-attr]
    with db.write_session() as s:
        transfers.accept_transfer(s, lz_sup, tid, staff.other_unit_caseworker.user_id)  # type: ignore[arg-type]
    with db.read_session() as s:
        actions = list(s.scalars(
            select(AuditEvent.action).where(AuditEvent.entity == "case_transfer")
        ))  # fmt: skip
    assert actions == ["transfer_requested", "transfer_accepted"]

    # The caseworker who had it reads it (the timeline names the transfer), writes nothing.
    with db.write_session() as s:
        view = case_file.open_case_file(s, staff.caseworker, case_id, (FollowUpVisit,))
        assert view.header.sent
        assert any(e.action == "transfer_accepted" for e in view.timeline)
    with db.write_session() as s, pytest.raises(PermissionDenied):
        records.add_record(s, staff.caseworker, FollowUpVisit, case_id,
                           {"planned_date": "2026-12-01"})  # fmt: skip
    # A colleague who never had it, reads nothing; the receiving unit's caseworker writes.
    with db.write_session() as s, pytest.raises(PermissionDenied):
        case_file.open_case_file(s, staff.caseworker2, case_id, ())
    with db.write_session() as s:
        records.add_record(s, staff.other_unit_caseworker, FollowUpVisit, case_id,
                           {"planned_date": "2026-12-01"})  # fmt: skip
        view = case_file.open_case_file(s, staff.supervisor, case_id, (FollowUpVisit,))
        assert view.header.sent  # the sending supervisor too reads it, read-only


def test_a_supervisor_over_both_units_cannot_accept_what_she_requested(
    db: Database, staff: Staff
) -> None:
    with db.write_session() as s:
        county = directory.create_unit(s, Actor.system("t"), {
            "code": "HRB-HL", "name": "哈尔滨市呼兰区民政局",
            "kind": UnitKind.CIVIL_AFFAIRS_BUREAU, "division_code": "230111",
        }).record.id  # fmt: skip
    city = _user(db, "city_sup", Role.SUPERVISOR, staff.unit_id)
    with db.write_session() as s:  # a prefecture-level unit: its reach covers the county
        s.get(Unit, staff.unit_id).division_code = "230100"  # type: ignore[union-attr]
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        tid = transfers.request_transfer(s, city, case_id, county, reason="回户籍地",
                                         override_reason="本人同意").id  # fmt: skip
    with db.write_session() as s, pytest.raises(PermissionDenied, match="申请转移的人不能"):
        transfers.accept_transfer(s, city, tid, staff.caseworker.user_id)  # type: ignore[arg-type]
    with db.read_session() as s:
        assert transfers.pending_transfers(s, city) == []


def test_a_consent_naming_the_kind_of_the_receiving_unit_covers_the_transfer(
    db: Database, staff: Staff
) -> None:
    """The consent form offers the kinds of unit a case goes to (民政局 among them); one
    naming it lets the transfer go with no override."""
    from rescuedesk.models import Consent
    from rescuedesk.services.casefile import record_types
    from tests.factories import consent_to_share

    consent = next(t for t in record_types.RECORD_TYPES if t.section.model is Consent)
    offered = dict(consent.section.field("recipients").choices)
    assert offered["civil_affairs_bureau"] == "民政局" and offered["hospital"] == "医院"
    case_id = new_case(db, staff.caseworker)
    consent_to_share(db, staff.caseworker, case_id, ["civil_affairs_bureau"])
    with db.write_session() as s:
        transfer = transfers.request_transfer(
            s, staff.supervisor, case_id, staff.other_unit_id, reason="返乡"
        )
        assert transfer.consent_overridden is False


def test_the_sending_supervisor_withdraws_a_waiting_transfer(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    lz_sup = _user(db, "lz_sup2", Role.SUPERVISOR, staff.other_unit_id)
    with db.write_session() as s:
        tid = transfers.request_transfer(
            s, staff.supervisor, case_id, staff.other_unit_id,
            reason="返乡", override_reason="本人口头同意",
        ).id  # fmt: skip
    # Not the receiving side's to withdraw, and never without a reason.
    with db.write_session() as s, pytest.raises(PermissionDenied, match="发出单位"):
        transfers.withdraw_transfer(s, lz_sup, tid, "不要了")
    with db.write_session() as s, pytest.raises(ValidationError, match="理由"):
        transfers.withdraw_transfer(s, staff.supervisor, tid, " ")
    with db.write_session() as s:
        transfers.withdraw_transfer(s, staff.supervisor, tid, "家属改变主意，留在本地")
    with db.read_session() as s:
        assert s.get(CaseTransfer, tid).status == "cancelled"  # type: ignore[union-attr]
        assert transfers.pending_transfers(s, lz_sup) == []
        case = s.get(Case, case_id)
        assert case is not None and case.unit_id == staff.unit_id
        assert case.caseworker_id == staff.caseworker.user_id
    with db.write_session() as s, pytest.raises(ValidationError, match="撤回"):
        transfers.withdraw_transfer(s, staff.supervisor, tid, "再撤")


def test_a_waiting_transfer_is_a_task_of_the_receiving_supervisor_only(
    db: Database, staff: Staff
) -> None:
    from rescuedesk.services.casefile import tasks

    case_id = new_case(db, staff.caseworker)
    lz_sup = _user(db, "lz_sup3", Role.SUPERVISOR, staff.other_unit_id)
    with db.write_session() as s:
        tid = transfers.request_transfer(
            s, staff.supervisor, case_id, staff.other_unit_id,
            reason="返乡", override_reason="本人口头同意",
        ).id  # fmt: skip

    def waiting(actor: Actor) -> list[tuple[int | None, int]]:
        with db.read_session() as s:
            return [
                (t.target.record_id, t.case_id)
                for t in tasks.compute(s, actor).items
                if t.kind == tasks.Kind.TRANSFER_WAITING
            ]

    assert waiting(lz_sup) == [(tid, case_id)]
    assert waiting(staff.supervisor) == []  # the one who asked
    with db.write_session() as s:
        transfers.reject_transfer(s, lz_sup, tid, "户籍不在本市")
    assert waiting(lz_sup) == []  # decided: no longer a task
