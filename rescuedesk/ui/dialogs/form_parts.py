"""Pieces every small form dialog has: password fields, an error line, OK/Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def error_label() -> QLabel:
    """Where a service's message is shown, in the dialog, not in a pop-up."""
    label = QLabel()
    label.setStyleSheet("color: #b00020")
    label.setWordWrap(True)
    return label


def ok_cancel(dialog: QDialog, ok_text: str, on_ok: Callable[[], None]) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
        QCoreApplication.translate("dialog", "取消")
    )
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons


def note_label() -> QLabel:
    """Where a dialog that stays open says what it just did (the error line's green twin)."""
    label = QLabel()
    label.setObjectName("note")
    label.setStyleSheet("color: #2e7d32")
    return label


def close_button(dialog: QDialog) -> QDialogButtonBox:
    """关闭, for a dialog whose every action is done by its own buttons."""
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    close.button(QDialogButtonBox.StandardButton.Close).setText(
        QCoreApplication.translate("dialog", "关闭")
    )
    close.rejected.connect(dialog.reject)
    return close
