"""Follow-up planner: visits due by date (this week, this month, everything overdue), and
recording a visit with the next one proposed from how the person is doing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rescuedesk import clock
from rescuedesk.errors import DomainError
from rescuedesk.models import FollowUpVisit
from rescuedesk.models.enums import WELLBEING_DIMENSIONS, Wellbeing
from rescuedesk.services.casefile import followups, records
from rescuedesk.services.casefile.followups import DueVisit
from rescuedesk.ui.dialogs.form_parts import error_label, ok_cancel
from rescuedesk.ui.forms.date_edit import TypedDateEdit
from rescuedesk.ui.forms.field_editors import qdate
from rescuedesk.ui.ops import Workspace, case_changed, in_transaction, show_error
from rescuedesk.ui.table_models.case_list_table_model import chinese_date

DIMENSION_LABELS = {
    "living": "生活",
    "health": "健康",
    "safety": "安全",
    "family": "家庭",
    "school_work": "学习/工作",
    "social_acceptance": "社会接纳",
}
WELLBEING_LABELS = {"good": "好", "fair": "一般", "poor": "差", "unknown": "不了解"}
MODES = (("home", "入户"), ("phone", "电话"), ("video", "视频"), ("office", "来访"))


class RecordVisitDialog(QDialog):
    def __init__(
        self, workspace: Workspace, visit: DueVisit, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.visit = visit
        self.setWindowTitle(self.tr("记录回访 — {0}").format(visit.case_number))
        # Not "done": that would hide QDialog.done(), which accept() calls.
        # Both take dates as people type them (2026.3.5, 20260305, 3/5 …).
        self.done_on = TypedDateEdit(qdate(clock.today()))
        self.done_on.setCalendarPopup(True)
        self.done_on.setDisplayFormat(self.tr("yyyy年M月d日"))
        self.mode = QComboBox()
        for code, text in MODES:
            self.mode.addItem(self.tr(text), code)
        self.dimensions: dict[str, QComboBox] = {}
        form = QFormLayout()
        form.addRow(self.tr("回访日期"), self.done_on)
        form.addRow(self.tr("方式"), self.mode)
        for dim in WELLBEING_DIMENSIONS:
            box = QComboBox()
            for w in Wellbeing:
                box.addItem(self.tr(WELLBEING_LABELS[w.value]), w.value)
            box.currentIndexChanged.connect(lambda _i: self.propose())
            self.dimensions[dim] = box
            form.addRow(self.tr(DIMENSION_LABELS[dim]), box)
        self.problems = QLineEdit()
        self.actions = QLineEdit()
        self.next_on = TypedDateEdit()
        self.next_on.setCalendarPopup(True)
        self.next_on.setDisplayFormat(self.tr("yyyy年M月d日"))
        form.addRow(self.tr("发现的问题"), self.problems)
        form.addRow(self.tr("采取的措施"), self.actions)
        form.addRow(self.tr("下次回访（建议）"), self.next_on)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self, self.tr("保存"), self.save))
        self.done_on.dateChanged.connect(lambda _d: self.propose())
        self.propose()

    def propose(self) -> None:
        wellbeing = {d: Wellbeing(b.currentData()) for d, b in self.dimensions.items()}
        proposed = followups.propose_next_visit(self.done_on.date().toPython(), wellbeing)
        self.next_on.setDate(QDate(proposed.year, proposed.month, proposed.day))

    def save(self) -> None:
        try:
            done_on, next_on = self.done_on.typed_date(), self.next_on.typed_date()
        except DomainError as exc:
            show_error(self.error, exc)
            return
        data = {
            "done_date": done_on,
            "mode": self.mode.currentData(),
            "visitor_id": self.workspace.actor.user_id,
            "problems": self.problems.text(),
            "actions": self.actions.text(),
            "next_planned_date": next_on,
            **{d: b.currentData() for d, b in self.dimensions.items()},
        }
        # The case's open file, the home page and the shown planner hear of it through the
        # notifier (the main window reads its lists again, once; main_window.load_case_list).
        saved = self.workspace.perform(
            in_transaction(records.record_visit),
            self.visit.visit_id,
            self.visit.version,
            data,
            errors=self.error,
            changes=[case_changed(self.visit.case_id, FollowUpVisit)],
        )
        if saved is not None:
            self.accept()


class PlannerWidget(QWidget):
    HEADERS = ("计划日期", "个案编号", "受助人", "状态")

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.visits: list[DueVisit] = []
        self.range = QComboBox()
        self.range.addItem(self.tr("本周"), 7)
        self.range.addItem(self.tr("本月"), 31)
        self.range.addItem(self.tr("只看逾期"), 0)
        self.range.currentIndexChanged.connect(lambda _i: self.refresh())
        record = QPushButton(self.tr("记录回访…"))
        record.clicked.connect(self.record_selected)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.range)
        top.addWidget(record)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def refresh(self) -> None:
        days = self.range.currentData()
        until = clock.today() + dt.timedelta(days=days) if days else clock.today()
        visits = self.workspace.call(followups.due_visits, until)
        self.visits = [v for v in visits if days or v.overdue]
        # Translated once, not per row: calling tr() thousands of times in a loop crashed
        # PySide6 6.12 (a reference-count error on None) with a year of overdue visits.
        overdue, pending = self.tr("逾期"), self.tr("待访")
        red = QBrush(QColor("#b00020"))
        self.table.setRowCount(len(self.visits))
        for r, v in enumerate(self.visits):
            cells = (
                chinese_date(v.planned_date),
                v.case_number,
                v.person_name,
                overdue if v.overdue else pending,
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if v.overdue:
                    item.setForeground(red)
                self.table.setItem(r, c, item)

    def record_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.visits):
            RecordVisitDialog(self.workspace, self.visits[row], self).exec()

    def clear_personal_data(self) -> None:
        self.visits = []
        self.table.setRowCount(0)
