"""The case list as the caseworker uses it: real widgets, real database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk.models import AuditEvent
from rescuedesk.services.casefile.case_queries import CaseFilter
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.table_models.case_list_table_model import PAGE, CaseListTableModel
from tests.conftest import Staff
from tests.factories import new_case


class _FakeRow:
    def __init__(self, i: int) -> None:
        self.case_id = i
        self.case_number = f"X-{i:06d}"
        self.real_name = f"name{i}"
        self.alias = None
        self.sex = "female"
        self.stage = type("S", (), {"value": "follow_up"})()
        self.intake_date = None
        self.caseworker = None


def test_model_at_100000_rows_fetches_only_the_pages_shown(qtbot: QtBot) -> None:
    asked: list[tuple[int, int]] = []

    def page(f: CaseFilter, sort: str, desc: bool, offset: int, limit: int) -> Sequence:
        asked.append((offset, limit))
        return [_FakeRow(i) for i in range(offset, min(offset + limit, 100_000))]

    model = CaseListTableModel(page, lambda f, cap: min(100_000, cap + 1))
    model.count_cap = 100_000  # the whole list counted at once (the cap: test_case_count_cap)
    model.refresh()
    assert model.rowCount() == 100_000
    assert model.data(model.index(0, 0)) == "X-000000"
    assert model.data(model.index(99_999, 1)) == "name99999"
    assert asked == [(0, PAGE), (99_999 // PAGE * PAGE, PAGE)]


def _window(qtbot: QtBot, ui_db) -> MainWindow:  # type: ignore[no-untyped-def]
    db, actor, _ = ui_db
    window = MainWindow(Workspace(db, actor))
    qtbot.addWidget(window)
    window.show()
    window.load_case_list()
    window.tabs.setCurrentWidget(window.case_list)  # the list is read when it is shown
    return window


def test_search_as_you_type_with_pinyin_and_open_a_case(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, _, ids = ui_db
    window = _window(qtbot, ui_db)
    assert window.model.rowCount() == 3
    qtbot.keyClicks(window.case_list.search, "zxm")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=2000)
    assert window.model.data(window.model.index(0, 1)) == "张晓梅"
    window.case_list.search.clear()
    qtbot.keyClicks(window.case_list.search, "lina")
    qtbot.waitUntil(
        lambda: (
            window.model.rowCount() == 1 and window.model.data(window.model.index(0, 1)) == "李娜"
        ),
        timeout=2000,
    )
    view = window.case_list.table
    view.setCurrentIndex(window.model.index(0, 0))
    qtbot.keyClick(view, "\r")  # Enter opens the case
    assert window.tabs.count() == 4  # home, list, planner and the case
    assert "李娜" in window.tabs.tabText(3)
    with db.read_session() as s:  # the opening was audited
        reads = s.scalars(select(AuditEvent.case_id).where(AuditEvent.action == "read")).all()
    assert reads == [ids["李娜"]]
    window.close_tab(0)  # the home page does not close
    window.close_tab(3)
    assert window.tabs.count() == 3


def test_ctrl_f_focuses_the_search(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ui_db)
    window.case_list.table.setFocus()
    find = next(
        a
        for a in window.findChildren(type(window.menuBar().actions()[0]))
        if a.shortcut().toString() == "Ctrl+F"
    )
    find.trigger()
    assert window.case_list.search.hasFocus() or window.focusWidget() is window.case_list.search


def test_the_list_opens_with_the_newest_intake_first_and_its_header_says_so(
    qtbot: QtBot, ui_db, staff: Staff
) -> None:  # type: ignore[no-untyped-def]
    """The model's own order, not the view's first column: walked by case number, a
    supervisor's first page read most of the other units' cases first (their numbers sort
    after hers), 38 MB of SQLite's page cache at 200,000 persons and more at a million."""
    db, _, ids = ui_db
    older = new_case(
        db, staff.caseworker, intake_date=dt.date(2026, 1, 5), rescue_date=dt.date(2026, 1, 4)
    )
    window = _window(qtbot, ui_db)
    header = window.case_list.table.horizontalHeader()
    column = [key for key, _ in CaseListTableModel.COLUMNS].index("intake_date")
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        column,
        Qt.SortOrder.DescendingOrder,
    )
    shown = [window.model.case_id_at(r) for r in range(window.model.rowCount())]
    # Today's three, the last opened first (the id breaks the tie), then January's.
    assert shown == [ids["王秀英"], ids["李娜"], ids["张晓梅"], older]
