"""A newcomer registers a woman from Vietnam by name, not by code (issue #13): met as a
caseworker meets it, logged in through the log-in dialog, the case file opened afterwards."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from rescuedesk.models import Case
from rescuedesk.ui.dialogs.new_case_dialog import NewCaseDialog
from rescuedesk.ui.forms.field_editors import display
from rescuedesk.ui.forms.specs import PERSON
from tests.ui.conftest import LogIn, open_case


def _commit(line, text: str) -> None:  # type: ignore[no-untyped-def]
    """``text`` committed by an input method (QTest types ASCII only)."""
    line.insert(text)
    line.textEdited.emit(line.text())


def test_register_a_woman_from_vietnam_by_name(qtbot: QtBot, ui_db, log_in: LogIn) -> None:  # type: ignore[no-untyped-def]
    db, _lead, _ids = ui_db
    window = log_in(db)
    dialog = NewCaseDialog(window.workspace, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.nationality.currentText() == "中国"  # the default, by name

    # Typed in pinyin, the drop-down narrows to 越南 and Enter takes it.
    line = dialog.nationality.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "yuenan")
    popup = dialog.nationality.completer().popup()
    assert isinstance(popup, QAbstractItemView)
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().index(0, 0).data() == "越南"
    popup.setCurrentIndex(popup.model().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.nationality.currentText() == "越南"

    # Her languages by name: one picked from the list, a dialect typed.
    _commit(dialog.languages.chooser.lineEdit(), "越南语")
    qtbot.mouseClick(dialog.languages.add_button, Qt.MouseButton.LeftButton)
    _commit(dialog.languages.chooser.lineEdit(), "粤语")
    qtbot.keyClick(dialog.languages.chooser.lineEdit(), Qt.Key.Key_Return)
    assert [
        dialog.languages.chosen.item(i).text() for i in range(dialog.languages.chosen.count())
    ] == ["越南语", "粤语"]

    _commit(dialog.real_name, "阮氏梅")
    dialog.ethnicity.setCurrentIndex(0)  # no ethnic group: she is no Chinese citizen
    dialog.save()
    assert dialog.case_id is not None, dialog.error.text()
    with db.read_session() as s:
        case = s.get(Case, dialog.case_id)
        assert case is not None
        assert (case.person.nationality, case.person.languages) == ("VNM", ["vi", "yue"])

    # The case file shows names, not codes.
    person = open_case(window, dialog.case_id).person
    nationality = person.form.editors["nationality"]
    assert nationality.widget.currentText() == "越南"
    assert nationality.get() == "VNM"
    assert person.form.editors["languages"].get() == ["vi", "yue"]
    assert not person.is_dirty()  # shown by name, still the same code

    # Corrected in the person's form, by name again.
    nationality.widget.lineEdit().clear()
    _commit(nationality.widget.lineEdit(), "缅甸")
    assert person.is_dirty() and person.save()
    with db.read_session() as s:
        case = s.get(Case, dialog.case_id)
        assert case is not None and case.person.nationality == "MMR"
    assert display(PERSON.field("nationality"), "VNM") == "越南"
    assert display(PERSON.field("languages"), ["vi", "四川话"]) == "越南语、四川话"


def test_nationality_typed_as_a_chinese_name_or_a_code(qtbot: QtBot, ui_db, log_in: LogIn) -> None:  # type: ignore[no-untyped-def]
    db, _lead, _ids = ui_db
    window = log_in(db)
    dialog = NewCaseDialog(window.workspace, window)
    qtbot.addWidget(dialog)
    line = dialog.nationality.lineEdit()
    line.clear()
    _commit(line, "越南")  # left without choosing from the drop-down
    assert dialog.nationality.code() == "VNM"
    line.clear()
    qtbot.keyClicks(line, "LAO")
    line.editingFinished.emit()
    assert dialog.nationality.currentText() == "老挝"  # shown by name once left
    line.clear()
    _commit(line, "火星")
    _commit(dialog.real_name, "某某")
    dialog.save()
    assert dialog.case_id is None
    assert "火星" in dialog.errors["nationality"].text()
