"""The import wizard's first pages, before anything runs: the file, the mapping, the preview.

Each page reads and writes the wizard's ImportState; the services do every check
(rescuedesk.services.ledger.ledger_steps), the pages only show what they say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from rescuedesk.errors import DomainError
from rescuedesk.ledger import mapping as ledger_mapping
from rescuedesk.ledger.decisions import Decision, Key
from rescuedesk.services.ledger import ledger_steps
from rescuedesk.services.ledger.ledger_import import ImportResult
from rescuedesk.services.ledger.ledger_steps import LedgerFile
from rescuedesk.ui.dialogs.form_parts import error_label
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.table_models.import_preview_table_model import (
    ImportPreviewTableModel,
    field_label,
)

PREVIEW_ROWS = 20
LAST_FOLDER = "import_wizard/folder"  # QSettings: where the file dialogs open next time


@dataclass
class ImportState:
    """What the pages have settled so far; a page going back forgets what came after it."""

    ledger: LedgerFile | None = None
    mapping: dict[str, str] = field(default_factory=dict)  # {field: header}
    notes: list[str] = field(default_factory=list)  # said on the mapping page
    dry_run: ImportResult | None = None
    # The 可能重复 page: the user's decision per (sheet, row) of the file, and the dry run
    # checked again with them (what the import will do).
    decisions: dict[Key, Decision] = field(default_factory=dict)
    decided: ImportResult | None = None
    result: ImportResult | None = None

    @property
    def plan(self) -> ImportResult | None:
        """What the import will do: the check with the decisions, else the dry run."""
        return self.decided if self.decided is not None else self.dry_run

    @property
    def path(self) -> Path:
        assert self.ledger is not None
        return self.ledger.path


def last_folder() -> str:
    return str(QSettings().value(LAST_FOLDER, "") or "")


def remember_folder(path: str) -> None:
    QSettings().setValue(LAST_FOLDER, str(Path(path).parent))


class FilePage(QWizardPage):
    def __init__(self, state: ImportState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("选择台账文件"))
        self.setSubTitle(
            self.tr(
                "可以导入 Excel（.xlsx）或 CSV 文件，CSV 可以是 UTF-8 或 GBK 编码。"
                "第一行非空的行是表头。以前保存过列的对应，可以一并选择。"
            )
        )
        self.file = QLineEdit()
        self.file.setPlaceholderText(self.tr("台账文件（.xlsx 或 .csv）"))
        self.choose_file = QPushButton(self.tr("浏览…"))
        self.choose_file.clicked.connect(self._choose_file)
        self.mapping_file = QLineEdit()
        self.mapping_file.setPlaceholderText(self.tr("可不选：按表头自动推断"))
        self.choose_mapping = QPushButton(self.tr("浏览…"))
        self.choose_mapping.clicked.connect(self._choose_mapping)
        self.opened: tuple[str, str] | None = None  # (file, mapping file) last opened
        self.error = error_label()
        self.registerField("file*", self.file)  # Next stays off until a file is named
        form = QFormLayout()
        form.addRow(self.tr("台账文件"), _with_button(self.file, self.choose_file))
        form.addRow(self.tr("已保存的映射"), _with_button(self.mapping_file, self.choose_mapping))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.setTabOrder(self.file, self.choose_file)
        self.setTabOrder(self.choose_file, self.mapping_file)
        self.setTabOrder(self.mapping_file, self.choose_mapping)

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择台账文件"), last_folder(), self.tr("台账 (*.xlsx *.csv)")
        )
        if path:
            remember_folder(path)
            self.file.setText(path)

    def _choose_mapping(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择映射文件"), last_folder(), self.tr("映射 (*.json)")
        )
        if path:
            self.mapping_file.setText(path)

    def validatePage(self) -> bool:
        """Open the file (and the saved mapping) now, so a wrong file is said here."""
        self.error.clear()
        chosen = (self.file.text().strip(), self.mapping_file.text().strip())
        if self.state.ledger is not None and chosen == self.opened:
            return True  # back here only to look: keep the corrections made to the mapping
        try:
            ledger = ledger_steps.open_ledger(Path(self.file.text().strip()))
            notes: list[str] = []
            if self.mapping_file.text().strip():
                mapping, missing = ledger_steps.load_mapping(
                    Path(self.mapping_file.text().strip()), ledger.headers
                )
                if missing:
                    notes.append(
                        self.tr("映射文件中的这些列在本文件中没有：{0}。").format(
                            "、".join(missing)
                        )
                    )
            else:
                mapping = dict(ledger.proposed)
        except DomainError as exc:
            self.error.setText(exc.message)
            return False
        self.state.ledger, self.state.mapping, self.state.notes = ledger, mapping, notes
        self.opened = chosen
        return True


class MappingPage(QWizardPage):
    """One row per column of the header row: its name, the field it fills, a sample value."""

    def __init__(self, state: ImportState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("核对列的对应"))
        self.setSubTitle(
            self.tr(
                "已按表头推断每一列对应的字段，请逐列核对。"
                "不需要的列选“不导入”；每个字段只能对应一列。"
            )
        )
        self.combos: dict[str, QComboBox] = {}
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.error = error_label()
        self.save_button = QPushButton(self.tr("保存映射…"))
        self.save_button.setToolTip(
            self.tr("保存为 JSON 文件，下次导入同样的台账时选择它；命令行 --mapping 也读它。")
        )
        self.save_button.clicked.connect(self._save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        ledger = self.state.ledger
        assert ledger is not None
        kind = self.tr("CSV 文件，{0} 编码").format(ledger.encoding) if ledger.encoding else "Excel"
        self.info.setText(
            self.tr("{0}（{1}），共 {2} 列。").format(ledger.path.name, kind, len(ledger.headers))
        )
        _clear_layout(self.grid)
        self.combos.clear()
        bold = QFont()
        bold.setBold(True)
        for column, title in enumerate((self.tr("表头"), self.tr("导入为"), self.tr("示例"))):
            label = QLabel(title)
            label.setFont(bold)
            self.grid.addWidget(label, 0, column)
        field_of = {h: f for f, h in self.state.mapping.items()}
        previous: QWidget = self.info
        for row, header in enumerate(ledger.headers, start=1):
            combo = QComboBox()
            combo.addItem(self.tr("不导入"), None)
            for name in ledger_mapping.FIELDS:
                combo.addItem(field_label(name), name)
            combo.setCurrentIndex(max(0, combo.findData(field_of.get(header))))
            combo.currentIndexChanged.connect(lambda _i, h=header: self._changed(h))
            name_label = QLabel(header)
            name_label.setBuddy(combo)
            self.grid.addWidget(name_label, row, 0)
            self.grid.addWidget(combo, row, 1)
            sample = QLabel(ledger.samples.get(header, ""))
            sample.setStyleSheet("color: #666")
            self.grid.addWidget(sample, row, 2)
            self.combos[header] = combo
            self.setTabOrder(previous, combo)
            previous = combo
        self.setTabOrder(previous, self.save_button)
        self.grid.setColumnStretch(2, 1)
        self.grid.setRowStretch(len(ledger.headers) + 1, 1)
        self.notes.setText("\n".join(self.state.notes))
        self.error.clear()
        if self.combos:
            next(iter(self.combos.values())).setFocus()

    def set_field(self, header: str, name: str | None) -> None:
        """Choose the field of one column, as the user does with its combo box."""
        combo = self.combos[header]
        combo.setCurrentIndex(combo.findData(name))

    def _changed(self, header: str) -> None:
        name = self.combos[header].currentData()
        mapping = {f: h for f, h in self.state.mapping.items() if h != header}
        notes = []
        if name is not None:
            other = mapping.get(name)
            if other is not None:
                # One field, one column: the column that had it gives it up, and says so.
                combo = self.combos[other]
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
                notes.append(
                    self.tr("“{0}”原来导入为“{1}”，已改为不导入。").format(other, field_label(name))
                )
            mapping[name] = header
        self.state.mapping = mapping
        self.notes.setText("\n".join(notes))
        self.error.clear()

    def _save(self) -> None:
        ledger = self.state.ledger
        assert ledger is not None
        suggested = ledger.path.with_name(ledger.path.stem + ".mapping.json")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存映射"), str(suggested), self.tr("映射 (*.json)")
        )
        if path:
            self.save_mapping(Path(path))

    def save_mapping(self, path: Path) -> None:
        try:
            ledger_mapping.save(self.state.mapping, path)
        except OSError as exc:
            self.error.setText(self.tr("无法保存映射：{0}").format(exc))
            return
        self.notes.setText(self.tr("映射已保存到 {0}。").format(path))

    def validatePage(self) -> bool:
        assert self.state.ledger is not None
        try:
            ledger_steps.check_mapping(self.state.mapping, self.state.ledger.headers)
        except DomainError as exc:
            self.error.setText(exc.message)
            return False
        return True


class PreviewPage(QWizardPage):
    def __init__(self, state: ImportState, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.workspace = workspace
        self.setTitle(self.tr("预览"))
        self.setSubTitle(
            self.tr(
                "前 {0} 行保存后的样子：日期、性别、民族、户籍地和身份证号都已规范。"
                "标红的格子有问题，鼠标指向它可看原因；斜体是保存时补全的。"
            ).format(PREVIEW_ROWS)
        )
        self.model = ImportPreviewTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        # The problems of the row at the cursor, in words: tooltips need a mouse.
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.summary = QLabel()
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        self.error.clear()
        self.summary.clear()
        try:
            rows = self.workspace.call(
                ledger_steps.preview_rows, self.state.path, self.state.mapping, limit=PREVIEW_ROWS
            )
        except DomainError as exc:
            self.model.set_rows([], [])
            self.error.setText(exc.message)
            return
        self.model.set_rows(ledger_steps.preview_fields(self.state.mapping), rows)
        bad = sum(1 for r in rows if r.problems)
        self.summary.setText(
            self.tr("显示前 {0} 行，其中 {1} 行有问题。下一步检查整个文件。").format(len(rows), bad)
        )
        self.table.setFocus()
        if rows:
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        row = self.model.rows[current.row()]
        whole_row = self.tr("整行")
        lines = [
            self.tr("第 {0} 行，{1}：{2}").format(row.number, p.column or whole_row, p.message)
            for p in row.problems
        ]
        lines += [self.tr("第 {0} 行提示：{1}").format(row.number, w) for w in row.warnings]
        self.detail.setText("\n".join(lines) or self.tr("第 {0} 行没有问题。").format(row.number))


def _with_button(edit: QLineEdit, button: QPushButton) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    row.addWidget(button)
    return box


def _clear_layout(layout: QGridLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()
