"""What a locked window shows: no personal data, a password field, and a way for a colleague
to log in instead (the first user's unsaved input is then kept as their draft)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from rescuedesk.ui.dialogs.form_parts import error_label, password_field


class LockScreen(QWidget):
    unlock_requested = Signal(str)
    switch_requested = Signal()

    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("窗口已锁定。请重新输入密码解锁。"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who = QLabel(self.tr("当前用户：{0}").format(username))
        who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = password_field()
        self.password.setPlaceholderText(self.tr("密码"))
        self.password.setMaximumWidth(280)
        self.password.returnPressed.connect(self._unlock)
        unlock = QPushButton(self.tr("解锁"))
        unlock.setDefault(True)
        unlock.clicked.connect(self._unlock)
        switch = QPushButton(self.tr("以其他用户登录…"))
        switch.clicked.connect(self.switch_requested)
        self.error = error_label()
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.password)
        row.addWidget(unlock)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addLayout(row)
        layout.addWidget(self.error)
        switch_row = QHBoxLayout()
        switch_row.addStretch(1)
        switch_row.addWidget(switch)
        switch_row.addStretch(1)
        layout.addLayout(switch_row)
        layout.addStretch(2)

    def _unlock(self) -> None:
        password = self.password.text()
        self.password.clear()
        self.unlock_requested.emit(password)

    def refused(self) -> None:
        self.error.setText(self.tr("密码不正确，窗口仍然锁定。"))
        self.password.setFocus()

    def reset(self) -> None:
        self.error.clear()
        self.password.clear()
        self.password.setFocus()
