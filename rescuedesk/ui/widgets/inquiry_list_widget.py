"""寻亲 › 寻亲查询 (issue #15): the unit's inquiries from families and the police, and under
them the candidates of the one selected.

Only caseworkers and supervisors have this page (services/tracing/inquiries.py refuses the
others); its list shows names and telephone numbers, so the window's lock clears it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.errors import DomainError
from rescuedesk.services.tracing import inquiries, matching
from rescuedesk.services.tracing.inquiries import InquiryRow
from rescuedesk.services.tracing.matching import Candidate, MatchRun
from rescuedesk.ui.dialogs.form_parts import error_label
from rescuedesk.ui.dialogs.reason_dialog import ReasonDialog
from rescuedesk.ui.ops import BackgroundOp, Workspace, run_in_background, show_error
from rescuedesk.ui.table_models.match_table_model import InquiryTableModel
from rescuedesk.ui.widgets.match_candidates_widget import MatchCandidatesWidget

CONTEXT = "InquiryListWidget"
STATUSES = ((None, "全部"), ("open", "查找中"), ("matched", "已确认相符"), ("closed", "已关闭"))


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class InquiryListWidget(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.model = InquiryTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("inquiry_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.status = QComboBox()
        self.status.setObjectName("inquiry_status_filter")
        for code, label in STATUSES:
            self.status.addItem(tr(label), code)
        self.status.setCurrentIndex(0)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.count = QLabel()
        self.error = error_label()
        self.candidates = MatchCandidatesWidget(workspace)
        self.candidates.matched.connect(self.model.set_count)
        self.candidates.decided.connect(lambda _id: self.refresh())
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, label, shortcut, slot in (
            ("add", "新增查询…", "Ctrl+Shift+N", self.add),
            ("edit", "修改…", "Ctrl+E", self.edit_selected),
            ("close", "关闭查询…", "", self.close_selected),
            ("import", "从文件导入…", "Ctrl+Shift+I", self.import_file),
            ("match_all", "全部比对", "Ctrl+F5", self.match_all),
        ):
            button = QPushButton(tr(label))
            button.setObjectName(f"inquiry_{key}_button")
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
            self.buttons[key] = button
            if shortcut:
                action = QAction(self)
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                action.triggered.connect(lambda _c=False, s=slot: s())
                self.addAction(action)
                button.setToolTip(QKeySequence(shortcut).toString())
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        self.running: BackgroundOp | None = None
        buttons.addWidget(self.progress)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(tr("状态")))
        buttons.addWidget(self.status)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.count)
        top_layout.addWidget(self.error)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.candidates)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())

    # -- reading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.selected()
        try:
            rows = self.workspace.call(inquiries.list_inquiries, self.status.currentData())
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self.error.clear()
        self.model.set_rows(rows)
        self._count_stored(rows)
        self.count.setText(tr("共 {0} 条寻亲查询").format(len(rows)))
        if chosen is not None:
            self.select(chosen.id)
        else:
            self._selected()

    def _count_stored(self, rows: list[InquiryRow]) -> None:
        """候选人: what the last ranking of each inquiry stored, whenever it was made; empty
        for an inquiry with none stored that was not ranked here (perhaps never ranked)."""
        if not rows:
            return
        try:
            found = self.workspace.call(matching.proposals_of, [r.id for r in rows])
        except DomainError as exc:
            show_error(self.error, exc)
            return
        for row in rows:
            if found.get(row.id) or row.id in self.model.counts:
                self.model.set_count(row.id, len(found.get(row.id, [])))

    def select(self, inquiry_id: int) -> bool:
        for row, inquiry in enumerate(self.model.rows):
            if inquiry.id == inquiry_id:
                self.table.selectRow(row)
                self._selected()
                return True
        return False

    def selected(self) -> InquiryRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _selected(self) -> None:
        self.candidates.show_inquiry(self.selected())

    # -- actions ----------------------------------------------------------------------------

    def add(self) -> int | None:
        from rescuedesk.ui.dialogs.inquiry_dialog import InquiryDialog

        dialog = InquiryDialog(self.workspace, None, self)
        if not dialog.exec() or dialog.inquiry_id is None:
            return None
        self.status.setCurrentIndex(0)
        self.refresh()
        self.select(dialog.inquiry_id)
        return dialog.inquiry_id

    def edit_selected(self) -> bool:
        from rescuedesk.ui.dialogs.inquiry_dialog import InquiryDialog

        row = self.selected()
        if row is None:
            return False
        if row.status == "closed":
            self.error.setText(tr("寻亲查询 {0} 已关闭，不能修改。").format(row.inquiry_number))
            return False
        if not InquiryDialog(self.workspace, row, self).exec():
            return False
        self.candidates.runs.pop(row.id, None)  # the ranking was of what it said before
        self.refresh()
        return True

    def close_selected(self, reason: str | None = None) -> bool:
        row = self.selected()
        if row is None:
            return False

        def close(text: str, where: QLabel) -> object:
            return self.workspace.perform(
                lambda db, actor: db.run_write(
                    lambda s: inquiries.close_inquiry(s, actor, row.id, text).id
                ),
                errors=where,
            )

        if reason is not None:
            done = close(reason, self.error) is not None
        else:
            dialog = ReasonDialog(
                tr("关闭寻亲查询"),
                tr("关闭查询 {0} 的理由（如 家人已找到、查询人撤回）：").format(row.inquiry_number),
                close,
                tr("关闭查询"),
                self,
            )
            done = bool(dialog.exec())
        if done:
            self.refresh()
        return done

    def import_file(self) -> None:
        from rescuedesk.ui.dialogs.inquiry_import_dialog import InquiryImportDialog

        dialog = InquiryImportDialog(self.workspace, self)
        dialog.exec()
        if dialog.result_value is not None:
            self.refresh()

    def match_all(self) -> None:
        """Every open inquiry against every person in care, off the UI thread: the counts of
        the list, and each inquiry's candidates below when it is selected."""
        if self.running is not None:
            return
        op = BackgroundOp(
            self.workspace, lambda s, a, _progress: matching.match_all(s, a, matching.DEFAULT_TOP)
        )
        op.signals.finished.connect(self._all_matched)
        op.signals.failed.connect(self._match_failed)
        self.running = op
        self.progress.show()
        self.buttons["match_all"].setEnabled(False)
        self.error.clear()
        run_in_background(op)

    def _match_done(self) -> None:
        self.running = None
        self.progress.hide()
        self.buttons["match_all"].setEnabled(True)

    def _all_matched(self, run: MatchRun) -> None:
        self._match_done()
        by_inquiry: dict[int, list[Candidate]] = {}
        for c in run.candidates:
            by_inquiry.setdefault(c.inquiry_id, []).append(c)
        for inquiry in self.model.rows:
            if inquiry.status == "closed":
                continue
            found = by_inquiry.get(inquiry.id, [])
            self.candidates.runs[inquiry.id] = replace(run, candidates=found, inquiries=1)
            self.model.set_count(inquiry.id, len(found))
        self.count.setText(
            tr("比对了 {0} 条在查的寻亲查询和 {1} 名身份不明的受助人。").format(
                run.inquiries, run.persons
            )
        )
        self._selected()

    def _match_failed(self, exc: Exception) -> None:
        self._match_done()
        show_error(self.error, exc)

    def clear_personal_data(self) -> None:
        self.model.set_rows([])
        self.candidates.clear_personal_data()
        self.count.clear()
