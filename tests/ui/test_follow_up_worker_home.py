"""Issue #14, item 2: the follow-up worker's program. Given a case by the Harbin supervisor,
the women's-federation worker of another unit logs in (through the log-in dialog) to a home
page of their own: the case given to them, its visit due, a visit recorded from the home
page itself; the case tab shows what a visit needs and nothing the role matrix withholds:
no tracing page, no buyer, no police reference, no ID number."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QListWidget, QMenu, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.errors import PermissionDenied
from rescuedesk.models import FollowUpVisit, TracingAction, User
from rescuedesk.models.enums import Role, TracingKind
from rescuedesk.services.casefile import assignments, case_file, records
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.widgets.planner_widget import RecordVisitDialog
from tests.conftest import FIXED_NOW, Staff
from tests.factories import new_account
from tests.ui.conftest import LogIn, in_modal, open_case

WORKER_PASSWORD = "妇联回访-长密码-2026"


@pytest.fixture
def given(ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff) -> tuple[Database, int]:
    """张晓梅's case with a tracing action (police reference) and a visit due in three days,
    assigned to the Lu'an follow-up worker ``fu`` by the supervisor ``lead``."""
    db, lead, ids = ui_db
    with db.read_session() as s:
        root = Actor.for_user(s.scalar(select(User).where(User.username == "root")))  # type: ignore[arg-type]
    worker = new_account(db, root, "fu", "六安妇联周回访", Role.FOLLOW_UP_WORKER,
                         WORKER_PASSWORD, staff.other_unit_id)  # fmt: skip
    case_id = ids["张晓梅"]
    today = FIXED_NOW.date()
    with db.write_session() as s:
        records.add_record(s, staff.caseworker, TracingAction, case_id, {
            "kind": TracingKind.POLICE_INQUIRY, "action_date": today,
            "police_reference": "哈公（刑）查〔2026〕77号", "description": "请公安协查户籍",
        })  # fmt: skip
        records.add_record(s, staff.caseworker, FollowUpVisit, case_id,
                           {"planned_date": today + dt.timedelta(days=3)})  # fmt: skip
        assert worker.user_id is not None
        assignments.assign(s, lead, case_id, worker.user_id, reason="返乡后由户籍地妇联回访")
    return db, case_id


def test_the_follow_up_worker_home_lists_the_case_and_records_the_visit(
    qtbot: QtBot, given: tuple[Database, int], log_in: LogIn
) -> None:
    db, case_id = given
    window = log_in(db, "fu", WORKER_PASSWORD)
    assert window.home is not None
    window.home.refresh()
    qtbot.waitUntil(lambda: not window.home.loading)  # read off the UI thread
    assigned = window.home.findChild(QListWidget, "home_assigned")
    assert assigned.count() == 1 and "张晓梅" in assigned.item(0).text()
    visits = window.home.findChild(QListWidget, "home_visits")
    assert visits.count() == 1
    # Their tasks too (issue #14, item 5): the visit, and nothing of what they may not see.
    tasks = window.home.findChild(QTableWidget, "home_tasks")
    whats = [tasks.item(r, 0).text() for r in range(tasks.rowCount())]
    assert whats == ["回访"], whats
    visits.setCurrentRow(0)

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RecordVisitDialog)
        dialog.problems.setText("家中无人照料")
        dialog.save()

    record = window.home.findChild(QPushButton, "record_visit")
    in_modal(window, record.click, fill_in)
    with db.read_session() as s:
        done = s.scalars(
            select(FollowUpVisit).where(
                FollowUpVisit.case_id == case_id, FollowUpVisit.done_date.is_not(None)
            )
        ).all()
        worker_id = s.scalar(select(User.id).where(User.username == "fu"))
    assert [(v.visitor_id, v.problems) for v in done] == [(worker_id, "家中无人照料")]


def test_the_follow_up_worker_sees_what_a_visit_needs_and_nothing_else(
    qtbot: QtBot, given: tuple[Database, int], log_in: LogIn
) -> None:
    db, case_id = given
    window = log_in(db, "fu", WORKER_PASSWORD)
    page = open_case(window, case_id)
    tabs = [page.pages.tabText(i) for i in range(page.pages.count())]
    assert "寻亲" not in tabs and "回访" in tabs and "经过" in tabs, tabs
    assert "医疗康复" not in tabs and "法律援助" not in tabs and "救助" not in tabs
    assert TracingAction not in page.sections
    # Nothing offered that the role may not do: no stage change, no letter, no registering.
    buttons = {b.text() for b in page.findChildren(QPushButton) if b.isVisible()}
    assert not {"阶段与结案…", "打印转介函…"} & buttons, buttons
    menu = {a.text() for m in window.menuBar().findChildren(QMenu) for a in m.actions()}
    assert "登记新个案…" not in menu and "查找个案" in menu, menu
    assert "id_number" not in page.person.form.editors
    assert "real_name" in page.person.form.editors and "phone" in page.person.form.editors
    assert "police_reference" not in page.case.form.editors
    shown = " ".join(
        page.timeline.item(r, c).text()
        for r in range(page.timeline.rowCount())
        for c in range(page.timeline.columnCount())
    )
    assert "寻亲" not in shown and "分派" in shown, shown
    # The visits are the worker's to add to; the rest reads only.
    assert not page.section(FollowUpVisit).read_only
    assert not page.person.form.isEnabled()

    # Not through the window either: the services refuse what the tab does not show.
    worker = window.workspace.actor
    with db.write_session() as s, pytest.raises(PermissionDenied):
        case_file.list_part(s, worker, TracingAction, case_id)
    with db.write_session() as s:
        from rescuedesk.models import Case, Person

        case_values = case_file.record_values(s, worker, Case, case_id)
        person_id = case_values["person_id"]
        person_values = case_file.record_values(s, worker, Person, person_id)
    assert "police_reference" not in case_values and "referring_police_unit" not in case_values
    assert "id_number" not in person_values and person_values["real_name"] == "张晓梅"
