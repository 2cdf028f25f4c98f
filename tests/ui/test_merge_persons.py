"""Merging two person records from the case list, and undoing it from the case tab: real
widgets, a real database, every case kept and back as before."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk.models import AuditEvent, Case
from rescuedesk.services.casefile import cases
from rescuedesk.ui.dialogs.merge_dialog import MergePersonsDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from tests.factories import new_case, new_person
from tests.ui.conftest import in_modal


def _person_of(session, actor, case_id: int) -> int:  # type: ignore[no-untyped-def]
    return cases.read_case(session, actor, case_id).person_id


def _case_persons(db) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    with db.read_session() as s:
        return sorted((c, p) for c, p in s.execute(select(Case.id, Case.person_id)))


def _select(window: MainWindow, case_ids: list[int]) -> None:
    table, model = window.case_list.table, window.model
    table.clearSelection()
    for row in range(model.rowCount()):
        if model.case_id_at(row) in case_ids:
            table.selectionModel().select(
                model.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )


def test_merge_from_the_case_list_and_undo_it_in_the_case_tab(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, staff
) -> None:
    db, lead, ids = ui_db
    workspace = Workspace(db, lead)
    # A second record of 张晓梅, typed by ear and without her ID number, with its own case.
    other = new_person(
        db,
        staff.caseworker,
        real_name="章小梅",
        birth_date=dt.date(1995, 1, 1),
        household_registration_code="230102",
    )
    other_case = new_case(db, staff.caseworker, other, intake_date=dt.date(2026, 10, 5))
    mei = workspace.call(_person_of, ids["张晓梅"])
    before = _case_persons(db)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    window.load_case_list()
    window.open_case(other_case)  # open while merged: the tab follows the case
    other_tab = window.current_case_file()
    assert other_tab is not None and other_tab.merges.isHidden()  # no merges yet
    window.tabs.setCurrentWidget(window.case_list)

    action = window.case_list.merge_action
    assert action in window.menuBar().actions()[1].menu().actions()  # 个案 menu
    assert action in window.case_list.table.actions()  # the context menu
    _select(window, [ids["张晓梅"], ids["李娜"]])
    assert action.isEnabled()  # two persons (their ID numbers differ: the dialog says so)
    _select(window, [ids["张晓梅"]])
    assert not action.isEnabled()
    _select(window, [ids["张晓梅"], other_case])
    assert action.isEnabled()

    seen: list[str] = []

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, MergePersonsDialog)
        names = [dialog.cells[i][0].text() for i in range(2)]
        keep = names.index("张晓梅")
        assert dialog.keep.real_name == "张晓梅"  # the record with the ID number is proposed
        assert dialog.cells[keep][4].text()  # its ID number is shown
        assert "黑龙江" in dialog.cells[1 - keep][5].text()  # 户籍地 by name
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        dialog.choose(1 - keep)  # keeping the record without the number: the service says no
        assert "有身份证号" in dialog.keep_error.text() and not ok.isEnabled()
        dialog.choose(keep)
        assert dialog.keep_error.text() == "" and ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no reason yet
        seen.append(dialog.reason_error.text())
        dialog.reason.setText("同音姓名，出生日期和户籍地相同，本人确认")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    in_modal(window, action.trigger, in_the_dialog, seen=seen)
    assert seen == ["请填写合并或撤销合并的理由。"]

    # Every case is still there, now under the kept person; the list shows both.
    after = dict(_case_persons(db))
    assert after[other_case] == mei and after[ids["张晓梅"]] == mei
    assert sorted(after) == [c for c, _ in before]
    rows = {window.model.case_id_at(r) for r in range(window.model.rowCount())}
    assert {ids["张晓梅"], other_case} <= rows
    names = {window.model.data(window.model.index(r, 1)) for r in range(window.model.rowCount())}
    assert "章小梅" not in names  # one person, shown by the kept record's name
    assert other_tab.person_id == mei and "张晓梅" in other_tab.header.text()
    with db.read_session() as s:
        reads = s.scalars(
            select(AuditEvent.person_id).where(
                AuditEvent.entity == "person", AuditEvent.action == "read"
            )
        ).all()
    assert sorted(reads) == sorted([mei, other])  # comparing the two records was audited

    # The case tab lists the merge; 撤销合并… asks for a reason and puts everything back.
    history = other_tab.merges
    assert not history.isHidden() and history.table.rowCount() == 1
    assert "章小梅" in history.table.item(0, 2).text() and "并入" in history.table.item(0, 2).text()
    assert history.table.item(0, 1).text() == "李主管"
    assert history.undo_button.isEnabled()

    def give_the_reason() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QInputDialog)
        box.setTextValue("不是同一人：家属核实")
        box.accept()

    QTimer.singleShot(0, give_the_reason)
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    assert _case_persons(db) == before
    assert other_tab.person_id == other and "章小梅" in other_tab.header.text()
    assert "章小梅" in window.tabs.tabText(window.tabs.indexOf(other_tab))  # the title follows
    assert "撤销" in history.table.item(0, 3).text() and not history.undo_button.isEnabled()
    window.load_case_list()
    names = {window.model.data(window.model.index(r, 1)) for r in range(window.model.rowCount())}
    assert {"张晓梅", "章小梅"} <= names


def test_two_persons_with_different_id_numbers_cannot_be_merged(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db
) -> None:
    db, lead, ids = ui_db
    workspace = Workspace(db, lead)
    from rescuedesk.services.people.person_merge import persons_for_merge

    cards = workspace.call(persons_for_merge, [ids["张晓梅"], ids["李娜"]])
    dialog = MergePersonsDialog(workspace, cards)
    qtbot.addWidget(dialog)
    assert "身份证号不同" in dialog.keep_error.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
