"""Transfer of a case between units (issue #14).

``TransferDialog``: the sending supervisor, from the case file, picks the receiving unit and
writes why; each unit says whether the person's consent to share covers it, and where it
does not, a supervisor's reason for overriding is asked for (as for letters).
``TransfersDialog``: the transfers a user's unit sent and received; the receiving supervisor
accepts one (choosing the new caseworker) or rejects it with a reason; a case is opened from
here (the sending side then reads what it recorded).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
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

from rescuedesk.errors import DomainError
from rescuedesk.reference.labels import enum_label
from rescuedesk.services.casefile import transfer_package, transfers
from rescuedesk.services.casefile.transfers import TransferRow
from rescuedesk.ui.dialogs.form_parts import close_button, error_label, note_label
from rescuedesk.ui.ops import CASES, Workspace, case_changed, show_error

STATUS = {
    "requested": "待接收",
    "accepted": "已接收",
    "rejected": "已拒绝",
    "cancelled": "已撤回",
    "exported": "已导出转移包",
}


def _table(columns: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(columns)
    table.horizontalHeader().setStretchLastSection(True)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    return table


class TransferDialog(QDialog):
    """Request the transfer of one case to another unit."""

    def __init__(self, workspace: Workspace, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.case_id = case_id
        self.setWindowTitle(self.tr("转移个案"))
        self.setMinimumWidth(620)
        self.covered: dict[int, bool] = {}

        self.unit = QComboBox()
        self.unit.setObjectName("to_unit")
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.consent = QLabel()
        self.consent.setObjectName("consent_state")
        self.consent.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("例如：返回户籍地生活，由当地民政局继续救助"))
        self.override = QLineEdit()
        self.override.setObjectName("override_reason")
        self.override.setPlaceholderText(self.tr("没有受助人同意时，主管越权批准的理由"))
        form = QFormLayout()
        form.addRow(self.tr("接收单位"), self.unit)
        form.addRow("", self.consent)
        form.addRow(self.tr("转移理由"), self.reason)
        form.addRow(self.tr("越权理由"), self.override)
        request = QPushButton(self.tr("申请转移"))
        request.setObjectName("request_transfer")
        request.clicked.connect(self.request)
        form.addRow(request)
        box = QGroupBox(self.tr("申请转移到另一个单位"))
        box.setLayout(form)

        self.history = _table(
            [self.tr("状态"), self.tr("接收单位"), self.tr("申请人"), self.tr("理由"),
             self.tr("处理意见")], "transfer_history",
        )  # fmt: skip
        self.error = error_label()
        self.note = note_label()
        close = close_button(self)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "个案保留编号和全部记录；接收单位的主管接收（指定新的个案工作者）或拒绝。"
                "转出后本单位仍可查看转出前记录的内容，但不能修改。"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(box)
        layout.addWidget(QLabel(self.tr("本个案的转移：")))
        layout.addWidget(self.history)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        try:
            units = self.workspace.check(transfers.receiving_units, self.case_id)
            rows = self.workspace.check(transfers.transfers_of_case, self.case_id)
        except DomainError as exc:
            show_error(self.error, exc)
            units, rows = [], []
        self.unit.clear()
        self.covered = {}
        for unit_id, name, covered in units:
            self.covered[unit_id] = covered
            self.unit.addItem(name, unit_id)
        self.history.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [self.tr(STATUS.get(row.status, row.status)), row.to_unit, row.requested_by,
                     row.reason, row.decision_reason or ""]  # fmt: skip
            for c, text in enumerate(cells):
                self.history.setItem(r, c, QTableWidgetItem(text))
        self.history.resizeColumnsToContents()
        self._unit_changed()

    def _unit_changed(self) -> None:
        covered = self.covered.get(self.unit.currentData(), False)
        self.override.setEnabled(not covered)
        if self.unit.currentData() is None:
            self.consent.clear()
        elif covered:
            self.consent.setStyleSheet("color: #2e7d32")
            self.consent.setText(self.tr("受助人已同意向该单位提供个人信息。"))
        else:
            self.consent.setStyleSheet("color: #b00020")
            self.consent.setText(
                self.tr(
                    "没有受助人（或其监护人）向该单位提供个人信息的同意：须由主管填写越权理由。"
                )
            )

    def request(self) -> None:
        unit_id = self.unit.currentData()
        if unit_id is None:
            self.error.setText(self.tr("没有可以接收的单位。"))
            return
        override = self.override.text() if self.override.isEnabled() else ""
        try:
            self.workspace.call(
                transfers.request_transfer,
                self.case_id,
                unit_id,
                reason=self.reason.text(),
                override_reason=override or None,
            )
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self.error.clear()
        self.note.setText(
            self.tr("已申请转移到{0}，待接收单位的主管接收。").format(self.unit.currentText())
        )
        self.reason.clear()
        self.override.clear()
        self.workspace.changes.tell([case_changed(self.case_id)])
        self.reload()


class TransfersDialog(QDialog):
    """The transfers of the user's unit, sent and received; accept or reject those waiting."""

    case_activated = Signal(int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(self.tr("个案转移"))
        self.setMinimumWidth(820)
        self.rows: list[TransferRow] = []
        self.table = _table(
            [self.tr("编号"), self.tr("状态"), self.tr("个案编号"), self.tr("受助人"),
             self.tr("发出单位"), self.tr("接收单位"), self.tr("申请人"), self.tr("理由"),
             self.tr("处理意见")], "transfers",
        )  # fmt: skip
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())

        self.caseworker = QComboBox()
        self.caseworker.setObjectName("new_caseworker")
        self.accept_note = QLineEdit()
        self.accept_note.setPlaceholderText(self.tr("备注（可不填）"))
        self.accept_button = QPushButton(self.tr("接收"))
        self.accept_button.setObjectName("accept_transfer")
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_reason = QLineEdit()
        self.reject_reason.setObjectName("reject_reason")
        self.reject_button = QPushButton(self.tr("拒绝"))
        self.reject_button.setObjectName("reject_transfer")
        self.reject_button.clicked.connect(self.reject_selected)
        form = QFormLayout()
        accept_row = QHBoxLayout()
        accept_row.addWidget(self.caseworker, 1)
        accept_row.addWidget(self.accept_button)
        reject_row = QHBoxLayout()
        reject_row.addWidget(self.reject_reason, 1)
        reject_row.addWidget(self.reject_button)
        form.addRow(self.tr("新的个案工作者"), accept_row)
        form.addRow(self.tr("备注"), self.accept_note)
        form.addRow(self.tr("拒绝理由"), reject_row)
        self.decide_box = QGroupBox(self.tr("接收或拒绝所选的转移"))
        self.decide_box.setLayout(form)

        self.open_button = QPushButton(self.tr("打开个案"))
        self.open_button.setObjectName("open_case")
        self.open_button.clicked.connect(self.open_selected)
        # Between two databases (another office's embedded file): an encrypted package.
        self.export_button = QPushButton(self.tr("导出转移包…"))
        self.export_button.setObjectName("export_package")
        self.export_button.clicked.connect(lambda: self.export_selected())
        self.import_button = QPushButton(self.tr("导入转移包…"))
        self.import_button.setObjectName("import_package")
        self.import_button.clicked.connect(lambda: self.import_package())
        # The sender's own: cancel a request, or take back a package the other side refused.
        self.withdraw_button = QPushButton(self.tr("撤回转移…"))
        self.withdraw_button.setObjectName("withdraw_transfer")
        self.withdraw_button.clicked.connect(lambda: self.withdraw_selected())
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        self.error = error_label()
        self.note = note_label()
        close = close_button(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.decide_box)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        try:
            self.rows = self.workspace.call(transfers.list_transfers)
        except DomainError as exc:
            show_error(self.error, exc)
            self.rows = []
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            cells = [str(row.id), self.tr(STATUS.get(row.status, row.status)), row.case_number,
                     row.person, row.from_unit, row.to_unit, row.requested_by, row.reason,
                     row.decision_reason or ""]  # fmt: skip
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected(self) -> TransferRow | None:
        chosen = self.table.selectionModel().selectedRows()
        return self.rows[chosen[0].row()] if chosen else None

    def select(self, transfer_id: int) -> None:
        for r, row in enumerate(self.rows):
            if row.id == transfer_id:
                self.table.selectRow(r)
                return

    def _selection_changed(self) -> None:
        row = self.selected()
        waiting = row is not None and row.status == "requested" and row.incoming
        self.decide_box.setEnabled(waiting)
        self.open_button.setEnabled(row is not None and row.case_id is not None)
        self.export_button.setEnabled(
            row is not None and row.status == "requested" and not row.incoming
        )
        self.withdraw_button.setEnabled(
            row is not None and row.status in ("requested", "exported") and not row.incoming
        )
        self.caseworker.clear()
        if not waiting:
            return
        assert row is not None
        try:
            people = self.workspace.check(transfers.new_caseworkers, row.id)
        except DomainError as exc:  # the one who asked: the reason is shown, nothing more
            show_error(self.error, exc)
            self.decide_box.setEnabled(False)
            return
        self.error.clear()
        for a in people:
            self.caseworker.addItem(f"{a.full_name}（{self.tr(enum_label(a.role))}）", a.user_id)

    def _done(self, row: TransferRow, message: str) -> None:
        self.error.clear()
        self.note.setText(message)
        changes = [CASES]
        if row.case_id is not None:
            changes.append(case_changed(row.case_id))
        self.workspace.changes.tell(changes)
        self.reload()
        self.select(row.id)

    def accept_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        user_id = self.caseworker.currentData()
        if user_id is None:
            self.error.setText(self.tr("请选择新的个案工作者。"))
            return
        try:
            self.workspace.call(
                transfers.accept_transfer, row.id, user_id, self.accept_note.text() or None
            )
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self.accept_note.clear()
        self._done(row, self.tr("已接收个案 {0}。").format(row.case_number))

    def withdraw_selected(self, reason: str | None = None) -> None:
        row = self.selected()
        if row is None:
            return
        if reason is None:
            reason, ok = QInputDialog.getText(
                self,
                self.tr("撤回转移"),
                self.tr("撤回个案 {0} 的转移（已导出转移包的，个案回到本单位），理由：").format(
                    row.case_number
                ),
            )
            if not ok:
                return
        try:
            self.workspace.call(transfers.withdraw_transfer, row.id, reason)
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self._done(row, self.tr("已撤回个案 {0} 的转移。").format(row.case_number))

    def reject_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            self.workspace.call(transfers.reject_transfer, row.id, self.reject_reason.text())
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self.reject_reason.clear()
        self._done(row, self.tr("已拒绝接收个案 {0}。").format(row.case_number))

    def _password(self, title: str, *, twice: bool) -> str | None:
        password, ok = QInputDialog.getText(
            self,
            title,
            self.tr("转移包的密码（请另行告知接收单位）："),
            QLineEdit.EchoMode.Password,
        )
        if not ok or not password:
            return None
        if twice:
            again, ok = QInputDialog.getText(
                self, title, self.tr("再输入一次密码："), QLineEdit.EchoMode.Password
            )
            if not ok:
                return None
            if again != password:
                self.error.setText(self.tr("两次输入的密码不一致。"))
                return None
        return password  # type: ignore[no-any-return]

    def export_selected(self, path: Path | None = None, password: str | None = None) -> None:
        """The selected outgoing transfer as an encrypted package, for a unit that works in
        a database of its own."""
        row = self.selected()
        if row is None or row.incoming or row.status != "requested":
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("导出转移包"), f"{row.case_number}.rdtransfer",
                self.tr("转移包 (*.rdtransfer)"),
            )  # fmt: skip
            if not name:
                return
            path = Path(name)
        if password is None:
            password = self._password(self.tr("导出转移包"), twice=True)
            if password is None:
                return
        try:
            transfer_package.write_package(
                self.workspace.db, self.workspace.actor, row.id, path, password
            )
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self._done(row, self.tr("已导出转移包 {0}；请把文件和密码分开交给接收单位。").format(path))

    def import_package(self, path: Path | None = None, password: str | None = None) -> None:
        """A package another database exported for the user's unit: it then waits here."""
        if path is None:
            name, _ = QFileDialog.getOpenFileName(
                self, self.tr("导入转移包"), "", self.tr("转移包 (*.rdtransfer);;所有文件 (*)")
            )
            if not name:
                return
            path = Path(name)
        if password is None:
            password = self._password(self.tr("导入转移包"), twice=False)
            if password is None:
                return
        try:
            transfer = self.workspace.call(transfer_package.import_package, path, password)
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self.error.clear()
        self.note.setText(
            self.tr("已导入个案 {0} 的转移包，请接收或拒绝。").format(transfer.case_number)
        )
        self.reload()
        self.select(transfer.id)

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None and row.case_id is not None:
            self.case_activated.emit(row.case_id)
            self.accept()
