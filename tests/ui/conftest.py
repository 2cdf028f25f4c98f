from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from rescuedesk.db import Database
from rescuedesk.models.enums import Role, Sex
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from rescuedesk.services.people.identity import make_id_number
from rescuedesk.ui import main_thread_gc
from rescuedesk.ui.dialogs.import_wizard import ImportWizard
from rescuedesk.ui.dialogs.login_dialog import LoginDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.widgets.case_file_widget import CaseFileWidget
from rescuedesk.ui.widgets.record_section import RecordSection
from tests.conftest import Staff
from tests.factories import first_admin, new_account, new_case
from tests.unit.test_secrets import MemoryKeyring

PASSWORD = "主管的-长密码-2026"


@pytest.fixture(scope="session", autouse=True)
def _collect_on_ui_thread(qapp):  # type: ignore[no-untyped-def]
    """As the program does (ui/main_thread_gc.py): no automatic collection, which could run on
    a background read's thread and destroy an earlier test's window there."""
    collector = main_thread_gc.install(qapp)
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def _collected_after(qapp):  # type: ignore[no-untyped-def]
    yield
    gc.collect()  # this test's windows, dialogs and their cycles go here, on the UI thread


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, qapp, monkeypatch):  # type: ignore[no-untyped-def]
    # The database the wizard chooses is remembered in a config file (config.py), per test.
    monkeypatch.setenv("RESCUEDESK_CONFIG_DIR", str(tmp_path / "config"))
    QCoreApplication.setOrganizationName("RescueDeskTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A keyring in memory instead of the system's, for the test."""
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture
def ui_db(db: Database, staff: Staff) -> tuple[Database, Actor, dict[str, int]]:
    """A database with a supervisor account and three cases of its unit."""
    root = first_admin(db, "管理员的-长密码-2026")
    actor = new_account(db, root, "lead", "李主管", Role.SUPERVISOR, PASSWORD, staff.unit_id)
    ids = {}
    for name in ("张晓梅", "李娜", "王秀英"):
        with db.write_session() as s:
            pid = persons.create_person(
                s,
                staff.caseworker,
                {
                    "real_name": name,
                    "sex": Sex.FEMALE,
                    "id_number": make_id_number(
                        "230102", dt.date(1995, 1, 1), len(ids), Sex.FEMALE
                    ),
                },
            ).record.id
        ids[name] = new_case(db, staff.caseworker, pid)
    return db, actor, ids


LogIn = Callable[..., MainWindow]


@pytest.fixture
def log_in(qtbot: QtBot) -> LogIn:
    """``log_in(db, username="lead", password=PASSWORD)``: the program's start as app.run
    does it, the log-in dialog typed into, then the main window it opens, active."""

    def log_in(db: Database, username: str = "lead", password: str = PASSWORD) -> MainWindow:
        dialog = LoginDialog(db.url, db=db)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.username, username)
        dialog.password.setText(password)  # typed through an input method: QTest types ASCII only
        dialog.try_login()
        assert dialog.result_value is not None, dialog.error.text()
        window = MainWindow(Workspace(*dialog.result_value))
        # Hidden first: a visible window with a form open would ask about unsaved input.
        qtbot.addWidget(window, before_close_func=lambda w: w.hide())
        window.resize(1366, 768)
        window.show()
        window.activateWindow()
        qtbot.waitActive(window)
        window.load_case_list()
        return window

    return log_in


def open_case(window: MainWindow, case_id: int, page_title: str | None = None) -> CaseFileWidget:
    """The case's file opened from the main window, at ``page_title`` when given."""
    window.open_case(case_id)
    page = window.current_case_file()
    assert isinstance(page, CaseFileWidget)
    if page_title is not None:
        page.show_page(page_title)
    return page


def pick(section: RecordSection, field: str, code: object) -> None:
    """Choose ``code`` in the drop-down of ``field`` of a record form."""
    combo = section.form.editors[field].widget
    assert isinstance(combo, QComboBox)
    index = combo.findData(code)
    assert index >= 0, (field, code)
    combo.setCurrentIndex(index)


def enter_text(section: RecordSection, field: str, text: str) -> None:
    """``text`` put into the line of ``field`` as an input method commits it."""
    editor = section.form.editors[field]
    editor.edit.setText(text)  # type: ignore[attr-defined]
    editor.edit.textEdited.emit(text)  # type: ignore[attr-defined]


def type_in(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Typed as a person does: Latin letters key by key, Chinese committed by the input
    method one character at a time (QTest cannot send Chinese key presses)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(edit, char)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(char)
            QApplication.sendEvent(edit, event)


def wizard_at_dry_run(qtbot: QtBot, workspace: Workspace, path: Path) -> ImportWizard:
    """The import wizard opened on the ledger at ``path``, the proposed columns taken, run
    to the end of its dry run."""
    wizard = ImportWizard(workspace)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.file.setText(str(path))  # keyClicks types Latin-1 only
    wizard.next()
    assert wizard.currentId() == ImportWizard.MAPPING
    wizard.next()
    assert wizard.currentId() == ImportWizard.PREVIEW
    wizard.next()
    qtbot.waitUntil(wizard.dry_run_page.isComplete, timeout=30_000)
    return wizard


def in_modal(
    window: QWidget,
    open_it: Callable[[], object],
    act: Callable[[], object],
    give_up_ms: int = 20_000,
    seen: list[Any] | None = None,
) -> None:
    """``act()`` run inside the modal dialog ``open_it()`` opens (its exec() runs a loop of
    its own). A dialog still open after ``give_up_ms`` is rejected, and "still open" noted in
    ``seen``: the test fails instead of hanging."""

    def give_up() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            if seen is not None:
                seen.append("still open")
            modal.reject()

    QTimer.singleShot(0, act)
    QTimer.singleShot(give_up_ms, window, give_up)
    open_it()
