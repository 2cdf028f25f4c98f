import datetime as dt

import pytest
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, RuleViolation, ValidationError
from rescuedesk.models import Assistance, AuditEvent, Case, Person, StageChange
from rescuedesk.models.enums import CaseFlag, Stage
from rescuedesk.services.casefile import assignments, cases, records
from tests.conftest import Staff
from tests.factories import child_birth, new_case, new_person


def test_case_numbers_are_sequential_per_unit_and_year(db: Database, staff: Staff) -> None:
    a = new_case(db, staff.caseworker)
    b = new_case(db, staff.caseworker, intake_date=dt.date(2026, 11, 1))
    c = new_case(
        db, staff.caseworker, rescue_date=dt.date(2025, 3, 1), intake_date=dt.date(2025, 3, 2)
    )
    d = new_case(db, staff.other_unit_caseworker)
    with db.read_session() as s:
        numbers = [s.get(Case, i).case_number for i in (a, b, c, d)]  # type: ignore[union-attr]
    assert numbers == ["HRB-2026-00001", "HRB-2026-00002", "HRB-2025-00001", "LZ-2026-00001"]


def test_open_case_sets_flags_from_the_person(db: Database, staff: Staff) -> None:
    pid = new_person(
        db,
        staff.caseworker,
        real_name=None,
        alias="无名氏",
        birth_date=None,
        birth_year_estimated=2015,
        identity_known=False,
        nationality="VNM",
        ethnicity=None,
    )
    case_id = new_case(db, staff.caseworker, pid)
    with db.read_session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert case.flags == {
            CaseFlag.MINOR,
            CaseFlag.UNDER_14,
            CaseFlag.FOREIGN_NATIONAL,
            CaseFlag.IDENTITY_UNKNOWN,
        }
        assert case.caseworker_id == staff.caseworker.user_id
        assert case.stage == Stage.REGISTRATION


def test_case_dates_are_checked(db: Database, staff: Staff) -> None:
    pid = new_person(db, staff.caseworker)
    with pytest.raises(ValidationError, match="解救日期不能晚于接收日期") as err:
        new_case(db, staff.caseworker, pid, rescue_date=dt.date(2026, 10, 5))
    assert err.value.field == "rescue_date"
    with pytest.raises(ValidationError, match="晚于今天"):
        new_case(db, staff.caseworker, pid, intake_date=dt.date(2026, 12, 1))
    with db.read_session() as s:
        assert s.scalar(select(Case.id)) is None


