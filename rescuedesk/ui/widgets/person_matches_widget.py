"""On a case's 寻亲 page (issue #15): the families' inquiries this person may be the subject
of ("可能相符的查询"), and the tracing announcement (生成寻亲公告…).

Comparing her with the open inquiries writes proposals and is audited, so it runs when the
caseworker asks (F5 or the button), off the UI thread, not each time the page is shown."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.services.tracing import matching
from rescuedesk.services.tracing.matching import MatchRun
from rescuedesk.ui.dialogs.form_parts import error_label
from rescuedesk.ui.ops import BackgroundOp, Workspace, run_in_background, show_error
from rescuedesk.ui.table_models.match_table_model import PersonMatchTableModel

CONTEXT = "PersonMatchesWidget"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class PersonMatchesWidget(QGroupBox):
    announcement_requested = Signal(int)  # case id

    def __init__(
        self, workspace: Workspace, case_id: int, person_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(tr("可能相符的查询"), parent)
        self.setObjectName("person_matches")
        self.workspace = workspace
        self.case_id = case_id
        self.person_id = person_id
        self.running: BackgroundOp | None = None
        self.model = PersonMatchTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("person_matches_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(110)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.find_button = QPushButton(tr("查找可能相符的查询 (F5)"))
        self.find_button.setObjectName("find_inquiries_button")
        self.find_button.clicked.connect(self.find)
        find = QAction(self)
        find.setShortcut(QKeySequence("F5"))
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self.find)
        self.addAction(find)
        self.announce_button = QPushButton(tr("生成寻亲公告…"))
        self.announce_button.setObjectName("announcement_button")
        self.announce_button.clicked.connect(lambda: self.announcement_requested.emit(case_id))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        self.note = QLabel(tr("将此人与本单位在查的寻亲查询比对，按“查找”开始。"))
        self.note.setObjectName("person_matches_note")
        self.note.setWordWrap(True)
        self.error = error_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.find_button)
        buttons.addWidget(self.progress)
        buttons.addStretch(1)
        buttons.addWidget(self.announce_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addWidget(self.error)

    def find(self) -> None:
        if self.running is not None:
            return
        person_id = self.person_id
        op = BackgroundOp(
            self.workspace, lambda s, a, _progress: matching.match_person(s, a, person_id)
        )
        op.signals.finished.connect(self._found)
        op.signals.failed.connect(self._failed)
        self.running = op
        self.find_button.setEnabled(False)
        self.progress.show()
        self.error.clear()
        run_in_background(op)

    def _done(self) -> None:
        self.running = None
        self.progress.hide()
        self.find_button.setEnabled(True)

    def _found(self, run: MatchRun) -> None:
        self._done()
        self.model.set_candidates(run.candidates)
        self.table.resizeRowsToContents()
        if run.candidates:
            found = tr("有 {0} 条寻亲查询可能在找此人；请在 寻亲 › 寻亲查询 中确认或排除。")
            self.note.setText(found.format(len(run.candidates)))
        elif run.persons == 0:
            self.note.setText(tr("此人身份已知、个案已结案或没有有效的寻亲同意，不参加比对。"))
        else:
            self.note.setText(tr("没有可能相符的寻亲查询。"))

    def _failed(self, exc: Exception) -> None:
        self._done()
        show_error(self.error, exc)

    def set_read_only(self, read_only: bool) -> None:
        self.announce_button.setEnabled(not read_only)
