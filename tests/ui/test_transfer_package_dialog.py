"""Issue #14, a transfer between two embedded databases through the window: Harbin's
supervisor requests it and, in 个案转移…, exports the encrypted package; Lanzhou's
supervisor, logged in to Lanzhou's own file, imports it (a wrong password is refused),
accepts it with a new caseworker and opens the case with the history it had in Harbin.
Harbin then reads it read-only. Two SQLite files (a package is what goes between them)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from rescuedesk.db import Database
from rescuedesk.models.enums import Role, UnitKind
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.dialogs.transfer_dialog import TransferDialog, TransfersDialog
from tests.conftest import Staff
from tests.factories import first_admin, new_account, new_unit
from tests.ui.conftest import PASSWORD, LogIn, open_case

PACKAGE_PASSWORD = "兰州-转移包的密码-2026"


def _events(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.timeline.item(r, 2).text() for r in range(page.timeline.rowCount())]


def _lanzhou(path: Path) -> Database:
    """Lanzhou's own database: its unit (the same code as in Harbin's directory) and staff."""
    db = Database(f"sqlite:///{path}")
    root = first_admin(db, "兰州管理员的-长密码-2026")
    with db.write_session() as s:
        unit = new_unit(s, Actor.system("t"), code="LZ", name="兰州市民政局",
                        kind=UnitKind.CIVIL_AFFAIRS_BUREAU, division_code="620102").id  # fmt: skip
    new_account(db, root, "lz_lead", "兰州王主管", Role.SUPERVISOR, PASSWORD, unit)
    new_account(db, root, "lz_cw", "兰州李社工", Role.CASEWORKER, PASSWORD, unit)
    return db


def test_a_case_goes_to_another_database_as_a_package_through_the_window(
    qtbot: QtBot,
    ui_db: tuple[Database, Actor, dict[str, int]],
    staff: Staff,
    log_in: LogIn,
    tmp_path: Path,
    sqlite_template: Path,
) -> None:
    db, _lead, ids = ui_db
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a package goes between two embedded (SQLite) databases")
    case_id = ids["王秀英"]
    window = log_in(db, "lead")
    asking = TransferDialog(window.workspace, case_id, window)
    qtbot.addWidget(asking)
    asking.unit.setCurrentIndex(asking.unit.findText("兰州市民政局", Qt.MatchFlag.MatchContains))
    asking.reason.setText("返回户籍地")
    asking.override.setText("本人书面同意见卷宗")
    qtbot.mouseClick(asking.findChild(QPushButton, "request_transfer"), Qt.MouseButton.LeftButton)
    assert asking.error.text() == ""

    sent = TransfersDialog(window.workspace, window)
    qtbot.addWidget(sent)
    sent.select(sent.rows[0].id)
    assert sent.export_button.isEnabled() and not sent.decide_box.isEnabled()
    package = tmp_path / "王秀英.rdtransfer"
    sent.export_selected(package, PACKAGE_PASSWORD)
    assert sent.error.text() == "" and package.exists()
    assert sent.table.item(0, 1).text() == "已导出转移包"
    assert "王秀英".encode() not in package.read_bytes()

    there_path = tmp_path / "lanzhou.sqlite3"
    shutil.copyfile(sqlite_template, there_path)
    there_db = _lanzhou(there_path)
    there = log_in(there_db, "lz_lead")
    incoming = TransfersDialog(there.workspace, there)
    qtbot.addWidget(incoming)
    incoming.import_package(package, "不是这个密码-2026")
    assert "密码不对" in incoming.error.text() and incoming.rows == []
    incoming.import_package(package, PACKAGE_PASSWORD)
    assert incoming.error.text() == ""
    assert incoming.table.item(0, 1).text() == "待接收"
    assert incoming.table.item(0, 3).text() == "王秀英"
    assert incoming.decide_box.isEnabled()
    chosen = incoming.caseworker.findText("兰州李社工", Qt.MatchFlag.MatchContains)
    incoming.caseworker.setCurrentIndex(chosen)
    qtbot.mouseClick(incoming.accept_button, Qt.MouseButton.LeftButton)
    assert incoming.error.text() == ""
    assert incoming.table.item(0, 1).text() == "已接收"
    opened: list[int] = []
    incoming.case_activated.connect(opened.append)
    incoming.open_selected()
    assert opened
    page = open_case(there, opened[0])
    events = _events(page)
    assert any("接收转移的个案" in e for e in events), events
    assert any("申请转移个案" in e and "哈尔滨" in page.timeline.item(r, 1).text()
               for r, e in enumerate(events)), events  # fmt: skip

    mine = open_case(window, case_id)
    note = mine.findChild(QLabel, "closed_note")
    assert note is not None and note.isVisible() and "转移" in note.text()
    there_db.dispose()
