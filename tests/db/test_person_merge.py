"""Merging two records of one person and undoing it: every case, visit, stage change and
audit event is kept, the case list and the annual report see one person, un-merge restores."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied, RuleViolation, ValidationError
from rescuedesk.models import AuditEvent, Case, FollowUpVisit, Person, PersonMerge, StageChange
from rescuedesk.models.enums import Sex, Stage
from rescuedesk.services.casefile import cases, records
from rescuedesk.services.casefile.case_queries import list_cases
from rescuedesk.services.people.person_merge import merge_persons, merges_of, unmerge
from rescuedesk.services.reports import annual_report
from tests.conftest import Staff
from tests.factories import new_case, new_person, valid_id


def _file(db: Database, staff: Staff) -> tuple[int, int, list[int]]:
    """Two records of one woman (a homophone), each with a case, a visit and a stage change."""
    keep = new_person(
        db, staff.caseworker, real_name="张晓梅", id_number=valid_id(dt.date(1998, 4, 2))
    )
    absorb = new_person(
        db, staff.caseworker, real_name="章小梅", birth_date=dt.date(1998, 4, 2), phone="139"
    )
    case_ids = [
        new_case(db, staff.caseworker, keep, intake_date=dt.date(2025, 3, 1), rescue_date=None),
        new_case(db, staff.caseworker, absorb, intake_date=dt.date(2025, 9, 1), rescue_date=None),
    ]
    with db.write_session() as s:
        for case_id in case_ids:
            records.add_record(
                s,
                staff.caseworker,
                FollowUpVisit,
                case_id,
                {"planned_date": "2026-12-01", "visitor_id": staff.caseworker.user_id},
            )
            cases.change_stage(s, staff.caseworker, case_id, Stage.ASSESSMENT)
    return keep, absorb, case_ids


def _state(db: Database) -> dict[str, object]:
    """Everything a merge must keep: which person each case belongs to, visits, history."""
    with db.read_session() as s:
        return {
            "cases": sorted(s.execute(select(Case.id, Case.person_id)).all()),
            "visits": sorted(s.execute(select(FollowUpVisit.id, FollowUpVisit.case_id)).all()),
            "stages": sorted(s.execute(select(StageChange.id, StageChange.case_id)).all()),
            "persons": sorted(s.execute(select(Person.id, Person.merged_into_id)).all()),
        }


def _audit_ids(db: Database) -> set[int]:
    with db.read_session() as s:
        return set(s.scalars(select(AuditEvent.id)))


def test_merge_and_unmerge_keep_every_record(db: Database, staff: Staff) -> None:
    keep, absorb, (case_a, case_b) = _file(db, staff)
    before, audit_before = _state(db), _audit_ids(db)
    with db.write_session() as s:
        merge_id = merge_persons(s, staff.caseworker, keep, absorb, "同音姓名，同一出生日期").id
    merged = _state(db)
    assert merged["cases"] == sorted([(case_a, keep), (case_b, keep)])
    assert merged["visits"] == before["visits"] and merged["stages"] == before["stages"]
    assert (absorb, keep) in merged["persons"] and len(merged["persons"]) == 2  # kept, marked
    assert audit_before < _audit_ids(db)  # nothing of the trail removed, the merge added
    with db.read_session() as s:
        merge = s.get(PersonMerge, merge_id)
        assert merge is not None
        assert merge.case_ids == [case_b] and merge.merged_by_id == staff.caseworker.user_id
        assert merge.absorbed_values["real_name"] == ["张晓梅", "章小梅"]
        assert merge.absorbed_values["phone"] == [None, "139"]
        assert "id_number" not in merge.absorbed_values  # the absorbed record had none
        actions = s.scalars(
            select(AuditEvent.action).where(AuditEvent.entity == "person_merge")
        ).all()
        assert actions == ["merge"]
        assert [m.id for m in merges_of(s, absorb)] == [merge_id]
    with db.write_session() as s:
        unmerge(s, staff.caseworker, merge_id, "核实后不是同一人")
    assert _state(db) == before
    assert audit_before < _audit_ids(db)
    with db.read_session() as s:
        merge = s.get(PersonMerge, merge_id)
        assert merge is not None and merge.unmerged_by_id == staff.caseworker.user_id
    with pytest.raises(RuleViolation, match="撤销过"), db.write_session() as s:
        unmerge(s, staff.caseworker, merge_id, "再来一次")


def test_merged_person_is_listed_and_counted_once(db: Database, staff: Staff) -> None:
    keep, absorb, _ = _file(db, staff)
    for n in range(5):  # enough people that the report shows the count, not "<5"
        new_case(
            db,
            staff.caseworker2,
            new_person(db, staff.caseworker2, real_name=f"路人{n}"),
            intake_date=dt.date(2025, 6, 1),
            rescue_date=None,
        )
    with db.write_session() as s:
        first = dict(annual_report.build(s, staff.supervisor, 2025).indicators)
        merge_persons(s, staff.supervisor, keep, absorb, "同一人")
    with db.write_session() as s:
        rows = list_cases(s, staff.caseworker).rows
        second = dict(annual_report.build(s, staff.supervisor, 2025).indicators)
    assert (first["新登记受助人数"], second["新登记受助人数"]) == ("7", "6")
    assert len(rows) == 2 and {r.person_id for r in rows} == {keep}
    assert {r.real_name for r in rows} == {"张晓梅"}
    with db.read_session() as s:
        assert s.scalar(select(func.count(Case.id))) == 7  # every case is still there


def test_who_may_merge_and_what_is_refused(db: Database, staff: Staff) -> None:
    keep, absorb, _ = _file(db, staff)
    other = new_person(db, staff.caseworker2, real_name="章小梅")
    new_case(db, staff.caseworker2, other)
    with pytest.raises(PermissionDenied), db.write_session() as s:
        merge_persons(s, staff.caseworker, keep, other, "同一人")  # cw2's case: not in reach
    with pytest.raises(PermissionDenied), db.write_session() as s:
        merge_persons(s, staff.other_unit_caseworker, keep, absorb, "同一人")
    with pytest.raises(PermissionDenied), db.write_session() as s:
        merge_persons(s, staff.admin, keep, absorb, "同一人")
    with pytest.raises(ValidationError), db.write_session() as s:
        merge_persons(s, staff.caseworker, keep, absorb, "  ")
    with pytest.raises(RuleViolation, match="保留有身份证号"), db.write_session() as s:
        merge_persons(s, staff.supervisor, absorb, keep, "同一人")
    stranger = new_person(
        db, staff.caseworker, real_name="张晓梅", id_number=valid_id(dt.date(1998, 4, 2), seq=9)
    )
    with pytest.raises(RuleViolation, match="身份证号不同"), db.write_session() as s:
        merge_persons(s, staff.supervisor, keep, stranger, "同一人")
    with db.write_session() as s:  # the supervisor reaches every case of the unit
        merge_persons(s, staff.supervisor, keep, other, "同一人")
    with pytest.raises(RuleViolation, match="已合并"), db.write_session() as s:
        merge_persons(s, staff.supervisor, other, absorb, "同一人")


def test_unmerge_in_order(db: Database, staff: Staff) -> None:
    keep, absorb, _ = _file(db, staff)
    third = new_person(db, staff.caseworker, real_name="张小梅", sex=Sex.FEMALE)
    with db.write_session() as s:
        first = merge_persons(s, staff.supervisor, third, absorb, "同一人").id
    with db.write_session() as s:
        merge_persons(s, staff.supervisor, keep, third, "同一人")
    with pytest.raises(RuleViolation, match="先撤销后来"), db.write_session() as s:
        unmerge(s, staff.supervisor, first, "弄错了")
