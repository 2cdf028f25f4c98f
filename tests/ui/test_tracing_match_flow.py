"""Issue #15, "Done when", at the door: from the log-in dialog a supervisor registers an
unidentified girl (she calls herself 刘兰兰, looks 12 to 14, speaks with a Sichuan accent),
adds her photo and a tracing consent; records a family's inquiry for 牛兰兰 (n and l merge
in south-western Mandarin) from 宜宾 with a birth year three years off her estimate; runs
the match: she is 名次 1 with the dialect and age reasons; confirms it with a reason; prints
the letter asking the police for a DNA comparison; prints the tracing announcement with
her photo (her guardian consented to it), whose text has no case number, and records it as
published on the national platform."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from rescuedesk.db import Database
from rescuedesk.models import Consent, LetterRegister, TracingAction
from rescuedesk.models.inquiry import InquiryMatch, TracingInquiry
from rescuedesk.models.photo import PersonPhoto
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.dialogs.announcement_dialog import AnnouncementDialog
from rescuedesk.ui.dialogs.inquiry_dialog import InquiryDialog
from rescuedesk.ui.dialogs.letter_dialog import LetterDialog
from rescuedesk.ui.dialogs.reason_dialog import ReasonDialog
from rescuedesk.ui.main_window import MainWindow
from rescuedesk.ui.widgets.inquiry_list_widget import InquiryListWidget
from tests.db.test_photos import camera_jpeg
from tests.ui.conftest import LogIn, in_modal, open_case
from tests.ui.test_person_description_and_photos import _register


def when_modal(kind: type, act: Callable[[QWidget], object], seen: list[object]) -> None:
    """``act(dialog)`` once a modal dialog of ``kind`` is the active one (it may open only
    after another closed); noted in ``seen`` if it never does."""
    tries = [0]

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, kind):
            act(modal)
            return
        tries[0] += 1
        if tries[0] > 400:
            seen.append(f"no {kind.__name__}")
            return
        QTimer.singleShot(50, poll)

    QTimer.singleShot(0, poll)


def _consents(page) -> None:  # type: ignore[no-untyped-def]
    """A child's consents are her guardian's (civil affairs, under temporary guardianship):
    to tracing with her photo in the announcement, and to giving the police what a DNA
    comparison needs."""
    page.show_page("登记与同意")
    consent = page.section(Consent)
    for purpose, recipients in (("tracing", ["public_photo"]), ("data_sharing", ["police"])):
        consent.add_button.click()
        combo = consent.form.editors["purpose"].widget
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(purpose))
        given_by = consent.form.editors["given_by"].widget
        assert isinstance(given_by, QComboBox)
        given_by.setCurrentIndex(given_by.findData("guardian"))
        consent.form.editors["guardian_name"].set("哈尔滨市救助管理站")
        consent.form.editors["guardian_relation"].set("临时监护人")
        if recipients:
            consent.form.editors["recipients"].set(recipients)
        assert consent.save(), consent.form.error_text()


def _record_inquiry(
    window: MainWindow, inquiries: InquiryListWidget, photo: Path, seen: list[object]
) -> None:
    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, InquiryDialog)
        ui = dialog.ui
        ui.inquiry_number.setText("XQ-2026-015")
        ui.inquirer_name.setText("牛建国")
        ui.inquirer_relation.setText("父亲")
        ui.inquirer_phone.setText("13812345678")
        ui.missing_name.setText("牛兰兰")
        ui.sex.setCurrentIndex(ui.sex.findData("female"))
        ui.birth_year.setText("2010")  # she looks 12 to 14: born 2012-2014
        ui.missing_date.setText("2019年7月")
        ui.missing_place.edit.setText("宜宾")
        ui.missing_place.commit()
        ui.home_dialect.setText("四川话")
        dialog.set_photo_file(photo)  # the family's photo of her, when she went missing
        ui.buttons.button(QDialogButtonBox.StandardButton.Ok).click()  # 保存
        seen.append(ui.error.text() or dialog.result())

    in_modal(window, inquiries.buttons["add"].click, fill_in, seen=seen)


def test_a_family_finds_the_girl_through_a_dialect_homophone_and_her_announcement_is_printed(
    qtbot: QtBot,
    ui_db: tuple[Database, Actor, dict[str, int]],
    log_in: LogIn,
    tmp_path: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    db, _lead, _ids = ui_db
    window = log_in(db)
    seen: list[object] = []
    _register(qtbot, window, seen)
    case_id = seen[1]
    assert isinstance(case_id, int), seen
    page = open_case(window, case_id, "寻亲")
    photo = tmp_path / "发现时.jpg"
    photo.write_bytes(camera_jpeg())
    assert page.photos is not None and page.photos.add_file(photo)
    _consents(page)
    case_number = page.title.split()[0]

    # 寻亲 › 寻亲查询 (Ctrl+Shift+T): the family's inquiry.
    menu = next(a for a in window.findChildren(QAction) if a.objectName() == "inquiries_action")
    menu.trigger()
    inquiries = window.inquiries
    assert inquiries is not None and window.tabs.currentWidget() is inquiries
    seen.clear()
    family_photo = tmp_path / "走失时照片.jpg"
    family_photo.write_bytes(camera_jpeg())
    _record_inquiry(window, inquiries, family_photo, seen)
    assert seen == [1], seen  # accepted, no error shown
    with db.read_session() as s:
        stored = s.scalars(select(TracingInquiry)).one()
        code = stored.missing_place_code
        assert stored.photo is not None and stored.photo_thumbnail is not None  # the family's
        assert code is not None and code.startswith("5115")  # 宜宾市
    assert inquiries.model.rows[0].missing_name == "牛兰兰"
    assert inquiries.select(stored.id)

    # 重新比对, off the UI thread; she comes first, with the dialect and the age reasons.
    candidates = inquiries.candidates
    candidates.rerun_button.click()
    assert not candidates.progress.isHidden()
    qtbot.waitUntil(lambda: candidates.running is None, timeout=30_000)
    assert candidates.error.text() == ""
    first = candidates.model.candidate(0)
    assert (first.rank, first.case_number) == (1, case_number)
    reasons = candidates.model.text(0, 3)
    assert "方音相近" in reasons and "牛兰兰" in reasons, reasons
    assert "年龄相符" in reasons and "2010" in reasons, reasons
    assert inquiries.model.text(0, 8) == str(len(candidates.model.candidates))
    thumbnail = candidates.model.index(0, 1).data(Qt.ItemDataRole.DecorationRole)
    assert thumbnail is not None and not thumbnail.isNull()  # her photo: the case is ours

    # 确认相符… with a reason; the letter to the police is offered, and printed.
    asked: list[str] = []
    monkeypatch.setattr(
        "rescuedesk.ui.widgets.match_candidates_widget.QMessageBox.question",
        lambda _p, _t, text, *a, **k: (asked.append(text), QMessageBox.StandardButton.Yes)[1],
    )
    letter = tmp_path / "DNA比对函.pdf"
    monkeypatch.setattr(
        "rescuedesk.ui.dialogs.letter_dialog.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(letter), ""),
    )
    candidates.table.selectRow(0)

    def reason(dialog: QWidget) -> None:
        assert isinstance(dialog, ReasonDialog)
        dialog.submit()  # no reason: refused, the dialog stays
        seen.append(dialog.error.text())
        dialog.reason.setText("自称刘兰兰，四川口音，年龄与家属所述相近")
        dialog.submit()

    def print_letter(dialog: QWidget) -> None:
        assert isinstance(dialog, LetterDialog)
        seen.append(dialog.kind.currentData())
        # Her photo may go with it (to the police only); none unless the caseworker picks it.
        seen.append((dialog.photo.isHidden(), dialog.photo.currentText(), dialog.photo.count()))
        dialog.photo.setCurrentIndex(1)
        seen.append(dialog.disclosure.text())
        dialog.save_button.click()
        seen.append(dialog.error.text())
        dialog.reject()

    seen.clear()
    when_modal(ReasonDialog, reason, seen)
    when_modal(LetterDialog, print_letter, seen)
    candidates.confirm_button.click()
    assert "需要填写理由" in str(seen[0]), seen
    assert seen[1] == "police_dna_comparison", seen
    assert seen[2] == (False, "不附照片", 2), seen
    assert "照片" in str(seen[3]), seen
    assert "已登记转介函" in str(seen[4]), seen
    assert asked and "DNA" in asked[0]
    assert letter.read_bytes().startswith(b"%PDF")
    assert b"/Subtype /Image" in letter.read_bytes()  # her photo, in the letter written
    assert candidates.model.candidate(0).status == "confirmed"
    with db.read_session() as s:
        match = s.scalars(select(InquiryMatch).where(InquiryMatch.status == "confirmed")).one()
        assert match.case_id == case_id
        assert s.get(TracingInquiry, stored.id).status == "matched"  # type: ignore[union-attr]
        register = s.scalars(select(LetterRegister)).one()
        assert register.letter_type == "police_dna_comparison"
        assert register.photo_id == s.scalars(select(PersonPhoto.id)).one()

    # The case's 寻亲 page: the inquiry that may be hers, and the announcement.
    page = open_case(window, case_id, "寻亲")
    assert page.matches is not None
    page.matches.find_button.click()
    qtbot.waitUntil(lambda: page.matches.running is None, timeout=30_000)  # type: ignore[union-attr]
    assert page.matches.model.text(0, 0) == "XQ-2026-015"
    announcement = tmp_path / "寻亲公告.pdf"
    monkeypatch.setattr(
        "rescuedesk.ui.dialogs.announcement_dialog.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(announcement), ""),
    )
    shown: list[str] = []

    def print_announcement() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AnnouncementDialog)
        shown.append(dialog.error.text())
        shown.append(dialog.text.toPlainText())
        shown.append(str(dialog.pages.count()))
        dialog.save_button.click()
        dialog.copy_button.click()
        shown.append(QApplication.clipboard().text())
        shown.append(dialog.photo.currentData())
        dialog.medium.setText("全国救助寻亲网")
        dialog.publish_button.click()
        shown.append(dialog.note.text() + dialog.error.text())
        dialog.reject()

    in_modal(window, page.matches.announce_button.click, print_announcement, seen=shown)
    error, text, pages, copied, photo_id, published = shown[:6]
    assert error == "" and pages == "1", shown
    assert "刘兰兰" in text and "目测12至14岁" in text and "哈尔滨站候车室" in text, text
    assert "照片：见附件" in text  # her guardian consented to a public photo
    assert case_number not in text and case_number not in copied
    assert announcement.read_bytes().startswith(b"%PDF")
    assert "已记录" in published and "全国救助寻亲网" in published, shown
    with db.read_session() as s:
        action = s.scalars(select(TracingAction)).one()
        assert action.case_id == case_id and action.announcement_period_days == 30
        assert action.announcement_photo_id == photo_id is not None
        assert action.announcement_text is not None and case_number not in action.announcement_text

    # Another day, a fresh log-in: the list and the candidates show what the run stored,
    # before anyone ranks again.
    window.hide()
    again = log_in(db)
    next(a for a in again.findChildren(QAction) if a.objectName() == "inquiries_action").trigger()
    listed = again.inquiries
    assert listed is not None and listed.select(stored.id)
    kept = listed.candidates
    assert kept.running is None and kept.model.candidates, kept.note.text()
    assert inquiries is not listed and listed.model.text(0, 8) == str(len(kept.model.candidates))
    first = kept.model.candidate(0)
    assert (first.rank, first.case_number, first.status) == (1, case_number, "confirmed")
    assert "方音相近" in kept.model.text(0, 3)  # the reasons: the case is ours
    assert "上次比对" in kept.note.text()
