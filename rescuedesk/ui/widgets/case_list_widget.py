"""The case list: search as you type (name, alias, pinyin, case number, ID number),
a stage and a flag filter, and a table that pages from the database."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from rescuedesk.models.enums import CaseFlag, Stage
from rescuedesk.reference.labels import enum_label
from rescuedesk.services.casefile.case_queries import CaseFilter
from rescuedesk.ui.table_models.case_list_table_model import STAGE_LABELS, CaseListTableModel

SEARCH_DELAY_MS = 200  # answer after a pause in typing, not on every keystroke


class CaseListWidget(QWidget):
    case_activated = Signal(int)
    merge_requested = Signal(list)  # two case ids, of two different persons

    def __init__(self, model: CaseListTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        model.rowsInserted.connect(self._show_count)
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("搜索：姓名、化名、拼音或首字母、个案编号、身份证号")
        )
        self.search.setClearButtonEnabled(True)
        self.stage = QComboBox()
        self.stage.addItem(self.tr("全部阶段"), None)
        for stage in Stage:
            self.stage.addItem(self.tr(STAGE_LABELS[stage.value]), stage.value)
        self.flag = QComboBox()
        self.flag.setObjectName("flag_filter")
        self.flag.addItem(self.tr("全部标记"), None)
        for flag in CaseFlag:
            self.flag.addItem(self.tr(enum_label(flag)), flag.value)
        self.count_label = QLabel()
        # "Only these cases" (the ones an import just opened), until the user shows all again.
        self.only_ids: tuple[int, ...] = ()
        self.own_only = False
        self.only_label = QLabel()
        self.show_all = QPushButton(self.tr("显示全部个案"))
        self.show_all.clicked.connect(lambda: self.show_only(()))
        self.table = QTableView()
        self.table.setModel(model)
        self.table.horizontalHeader().setSortIndicator(*model.default_sort())
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        for column, width in enumerate((170, 120, 50, 80, 130)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(
            lambda index: self.case_activated.emit(model.case_id_at(index.row()))
        )
        self.table.activated.connect(
            lambda index: self.case_activated.emit(model.case_id_at(index.row()))
        )
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.stage, 1)
        top.addWidget(self.flag, 1)
        top.addWidget(self.count_label)
        only = QHBoxLayout()
        only.addWidget(self.only_label)
        only.addWidget(self.show_all)
        only.addStretch(1)
        self.only_label.setVisible(False)
        self.show_all.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(only)
        layout.addWidget(self.table)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.stage.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.flag.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.setTabOrder(self.search, self.stage)
        self.setTabOrder(self.stage, self.flag)
        self.setTabOrder(self.flag, self.table)
        # 合并受助人…: in the case menu (the main window adds it) and the list's context menu.
        self.merge_action = QAction(self.tr("合并受助人…"), self)
        self.merge_action.setStatusTip(self.tr("选中两个不同受助人的个案，把两份档案合并为一份"))
        self.merge_action.setEnabled(False)
        self.merge_action.triggered.connect(self._merge)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addAction(self.merge_action)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        model.modelReset.connect(self._selection_changed)

    def selected_case_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.case_id_at(r) for r in rows]

    def merge_pair(self) -> list[int] | None:
        """The two selected cases when they are of two different persons, else None."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if len(rows) != 2:
            return None
        found = [self.model.row_at(r) for r in rows]
        if found[0].person_id == found[1].person_id:
            return None
        return [r.case_id for r in found]

    def _selection_changed(self) -> None:
        self.merge_action.setEnabled(self.merge_pair() is not None)

    def _merge(self) -> None:
        pair = self.merge_pair()
        if pair is not None:
            self.merge_requested.emit(pair)

    def apply_filter(self) -> None:
        self._timer.stop()
        stage, flag = self.stage.currentData(), self.flag.currentData()
        try:
            self.model.set_filter(
                CaseFilter(
                    search=self.search.text(),
                    stages=(Stage(stage),) if stage else (),
                    flag=CaseFlag(flag) if flag else None,
                    case_ids=self.only_ids,
                    own_only=self.own_only,
                )
            )
        except DomainError as exc:  # e.g. the server went away: said where the count goes
            self.count_label.setText(exc.message)
            return
        self._show_count()

    def _show_count(self) -> None:
        # "共 1000+ 个个案" until the view, scrolled to the end, counts on (fetchMore).
        self.count_label.setText(self.tr("共 {0} 个个案").format(self.model.shown_total()))

    def show_mine(self, stage: str, what: str) -> None:
        """My own and assigned cases at a stage (the home page's counts), with a way back."""
        self.own_only = True
        self.only_label.setText(what)
        self.only_label.setVisible(True)
        self.show_all.setVisible(True)
        self.stage.blockSignals(True)
        self.stage.setCurrentIndex(max(self.stage.findData(stage), 0))
        self.stage.blockSignals(False)
        self.apply_filter()

    def show_only(self, case_ids: Sequence[int], what: str = "") -> None:
        """List only these cases (none: all again), with a line saying so and a way back."""
        self.only_ids = tuple(case_ids)
        self.own_only = False
        self.only_label.setText(what)
        self.only_label.setVisible(bool(self.only_ids))
        self.show_all.setVisible(bool(self.only_ids))
        self.apply_filter()

    def clear_personal_data(self) -> None:
        self.search.clear()
        self._timer.stop()
        self.model.clear()
        self.count_label.clear()
        self.only_ids = ()
        self.own_only = False
        self.only_label.clear()
        self.only_label.setVisible(False)
        self.show_all.setVisible(False)
