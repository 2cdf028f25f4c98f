"""The guardianship record (LN 6(二)) on the placement page, from its registry entry alone."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk.models.guardianship import Guardianship, GuardianshipKind
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.widgets.case_file_widget import CaseFileWidget
from tests.conftest import Staff
from tests.ui.conftest import enter_text, pick

TODAY = dt.date(2026, 11, 25)


def test_a_caseworker_records_who_the_guardian_is(
    qtbot: QtBot,
    ui_db,
    staff: Staff,  # type: ignore[no-untyped-def]
) -> None:
    db, lead, ids = ui_db
    window = MainWindow(Workspace(db, lead))
    qtbot.addWidget(window)
    case_id = next(iter(ids.values()))
    window.open_case(case_id)
    page = window.current_case_file()
    assert isinstance(page, CaseFileWidget)
    page.show_page("安置")
    guardians = page.section(Guardianship)
    guardians.add_button.click()

    # Without a guardian the save is refused beside the field.
    pick(guardians, "kind", "temporary")
    assert not guardians.save()
    beside = guardians.form.findChild(QLabel, "error_guardian_name")
    assert beside is not None and beside.isVisibleTo(guardians.form)

    enter_text(guardians, "guardian_name", "哈尔滨市民政局")
    enter_text(guardians, "guardian_relation", "民政部门")
    assert guardians.save()
    with db.read_session() as s:
        stored = s.scalars(select(Guardianship).where(Guardianship.case_id == case_id)).one()
        assert (stored.kind, stored.guardian_name, stored.since) == (
            GuardianshipKind.TEMPORARY,
            "哈尔滨市民政局",
            TODAY,
        )
    headers = [
        guardians.table.horizontalHeaderItem(c).text() for c in range(guardians.table.columnCount())
    ]
    assert guardians.table.item(0, headers.index("监护类型")).text() == "临时监护"

    # Editing the saved record shows its kind again; the timeline names it.
    guardians.start_edit(0)
    assert guardians.form.editors["kind"].get() == "temporary"

    page.refresh_header()
    events = [page.timeline.item(r, 2).text() for r in range(page.timeline.rowCount())]
    assert any(e.startswith("新增监护") for e in events), "|".join(events)
