"""Issue #14, items 4 and 5, at the door: the supervisor logs in, sees one list of tasks on
the home page, double-clicks an overdue referral reply and lands in that referral's form,
types the reply, and the task is gone; a closure to approve opens the approval dialog with
the caseworker's reason in it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidget
from pytestqt.qtbot import QtBot

from rescuedesk.db import Database
from rescuedesk.models import Referral
from rescuedesk.services.casefile import cases, records
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.dialogs.stage_dialog import StageDialog
from rescuedesk.ui.widgets.case_file_widget import CaseFileWidget
from tests.conftest import Staff
from tests.factories import consent_to_share
from tests.ui.conftest import LogIn, in_modal, pick


def _rows(table: QTableWidget) -> list[str]:
    return [
        "　".join(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def _double_click(qtbot: QtBot, table: QTableWidget, row: int) -> None:
    table.scrollToItem(table.item(row, 0))
    rect = table.visualItemRect(table.item(row, 0))
    # As a hand does it: the press of the first click picks the row the second one opens.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_an_overdue_referral_reply_opens_its_form_from_the_home_page(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    db, _lead, ids = ui_db
    case_id = ids["李娜"]
    consent_to_share(db, staff.caseworker, case_id, ["legal_aid"])
    with db.write_session() as s:
        referral_id = records.add_record(s, staff.caseworker, Referral, case_id, {
            "recipient_type": "legal_aid", "recipient_name": "哈尔滨市法律援助中心",
            "service_requested": "法律援助", "referred_on": dt.date(2026, 10, 1),
            "status": "sent",
        }).record.id  # fmt: skip
    window = log_in(db)  # the supervisor of the unit, through the log-in dialog
    assert window.home is not None and window.tabs.currentWidget() is window.home
    qtbot.waitUntil(lambda: not window.home.loading)  # read off the UI thread
    table = window.home.findChild(QTableWidget, "home_tasks")
    assert table.isVisible()
    rows = _rows(table)
    [row] = [i for i, text in enumerate(rows) if "转介回复逾期" in text]
    assert "哈尔滨市法律援助中心" in rows[row] and "李娜" in rows[row] and "测试cw1" in rows[row]
    assert "逾期" in rows[row] and "2026年10月31日" in rows[row]  # 30 days for legal aid
    assert table.item(row, 0).foreground().color().name() == "#b00020"

    # One kind at a time, when one kind crowds out the others.
    kind = window.home.task_kind
    kind.setCurrentIndex(kind.findText("转介回复"))
    assert [r for r in _rows(table)] == [rows[row]]
    row = 0
    _double_click(qtbot, table, row)
    page = window.current_case_file()
    assert isinstance(page, CaseFileWidget) and page.case_id == case_id
    section = page.section(Referral)
    assert page.pages.tabText(page.pages.currentIndex()) == "转介"
    assert section.form_box.isVisible() and section.editing is not None
    assert section.editing["id"] == referral_id
    # The page says at a glance where its referrals stand, the overdue one in red.
    assert "逾期未复 1" in section.summary.text() and section.summary.isVisible()
    assert section.table.item(0, 0).foreground().color().name() == "#b00020"
    pick(section, "status", "accepted")
    section.form.editors["reply"].set("已受理，指派律师")
    section.form.editors["reply_on"].set(dt.date(2026, 11, 24))
    assert section.save()
    assert "已回复 1" in section.summary.text() and "逾期未复 0" in section.summary.text()
    window.home.refresh()
    qtbot.waitUntil(lambda: not window.home.loading)
    assert not [t for t in _rows(table) if "转介回复逾期" in t]


def test_a_closure_to_approve_shows_the_requesters_reason(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    db, _lead, ids = ui_db
    with db.write_session() as s:
        cases.request_closure(s, staff.caseworker, ids["王秀英"], "已回归家庭，连续三次回访稳定")
    window = log_in(db)
    assert window.home is not None
    qtbot.waitUntil(lambda: not window.home.loading)  # read off the UI thread
    table = window.home.findChild(QTableWidget, "home_tasks")
    [row] = [i for i, text in enumerate(_rows(table)) if "审批结案申请" in text]
    seen: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, StageDialog)
        seen.append(dialog.request.text())
        seen.append(dialog.action.currentData())
        dialog.reject()

    in_modal(window, lambda: _double_click(qtbot, table, row), look)
    assert "已回归家庭，连续三次回访稳定" in seen[0] and "测试cw1" in seen[0]
    assert seen[1] == "approve"


def test_an_ended_announcement_opens_a_household_registration_plan(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    """Issue #15: no family came forward within the announcement's period; the task opens
    a new placement plan already saying 落户 (HLJ 61)."""
    from rescuedesk.models import Consent, Placement
    from rescuedesk.services.tracing import announcements
    from tests.factories import new_case, new_person

    db, _lead, _ids = ui_db
    person = new_person(
        db, staff.caseworker, real_name=None, alias="无名氏甲", birth_date=None,
        birth_year_estimated=1990,
    )  # fmt: skip
    case_id = new_case(db, staff.caseworker, person)
    with db.write_session() as s:
        records.add_record(s, staff.caseworker, Consent, case_id, {
            "purpose": "tracing", "given_by": "person", "given_on": dt.date(2026, 8, 1),
        })  # fmt: skip
        announcements.publish(
            s, staff.caseworker, case_id, medium="哈尔滨日报", published_on=dt.date(2026, 9, 1),
            period_days=30,
        )  # fmt: skip
    window = log_in(db)
    assert window.home is not None
    qtbot.waitUntil(lambda: not window.home.loading)  # read off the UI thread
    table = window.home.findChild(QTableWidget, "home_tasks")
    [row] = [i for i, text in enumerate(_rows(table)) if "拟定落户安置" in text]
    _double_click(qtbot, table, row)
    page = window.current_case_file()
    assert isinstance(page, CaseFileWidget) and page.case_id == case_id
    section = page.section(Placement)
    assert section.form_box.isVisible() and section.editing is None  # a new plan
    assert section.form.values()["placement_type"] == "household_registration"
