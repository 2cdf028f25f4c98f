"""The home page's lists other than the tasks (workbench.home), on both engines: the cases the
user opened lately, the approvals waiting for a supervisor, the visits due; each read once
for the page, the names included, whatever the way the page gathers them."""

from __future__ import annotations

import datetime as dt

import pytest

from rescuedesk.db import Database
from rescuedesk.models import FollowUpVisit, Placement
from rescuedesk.services.casefile import cases, records, workbench
from rescuedesk.services.casefile.tasks import Kind
from rescuedesk.services.office.context import Actor
from tests.conftest import Staff
from tests.factories import new_case, new_person

INSTITUTION = {"placement_type": "child_welfare", "institution_name": "哈尔滨市儿童福利院"}


def _home(db: Database, actor: Actor) -> workbench.Home:
    with db.write_session() as s:
        return workbench.home(s, actor)


def _read(db: Database, actor: Actor, case_id: int) -> None:
    with db.write_session() as s:
        cases.read_case(s, actor, case_id)


def test_the_recent_cases_are_the_last_ten_distinct_cases_read_across_batches(
    db: Database, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read events walked a few at a time (a batch of 3 here): a case read again moves up,
    and the walk goes on past batches that repeat cases until ten are found."""
    monkeypatch.setattr(workbench, "_BATCH", 3)
    cw = staff.caseworker
    ids = [new_case(db, cw, new_person(db, cw, real_name=f"周{i}燕")) for i in range(12)]
    for case_id in ids:
        _read(db, cw, case_id)
    for _ in range(4):  # four batches' worth of the same two cases, newest of all
        _read(db, cw, ids[0])
        _read(db, cw, ids[3])
    with db.write_session() as s:
        recent = workbench.recent_cases(s, cw.user_id)  # type: ignore[arg-type]
    expected = [ids[3], ids[0], *[i for i in reversed(ids) if i not in (ids[0], ids[3])]][:10]
    assert [r[0] for r in recent] == expected
    assert recent[0][2] == "周3燕"


def test_the_cases_read_lately_come_newest_first_with_their_names(
    db: Database, staff: Staff
) -> None:
    cw = staff.caseworker
    named = new_case(db, cw, new_person(db, cw, real_name="周小燕"))
    unnamed = new_case(
        db, cw, new_person(db, cw, real_name=None, alias="无名氏乙", birth_date=None,
                           birth_year_estimated=1990)
    )  # fmt: skip
    never = new_case(db, cw, new_person(db, cw, real_name="李梅"))
    for case_id in (named, unnamed, named):
        _read(db, cw, case_id)
    page = _home(db, cw)
    assert [r[0] for r in page.recent] == [named, unnamed]
    assert [r[2] for r in page.recent] == ["周小燕", "无名氏乙"]
    assert all(r[1] for r in page.recent)  # the case numbers
    assert never not in {r[0] for r in page.recent}
    assert _home(db, staff.caseworker2).recent == []  # another user's reads are not hers


def test_a_supervisor_approves_the_closures_and_plans_of_others_only(
    db: Database, staff: Staff
) -> None:
    cw = staff.caseworker
    by_worker = new_case(db, cw, new_person(db, cw, real_name="周小燕"))
    by_sup = new_case(db, cw, new_person(db, cw, real_name="李梅"))
    planned = new_case(db, cw, new_person(db, cw, real_name="王芳"))
    with db.write_session() as s:
        cases.request_closure(s, cw, by_worker, "已回归家庭")
        cases.request_closure(s, staff.supervisor, by_sup, "已回归家庭")
        records.add_record(s, cw, Placement, planned, INSTITUTION)
    mine = [(a.kind, a.case_id, a.person_name) for a in _home(db, staff.supervisor).approvals]
    theirs = {(a.kind, a.case_id) for a in _home(db, staff.supervisor2).approvals}
    assert sorted(mine) == [("closure", by_worker, "周小燕"), ("placement", planned, "王芳")]
    assert theirs == {("closure", by_worker), ("closure", by_sup), ("placement", planned)}
    assert _home(db, cw).approvals == []  # a caseworker approves nothing


def test_the_visits_due_are_those_of_the_visit_tasks(db: Database, staff: Staff) -> None:
    cw = staff.caseworker
    visits = []
    for i, day in enumerate((dt.date(2026, 11, 20), dt.date(2026, 11, 30), dt.date(2026, 12, 20))):
        case_id = new_case(db, cw, new_person(db, cw, real_name=f"周小燕{i}"))
        with db.write_session() as s:
            visits.append(
                records.add_record(s, cw, FollowUpVisit, case_id, {"planned_date": day}).record.id
            )
    page = _home(db, cw)
    assert [v.visit_id for v in page.visits] == visits[:2]  # within the week ahead
    assert [v.overdue for v in page.visits] == [True, False]
    assert not page.more_visits
    tasks = [t.visit for t in page.tasks.items if t.kind == Kind.VISIT]
    assert tasks == page.visits
