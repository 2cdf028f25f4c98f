"""Issue #11 item 5 at the user's door: the legal rules cannot be got round from the forms.

Each test logs in through the real log-in dialog (typed into by the ``log_in``
fixture of tests/ui/conftest.py), opens the case tab and types into the form widgets, then
saves with Ctrl+S, as a caseworker would.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from rescuedesk.db import Database
from rescuedesk.models import CaseBuyer, Placement, TracingAction
from rescuedesk.models.enums import PlacementStatus, Role
from rescuedesk.services.casefile import records
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.dialogs.stage_dialog import StageDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.widgets.case_file_widget import CaseFileWidget
from rescuedesk.ui.widgets.record_section import RecordSection
from tests.conftest import Staff
from tests.factories import first_admin, new_account, new_case, new_person
from tests.ui.conftest import LogIn, open_case, pick

PASSWORD = "社工的-长密码-2026"
PROFILE = "D8S1179:13,14 D21S11:30,31 TH01:6,9"


@pytest.fixture
def accounts_db(db: Database, staff: Staff) -> tuple[Database, dict[str, Actor]]:
    """Log-in accounts: two caseworkers and two supervisors of the unit."""
    root = first_admin(db, PASSWORD)
    actors = {}
    for username, name, role in (
        ("li", "李社工", Role.CASEWORKER),
        ("wang", "王社工", Role.CASEWORKER),
        ("zhao", "赵主管", Role.SUPERVISOR),
        ("qian", "钱主管", Role.SUPERVISOR),
    ):
        actors[username] = new_account(db, root, username, name, role, PASSWORD, staff.unit_id)
    return db, actors


def type_text(qtbot: QtBot, section: RecordSection, field: str, text: str) -> None:
    """Type into a line edit: keys for ASCII, the input method's commit for Chinese."""
    edit = section.form.editors[field].widget
    assert isinstance(edit, QLineEdit)
    edit.setFocus()
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)
        edit.textEdited.emit(edit.text())


def press_ctrl_s(qtbot: QtBot, window: MainWindow) -> None:
    # Through the window system, as a real key press: the shortcut map sees it first.
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(10)


def count(db: Database, model: type, case_id: int) -> int:
    with db.read_session() as s:
        return s.scalar(
            select(func.count())
            .select_from(model)
            .where(model.case_id == case_id, model.voided_at.is_(None))
        )


def caseworkers_case(db: Database, actor: Actor, **person: object) -> int:
    return new_case(db, actor, new_person(db, actor, **person))


# ------------------------------------------------------------------ DNA (HLJ 47)


def test_a_dna_profile_typed_into_the_police_reference_is_refused(
    qtbot: QtBot, accounts_db, log_in: LogIn
) -> None:  # type: ignore[no-untyped-def]
    db, actors = accounts_db
    case_id = caseworkers_case(db, actors["li"])
    window = log_in(db, "li", PASSWORD)
    page = open_case(window, case_id, "寻亲")
    tracing = page.section(TracingAction)
    tracing.add_button.click()
    pick(tracing, "kind", "dna_sample")
    type_text(qtbot, tracing, "police_unit", "哈尔滨市公安局")
    type_text(qtbot, tracing, "police_reference", PROFILE)
    press_ctrl_s(qtbot, window)
    beside = tracing.form.errors["police_reference"]
    assert beside.isVisibleTo(tracing.form)
    assert "DNA 数据只由公安机关采集和保存" in beside.text()
    assert count(db, TracingAction, case_id) == 0

    # The police's case number is what belongs there.
    type_text(qtbot, tracing, "police_reference", "A2301020000002026110001")
    press_ctrl_s(qtbot, window)
    assert count(db, TracingAction, case_id) == 1
    assert tracing.form_box.isHidden()


# ------------------------------------- placement approval: a supervisor, four eyes (HLJ 61)


def _welfare_plan_typed(  # type: ignore[no-untyped-def]
    qtbot: QtBot, log_in: LogIn, accounts_db, username: str
) -> tuple[int, MainWindow, CaseFileWidget, RecordSection]:
    """A case of ``username``'s, she logged in with its 安置 page open, and a placement in a
    children's welfare home typed into a new form, not saved: (case, window, page, section)."""
    db, actors = accounts_db
    case_id = caseworkers_case(db, actors[username])
    window = log_in(db, username, PASSWORD)
    page = open_case(window, case_id, "安置")
    placement = page.section(Placement)
    placement.add_button.click()
    pick(placement, "placement_type", "child_welfare")
    type_text(qtbot, placement, "institution_name", "哈尔滨市儿童福利院")
    return case_id, window, page, placement


