"""Ask for the reason of a decision, and keep asking until the service takes it.

Unlike QInputDialog, a refusal (an empty reason, a DNA number typed into it) is shown in the
dialog, which stays open with what was typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from rescuedesk.ui.dialogs.form_parts import error_label, ok_cancel


class ReasonDialog(QDialog):
    """``act(reason, error_label)`` does the action; a true result closes the dialog."""

    def __init__(
        self,
        title: str,
        prompt: str,
        act: Callable[[str, QLabel], object],
        ok_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.act = act
        self.result_value: object = None
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.error = error_label()
        self.error.setObjectName("reason_error")
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self, ok_text, self.submit))
        self.resize(460, 150)

    def submit(self) -> None:
        result = self.act(self.reason.text(), self.error)
        if result is not None and result is not False:
            self.result_value = result
            self.accept()
