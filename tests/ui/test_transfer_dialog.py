"""Issue #14, transfer through the window: the Harbin supervisor opens a case, clicks
转移个案…, picks the Lanzhou civil-affairs bureau; with no consent to share with it the
request is refused until a supervisor's reason is given. The Lanzhou supervisor, logged in
through the log-in dialog, accepts it in 个案转移… choosing the new caseworker, and sees it
with its number and history; the Harbin supervisor then reads it, read-only, without what
Lanzhou recorded since. A second case, whose consent names civil-affairs bureaus, is
rejected with a reason and stays in Harbin."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.models import Case, Consent, FollowUpVisit
from rescuedesk.models.enums import ConsentGiver, ConsentPurpose, Role
from rescuedesk.services.casefile import records
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.dialogs.transfer_dialog import TransferDialog, TransfersDialog
from tests.conftest import FIXED_NOW, Staff
from tests.factories import new_account
from tests.ui.conftest import PASSWORD, LogIn, in_modal, open_case

LEFT = Qt.MouseButton.LeftButton


def _choose(combo: QComboBox, text: str) -> None:
    index = next(i for i in range(combo.count()) if text in combo.itemText(i))
    combo.setCurrentIndex(index)


def _events(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.timeline.item(r, 2).text() for r in range(page.timeline.rowCount())]


def _admin(db: Database) -> Actor:
    from sqlalchemy import select

    from rescuedesk.models import User

    with db.read_session() as s:
        root = s.scalar(
            select(User).where(User.role == Role.ADMIN, User.password_hash.is_not(None))
        )
        assert root is not None
        return Actor.for_user(root)


def _lanzhou_lead(db: Database, staff: Staff) -> None:
    new_account(db, _admin(db), "lz_lead", "兰州王主管", Role.SUPERVISOR, PASSWORD,
                staff.other_unit_id)  # fmt: skip


def test_a_transfer_refused_without_consent_goes_with_a_reason_and_is_accepted_there(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    db, _lead, ids = ui_db
    _lanzhou_lead(db, staff)
    case_id = ids["张晓梅"]
    with db.write_session() as s:  # something Harbin recorded before the case left
        visit = {"planned_date": dt.date(2026, 11, 20), "notes": "哈尔滨的回访"}
        records.add_record(s, staff.caseworker, FollowUpVisit, case_id, visit)
        number = s.get(Case, case_id).case_number  # type: ignore[union-attr]

    window = log_in(db, "lead")
    page = open_case(window, case_id)
    button = page.findChild(QPushButton, "transfer_button")
    assert button is not None
    seen: list[object] = []

    def request() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TransferDialog)
        _choose(dialog.unit, "兰州市民政局")
        seen.append(dialog.consent.text())
        dialog.reason.setText("返回户籍地甘肃兰州生活")
        qtbot.mouseClick(dialog.findChild(QPushButton, "request_transfer"), LEFT)
        seen.append(dialog.error.text())  # refused: no consent, no override reason
        seen.append(dialog.history.rowCount())
        dialog.override.setText("本人口头同意，书面同意随后补签")
        qtbot.mouseClick(dialog.findChild(QPushButton, "request_transfer"), LEFT)
        seen.append(dialog.error.text())
        seen.append(dialog.history.item(0, 0).text())
        dialog.reject()

    in_modal(window, button.click, request, seen=seen)
    consent, refused, before, error, status = seen[:5]
    assert "没有受助人" in str(consent)
    assert "同意" in str(refused) and before == 0
    assert error == "" and status == "待接收", seen
    events = _events(page)
    assert any("申请转移个案" in e and "兰州市民政局" in e for e in events), events
    assert any("无同意越权批准" in e for e in events), events

    # Lanzhou's supervisor accepts it, with the new caseworker; it opens with its history.
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(hours=1))
    there = log_in(db, "lz_lead")
    opened: list[int] = []

    def accept() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TransfersDialog)
        dialog.case_activated.connect(opened.append)
        dialog.select(dialog.rows[0].id)
        seen.append(dialog.decide_box.isEnabled())
        _choose(dialog.caseworker, "测试cw_lz")
        qtbot.mouseClick(dialog.findChild(QPushButton, "accept_transfer"), LEFT)
        seen.append(dialog.error.text())
        seen.append(dialog.table.item(0, 1).text())
        qtbot.mouseClick(dialog.findChild(QPushButton, "open_case"), LEFT)

    in_modal(there, there.open_transfers, accept, seen=seen)
    enabled, error, status = seen[5:8]
    assert enabled is True and error == "" and status == "已接收", seen
    assert opened == [case_id]
    their_page = there.current_case_file()
    assert their_page is not None and their_page.case_id == case_id
    assert number in their_page.title
    theirs = _events(their_page)
    assert any("接收转移的个案" in e for e in theirs), theirs
    assert any("申请转移个案" in e for e in theirs), theirs
    with db.read_session() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.unit_id == staff.other_unit_id
        assert case.caseworker_id == staff.other_unit_caseworker.user_id
    # Lanzhou records a visit after the transfer.
    clock.set_clock(lambda: FIXED_NOW + dt.timedelta(hours=2))
    with db.write_session() as s:
        visit = {"planned_date": dt.date(2026, 11, 26), "notes": "兰州的回访"}
        records.add_record(s, staff.other_unit_caseworker, FollowUpVisit, case_id, visit)

    # Harbin reads what it recorded, read-only, and sees the transfer on the timeline.
    window.close_tab(window.tabs.indexOf(page), ask=False)
    mine = open_case(window, case_id)
    note = mine.findChild(QLabel, "closed_note")
    assert note is not None and note.isVisible() and "转移" in note.text()
    visits = mine.sections[FollowUpVisit]
    assert visits.read_only
    notes = [r.get("notes") for r in visits.records]
    assert notes == ["哈尔滨的回访"], notes
    ours = _events(mine)
    assert any("接收转移的个案" in e for e in ours), ours


def test_a_rejected_transfer_leaves_the_case_where_it_was(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    db, lead, ids = ui_db
    _lanzhou_lead(db, staff)
    case_id = ids["李娜"]
    with db.write_session() as s:
        records.add_record(s, staff.caseworker, Consent, case_id, {
            "purpose": ConsentPurpose.DATA_SHARING, "recipients": ["civil_affairs_bureau"],
            "given_by": ConsentGiver.PERSON, "given_on": dt.date(2026, 11, 1),
        })  # fmt: skip
    window = log_in(db, "lead")
    dialog = TransferDialog(window.workspace, case_id, window)
    qtbot.addWidget(dialog)
    _choose(dialog.unit, "兰州市民政局")
    assert "已同意" in dialog.consent.text() and not dialog.override.isEnabled()
    dialog.reason.setText("返乡")
    qtbot.mouseClick(dialog.findChild(QPushButton, "request_transfer"), LEFT)
    assert dialog.error.text() == "" and dialog.history.item(0, 0).text() == "待接收"

    # The one who asked cannot decide it; Lanzhou's supervisor rejects with a reason.
    mine = TransfersDialog(window.workspace, window)
    qtbot.addWidget(mine)
    mine.select(mine.rows[0].id)
    assert not mine.decide_box.isEnabled()
    there = log_in(db, "lz_lead")
    theirs = TransfersDialog(there.workspace, there)
    qtbot.addWidget(theirs)
    theirs.select(theirs.rows[0].id)
    assert theirs.decide_box.isEnabled()
    qtbot.mouseClick(theirs.findChild(QPushButton, "reject_transfer"), LEFT)
    assert "理由" in theirs.error.text()
    theirs.reject_reason.setText("户籍不在本市")
    qtbot.mouseClick(theirs.findChild(QPushButton, "reject_transfer"), LEFT)
    assert theirs.error.text() == ""
    assert theirs.table.item(0, 1).text() == "已拒绝"
    assert theirs.table.item(0, 8).text() == "户籍不在本市"
    with db.read_session() as s:
        assert s.get(Case, case_id).unit_id == staff.unit_id  # type: ignore[union-attr]
    page = open_case(window, case_id)
    assert not page.findChild(QLabel, "closed_note").isVisible()  # type: ignore[union-attr]
    events = _events(page)
    assert any("拒绝接收转移的个案" in e and "户籍不在本市" in e for e in events), events
    assert lead.user_id is not None


def test_the_sender_withdraws_a_waiting_transfer_in_the_window(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    db, _lead, ids = ui_db
    _lanzhou_lead(db, staff)
    case_id = ids["王秀英"]
    window = log_in(db, "lead")
    dialog = TransferDialog(window.workspace, case_id, window)
    qtbot.addWidget(dialog)
    _choose(dialog.unit, "兰州市民政局")
    dialog.reason.setText("返乡")
    dialog.override.setText("本人口头同意")
    qtbot.mouseClick(dialog.findChild(QPushButton, "request_transfer"), LEFT)
    assert dialog.error.text() == "", dialog.error.text()

    mine = TransfersDialog(window.workspace, window)
    qtbot.addWidget(mine)
    mine.select(mine.rows[0].id)
    button = mine.findChild(QPushButton, "withdraw_transfer")
    assert button.isEnabled()

    def answer() -> None:
        asking = QApplication.activeModalWidget()
        asking.setTextValue("家属改变主意")  # type: ignore[union-attr]
        asking.accept()  # type: ignore[union-attr]

    in_modal(mine, button.click, answer)
    assert mine.error.text() == "", mine.error.text()
    assert mine.table.item(0, 1).text() == "已撤回", mine.table.item(0, 1).text()
    there = log_in(db, "lz_lead")
    theirs = TransfersDialog(there.workspace, there)
    qtbot.addWidget(theirs)
    theirs.select(theirs.rows[0].id)
    assert not theirs.decide_box.isEnabled()  # nothing left to accept
    assert not theirs.findChild(QPushButton, "withdraw_transfer").isEnabled()
