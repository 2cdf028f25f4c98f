"""Who works on a case: the supervisor's dialog to assign it (to a colleague of the unit, or to
a follow-up worker of another unit), end an assignment, and change the caseworker. Each step
is one service call with a reason; the case's timeline and the lists follow."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rescuedesk import clock
from rescuedesk.errors import DomainError
from rescuedesk.reference.labels import enum_label
from rescuedesk.services.casefile import assignments
from rescuedesk.services.casefile.assignments import Assignee, AssignmentRow
from rescuedesk.ui.dialogs.form_parts import close_button, error_label, note_label
from rescuedesk.ui.forms.date_edit import TypedDateEdit
from rescuedesk.ui.ops import Workspace, case_changed, show_error

PURPOSES = {"caseworker": "协办", "follow_up": "回访"}


def _who(a: Assignee) -> str:
    role = enum_label(a.role)
    return f"{a.full_name}（{a.unit}·{role}）" if a.unit else f"{a.full_name}（{role}）"


class AssignmentDialog(QDialog):
    def __init__(self, workspace: Workspace, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.case_id = case_id
        self.setWindowTitle(self.tr("人员与分派"))
        self.setMinimumWidth(640)
        self.rows: list[AssignmentRow] = []

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("assignments")
        self.table.setHorizontalHeaderLabels(
            [self.tr("人员"), self.tr("单位"), self.tr("用途"), self.tr("截止"), self.tr("理由")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.end_button = QPushButton(self.tr("结束所选分派…"))
        self.end_button.clicked.connect(self.end_selected)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.user = QComboBox()
        self.user.setObjectName("assignee")
        self.until_on = QCheckBox(self.tr("截止日期"))
        self.until = TypedDateEdit()
        self.until.setDate(QDate.fromString(clock.today().isoformat(), "yyyy-MM-dd").addYears(1))
        self.until.setEnabled(False)
        self.until_on.toggled.connect(self.until.setEnabled)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("例如：返乡后由户籍地妇联回访"))
        assign = QPushButton(self.tr("分派"))
        assign.setObjectName("assign")
        assign.clicked.connect(self.assign)
        until_row = QHBoxLayout()
        until_row.addWidget(self.until_on)
        until_row.addWidget(self.until, 1)
        new = QFormLayout()
        new.addRow(self.tr("分派给"), self.user)
        new.addRow(until_row)
        new.addRow(self.tr("理由"), self.reason)
        new.addRow(assign)
        new_box = QGroupBox(self.tr("新增分派"))
        new_box.setLayout(new)

        self.caseworker = QComboBox()
        self.caseworker.setObjectName("new_caseworker")
        self.caseworker_reason = QLineEdit()
        change = QPushButton(self.tr("更换个案工作者"))
        change.setObjectName("change_caseworker")
        change.clicked.connect(self.change_caseworker)
        worker = QFormLayout()
        worker.addRow(self.tr("新的个案工作者"), self.caseworker)
        worker.addRow(self.tr("理由"), self.caseworker_reason)
        worker.addRow(change)
        worker_box = QGroupBox(self.tr("个案工作者"))
        worker_box.setLayout(worker)

        self.error = error_label()
        self.note = note_label()
        close = close_button(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("正在负责本个案的人员（个案工作者除外）：")))
        layout.addWidget(self.table)
        layout.addWidget(self.end_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(new_box)
        layout.addWidget(worker_box)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        try:
            self.rows = self.workspace.call(assignments.list_assignments, self.case_id)
            people = self.workspace.call(assignments.assignable_users, self.case_id)
            workers = self.workspace.call(assignments.caseworkers_of_unit, self.case_id)
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            until = f"{row.until:%Y-%m-%d}" if row.until else self.tr("不限")
            cells = [row.full_name, row.unit, self.tr(PURPOSES.get(row.purpose, row.purpose)),
                     until, row.reason or ""]  # fmt: skip
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        for combo, choices in ((self.user, people), (self.caseworker, workers)):
            combo.clear()
            for a in choices:
                combo.addItem(_who(a), a.user_id)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.end_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def _done(self, message: str) -> None:
        self.error.clear()
        self.note.setText(message)
        self.workspace.changes.tell([case_changed(self.case_id)])
        self.reload()

    def assign(self) -> None:
        user_id = self.user.currentData()
        if user_id is None:
            self.error.setText(self.tr("没有可以分派的人员。"))
            return
        until = self.until.date().toPython() if self.until_on.isChecked() else None
        try:
            self.workspace.call(assignments.assign, self.case_id, user_id,
                                reason=self.reason.text(), until=until)  # fmt: skip
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self.reason.clear()
        self._done(self.tr("已分派给{0}。").format(self.user.currentText()))

    def end_selected(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        if not selected:
            return
        row = self.rows[selected[0].row()]
        reason, ok = QInputDialog.getText(
            self, self.tr("结束分派"), self.tr("结束{0}的分派，理由：").format(row.full_name)
        )
        if not ok:
            return
        try:
            self.workspace.call(assignments.end_assignment, row.id, reason or None)
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self._done(self.tr("已结束{0}的分派。").format(row.full_name))

    def change_caseworker(self) -> None:
        user_id = self.caseworker.currentData()
        if user_id is None:
            self.error.setText(self.tr("本单位没有其他个案工作者。"))
            return
        try:
            self.workspace.call(assignments.change_caseworker, self.case_id, user_id,
                                self.caseworker_reason.text())  # fmt: skip
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self.caseworker_reason.clear()
        self._done(self.tr("个案工作者已改为{0}。").format(self.caseworker.currentText()))
