"""Home (工作台): what needs doing today; every item opens the case it names, every task the
form that does it (services/casefile/tasks.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rescuedesk import clock
from rescuedesk.db import Database
from rescuedesk.errors import DomainError
from rescuedesk.models.enums import Role
from rescuedesk.services.casefile import workbench
from rescuedesk.services.casefile.followups import DueVisit
from rescuedesk.services.casefile.record_types import NEEDS
from rescuedesk.services.casefile.tasks import LIMIT, Kind, Task
from rescuedesk.services.casefile.workbench import Home
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.ops import BackgroundOp, Workspace, error_text, run_in_background
from rescuedesk.ui.table_models.case_list_table_model import STAGE_LABELS, chinese_date

OVERDUE = QColor("#b00020")
# What each task asks, as the list says it ({0}: what it is about).
TASK_TEXT = {
    Kind.VISIT: "回访",
    Kind.CLOSURE_APPROVAL: "审批结案申请（{0}申请）",
    Kind.PLACEMENT_APPROVAL: "审批安置方案（{0}拟定）",
    Kind.REFERRAL_REPLY: "转介回复逾期：{0}",
    Kind.ANNOUNCEMENT_ENDED: "寻亲公告期满未找到家人：拟定落户安置",
    Kind.SCHOOL_AGE: "适龄儿童没有就学记录",
    Kind.NEED_UNSERVED: "评估需求尚无服务：{0}",
    Kind.TURNING_ADULT: "即将年满18周岁：调整监护与安置",
    Kind.TRANSFER_WAITING: "转移待接收",
}
TASK_COLUMNS = ("事项", "个案编号", "受助人", "负责人", "到期", "起始")
# The filter above the list: one kind at a time when one kind crowds out the others.
TASK_FILTERS = (
    ("全部事项", ()),
    ("回访", (Kind.VISIT,)),
    ("审批", (Kind.CLOSURE_APPROVAL, Kind.PLACEMENT_APPROVAL)),
    ("转介回复", (Kind.REFERRAL_REPLY,)),
    ("寻亲公告期满", (Kind.ANNOUNCEMENT_ENDED,)),
    ("适龄未入学", (Kind.SCHOOL_AGE,)),
    ("需求未落实", (Kind.NEED_UNSERVED,)),
    ("即将成年", (Kind.TURNING_ADULT,)),
    ("转移待接收", (Kind.TRANSFER_WAITING,)),
)


def _reader(done: threading.Event) -> Callable[[Database, Actor, Any], Home]:
    """The page's read as an op that owns its transaction, and says when its session is
    back in the pool (``done``), so a closing window can wait for it before the database
    goes."""

    def read(db: Database, actor: Actor, _progress: Any) -> Home:
        try:
            # Read without the write lock, then its read of personal data audited.
            return workbench.load_home(db, actor)
        finally:
            done.set()

    return read


class _HomeLoad(QObject):
    """One read of the home page off the UI thread. A child of the page: if the page is
    closed while the read runs, Qt drops the connections with it and the result goes
    nowhere instead of into a deleted widget."""

    def __init__(self, page: HomeWidget, generation: int) -> None:
        super().__init__(page)
        self.page = page
        self.generation = generation

    @Slot(object)
    def done(self, data: Home) -> None:
        self.page._loaded(self.generation, data, None)
        self.deleteLater()

    @Slot(object)
    def failed(self, exc: Exception) -> None:
        self.page._loaded(self.generation, None, exc)
        self.deleteLater()


class HomeWidget(QWidget):
    case_activated = Signal(int)
    stage_activated = Signal(str)  # a stage's count was clicked: list those cases
    task_activated = Signal(object)  # a Task double-clicked: open its form
    loaded = Signal()  # the page shows what it read (or why it could not)
    load_failed = Signal(str)  # a read the user was refused: its message

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
        self.tasks = QTableWidget(0, len(TASK_COLUMNS))
        self.tasks.setObjectName("home_tasks")
        self.tasks.setHorizontalHeaderLabels([self.tr(c) for c in TASK_COLUMNS])
        self.tasks.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tasks.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tasks.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tasks.horizontalHeader().setStretchLastSection(True)
        self.tasks.verticalHeader().hide()
        self.tasks.setToolTip(self.tr("双击一项，打开办理它的表单"))
        self.tasks.cellDoubleClicked.connect(lambda row, _col: self.open_task(row))
        self.more_tasks = QLabel()
        self.more_tasks.setWordWrap(True)
        self.task_data: list[Task] = []  # as listed (filtered)
        self.all_tasks: list[Task] = []
        self.task_kind = QComboBox()
        self.task_kind.setObjectName("task_kind")
        for text, kinds in TASK_FILTERS:
            self.task_kind.addItem(self.tr(text), kinds)
        self.task_kind.currentIndexChanged.connect(lambda _i: self._list_tasks())
        # The tasks take a moment on a large database: the window shows at once and says so
        # here until they arrive (or why they could not be read).
        self.loading_label = QLabel(self.tr("正在加载待办事项…"))
        self.loading_label.setObjectName("home_tasks_loading")
        self.loading_label.setWordWrap(True)
        self.loading_label.hide()
        # Which read's result the page takes: a read started before the latest refresh (or
        # before a lock) is stale and dropped.
        self._generation = 0
        self._running: int | None = None  # the generation of the read in flight
        self._wanted = False  # a read is asked for (not called off by a lock)
        self._read_done = threading.Event()
        self._read_done.set()
        tasks = QWidget()
        tasks_layout = QVBoxLayout(tasks)
        tasks_layout.setContentsMargins(0, 0, 0, 0)
        tasks_layout.addWidget(self.task_kind, 0, Qt.AlignmentFlag.AlignLeft)
        tasks_layout.addWidget(self.loading_label)
        tasks_layout.addWidget(self.tasks)
        tasks_layout.addWidget(self.more_tasks)
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
        # One list of everything due (visits and approvals among it) for the caseworker
        # and the supervisor; the follow-up worker keeps their visits box beside it.
        tasks_title = self.tr("待办事项（红色为逾期，双击办理）")
        boxes = (
            (
                (self.tr("分派给我的个案"), self.assigned, 1),
                (self.tr("本周回访（红色为逾期）"), visits, 1),
                (tasks_title, tasks, 2),
                (self.tr("最近打开的个案"), self.recent, 1),
            )
            if self.follow_up
            else (
                (tasks_title, tasks, 2),
                (self.tr("我的在办个案"), self.stages, 1),
                (self.tr("最近打开的个案"), self.recent, 1),
            )
        )
        # What this role's page does not show stays filled but hidden (the planner shows the
        # visits; the tasks the approvals), owned by the page so it lives as long.
        shown = {widget for _, widget, _ in boxes}
        for widget in (visits, self.approvals, self.stages, self.assigned):
            if widget not in shown:
                widget.setParent(self)
                widget.hide()
        grid = QGridLayout(self)
        row = column = 0
        for title, widget, span in boxes:
            box = QGroupBox(title)
            layout = QVBoxLayout(box)
            layout.addWidget(widget)
            grid.addWidget(box, row, column, 1, span)
            grid.setRowStretch(row, 2 if span == 2 else 1)
            column += span
            if column >= 2:
                row, column = row + 1, 0
        for lst in (self.visits, self.approvals, self.recent, self.assigned):
            lst.itemActivated.connect(self._open)
            lst.itemDoubleClicked.connect(self._open)

    def _open(self, item: QListWidgetItem) -> None:
        case_id = item.data(Qt.ItemDataRole.UserRole)
        if case_id is not None:  # the "and N more" line opens nothing
            self.case_activated.emit(case_id)

    @property
    def loading(self) -> bool:
        """Whether a read of the page is under way (the tasks are not yet on screen)."""
        return self._running is not None

    def refresh(self) -> None:
        """Read the page again off the UI thread; it is filled when the read arrives. One
        read at a time: a refresh during a read reads again once that one ends, as its
        result may predate the edit that asked for this refresh."""
        self._generation += 1
        self._wanted = True
        self.loading_label.setText(self.tr("正在加载待办事项…"))
        self.loading_label.show()
        if self._running is None:
            self._start()

    def _start(self) -> None:
        self._running = self._generation
        receiver = _HomeLoad(self, self._generation)
        self._read_done = threading.Event()
        op = BackgroundOp(self.workspace, _reader(self._read_done), owns_transaction=True)
        op.signals.finished.connect(receiver.done)
        op.signals.failed.connect(receiver.failed)
        run_in_background(op)

    def wait_for_read(self, timeout_s: float = 10.0) -> bool:
        """Block until the read under way (if any) has let go of its session; for a window
        that closes (its database may be closed next). True if it did in time."""
        return self._read_done.wait(timeout_s)

    def _loaded(self, generation: int, data: Home | None, exc: Exception | None) -> None:
        self._running = None
        if generation != self._generation:
            if self._wanted:  # a refresh came after: read again
                self._start()
            return  # or the page was locked meanwhile: nothing to show
        self._wanted = False
        self.loading_label.hide()
        if exc is not None:
            text = error_text(exc)
            self.loading_label.setText(text)
            self.loading_label.show()
            if isinstance(exc, DomainError):
                self.load_failed.emit(text)
            self.loaded.emit()
            if not isinstance(exc, DomainError):
                raise exc  # a bug: to the program's exception hook, as before
            return
        assert data is not None
        self._show(data)
        self.loaded.emit()

    def _show(self, data: Home) -> None:
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
        self.show_tasks(data.tasks.items, data.tasks.more)
        self.recent.clear()
        for case_id, number, name in data.recent:
            item = QListWidgetItem(f"{number}　{name}")
            item.setData(Qt.ItemDataRole.UserRole, case_id)
            self.recent.addItem(item)

    def show_tasks(self, tasks: list[Task], more: list[str]) -> None:
        self.all_tasks = list(tasks)
        self._list_tasks()
        self.more_tasks.setText(
            self.tr("每类最多列出{0}项，更多的见个案列表和“回访计划”。").format(LIMIT)
            if more
            else ""
        )
        self.more_tasks.setVisible(bool(more))

    def _list_tasks(self) -> None:
        kinds = self.task_kind.currentData() or ()
        tasks = [t for t in self.all_tasks if not kinds or t.kind in kinds]
        self.task_data = tasks
        today = clock.today()
        texts = {kind: self.tr(text) for kind, text in TASK_TEXT.items()}
        late, red = self.tr("（逾期）"), QBrush(OVERDUE)
        self.tasks.setRowCount(len(tasks))
        for row, t in enumerate(tasks):
            about = t.detail or t.owner
            if t.kind == Kind.NEED_UNSERVED:
                about = "、".join(
                    QCoreApplication.translate("fields", NEEDS.get(n, n))
                    for n in t.detail.split(",")
                )
            what = texts[t.kind].format(about) + (late if t.overdue(today) else "")
            cells = (what, t.case_number, t.person_name, t.owner, chinese_date(t.due),
                     chinese_date(t.since))  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if t.overdue(today):
                    item.setForeground(red)
                self.tasks.setItem(row, column, item)
        self.tasks.resizeColumnsToContents()

    def open_task(self, row: int) -> None:
        """The form that does the task: a visit's form right here, the others in the case."""
        if not 0 <= row < len(self.task_data):
            return
        task = self.task_data[row]
        if task.visit is not None:
            from rescuedesk.ui.widgets.planner_widget import RecordVisitDialog

            RecordVisitDialog(self.workspace, task.visit, self).exec()
            return
        self.task_activated.emit(task)

    def record_selected_visit(self) -> None:
        """The visit form from the home page itself: no other page needed."""
        from rescuedesk.ui.widgets.planner_widget import RecordVisitDialog

        row = self.visits.currentRow()
        if 0 <= row < len(self.visit_data):
            RecordVisitDialog(self.workspace, self.visit_data[row], self).exec()

    def clear_personal_data(self) -> None:
        self._generation += 1  # a read under way must not fill the page behind the lock
        self._wanted = False
        self.loading_label.hide()
        self.visit_data = []
        for lst in (self.visits, self.approvals, self.recent, self.assigned):
            lst.clear()
        self.task_data, self.all_tasks = [], []
        self.tasks.setRowCount(0)
        self.stages.clear()
