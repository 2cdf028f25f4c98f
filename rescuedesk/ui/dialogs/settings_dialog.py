"""This workstation's preferences (文件 → 设置): the interface language."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from rescuedesk.ui import i18n
from rescuedesk.ui.dialogs.form_parts import ok_cancel


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("设置"))
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)  # each language in its own words
        self.language.setCurrentIndex(self.language.findData(i18n.current_language()))
        note = QLabel(self.tr("界面语言在重新登录后生效。"))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("界面语言 / Language"), self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(ok_cancel(self, self.tr("保存"), self.save))

    def save(self) -> None:
        i18n.set_language(self.language.currentData())
        self.accept()
