"""Home page and follow-up planner with the real widgets."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from rescuedesk.models import FollowUpVisit
from rescuedesk.services.casefile import cases, records
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.widgets.planner_widget import RecordVisitDialog
from tests.conftest import Staff


def test_home_planner_and_recording_a_visit(qtbot: QtBot, ui_db, staff: Staff) -> None:  # type: ignore[no-untyped-def]
    db, lead, ids = ui_db
    with db.write_session() as s:
        records.add_record(
            s,
            lead,
            FollowUpVisit,
            ids["李娜"],
            {"planned_date": dt.date(2026, 11, 20), "visitor_id": lead.user_id},
        )  # overdue
        records.add_record(
            s,
            lead,
            FollowUpVisit,
            ids["王秀英"],
            {"planned_date": dt.date(2026, 11, 28), "visitor_id": lead.user_id},
        )
        cases.request_closure(s, staff.caseworker, ids["张晓梅"], "已稳定")
    window = MainWindow(Workspace(db, lead))
    qtbot.addWidget(window)
    window.load_case_list()
    home = window.home
    assert home is not None
    qtbot.waitUntil(lambda: not home.loading)  # read off the UI thread
    # One list of tasks: the visits (the overdue one first, in red) and the approval.
    rows = [
        [home.tasks.item(r, c) for c in range(home.tasks.columnCount())]
        for r in range(home.tasks.rowCount())
    ]
    visits = [row for row in rows if row[0].text().startswith("回访")]
    assert len(visits) == 2 and "逾期" in visits[0][0].text() and visits[0][2].text() == "李娜"
    assert visits[0][0].foreground().color().name() == "#b00020"
    [approval] = [row for row in rows if "审批结案申请" in row[0].text()]
    assert approval[2].text() == "张晓梅"
    assert "登记 0" in home.stages.text()  # the supervisor is nobody's caseworker here
    home.stages.linkActivated.emit("registration")  # the count opens the list of those cases
    assert window.tabs.currentWidget() is window.case_list and window.model.rowCount() == 0
    window.case_list.show_all.click()
    assert window.model.rowCount() == 3

    planner = window.planner
    assert planner is not None
    planner.range.setCurrentIndex(planner.range.findData(0))  # overdue only
    assert planner.table.rowCount() == 1 and planner.table.item(0, 2).text() == "李娜"
    dialog = RecordVisitDialog(window.workspace, planner.visits[0])
    qtbot.addWidget(dialog)
    assert dialog.next_on.date().toPython() == dt.date(2026, 11, 25) + dt.timedelta(days=90)
    safety = dialog.dimensions["safety"]
    safety.setCurrentIndex(safety.findData("poor"))  # a safety problem: back in a week
    assert dialog.next_on.date().toPython() == dt.date(2026, 12, 2)
    dialog.problems.setText("邻居议论")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    planner.refresh()
    assert planner.table.rowCount() == 0  # nothing overdue any more
    with db.read_session() as s:
        visits_of_case = records.list_records(s, FollowUpVisit, ids["李娜"])
    assert [(v.done_date, v.planned_date) for v in visits_of_case] == [
        (dt.date(2026, 11, 25), dt.date(2026, 11, 20)),
        (None, dt.date(2026, 12, 2)),
    ]


def test_the_home_page_counts_open_the_caseworkers_own_cases(
    qtbot: QtBot, ui_db, staff: Staff
) -> None:  # type: ignore[no-untyped-def]
    db, _lead, ids = ui_db
    with db.write_session() as s:
        cases.change_stage(s, staff.caseworker, ids["李娜"], "tracing", reason=None)
    window = MainWindow(Workspace(db, staff.caseworker))
    qtbot.addWidget(window)
    window.load_case_list()
    qtbot.waitUntil(lambda: not window.home.loading)
    assert "登记 2" in window.home.stages.text() and "寻亲 1" in window.home.stages.text()
    window.home.stages.linkActivated.emit("tracing")
    assert window.model.rowCount() == 1
    assert window.model.data(window.model.index(0, 1)) == "李娜"
    assert "我的在办个案：寻亲" in window.case_list.only_label.text()


def test_a_recorded_visit_refreshes_the_planner_and_the_case_once(
    qtbot: QtBot,
    ui_db,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """Issue #12: the visit dialog tells the workspace's notifier; the shown planner and the
    case's open file read again by themselves, each once, with no refresh wired by hand."""
    db, lead, ids = ui_db
    with db.write_session() as s:
        records.add_record(
            s,
            lead,
            FollowUpVisit,
            ids["李娜"],
            {"planned_date": dt.date(2026, 11, 20), "visitor_id": lead.user_id},
        )
    window = MainWindow(Workspace(db, lead))
    qtbot.addWidget(window)
    window.show()
    window.open_case(ids["李娜"])
    page = window.current_case_file()
    assert page is not None
    planner = window.planner
    assert planner is not None
    window.tabs.setCurrentWidget(planner)
    planner.range.setCurrentIndex(planner.range.findData(0))  # overdue only
    assert planner.table.rowCount() == 1
    refreshed: list[str] = []
    real_refresh = planner.refresh
    monkeypatch.setattr(planner, "refresh", lambda: (refreshed.append("planner"), real_refresh()))
    visits = page.section(FollowUpVisit)
    real_reload = visits.reload
    monkeypatch.setattr(visits, "reload", lambda: (refreshed.append("case"), real_reload()))
    planner.table.selectRow(0)

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RecordVisitDialog)
        dialog.save()

    QTimer.singleShot(0, fill_in)
    planner.record_selected()
    assert sorted(refreshed) == ["case", "planner"]
    assert planner.table.rowCount() == 0  # nothing overdue any more