def test_a_caseworker_cannot_approve_her_own_plan_in_the_form(
    qtbot: QtBot, accounts_db, log_in: LogIn
) -> None:  # type: ignore[no-untyped-def]
    db, _ = accounts_db
    case_id, window, _page, placement = _welfare_plan_typed(qtbot, log_in, accounts_db, "li")
    status = placement.form.editors["status"].widget
    assert isinstance(status, QComboBox)
    approved = status.findData("approved")
    assert not status.model().item(approved).isEnabled()  # type: ignore[attr-defined]
    assert not status.isEnabled()  # a new plan is “拟定中” until a supervisor approves it
    # Whatever puts “已批准” into the form, the save refuses it beside the field.
    status.setCurrentIndex(approved)
    press_ctrl_s(qtbot, window)
    assert "批准" in placement.form.errors["status"].text()
    assert placement.form.errors["status"].isVisibleTo(placement.form)
    assert count(db, Placement, case_id) == 0
    status.setCurrentIndex(status.findData("planned"))
    press_ctrl_s(qtbot, window)
    with db.read_session() as s:
        plan = s.scalars(select(Placement).where(Placement.case_id == case_id)).one()
        assert plan.status == PlacementStatus.PLANNED and plan.approved_by_id is None


def test_a_supervisor_cannot_approve_the_plan_she_drafted(
    qtbot: QtBot, accounts_db, log_in: LogIn, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, _ = accounts_db
    case_id, window, _page, placement = _welfare_plan_typed(qtbot, log_in, accounts_db, "zhao")
    press_ctrl_s(qtbot, window)
    assert count(db, Placement, case_id) == 1
    shown: list[str] = []
    monkeypatch.setattr(
        "rescuedesk.ui.widgets.record_section.QInputDialog.getText", lambda *a, **k: ("", True)
    )
    monkeypatch.setattr(
        "rescuedesk.ui.widgets.record_section.QMessageBox.warning",
        lambda _parent, _title, text: shown.append(text),
    )
    placement.table.selectRow(0)
    assert placement.approve_button is not None
    placement.approve_button.click()
    assert shown and "另一位主管" in shown[0]
    with db.read_session() as s:
        assert s.scalar(select(Placement.status)) == PlacementStatus.PLANNED


# ------------------------------------------ closure waits for what is pending approval


def test_closure_waits_for_the_plan_and_a_closed_case_is_read_only(
    qtbot: QtBot, accounts_db, log_in: LogIn
) -> None:  # type: ignore[no-untyped-def]
    db, actors = accounts_db
    case_id, window, page, placement = _welfare_plan_typed(qtbot, log_in, accounts_db, "li")
    press_ctrl_s(qtbot, window)
    assert count(db, Placement, case_id) == 1

    def closure_dialog(workspace: Workspace, action: str, reason: str) -> StageDialog:
        dialog = StageDialog(workspace, case_id)
        qtbot.addWidget(dialog)
        dialog.action.setCurrentIndex(dialog.action.findData(action))
        qtbot.keyClicks(dialog.reason, reason)
        dialog.apply()
        return dialog

    refused = closure_dialog(window.workspace, "request", "placed")
    assert not refused.result()
    assert "待批准" in refused.error.text() and "安置方案（儿童福利机构" in refused.error.text()

    with db.write_session() as s:  # the supervisor approves the plan (her own screen)
        plan_id = s.scalar(select(Placement.id))
        records.approve_placement(s, actors["zhao"], plan_id)
    assert closure_dialog(window.workspace, "request", "placed").result()
    assert closure_dialog(Workspace(db, actors["qian"]), "approve", "ok").result()
    window.refresh_case(case_id)

    assert page.closed_note.isVisibleTo(page) and "重新开启" in page.closed_note.text()
    for section in page.sections.values():
        assert not section.add_button.isEnabled()
        assert not section.edit_button.isEnabled()
    assert not page.person.form.isEnabled() and not page.case.form.isEnabled()
    placement.table.selectRow(0)
    placement.table.doubleClicked.emit(placement.table.model().index(0, 0))
    assert placement.form_box.isHidden()  # no form opens on a closed case


# ------------------------------- the buying family, written differently (HLJ 49; LN 10)


def _buyer_on_file(db: Database, actor: Actor, **person: object) -> int:
    case_id = caseworkers_case(db, actor, **person)
    with db.write_session() as s:
        records.add_record(
            s,
            actor,
            CaseBuyer,
            case_id,
            {"name": "赵大山", "address": "黑龙江省哈尔滨市呼兰区石人镇某村三组"},
        )
    return case_id


def _family_return(qtbot: QtBot, placement: RecordSection, address: str) -> None:
    placement.add_button.click()
    pick(placement, "placement_type", "family_return")
    carers = placement.form.editors["carers"]
    carers.add_carer({"name": "赵某", "relation": "parent"})  # type: ignore[attr-defined]
    placement.form.editors["start_date"].set(dt.date(2026, 11, 20))
    type_text(qtbot, placement, "address", address)


@pytest.mark.parametrize("birth", [dt.date(2008, 11, 21), None], ids=["17", "unknown"])
def test_a_child_is_not_placed_at_the_buyers_address_written_differently(
    qtbot: QtBot, accounts_db, log_in: LogIn, birth: dt.date | None
) -> None:  # type: ignore[no-untyped-def]
    db, actors = accounts_db
    person = {"birth_date": birth} if birth else {"birth_date": None, "identity_known": False}
    case_id = _buyer_on_file(db, actors["li"], **person)
    window = log_in(db, "li", PASSWORD)
    placement = open_case(window, case_id, "安置").section(Placement)
    _family_return(qtbot, placement, "哈尔滨市呼兰区石人镇某村3组")
    press_ctrl_s(qtbot, window)
    beside = placement.form.errors["address"]
    assert beside.isVisibleTo(placement.form) and "收买人家庭的地址" in beside.text()
    assert count(db, Placement, case_id) == 0


def test_an_adult_may_be_placed_there(qtbot: QtBot, accounts_db, log_in: LogIn) -> None:  # type: ignore[no-untyped-def]
    db, actors = accounts_db
    case_id = _buyer_on_file(db, actors["li"], birth_date=dt.date(2008, 11, 20))  # 18 that day
    window = log_in(db, "li", PASSWORD)
    placement = open_case(window, case_id, "安置").section(Placement)
    _family_return(qtbot, placement, "哈尔滨市呼兰区石人镇某村3组")
    press_ctrl_s(qtbot, window)
    assert count(db, Placement, case_id) == 1


def test_the_buyers_village_is_saved_only_after_the_warning_is_confirmed(
    qtbot: QtBot, accounts_db, log_in: LogIn
) -> None:  # type: ignore[no-untyped-def]
    db, actors = accounts_db
    case_id = _buyer_on_file(db, actors["li"], birth_date=dt.date(2008, 11, 21))
    window = log_in(db, "li", PASSWORD)
    page = open_case(window, case_id, "安置")
    placement = page.section(Placement)
    _family_return(qtbot, placement, "哈尔滨市呼兰区石人镇某村5组")
    # As she types, the form warns and asks for her word.
    qtbot.waitUntil(lambda: placement.acknowledge.isVisibleTo(placement), timeout=3000)
    assert "同一个村" in placement.form.warnings.text()
    press_ctrl_s(qtbot, window)  # not confirmed: not saved, and told why beside the address
    assert count(db, Placement, case_id) == 0
    assert "同一个村" in placement.form.errors["address"].text()
    assert placement.acknowledge.isVisibleTo(placement)
    placement.acknowledge.setFocus()
    qtbot.keyClick(placement.acknowledge, Qt.Key.Key_Space)
    assert placement.acknowledge.isChecked()
    press_ctrl_s(qtbot, window)
    assert count(db, Placement, case_id) == 1
    page.refresh_header()
    events = [page.timeline.item(r, 2).text() for r in range(page.timeline.rowCount())]
    assert any(e.startswith("确认提示后保存安置") and "同一个村" in e for e in events), events
