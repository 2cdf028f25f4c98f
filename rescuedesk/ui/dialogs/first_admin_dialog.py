"""First start on a database without accounts: create the administrator.

Creating the first account also encrypts an embedded database (docs/security.md).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.db import Database
from rescuedesk.errors import DomainError, ValidationError
from rescuedesk.security import accounts, vault
from rescuedesk.ui.dialogs.form_parts import error_label, ok_cancel, password_field


class FirstAdminDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("创建管理员账户"))
        self.setMinimumWidth(460)
        intro = QLabel(
            self.tr(
                "这是一个新的数据库。请先创建管理员账户：管理员负责添加同事的账户、单位和合作机构。"
                "创建后，本机数据库文件将被加密，只有账户密码能打开。"
            )
        )
        intro.setWordWrap(True)
        self.username = QLineEdit("admin")
        self.full_name = QLineEdit()
        self.password = password_field()
        self.repeat = password_field()
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("姓名"), self.full_name)
        form.addRow(self.tr("密码（至少8个字符）"), self.password)
        form.addRow(self.tr("再次输入密码"), self.repeat)
        buttons = ok_cancel(self, self.tr("创建"), self.create)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def create(self) -> None:
        try:
            if self.password.text() != self.repeat.text():
                raise ValidationError(self.tr("两次输入的密码不一致。"), field="password")
            username = self.username.text().strip()
            with self.db.write_session() as session:
                accounts.create_account(
                    session,
                    None,
                    {
                        "username": username,
                        "full_name": self.full_name.text().strip() or username,
                        "role": "admin",
                    },
                    self.password.text(),
                )
            self.db = vault.protect_new_account(self.db, username, self.password.text())
        except DomainError as exc:
            self.error.setText(exc.message)
            return
        finally:
            self.repeat.clear()
        self.accept()
