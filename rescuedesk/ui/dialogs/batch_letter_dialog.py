"""Batch printing: one letter type for the selected cases, issued, rendered (on every core)
and saved in one transaction off the UI thread, with progress and cancel
(services/letter_actions.issue_batch)."""

from __future__ import annotations

from pathlib import Path

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

from rescuedesk.models import Referral
from rescuedesk.services.referrals import letter_actions, letters
from rescuedesk.services.referrals.letter_actions import IssuedBatch
from rescuedesk.ui.dialogs.form_parts import error_label
from rescuedesk.ui.ops import (
    BackgroundOp,
    Workspace,
    case_changed,
    close_progress,
    follow_progress,
    progress_dialog,
    run_in_background,
    show_error,
)


class BatchLetterDialog(QDialog):
    def __init__(
        self, workspace: Workspace, case_ids: list[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.case_ids = case_ids
        self.op: BackgroundOp | None = None
        self.progress: QProgressDialog | None = None
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

        def work(db, actor, progress):  # type: ignore[no-untyped-def]
            # A cancel at any point keeps no number, no referral and no file.
            return letter_actions.issue_batch(
                db, actor, case_ids, kind, folder, service=service, progress=progress
            )

        self.progress = progress_dialog(self, self.tr("正在生成转介函…"))
        self.op = BackgroundOp(
            self.workspace,
            work,
            owns_transaction=True,
            changes=lambda batch: [case_changed(x.case_id, Referral) for x in batch.letters],
        )
        follow_progress(self.op, self.progress)
        self.op.signals.finished.connect(self._finished)
        self.op.signals.failed.connect(self._failed)
        self.start.setEnabled(False)
        run_in_background(self.op)

    def _finished(self, result: IssuedBatch) -> None:
        close_progress(self.progress)
        self.progress = None
        self.written, self.failures = result.paths, result.failures
        lines = [self.tr("已生成 {0} 封转介函。").format(len(self.written))]
        lines += [
            self.tr("个案 {0}：{1}").format(case_id, message) for case_id, message in self.failures
        ]
        self.error.setText("\n".join(lines))
        self.start.setEnabled(True)

    def _failed(self, exc: Exception) -> None:
        close_progress(self.progress)
        self.progress = None
        show_error(self.error, exc, cancelled=self.tr("已取消，未登记任何转介函。"))
        self.start.setEnabled(True)
