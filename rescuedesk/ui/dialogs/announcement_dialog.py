"""生成寻亲公告 (issue #15): the tracing announcement of an unidentified person, previewed as
the PDF that is printed or posted and as the text the national platform (全国救助寻亲网)
asks for; saved, copied, and its publication recorded (where, when, for how long).

What it says and whether it may show her photo is the service's to decide
(services/tracing/announcements.py: a tracing consent in force; a photo only with 公告中使用照片);
a refusal is shown here, naming what to mend.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rescuedesk import clock
from rescuedesk.documents.announcement_content import AnnouncementContent
from rescuedesk.documents.announcement_pdf import render_announcement
from rescuedesk.errors import DomainError
from rescuedesk.models import TracingAction
from rescuedesk.models.enums import TracingKind
from rescuedesk.reference.labels import enum_label
from rescuedesk.services.tracing import announcements
from rescuedesk.ui.dialogs.form_parts import close_button, error_label, note_label
from rescuedesk.ui.forms.date_edit import TypedDateEdit
from rescuedesk.ui.forms.field_editors import DATE_FORMAT, qdate
from rescuedesk.ui.forms.field_editors import tr as field_tr
from rescuedesk.ui.idle_lock import ClipboardGuard
from rescuedesk.ui.ops import Workspace, case_changed, show_error
from rescuedesk.ui.pdf_pages import PdfPagesView

CONTEXT = "AnnouncementDialog"
DEFAULT_PERIOD_DAYS = 30  # 公告期 most units use; the caseworker may change it
MEDIA = {
    TracingKind.ANNOUNCEMENT: "救助管理站公告栏",
    TracingKind.NATIONAL_PLATFORM: "全国救助寻亲网",
    TracingKind.MEDIA: "",
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class AnnouncementDialog(QDialog):
    """``photos``: (photo id, caption) of the person's photos the case page shows."""

    def __init__(
        self,
        workspace: Workspace,
        case_id: int,
        parent: QWidget | None = None,
        photos: list[tuple[int, str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.case_id = case_id
        self.content: AnnouncementContent | None = None
        self.pdf: bytes | None = None
        self.published: int | None = None  # the tracing action's id, once recorded
        self.setWindowTitle(tr("寻亲公告"))
        self.resize(1000, 720)
        self.period = QSpinBox()
        self.period.setObjectName("period_days")
        self.period.setRange(1, 365)
        self.period.setValue(DEFAULT_PERIOD_DAYS)
        self.period.setSuffix(tr(" 天"))
        self.photo = QComboBox()
        self.photo.setObjectName("announcement_photo")
        self.photo.addItem(tr("不使用照片"), None)
        for photo_id, caption in photos or []:
            self.photo.addItem(caption, photo_id)
        top = QHBoxLayout()
        for label, widget in ((tr("公告期"), self.period), (tr("照片"), self.photo)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            top.addWidget(caption)
            top.addWidget(widget)
        top.addStretch(1)
        self.pages = PdfPagesView()
        self.pages.setObjectName("announcement_pages")
        self.text = QPlainTextEdit()
        self.text.setObjectName("platform_text")
        self.text.setReadOnly(True)
        splitter = QSplitter()
        splitter.addWidget(self.pages)
        splitter.addWidget(self.text)
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
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        layout.addWidget(self._publish_box())
        layout.addWidget(close_button(self))
        if self.photo.count() > 1:
            self.photo.setCurrentIndex(1)  # her photo, if her consent lets it be published
        self.preview(fall_back=True)
        self.period.valueChanged.connect(lambda _v: self.preview())
        self.photo.currentIndexChanged.connect(lambda _i: self.preview())

    def _publish_box(self) -> QGroupBox:
        box = QGroupBox(tr("记录发布"))
        self.kind = QComboBox()
        self.kind.setObjectName("publish_kind")
        for kind in announcements.KINDS:
            self.kind.addItem(field_tr(enum_label(kind)), kind)
        self.kind.setCurrentIndex(self.kind.findData(TracingKind.NATIONAL_PLATFORM))
        self.medium = QLineEdit(tr(MEDIA[TracingKind.NATIONAL_PLATFORM]))
        self.medium.setObjectName("publish_medium")
        self.medium.setPlaceholderText(tr("发布在哪里，如 全国救助寻亲网、某某日报"))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.published_on = TypedDateEdit(qdate(clock.today()))
        self.published_on.setObjectName("published_on")
        self.published_on.setCalendarPopup(True)
        self.published_on.setDisplayFormat(field_tr(DATE_FORMAT))
        self.publish_button = QPushButton(tr("发布"))
        self.publish_button.setObjectName("publish_button")
        self.publish_button.setToolTip(tr("记录公告已在何处、何日发布及其公告期，公告全文随之保存"))
        self.publish_button.clicked.connect(lambda: self.publish())
        row = QHBoxLayout(box)
        for label, widget in (
            (tr("方式"), self.kind),
            (tr("媒体"), self.medium),
            (tr("发布日期"), self.published_on),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget, 1 if widget is self.medium else 0)
        row.addWidget(self.publish_button)
        return box

    def _kind_changed(self) -> None:
        self.medium.setText(tr(MEDIA.get(self.kind.currentData(), "")))

    def preview(self, *, fall_back: bool = False) -> AnnouncementContent | None:
        """The announcement as it would go out; ``fall_back``: without the photo if her
        consent does not name 公告中使用照片 (said in the note)."""
        try:
            content = self.workspace.call(
                announcements.preview,
                self.case_id,
                period_days=self.period.value(),
                photo_id=self.photo.currentData(),
            )
        except DomainError as exc:
            if fall_back and exc.field == "photo_id" and self.photo.currentData() is not None:
                self.photo.setCurrentIndex(0)
                content = self.preview()
                self.note.setText(exc.message)
                return content
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
        for button in (self.save_button, self.copy_button, self.publish_button):
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

    def publish(self) -> int | None:
        """发布: record where, when and for how long it was published, with its exact text;
        the tracing page shows it, and the home page proposes 落户 when the period ends."""
        self.published_on.interpretText()
        saved = self.workspace.perform(
            lambda db, actor: db.run_write(
                lambda s: (
                    announcements.publish(
                        s,
                        actor,
                        self.case_id,
                        medium=self.medium.text(),
                        published_on=self.published_on.date().toPython(),
                        period_days=self.period.value(),
                        photo_id=self.photo.currentData(),
                        kind=self.kind.currentData(),
                    ).record.id
                )
            ),
            errors=self.error,
            changes=[case_changed(self.case_id, TracingAction)],
        )
        if saved is None:
            return None
        self.published = saved
        self.error.clear()
        self.note.setText(
            tr("已记录：{0}于{1}发布，公告期{2}天。").format(
                self.medium.text().strip(),
                self.published_on.date().toPython().isoformat(),
                self.period.value(),
            )
        )
        return saved
