"""个案标记: tick the flags that hold, untick those that no longer do, say why; one save
(services/casefile/flags.py: one transaction, each change audited and on the timeline)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.errors import DomainError
from rescuedesk.models.enums import CaseFlag
from rescuedesk.reference.labels import enum_label
from rescuedesk.services.casefile import flags
from rescuedesk.services.casefile.flags import FlagState
from rescuedesk.ui.dialogs.form_parts import error_label, ok_cancel
from rescuedesk.ui.ops import Workspace, case_changed, show_error


class FlagDialog(QDialog):
    def __init__(self, workspace: Workspace, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.case_id = case_id
        self.setWindowTitle(self.tr("个案标记"))
        self.setMinimumWidth(560)
        self.boxes: dict[CaseFlag, QCheckBox] = {}
        self.was_set: set[CaseFlag] = set()
        self.error = error_label()
        grid = QGridLayout()
        try:
            states = workspace.check(flags.flag_states, case_id)
        except DomainError as exc:
            states = []
            show_error(self.error, exc)
        for row, state in enumerate(states):
            box = QCheckBox(self.tr(enum_label(state.flag)))
            box.setObjectName(f"flag_{state.flag.value}")
            box.setChecked(state.is_set)
            self.boxes[state.flag] = box
            if state.is_set:
                self.was_set.add(state.flag)
            since = QLabel(self._since(state))
            since.setWordWrap(True)
            since.setStyleSheet("color: #555")
            grid.addWidget(box, row, 0)
            grid.addWidget(since, row, 1)
        grid.setColumnStretch(1, 1)
        box = QGroupBox(self.tr("勾选适用的标记，取消不再适用的标记"))
        box.setLayout(grid)
        self.reason = QLineEdit()
        self.reason.setObjectName("flag_reason")
        self.reason.setPlaceholderText(self.tr("必填，例如：本人讲述曾被强迫在车站乞讨"))
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(QLabel(self.tr("理由（记入个案经过）")))
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self, self.tr("保存"), self.apply))

    def _since(self, state: FlagState) -> str:
        if not state.is_set:
            return ""
        when = state.set_at.strftime(self.tr("%Y年%m月%d日")) if state.set_at else ""
        who = state.set_by or self.tr("系统")
        if state.automatic:
            return self.tr("{0} 登记时按受助人信息自动设置").format(when).strip()
        text = self.tr("{0} {1}设置").format(when, who).strip()
        if state.reason:
            text += self.tr("：{0}").format(state.reason)
        return text

    def changes(self) -> tuple[list[CaseFlag], list[CaseFlag]]:
        """(to set, to remove) as the boxes stand now."""
        ticked = {flag for flag, box in self.boxes.items() if box.isChecked()}
        return sorted(ticked - self.was_set), sorted(self.was_set - ticked)

    def apply(self) -> None:
        to_set, to_remove = self.changes()
        try:
            self.workspace.call(
                flags.change_flags,
                self.case_id,
                set_flags=to_set,
                remove_flags=to_remove,
                reason=self.reason.text(),
            )
        except DomainError as exc:
            show_error(self.error, exc)
            return
        # The case's header and timeline, and the lists, show the flags as they are now.
        self.workspace.changes.tell([case_changed(self.case_id)])
        self.accept()