def test_stage_path_forward_and_back_with_reason(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    cw = staff.caseworker
    with db.write_session() as s:
        cases.change_stage(s, cw, case_id, Stage.ASSESSMENT)
        cases.change_stage(s, cw, case_id, Stage.PLACEMENT)  # identity known: no tracing
    with pytest.raises(ValidationError, match="理由"), db.write_session() as s:
        cases.change_stage(s, cw, case_id, Stage.ASSESSMENT)
    with db.write_session() as s:
        cases.change_stage(s, cw, case_id, Stage.ASSESSMENT, reason="安置失败，家庭拒绝接收")
    with pytest.raises(RuleViolation, match="主管批准"), db.write_session() as s:
        cases.change_stage(s, cw, case_id, Stage.CLOSED)
    with db.read_session() as s:
        history = cases.stage_history(s, cw, case_id)
    assert [(h.action, h.to_stage) for h in history] == [
        ("opened", Stage.REGISTRATION),
        ("advance", Stage.ASSESSMENT),
        ("advance", Stage.PLACEMENT),
        ("return", Stage.ASSESSMENT),
    ]
    assert history[-1].reason == "安置失败，家庭拒绝接收"


def test_closure_needs_a_reason_and_another_supervisor(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    with pytest.raises(ValidationError, match="理由"), db.write_session() as s:
        cases.request_closure(s, staff.caseworker, case_id, "  ")
    with db.write_session() as s:
        cases.request_closure(s, staff.supervisor, case_id, "已回归家庭，生活稳定")
    with pytest.raises(PermissionDenied, match="主管"), db.write_session() as s:
        cases.approve_closure(s, staff.caseworker, case_id)
    with pytest.raises(PermissionDenied, match="自己"), db.write_session() as s:
        cases.approve_closure(s, staff.supervisor, case_id)
    with db.write_session() as s:
        case = cases.approve_closure(s, staff.supervisor2, case_id)
        assert case.stage == Stage.CLOSED and case.closed_by_id == staff.supervisor2.user_id
    # A closed file is kept and cannot be changed until reopened with a reason.
    with pytest.raises(PermissionDenied, match="重新开启"), db.write_session() as s:
        records.add_record(
            s,
            staff.caseworker,
            Assistance,
            case_id,
            {"kind": "food", "start_date": dt.date(2026, 11, 20)},
        )
    with pytest.raises(ValidationError), db.write_session() as s:
        cases.reopen_case(s, staff.caseworker, case_id, "")
    with db.write_session() as s:
        case = cases.reopen_case(s, staff.caseworker, case_id, "回访发现再次被拐风险")
        assert case.stage == Stage.FOLLOW_UP and case.closed_at is None
    with db.read_session() as s:
        actions = [h.action for h in cases.stage_history(s, staff.caseworker, case_id)]
    assert actions == ["opened", "closure_requested", "closed", "reopened"]


def test_rejected_closure_lets_the_case_move_again(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        cases.request_closure(s, staff.caseworker, case_id, "完成")
    with pytest.raises(RuleViolation, match="待审批"), db.write_session() as s:
        cases.change_stage(s, staff.caseworker, case_id, Stage.ASSESSMENT)
    with db.write_session() as s:
        cases.reject_closure(s, staff.supervisor, case_id, "尚未完成回访")
        cases.change_stage(s, staff.caseworker, case_id, Stage.ASSESSMENT)


def test_nothing_is_hard_deleted(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    with pytest.raises(RuleViolation, match="不能删除"), db.write_session() as s:
        s.delete(s.get(Case, case_id))
    with pytest.raises(RuleViolation), db.write_session() as s:
        s.delete(s.scalars(select(Person)).first())
    with db.read_session() as s:
        assert s.get(Case, case_id) is not None


def test_void_keeps_the_record_and_its_history(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        rec = records.add_record(
            s,
            staff.caseworker,
            Assistance,
            case_id,
            {"kind": "lodging", "start_date": dt.date(2026, 10, 2)},
        ).record
    with pytest.raises(ValidationError, match="理由"), db.write_session() as s:
        records.void_record(s, staff.caseworker, Assistance, rec.id, "")
    with db.write_session() as s:
        records.void_record(s, staff.caseworker, Assistance, rec.id, "录入到了错误的个案")
    with db.read_session() as s:
        assert records.list_records(s, Assistance, case_id) == []
        kept = records.list_records(s, Assistance, case_id, include_voided=True)
        assert len(kept) == 1 and kept[0].void_reason == "录入到了错误的个案"
        actions = [
            e.action
            for e in s.scalars(
                select(AuditEvent).where(AuditEvent.entity == "assistance").order_by(AuditEvent.id)
            )
        ]
        assert actions == ["create", "void"]


def test_reading_a_case_is_audited_and_scoped(db: Database, staff: Staff) -> None:
    case_id = new_case(
        db, staff.caseworker, new_person(db, staff.caseworker, birth_date=child_birth(10))
    )
    for outsider in (
        staff.caseworker2,
        staff.other_unit_caseworker,
        staff.statistician,
        staff.admin,
    ):
        with pytest.raises(PermissionDenied), db.write_session() as s:
            cases.read_case(s, outsider, case_id)
    with db.write_session() as s:
        cases.read_case(s, staff.supervisor, case_id)  # the unit's supervisor
        assignments.assign(
            s, staff.supervisor, case_id, staff.caseworker2.user_id, "caseworker", reason="协办"
        )
    with db.write_session() as s:
        cases.read_case(s, staff.caseworker2, case_id)  # now assigned
    with db.read_session() as s:
        reads = s.scalars(select(AuditEvent).where(AuditEvent.action == "read")).all()
        assert [(e.user_id, e.case_id) for e in reads] == [
            (staff.supervisor.user_id, case_id),
            (staff.caseworker2.user_id, case_id),
        ]


def test_stage_changes_are_kept_in_order(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        for stage in (Stage.ASSESSMENT, Stage.TRACING, Stage.PLACEMENT):
            cases.change_stage(s, staff.caseworker, case_id, stage)
    with db.read_session() as s:
        rows = s.scalars(
            select(StageChange.to_stage)
            .where(StageChange.case_id == case_id)
            .order_by(StageChange.id)
        ).all()
    assert rows == [Stage.REGISTRATION, Stage.ASSESSMENT, Stage.TRACING, Stage.PLACEMENT]
