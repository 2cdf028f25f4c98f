"""First start: database, administrator, demo data in the background (issue #3, point 1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from rescuedesk.models import Person, Unit
from rescuedesk.security.encryption import keyslot_path
from rescuedesk.services.office import vault
from rescuedesk.ui import db_location
from rescuedesk.ui.dialogs import first_start_wizard
from rescuedesk.ui.dialogs.first_start_wizard import FirstStartWizard
from rescuedesk.ui.dialogs.login_dialog import LoginDialog
from tests.unit.test_secrets import MemoryKeyring

PASSWORD = "管理员的-长密码-2026"
DEMO_PASSWORD = "演示账户-密码-2026"


def _admin(wizard: FirstStartWizard) -> None:
    page = wizard.admin_page
    page.password.setText(PASSWORD)
    page.repeat.setText(PASSWORD + "x")
    assert not page.validatePage()
    assert "不一致" in page.error.text() and page.repeat.text() == ""
    page.password.setText("12345678")
    page.repeat.setText("12345678")
    assert not page.validatePage()
    assert "常见" in page.error.text()
    page.password.setText(PASSWORD)
    page.repeat.setText(PASSWORD)
    wizard.next()
    assert wizard.currentPage() is wizard.demo_page


def test_embedded_database_administrator_and_demo_data(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "data" / "rescuedesk.sqlite3"
    wizard = FirstStartWizard(None)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentPage() is wizard.database_page
    wizard.database_page.path.setText(str(path))
    wizard.next()
    assert wizard.currentPage() is wizard.admin_page
    assert db_location.remembered_url() == f"sqlite:///{path}"
    _admin(wizard)
    assert keyslot_path(path).exists() and vault.needs_credentials(wizard.url)  # type: ignore[arg-type]
    demo = wizard.demo_page
    demo.load.setChecked(True)
    demo.persons.setValue(40)
    demo.password.setText(DEMO_PASSWORD)
    demo.repeat.setText(DEMO_PASSWORD)
    wizard.next()
    assert wizard.currentPage() is wizard.finish_page, demo.error.text()
    summary = wizard.finish_page.summary.text()
    assert "hljhrb_cw1" in summary and "hljhrb_sup" in summary
    # A case travels: the women's federation that visits, the bureau it is transferred to.
    assert "ahla_fw1" in summary and "六安市妇女联合会" in summary and "gslz_sup" in summary
    wizard.accept()
    wizard.db.dispose()  # type: ignore[union-attr]

    # The next start: log in as a demo caseworker, with the demo password.
    login = LoginDialog(f"sqlite:///{path}")
    qtbot.addWidget(login)
    qtbot.keyClicks(login.username, "hljhrb_cw1")
    login.password.setText(DEMO_PASSWORD)
    login.try_login()
    assert login.result_value is not None, login.error.text()
    opened, _actor = login.result_value
    with opened.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 40
    opened.dispose()
    # The follow-up worker's demo account opens the encrypted file too (its key slot).
    worker = LoginDialog(f"sqlite:///{path}")
    qtbot.addWidget(worker)
    qtbot.keyClicks(worker.username, "ahla_fw1")
    worker.password.setText(DEMO_PASSWORD)
    worker.try_login()
    assert worker.result_value is not None, worker.error.text()
    worker.result_value[0].dispose()


def test_cancelled_demo_data_leaves_the_database_as_it_was(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "rescuedesk.sqlite3"
    wizard = FirstStartWizard(f"sqlite:///{path}")
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentPage() is wizard.admin_page  # the database was given: no choice
    _admin(wizard)
    real_start = first_start_wizard.run_in_background

    def cancel_then_start(op):  # type: ignore[no-untyped-def]
        op.cancel()  # as if the user pressed 取消 before the first batch
        real_start(op)

    monkeypatch.setattr(first_start_wizard, "run_in_background", cancel_then_start)
    demo = wizard.demo_page
    demo.load.setChecked(True)
    demo.password.setText(DEMO_PASSWORD)
    demo.repeat.setText(DEMO_PASSWORD)
    wizard.next()
    assert wizard.currentPage() is demo and "已取消" in demo.error.text()
    with wizard.db.read_session() as s:  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(Person)) == 0
        assert s.scalar(select(func.count()).select_from(Unit)) == 0
    wizard.db.dispose()  # type: ignore[union-attr]


@pytest.mark.skipif(
    not os.environ.get("RESCUEDESK_TEST_PG_URL"), reason="needs the test PostgreSQL server"
)
def test_a_postgresql_server_with_its_password_in_the_keyring(
    qtbot: QtBot,
    pg_databases,
    memory_keyring: MemoryKeyring,  # type: ignore[no-untyped-def]
) -> None:
    name = "rd_wizard_" + os.urandom(4).hex()
    server = make_url(pg_databases.create(name))
    try:
        wizard = FirstStartWizard(None)
        qtbot.addWidget(wizard)
        page = wizard.database_page
        page.server.setChecked(True)
        page.host.setText(server.host or "127.0.0.1")
        page.port.setValue(server.port or 5432)
        page.database.setText(name)
        page.user.setText(server.username or "postgres")
        page.password.setText("服务器密码-不进文件")
        wizard.show()
        wizard.next()
        assert wizard.currentPage() is wizard.admin_page, page.error.text()
        remembered = db_location.remembered_url()
        assert remembered is not None and "服务器密码" not in remembered
        assert db_location.stored_password(remembered) == "服务器密码-不进文件"
        assert list(memory_keyring.items.values()) == ["服务器密码-不进文件"]
        wizard.db.dispose()  # type: ignore[union-attr]
    finally:
        pg_databases.drop(name)
