"""合并记录 in a case tab: the merges of the case's person (who merged which record into which,
when and why), and 撤销合并… for one not undone yet. Hidden when the person has none."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.services.people import person_merge
from rescuedesk.services.people.person_merge import MergeEntry
from rescuedesk.ui.dialogs.form_parts import error_label
from rescuedesk.ui.ops import Workspace, in_transaction, person_changed

TIME = "%Y-%m-%d %H:%M"


class MergeHistoryWidget(QGroupBox):
    def __init__(self, workspace: Workspace, case_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.case_id = case_id
        self.entries: list[MergeEntry] = []
        self.setTitle(self.tr("合并记录"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("人员"), self.tr("合并"), self.tr("理由")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(160)
        self.undo_button = QPushButton(self.tr("撤销合并…"))
        self.undo_button.clicked.connect(self.ask_unmerge)
        self.error = error_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.table.itemSelectionChanged.connect(self._buttons)
        self.refresh()

    def refresh(self) -> None:
        self.entries = self.workspace.check(person_merge.merge_history, self.case_id)
        self.setVisible(bool(self.entries))
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            what = self.tr("{0}（编号 {1}）并入 {2}（编号 {3}），转移个案：{4}").format(
                e.absorbed_name,
                e.absorbed_person_id,
                e.kept_name,
                e.kept_person_id,
                "、".join(e.case_numbers) or self.tr("无"),
            )
            reason = e.reason
            if e.unmerged_at is not None:
                reason += "\n" + self.tr("已于 {0} 由 {1} 撤销：{2}").format(
                    e.unmerged_at.strftime(TIME), e.unmerged_by, e.unmerge_reason
                )
            cells = (e.merged_at.strftime(TIME), e.merged_by, what, reason)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        if self.entries:
            self.table.selectRow(0)
        self._buttons()

    def selected(self) -> MergeEntry | None:
        row = self.table.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _buttons(self) -> None:
        entry = self.selected()
        self.undo_button.setEnabled(entry is not None and entry.unmerged_at is None)

    def ask_unmerge(self) -> None:
        entry = self.selected()
        if entry is None or entry.unmerged_at is not None:
            return
        reason, ok = QInputDialog.getText(
            self,
            self.tr("撤销合并"),
            self.tr("把合并时转移的个案放回“{0}”的档案。撤销理由：").format(entry.absorbed_name),
            QLineEdit.EchoMode.Normal,
        )
        if ok:
            self.unmerge(entry.merge_id, reason)

    def unmerge(self, merge_id: int, reason: str) -> bool:
        """Undo a merge; the open cases of both persons (this one among them, with this
        list) show the records they have now, told through the workspace's notifier."""
        self.error.clear()
        entry = next(e for e in self.entries if e.merge_id == merge_id)
        done = self.workspace.perform(
            in_transaction(person_merge.unmerge),
            merge_id,
            reason,
            errors=self.error,
            changes=[
                person_changed(entry.kept_person_id),
                person_changed(entry.absorbed_person_id),
            ],
        )
        return done is not None
