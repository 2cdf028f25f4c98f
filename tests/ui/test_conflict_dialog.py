"""Two workstations edit the same record: both versions side by side, nothing lost (#3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from rescuedesk.models import Assistance, Person
from rescuedesk.services.casefile import records
from rescuedesk.ui.dialogs.conflict_dialog import MINE, THEIRS, ConflictDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from tests.conftest import Staff


def _assistance(db, staff: Staff, case_id: int) -> int:  # type: ignore[no-untyped-def]
    with db.write_session() as s:
        return records.add_record(
            s,
            staff.caseworker,
            Assistance,
            case_id,
            {"kind": "food", "start_date": "2026-11-20", "provider": "救助站食堂"},
        ).record.id


def _open(qtbot: QtBot, db, actor, case_id: int):  # type: ignore[no-untyped-def]
    window = MainWindow(Workspace(db, actor))
    qtbot.addWidget(window)
    window.open_case(case_id)
    return window, window.current_case_file()


def _editing_assistance(qtbot: QtBot, db, staff: Staff, case_id: int):  # type: ignore[no-untyped-def]
    """An assistance record of the case, its form opened for editing by the caseworker:
    (the record's id, the section)."""
    record_id = _assistance(db, staff, case_id)
    _window, page = _open(qtbot, db, staff.caseworker, case_id)
    section = page.section(Assistance)
    section.start_edit(0)
    return record_id, section


def test_merge_field_by_field_keeps_both_peoples_work(
    qtbot: QtBot, ui_db, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    db, lead, ids = ui_db
    record_id, section = _editing_assistance(qtbot, db, staff, ids["张晓梅"])
    # Meanwhile, at another workstation:
    with db.write_session() as s:
        records.update_record(
            s,
            lead,
            Assistance,
            record_id,
            1,
            {"provider": "市第一医院营养科", "description": "每日三餐，另加牛奶"},
        )
    section.form.editors["provider"].set("区救助站")
    section.form.editors["amount"].set(Decimal("120"))
    seen: dict[str, object] = {}

    def decide(dialog: ConflictDialog) -> int:
        seen["fields"] = sorted(dialog.differing_fields())
        seen["defaults"] = {spec.name: box.currentData() for spec, box in dialog.rows}
        table = dialog.table
        seen["cells"] = [
            [table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())
        ]
        dialog.choose("provider", THEIRS)
        return 1

    monkeypatch.setattr(ConflictDialog, "exec", decide)
    assert section.save()
    assert seen["fields"] == ["amount", "description", "provider"]
    # Only the other side touched the description: it starts on theirs; the rest on mine.
    assert seen["defaults"] == {"provider": MINE, "amount": MINE, "description": THEIRS}
    assert ["提供方", "区救助站", "市第一医院营养科"] in seen["cells"]
    with db.read_session() as s:
        stored = s.get(Assistance, record_id)
        assert stored is not None
        assert stored.provider == "市第一医院营养科"
        assert stored.description == "每日三餐，另加牛奶"
        assert stored.amount == Decimal("120")
        assert stored.version == 3


def test_cancelling_the_conflict_saves_nothing_and_keeps_the_input(
    qtbot: QtBot, ui_db, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    db, lead, ids = ui_db
    record_id, section = _editing_assistance(qtbot, db, staff, ids["李娜"])
    with db.write_session() as s:
        records.update_record(s, lead, Assistance, record_id, 1, {"provider": "甲"})
    section.form.editors["provider"].set("乙")
    monkeypatch.setattr(ConflictDialog, "exec", lambda self: 0)
    assert not section.save()
    assert section.form.editors["provider"].get() == "乙"
    with db.read_session() as s:
        assert s.get(Assistance, record_id).provider == "甲"  # type: ignore[union-attr]


def test_keep_mine_on_the_person_form(
    qtbot: QtBot, ui_db, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    db, lead, ids = ui_db
    _window, page = _open(qtbot, db, lead, ids["王秀英"])
    person_id = page.person.stored["id"]
    with db.write_session() as s:
        from rescuedesk.services.people import persons

        persons.update_person(s, staff.caseworker, person_id, 1, {"phone": "13800000000"})
    page.person.form.editors["phone"].set("13900000000")
    page.person.form.editors["current_address"].set("哈尔滨市道里区某街1号")

    def keep_mine(dialog: ConflictDialog) -> int:
        assert dialog.differing_fields() == ["phone", "current_address"]
        dialog._choose_all(MINE)
        return 1

    monkeypatch.setattr(ConflictDialog, "exec", keep_mine)
    assert page.person.save()
    with db.read_session() as s:
        person = s.get(Person, person_id)
        assert person is not None
        assert (person.phone, person.current_address) == ("13900000000", "哈尔滨市道里区某街1号")
