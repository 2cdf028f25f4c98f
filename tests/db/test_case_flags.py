"""Issue #14 item 6, the service: a caseworker sets and removes a case's flags with a reason,
each change one audited step; the list filters by flag; the purge ends the reasons."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, RuleViolation, ValidationError
from rescuedesk.models import AuditEvent, Case, CaseFlagEntry
from rescuedesk.models.enums import CaseFlag, Role
from rescuedesk.security import audit_seal
from rescuedesk.services.casefile import assignments, case_file, cases, flags, retention
from rescuedesk.services.casefile.case_queries import CaseFilter, list_cases
from rescuedesk.services.office import audit, settings
from tests.conftest import FIXED_NOW, Staff
from tests.factories import new_case, new_person, new_user

BEGGING = "在火车站被强迫乞讨三个月"


def test_a_flag_is_set_and_removed_with_a_reason_each_time_audited(
    db: Database, staff: Staff
) -> None:
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        flags.set_flag(s, staff.caseworker, case_id, CaseFlag.FORCED_BEGGING, BEGGING)
    with db.read_session() as s:
        entry = s.get(CaseFlagEntry, (case_id, CaseFlag.FORCED_BEGGING))
        assert entry is not None
        assert (entry.set_by_id, entry.set_at) == (staff.caseworker.user_id, FIXED_NOW)
        states = {st.flag: st for st in flags.flag_states(s, staff.caseworker, case_id)}
        assert states[CaseFlag.FORCED_BEGGING].is_set
        assert states[CaseFlag.FORCED_BEGGING].reason == BEGGING
        assert not states[CaseFlag.SAFETY_RISK].is_set

    with db.write_session() as s:
        flags.change_flags(
            s,
            staff.caseworker,
            case_id,
            set_flags=[CaseFlag.SAFETY_RISK],
            remove_flags=[CaseFlag.FORCED_BEGGING],
            reason="核实后系强迫劳动，非乞讨；收买人仍在打听其下落",
        )
    with db.read_session() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.flags == {CaseFlag.SAFETY_RISK}
        events = [
            e for e in audit.history(s, case_id=case_id) if e.action in ("flag_set", "flag_removed")
        ]
        assert [(e.action, e.changes["flag"]) for e in events] == [
            ("flag_set", [None, "forced_begging"]),
            ("flag_removed", ["forced_begging", None]),
            ("flag_set", [None, "safety_risk"]),
        ]
        assert events[0].reason == f"强迫乞讨：{BEGGING}"
        # The reason is sealed under the person's key in the stored event.
        stored = s.scalars(select(AuditEvent).where(AuditEvent.action == "flag_set")).first()
        assert stored is not None and stored.person_key_id is not None
        assert stored.reason and "乞讨" not in stored.reason
        # The removal stays on the timeline, with its reason.
        shown = case_file.timeline(s, case_id)
        removed = [e for e in shown if e.action == "flag_removed"]
        assert removed and removed[0].reason is not None
        assert removed[0].reason.startswith("强迫乞讨：核实后")


def test_no_change_without_a_reason_nor_over_someone_elses(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    for blank in ("", "   "):
        with pytest.raises(ValidationError, match="理由"), db.write_session() as s:
            flags.set_flag(s, staff.caseworker, case_id, CaseFlag.URGENT_MEDICAL, blank)
    with pytest.raises(ValidationError, match="不是可选值"), db.write_session() as s:
        flags.set_flag(s, staff.caseworker, case_id, "nonsense", "理由")
    with db.write_session() as s:
        flags.set_flag(s, staff.caseworker, case_id, CaseFlag.URGENT_MEDICAL, "高烧不退")
    # A second window that still shows the flag unset is refused, not silently applied.
    with pytest.raises(RuleViolation, match="已经设置"), db.write_session() as s:
        flags.set_flag(s, staff.supervisor, case_id, CaseFlag.URGENT_MEDICAL, "发烧")
    with pytest.raises(RuleViolation, match="已经取消"), db.write_session() as s:
        flags.remove_flag(s, staff.caseworker, case_id, CaseFlag.PREGNANT, "未怀孕")
    # Another unit's caseworker and a closed case: no.
    with pytest.raises(PermissionDenied), db.write_session() as s:
        flags.set_flag(s, staff.other_unit_caseworker, case_id, CaseFlag.SAFETY_RISK, "x")
    with db.read_session() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.flags == {CaseFlag.URGENT_MEDICAL}


def test_a_follow_up_worker_sees_the_flags_but_neither_sets_them_nor_reads_why(
    db: Database, staff: Staff
) -> None:
    worker = new_user(db, "fu", "周回访", Role.FOLLOW_UP_WORKER, staff.other_unit_id)
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        flags.set_flag(s, staff.caseworker, case_id, CaseFlag.SAFETY_RISK, "收买人在村里")
        assignments.assign(s, staff.supervisor, case_id, worker.user_id, "follow_up", reason="回访")
    with db.write_session() as s:
        view = case_file.open_case_file(s, worker, case_id, ())
        assert view.header.flags == (CaseFlag.SAFETY_RISK,)
        assert not [e for e in view.timeline if e.entity == "case_flag"]
        states = {st.flag: st for st in flags.flag_states(s, worker, case_id)}
        assert states[CaseFlag.SAFETY_RISK].is_set and states[CaseFlag.SAFETY_RISK].reason is None
    with pytest.raises(PermissionDenied), db.write_session() as s:
        flags.remove_flag(s, worker, case_id, CaseFlag.SAFETY_RISK, "已搬家")


def test_the_list_filters_by_a_flag_set_by_hand(db: Database, staff: Staff) -> None:
    begging = new_case(db, staff.caseworker)
    new_case(db, staff.caseworker)
    with db.write_session() as s:
        flags.set_flag(s, staff.caseworker, begging, CaseFlag.FORCED_BEGGING, BEGGING)
    with db.write_session() as s:
        page = list_cases(s, staff.caseworker, CaseFilter(flag=CaseFlag.FORCED_BEGGING))
        assert [r.case_id for r in page.rows] == [begging]


def test_the_purge_ends_why_a_flag_was_set_and_keeps_the_flag(db: Database, staff: Staff) -> None:
    case_id = new_case(db, staff.caseworker)
    with db.write_session() as s:
        flags.set_flag(s, staff.caseworker, case_id, CaseFlag.FORCED_LABOUR, "在某砖厂做工两年")
        cases.request_closure(s, staff.caseworker, case_id, "已返乡")
        cases.approve_closure(s, staff.supervisor, case_id)
    with db.write_session() as s:
        settings.set_value(s, staff.admin, "retention_years", 5)
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(days=5 * 366))
    with db.write_session() as s:
        retention.purge_case(s, staff.supervisor, case_id, "保存期满，经主管批准清除")
    with db.read_session() as s:
        entry = s.get(CaseFlagEntry, (case_id, CaseFlag.FORCED_LABOUR))
        assert entry is not None  # the flag stays: statistics count it
        states = {st.flag: st for st in flags.flag_states(s, staff.supervisor, case_id)}
        assert states[CaseFlag.FORCED_LABOUR].reason == audit_seal.CLEARED
        event = next(e for e in audit.history(s, case_id=case_id) if e.action == "flag_set")
        assert event.reason == audit_seal.CLEARED


def test_the_flags_of_the_registration_say_they_came_from_the_persons_record(
    db: Database, staff: Staff
) -> None:
    child = new_person(db, staff.caseworker, real_name="小花", birth_date=dt.date(2016, 3, 1))
    case_id = new_case(db, staff.caseworker, child)
    with db.write_session() as s:
        flags.set_flag(s, staff.caseworker, case_id, CaseFlag.URGENT_MEDICAL, "高烧")
    with db.read_session() as s:
        states = {st.flag: st for st in flags.flag_states(s, staff.caseworker, case_id)}
        under_14 = states[CaseFlag.UNDER_14]
        assert under_14.is_set and under_14.automatic and under_14.reason is None
        assert under_14.set_at == FIXED_NOW and under_14.set_by == "测试cw1"
        medical = states[CaseFlag.URGENT_MEDICAL]
        assert not medical.automatic and medical.reason == "高烧"
