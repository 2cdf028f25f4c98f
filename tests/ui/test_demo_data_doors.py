"""Demo data at both doors (issue #12, item 4): `rescuedesk demo-data` and the first-start
wizard's demo page write the same units, persons and cases under the same actor — the
administrator who asked — because both call one function in the core."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk import cli
from rescuedesk.models.audit import AuditEvent
from rescuedesk.services.office import vault
from rescuedesk.ui.dialogs.first_start_wizard import FirstStartWizard
from tests.ui.test_first_start import DEMO_PASSWORD, PASSWORD, _admin

PERSONS = 12
ADMIN = "admin"  # the wizard's proposed name


def _generated(url: str) -> list[tuple[str, str, int | None, str]]:
    """The trail of the generation: what the accounts and log-ins wrote left out."""
    db = vault.open_database(url, ADMIN, PASSWORD)
    try:
        with db.read_session() as s:
            return [
                (e.action, e.entity, e.entity_id, e.actor_label)
                for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))
                if e.entity not in ("app_user", "key_slot") and e.action != "login"
            ]
    finally:
        db.dispose()


def test_demo_data_alike_at_both_doors(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_page = f"sqlite:///{tmp_path / 'page.sqlite3'}"
    wizard = FirstStartWizard(by_page)
    qtbot.addWidget(wizard)
    wizard.show()
    _admin(wizard)
    demo = wizard.demo_page
    demo.load.setChecked(True)
    demo.persons.setValue(PERSONS)
    demo.password.setText(DEMO_PASSWORD)
    demo.repeat.setText(DEMO_PASSWORD)
    wizard.next()
    assert wizard.currentPage() is wizard.finish_page, demo.error.text()
    wizard.db.dispose()  # type: ignore[union-attr]

    by_command = f"sqlite:///{tmp_path / 'command.sqlite3'}"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["--db", by_command, "user", "add", ADMIN, "--role", "admin",
                     "--password-stdin"]) == 0  # fmt: skip
    monkeypatch.setenv("RESCUEDESK_PASSWORD", PASSWORD)
    assert cli.main(["--db", by_command, "--user", ADMIN, "demo-data",
                     "--persons", str(PERSONS)]) == 0  # fmt: skip

    from_page, from_command = _generated(by_page), _generated(by_command)
    assert from_command and {label for *_, label in from_command} == {ADMIN}
    assert from_page == from_command
