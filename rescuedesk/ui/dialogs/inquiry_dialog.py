"""Record or correct a family's (or the police's) inquiry (寻亲查询, issue #15).

``Ui_InquiryDialog.setup_ui`` only builds the fields; ``InquiryDialog`` reads them into the
values ``services/tracing/inquiries.add_inquiry``/``edit_inquiry`` take, as a form or a file
row gives them (the service reads and checks each, the import too). A refusal is shown in
the dialog, beside the field it names when it names one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rescuedesk import clock
from rescuedesk.errors import DomainError
from rescuedesk.models.enums import Sex
from rescuedesk.services.tracing import inquiries
from rescuedesk.services.tracing.inquiries import InquiryRow
from rescuedesk.ui.dialogs.form_parts import error_label, ok_cancel
from rescuedesk.ui.forms.date_edit import TypedDateEdit
from rescuedesk.ui.forms.field_editors import DATE_FORMAT, qdate
from rescuedesk.ui.forms.field_editors import tr as field_tr
from rescuedesk.ui.forms.place_picker import PlacePicker, shown
from rescuedesk.ui.ops import Workspace, show_error

CONTEXT = "InquiryDialog"
INQUIRIES_CHANGED = "inquiries"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    if placeholder:
        edit.setPlaceholderText(tr(placeholder))
    return edit


class Ui_InquiryDialog:
    """The fields, in the order a family tells them on the phone."""

    def setup_ui(self, dialog: QDialog, adding: bool) -> None:
        self.inquiry_number = _line("如 XQ-2026-015")
        self.received_on = TypedDateEdit()
        self.received_on.setCalendarPopup(True)
        self.received_on.setDisplayFormat(field_tr(DATE_FORMAT))
        self.inquirer_name = _line()
        self.inquirer_relation = _line("如 母亲、父亲、派出所")
        self.inquirer_phone = _line("如 13812345678 或 0831-1234567")
        self.missing_name = _line()
        self.missing_nicknames = _line("几个小名用顿号分开，如 兰兰、丫丫")
        self.sex = QComboBox()
        for code, label in ((Sex.FEMALE, "女"), (Sex.MALE, "男"), (Sex.UNKNOWN, "不详")):
            self.sex.addItem(tr(label), code)
        self.birth_year = _line("四位年份，如 2011")
        self.age_then = _line("走失时的岁数（不知道出生年份时填写）")
        self.missing_date = _line("如 2019-07-03、2019年7月 或 2019年")
        self.missing_place = PlacePicker()
        self.home_dialect = _line("如 四川话、宜宾口音")
        self.height_cm = _line("走失时的身高，厘米")
        self.features = QPlainTextEdit()
        self.features.setPlaceholderText(tr("胎记、伤疤、痣等，走失时的衣着"))
        self.features.setMaximumHeight(70)
        self.police_unit = _line()
        self.police_reference = _line()
        self.photo = QWidget()
        self.photo_button = QPushButton(tr("选择照片…"))
        self.photo_button.setObjectName("inquiry_photo_button")
        self.photo_file = QLabel(tr("（未选择）"))
        self.photo_file.setObjectName("inquiry_photo_file")
        photo_row = QHBoxLayout(self.photo)
        photo_row.setContentsMargins(0, 0, 0, 0)
        photo_row.addWidget(self.photo_button)
        photo_row.addWidget(self.photo_file, 1)
        self.error = error_label()
        self.error.setObjectName("inquiry_error")
        self.form = QFormLayout()
        rows: list[tuple[str, QWidget, str]] = [
            ("查询编号", self.inquiry_number, "inquiry_number"),
            ("收到日期", self.received_on, "received_on"),
            ("查询人", self.inquirer_name, "inquirer_name"),
            ("与走失者关系", self.inquirer_relation, "inquirer_relation"),
            ("联系电话", self.inquirer_phone, "inquirer_phone"),
            ("走失者姓名", self.missing_name, "missing_name"),
            ("小名", self.missing_nicknames, "missing_nicknames"),
            ("性别", self.sex, "sex"),
            ("出生年份", self.birth_year, "birth_year"),
            ("走失时年龄", self.age_then, "age_then"),
            ("走失日期", self.missing_date, "missing_date"),
            ("走失地点", self.missing_place, "missing_place"),
            ("家乡方言", self.home_dialect, "home_dialect"),
            ("身高", self.height_cm, "height_cm"),
            ("体貌特征", self.features, "features"),
            ("公安机关", self.police_unit, "police_unit"),
            ("公安编号", self.police_reference, "police_reference"),
            ("照片", self.photo, "photo"),
        ]
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        for label, widget, field in rows:
            if field == "received_on" and not adding:
                continue  # the day it came is kept as it was recorded
            widget.setObjectName(f"inquiry_{field}")
            caption = QLabel(tr(label))
            caption.setBuddy(widget)
            self.form.addRow(caption, widget)
            self.widgets[field] = widget
            self.labels[field] = caption
        self.buttons = ok_cancel(dialog, tr("保存"), dialog.accept)
        layout = QVBoxLayout(dialog)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)


class InquiryDialog(QDialog):
    """``row`` None: a new inquiry; else the inquiry to correct."""

    def __init__(
        self, workspace: Workspace, row: InquiryRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.row = row
        self.inquiry_id: int | None = row.id if row is not None else None
        self.ui = Ui_InquiryDialog()
        self.ui.setup_ui(self, adding=row is None)
        self.setWindowTitle(tr("新增寻亲查询") if row is None else tr("修改寻亲查询"))
        self.resize(560, 640)
        self.ui.received_on.setDate(qdate(clock.today()))
        if row is not None:
            self._load(row)
        self.ui.buttons.accepted.disconnect()
        self.ui.buttons.accepted.connect(self.save)
        self.photo_path: Path | None = None  # the family's photo, stored with the save
        self.ui.photo_button.clicked.connect(self.choose_photo)

    def choose_photo(self) -> None:
        from rescuedesk.ui.widgets.photo_widget import IMAGE_FILTER

        path, _ = QFileDialog.getOpenFileName(self, tr("走失者的照片"), "", tr(IMAGE_FILTER))
        if path:
            self.set_photo_file(Path(path))

    def set_photo_file(self, path: Path | None) -> None:
        self.photo_path = path
        self.ui.photo_file.setText(path.name if path else tr("（未选择）"))

    def _load(self, row: InquiryRow) -> None:
        ui = self.ui
        ui.inquiry_number.setText(row.inquiry_number)
        ui.inquirer_name.setText(row.inquirer_name or "")
        ui.inquirer_relation.setText(row.inquirer_relation or "")
        ui.inquirer_phone.setText(row.inquirer_phone or "")
        ui.missing_name.setText(row.missing_name or "")
        ui.missing_nicknames.setText("、".join(row.nicknames))
        ui.sex.setCurrentIndex(max(ui.sex.findData(Sex(row.sex)), 0))
        ui.birth_year.setText(str(row.birth_year) if row.birth_year else "")
        ui.age_then.setText(str(row.age_then) if row.age_then is not None else "")
        ui.missing_date.setText(missing_date_text(row))
        if row.missing_place_code and shown(row.missing_place_code) == row.missing_place:
            ui.missing_place.set_code(row.missing_place_code)
        else:
            ui.missing_place.edit.setText(row.missing_place or "")
        ui.home_dialect.setText(row.home_dialect or "")
        ui.height_cm.setText(str(row.height_cm) if row.height_cm else "")
        ui.features.setPlainText(row.features or "")
        ui.police_unit.setText(row.police_unit or "")
        ui.police_reference.setText(row.police_reference or "")

    def values(self) -> dict[str, Any]:
        """What the service reads, by field, as typed."""
        ui = self.ui
        place = ui.missing_place.value()
        if place and place == ui.missing_place.code():
            place = shown(place)  # the service keeps the place's name and finds its code
        return {
            "inquiry_number": ui.inquiry_number.text(),
            "inquirer_name": ui.inquirer_name.text(),
            "inquirer_relation": ui.inquirer_relation.text(),
            "inquirer_phone": ui.inquirer_phone.text(),
            "missing_name": ui.missing_name.text(),
            "missing_nicknames": ui.missing_nicknames.text(),
            "sex": ui.sex.currentData(),
            "birth_year": ui.birth_year.text(),
            "age_then": ui.age_then.text(),
            "missing_date": ui.missing_date.text(),
            "missing_place": place or "",
            "home_dialect": ui.home_dialect.text(),
            "height_cm": ui.height_cm.text(),
            "features": ui.features.toPlainText(),
            "police_unit": ui.police_unit.text(),
            "police_reference": ui.police_reference.text(),
        }

    def save(self) -> None:
        for label in self.ui.labels.values():
            label.setStyleSheet("")
        try:
            photo = self.photo_path.read_bytes() if self.photo_path is not None else None
            if self.row is None:
                self.ui.received_on.interpretText()
                inquiry_id = self.workspace.call(
                    _add, self.values(), self.ui.received_on.date().toPython(), photo
                )
            else:
                inquiry_id = self.workspace.call(
                    _edit, self.row.id, self.values(), self.row.version, photo
                )
        except OSError as exc:
            show_error(self.ui.error, exc)
            return
        except DomainError as exc:
            show_error(self.ui.error, exc)
            self._mark(exc)
            return
        self.inquiry_id = inquiry_id
        self.accept()

    def _mark(self, exc: DomainError) -> None:
        """The fields the refusal names, in red, the first one focused."""
        named = [e.field for e in exc.errors if e.field]
        for field in named:
            if field in self.ui.labels:
                self.ui.labels[field].setStyleSheet("color: #b00020")
        if named and named[0] in self.ui.widgets:
            self.ui.widgets[named[0]].setFocus()


def missing_date_text(row: InquiryRow) -> str:
    """The missing date at the precision it was given (2019年, 2019年7月, 2019-07-03)."""
    day = row.missing_date
    if day is None:
        return ""
    if row.missing_date_precision == "year":
        return f"{day.year}年"
    if row.missing_date_precision == "month":
        return f"{day.year}年{day.month}月"
    return day.isoformat()


def _add(session, actor, values, received_on, photo: bytes | None) -> int:  # type: ignore[no-untyped-def]
    """The inquiry and its photo in one transaction: a photo refused keeps neither."""
    inquiry_id = inquiries.add_inquiry(session, actor, values, received_on=received_on).id
    if photo is not None:
        inquiries.set_photo(session, actor, inquiry_id, photo)
    return inquiry_id


def _edit(session, actor, inquiry_id, values, version, photo: bytes | None) -> int:  # type: ignore[no-untyped-def]
    inquiries.edit_inquiry(session, actor, inquiry_id, values, expected_version=version)
    if photo is not None:
        inquiries.set_photo(session, actor, inquiry_id, photo)
    return inquiry_id
