"""Log-in: the same opening as the command line (services/workspace.py): the database key
(the embedded file's, or PostgreSQL's field key) unwrapped with the same password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.db import Database
from rescuedesk.errors import DomainError
from rescuedesk.services import workspace
from rescuedesk.services.office.context import Actor
from rescuedesk.ui.dialogs.form_parts import error_label, ok_cancel, password_field


def log_in(
    url: str, username: str, password: str, db: Database | None = None
) -> tuple[Database, Actor]:
    """Open the database (upgraded once) and check the password, or only check it on ``db``,
    opened and upgraded already by this start; raise DomainError if refused."""
    if db is not None:
        return db, workspace.log_in(db, username, password)
    opened = workspace.open_workspace(url, username, password)
    return opened.db, opened.actor


class LoginDialog(QDialog):
    def __init__(
        self,
        url: str,
        parent: QWidget | None = None,
        *,
        fixed_user: str | None = None,
        db: Database | None = None,
    ) -> None:
        super().__init__(parent)
        self.url = url
        self._db = db
        self.result_value: tuple[Database, Actor] | None = None
        self.setWindowTitle(self.tr("登录 RescueDesk"))
        self.setMinimumWidth(380)
        self.username = QLineEdit(fixed_user or "")
        self.username.setReadOnly(fixed_user is not None)
        self.password = password_field()
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        buttons = ok_cancel(self, self.tr("登录"), self.try_login)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password if fixed_user else self.username).setFocus()

    def try_login(self) -> None:
        try:
            self.result_value = log_in(
                self.url, self.username.text().strip(), self.password.text(), self._db
            )
        except DomainError as exc:
            self.error.setText(exc.message)
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        self.accept()
