"""Home (工作台): what needs doing today; every item opens the case it names."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.models.enums import Role
from rescuedesk.services.casefile import workbench
from rescuedesk.services.casefile.followups import DueVisit
from rescuedesk.ui.ops import Workspace
from rescuedesk.ui.table_models.case_list_table_model import STAGE_LABELS, chinese_date

OVERDUE = QColor("#b00020")


class HomeWidget(QWidget):
    case_activated = Signal(int)
    stage_activated = Signal(str)  # a stage's count was clicked: list those cases

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.stages = QLabel()
        self.stages.setWordWrap(True)
        self.stages.setTextFormat(Qt.TextFormat.RichText)
        self.stages.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.stages.linkActivated.connect(self.stage_activated)
        self.visits = QListWidget()
        self.visits.setObjectName("home_visits")
        self.approvals = QListWidget()
        self.recent = QListWidget()
        self.assigned = QListWidget()
        self.assigned.setObjectName("home_assigned")
        self.visit_data: list[DueVisit] = []
        record = QPushButton(self.tr("记录所选回访…"))
        record.setObjectName("record_visit")
        record.clicked.connect(self.record_selected_visit)
        visits = QWidget()
        visits_layout = QVBoxLayout(visits)
        visits_layout.setContentsMargins(0, 0, 0, 0)
        visits_layout.addWidget(self.visits)
        visits_layout.addWidget(record)
        # A follow-up worker (another unit's women's federation) has the cases given to
        # them and their visits, nothing to approve and no stages to move.
        self.follow_up = workspace.actor.role == Role.FOLLOW_UP_WORKER
        boxes = (
            (
                (self.tr("分派给我的个案"), self.assigned),
                (self.tr("本周回访（红色为逾期）"), visits),
                (self.tr("最近打开的个案"), self.recent),
            )
            if self.follow_up
            else (
                (self.tr("我的在办个案"), self.stages),
                (self.tr("本周回访（红色为逾期）"), visits),
                (self.tr("等待我审批"), self.approvals),
                (self.tr("最近打开的个案"), self.recent),
            )
        )
        grid = QGridLayout(self)
        for i, (title, widget) in enumerate(boxes):
            box = QGroupBox(title)
            layout = QVBoxLayout(box)
            layout.addWidget(widget)
            grid.addWidget(box, i // 2, i % 2)
        for lst in (self.visits, self.approvals, self.recent, self.assigned):
            lst.itemActivated.connect(self._open)
            lst.itemDoubleClicked.connect(self._open)

    def _open(self, item: QListWidgetItem) -> None:
        case_id = item.data(Qt.ItemDataRole.UserRole)
        if case_id is not None:  # the "and N more" line opens nothing
            self.case_activated.emit(case_id)

    def refresh(self) -> None:
        data = self.workspace.call(workbench.home)
        self.stages.setText(
            "　".join(
                f"<a href='{s}'>{escape(self.tr(STAGE_LABELS[s]))} {n}</a>"
                for s, n in data.cases_by_stage.items()
            )
        )
        self.assigned.clear()
        until_text, next_text, none_text = (
            self.tr("至{0}"),
            self.tr("下次回访 {0}"),
            self.tr("未计划回访"),
        )
        for a in data.assigned:
            parts = [a.case_number, a.person_name, a.unit]
            parts.append(
                next_text.format(chinese_date(a.next_visit)) if a.next_visit else none_text
            )
            if a.until:
                parts.append(until_text.format(chinese_date(a.until)))
            item = QListWidgetItem("　".join(p for p in parts if p))
            item.setData(Qt.ItemDataRole.UserRole, a.case_id)
            self.assigned.addItem(item)
        self.visit_data = list(data.visits)
        self.visits.clear()
        # Translated once, not per item (tr() in long loops crashed PySide6 6.12).
        late, red = self.tr("（逾期）"), QBrush(OVERDUE)
        for v in data.visits:
            item = QListWidgetItem(
                f"{chinese_date(v.planned_date)}　{v.case_number}　"
                f"{v.person_name}" + (late if v.overdue else "")
            )
            item.setData(Qt.ItemDataRole.UserRole, v.case_id)
            if v.overdue:
                item.setForeground(red)
            self.visits.addItem(item)
        if data.more_visits:
            self.visits.addItem(self.tr("……还有更多，见“回访计划”"))
        self.approvals.clear()
        closure, plan = self.tr("结案申请"), self.tr("安置方案")
        for a in data.approvals:
            what = closure if a.kind == "closure" else plan
            item = QListWidgetItem(f"{what}　{a.case_number}　{a.person_name}")
            item.setData(Qt.ItemDataRole.UserRole, a.case_id)
            self.approvals.addItem(item)
        self.recent.clear()
        for case_id, number, name in data.recent:
            item = QListWidgetItem(f"{number}　{name}")
            item.setData(Qt.ItemDataRole.UserRole, case_id)
            self.recent.addItem(item)

    def record_selected_visit(self) -> None:
        """The visit form from the home page itself: no other page needed."""
        from rescuedesk.ui.widgets.planner_widget import RecordVisitDialog

        row = self.visits.currentRow()
        if 0 <= row < len(self.visit_data):
            RecordVisitDialog(self.workspace, self.visit_data[row], self).exec()

    def clear_personal_data(self) -> None:
        self.visit_data = []
        for lst in (self.visits, self.approvals, self.recent, self.assigned):
            lst.clear()
        self.stages.clear()
