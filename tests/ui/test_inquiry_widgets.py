"""寻亲 › 寻亲查询 at the door (issue #15): who has the page, a dismissal that asks for its
reason, an inquiry refused beside its field, closing with a reason, and a file of inquiries
whose refused rows are listed before anything is kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.models import User
from rescuedesk.models.enums import Role
from rescuedesk.models.inquiry import InquiryMatch, TracingInquiry
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.dialogs.inquiry_dialog import InquiryDialog
from rescuedesk.ui.dialogs.inquiry_import_dialog import InquiryImportDialog
from rescuedesk.ui.dialogs.reason_dialog import ReasonDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.widgets.inquiry_list_widget import InquiryListWidget
from tests.conftest import Staff
from tests.db.test_tracing_matching import _inquiry, _unidentified
from tests.factories import new_account
from tests.ui.conftest import LogIn, in_modal

OTHER_PASSWORD = "另一个用户的-长密码-2026"


def _page(window: MainWindow) -> InquiryListWidget:
    action = next(a for a in window.findChildren(QAction) if a.objectName() == "inquiries_action")
    action.trigger()
    assert window.inquiries is not None
    return window.inquiries


def test_only_caseworkers_and_supervisors_have_the_inquiries_page(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    db, _lead, _ids = ui_db
    with db.read_session() as s:
        root = Actor.for_user(s.scalar(select(User).where(User.username == "root")))  # type: ignore[arg-type]
    for username, role in (
        ("fu", Role.FOLLOW_UP_WORKER),
        ("st", Role.STATISTICIAN),
        ("ad", Role.ADMIN),
        ("cw", Role.CASEWORKER),
    ):
        new_account(db, root, username, f"用户{username}", role, OTHER_PASSWORD, staff.unit_id)
        window = log_in(db, username, OTHER_PASSWORD)
        has = [a for a in window.findChildren(QAction) if a.objectName() == "inquiries_action"]
        menus = [a.text() for a in window.menuBar().actions()]
        assert bool(has) == (role == Role.CASEWORKER), role
        assert ("寻亲(&T)" in menus) == (role == Role.CASEWORKER), (role, menus)
        window.close()


def test_a_dismissal_asks_for_its_reason_and_takes_her_off_the_list(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    db, _lead, _ids = ui_db
    case_id = _unidentified(db, staff)
    inquiry_id = _inquiry(db, staff)
    window = log_in(db)
    page = _page(window)
    assert page.select(inquiry_id)
    candidates = page.candidates
    assert "尚未比对" in candidates.note.text()
    assert not candidates.dismiss_button.isEnabled()
    candidates.rerun_button.click()
    qtbot.waitUntil(lambda: candidates.running is None, timeout=30_000)
    assert candidates.model.candidate(0).case_id == case_id
    assert candidates.dismiss_button.isEnabled()
    seen: list[object] = []

    def without_then_cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReasonDialog)
        dialog.submit()  # empty: refused in the dialog, which stays open
        seen.append(dialog.error.text())
        seen.append(dialog.isVisible())
        dialog.reject()

    in_modal(window, candidates.dismiss_button.click, without_then_cancel, seen=seen)
    assert "需要填写理由" in str(seen[0]) and seen[1] is True, seen
    with db.read_session() as s:
        assert s.scalars(select(InquiryMatch.status)).all() == ["proposed"]

    def with_reason() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReasonDialog)
        dialog.reason.setText("家属提供的照片与本人明显不符")
        dialog.submit()

    in_modal(window, candidates.dismiss_button.click, with_reason, seen=seen)
    assert "still open" not in seen
    assert all(c.case_id != case_id for c in candidates.model.candidates)
    with db.read_session() as s:
        match = s.scalars(select(InquiryMatch)).one()
        assert match.status == "dismissed" and match.decided_by_id is not None


def test_an_inquiry_is_refused_beside_its_field_then_closed_with_a_reason(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], log_in: LogIn
) -> None:
    db, _lead, _ids = ui_db
    window = log_in(db)
    page = _page(window)
    seen: list[object] = []

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, InquiryDialog)
        ui = dialog.ui
        ok = ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ui.inquiry_number.setText("XQ-7")
        ui.missing_name.setText("王小军")
        ui.birth_year.setText("九八年")
        ok.click()
        seen.append(ui.error.text())
        seen.append(ui.labels["birth_year"].styleSheet())
        ui.birth_year.setText("1998")
        ok.click()

    in_modal(window, page.buttons["add"].click, fill_in, seen=seen)
    assert "出生年份" in str(seen[0]) and "b00020" in str(seen[1]), seen
    assert "still open" not in seen
    assert [r.inquiry_number for r in page.model.rows] == ["XQ-7"]

    def close() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReasonDialog)
        dialog.reason.setText("家属来电告知已找到")
        dialog.submit()

    page.table.selectRow(0)
    in_modal(window, page.buttons["close"].click, close, seen=seen)
    assert page.model.text(0, 7) == "已关闭"
    with db.read_session() as s:
        assert s.scalars(select(TracingInquiry.status)).one() == "closed"


def test_a_file_of_inquiries_lists_its_refused_rows_before_keeping_any(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], log_in: LogIn, tmp_path: Path
) -> None:
    db, _lead, _ids = ui_db
    window = log_in(db)
    page = _page(window)
    sheet = tmp_path / "寻亲查询.csv"
    sheet.write_text(
        "查询编号,查询人,联系电话,走失者姓名,性别,出生年份,走失地点\n"
        "XQ-1,牛大山,13812345678,牛兰兰,女,2009,四川省宜宾市\n"
        "XQ-2,王二,not-a-phone,王小军,男,2005,\n",
        encoding="utf-8",
    )
    seen: list[object] = []

    def import_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, InquiryImportDialog)
        dialog.file.setText(str(sheet))
        dialog.check_button.click()
        seen.append(dialog.summary.text())
        seen.append([dialog.problems.text(r, c) for r in range(1) for c in (0, 1)])
        dialog.import_button.click()  # the whole file: refused for its bad row
        seen.append(dialog.error.text())
        dialog.valid_only.setChecked(True)
        dialog.import_button.click()
        seen.append(dialog.note.text())
        dialog.reject()

    in_modal(window, page.buttons["import"].click, import_it, seen=seen)
    assert "1 行可以导入，1 行有问题" in str(seen[0]), seen
    assert seen[1] == [3, "联系电话"], seen
    assert "没有导入任何一行" in str(seen[2]), seen
    assert "已导入 1 条" in str(seen[3]), seen
    assert [r.inquiry_number for r in page.model.rows] == ["XQ-1"]


def test_the_lock_takes_the_families_names_off_the_screen(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    db, _lead, _ids = ui_db
    _inquiry(db, staff)
    window = log_in(db)
    page = _page(window)
    assert page.model.text(0, 2).startswith("牛大山")
    window.lock()
    assert window.inquiries is None and page.model.rows == []
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "寻亲查询" not in titles
    assert all(not a.isEnabled() for a in window.findChildren(QAction)
               if a.objectName() == "inquiries_action")  # fmt: skip


def test_matching_every_inquiry_counts_the_candidates_of_each(
    qtbot: QtBot, ui_db: tuple[Database, Actor, dict[str, int]], staff: Staff, log_in: LogIn
) -> None:
    db, _lead, _ids = ui_db
    case_id = _unidentified(db, staff)
    theirs = _inquiry(db, staff)
    other = _inquiry(db, staff, inquiry_number="Q-2026-099", missing_name="赵大勇", sex="男",
                     birth_year="1970", missing_place="广东省")  # fmt: skip
    window = log_in(db)
    page = _page(window)
    assert page.model.text(0, 8) == ""  # not compared yet
    page.buttons["match_all"].click()
    qtbot.waitUntil(lambda: page.running is None, timeout=30_000)
    assert page.error.text() == ""
    counts = {r.id: page.model.text(i, 8) for i, r in enumerate(page.model.rows)}
    assert counts[theirs] == "1" and counts[other] == "0", counts
    assert page.select(theirs)
    assert page.candidates.model.candidate(0).case_id == case_id  # shown without a new run
