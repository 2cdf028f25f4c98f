"""Administrators keep the directory of units and partner agencies."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from rescuedesk.models.enums import Role
from rescuedesk.services.office import directory
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.widgets.directory_widget import DirectoryWidget, RecordDialog
from tests.conftest import Staff
from tests.ui.conftest import type_in


def test_admin_adds_and_edits(qtbot: QtBot, db, staff: Staff) -> None:  # type: ignore[no-untyped-def]
    with db.write_session() as s:
        admin = Actor.for_user(
            directory.create_user(
                s,
                staff.system,
                {
                    "username": "adm9",
                    "full_name": "管理员",
                    "role": Role.ADMIN,
                    "unit_id": staff.unit_id,
                },
            ).record
        )
    widget = DirectoryWidget(Workspace(db, admin))
    qtbot.addWidget(widget)
    assert widget.units.rowCount() == 2
    # The units' divisions by name, not by code (issue #13).
    shown = {widget.units.item(r, 3).text() for r in range(2)}
    assert shown == {"黑龙江省哈尔滨市道里区", "甘肃省兰州市城关区"}
    saved = []
    dialog = RecordDialog(
        "t",
        widget.AGENCY_FIELDS,
        ("agency_type", "类型", {"hospital": "医院"}),
        {},
        lambda v: saved.append(widget.workspace.call(directory.create_agency, v)),
    )
    qtbot.addWidget(dialog)
    dialog.accept_form()  # no name: refused in the dialog
    assert "必填" in dialog.error.text() and not saved
    dialog.edits["name"].setText("哈尔滨市第一人民医院")
    place = dialog.places["division_code"]
    place.edit.setText("2301")  # names no place: refused, not saved without its place
    dialog.accept_form()
    assert "6位" in dialog.error.text() and place.problem() is not None and not saved
    dialog.show()
    place.edit.clear()
    place.edit.setFocus()
    type_in(qtbot, place.edit, "哈尔滨道里")
    qtbot.keyClick(place.list, Qt.Key.Key_Return)
    assert place.edit.text() == "黑龙江省 › 哈尔滨市 › 道里区"
    dialog.accept_form()
    assert saved and dialog.result() == dialog.DialogCode.Accepted
    assert saved[0].record.division_code == "230102"
    widget.refresh()
    assert widget.agencies.rowCount() == 1
    assert widget.agencies.item(0, 0).text() == "哈尔滨市第一人民医院"
    with db.write_session() as s:
        unit = directory.list_units(s)[0]
        directory.update_unit(s, admin, unit.id, unit.version, {"phone": "0451-000"})
        assert directory.list_units(s)[0].phone == "0451-000"
