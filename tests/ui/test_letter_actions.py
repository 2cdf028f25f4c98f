"""One function per letter action (services/referrals/letter_actions.py): the command line and the
letter dialog issue a letter the same way — the same register entry, the same audit events
in the same order, a PDF — and a letter that cannot be rendered leaves no number behind,
from either."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from rescuedesk import cli
from rescuedesk.db import Database
from rescuedesk.models import AuditEvent, Case, LetterRegister
from rescuedesk.models.enums import Sex
from rescuedesk.services.office.context import Actor
from rescuedesk.services.people.identity import make_id_number
from rescuedesk.ui.dialogs.letter_dialog import LetterDialog
from rescuedesk.ui.ops import Workspace
from tests.conftest import Staff
from tests.db.test_letters import pdf_text
from tests.factories import consent_to_share, new_case, new_person


def _cases(db: Database, staff: Staff) -> tuple[int, int]:
    """Two cases of the caseworker's unit, each with consent to write to a hospital."""
    ids = []
    for name, n in (("张晓梅", 1), ("李娜", 2)):
        id_number = make_id_number("230102", dt.date(1995, 1, 1), n, Sex.FEMALE)
        person = new_person(
            db, staff.caseworker, real_name=name, id_number=id_number, birth_date=None
        )
        ids.append(new_case(db, staff.caseworker, person))
        consent_to_share(db, staff.caseworker, ids[-1], ["hospital"])
    return ids[0], ids[1]


def _by_cli(db: Database, case_id: int, out: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """`rescuedesk letter` in-process, as the caseworker (a database without passwords yet:
    the command acts as the user RESCUEDESK_USER names)."""
    with db.read_session() as s:
        number = s.scalar(select(Case.case_number).where(Case.id == case_id))
    monkeypatch.setenv("RESCUEDESK_USER", "cw1")
    args = ["--db", db.url, "letter", "--case", number, "--to", "hospital"]
    return cli.main([*args, "--out", str(out)])


def _by_dialog(qtbot: QtBot, db: Database, actor: Actor, case_id: int, out: Path, mp) -> Any:  # type: ignore[no-untyped-def]
    dialog = LetterDialog(Workspace(db, actor), case_id)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("hospital"))
    mp.setattr(
        "rescuedesk.ui.dialogs.letter_dialog.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(out), ""),
    )
    dialog.save_pdf()
    return dialog


def _events(db: Database, case_id: int) -> list[tuple[str, str]]:
    with db.read_session() as s:
        rows = s.execute(
            select(AuditEvent.action, AuditEvent.entity)
            .where(AuditEvent.case_id == case_id)
            .order_by(AuditEvent.id)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def _register(db: Database, case_id: int) -> list[tuple[Any, ...]]:
    with db.read_session() as s:
        rows = s.scalars(select(LetterRegister).where(LetterRegister.case_id == case_id)).all()
        return [
            (r.letter_type, r.template_version, r.disclosed, r.copy_number, r.issued_by_id)
            for r in rows
        ]


def test_cli_and_dialog_issue_a_letter_the_same_way(  # type: ignore[no-untyped-def]
    qtbot: QtBot, db: Database, staff: Staff, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_cli, by_gui = _cases(db, staff)
    before = {c: len(_events(db, c)) for c in (by_cli, by_gui)}
    assert _by_cli(db, by_cli, tmp_path / "cli.pdf", monkeypatch) == 0
    dialog = _by_dialog(qtbot, db, staff.caseworker, by_gui, tmp_path / "gui.pdf", monkeypatch)
    assert dialog.issued_number == "〔2026〕转字第0002号", dialog.error.text()
    cli_events = _events(db, by_cli)[before[by_cli] :]
    gui_events = _events(db, by_gui)[before[by_gui] :]
    assert cli_events == gui_events and ("print", "letter_register") in cli_events
    assert _register(db, by_cli) == _register(db, by_gui) and len(_register(db, by_cli)) == 1
    cli_text = pdf_text((tmp_path / "cli.pdf").read_bytes())
    gui_text = pdf_text((tmp_path / "gui.pdf").read_bytes())
    assert "转字第0001号" in cli_text and "张晓梅" in cli_text
    assert "转字第0002号" in gui_text and "李娜" in gui_text


def test_a_letter_that_cannot_be_rendered_uses_no_number_from_either(  # type: ignore[no-untyped-def]
    qtbot: QtBot, db: Database, staff: Staff, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_cli, by_gui = _cases(db, staff)

    def broken(_content: object) -> bytes:
        raise RuntimeError("渲染失败")

    monkeypatch.setattr("rescuedesk.documents.letter_pdf.render_letter", broken)
    monkeypatch.setattr("rescuedesk.ui.dialogs.letter_dialog.render_letter", broken, raising=False)
    assert _by_cli(db, by_cli, tmp_path / "cli.pdf", monkeypatch) != 0
    with pytest.raises(RuntimeError):
        _by_dialog(qtbot, db, staff.caseworker, by_gui, tmp_path / "gui.pdf", monkeypatch)
    assert not (tmp_path / "cli.pdf").exists() and not (tmp_path / "gui.pdf").exists()
    with db.read_session() as s:
        assert s.scalar(select(func.count(LetterRegister.id))) == 0
