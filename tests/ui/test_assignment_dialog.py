"""Issue #14, assignment through the window: the supervisor opens a case, clicks 人员与分派…,
gives the case to a follow-up worker of another unit with a reason and a last day; the
worker, logged in through the log-in dialog, then has exactly that case. Ending it in the
same dialog takes it away; the caseworker can be changed there too. A caseworker has no
such button."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from rescuedesk.db import Database
from rescuedesk.models import Case
from rescuedesk.models.enums import Role
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.dialogs.assignment_dialog import AssignmentDialog
from tests.conftest import Staff
from tests.factories import new_account
from tests.ui.conftest import LogIn, in_modal, open_case

WORKER_PASSWORD = "妇联回访-长密码-2026"


def _choose(combo: QComboBox, text: str) -> None:
    index = next(i for i in range(combo.count()) if text in combo.itemText(i))
    combo.setCurrentIndex(index)


def _listed(window) -> list[str]:  # type: ignore[no-untyped-def]
    window.tabs.setCurrentWidget(window.case_list)  # read when shown
    model = window.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_a_supervisor_assigns_a_case_to_a_follow_up_worker_of_another_unit(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    db, _lead, ids = ui_db
    root = _admin(db)
    new_account(db, root, "fu", "六安妇联周回访", Role.FOLLOW_UP_WORKER, WORKER_PASSWORD,
                staff.other_unit_id)  # fmt: skip
    case_id = ids["张晓梅"]
    with db.read_session() as s:
        case_number = s.get(Case, case_id).case_number  # type: ignore[union-attr]

    window = log_in(db, "lead")
    page = open_case(window, case_id)
    button = page.findChild(QPushButton, "assignments_button")
    assert button is not None
    seen: list[object] = []

    def assign() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AssignmentDialog)
        _choose(dialog.user, "六安妇联周回访")
        dialog.until_on.setChecked(True)
        dialog.until.setDate(QDate(2099, 6, 30))
        dialog.reason.setText("返乡后由户籍地妇联回访")
        qtbot.mouseClick(dialog.findChild(QPushButton, "assign"), qtbot_left())
        table = dialog.findChild(QTableWidget, "assignments")
        seen.append([table.item(0, c).text() for c in range(table.columnCount())])
        seen.append(dialog.error.text())
        dialog.reject()

    in_modal(window, button.click, assign, seen=seen)
    assert seen[1] == "", seen
    assert seen[0][0] == "六安妇联周回访" and seen[0][2] == "回访" and seen[0][3] == "2099-06-30"
    events = [page.timeline.item(r, 2).text() for r in range(page.timeline.rowCount())]
    assert any("分派给六安妇联周回访" in e for e in events), events

    worker_window = log_in(db, "fu", WORKER_PASSWORD)
    assert _listed(worker_window) == [case_number]
    worker_page = open_case(worker_window, case_id)
    assert worker_page.findChild(QPushButton, "assignments_button") is None
    worker_window.close()

    def end_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AssignmentDialog)
        dialog.table.selectRow(0)

        def answer() -> None:
            asking = QApplication.activeModalWidget()
            asking.setTextValue("回访一年期满")  # type: ignore[union-attr]
            asking.accept()  # type: ignore[union-attr]

        in_modal(dialog, dialog.end_selected, answer)
        seen.append(dialog.table.rowCount())
        dialog.reject()

    in_modal(window, button.click, end_it, seen=seen)
    assert seen[-1] == 0
    assert _listed(log_in(db, "fu", WORKER_PASSWORD)) == []


def test_the_supervisor_changes_the_caseworker_with_a_reason(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    db, _lead, ids = ui_db
    case_id = ids["李娜"]
    window = log_in(db, "lead")
    dialog = AssignmentDialog(window.workspace, case_id, window)
    qtbot.addWidget(dialog)
    names = [dialog.caseworker.itemText(i) for i in range(dialog.caseworker.count())]
    assert names and not any("回访工作者" in n for n in names), names
    _choose(dialog.caseworker, "李主管")
    qtbot.mouseClick(dialog.findChild(QPushButton, "change_caseworker"), qtbot_left())
    assert "理由" in dialog.error.text()  # refused without a reason, nothing changed
    with db.read_session() as s:
        assert s.get(Case, case_id).caseworker_id == staff.caseworker.user_id  # type: ignore[union-attr]
    dialog.caseworker_reason.setText("原社工休产假")
    qtbot.mouseClick(dialog.findChild(QPushButton, "change_caseworker"), qtbot_left())
    assert dialog.error.text() == ""
    with db.read_session() as s:
        assert s.get(Case, case_id).caseworker_id == _lead.user_id  # type: ignore[union-attr]


def _admin(db: Database) -> Actor:
    from sqlalchemy import select

    from rescuedesk.models import User

    with db.read_session() as s:
        root = s.scalar(
            select(User).where(User.role == Role.ADMIN, User.password_hash.is_not(None))
        )
        assert root is not None
        return Actor.for_user(root)


def qtbot_left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
