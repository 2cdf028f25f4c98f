"""Stage changes, closure requests, approvals and reopening: explicit actions with a reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.errors import DomainError
from rescuedesk.models.enums import Role, Stage
from rescuedesk.services.casefile import cases, tasks
from rescuedesk.ui.dialogs.form_parts import error_label, ok_cancel
from rescuedesk.ui.ops import Workspace, case_changed, show_error
from rescuedesk.ui.table_models.case_list_table_model import STAGE_LABELS

ACTIONS = (
    ("change", "变更阶段（退回需填写理由）"),
    ("request", "申请结案"),
    ("approve", "批准结案（主管）"),
    ("reject", "驳回结案申请（主管）"),
    ("reopen", "重新开启个案"),
)


class StageDialog(QDialog):
    def __init__(self, workspace: Workspace, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.case_id = case_id
        self.setWindowTitle(self.tr("阶段与结案"))
        self.setMinimumWidth(440)
        self.action = QComboBox()
        for code, text in ACTIONS:
            self.action.addItem(self.tr(text), code)
        self.stage = QComboBox()
        for stage in Stage:
            if stage != Stage.CLOSED:
                self.stage.addItem(self.tr(STAGE_LABELS[stage.value]), stage.value)
        self.reason = QLineEdit()
        self.error = error_label()
        # A closure waiting: who asked and why, for the supervisor who decides on it.
        self.request = QLabel()
        self.request.setObjectName("closure_request")
        self.request.setWordWrap(True)
        self.request.setStyleSheet("background: #eef4ff; padding: 6px")
        waiting = workspace.call(tasks.closure_request, case_id)
        if waiting is not None:
            self.request.setText(
                self.tr("{0}于{1}申请结案，理由：{2}").format(
                    waiting.requested_by,
                    waiting.requested_at.strftime(self.tr("%Y年%m月%d日")),
                    waiting.reason,
                )
            )
            if workspace.actor.has_role(Role.SUPERVISOR):
                self.action.setCurrentIndex(self.action.findData("approve"))
        form = QFormLayout()
        form.addRow(self.tr("操作"), self.action)
        form.addRow(self.tr("阶段"), self.stage)
        form.addRow(self.tr("理由"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.request)
        self.request.setHidden(waiting is None)  # in the layout first: never a window of its own
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self, self.tr("确定"), self.apply))
        self.action.currentIndexChanged.connect(self._action_changed)
        self._action_changed()

    def _action_changed(self) -> None:
        self.stage.setEnabled(self.action.currentData() in ("change", "reopen"))

    def apply(self) -> None:
        action, reason, stage = (
            self.action.currentData(),
            self.reason.text(),
            self.stage.currentData(),
        )
        calls = {
            "change": lambda: self.workspace.call(
                cases.change_stage, self.case_id, stage, reason=reason or None
            ),
            "request": lambda: self.workspace.call(cases.request_closure, self.case_id, reason),
            "approve": lambda: self.workspace.call(
                cases.approve_closure, self.case_id, comment=reason or None
            ),
            "reject": lambda: self.workspace.call(cases.reject_closure, self.case_id, reason),
            "reopen": lambda: self.workspace.call(
                cases.reopen_case, self.case_id, reason, to_stage=stage
            ),
        }
        try:
            calls[action]()
        except DomainError as exc:
            show_error(self.error, exc)
            return
        # The case's file, its tab and the lists show the new stage.
        self.workspace.changes.tell([case_changed(self.case_id)])
        self.accept()
