"""Enter the reply from a returned slip (scan its QR code or type the number); reprint.

Both are actions of services/referrals/letter_actions.py; the open case file hears of the reply from
the workspace's change notifier."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
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
from rescuedesk.errors import DomainError
from rescuedesk.models import Referral
from rescuedesk.services.referrals import letter_actions, letters
from rescuedesk.ui.dialogs.form_parts import error_label
from rescuedesk.ui.forms.date_edit import TypedDateEdit
from rescuedesk.ui.forms.field_editors import qdate
from rescuedesk.ui.ops import Workspace, case_changed, show_error

STATUSES = (("accepted", "已接收"), ("done", "已完成"), ("refused", "无法提供"))


class ReplyDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.register_id: int | None = None
        self.setWindowTitle(self.tr("登记转介回执"))
        self.setMinimumWidth(520)
        self.slip = QLineEdit()
        self.slip.setPlaceholderText(self.tr("扫描回执二维码，或输入编号如〔2026〕转字第0001号"))
        self.found = QLabel()
        self.status = QComboBox()
        for code, label in STATUSES:
            self.status.addItem(self.tr(label), code)
        self.reply = QLineEdit()
        self.reply_on = TypedDateEdit(qdate(clock.today()))  # 2026.3.5, 20260305, 3/5 …
        self.reply_on.setCalendarPopup(True)
        self.reply_on.setDisplayFormat(self.tr("yyyy年M月d日"))
        self.error = error_label()
        find = QPushButton(self.tr("查找"))
        find.clicked.connect(self.find)
        self.slip.returnPressed.connect(self.find)  # a scanner types the code and Enter
        self.save = QPushButton(self.tr("保存回执"))
        self.save.clicked.connect(self.save_reply)
        self.reprint_button = QPushButton(self.tr("重印副本…"))
        self.reprint_button.clicked.connect(self.reprint)
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.slip)
        row.addWidget(find)
        form.addRow(self.tr("回执"), row)
        form.addRow("", self.found)
        form.addRow(self.tr("对方答复"), self.status)
        form.addRow(self.tr("说明"), self.reply)
        form.addRow(self.tr("答复日期"), self.reply_on)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reprint_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for w in (self.status, self.reply, self.reply_on, self.save, self.reprint_button):
            w.setEnabled(on)

    def find(self) -> None:
        def lookup(session, actor):  # type: ignore[no-untyped-def]
            row = letters.find_letter(session, actor, self.slip.text())
            referral = session.get(Referral, row.referral_id)
            return row.id, row.letter_number, referral.recipient_name, referral.service_requested

        try:
            self.register_id, number, recipient, service = self.workspace.call(lookup)
        except DomainError as exc:
            show_error(self.error, exc)
            self.found.clear()
            self._enable(False)
            return
        self.error.clear()
        self.found.setText(self.tr("{0}：致{1}，{2}").format(number, recipient, service))
        self._enable(True)

    def save_reply(self) -> None:
        try:
            reply_on = self.reply_on.typed_date()
        except DomainError as exc:
            show_error(self.error, exc)
            return
        referral = self.workspace.perform(
            letter_actions.record_reply,
            self.slip.text(),
            self.status.currentData(),
            self.reply.text(),
            reply_on,
            errors=self.error,
            changes=lambda r: [case_changed(r.case_id, Referral)],
        )
        if referral is not None:
            self.accept()

    def reprint(self) -> None:
        if self.register_id is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("另存副本为 PDF"), "转介函副本.pdf", self.tr("PDF 文件 (*.pdf)")
        )
        if not path:
            return
        copy = self.workspace.perform(
            letter_actions.reprint,
            self.register_id,
            out=Path(path),
            overwrite=True,  # the save dialog has asked
            errors=self.error,
            changes=lambda c: [case_changed(c.case_id)],
        )
        if copy is not None:
            self.error.setText(self.tr("已另存副本。"))
