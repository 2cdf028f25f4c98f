"""Administrators edit their unit's letter templates: each save is a new version, and the
shipped original can be restored. The disclosure rules still apply whatever is typed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rescuedesk.documents.letter_content import (
    FIELD_LABELS,
    LAW_ENFORCEMENT_TYPES,
    PHOTO,
    PHOTO_RECIPIENTS,
    recipient_type,
)
from rescuedesk.errors import DomainError
from rescuedesk.services.referrals import letters, replies
from rescuedesk.ui.dialogs.form_parts import error_label
from rescuedesk.ui.ops import Workspace, show_error

DISCLOSABLE = (
    "name",
    "sex",
    "age",
    "birth_date",
    "household_registration",
    "case_background",
    PHOTO,
)


class TemplateEditorWidget(QWidget):
    def __init__(self, workspace: Workspace, unit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.unit_id = unit_id
        self.kind = QComboBox()
        for code, label in letters.letter_types():
            self.kind.addItem(self.tr(label), code)
        self.version = QLabel()
        self.paragraphs = QPlainTextEdit()
        self.service = QLineEdit()
        # Days the recipient has to answer: each letter's reply is due after them.
        self.reply_days = QSpinBox()
        self.reply_days.setObjectName("reply_days")
        self.reply_days.setRange(1, 365)
        self.reply_days.setSuffix(self.tr(" 天"))
        self.fields = {f: QCheckBox(self.tr(FIELD_LABELS[f])) for f in DISCLOSABLE}
        self.id_number = QCheckBox(self.tr("允许（经社工确认后）写入身份证号"))
        self.error = error_label()
        save = QPushButton(self.tr("保存为新版本"))
        save.clicked.connect(self.save)
        restore = QPushButton(self.tr("恢复原始模板"))
        restore.clicked.connect(self.restore)
        boxes = QHBoxLayout()
        for box in self.fields.values():
            boxes.addWidget(box)
        form = QFormLayout()
        form.addRow(self.tr("类型"), self.kind)
        form.addRow(self.tr("版本"), self.version)
        form.addRow(
            self.tr("正文（每行一段，可用 {name} {sex} {age} {service} {recipient}）"),
            self.paragraphs,
        )
        form.addRow(self.tr("默认服务"), self.service)
        form.addRow(self.tr("答复期限"), self.reply_days)
        form.addRow(self.tr("披露字段"), boxes)
        form.addRow("", self.id_number)
        buttons = QHBoxLayout()
        buttons.addWidget(restore)
        buttons.addStretch(1)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.kind.currentIndexChanged.connect(lambda _i: self.load())
        self.load()

    def load(self) -> None:
        kind = self.kind.currentData()
        template, version = self.workspace.call(
            lambda session, actor: letters.load_template(session, self.unit_id, kind)
        )
        self.version.setText(self.tr("原始模板") if version == 0 else str(version))
        self.paragraphs.setPlainText("\n".join(template["paragraphs"]))
        self.service.setText(template.get("default_service", ""))
        self.reply_days.setValue(replies.reply_days(template.get("consent_recipient"), template))
        for name, box in self.fields.items():
            box.setChecked(name in template.get("discloses", []))
        to = recipient_type(template)
        self.fields["case_background"].setEnabled(to in LAW_ENFORCEMENT_TYPES)
        self.fields[PHOTO].setEnabled(to in PHOTO_RECIPIENTS)
        self.id_number.setChecked(bool(template.get("may_disclose_id_number")))
        self.error.clear()

    def _content(self) -> dict:  # type: ignore[type-arg]
        template = dict(letters.shipped_templates()[self.kind.currentData()])
        template["paragraphs"] = [
            p for p in self.paragraphs.toPlainText().splitlines() if p.strip()
        ]
        template["default_service"] = self.service.text().strip()
        template["reply_days"] = self.reply_days.value()
        template["discloses"] = [n for n, box in self.fields.items() if box.isChecked()]
        template["may_disclose_id_number"] = self.id_number.isChecked()
        return template

    def save(self, *, restore: bool = False) -> None:
        kind = self.kind.currentData()
        try:
            self.workspace.call(
                letters.save_template,
                self.unit_id,
                kind,
                {} if restore else self._content(),
                restore_original=restore,
            )
        except DomainError as exc:
            show_error(self.error, exc)
            return
        self.load()

    def restore(self) -> None:
        self.save(restore=True)
