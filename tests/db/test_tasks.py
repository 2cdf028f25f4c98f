"""The home page's tasks (issue #14): each kind comes from its records, on both engines, and
goes away when the record that answers it is entered; each query uses an index (SQLite)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import text

from rescuedesk.db import Database
from rescuedesk.models import (
    Consent,
    FollowUpVisit,
    LegalAid,
    NeedsAssessment,
    Placement,
    Referral,
    Schooling,
    TracingAction,
)
from rescuedesk.models.guardianship import Guardianship
from rescuedesk.services.casefile import cases, records, tasks
from rescuedesk.services.casefile.tasks import Kind
from rescuedesk.services.office.context import Actor
from tests.conftest import Staff
from tests.factories import consent_to_share, new_case, new_person

TODAY = dt.date(2026, 11, 25)


def _add(db: Database, actor: Actor, model: type, case_id: int, **values: Any) -> int:
    with db.write_session() as s:
        return records.add_record(s, actor, model, case_id, values).record.id


def _tasks(db: Database, actor: Actor, kind: str | None = None) -> list[tasks.Task]:
    with db.read_session() as s:
        found = tasks.compute(s, actor).items
    return [t for t in found if kind is None or t.kind == kind]


def _adult_case(db: Database, staff: Staff, name: str = "周小燕") -> int:
    return new_case(db, staff.caseworker, new_person(db, staff.caseworker, real_name=name))


def _unidentified_case(db: Database, staff: Staff, alias: str = "无名氏甲") -> int:
    """An adult whose identity is unknown: the one an announcement seeks a family for."""
    person = new_person(
        db, staff.caseworker, real_name=None, alias=alias, birth_date=None,
        birth_year_estimated=1990,
    )  # fmt: skip
    return new_case(db, staff.caseworker, person)


def test_an_overdue_referral_reply_is_a_task_until_the_reply_comes(
    db: Database, staff: Staff
) -> None:
    cid = _adult_case(db, staff)
    consent_to_share(db, staff.caseworker, cid, ["legal_aid", "hospital"])
    sent = dict(
        recipient_type="legal_aid",
        recipient_name="哈尔滨市法律援助中心",
        service_requested="法律援助",
        status="sent",
    )
    late = _add(db, staff.caseworker, Referral, cid, referred_on=dt.date(2026, 10, 1), **sent)
    # Not yet due: the hospital answers within 14 days of 20 November.
    _add(
        db,
        staff.caseworker,
        Referral,
        cid,
        **{**sent, "recipient_type": "hospital", "referred_on": dt.date(2026, 11, 20)},
    )
    with db.read_session() as s:
        assert s.get(Referral, late).reply_due_on == dt.date(2026, 10, 31)  # type: ignore[union-attr]
    [task] = _tasks(db, staff.caseworker, Kind.REFERRAL_REPLY)
    assert (task.case_id, task.target, task.due) == (
        cid,
        tasks.Target(Referral, late),
        dt.date(2026, 10, 31),
    )
    assert task.overdue(TODAY) and task.owner == "测试cw1" and task.person_name == "周小燕"
    assert [t.case_id for t in _tasks(db, staff.supervisor, Kind.REFERRAL_REPLY)] == [cid]
    assert _tasks(db, staff.other_unit_caseworker) == []  # another unit's case: not theirs
    with db.write_session() as s:
        records.update_record(
            s, staff.caseworker, Referral, late, None,
            {"status": "accepted", "reply": "已受理", "reply_on": TODAY},
        )  # fmt: skip
    assert _tasks(db, staff.caseworker, Kind.REFERRAL_REPLY) == []


def test_a_due_date_typed_on_the_referral_is_kept(db: Database, staff: Staff) -> None:
    cid = _adult_case(db, staff)
    consent_to_share(db, staff.caseworker, cid, ["legal_aid"])
    rid = _add(
        db, staff.caseworker, Referral, cid, recipient_type="legal_aid", recipient_name="中心",
        service_requested="法律援助", status="sent", referred_on=dt.date(2026, 10, 1),
        reply_due_on=dt.date(2026, 12, 31),
    )  # fmt: skip
    with db.read_session() as s:
        assert s.get(Referral, rid).reply_due_on == dt.date(2026, 12, 31)  # type: ignore[union-attr]
    assert _tasks(db, staff.caseworker, Kind.REFERRAL_REPLY) == []


def test_an_announcement_ended_with_no_family_found_asks_for_a_plan(
    db: Database, staff: Staff
) -> None:
    cid = _unidentified_case(db, staff)
    _add(
        db, staff.caseworker, Consent, cid, purpose="tracing", given_by="person",
        given_on=dt.date(2026, 8, 1),
    )  # fmt: skip
    announce = dict(kind="announcement", action_date=dt.date(2026, 9, 1),
                    announcement_published_on=dt.date(2026, 9, 1), outcome="pending")  # fmt: skip
    _add(db, staff.caseworker, TracingAction, cid, announcement_period_days=30, **announce)
    other = _unidentified_case(db, staff, "无名氏乙")
    _add(
        db, staff.caseworker, Consent, other, purpose="tracing", given_by="person",
        given_on=dt.date(2026, 8, 1),
    )  # fmt: skip
    # Its period (100 days) has not ended yet.
    _add(db, staff.caseworker, TracingAction, other, announcement_period_days=100, **announce)
    [task] = _tasks(db, staff.caseworker, Kind.ANNOUNCEMENT_ENDED)
    assert task.case_id == cid and task.since == dt.date(2026, 10, 1)
    assert task.target == tasks.HOUSEHOLD_REGISTRATION_PLAN  # a placement plan (落户) to draft
    assert task.target.model is Placement
    _add(
        db, staff.caseworker, TracingAction, cid, kind="interview",
        action_date=dt.date(2026, 11, 20), outcome="family_found",
    )  # fmt: skip
    assert _tasks(db, staff.caseworker, Kind.ANNOUNCEMENT_ENDED) == []


def test_a_school_age_child_with_no_schooling_is_a_task(db: Database, staff: Staff) -> None:
    child = new_person(db, staff.caseworker, real_name="王小丫", birth_date=dt.date(2016, 5, 1))
    cid = new_case(db, staff.caseworker, child)
    adult = _adult_case(db, staff)
    [task] = _tasks(db, staff.caseworker, Kind.SCHOOL_AGE)
    assert task.case_id == cid and task.target == tasks.Target(Schooling, None)
    assert adult not in [t.case_id for t in _tasks(db, staff.caseworker, Kind.SCHOOL_AGE)]
    _add(
        db, staff.caseworker, Schooling, cid, kind="enrol", school_name="第一小学",
        start_date=dt.date(2026, 11, 20), status="ongoing",
    )  # fmt: skip
    assert _tasks(db, staff.caseworker, Kind.SCHOOL_AGE) == []


def test_an_assessed_need_with_no_service_is_a_task(db: Database, staff: Staff) -> None:
    cid = _adult_case(db, staff)
    _add(
        db, staff.caseworker, NeedsAssessment, cid, assessed_on=dt.date(2026, 11, 2),
        needs=["legal", "interpreter"], risk_level="low",
    )  # fmt: skip
    [task] = _tasks(db, staff.caseworker, Kind.NEED_UNSERVED)
    assert task.case_id == cid and task.detail == "legal"
    assert task.target == tasks.Target(LegalAid, None)
    _add(
        db, staff.caseworker, LegalAid, cid, kind="legal_aid", applied_on=dt.date(2026, 11, 10),
        status="ongoing",
    )  # fmt: skip
    assert _tasks(db, staff.caseworker, Kind.NEED_UNSERVED) == []


def test_a_minor_turning_18_within_90_days_is_a_task(db: Database, staff: Staff) -> None:
    soon = new_person(db, staff.caseworker, real_name="赵小红", birth_date=dt.date(2008, 12, 20))
    cid = new_case(db, staff.caseworker, soon)
    later = new_person(db, staff.caseworker, real_name="钱小兰", birth_date=dt.date(2009, 6, 1))
    new_case(db, staff.caseworker, later)
    [task] = _tasks(db, staff.caseworker, Kind.TURNING_ADULT)
    assert task.case_id == cid and task.due == dt.date(2026, 12, 20)
    assert task.target == tasks.Target(Guardianship, None)  # none yet: a new one


def test_visits_and_approvals_are_tasks_of_their_owners(db: Database, staff: Staff) -> None:
    cid = _adult_case(db, staff)
    vid = _add(
        db, staff.caseworker, FollowUpVisit, cid, planned_date=dt.date(2026, 11, 20),
        visitor_id=staff.caseworker.user_id,
    )  # fmt: skip
    [visit] = _tasks(db, staff.caseworker, Kind.VISIT)
    assert visit.target == tasks.Target(FollowUpVisit, vid) and visit.owner == "测试cw1"
    assert visit.visit is not None and visit.visit.visit_id == vid
    with db.write_session() as s:
        cases.request_closure(s, staff.caseworker, cid, "已稳定")
    assert _tasks(db, staff.caseworker, Kind.CLOSURE_APPROVAL) == []  # only supervisors
    [closure] = _tasks(db, staff.supervisor, Kind.CLOSURE_APPROVAL)
    assert closure.case_id == cid and closure.target == tasks.Target(None, None)
    assert closure.owner == "测试cw1"  # who asked


def test_transfers_have_a_hook_and_no_task_yet(db: Database, staff: Staff) -> None:
    assert _tasks(db, staff.supervisor, Kind.TRANSFER_WAITING) == []


def test_the_task_list_stops_at_its_limit_per_kind(
    db: Database, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks, "LIMIT", 2)
    for i in range(3):
        kid = new_person(
            db, staff.caseworker, real_name=f"孩子{i}", birth_date=dt.date(2016, 5, i + 1)
        )
        new_case(db, staff.caseworker, kid)
    with db.read_session() as s:
        found = tasks.compute(s, staff.caseworker)
    assert len([t for t in found.items if t.kind == Kind.SCHOOL_AGE]) == 2
    assert found.more == [Kind.SCHOOL_AGE]


def _plan(db: Database, sql: str, params: dict[str, Any]) -> str:
    with db.read_session() as s:
        return "\n".join(str(r[-1]) for r in s.execute(text("EXPLAIN QUERY PLAN " + sql), params))


QUERIES = {
    "referral_reply": tasks.referral_reply_query,
    "announcement": tasks.announcement_query,
    "turning_adult": tasks.turning_adult_query,
    "school_age_by_date": tasks.school_by_date_query,
    "school_age_by_year": tasks.school_by_year_query,
    "needs": tasks.needs_query,
    "needs_after": tasks.needs_after_query,
    "closure": tasks.closure_query,
    "plan": tasks.plan_query,
    "closures_waiting": tasks.closures_waiting_query,
    "plans_waiting": tasks.plans_waiting_query,
    "visit": tasks.visit_query,
}
INDEXES: dict[str, str | tuple[str, ...]] = {
    "referral_reply": "ix_referral_reply_waiting",
    "announcement": "ix_tracing_action_announcement_open",
    "turning_adult": "ix_person_birth_date",
    "school_age_by_date": "ix_person_birth_date",
    "school_age_by_year": "ix_person_birth_year_estimated_id",
    "closures_waiting": "ix_case_file_closure_waiting",
    "plans_waiting": "ix_placement_plan_waiting",
    # Either serves the order of dates (the open-visit one is smaller; planners choose).
    "visit": ("ix_follow_up_visit_open", "ix_follow_up_visit_due"),
    "needs": "ix_needs_assessment_assessed_on_id",
    "needs_after": "ix_needs_assessment_assessed_on_id",
}


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_task_query_is_served_by_an_index(db: Database, staff: Staff, name: str) -> None:
    """In a supervisor's scope, as the home page runs it: no table is read whole (SCAN of a
    table without an index) and the kind's own index is the one searched."""
    values = {"today": TODAY, "born_after": TODAY, "born_by": TODAY, "year_from": 2010,
              "year_to": 2020}  # fmt: skip
    with db.read_session() as s:
        c = tasks.Reads(s, staff.supervisor)
        query = (
            tasks._plain(QUERIES[name])  # the few waiting, found before the scope applies
            if name.endswith("_waiting")
            else tasks.statement(QUERIES[name], c.scope, tasks.LIMIT + 1)
        )
        query = query.params(
            {**values, **c.params, "after_on": TODAY, "after_id": 1, "ids": [1, 2],
             "until": TODAY}
        )  # fmt: skip
        sql = str(query.compile(s.get_bind(), compile_kwargs={"literal_binds": True}))
    plan = _plan(db, sql, {})
    for line in plan.splitlines():
        assert not (line.startswith("SCAN") and "USING" not in line), plan
    if name in INDEXES:
        wanted = INDEXES[name]
        assert any(
            index in plan for index in (wanted if isinstance(wanted, tuple) else (wanted,))
        ), plan
