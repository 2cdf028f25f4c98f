"""Printing a referral letter from the program: preview, save, print, consent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk.models import LetterRegister, Referral
from rescuedesk.ui.dialogs.letter_dialog import LetterDialog
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.pdf_pages import print_pdf
from tests.db.test_letters import pdf_text
from tests.factories import consent_to_share


def _dialog(qtbot: QtBot, ui_db, kind: str) -> LetterDialog:  # type: ignore[no-untyped-def]
    db, actor, ids = ui_db
    consent_to_share(db, actor, ids["李娜"], ["hospital", "school"])
    dialog = LetterDialog(Workspace(db, actor), ids["李娜"])
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    return dialog


def test_school_letter_shows_what_it_discloses_and_previews(qtbot: QtBot, ui_db) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, ui_db, "school")
    assert not dialog.include_id.isEnabled()
    assert dialog.photo.isHidden() and dialog.photo_label.isHidden()  # only to the police
    assert dialog.disclosure.text() == "姓名、性别、年龄"
    dialog.preview()
    assert dialog.pages.count() == 1  # one rendered page
    db = ui_db[0]
    with db.read_session() as s:  # a preview uses up no number
        assert s.scalar(select(LetterRegister.id)) is None


def test_hospital_letter_saved_and_printed(
    qtbot: QtBot,
    ui_db,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = _dialog(qtbot, ui_db, "hospital")
    dialog.include_id.setChecked(True)
    assert "身份证号" in dialog.disclosure.text()
    target = tmp_path / "letter.pdf"
    monkeypatch.setattr(
        "rescuedesk.ui.dialogs.letter_dialog.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), ""),
    )
    dialog.save_pdf()
    text = pdf_text(target.read_bytes())
    assert "〔2026〕转字第0001号" in text and "李娜" in text and "拐" not in text
    assert dialog.issued_number == "〔2026〕转字第0001号"
    assert b"/Subtype /Image" not in target.read_bytes()  # no photo: not a police letter
    # Printing goes through QPrinter; a PDF printer stands in for the office printer.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    print_pdf(target.read_bytes(), printer)
    assert out.stat().st_size > 10_000


def test_no_consent_shows_the_reason_and_prints_nothing(
    qtbot: QtBot,
    ui_db,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    dialog = _dialog(qtbot, ui_db, "employment")
    monkeypatch.setattr(
        "rescuedesk.ui.dialogs.letter_dialog.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(tmp_path / "x.pdf"), ""),
    )
    dialog.save_pdf()
    assert "同意" in dialog.error.text() and not (tmp_path / "x.pdf").exists()
    assert dialog.issued_number is None


def test_the_reply_is_due_after_the_types_days_or_on_the_day_typed(
    qtbot: QtBot,
    ui_db,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A hospital answers within 14 days, a school within 30; the caseworker may say when."""
    dialog = _dialog(qtbot, ui_db, "hospital")
    assert dialog.reply_due.date().toPython() == dt.date(2026, 12, 9)  # 25 Nov + 14
    dialog.kind.setCurrentIndex(dialog.kind.findData("school"))
    assert dialog.reply_due.date().toPython() == dt.date(2026, 12, 25)  # + 30
    dialog.reply_due.setDate(dt.date(2027, 1, 15))
    monkeypatch.setattr(
        "rescuedesk.ui.dialogs.letter_dialog.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(tmp_path / "school.pdf"), ""),
    )
    dialog.save_pdf()
    assert dialog.issued_number is not None, dialog.error.text()
    with ui_db[0].read_session() as s:
        assert s.scalar(select(Referral.reply_due_on)) == dt.date(2027, 1, 15)
