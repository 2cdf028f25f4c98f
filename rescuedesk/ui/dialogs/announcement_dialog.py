"""生成寻亲公告 (issue #15): the tracing announcement of an unidentified person, previewed as
the PDF that is printed or posted and as the text the national platform (全国救助寻亲网)
asks for; saved, copied, and its publication recorded.

What it says is decided by documents/announcement_content.py, which refuses a description
carrying the case number, the police reference, an ID number or a word that says she was
trafficked: the refusal is shown here, naming the field to mend.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rescuedesk import clock
from rescuedesk.documents import announcement_content
from rescuedesk.documents.announcement_content import AnnouncementContent, Contact, Description
from rescuedesk.documents.announcement_pdf import render_announcement
from rescuedesk.errors import DomainError, RuleViolation
from rescuedesk.models.enums import ConsentPurpose
from rescuedesk.services.casefile import case_file
from rescuedesk.ui.dialogs.form_parts import close_button, error_label, note_label
from rescuedesk.ui.idle_lock import ClipboardGuard
from rescuedesk.ui.ops import Workspace, show_error
from rescuedesk.ui.pdf_pages import PdfPagesView

CONTEXT = "AnnouncementDialog"
DEFAULT_PERIOD_DAYS = 30  # 公告期 most units use; the caseworker may change it


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def compose_for_case(
    session,
    actor,
    case_id: int,
    *,
    period_days: int | None,
    day: dt.date,  # type: ignore[no-untyped-def]
) -> AnnouncementContent:
    """The announcement of the case's person, from her recorded description (an audited read
    of the case file); refused without a tracing consent."""
    view = case_file.open_case_file(session, actor, case_id, ())
    h, p = view.header, view.person
    if not h.consents.get(ConsentPurpose.TRACING):
        raise RuleViolation(
            "没有受助人（或其监护人）对“寻亲（发布寻亲公告等）”的有效同意，不能生成寻亲公告。"
        )
    sex = getattr(p.get("sex"), "value", p.get("sex")) or "unknown"
    estimated = p.get("birth_year_estimated")
    description = Description(
        called_names=tuple(p.get("called_names") or ()),
        sex=str(sex),
        birth_date=p.get("birth_date"),
        birth_year_earliest=p.get("birth_year_earliest") or estimated,
        birth_year_latest=p.get("birth_year_latest") or estimated,
        height_cm=p.get("height_cm"),
        health=p.get("health_description"),
        intellectual_state=p.get("intellectual_state"),
        mental_state=p.get("mental_state"),
        features=p.get("distinguishing_features"),
        clothing=p.get("clothing_when_found"),
        found_date=p.get("found_date"),
        found_place=p.get("found_place"),
    )
    never = {
        "个案编号": h.case_number,
        "公安案件编号": view.case.get("police_reference"),
        "身份证号": p.get("id_number"),
        "户籍地代码": p.get("household_registration_code"),
    }
    return announcement_content.compose(
        description, Contact(unit=h.unit), day=day, period_days=period_days, never=never
    )


class AnnouncementDialog(QDialog):
    def __init__(self, workspace: Workspace, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.case_id = case_id
        self.content: AnnouncementContent | None = None
        self.pdf: bytes | None = None
        self.setWindowTitle(tr("寻亲公告"))
        self.resize(900, 680)
        self.period = QSpinBox()
        self.period.setObjectName("period_days")
        self.period.setRange(1, 365)
        self.period.setValue(DEFAULT_PERIOD_DAYS)
        self.period.setSuffix(tr(" 天"))
        self.period.valueChanged.connect(lambda _v: self.preview())
        self.photo = QComboBox()
        self.photo.setObjectName("announcement_photo")
        self.photo.addItem(tr("不使用照片"), None)
        form = QHBoxLayout()
        for label, widget in ((tr("公告期"), self.period), (tr("照片"), self.photo)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addWidget(caption)
            form.addWidget(widget)
        form.addStretch(1)
        self.pages = PdfPagesView()
        self.pages.setObjectName("announcement_pages")
        self.text = QPlainTextEdit()
        self.text.setObjectName("platform_text")
        self.text.setReadOnly(True)
        splitter = QSplitter()
        splitter.addWidget(self.pages)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([680, 400])  # the page whole at the preview's resolution
        self.error = error_label()
        self.error.setObjectName("announcement_error")
        self.note = note_label()
        self.save_button = QPushButton(tr("保存PDF…"))
        self.save_button.setObjectName("save_pdf_button")
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.copy_button = QPushButton(tr("复制平台文本"))
        self.copy_button.setObjectName("copy_text_button")
        self.copy_button.clicked.connect(self.copy_text)
        QShortcut(QKeySequence("Ctrl+Shift+C"), self, self.copy_text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        layout.addWidget(close_button(self))
        self.preview()

    def preview(self) -> AnnouncementContent | None:
        try:
            content = self.workspace.call(
                compose_for_case, self.case_id, period_days=self.period.value(), day=clock.today()
            )
        except DomainError as exc:
            show_error(self.error, exc)
            self.content = self.pdf = None
            self.pages.clear()
            self.text.clear()
            self._enable()
            return None
        self.error.clear()
        self.content = content
        self.pdf = render_announcement(content)
        self.pages.show_pdf(self.pdf, dpi=80)
        self.text.setPlainText(content.platform_text())
        self._enable()
        return content

    def _enable(self) -> None:
        for button in (self.save_button, self.copy_button):
            button.setEnabled(self.content is not None)

    def save_pdf(self, path: Path | None = None) -> Path | None:
        if self.pdf is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, tr("保存寻亲公告"), tr("寻亲公告.pdf"), tr("PDF 文件 (*.pdf)")
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            path.write_bytes(self.pdf)
        except OSError as exc:
            show_error(self.error, exc)
            return None
        self.note.setText(tr("已保存：{0}").format(path))
        return path

    def copy_text(self) -> None:
        if self.content is None:
            return
        text = self.content.platform_text()
        owner = self.parentWidget().window() if self.parentWidget() is not None else None
        guard = getattr(owner, "clipboard", None)
        if isinstance(guard, ClipboardGuard):
            guard.copy(text)  # the window's lock clears it from the clipboard
        else:
            QGuiApplication.clipboard().setText(text)
        self.note.setText(tr("已复制全国救助寻亲网所需的文本，可粘贴到平台的登记表中。"))
