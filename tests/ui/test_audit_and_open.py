"""The auditor's view, and a case that is not shown when its read cannot be audited."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from rescuedesk.models.enums import Role
from rescuedesk.services.office import audit
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from tests.factories import new_user


def test_auditor_sees_the_trail_not_the_cases(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, supervisor, ids = ui_db
    auditor = new_user(db, "aud", "审计员", Role.AUDITOR, by=Actor.system("t"))
    lead = MainWindow(Workspace(db, supervisor))
    qtbot.addWidget(lead)
    lead.open_case(ids["李娜"])
    window = MainWindow(Workspace(db, auditor))
    qtbot.addWidget(window)
    window.show()
    window.load_case_list()
    trail = window.audit_trail
    assert trail is not None and window.tabs.tabText(0) == "审计记录"
    qtbot.keyClicks(trail.action, "read")
    trail.search.click()
    assert trail.table.rowCount() == 1
    assert trail.table.item(0, 2).text() == "lead"


def test_case_is_not_shown_when_its_read_cannot_be_audited(
    qtbot: QtBot,
    ui_db,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    db, supervisor, ids = ui_db
    window = MainWindow(Workspace(db, supervisor))
    qtbot.addWidget(window)
    shown: list[str] = []
    monkeypatch.setattr(
        "rescuedesk.ui.main_window.QMessageBox.warning", lambda *a: shown.append(a[2])
    )

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        from rescuedesk.errors import DomainError

        raise DomainError("审计记录写入失败")

    monkeypatch.setattr(audit, "record", broken)
    window.open_case(ids["李娜"])
    assert window.tabs.count() == 3 and shown == ["审计记录写入失败"]  # home, list, planner
