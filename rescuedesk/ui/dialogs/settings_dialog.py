"""Preferences (文件 → 设置): this workstation's interface language, and with a database
open, its automatic daily backups (where they go, how many days they are kept)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.errors import DomainError
from rescuedesk.models.enums import Role
from rescuedesk.services.office import settings
from rescuedesk.services.storage.daily_backup import folder_for
from rescuedesk.ui import i18n
from rescuedesk.ui.dialogs.form_parts import ok_cancel
from rescuedesk.ui.ops import Workspace, show_error

KEEP_DAYS = "backup_keep_days"


class SettingsDialog(QDialog):
    def __init__(
        self, parent: QWidget | None = None, *, workspace: Workspace | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
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
        self.keep_days: QSpinBox | None = None
        self.backup_folder: QLabel | None = None
        self._kept_before: int | None = None
        if workspace is not None:
            layout.addWidget(self._backup_group(workspace))
        layout.addWidget(ok_cancel(self, self.tr("保存"), self.save))

    def _backup_group(self, workspace: Workspace) -> QGroupBox:
        group = QGroupBox(self.tr("自动备份"))
        form = QFormLayout(group)
        folder = folder_for(workspace.db.url)
        if folder is None:
            text = QLabel(
                self.tr(
                    "PostgreSQL 数据库不在本机自动备份：请由服务器管理员用 pg_dump 定期备份"
                    "（见 docs/backup.md）。"
                )
            )
            text.setWordWrap(True)
            form.addRow(text)
            return group
        self._kept_before = workspace.check(lambda s, _a: settings.get(s, KEEP_DAYS))
        self.keep_days = QSpinBox()
        self.keep_days.setRange(1, 365)
        self.keep_days.setSuffix(self.tr(" 天"))
        self.keep_days.setValue(self._kept_before)
        admin = workspace.actor.has_role(Role.ADMIN)
        self.keep_days.setEnabled(admin)
        self.backup_folder = QLabel(str(folder))
        self.backup_folder.setWordWrap(True)
        self.backup_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("保留天数"), self.keep_days)
        form.addRow(self.tr("备份文件夹"), self.backup_folder)
        hint = self.tr(
            "每天第一次登录时自动备份一次，连同 .keys 密钥文件；超过保留天数的自动备份会被删除。"
        )
        if not admin:
            hint += self.tr("只有管理员可以修改保留天数。")
        text = QLabel(hint)
        text.setWordWrap(True)
        form.addRow(text)
        return group

    def save(self) -> None:
        if (
            self.workspace is not None
            and self.keep_days is not None
            and self.keep_days.isEnabled()
            and self.keep_days.value() != self._kept_before
        ):
            try:
                self.workspace.call(settings.set_value, KEEP_DAYS, self.keep_days.value())
            except DomainError as exc:
                show_error(self, exc, title=self.tr("设置"))
                return
        i18n.set_language(self.language.currentData())
        self.accept()
