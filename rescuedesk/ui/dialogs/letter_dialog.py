"""Print a referral letter from a case: choose the type, see what it discloses, preview,
then print or save as PDF (which issues the number and records the referral). A letter to
the police (the DNA comparison) may carry one of the person's photos; no other letter is
offered one (the service refuses it anyway).

Issuing is services/letter_actions.issue_letter, the same function the command line calls:
the letter is rendered (and saved) inside the transaction that registers it. The open case
file hears of the new referral from the workspace's change notifier."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rescuedesk import clock
from rescuedesk.documents.letter_content import PHOTO_RECIPIENTS, recipient_type
from rescuedesk.documents.letter_pdf import render_letter
from rescuedesk.errors import DomainError
from rescuedesk.models import Referral
from rescuedesk.models.photo import PersonPhoto
from rescuedesk.services.casefile import case_file
from rescuedesk.services.office.access import get_case
from rescuedesk.services.referrals import letter_actions, letters
from rescuedesk.services.referrals.letter_actions import IssuedLetter
from rescuedesk.ui.dialogs.form_parts import error_label
from rescuedesk.ui.forms.date_edit import TypedDateEdit
from rescuedesk.ui.forms.field_editors import DATE_FORMAT, qdate
from rescuedesk.ui.forms.field_editors import tr as field_tr
from rescuedesk.ui.ops import Workspace, case_changed, show_error
from rescuedesk.ui.pdf_pages import PdfPagesView, print_pdf
from rescuedesk.ui.widgets.photo_widget import KIND_LABELS

# The dialog must fit a 1366×768 screen (title bar and task bar included) with its buttons.
FITS_HEIGHT = 660


class LetterDialog(QDialog):
    def __init__(self, workspace: Workspace, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.case_id = case_id
        self.issued_number: str | None = None
        self.setWindowTitle(self.tr("打印转介函"))
        self.resize(760, FITS_HEIGHT)
        self.kind = QComboBox()
        for code, label in letters.letter_types():
            self.kind.addItem(self.tr(label), code)
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText(self.tr("接收机构名称"))
        self.service = QLineEdit()
        self.include_id = QCheckBox(self.tr("写入身份证号（确认对方确需）"))
        # When the reply is due: the type's days after today, the caseworker may change it.
        self.reply_due = TypedDateEdit()
        self.reply_due.setObjectName("reply_due")
        self.reply_due.setCalendarPopup(True)
        self.reply_due.setDisplayFormat(field_tr(DATE_FORMAT))
        self.override = QLineEdit()
        self.override.setPlaceholderText(self.tr("仅在没有受助人同意时，由主管填写越权理由"))
        self.photo = QComboBox()
        self.photo.setObjectName("letter_photo")
        self.photo.setIconSize(QSize(48, 48))
        self.photo.addItem(self.tr("不附照片"), None)
        for record in self._photos():
            self.photo.addItem(_thumbnail(record), _caption(record), record["id"])
        self.photo_label = QLabel(self.tr("随函照片"))
        self.disclosure = QLabel()
        self.disclosure.setWordWrap(True)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("转介函类型"), self.kind)
        form.addRow(self.tr("接收机构"), self.recipient)
        form.addRow(self.tr("请求的服务"), self.service)
        form.addRow(self.tr("答复期限"), self.reply_due)
        form.addRow("", self.include_id)
        form.addRow(self.tr("越权理由"), self.override)
        form.addRow(self.photo_label, self.photo)
        form.addRow(self.tr("将告知对方"), self.disclosure)
        self.pages = PdfPagesView()
        self.preview_button = QPushButton(self.tr("预览"))
        self.print_button = QPushButton(self.tr("打印…"))
        self.save_button = QPushButton(self.tr("另存为 PDF…"))
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_letter)
        self.save_button.clicked.connect(self.save_pdf)
        buttons = QHBoxLayout()
        for b in (self.preview_button, self.print_button, self.save_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self.kind.currentIndexChanged.connect(self._type_changed)
        self.include_id.toggled.connect(lambda _on: self._show_disclosure())
        self.photo.currentIndexChanged.connect(lambda _i: self._show_disclosure())
        self._type_changed()

    def _photos(self) -> list[dict[str, Any]]:
        """The person's photos still on file (thumbnails only), none if the actor may not
        see them."""
        try:
            records = self.workspace.check(case_file.list_part, PersonPhoto, self.case_id)
        except DomainError:
            return []
        return [r for r in records if r.get("voided_at") is None]

    def _template(self) -> dict:  # type: ignore[type-arg]
        return letters.shipped_templates()[self.kind.currentData()]

    def _type_changed(self) -> None:
        template = self._template()
        self.service.setText(template.get("default_service", ""))
        self.reply_due.setDate(qdate(self.workspace.call(self._reply_due)))
        self.include_id.setEnabled(bool(template.get("may_disclose_id_number")))
        if not self.include_id.isEnabled():
            self.include_id.setChecked(False)
        police = recipient_type(template) in PHOTO_RECIPIENTS
        self.photo_label.setVisible(police)
        self.photo.setVisible(police)
        if not police:
            self.photo.setCurrentIndex(0)
        self._show_disclosure()

    def _photo_id(self) -> int | None:
        return self.photo.currentData() if self.photo.isVisibleTo(self) else None

    def _reply_due(self, session, actor) -> dt.date:  # type: ignore[no-untyped-def]
        """After the days of the unit's own template of this type (its administrator's)."""
        unit_id = get_case(session, self.case_id).unit_id
        return letters.reply_due(session, unit_id, self.kind.currentData(), clock.today())

    def _show_disclosure(self) -> None:
        def fields(session, actor):  # type: ignore[no-untyped-def]
            unit_id = get_case(session, self.case_id).unit_id
            return letters.disclosed_fields(
                session,
                unit_id,
                self.kind.currentData(),
                self.include_id.isChecked(),
                include_photo=self._photo_id() is not None,
            )

        self.disclosure.setText("、".join(self.workspace.call(fields)))

    def _options(self) -> dict:  # type: ignore[type-arg]
        return {
            "recipient_name": self.recipient.text() or None,
            "service": self.service.text() or None,
            "include_id_number": self.include_id.isChecked(),
            "photo_id": self._photo_id(),
        }

    def _reply_due_on(self) -> dt.date:
        self.reply_due.interpretText()
        return self.reply_due.date().toPython()

    def preview(self) -> None:
        try:
            content = self.workspace.call(
                letters.preview_letter, self.case_id, self.kind.currentData(), **self._options()
            )
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self.error.setText("\n".join(content.warnings))
        self.pages.show_pdf(render_letter(content))

    def _issue(self, out: Path | None) -> IssuedLetter | None:
        """The real letter: a number from the register, the referral, the audit, the PDF
        (saved to ``out``: the save dialog has asked before overwriting a file)."""
        issued = self.workspace.perform(
            letter_actions.issue_letter,
            self.case_id,
            self.kind.currentData(),
            out=out,
            overwrite=True,
            override_reason=self.override.text() or None,
            reply_due_on=self._reply_due_on(),
            **self._options(),
            errors=self.error,
            changes=[case_changed(self.case_id, Referral)],
        )
        if issued is None:
            return None
        self.issued_number = issued.letter_number
        self.pages.show_pdf(issued.pdf)
        self.error.setText(self.tr("已登记转介函 {0}。").format(issued.letter_number))
        return issued

    def _refused(self) -> bool:
        """Whether the letter cannot be issued (the reason shown), asked before the user
        picks a file or a printer, not after."""
        try:
            self.workspace.check(
                letters.check_letter,
                self.case_id,
                self.kind.currentData(),
                override_reason=self.override.text() or None,
            )
        except DomainError as exc:
            show_error(self.error, exc)
            return True
        return False

    def print_letter(self) -> None:
        if self._refused():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        issued = self._issue(None)
        if issued is not None:  # printing cannot be taken back: after the commit
            print_pdf(issued.pdf, printer)

    def save_pdf(self) -> None:
        if self._refused():
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("另存为 PDF"), "转介函.pdf", self.tr("PDF 文件 (*.pdf)")
        )
        if not path:
            return
        self._issue(Path(path))


def _thumbnail(record: dict[str, Any]) -> QIcon:
    pixmap = QPixmap()
    if record.get("thumbnail"):
        pixmap.loadFromData(record["thumbnail"])
    return QIcon(pixmap)


def _caption(record: dict[str, Any]) -> str:
    """发现时 2026-03-01: its kind and the day it was taken, as the 寻亲 page shows them."""
    kind = getattr(record.get("kind"), "value", record.get("kind"))
    caption = field_tr(KIND_LABELS.get(kind or "", "照片"))
    day = record.get("taken_on")
    return f"{caption} {day:%Y-%m-%d}" if day is not None else caption
