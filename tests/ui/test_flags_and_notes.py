"""Issue #14 item 6 through the window: the supervisor logs in, ticks 强迫乞讨 in the case's
标记… dialog (refused until a reason is given), sees it in red in the header and on the
timeline, filters the case list by it, and removes it again with a reason; writes a dated
note on the 工作记录 page, shown with its author and on the timeline. A follow-up worker
of another unit sees the flags but has no 标记… button, and reads and writes only notes of
their own."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.models import Case, User
from rescuedesk.models.case_note import CaseNote
from rescuedesk.models.enums import CaseFlag, Role
from rescuedesk.services.casefile import assignments, flags, records
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.dialogs.flag_dialog import FlagDialog
from rescuedesk.ui.widgets.case_file_widget import CaseFileWidget
from tests.conftest import Staff
from tests.factories import new_account
from tests.ui.conftest import LogIn, in_modal, open_case

WORKER_PASSWORD = "妇联回访-长密码-2026"


def _events(page: CaseFileWidget) -> list[str]:
    return [page.timeline.item(r, 2).text() for r in range(page.timeline.rowCount())]


def _listed(window) -> list[int]:  # type: ignore[no-untyped-def]
    window.tabs.setCurrentWidget(window.case_list)
    model = window.model
    return [model.case_id_at(r) for r in range(model.rowCount())]


def _in_flag_dialog(window, page: CaseFileWidget, act) -> list[object]:  # type: ignore[no-untyped-def]
    seen: list[object] = []
    button = page.findChild(QPushButton, "flags_button")
    assert button is not None and button.isEnabled()

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FlagDialog)
        act(dialog, seen)

    in_modal(window, button.click, run, seen=seen)
    return seen


def _save(dialog: FlagDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Ok).click()


def test_a_flag_is_set_shown_filtered_and_removed_with_a_reason(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], log_in: LogIn
) -> None:
    db, _lead, ids = ui_db
    case_id = ids["李娜"]
    window = log_in(db, "lead")
    page = open_case(window, case_id)
    assert "强迫乞讨" not in page.header.text()

    def tick(dialog: FlagDialog, seen: list[object]) -> None:
        dialog.findChild(QCheckBox, "flag_forced_begging").setChecked(True)
        _save(dialog)  # no reason: refused in the dialog, which stays open
        seen.append(dialog.error.text())
        seen.append(dialog.isVisible())
        dialog.reason.setText("本人讲述曾被强迫在火车站乞讨")
        _save(dialog)

    seen = _in_flag_dialog(window, page, tick)
    assert "理由" in str(seen[0]) and seen[1] is True, seen
    assert "still open" not in seen
    header = page.header.text()
    assert "#b00020" in header and "强迫乞讨" in header
    assert any(e == "设置标记（强迫乞讨：本人讲述曾被强迫在火车站乞讨）" for e in _events(page))

    # The case list filters by the flag.
    combo = window.case_list.findChild(QComboBox, "flag_filter")
    combo.setCurrentIndex(combo.findData(CaseFlag.FORCED_BEGGING.value))
    assert _listed(window) == [case_id]
    combo.setCurrentIndex(combo.findData(None))
    assert sorted(_listed(window)) == sorted(ids.values())

    # The dialog says who set it, when and why; unticked with a reason, it goes.

    def untick(dialog: FlagDialog, seen: list[object]) -> None:
        box = dialog.findChild(QCheckBox, "flag_forced_begging")
        seen.append(box.isChecked())
        seen.append(" ".join(label.text() for label in dialog.findChildren(type(dialog.error))))
        box.setChecked(False)
        dialog.reason.setText("核实后不属实")
        _save(dialog)

    seen = _in_flag_dialog(window, page, untick)
    assert seen[0] is True
    assert "李主管设置：本人讲述曾被强迫在火车站乞讨" in str(seen[1]), seen[1]
    assert "强迫乞讨" not in page.header.text()
    assert "取消标记（强迫乞讨：核实后不属实）" in _events(page)
    with db.read_session() as s:
        assert s.get(Case, case_id).flags == set()  # type: ignore[union-attr]


def test_a_dated_note_is_written_with_its_author_and_on_the_timeline(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], log_in: LogIn
) -> None:
    db, _lead, ids = ui_db
    case_id = ids["张晓梅"]
    window = log_in(db, "lead")
    page = open_case(window, case_id, "工作记录")
    notes = page.section(CaseNote)
    notes.add_button.click()
    assert not notes.save()  # no text: refused beside the field
    notes.form.editors["body"].set("电话联系其母亲，约定下周三到站接回")
    assert notes.save()
    headers = [notes.table.horizontalHeaderItem(c).text() for c in range(notes.table.columnCount())]
    row = {h: notes.table.item(0, c).text() for c, h in enumerate(headers)}
    assert row["记录人"] == "李主管" and row["内容"].startswith("电话联系其母亲")
    assert row["日期"].startswith("2026")
    assert "工作记录（2026年11月25日）：电话联系其母亲，约定下周三到站接回" in _events(page)


def test_a_follow_up_worker_sees_flags_and_only_their_own_notes(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    db, lead, ids = ui_db
    case_id = ids["王秀英"]
    with db.read_session() as s:
        root = Actor.for_user(s.scalar(select(User).where(User.username == "root")))  # type: ignore[arg-type]
    worker = new_account(db, root, "fu", "六安妇联周回访", Role.FOLLOW_UP_WORKER,
                         WORKER_PASSWORD, staff.other_unit_id)  # fmt: skip
    note = {"noted_on": "2026-11-20", "body": "公安告知收买人仍在寻找她"}
    with db.write_session() as s:
        flags.set_flag(s, staff.caseworker, case_id, CaseFlag.SAFETY_RISK, "收买人一家仍在打听")
        records.add_record(s, staff.caseworker, CaseNote, case_id, note)
        assert worker.user_id is not None
        assignments.assign(s, lead, case_id, worker.user_id, reason="返乡后由户籍地妇联回访")

    window = log_in(db, "fu", WORKER_PASSWORD)
    page = open_case(window, case_id, "工作记录")
    assert "安全风险" in page.header.text()
    assert page.findChild(QPushButton, "flags_button") is None
    assert not any("收买人" in e for e in _events(page))  # neither the flag's reason nor the note
    notes = page.section(CaseNote)
    assert notes.table.rowCount() == 0
    notes.add_button.click()
    notes.form.editors["body"].set("入户看望，情绪稳定")
    assert notes.save()
    assert notes.table.rowCount() == 1
    assert "工作记录（2026年11月25日）：入户看望，情绪稳定" in _events(page)
