"""The operation runner (rescuedesk/ui/ops.py) as the user sees it: a refused action says
why, in Chinese, the one way; a write through an op shows in every open view that shows it,
with nobody wiring a refresh by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from rescuedesk.errors import ValidationError
from rescuedesk.models import Referral
from rescuedesk.models.enums import Sex
from rescuedesk.services.casefile import cases
from rescuedesk.services.people import persons
from rescuedesk.ui.dialogs.letter_dialog import LetterDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import CASES, Change, Workspace, case_changed, in_transaction
from tests.factories import consent_to_share

REFUSED = "这位受助人已结案，不能再修改。"


def _refused(_db: object, _actor: object) -> None:
    raise ValidationError(REFUSED, field="stage")


def test_a_refused_action_is_said_in_the_error_line_and_changes_nothing(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db
) -> None:
    db, actor, _ = ui_db
    workspace = Workspace(db, actor)
    heard: list[tuple[Change, ...]] = []
    workspace.changes.changed.connect(heard.append)
    line = QLabel()
    assert workspace.perform(_refused, errors=line, changes=[CASES]) is None
    assert line.text() == REFUSED and heard == []


def test_without_an_error_line_it_is_a_message_box_over_the_window(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, actor, _ = ui_db
    shown: list[tuple[object, str, str]] = []
    monkeypatch.setattr(
        "rescuedesk.ui.ops.QMessageBox.warning",
        lambda parent, title, text: shown.append((parent, title, text)),
    )
    window = QWidget()
    qtbot.addWidget(window)
    Workspace(db, actor).perform(_refused, errors=window, title="登记新个案")
    assert shown == [(window, "登记新个案", REFUSED)]


def _window(qtbot: QtBot, db, actor) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(Workspace(db, actor))
    qtbot.addWidget(window, before_close_func=lambda w: w.hide())
    window.show()
    window.load_case_list()
    window.tabs.setCurrentWidget(window.case_list)
    return window


def test_a_write_through_an_op_refreshes_the_open_case_list(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    db, actor, _ = ui_db
    window = _window(qtbot, db, actor)
    assert window.model.rowCount() == 3

    def register(session, actor):  # type: ignore[no-untyped-def]
        data = {"real_name": "赵小红", "sex": Sex.FEMALE, "birth_date": dt.date(2001, 2, 3)}
        person = persons.create_person(session, actor, data).record
        return cases.open_case(
            session,
            actor,
            person.id,
            {"intake_channel": "police_handover", "intake_date": dt.date(2026, 11, 20)},
        ).record.id

    case_id = window.workspace.perform(in_transaction(register), errors=None, changes=[CASES])
    assert case_id is not None
    assert window.model.rowCount() == 4  # nobody called load_case_list


def test_a_letter_from_a_dialog_nobody_wired_shows_in_the_open_case_file(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ui_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, actor, ids = ui_db
    consent_to_share(db, actor, ids["李娜"], ["hospital"])
    window = _window(qtbot, db, actor)
    window.open_case(ids["李娜"])
    page = window.current_case_file()
    assert page is not None and page.section(Referral).table.rowCount() == 0
    # The dialog made directly on the workspace, not through the window's menu.
    dialog = LetterDialog(window.workspace, ids["李娜"])
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("hospital"))
    monkeypatch.setattr(
        "rescuedesk.ui.dialogs.letter_dialog.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(tmp_path / "letter.pdf"), ""),
    )
    dialog.save_pdf()
    assert dialog.issued_number is not None, dialog.error.text()
    assert page.section(Referral).table.rowCount() == 1
    history = [page.timeline.item(r, 2).text() for r in range(page.timeline.rowCount())]
    assert "打印转介函" in history


def test_a_batch_of_changes_reads_the_list_once(qtbot: QtBot, ui_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, actor, ids = ui_db
    window = _window(qtbot, db, actor)
    reads: list[int] = []
    monkeypatch.setattr(window, "load_case_list", lambda: reads.append(1))
    window.workspace.changes.tell([case_changed(i, Referral) for i in ids.values()])
    assert reads == [1]
