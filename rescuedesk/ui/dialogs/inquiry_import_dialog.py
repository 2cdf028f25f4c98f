"""从文件导入寻亲查询: a CSV or XLSX file of inquiries, one a row, checked first (a dry run
that keeps nothing), then recorded — all of it, or only the rows without a problem.

The same service as ``rescuedesk inquiry add FILE`` (services/tracing/inquiries.import_rows);
the refused rows are listed by row, column and reason, as the ledger import lists them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.errors import DomainError
from rescuedesk.services.ledger.ledger_import import ImportResult
from rescuedesk.services.tracing import inquiries
from rescuedesk.ui.dialogs.form_parts import close_button, error_label, note_label
from rescuedesk.ui.ops import Workspace, show_error
from rescuedesk.ui.table_models.import_problems_table_model import ImportProblemsTableModel

CONTEXT = "InquiryImportDialog"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class InquiryImportDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.result_value: ImportResult | None = None
        self.checked: ImportResult | None = None
        self.setWindowTitle(tr("从文件导入寻亲查询"))
        self.resize(760, 520)
        self.file = QLineEdit()
        self.file.setObjectName("import_file")
        self.file.setPlaceholderText(
            tr("CSV 或 XLSX 文件，第一行为列名：查询编号、查询人、走失者姓名……")
        )
        self.file.textChanged.connect(lambda _t: self._forget())
        browse = QPushButton(tr("浏览…"))
        browse.clicked.connect(self.browse)
        self.check_button = QPushButton(tr("检查"))
        self.check_button.setObjectName("check_button")
        self.check_button.clicked.connect(self.check)
        self.valid_only = QCheckBox(tr("只导入没有问题的行"))
        self.valid_only.setObjectName("valid_only")
        self.import_button = QPushButton(tr("导入"))
        self.import_button.setObjectName("import_button")
        self.import_button.clicked.connect(self.run_import)
        self.import_button.setEnabled(False)
        self.summary = QLabel()
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.problems = ImportProblemsTableModel(self)
        table = QTableView()
        table.setObjectName("import_problems")
        table.setModel(self.problems)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.error = error_label()
        self.note = note_label()
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        row.addWidget(self.check_button)
        actions = QHBoxLayout()
        actions.addWidget(self.valid_only)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.note)
        layout.addLayout(actions)
        layout.addWidget(close_button(self))

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("选择寻亲查询文件"), "", tr("表格 (*.csv *.xlsx)")
        )
        if path:
            self.file.setText(path)
            self.check()

    def _forget(self) -> None:
        self.checked = None
        self.import_button.setEnabled(False)

    def _path(self) -> Path:
        return Path(self.file.text().strip())

    def check(self) -> ImportResult | None:
        """The dry run: every problem of every row, nothing kept."""
        self.error.clear()
        self.note.clear()
        try:
            result = self.workspace.call(inquiries.import_rows, self._path(), dry_run=True)
        except (DomainError, OSError) as exc:
            show_error(self.error, exc)
            self.problems.set_result(None)
            self.summary.clear()
            return None
        self.checked = result
        self.problems.set_result(result)
        text = tr("共 {0} 行：{1} 行可以导入，{2} 行有问题。").format(
            result.rows_read, result.imported, result.rejected
        )
        if result.rejected:
            text += tr("有问题的行不会导入；可以改正文件后再检查，或勾选“只导入没有问题的行”。")
        self.summary.setText(text)
        self.import_button.setEnabled(result.imported > 0)
        return result

    def run_import(self) -> ImportResult | None:
        result = self.workspace.perform(
            lambda db, actor: db.run_write(
                lambda s: inquiries.import_rows(
                    s, actor, self._path(), valid_only=self.valid_only.isChecked()
                )
            ),
            errors=self.error,
        )
        if result is None:
            return None
        self.problems.set_result(result)
        if result.refused:
            self.error.setText(
                tr("文件中有 {0} 行有问题，没有导入任何一行。").format(result.rejected)
            )
            return result
        self.result_value = result
        self.note.setText(
            tr("已导入 {0} 条寻亲查询；{1} 行有问题，未导入。").format(
                result.imported, result.rejected
            )
        )
        self.import_button.setEnabled(False)
        return result
