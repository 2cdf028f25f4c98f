"""Batch printing: one letter type for the selected cases, issued in one transaction and
rendered on every core off the UI thread, with progress and cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.documents.letter_pdf import render_batch
from rescuedesk.services import letters
from rescuedesk.ui.dialogs.form_parts import error_label
from rescuedesk.ui.ops import BackgroundOp, Workspace, run_in_background


class BatchLetterDialog(QDialog):
    def __init__(
        self, workspace: Workspace, case_ids: list[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.case_ids = case_ids
        self.op: BackgroundOp | None = None
        self.written: list[Path] = []
        self.failures: list[tuple[int, str]] = []
        self.setWindowTitle(self.tr("批量打印转介函"))
        self.setMinimumWidth(480)
        self.kind = QComboBox()
        for code, label in letters.letter_types():
            self.kind.addItem(self.tr(label), code)
        self.service = QLineEdit()
        self.folder = QLineEdit()
        choose = QPushButton(self.tr("选择文件夹…"))
        choose.clicked.connect(self._choose_folder)
        self.error = error_label()
        self.start = QPushButton(self.tr("为 {0} 个个案生成").format(len(case_ids)))
        self.start.clicked.connect(self.run)
        form = QFormLayout()
        form.addRow(self.tr("个案"), QLabel(self.tr("已选 {0} 个").format(len(case_ids))))
        form.addRow(self.tr("转介函类型"), self.kind)
        form.addRow(self.tr("请求的服务"), self.service)
        form.addRow(self.tr("保存到"), self.folder)
        form.addRow("", choose)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.start)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("保存转介函的文件夹"))
        if folder:
            self.folder.setText(folder)

    def run(self) -> None:
        folder = Path(self.folder.text())
        if not self.folder.text() or not folder.is_dir():
            self.error.setText(self.tr("请选择保存转介函的文件夹。"))
            return
        kind, service = self.kind.currentData(), self.service.text() or None
        case_ids = list(self.case_ids)

        def work(session, actor, progress):  # type: ignore[no-untyped-def]
            # Issue (first half of the bar) and render (second half) in one transaction:
            # a cancel at any point keeps no number and no referral.
            total = len(case_ids)
            contents, failures = letters.issue_batch(
                session,
                actor,
                case_ids,
                kind,
                service=service,
                progress=lambda done, _t: progress(done, total * 2),
            )
            pdfs = render_batch(
                contents, progress=lambda done, _t: progress(total + done, total * 2)
            )
            return contents, pdfs, failures

        dialog = QProgressDialog(
            self.tr("正在生成转介函…"), self.tr("取消"), 0, len(case_ids) * 2, self
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        self.op = BackgroundOp(self.workspace, work)
        self.op.signals.progress.connect(lambda done, _total: dialog.setValue(done))
        dialog.canceled.connect(self.op.cancel)
        self.op.signals.finished.connect(lambda result: self._finished(result, folder, dialog))
        self.op.signals.failed.connect(lambda exc: self._failed(exc, dialog))
        self.start.setEnabled(False)
        run_in_background(self.op)

    def _finished(self, result, folder: Path, dialog: QProgressDialog) -> None:  # type: ignore[no-untyped-def]
        dialog.close()
        contents, pdfs, self.failures = result
        for content, pdf in zip(contents, pdfs, strict=True):
            name = content.letter_number.replace("〔", "").replace("〕", "-")
            path = folder / f"转介函_{name}.pdf"
            path.write_bytes(pdf)
            self.written.append(path)
        lines = [self.tr("已生成 {0} 封转介函。").format(len(self.written))]
        lines += [
            self.tr("个案 {0}：{1}").format(case_id, message) for case_id, message in self.failures
        ]
        self.error.setText("\n".join(lines))
        self.start.setEnabled(True)

    def _failed(self, exc: Exception, dialog: QProgressDialog) -> None:
        dialog.close()
        cancelled = isinstance(exc, InterruptedError)
        self.error.setText(self.tr("已取消，未登记任何转介函。") if cancelled else str(exc))
        self.start.setEnabled(True)
