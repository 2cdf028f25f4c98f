"""The import wizard's pages that run: the dry run (checks the whole file, keeps nothing)
and the import, both off the UI thread with progress and cancel.

A cancel raises inside the transaction (see ui/ops.py), so a cancelled import leaves the
database exactly as it was, like a failed one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from rescuedesk.services.ledger.ledger_file import import_file
from rescuedesk.services.ledger.ledger_import import ImportCancelled, ImportResult, write_problems
from rescuedesk.ui.dialogs.form_parts import error_label
from rescuedesk.ui.dialogs.import_wizard_pages import ImportState
from rescuedesk.ui.ops import (
    CASES,
    BackgroundOp,
    Workspace,
    close_progress,
    error_text,
    follow_progress,
    progress_dialog,
    run_in_background,
)
from rescuedesk.ui.table_models.import_problems_table_model import ImportProblemsTableModel


def _importable(result: ImportResult) -> int:
    """The rows that can be imported: cases, and visits of a workbook's visits sheets (the
    command line counts them so too)."""
    return result.imported + result.visits


def _failure_text(exc: Exception, cancelled: str) -> str:
    if isinstance(exc, ImportCancelled):
        return cancelled
    return error_text(exc, cancelled)  # the words every op uses


class DryRunPage(QWizardPage):
    """Checks every row as the import will, then lists every problem; writes nothing."""

    def __init__(self, state: ImportState, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.workspace = workspace
        self.op: BackgroundOp | None = None
        self.setTitle(self.tr("检查整个文件"))
        self.setSubTitle(
            self.tr("逐行检查，与导入时完全相同，但不写入数据库。每个问题都列出行号和列。")
        )
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(self.tr("取消检查"))
        self.cancel_button.clicked.connect(self.cancel)
        self.again_button = QPushButton(self.tr("重新检查"))
        self.again_button.clicked.connect(self.start)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.model = ImportProblemsTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.save_button = QPushButton(self.tr("保存问题清单…"))
        self.save_button.clicked.connect(self._save)
        self.error = error_label()
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.cancel_button)
        top.addWidget(self.again_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)

    # The wizard's Next waits for a finished dry run.
    def isComplete(self) -> bool:
        return self.state.dry_run is not None and self.op is None

    def initializePage(self) -> None:
        self.start()

    def cleanupPage(self) -> None:
        """Going back: stop a running check; its result would be for the old mapping."""
        self.cancel()
        self.state.dry_run = None

    @property
    def running(self) -> bool:
        return self.op is not None

    def start(self) -> None:
        self.state.dry_run = None
        # Decisions are by sheet and row, for this file and mapping: a new check starts afresh.
        self.state.decisions = {}
        self.state.decided = None
        self.model.set_result(None)
        self.error.clear()
        self.status.setText(self.tr("正在读取文件…"))
        self.progress.setRange(0, 0)  # busy until the rows are counted
        path, mapping = self.state.path, dict(self.state.mapping)

        def work(session, actor, progress):  # type: ignore[no-untyped-def]
            return import_file(
                session, actor, path, mapping=mapping, dry_run=True, progress=progress
            )

        op = BackgroundOp(self.workspace, work)
        follow_progress(op, self.progress)
        # Bound methods, not lambdas: Qt drops the connections if the page goes first.
        op.signals.progress.connect(self._progress)
        op.signals.finished.connect(self._finished)
        op.signals.failed.connect(self._failed)
        self.op = op
        self._buttons()
        run_in_background(op)

    def cancel(self) -> None:
        if self.op is not None:
            self.op.cancel()

    def _current(self) -> bool:
        """Whether a signal comes from the check running now, not one left behind."""
        return self.op is not None and self.sender() is self.op.signals

    def _progress(self, done: int, total: int) -> None:
        if total and self._current():  # the bar follows the op by itself (follow_progress)
            self.status.setText(self.tr("正在检查第 {0} 行，共 {1} 行…").format(done, total))

    def _finished(self, result: ImportResult) -> None:
        if not self._current():
            return  # a check the user left behind by going back
        self.op = None
        self.state.dry_run = result
        self.progress.setRange(0, max(1, result.rows_read))
        self.progress.setValue(max(1, result.rows_read))
        self.model.set_result(result)
        text = self.tr("共 {0} 行：{1} 行可以导入，{2} 行有问题。").format(
            result.rows_read, _importable(result), result.rejected
        )
        if result.duplicates:
            text += self.tr("有问题的行中 {0} 行与前面的行或已登记的人重复。").format(
                result.duplicates
            )
        if result.warnings:
            text += self.tr("另有 {0} 条提示，不影响导入。").format(len(result.warnings))
        self.status.setText(text)
        self._buttons()
        self.completeChanged.emit()

    def _failed(self, exc: Exception) -> None:
        if not self._current():
            return
        self.op = None
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.clear()
        self.error.setText(_failure_text(exc, self.tr("已取消检查。")))
        self._buttons()
        self.completeChanged.emit()

    def _buttons(self) -> None:
        running = self.op is not None
        self.cancel_button.setVisible(running)
        self.again_button.setVisible(not running and self.state.dry_run is None)
        self.save_button.setEnabled(self.state.dry_run is not None)
        if not running:
            self.table.setFocus()

    def _save(self) -> None:
        suggested = self.state.path.with_name(self.state.path.name + ".problems.xlsx")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存问题清单"), str(suggested), self.tr("Excel (*.xlsx)")
        )
        if path:
            self.save_problems(Path(path))

    def save_problems(self, path: Path) -> None:
        """The same workbook the command line writes next to the file (FILE.problems.xlsx)."""
        assert self.state.dry_run is not None
        try:
            write_problems(self.state.dry_run, path)
        except OSError as exc:
            self.error.setText(self.tr("无法保存问题清单：{0}").format(exc))
            return
        self.error.clear()
        saved = self.tr("问题清单已保存到 {0}。").format(path)
        self.status.setText(f"{self.status.text()}\n{saved}")


class ImportPage(QWizardPage):
    """All rows or only the valid ones, in one transaction, with a progress dialog.

    A commit page: its Commit button (开始导入) runs the import, and the wizard moves on to
    the result only when it is done, so there is no way back to a finished import.
    """

    def __init__(self, state: ImportState, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.workspace = workspace
        self.op: BackgroundOp | None = None
        self.dialog: QProgressDialog | None = None
        self.setTitle(self.tr("导入"))
        self.setSubTitle(
            self.tr(
                "整个导入是一次操作：中途取消或出错，数据库保持原样。"
                "每一行的受助人和个案都登记在您的单位。"
            )
        )
        self.setCommitPage(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.valid_only = QRadioButton()
        self.all_rows = QRadioButton()
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.valid_only)
        self.choice.addButton(self.all_rows)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.valid_only)
        layout.addWidget(self.all_rows)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def isComplete(self) -> bool:
        dry = self.state.plan
        return dry is not None and dry.imported > 0 and self.op is None

    def initializePage(self) -> None:
        dry = self.state.plan
        assert dry is not None
        self.state.result = None
        self.error.clear()
        summary = self.tr("检查结果：共 {0} 行，{1} 行可以导入，{2} 行有问题。").format(
            dry.rows_read, _importable(dry), dry.rejected
        )
        if self.state.decisions:
            summary += self.tr("按您的决定：{0} 行的个案并入已有档案，跳过 {1} 行。").format(
                dry.attached, dry.skipped
            )
        self.summary.setText(summary)
        self.valid_only.setText(
            self.tr("只导入没有问题的 {0} 行（有问题的 {1} 行不导入，改正后可再导入）").format(
                _importable(dry), dry.rejected
            )
        )
        if dry.rejected:
            self.all_rows.setText(
                self.tr("导入全部 {0} 行（要先在台账中改正有问题的 {1} 行）").format(
                    dry.rows_read, dry.rejected
                )
            )
        else:
            self.all_rows.setText(self.tr("导入全部 {0} 行").format(dry.rows_read - dry.skipped))
        # "All rows" with a bad row would be refused whole: offer it only when it can work.
        self.all_rows.setEnabled(not dry.rejected)
        self.valid_only.setEnabled(bool(dry.rejected) and dry.imported > 0)
        (self.valid_only if dry.rejected else self.all_rows).setChecked(True)
        if dry.imported == 0:
            self.error.setText(self.tr("没有可以导入的行。请改正台账后重新导入。"))

    def validatePage(self) -> bool:
        """The Commit button: start the import; the wizard moves on when it has finished."""
        if self.state.result is not None:
            return True
        if self.op is None:
            self.start()
        return False

    def start(self) -> None:
        dry = self.state.plan
        assert dry is not None
        path, mapping = self.state.path, dict(self.state.mapping)
        valid_only = self.valid_only.isChecked()
        decisions = dict(self.state.decisions)

        def work(session, actor, progress):  # type: ignore[no-untyped-def]
            return import_file(
                session,
                actor,
                path,
                mapping=mapping,
                valid_only=valid_only,
                progress=progress,
                decisions=decisions,
            )

        self.error.clear()
        self.dialog = progress_dialog(self, self.tr("正在导入…"), self.tr("导入台账"))
        self.dialog.setMaximum(max(1, dry.rows_read))
        # The case list and home page hear of an import that kept something.
        op = BackgroundOp(
            self.workspace, work, changes=lambda result: [] if result.refused else [CASES]
        )
        follow_progress(op, self.dialog)
        op.signals.finished.connect(self._finished)
        op.signals.failed.connect(self._failed)
        self.op = op
        self.completeChanged.emit()
        run_in_background(op)

    @property
    def running(self) -> bool:
        return self.op is not None

    def cancel(self) -> None:
        if self.op is not None:
            self.op.cancel()

    def _close_dialog(self) -> None:
        self.op = None
        close_progress(self.dialog)
        self.dialog = None
        self.completeChanged.emit()

    def _finished(self, result: ImportResult) -> None:
        self._close_dialog()
        if result.refused:
            # The database changed since the check (someone registered one of these people).
            self.error.setText(
                self.tr("有 {0} 行现在有问题，本次没有导入任何一行。请返回重新检查。").format(
                    result.rejected
                )
            )
            return
        self.state.result = result
        self.wizard().next()

    def _failed(self, exc: Exception) -> None:
        self._close_dialog()
        self.error.setText(_failure_text(exc, self.tr("已取消导入，数据库没有任何改动。")))


class ResultPage(QWizardPage):
    show_cases = Signal(list)  # the ids of the cases this import opened

    def __init__(self, state: ImportState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("导入完成"))
        self.setSubTitle(self.tr("导入已保存，并记入审计记录（文件名、SHA-256、行数和导入人）。"))
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.show_button = QPushButton(self.tr("在个案列表中查看导入的个案"))
        self.show_button.clicked.connect(self._show_cases)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def initializePage(self) -> None:
        result = self.state.result
        assert result is not None
        outcome = self.tr("已导入 {0} 个个案（读取 {1} 行，{2} 行有问题未导入）。").format(
            result.imported, result.rows_read, result.rejected
        )
        if result.attached or result.skipped:
            outcome += self.tr("其中 {0} 个个案并入已有档案；按您的决定跳过 {1} 行。").format(
                result.attached, result.skipped
            )
        self.outcome.setText(outcome)
        self.show_button.setEnabled(bool(result.case_ids))
        self.show_button.setFocus()

    def _show_cases(self) -> None:
        assert self.state.result is not None
        self.show_cases.emit(list(self.state.result.case_ids))
