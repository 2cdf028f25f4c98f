from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from pytestqt.qtbot import QtBot

from rescuedesk.db import Database
from rescuedesk.models.enums import Role, Sex
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people import persons
from rescuedesk.services.people.identity import make_id_number
from rescuedesk.ui.dialogs.login_dialog import LoginDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.widgets.case_file_widget import CaseFileWidget
from tests.conftest import Staff
from tests.factories import first_admin, new_account, new_case

PASSWORD = "主管的-长密码-2026"


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, qapp, monkeypatch):  # type: ignore[no-untyped-def]
    # The database the wizard chooses is remembered in a config file (config.py), per test.
    monkeypatch.setenv("RESCUEDESK_CONFIG_DIR", str(tmp_path / "config"))
    QCoreApplication.setOrganizationName("RescueDeskTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


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
